// /v1/coordination-requests: the coordination request list (提请协调清单) a city files to its leader in charge each
// month, and the leader's decision (批示), recorded by one of the named recipients.

import { createRoute, z } from "@hono/zod-openapi";
import { created, idempotencyClaim, ifMatch, optionalJson, pageBody, versioned } from "#api/http";
import {
  authErrors,
  errorResponses,
  IdempotencyHeaderSchema,
  IfMatchHeaderSchema,
  json,
  PageQuerySchema,
  pageOf,
  security,
} from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import {
  CoordinationFilterSchema,
  CoordinationRequestSchema,
  CreateCoordinationRequestSchema,
  DecideSchema,
} from "#core/escalation/coordination-request";
import type { CoordinationService } from "#core/escalation/coordination-service";
import { idPattern } from "#core/kernel/ids";

const tags = ["Escalation 联合攻坚 · 提请协调"];
const IdParam = z.object({
  id: z
    .string()
    .regex(idPattern)
    .meta({ param: { name: "id", in: "path" } }),
});

const routes = {
  create: createRoute({
    method: "post",
    path: "/v1/coordination-requests",
    tags,
    summary: "File a coordination request (提请协调清单) to the city leader in charge: open joint tackling items and own hazards",
    description: "City tenants only (409 `not_a_city`). Unknown, closed or resolved items are 422, all listed at once.",
    security,
    request: {
      headers: IdempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: CreateCoordinationRequestSchema } } },
    },
    responses: { 201: json(CoordinationRequestSchema, "Filed"), ...errorResponses(400, ...authErrors, 409, 415, 422) },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/coordination-requests",
    tags,
    summary: "Coordination requests, newest first, by month and state",
    security,
    request: { query: PageQuerySchema.extend(CoordinationFilterSchema.shape) },
    responses: {
      200: json(pageOf(CoordinationRequestSchema, "CoordinationRequestPage"), "A page of requests"),
      ...errorResponses(400, ...authErrors),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/coordination-requests/{id}",
    tags,
    summary: "A coordination request with the leader's decision",
    security,
    request: { params: IdParam },
    responses: { 200: json(CoordinationRequestSchema, "The request"), ...errorResponses(400, ...authErrors, 404) },
  }),
  decide: createRoute({
    method: "post",
    path: "/v1/coordination-requests/{id}/decision",
    tags,
    summary: "Record the leader's decision (批示), on the whole and on single items: by a recipient only, once",
    description: "403 `not_a_recipient` for anyone not named in leader.recipients; 409 once decided.",
    security,
    request: {
      params: IdParam,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: DecideSchema } } },
    },
    responses: { 200: json(CoordinationRequestSchema, "Decided"), ...errorResponses(400, ...authErrors, 404, 409, 412, 415, 422) },
  }),
};

export function coordinationRequestRoutes(service: CoordinationService) {
  return newRouter()
    .openapi(routes.create, async (c) => {
      const body = c.req.valid("json");
      const outcome = await service.create(requestContext(c), body, idempotencyClaim(c, body));
      return c.json(created(c, "/v1/coordination-requests", outcome), 201);
    })
    .openapi(routes.list, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      return c.json(pageBody(await service.list(requestContext(c), filter, { limit, cursor })), 200);
    })
    .openapi(routes.get, async (c) => versioned(c, await service.get(requestContext(c), c.req.valid("param").id)))
    .openapi(routes.decide, async (c) =>
      versioned(c, await service.decide(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    );
}
