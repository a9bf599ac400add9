// /v1/campaigns: campaigns (专项行动) — their definitions (scope, stages and deadlines, key item catalogue, monthly
// themes, liaisons, inspection groups, targets, sampling), the units their scope covers and where each stands, their
// progress per town and stage, their expert visits (findings made hazards in the same call) and verification draws.
import { createRoute, z } from "@hono/zod-openapi";
import { payloadTooLarge } from "#api/error-handler";
import { created, createdHeaders, idempotencyClaim, ifMatch, optionalJson, pageBody, versioned } from "#api/http";
import {
  authErrors,
  errorResponses,
  IdempotencyHeaderSchema,
  IfMatchHeaderSchema,
  idPathParam,
  json,
  PageQuerySchema,
  pageOf,
  security,
} from "#api/openapi";
import { fileBody } from "#api/request-body";
import { newRouter, requestContext } from "#api/router";
import {
  CampaignIdSchema,
  CampaignSchema,
  CampaignSummarySchema,
  CloseCampaignSchema,
  CreateCampaignSchema,
  UpdateCampaignSchema,
} from "#core/campaigns/campaign";
import { CampaignSampleSchema, DrawSampleSchema } from "#core/campaigns/campaign-sample";
import type { CampaignSampleService } from "#core/campaigns/campaign-sample-service";
import type { CampaignService } from "#core/campaigns/campaign-service";
import { CampaignProgressSchema, RecordedVisitSchema, UnitStandingSchema } from "#core/campaigns/campaign-views";
import { type CatalogueRow, catalogueColumns } from "#core/campaigns/catalogue-rows";
import { ExpertVisitSchema, RecordExpertVisitSchema } from "#core/campaigns/expert-visit";
import type { ExpertVisitService } from "#core/campaigns/expert-visit-service";
import { errors, problem } from "#core/kernel/errors";
import { TownIdSchema } from "#core/register/enterprise";
import { detectFormat } from "#tabular/detect";

const tags = ["Campaigns 专项行动"];
const IdParam = idPathParam("A campaign id");
const VisitParams = IdParam.extend({ visitId: CampaignIdSchema.meta({ param: { name: "visitId", in: "path" } }) });
const Flag = z
  .enum(["true", "false"])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === "true"));

/** A catalogue file is small: 500 items at most. */
const maxCatalogueBytes = 2 * 1024 * 1024;
const maxCatalogueRows = 500;

/** The rows of an uploaded catalogue (.xlsx or .csv); the spreadsheet reader is loaded on first use. */
async function catalogueRows(body: ReadableStream<Uint8Array> | null): Promise<CatalogueRow[]> {
  const bytes = body ? new Uint8Array(await new Response(body).arrayBuffer()) : new Uint8Array();
  if (bytes.length > maxCatalogueBytes) throw payloadTooLarge();
  if (bytes.length === 0) throw errors.badRequest("empty_file", { zh: "文件为空", en: "The file is empty" });
  const format = detectFormat(bytes);
  if (!format)
    throw errors.badRequest("unsupported_file", { zh: "只支持 .xlsx 和 .csv 文件", en: "Only .xlsx and .csv files are supported" });
  const { openTable } = await import("#tabular/read");
  const table = await openTable(
    (async function* () {
      yield bytes;
    })(),
    format,
    catalogueColumns,
  );
  const rows: CatalogueRow[] = [];
  for await (const row of table.rows) {
    rows.push(row);
    if (rows.length > maxCatalogueRows)
      throw errors.unprocessable([
        problem("rows", "too_many_items", `重点事项不超过 ${maxCatalogueRows} 条`, `At most ${maxCatalogueRows} items`),
      ]);
  }
  return rows;
}

