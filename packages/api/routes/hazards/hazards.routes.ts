// /v1/hazards: the hazard list (隐患清单) and its rectification (整改清单) — record, correct, assign (交办), start,
// submit for verification, close (销号) or send back, extend a deadline with a reason; lists by unit, host, town,
// industry, severity, state and overdue.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "#api/env";
import { created, idempotencyClaim, ifMatch, optionalJson, pageBody, versioned } from "#api/http";
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
import { AssessmentIdSchema } from "#core/assessments/assessment";
import {
  AssignHazardSchema,
  CreateHazardSchema,
  ExtendDeadlineSchema,
  FromAssessmentSchema,
  HazardFilterSchema,
  HazardIdSchema,
  HazardSchema,
  HazardSummarySchema,
  PenaltyDecisionSchema,
  RejectHazardSchema,
  TransitionBodySchema,
  UpdateHazardSchema,
} from "#core/hazards/hazard";
import { hazardExportColumns, hazardExportKinds, hazardExportNames } from "#core/hazards/hazard-export";
import { HazardFiguresQuerySchema, HazardFiguresSchema } from "#core/hazards/hazard-figures";
import type { HazardService, HazardView } from "#core/hazards/hazard-service";

const tags = ["Hazards 隐患清单"];
const IdParam = z.object({ id: HazardIdSchema.meta({ param: { name: "id", in: "path" } }) });
const writeErrors = errorResponses(400, ...authErrors, 404, 409, 412, 415, 422);

/**
 * The routes, answering hazards as `HazardView`: with the item a hazard escalated to its city is read with, whose
 * schema the escalation domain gives (app.ts passes it in, so hazards never import escalation).
 */
function routesFor(escalation: z.ZodType) {
  const Out = HazardSchema.extend({
    overdue: z.boolean().meta({ description: "Not closed and past its deadline (Asia/Shanghai)" }),
    escalation: escalation
      .nullable()
      .optional()
      .meta({ description: "GET only: the joint tackling item it was escalated to, with the city's department, answer and comments" }),
  }).meta({
    id: "HazardView",
  });

  const step = (action: string, summary: string, schema: z.ZodType, required: boolean) =>
    createRoute({
      method: "post",
      path: `/v1/hazards/{id}/${action}`,
      tags,
      summary,
      description: "A step of the loop not allowed in the hazard's state is 409 `illegal_transition` with `details.allowed`.",
      security,
      request: { params: IdParam, headers: IfMatchHeaderSchema, body: { required, content: { "application/json": { schema } } } },
      responses: { 200: json(Out, "The hazard after the step"), ...writeErrors },
    });

  return {
    create: createRoute({
      method: "post",
      path: "/v1/hazards",
      tags,
      summary: "Record a hazard found at a unit (town, grid, industry and host come from the register)",
      security,
      request: {
        headers: IdempotencyHeaderSchema,
        body: { required: true, content: { "application/json": { schema: CreateHazardSchema } } },
      },
      responses: { 201: json(Out, "Recorded (state reported)"), ...writeErrors },
    }),
    list: createRoute({
      method: "get",
      path: "/v1/hazards",
      tags,
      summary: "List hazards, newest found first, by unit, host, town, industry, severity, state; overdue=true: longest overdue first",
      security,
      request: { query: PageQuerySchema.extend(HazardFilterSchema.shape) },
      responses: {
        200: json(pageOf(HazardSummarySchema.extend({ overdue: z.boolean() }), "HazardPage"), "A page of hazards"),
        ...errorResponses(400, ...authErrors),
      },
    }),
    fromAssessment: createRoute({
      method: "post",
      path: "/v1/assessments/{id}/hazards",
      tags,
      summary: "Turn a submitted assessment's failed criteria into hazards in one call (each finding at most once)",
      description:
        "Source `assessment`; the criterion and its 扣分原因 as the description; its evidence attached. Again: only what is missing.",
      security,
      request: {
        params: z.object({ id: AssessmentIdSchema.meta({ param: { name: "id", in: "path" } }) }),
        body: { required: false, content: { "application/json": { schema: FromAssessmentSchema } } },
      },
      responses: {
        201: json(
          z.object({
            created: z.array(Out),
            existing: z
              .array(z.object({ criterionId: z.string(), hazardId: z.string().nullable() }))
              .meta({ description: "Findings that already had one" }),
          }),
          "The hazards made, and the findings that already had one",
        ),
        ...writeErrors,
      },
    }),
    export: createRoute({
      method: "get",
      path: "/v1/hazards/export",
      tags,
      summary:
        "Export the hazard list (隐患清单) or the rectification list (整改清单) as .xlsx or CSV (UTF-8 with BOM); list filters apply",
      security,
      request: {
        query: HazardFilterSchema.extend({
          list: z.enum(hazardExportKinds).default("hazards").openapi({ description: "hazards 隐患清单 | rectification 整改清单" }),
          format: SpreadsheetFormatSchema,
        }),
      },
      responses: {
        200: spreadsheetFile,
        ...errorResponses(400, ...authErrors),
        ...exportTooLargeResponse,
      },
    }),
    figures: createRoute({
      method: "get",
      path: "/v1/hazards/figures",
      tags,
      summary: "Dynamic-zeroing figures (动态清零) of the hazards found in a date range: tenant, town or industry",
      description:
        "found, closed, open, overdue (today, Asia/Shanghai), rectification rates (all, major), median days to close — from per-day " +
        "counters kept as hazards change. recount=true counts the hazards themselves instead (reads them all; for checking).",
      security,
      request: { query: HazardFiguresQuerySchema },
      responses: { 200: json(HazardFiguresSchema, "The figures"), ...errorResponses(400, ...authErrors) },
    }),
    get: createRoute({
      method: "get",
      path: "/v1/hazards/{id}",
      tags,
      summary: "A hazard with its rectification, deadline history and every transition",
      security,
      request: { params: IdParam },
      responses: { 200: json(Out, "The hazard"), ...errorResponses(400, ...authErrors, 404) },
    }),
    update: createRoute({
      method: "patch",
      path: "/v1/hazards/{id}",
      tags,
      summary: "Correct category, description, location or severity (before rectification starts)",
      security,
      request: {
        params: IdParam,
        headers: IfMatchHeaderSchema,
        body: { required: true, content: { "application/json": { schema: UpdateHazardSchema } } },
      },
      responses: { 200: json(Out, "The corrected hazard"), ...writeErrors },
    }),
    assign: step("assign", "Assign (交办): measure, responsible person, deadline, funds", AssignHazardSchema, true),
    start: step("start", "Rectification starts", TransitionBodySchema, false),
    submit: step("submit", "Submit the rectification for verification (after-photos as evidence)", TransitionBodySchema, false),
    close: step("close", "Verify and close (销号); a major hazard needs a verifier other than its rectifier", TransitionBodySchema, false),
    reject: step("reject", "Send back to rectifying, with the reason", RejectHazardSchema, true),
    penalty: step(
      "penalty",
      "Record the penalty decision on a minor violation (不予处罚 / 从轻处罚 / 减轻处罚 / 依法处罚) and the credit-repair path told",
      PenaltyDecisionSchema,
      true,
    ),
    extend: step("extend", "Extend the deadline, with a reason (kept in the deadline history)", ExtendDeadlineSchema, true),
  };
}

