// /v1/enterprises/{id}/sham-flag: the unit's paper-only / sham standardization mark (纸上标准化, 假创建): set on a
// verified assessment's finding, read, and cleared (…/clear) only with a newer verified assessment.
import { createRoute } from "@hono/zod-openapi";
import { authErrors, errorResponses, idPathParam, json, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { ClearShamSchema, FlagShamSchema, ShamFlagSchema } from "#core/stars/sham-flag";
import type { ShamFlagService } from "#core/stars/sham-flag-service";

const tags = ["Star ratings 星级评定"];
const params = idPathParam("An enterprise id");
const path = "/v1/enterprises/{id}/sham-flag";
const writeErrors = errorResponses(400, ...authErrors, 404, 409, 415, 422);

const routes = {
  get: createRoute({
    method: "get",
    path,
    tags,
    summary: "The unit's sham-standardization mark, while one stands (404 otherwise)",
    security,
    request: { params },
    responses: { 200: json(ShamFlagSchema, "The mark"), ...errorResponses(400, ...authErrors, 404) },
  }),
  flag: createRoute({
    method: "put",
    path,
    tags,
    summary: "Mark the unit's standardization as paper-only or sham, on a verified assessment's finding",
    description: "Suspends the unit's stars that have a sham-flagged trigger at once. 409 already_flagged while a mark stands.",
    security,
    request: { params, body: { required: true, content: { "application/json": { schema: FlagShamSchema } } } },
    responses: { 200: json(ShamFlagSchema, "Marked"), ...writeErrors },
  }),
  clear: createRoute({
    method: "post",
    path: `${path}/clear`,
    tags,
    summary: "Clear the mark with a newer verified assessment of the unit (422 assessment_not_newer otherwise)",
    security,
    request: { params, body: { required: true, content: { "application/json": { schema: ClearShamSchema } } } },
    responses: { 204: { description: "Cleared" }, ...writeErrors },
  }),
};

export function shamFlagRoutes(flags: ShamFlagService) {
  return newRouter()
    .openapi(routes.get, async (c) => c.json(await flags.get(requestContext(c), c.req.valid("param").id), 200))
    .openapi(routes.flag, async (c) => c.json(await flags.flag(requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200))
    .openapi(routes.clear, async (c) => {
      await flags.clear(requestContext(c), c.req.valid("param").id, c.req.valid("json"));
      return c.body(null, 204);
    });
}
