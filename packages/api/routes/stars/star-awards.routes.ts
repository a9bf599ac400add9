// /v1/star-awards: the awarded stars by town, star, scheme and state, and their export (.xlsx or CSV);
// /v1/enterprises/{id}/stars: the stars a unit holds now (suspended ones shown as such) and its star history;
// /v1/star-awards/{id}/revoke and /reinstate: an official's decision on a held (or suspended) star.
import { createRoute } from "@hono/zod-openapi";
import { ifMatch, optionalJson, pageBody, versioned } from "#api/http";
import {
  authErrors,
  errorResponses,
  exportTooLargeResponse,
  IfMatchHeaderSchema,
  idPathParam,
  json,
  PageQuerySchema,
  pageOf,
  SpreadsheetFormatSchema,
  security,
  spreadsheetFile,
} from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { spreadsheetDownload } from "#api/spreadsheet-download";
import { starAwardExportColumns } from "#core/stars/star-award-export";
import {
  EnterpriseStarsSchema,
  ReinstateAwardSchema,
  RevokeAwardSchema,
  StarAwardFilterSchema,
  StarAwardSchema,
  StarAwardSummarySchema,
} from "#core/stars/star-award-record";
import type { StarAwardService } from "#core/stars/star-award-service";

const tags = ["Star ratings 星级评定"];
const AwardIdParam = idPathParam("A star award id");
const stepErrors = errorResponses(400, ...authErrors, 404, 409, 412, 415, 422);

const routes = {
  list: createRoute({
    method: "get",
    path: "/v1/star-awards",
    tags,
    summary: "Awarded stars, newest first: by town, star (label code), scheme and state",
    description: "State as last recorded: a star past its validity is recorded as expired by the weekly refresh.",
    security,
    request: { query: PageQuerySchema.extend(StarAwardFilterSchema.shape) },
    responses: { 200: json(pageOf(StarAwardSummarySchema, "StarAwardPage"), "A page of awards"), ...errorResponses(400, ...authErrors) },
  }),
  export: createRoute({
    method: "get",
    path: "/v1/star-awards/export",
    tags,
    summary: "Export the awarded stars (星级评定名单) as .xlsx or CSV (UTF-8 with BOM); the list filters apply",
    description:
      "Newest first, with the award id, the unit's name and credit code as registered now, town, scheme, star, label code, " +
      "state (as of today: a star past its last valid day reads 已过期), award day, last valid day and plaque number.",
    security,
    request: {
      query: StarAwardFilterSchema.extend({ format: SpreadsheetFormatSchema }),
    },
    responses: { 200: spreadsheetFile, ...errorResponses(400, ...authErrors), ...exportTooLargeResponse },
  }),
  ofEnterprise: createRoute({
    method: "get",
    path: "/v1/enterprises/{id}/stars",
    tags,
    summary: "A unit's stars: those held now (active or suspended) and every award, newest first",
    security,
    request: { params: idPathParam("An enterprise id") },
    responses: { 200: json(EnterpriseStarsSchema, "The unit's stars"), ...errorResponses(400, ...authErrors, 404) },
  }),
  revoke: createRoute({
    method: "post",
    path: "/v1/star-awards/{id}/revoke",
    tags,
    summary: "Revoke a held star (撤销), with the reason; 422 reason_required without one",
    security,
    request: {
      params: AwardIdParam,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: RevokeAwardSchema } } },
    },
    responses: { 200: json(StarAwardSchema, "Revoked"), ...stepErrors },
  }),
  reinstate: createRoute({
    method: "post",
    path: "/v1/star-awards/{id}/reinstate",
    tags,
    summary: "Reinstate a suspended star over the firings seen (恢复); a later firing suspends it again",
    security,
    request: {
      params: AwardIdParam,
      headers: IfMatchHeaderSchema,
      body: { required: false, content: { "application/json": { schema: ReinstateAwardSchema } } },
    },
    responses: { 200: json(StarAwardSchema, "Reinstated (or still suspended by a firing not yet seen)"), ...stepErrors },
  }),
};

export function starAwardRoutes(awards: StarAwardService) {
  return newRouter()
    .openapi(routes.export, async (c) => {
      const { format, ...filter } = c.req.valid("query");
      return spreadsheetDownload(c, awards.exportRows(requestContext(c), filter), {
        format,
        columns: starAwardExportColumns,
        title: "星级评定名单",
        asciiName: "star-awards",
      });
    })
    .openapi(routes.list, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      return c.json(pageBody(await awards.list(requestContext(c), filter, { limit, cursor })), 200);
    })
    .openapi(routes.ofEnterprise, async (c) => c.json(await awards.ofEnterprise(requestContext(c), c.req.valid("param").id), 200))
    .openapi(routes.revoke, async (c) => {
      return versioned(c, await awards.revoke(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c)));
    })
    .openapi(routes.reinstate, async (c) => {
      return versioned(c, await awards.reinstate(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c)));
    });
}
