// /p/{tenantId}/export-files/{token}: the file of a finished export, through the link GET /v1/exports/{id} answers.
// No credential: the signed link, valid 15 minutes, is one, for one file. A link past its time answers 410, one the
// platform did not make (or whose file is gone) 404, both as the API's errors.
import { createRoute, z } from "@hono/zod-openapi";
import { errorBody } from "#api/error-handler";
import { ErrorSchema, PublicLinkParamsSchema } from "#api/openapi";
import { newRouter } from "#api/router";
import type { ExportService } from "#core/exports/export-service";
import { DomainError, errors } from "#core/kernel/errors";

const route = createRoute({
  method: "get",
  path: "/p/{tenantId}/export-files/{token}",
  tags: ["Import and export 导入导出"],
  summary: "An export's file through the download link GET /v1/exports/{id} gives (valid 15 minutes; no credential)",
  security: [],
  request: {
    params: PublicLinkParamsSchema,
  },
  responses: {
    200: {
      description: "The file, as an attachment (.xlsx, or CSV in UTF-8 with a BOM)",
      content: {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
        "text/csv": { schema: z.string() },
      },
    },
    404: { description: "No such link, or its file is gone", content: { "application/json": { schema: ErrorSchema } } },
    410: {
      description: "The link has expired: GET the export again for a new one",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

export function exportFileRoutes(exports: ExportService) {
  return newRouter().openapi(route, async (c) => {
    const { tenantId, token } = c.req.valid("param");
    const found = await exports.linkedFile(tenantId, token);
    c.header("Cache-Control", "private, no-store");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Robots-Tag", "noindex, nofollow");
    if (found.state === "ok") {
      return c.body(ReadableStream.from(found.body), 200, {
        "Content-Type": found.contentType,
        "Content-Disposition": `attachment; filename="${found.asciiName}"; filename*=UTF-8''${encodeURIComponent(found.fileName)}`,
      });
    }
    if (found.state === "expired") {
      const gone = errors.gone(
        "export_link_expired",
        { zh: "下载链接已过期，请重新获取导出任务以得到新的链接", en: "The download link has expired; GET the export again for a new one" },
        { expiresAt: found.expiresAt },
      );
      return c.json(errorBody(c, gone), 410);
    }
    const unknown = new DomainError("not_found", "export_link_unknown", {
      zh: "下载链接无效：可能不完整、有误，或文件已删除",
      en: "Unknown download link: incomplete, mistyped, or its file is gone",
    });
    return c.json(errorBody(c, unknown), 404);
  });
}
