// /v1/enterprises: the base register (底数台账) — create, list with filters, read, change, confirm unchanged,
// soft-delete and restore units; a unit's history and a host's factory-within-factory lessees (厂中厂); and the
// register as a spreadsheet (.xlsx, or CSV with a BOM) in the columns imports read.
import { createRoute, z } from "@hono/zod-openapi";
import { created, idempotencyClaim, ifMatch, pageBody, versioned } from "#api/http";
import {
  authErrors,
  errorResponses,
  exportTooLargeResponse,
  IdempotencyHeaderSchema,
  IfMatchHeaderSchema,
  json,
  PageQuerySchema,
  pageOf,
  SpreadsheetFormatSchema,
  security,
  spreadsheetFile,
} from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { spreadsheetDownload } from "#api/spreadsheet-download";
import {
  CreateEnterpriseSchema,
  EnterpriseChangeSchema,
  EnterpriseFilterSchema,
  EnterpriseIdSchema,
  EnterpriseSchema,
  EnterpriseSummarySchema,
  RestoreEnterpriseSchema,
  UpdateEnterpriseSchema,
} from "#core/register/enterprise";
import type { EnterpriseService } from "#core/register/enterprise-service";
import { registerExportColumns } from "#core/register/register-sheet";

const tags = ["Enterprises 生产经营单位"];
const Enterprise = EnterpriseSchema;
const Summary = EnterpriseSummarySchema.meta({ id: "EnterpriseSummary" });
const IdParam = z.object({ id: EnterpriseIdSchema.meta({ param: { name: "id", in: "path" } }) });
const ListQuery = PageQuerySchema.extend(EnterpriseFilterSchema.shape);
const writeErrors = errorResponses(400, ...authErrors, 404, 409, 412, 413, 415, 422);

const LesseesSchema = z
  .object({
    host: Summary,
    counts: z.object({
      total: z.number().int(),
      byRiskLevel: z.record(z.string(), z.number().int()).openapi({ description: "red/orange/yellow/blue/none → count" }),
    }),
    items: z.array(Summary),
    nextCursor: z.string().nullable(),
  })
  .openapi("Lessees");

/** The export sits with the import in the docs, where officials look for both. */
const exportTags = ["Import and export 导入导出"];

