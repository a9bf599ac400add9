// /p/{tenantId}/report-files/{token}: the file a monthly mail's download link names (the mail carries links instead
// of attachments too large for the transport). No credential: the signed, expiring link is one, for one file. An
// expired or unknown link answers a short page in Chinese that says what to do instead.
import { createRoute, z } from "@hono/zod-openapi";
import { PublicLinkParamsSchema } from "#api/openapi";
import { bannerHtml, documentHtml, publicPageSecurityHeaders } from "#api/public-page";
import { newRouter } from "#api/router";
import { chinaDate, chineseDate } from "#core/kernel/china-time";
import type { ReportService } from "#core/reports/report-service";

const html = { "text/html": { schema: z.string() } };

const route = createRoute({
  method: "get",
  path: "/p/{tenantId}/report-files/{token}",
  tags: ["Reports 月度报告"],
  summary: "A monthly report's file through the download link its mail carries (valid 7 days; no credential)",
  security: [],
  request: {
    params: PublicLinkParamsSchema,
  },
  responses: {
    200: {
      description: "The file, as an attachment",
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    404: { description: "No such link (a page saying so)", content: html },
    410: { description: "The link has expired (a page saying where to read the report instead)", content: html },
  },
});

const signIn = "请登录安全生产监管平台，在“月度报告”中查看或下载。";

export function reportLinkRoutes(reports: ReportService) {
  return newRouter().openapi(route, async (c) => {
    const { tenantId, token } = c.req.valid("param");
    const found = await reports.linkedFile(tenantId, token);
    if (found.state === "ok") {
      const { month, name } = found.claims;
      return c.body(ReadableStream.from(found.body), 200, {
        "Content-Type": found.contentType,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(`${month}-${name}`)}`,
        "Cache-Control": "private, no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Robots-Tag": "noindex, nofollow",
      });
    }
    const headers = { ...publicPageSecurityHeaders(), "Cache-Control": "no-store" };
    if (found.state === "expired") {
      const until = chineseDate(chinaDate(new Date(found.claims.expiresAt)));
      return c.body(documentHtml("下载链接已过期", bannerHtml("下载链接已过期", `该链接有效期至${until}。${signIn}`)), 410, headers);
    }
    return c.body(documentHtml("下载链接无效", bannerHtml("下载链接无效", `链接可能不完整或有误。${signIn}`)), 404, headers);
  });
}
