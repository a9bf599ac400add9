// /v1/key-hazard-lists: the key hazard lists (重点隐患清单) departments publish each half month — publish, list, read
// (each hazard as published and as it stands now), export.

import { createRoute, z } from "@hono/zod-openapi";
import { createdHeaders, idempotencyClaim, pageBody } from "#api/http";
import {
  authErrors,
  errorResponses,
  exportTooLargeResponse,
  IdempotencyHeaderSchema,
  json,
  PageQuerySchema,
  pageOf,
  security,
  spreadsheetFile,
} from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { spreadsheetDownload } from "#api/spreadsheet-download";
import { HazardSummarySchema, hazardStates } from "#core/hazards/hazard";
import { hazardExportColumns } from "#core/hazards/hazard-export";
import {
  KeyHazardListFilterSchema,
  KeyHazardListSchema,
  KeyHazardListSummarySchema,
  PublishKeyHazardListSchema,
} from "#core/hazards/key-hazard-list";
import type { KeyHazardListService } from "#core/hazards/key-hazard-list-service";
import { idPattern } from "#core/kernel/ids";

const tags = ["Hazards 隐患清单"];
const IdParam = z.object({
  id: z
    .string()
    .regex(idPattern)
    .meta({ param: { name: "id", in: "path" } }),
});
const View = KeyHazardListSchema.extend({
  hazards: z.array(
    HazardSummarySchema.extend({
      now: z
        .object({ state: z.enum(hazardStates), deadline: z.string().nullable(), overdue: z.boolean() })
        .nullable()
        .meta({ description: "How the hazard stands now" }),
    }),
  ),
}).meta({ id: "KeyHazardListView" });

const routes = {
  publish: createRoute({
    method: "post",
    path: "/v1/key-hazard-lists",
    tags,
    summary: "Publish a department's key hazard list (重点隐患清单) for a half month: one per department and half month",
    description:
      "In the department's name only: its members (the token's departments claim, or a membership the tenant-admin " +
      "recorded at /v1/departments/{department}/members), a tenant-admin, or an API key issued for the department; " +
      "anyone else is 403 not_department_member naming the department.",
    security,
    request: {
      headers: IdempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: PublishKeyHazardListSchema } } },
    },
    responses: { 201: json(View, "Published"), ...errorResponses(400, ...authErrors, 409, 415, 422) },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/key-hazard-lists",
    tags,
    summary: "Key hazard lists, newest half month first, by half month and department",
    security,
    request: { query: PageQuerySchema.extend(KeyHazardListFilterSchema.shape) },
    responses: {
      200: json(pageOf(KeyHazardListSummarySchema, "KeyHazardListPage"), "A page of lists"),
      ...errorResponses(400, ...authErrors),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/key-hazard-lists/{id}",
    tags,
    summary: "A key hazard list: each hazard as published, and how it stands now",
    security,
    request: { params: IdParam },
    responses: { 200: json(View, "The list"), ...errorResponses(400, ...authErrors, 404) },
  }),
  export: createRoute({
    method: "get",
    path: "/v1/key-hazard-lists/{id}/export",
    tags,
    summary: "Export a key hazard list's hazards as they stand now (.xlsx or CSV with BOM)",
    security,
    request: { params: IdParam, query: z.object({ format: z.enum(["xlsx", "csv"]).default("xlsx") }) },
    responses: {
      200: spreadsheetFile,
      ...errorResponses(400, ...authErrors, 404),
      ...exportTooLargeResponse,
    },
  }),
};

export function keyHazardListRoutes(lists: KeyHazardListService) {
  return newRouter()
    .openapi(routes.publish, async (c) => {
      const body = c.req.valid("json");
      const outcome = await lists.publish(requestContext(c), body, idempotencyClaim(c, body));
      createdHeaders(c, outcome, `/v1/key-hazard-lists/${outcome.body.id}`);
      return c.json(outcome.body, 201);
    })
    .openapi(routes.list, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      return c.json(pageBody(await lists.list(requestContext(c), filter, { limit, cursor })), 200);
    })
    .openapi(routes.get, async (c) => c.json(await lists.get(requestContext(c), c.req.valid("param").id), 200))
    .openapi(routes.export, async (c) =>
      spreadsheetDownload(c, lists.exportRows(requestContext(c), c.req.valid("param").id), {
        format: c.req.valid("query").format,
        columns: hazardExportColumns.hazards,
        title: "重点隐患清单",
        asciiName: "key-hazards",
      }),
    );
}