const routes = {
  export: createRoute({
    method: "get",
    path: "/v1/enterprises/export",
    tags: exportTags,
    summary: "Export the register (list filters apply) as .xlsx or CSV (UTF-8 with BOM, opens in Excel and WPS)",
    description: "The columns and headers are the import's, so an exported file imports back unchanged.",
    security,
    request: {
      query: EnterpriseFilterSchema.extend({ format: SpreadsheetFormatSchema }),
    },
    responses: {
      200: spreadsheetFile,
      ...errorResponses(400, ...authErrors),
      ...exportTooLargeResponse,
    },
  }),
  create: createRoute({
    method: "post",
    path: "/v1/enterprises",
    tags,
    summary: "Register a unit (enterprise or nine-small venue)",
    description: "The credit code is unique in the tenant: a duplicate is 409 `credit_code_taken` naming the registered unit.",
    security,
    request: {
      headers: IdempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: CreateEnterpriseSchema.meta({ id: "CreateEnterprise" }) } } },
    },
    responses: { 201: json(Enterprise, "Registered"), ...writeErrors },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/enterprises",
    tags,
    summary: "List units by name, with filters (AND); a page may be short when filters are sparse — follow nextCursor",
    security,
    request: { query: ListQuery },
    responses: { 200: json(pageOf(Summary, "EnterprisePage"), "A page of units, by name"), ...errorResponses(400, ...authErrors) },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/enterprises/{id}",
    tags,
    summary: "Read a unit (deleted units too: see deletedAt)",
    security,
    request: { params: IdParam },
    responses: { 200: json(Enterprise, "The unit; ETag carries its version"), ...errorResponses(400, ...authErrors, 404) },
  }),
  update: createRoute({
    method: "patch",
    path: "/v1/enterprises/{id}",
    tags,
    summary: "Change a unit (fields given are replaced; null clears)",
    security,
    request: {
      params: IdParam,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: UpdateEnterpriseSchema.meta({ id: "UpdateEnterprise" }) } } },
    },
    responses: { 200: json(Enterprise, "The changed unit"), ...writeErrors },
  }),
  confirm: createRoute({
    method: "post",
    path: "/v1/enterprises/{id}/confirm",
    tags,
    summary: "Confirm the record is still true (核实): resets its staleness for the weekly update",
    security,
    request: { params: IdParam, headers: IfMatchHeaderSchema },
    responses: { 200: json(Enterprise, "The confirmed unit"), ...writeErrors },
  }),
  remove: createRoute({
    method: "delete",
    path: "/v1/enterprises/{id}",
    tags,
    summary: "Delete a unit (soft: it leaves lists, keeps its history and can be restored)",
    description: "A host with lessees cannot be deleted: 409 `host_has_lessees`.",
    security,
    request: { params: IdParam, headers: IfMatchHeaderSchema },
    responses: { 200: json(Enterprise, "The deleted unit (deletedAt set)"), ...writeErrors },
  }),
  restore: createRoute({
    method: "post",
    path: "/v1/enterprises/{id}/restore",
    tags,
    summary: "Restore a deleted unit (optionally into another town/grid, or without its host, when those are gone)",
    security,
    request: {
      params: IdParam,
      body: { required: false, content: { "application/json": { schema: RestoreEnterpriseSchema.meta({ id: "RestoreEnterprise" }) } } },
    },
    responses: { 200: json(Enterprise, "The restored unit"), ...writeErrors },
  }),
  history: createRoute({
    method: "get",
    path: "/v1/enterprises/{id}/history",
    tags,
    summary: "Every change to a unit, newest first",
    security,
    request: { params: IdParam, query: PageQuerySchema },
    responses: {
      200: json(pageOf(EnterpriseChangeSchema.meta({ id: "EnterpriseChange" }), "EnterpriseHistoryPage"), "A page of changes"),
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  lessees: createRoute({
    method: "get",
    path: "/v1/enterprises/{id}/lessees",
    tags,
    summary: "A host's factory-within-factory lessees (厂中厂), with their counts by risk level",
    security,
    request: { params: IdParam, query: PageQuerySchema },
    responses: { 200: json(LesseesSchema, "The host, counts and a page of lessees"), ...errorResponses(400, ...authErrors, 404) },
  }),
};

export function enterpriseRoutes(enterprises: EnterpriseService) {
  return (
    newRouter()
      // Before /v1/enterprises/{id}, which would take "export" for an id.
      .openapi(routes.export, async (c) => {
        const { format, ...filter } = c.req.valid("query");
        return spreadsheetDownload(c, enterprises.exportRows(requestContext(c), filter), {
          format,
          columns: registerExportColumns,
          title: "企业台账",
          asciiName: "register",
        });
      })
      .openapi(routes.create, async (c) => {
        const body = c.req.valid("json");
        const outcome = await enterprises.create(requestContext(c), body, idempotencyClaim(c, body));
        return c.json(created(c, "/v1/enterprises", outcome), 201);
      })
      .openapi(routes.list, async (c) => {
        const { limit, cursor, ...filter } = c.req.valid("query");
        const page = await enterprises.list(requestContext(c), filter, { limit, cursor });
        return c.json(pageBody(page), 200);
      })
      .openapi(routes.get, async (c) => {
        const unit = await enterprises.get(requestContext(c), c.req.valid("param").id);
        return versioned(c, unit);
      })
      .openapi(routes.update, async (c) => {
        const { id } = c.req.valid("param");
        const unit = await enterprises.update(requestContext(c), id, c.req.valid("json"), ifMatch(c));
        return versioned(c, unit);
      })
      .openapi(routes.confirm, async (c) => {
        const unit = await enterprises.confirm(requestContext(c), c.req.valid("param").id, ifMatch(c));
        return versioned(c, unit);
      })
      .openapi(routes.remove, async (c) => {
        const unit = await enterprises.remove(requestContext(c), c.req.valid("param").id, ifMatch(c));
        return versioned(c, unit);
      })
      .openapi(routes.restore, async (c) => {
        const unit = await enterprises.restore(requestContext(c), c.req.valid("param").id, c.req.valid("json"));
        return versioned(c, unit);
      })
      .openapi(routes.history, async (c) => {
        const { limit, cursor } = c.req.valid("query");
        const page = await enterprises.history(requestContext(c), c.req.valid("param").id, { limit, cursor });
        return c.json(pageBody(page), 200);
      })
      .openapi(routes.lessees, async (c) => {
        const { limit, cursor } = c.req.valid("query");
        const result = await enterprises.lessees(requestContext(c), c.req.valid("param").id, { limit, cursor });
        return c.json({ host: result.host, counts: result.counts, ...pageBody(result.page) }, 200);
      })
  );
}
