// /v1/exports: a list written to a file by the worker — for lists too large for their synchronous export (API
// Gateway and Lambda answer at most 6 MB within 30 s) — then followed by id and fetched through a short-lived
// signed link (GET /p/{tenantId}/export-files/{token}, export-files.routes.ts).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "#api/env";
import { createdHeaders, idempotencyClaim, pageBody } from "#api/http";
import { authErrors, errorResponses, IdempotencyHeaderSchema, json, PageQuerySchema, pageOf, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { ExportIdSchema, ExportSchema, type ExportView } from "#core/exports/export-job";
import type { ExportService } from "#core/exports/export-service";
import { CreateExportSchema } from "#core/exports/export-sources";

const tags = ["Import and export 导入导出"];
const Export = ExportSchema.meta({ id: "Export" });
const IdParam = z.object({ id: ExportIdSchema.meta({ param: { name: "id", in: "path" } }) });

const routes = {
  create: createRoute({
    method: "post",
    path: "/v1/exports",
    tags,
    summary: "Export a list to a file in the background (for lists too large to download at once): follow Location",
    description:
      "`list` is enterprises, hazards, key-hazard-list (with keyHazardListId), joint-tackling, star-awards or supervision-targets; " +
      "`filter` is what that list's GET …/export takes as its query (hazards: `list` hazards | rectification too). Needs the list's " +
      "read permission, checked now, and the file is written as the caller. When done, GET /v1/exports/{id} carries a download " +
      "link valid 15 minutes; the job and its file are kept 7 days.",
    security,
    request: {
      headers: IdempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: CreateExportSchema.meta({ id: "CreateExport" }) } } },
    },
    responses: {
      202: json(Export, "Queued; poll Location"),
      ...errorResponses(400, ...authErrors, 404, 409, 415, 422),
    },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/exports",
    tags,
    summary: "The tenant's exports, newest first (those of lists the caller may read: a page may be short, follow nextCursor)",
    security,
    request: { query: PageQuerySchema },
    responses: { 200: json(pageOf(Export, "ExportPage"), "A page of exports"), ...errorResponses(400, ...authErrors) },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/exports/{id}",
    tags,
    summary: "An export: its state, the rows written so far and, when done, a download link valid 15 minutes",
    security,
    request: { params: IdParam },
    responses: { 200: json(Export, "The export"), ...errorResponses(400, ...authErrors, 404) },
  }),
};

/**
 * `publicBaseUrl`: where the links point (`https://api.anquan.example.gov.cn`); default the origin of the request,
 * which is the API's own.
 */
export function exportRoutes(exports: ExportService, publicBaseUrl?: string) {
  const absolute = (c: Context<AppEnv>, view: ExportView): ExportView => {
    if (!view.download) return view;
    const base = publicBaseUrl ?? new URL(c.req.url).origin;
    return { ...view, download: { ...view.download, url: `${base.replace(/\/$/, "")}${view.download.url}` } };
  };
  return newRouter()
    .openapi(routes.create, async (c) => {
      // The service stores the filter as given (the schema's transforms are applied again when the job runs).
      c.req.valid("json");
      const raw: unknown = await c.req.json();
      const outcome = await exports.start(requestContext(c), raw, idempotencyClaim(c, raw));
      createdHeaders(c, outcome, `/v1/exports/${outcome.body.id}`);
      return c.json(outcome.body, 202);
    })
    .openapi(routes.list, async (c) => {
      const page = await exports.list(requestContext(c), c.req.valid("query"));
      const body = pageBody(page);
      return c.json({ ...body, items: body.items.map((view) => absolute(c, view)) }, 200);
    })
    .openapi(routes.get, async (c) => c.json(absolute(c, await exports.get(requestContext(c), c.req.valid("param").id)), 200));
}
