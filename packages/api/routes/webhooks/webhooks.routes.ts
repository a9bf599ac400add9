// /v1/webhooks: a tenant-admin registers endpoints that receive a signed notice of each change (Standard Webhooks;
// docs/webhooks.md), reads their delivery logs and replays deliveries. The secret is answered only by the create and
// by a rotation.
import { createRoute, z } from "@hono/zod-openapi";
import { created, idempotencyClaim, ifMatch, pageBody, versioned } from "#api/http";
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
import { newRouter, requestContext } from "#api/router";
import { idSource } from "#core/kernel/ids";
import { WebhookDeliverySchema } from "#core/webhooks/webhook-delivery";
import {
  CreateWebhookEndpointSchema,
  ReplaySinceSchema,
  UpdateWebhookEndpointSchema,
  WebhookEndpointSchema,
} from "#core/webhooks/webhook-endpoint";
import type { WebhookService } from "#core/webhooks/webhook-service";

const tags = ["Webhooks 事件推送"];
const Endpoint = WebhookEndpointSchema.meta({ id: "WebhookEndpoint" });
const WithSecret = WebhookEndpointSchema.extend({
  secret: z.string().optional().openapi({
    description: "The signing secret (`whsec_…`). Shown only in this answer; an idempotent replay omits it.",
  }),
}).meta({ id: "WebhookEndpointWithSecret" });
const Delivery = WebhookDeliverySchema.meta({ id: "WebhookDelivery" });
const IdParam = idPathParam("A webhook endpoint id");
const DeliveryParams = z.object({
  id: z
    .string()
    .regex(new RegExp(`^${idSource}$`))
    .meta({ param: { name: "id", in: "path" } }),
  deliveryId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .meta({ param: { name: "deliveryId", in: "path" }, description: "A delivery's id (from the log)" }),
});
const writeErrors = errorResponses(400, ...authErrors, 404, 409, 412, 413, 415, 422);
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

const routes = {
  create: createRoute({
    method: "post",
    path: "/v1/webhooks",
    tags,
    summary: "Register a webhook endpoint (tenant-admin); the secret is shown this once",
    security,
    request: { headers: IdempotencyHeaderSchema, body: body(CreateWebhookEndpointSchema.meta({ id: "CreateWebhookEndpoint" })) },
    responses: {
      201: json(WithSecret, "Registered; `secret` is shown this once"),
      ...errorResponses(400, ...authErrors, 409, 413, 415, 422),
    },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/webhooks",
    tags,
    summary: "List the tenant's webhook endpoints (tenant-admin)",
    security,
    request: { query: PageQuerySchema },
    responses: { 200: json(pageOf(Endpoint, "WebhookEndpointPage"), "A page of endpoints"), ...errorResponses(400, ...authErrors) },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/webhooks/{id}",
    tags,
    summary: "Read a webhook endpoint, never its secret (tenant-admin)",
    security,
    request: { params: IdParam },
    responses: { 200: json(Endpoint, "The endpoint"), ...errorResponses(400, ...authErrors, 404) },
  }),
  update: createRoute({
    method: "patch",
    path: "/v1/webhooks/{id}",
    tags,
    summary: "Change, disable or enable a webhook endpoint (tenant-admin); enabling clears the failure state",
    security,
    request: {
      params: IdParam,
      headers: IfMatchHeaderSchema,
      body: body(UpdateWebhookEndpointSchema.meta({ id: "UpdateWebhookEndpoint" })),
    },
    responses: { 200: json(Endpoint, "The changed endpoint"), ...writeErrors },
  }),
  delete: createRoute({
    method: "delete",
    path: "/v1/webhooks/{id}",
    tags,
    summary: "Delete a webhook endpoint (tenant-admin)",
    security,
    request: { params: IdParam, headers: IfMatchHeaderSchema },
    responses: { 204: { description: "Deleted" }, ...errorResponses(400, ...authErrors, 404, 412) },
  }),
  rotate: createRoute({
    method: "post",
    path: "/v1/webhooks/{id}/secret/rotate",
    tags,
    summary: "Rotate the signing secret (tenant-admin): the new one is shown once; the old one signs too for 24 h",
    security,
    request: { params: IdParam, headers: IfMatchHeaderSchema },
    responses: {
      200: json(WithSecret, "The endpoint with its new secret, shown this once"),
      ...errorResponses(400, ...authErrors, 404, 412),
    },
  }),
  deliveries: createRoute({
    method: "get",
    path: "/v1/webhooks/{id}/deliveries",
    tags,
    summary: "An endpoint's delivery log, newest change first, each with its tries (tenant-admin)",
    security,
    request: { params: IdParam, query: PageQuerySchema },
    responses: { 200: json(pageOf(Delivery, "WebhookDeliveryPage"), "A page of deliveries"), ...errorResponses(400, ...authErrors, 404) },
  }),
  replayDelivery: createRoute({
    method: "post",
    path: "/v1/webhooks/{id}/deliveries/{deliveryId}/replay",
    tags,
    summary: "Send one delivery again, with the same webhook-id and new tries (tenant-admin)",
    security,
    request: { params: DeliveryParams },
    responses: { 202: json(Delivery, "Queued; the delivery as it stands"), ...errorResponses(400, ...authErrors, 404, 409) },
  }),
  replaySince: createRoute({
    method: "post",
    path: "/v1/webhooks/{id}/replay",
    tags,
    summary: "Deliver every matching change since a cursor to this endpoint again (tenant-admin)",
    security,
    request: { params: IdParam, body: body(ReplaySinceSchema.meta({ id: "ReplayWebhookChanges" })) },
    responses: {
      202: json(
        z.object({ since: z.string(), before: z.string().meta({ description: "The feed position the replay reads up to" }) }).meta({
          id: "WebhookReplayAccepted",
        }),
        "Queued",
      ),
      ...errorResponses(400, ...authErrors, 404, 409, 413, 415),
    },
  }),
};

export function webhookRoutes(webhooks: WebhookService) {
  return newRouter()
    .openapi(routes.create, async (c) => {
      const input = c.req.valid("json");
      const outcome = await webhooks.create(requestContext(c), input, idempotencyClaim(c, input));
      c.header("Cache-Control", "no-store");
      return c.json(created(c, "/v1/webhooks", outcome), 201);
    })
    .openapi(routes.list, async (c) => c.json(pageBody(await webhooks.list(requestContext(c), c.req.valid("query"))), 200))
    .openapi(routes.get, async (c) => versioned(c, await webhooks.get(requestContext(c), c.req.valid("param").id)))
    .openapi(routes.update, async (c) => {
      const changed = await webhooks.update(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c));
      return versioned(c, changed);
    })
    .openapi(routes.delete, async (c) => {
      await webhooks.delete(requestContext(c), c.req.valid("param").id, ifMatch(c));
      return c.body(null, 204);
    })
    .openapi(routes.rotate, async (c) => {
      const rotated = await webhooks.rotateSecret(requestContext(c), c.req.valid("param").id, ifMatch(c));
      c.header("Cache-Control", "no-store");
      return versioned(c, rotated);
    })
    .openapi(routes.deliveries, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(pageBody(await webhooks.deliveries(requestContext(c), c.req.valid("param").id, { limit, cursor })), 200);
    })
    .openapi(routes.replayDelivery, async (c) => {
      const { id, deliveryId } = c.req.valid("param");
      return c.json(await webhooks.replayDelivery(requestContext(c), id, deliveryId), 202);
    })
    .openapi(routes.replaySince, async (c) => {
      return c.json(await webhooks.replaySince(requestContext(c), c.req.valid("param").id, c.req.valid("json")), 202);
    });
}