const routes = {
  importCatalogue: fileBody(
    createRoute({
      method: "put",
      path: "/v1/campaigns/{id}/catalogue",
      tags,
      summary: "Replace the key item catalogue with a spreadsheet's (.xlsx or .csv): 编号, 行业领域, 重点事项 — whole, or not at all",
      description:
        "One item per row; a row without 编号 is numbered K001… in order; the industries are the 行业领域 names, in order of first use. " +
        "Every row's problem is named by its row number (422), and then nothing changes. Needs campaigns:write.",
      security,
      request: {
        params: IdParam,
        headers: IfMatchHeaderSchema,
        body: {
          required: true,
          description: "The file's bytes: .xlsx, or .csv in UTF-8 or GB18030",
          content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
        },
      },
      responses: { 200: json(CampaignSchema, "Replaced"), ...errorResponses(400, ...authErrors, 404, 409, 412, 413, 422) },
    }),
    maxCatalogueBytes,
  ),
  create: createRoute({
    method: "post",
    path: "/v1/campaigns",
    tags,
    summary: "Define a campaign: scope, stages with deadlines, key items, themes, liaisons, groups, targets, sampling",
    description:
      "The scope is resolved into its units at once (`units`, `scopeResolvedAt`). Towns named must be the tenant's and listed units live " +
      "(422 unknown_town, unknown_enterprise); stages come in deadline order, ids are unique, items name listed industries (400). " +
      "Needs campaigns:write.",
    security,
    request: {
      headers: IdempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: CreateCampaignSchema } } },
    },
    responses: { 201: json(CampaignSchema, "Defined"), ...errorResponses(400, ...authErrors, 409, 415, 422) },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/campaigns",
    tags,
    summary: "The tenant's campaigns, newest first",
    security,
    request: { query: PageQuerySchema },
    responses: { 200: json(pageOf(CampaignSummarySchema, "CampaignPage"), "A page of campaigns"), ...errorResponses(400, ...authErrors) },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/campaigns/{id}",
    tags,
    summary: "One campaign's definition",
    security,
    request: { params: IdParam },
    responses: { 200: json(CampaignSchema, "The campaign"), ...errorResponses(400, ...authErrors, 404) },
  }),
  update: createRoute({
    method: "patch",
    path: "/v1/campaigns/{id}",
    tags,
    summary: "Change a campaign: each field given replaces the stored one (a new scope is resolved at once)",
    description: "A closed campaign cannot change (409). Work already in the campaign stays with it. Needs campaigns:write.",
    security,
    request: {
      params: IdParam,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: UpdateCampaignSchema } } },
    },
    responses: { 200: json(CampaignSchema, "Changed"), ...errorResponses(400, ...authErrors, 404, 409, 412, 415, 422) },
  }),
  close: createRoute({
    method: "post",
    path: "/v1/campaigns/{id}/close",
    tags,
    summary: "Close a campaign: no new work joins it; its work, figures and draws stay",
    security,
    request: {
      params: IdParam,
      headers: IfMatchHeaderSchema,
      body: { required: false, content: { "application/json": { schema: CloseCampaignSchema } } },
    },
    responses: { 200: json(CampaignSchema, "Closed"), ...errorResponses(400, ...authErrors, 404, 409, 412, 415) },
  }),
  resolve: createRoute({
    method: "post",
    path: "/v1/campaigns/{id}/scope/resolve",
    tags,
    summary: "Resolve the scope again: units the register gained join; units that left go, or stay marked when work names them",
    security,
    request: { params: IdParam },
    responses: { 200: json(CampaignSchema, "Resolved"), ...errorResponses(400, ...authErrors, 404, 409, 422) },
  }),
  progress: createRoute({
    method: "get",
    path: "/v1/campaigns/{id}/progress",
    tags,
    summary:
      "How far the campaign is per town and stage: units reached, assessed, verified; hazards per key item; visits; deadlines at risk",
    description: "Read from the campaign's own tallies, kept with its work in the same transactions.",
    security,
    request: { params: IdParam },
    responses: { 200: json(CampaignProgressSchema, "The progress"), ...errorResponses(400, ...authErrors, 404) },
  }),
  units: createRoute({
    method: "get",
    path: "/v1/campaigns/{id}/units",
    tags,
    summary: "The units of the campaign with where each stands; `reached=false` lists those never visited (coverage)",
    security,
    request: {
      params: IdParam,
      query: z.object({
        townId: TownIdSchema.optional(),
        reached: Flag.openapi({ description: "true: reached; false: never reached" }),
        mismatch: Flag.openapi({ description: "true: sampled units sent back to assistance" }),
      }),
    },
    responses: {
      200: json(z.object({ items: z.array(UnitStandingSchema) }).openapi("CampaignUnits"), "The units"),
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  recordVisit: createRoute({
    method: "post",
    path: "/v1/campaigns/{id}/expert-visits",
    tags,
    summary: "Record an expert visit (专家服务进企业); each finding becomes a hazard of the unit in the same call",
    description:
      "The unit must be in the campaign's scope (422 not_in_campaign_scope) and the campaign open (422 campaign_closed); findings' key items " +
      "must be in its catalogue (422 unknown_key_item). Should the call fail after the visit was saved, POST …/expert-visits/{visitId}/hazards " +
      "makes the missing hazards. Needs hazards:write and campaigns:read.",
    security,
    request: {
      params: IdParam,
      headers: IdempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: RecordExpertVisitSchema } } },
    },
    responses: { 201: json(RecordedVisitSchema, "Recorded"), ...errorResponses(400, ...authErrors, 404, 409, 415, 422) },
  }),
  visits: createRoute({
    method: "get",
    path: "/v1/campaigns/{id}/expert-visits",
    tags,
    summary: "The campaign's expert visits, newest first",
    security,
    request: { params: IdParam, query: PageQuerySchema },
    responses: { 200: json(pageOf(ExpertVisitSchema, "ExpertVisitPage"), "A page of visits"), ...errorResponses(400, ...authErrors, 404) },
  }),
  visit: createRoute({
    method: "get",
    path: "/v1/campaigns/{id}/expert-visits/{visitId}",
    tags,
    summary: "One expert visit",
    security,
    request: { params: VisitParams },
    responses: { 200: json(ExpertVisitSchema, "The visit"), ...errorResponses(400, ...authErrors, 404) },
  }),
  visitHazards: createRoute({
    method: "post",
    path: "/v1/campaigns/{id}/expert-visits/{visitId}/hazards",
    tags,
    summary: "Make the hazards of a visit's findings that are missing (each finding has one hazard, whatever the calls)",
    security,
    request: { params: VisitParams },
    responses: { 200: json(RecordedVisitSchema, "The visit and its hazards"), ...errorResponses(400, ...authErrors, 404, 422) },
  }),
  draw: createRoute({
    method: "post",
    path: "/v1/campaigns/{id}/samples",
    tags,
    summary: "Draw the verification stage's units (验收抽查): seeded, recorded with its pool, once",
    description:
      "At least `sampling.perTown` units of each town, from its units in scope with an assessment handed in at an earlier stage (all of them " +
      "when fewer). 409 sample_drawn when the stage was drawn; 422 no_sampling without `sampling`. Needs campaigns:write.",
    security,
    request: {
      params: IdParam,
      body: { required: false, content: { "application/json": { schema: DrawSampleSchema } } },
    },
    responses: { 201: json(CampaignSampleSchema, "Drawn"), ...errorResponses(400, ...authErrors, 404, 409, 415, 422) },
  }),
  samples: createRoute({
    method: "get",
    path: "/v1/campaigns/{id}/samples",
    tags,
    summary: "The campaign's draws, with their seeds and pools: anyone can repeat them",
    security,
    request: { params: IdParam },
    responses: {
      200: json(z.object({ items: z.array(CampaignSampleSchema) }).openapi("CampaignSamples"), "The draws"),
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
};

export function campaignRoutes(campaigns: CampaignService, visits: ExpertVisitService, samples: CampaignSampleService) {
  return newRouter()
    .openapi(routes.create, async (c) => {
      const body = c.req.valid("json");
      const outcome = await campaigns.create(requestContext(c), body, idempotencyClaim(c, body));
      return c.json(created(c, "/v1/campaigns", outcome), 201);
    })
    .openapi(routes.list, async (c) => c.json(pageBody(await campaigns.list(requestContext(c), c.req.valid("query"))), 200))
    .openapi(routes.get, async (c) => versioned(c, await campaigns.get(requestContext(c), c.req.valid("param").id)))
    .openapi(routes.importCatalogue, async (c) =>
      versioned(
        c,
        await campaigns.importCatalogue(requestContext(c), c.req.valid("param").id, await catalogueRows(c.req.raw.body), ifMatch(c)),
      ),
    )
    .openapi(routes.update, async (c) =>
      versioned(c, await campaigns.update(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
    )
    .openapi(routes.close, async (c) =>
      versioned(c, await campaigns.close(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.resolve, async (c) => versioned(c, await campaigns.resolveScope(requestContext(c), c.req.valid("param").id)))
    .openapi(routes.progress, async (c) => c.json(await campaigns.progress(requestContext(c), c.req.valid("param").id), 200))
    .openapi(routes.units, async (c) =>
      c.json({ items: await campaigns.units(requestContext(c), c.req.valid("param").id, c.req.valid("query")) }, 200),
    )
    .openapi(routes.recordVisit, async (c) => {
      const body = c.req.valid("json");
      const { id } = c.req.valid("param");
      const outcome = await visits.record(requestContext(c), id, body, idempotencyClaim(c, body));
      createdHeaders(c, outcome, `/v1/campaigns/${id}/expert-visits/${outcome.body.visit.id}`);
      return c.json(outcome.body, 201);
    })
    .openapi(routes.visits, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(pageBody(await visits.list(requestContext(c), id, c.req.valid("query"))), 200);
    })
    .openapi(routes.visit, async (c) => {
      const { id, visitId } = c.req.valid("param");
      return c.json(await visits.get(requestContext(c), id, visitId), 200);
    })
    .openapi(routes.visitHazards, async (c) => {
      const { id, visitId } = c.req.valid("param");
      return c.json(await visits.makeMissingHazards(requestContext(c), id, visitId), 200);
    })
    .openapi(routes.draw, async (c) => {
      const sample = await samples.draw(requestContext(c), c.req.valid("param").id, await optionalJson(c));
      c.header("Location", `/v1/campaigns/${c.req.valid("param").id}/samples`);
      return c.json(sample, 201);
    })
    .openapi(routes.samples, async (c) => c.json({ items: await samples.list(requestContext(c), c.req.valid("param").id) }, 200));
}