export function hazardRoutes(hazards: HazardService, escalation: z.ZodType) {
  const routes = routesFor(escalation);
  const answer = (c: Context<AppEnv>, h: HazardView) => versioned(c, h);
  return newRouter()
    .openapi(routes.create, async (c) => {
      const body = c.req.valid("json");
      const outcome = await hazards.create(requestContext(c), body, idempotencyClaim(c, body));
      return c.json(created(c, "/v1/hazards", outcome), 201);
    })
    .openapi(routes.list, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      return c.json(pageBody(await hazards.list(requestContext(c), filter, { limit, cursor })), 200);
    })
    .openapi(routes.fromAssessment, async (c) =>
      c.json(await hazards.fromAssessment(requestContext(c), c.req.valid("param").id, await optionalJson(c)), 201),
    )
    .openapi(routes.export, async (c) => {
      const { list, format, ...filter } = c.req.valid("query");
      const rows = hazards.exportRows(requestContext(c), filter);
      return spreadsheetDownload(c, rows, { format, columns: hazardExportColumns[list], title: hazardExportNames[list], asciiName: list });
    })
    .openapi(routes.figures, async (c) => c.json(await hazards.figures(requestContext(c), c.req.valid("query")), 200))
    .openapi(routes.get, async (c) => answer(c, await hazards.get(requestContext(c), c.req.valid("param").id)))
    .openapi(routes.update, async (c) =>
      answer(c, await hazards.update(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
    )
    .openapi(routes.assign, async (c) =>
      answer(c, await hazards.assign(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.start, async (c) =>
      answer(c, await hazards.start(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.submit, async (c) =>
      answer(c, await hazards.submit(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.close, async (c) =>
      answer(c, await hazards.close(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.reject, async (c) =>
      answer(c, await hazards.reject(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.penalty, async (c) =>
      answer(c, await hazards.decidePenalty(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.extend, async (c) =>
      answer(c, await hazards.extend(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    );
}
