// /v1/enterprises/{id}/accidents: a unit's production-safety accidents (生产安全事故), as officials record them.
import { createRoute, z } from "@hono/zod-openapi";
import { authErrors, errorResponses, idPathParam, json, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { AccidentSchema, RecordAccidentSchema } from "#core/register/accident";
import type { AccidentService } from "#core/register/accident-service";

const tags = ["Enterprises 生产经营单位"];
const IdParam = idPathParam("An enterprise id");

const routes = {
  record: createRoute({
    method: "post",
    path: "/v1/enterprises/{id}/accidents",
    tags,
    summary: "Record an accident of the unit (date, dead, injured, source); records never change",
    description: "Star ratings read them: a no-fatal-accident rule, and an accident-recorded trigger suspends the unit's stars at once.",
    security,
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: RecordAccidentSchema } } } },
    responses: { 201: json(AccidentSchema, "Recorded"), ...errorResponses(400, ...authErrors, 404, 415, 422) },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/enterprises/{id}/accidents",
    tags,
    summary: "The unit's accidents, newest first",
    security,
    request: { params: IdParam },
    responses: { 200: json(z.object({ items: z.array(AccidentSchema) }), "The accidents"), ...errorResponses(400, ...authErrors, 404) },
  }),
};

export function accidentRoutes(accidents: AccidentService) {
  return newRouter()
    .openapi(routes.record, async (c) =>
      c.json(await accidents.record(requestContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
    )
    .openapi(routes.list, async (c) => c.json({ items: await accidents.ofEnterprise(requestContext(c), c.req.valid("param").id) }, 200));
}
