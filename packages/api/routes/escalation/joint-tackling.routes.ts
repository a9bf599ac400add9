// The joint tackling list (联合攻坚清单) between a district and its parent city: the district escalates a hazard
// (`POST /v1/hazards/{id}/escalate`), withdraws it or comments; the city lists what its districts escalated,
// assigns a department, comments, resolves or returns. `/proposals`: what the overdue rule proposes to escalate.
import { createRoute, z } from "@hono/zod-openapi";
import { etag, ifMatch, optionalJson, pageBody, versioned } from "#api/http";
import {
  authErrors,
  errorResponses,
  exportTooLargeResponse,
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
  CityAssignSchema,
  CommentSchema,
  EscalateSchema,
  JointTacklingFilterSchema,
  JointTacklingIdSchema,
  JointTacklingSchema,
  jointTacklingExportColumns,
  ResolveSchema,
  ReturnSchema,
  WithdrawSchema,
} from "#core/escalation/joint-tackling";
import type { JointTacklingService } from "#core/escalation/joint-tackling-service";
import { HazardIdSchema, HazardSummarySchema } from "#core/hazards/hazard";

const tags = ["Escalation 联合攻坚 · 提请协调"];
const IdParam = z.object({ id: JointTacklingIdSchema.meta({ param: { name: "id", in: "path" } }) });
const writeErrors = errorResponses(400, ...authErrors, 404, 409, 412, 415, 422);
const sides =
  "Callable by the district the item came from or by its parent city; any other tenant gets 404. " +
  "A step not allowed to the caller's side in the item's state is 409 `illegal_transition` with `details.allowed`.";

function step(action: string, summary: string, schema: z.ZodType) {
  return createRoute({
    method: "post",
    path: `/v1/joint-tackling/{id}/${action}`,
    tags,
    summary,
    description: sides,
    security,
    request: { params: IdParam, headers: IfMatchHeaderSchema, body: { required: true, content: { "application/json": { schema } } } },
    responses: { 200: json(JointTacklingSchema, "The item after the step"), ...writeErrors },
  });
}

const routes = {
  escalate: createRoute({
    method: "post",
    path: "/v1/hazards/{id}/escalate",
    tags,
    summary: "Escalate a hazard to the parent city's joint tackling list (联合攻坚清单), with the reason and what is needed",
    description:
      "District tenants only (409 `no_parent_tenant` otherwise). The hazard and the city's item change in one transaction. " +
      "If-Match is the hazard's version. 201 the first time; escalating again after a return or withdrawal is 200.",
    security,
    request: {
      params: z.object({ id: HazardIdSchema.meta({ param: { name: "id", in: "path" } }) }),
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: EscalateSchema } } },
    },
    responses: {
      200: json(JointTacklingSchema, "Escalated again"),
      201: json(JointTacklingSchema, "Escalated"),
      ...writeErrors,
    },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/joint-tackling",
    tags,
    summary: "A city: the items its districts escalated (newest first); a district: its own items at the city",
    security,
    request: { query: PageQuerySchema.extend(JointTacklingFilterSchema.shape) },
    responses: {
      200: json(pageOf(JointTacklingSchema, "JointTacklingPage"), "A page of items"),
      ...errorResponses(400, ...authErrors, 409),
    },
  }),
  export: createRoute({
    method: "get",
    path: "/v1/joint-tackling/export",
    tags,
    summary: "Export the joint tackling list (联合攻坚清单) as .xlsx or CSV (UTF-8 with BOM); the list filters apply",
    description: "A city: its districts' items; a district: its own. E.g. a month: from=2026-11-01&to=2026-11-30.",
    security,
    request: {
      query: JointTacklingFilterSchema.extend({ format: SpreadsheetFormatSchema }),
    },
    responses: { 200: spreadsheetFile, ...errorResponses(400, ...authErrors, 409), ...exportTooLargeResponse },
  }),
  proposals: createRoute({
    method: "get",
    path: "/v1/joint-tackling/proposals",
    tags,
    summary: "Hazards the rule proposes to escalate: major, overdue by settings.escalateMajorOverdueDays or more, not escalated",
    description: "District tenants only. Longest overdue first.",
    security,
    request: { query: PageQuerySchema },
    responses: {
      200: json(
        z.object({
          rule: z.object({ majorOverdueDays: z.number().int() }),
          items: z.array(HazardSummarySchema.extend({ overdue: z.boolean(), overdueDays: z.number().int() })),
          nextCursor: z.string().nullable(),
        }),
        "The proposals",
      ),
      ...errorResponses(400, ...authErrors, 409),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/joint-tackling/{id}",
    tags,
    summary: "An item: the hazard as escalated, the request, the city's department and answer, history and comments",
    description: sides,
    security,
    request: { params: IdParam },
    responses: { 200: json(JointTacklingSchema, "The item"), ...errorResponses(400, ...authErrors, 404) },
  }),
  comment: createRoute({
    method: "post",
    path: "/v1/joint-tackling/{id}/comments",
    tags,
    summary: "Comment (either side) while the item is open",
    description: sides,
    security,
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: CommentSchema } } } },
    responses: { 200: json(JointTacklingSchema, "The item with the comment"), ...writeErrors },
  }),
  assign: step("assign", "City: assign (or reassign) a city department", CityAssignSchema),
  resolve: step("resolve", "City: resolve (办结), with what was done", ResolveSchema),
  return: step("return", "City: return to the district (退回), with why", ReturnSchema),
  withdraw: step("withdraw", "District: withdraw the escalation, with why", WithdrawSchema),
};

export function jointTacklingRoutes(service: JointTacklingService) {
  return newRouter()
    .openapi(routes.escalate, async (c) => {
      const { status, item } = await service.escalate(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c));
      c.header("ETag", etag(item.version));
      c.header("Location", `/v1/joint-tackling/${item.id}`);
      return status === 201 ? c.json(item, 201) : c.json(item, 200);
    })
    .openapi(routes.list, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      return c.json(pageBody(await service.list(requestContext(c), filter, { limit, cursor })), 200);
    })
    .openapi(routes.export, async (c) => {
      const { format, ...filter } = c.req.valid("query");
      return spreadsheetDownload(c, service.exportRows(requestContext(c), filter), {
        format,
        columns: jointTacklingExportColumns,
        title: "联合攻坚清单",
        asciiName: "joint-tackling",
      });
    })
    .openapi(routes.proposals, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const found = await service.proposals(requestContext(c), { limit, cursor });
      return c.json({ rule: found.rule, ...pageBody(found) }, 200);
    })
    .openapi(routes.get, async (c) => versioned(c, await service.get(requestContext(c), c.req.valid("param").id)))
    .openapi(routes.comment, async (c) =>
      versioned(c, await service.comment(requestContext(c), c.req.valid("param").id, await optionalJson(c))),
    )
    .openapi(routes.assign, async (c) =>
      versioned(c, await service.assign(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.resolve, async (c) =>
      versioned(c, await service.resolve(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.return, async (c) =>
      versioned(c, await service.return(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.withdraw, async (c) =>
      versioned(c, await service.withdraw(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    );
}
