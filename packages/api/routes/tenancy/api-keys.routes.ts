// /v1/api-keys: a tenant-admin issues keys for portals (the token is shown once), lists and revokes them.

import { createRoute, z } from "@hono/zod-openapi";
import { createdHeaders, idempotencyClaim, ifMatch, pageBody, versioned } from "#api/http";
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
import { idPattern } from "#core/kernel/ids";
import { ApiKeySchema, CreateApiKeySchema } from "#core/tenancy/api-key";
import type { ApiKeyService } from "#core/tenancy/api-key-service";

const ApiKey = ApiKeySchema.meta({ id: "ApiKey" });
const CreatedApiKey = ApiKeySchema.extend({
  token: z.string().optional().openapi({
    description: "The secret to send as X-Api-Key. Shown only in the first answer; an idempotent replay omits it.",
  }),
}).meta({ id: "CreatedApiKey" });
const IdParam = z.object({
  id: z
    .string()
    .regex(idPattern)
    .openapi({ param: { name: "id", in: "path" } }),
});
const tags = ["API keys 接口密钥"];

const createKey = createRoute({
  method: "post",
  path: "/v1/api-keys",
  tags,
  summary: "Issue an API key for a portal (tenant-admin)",
  security,
  request: {
    headers: IdempotencyHeaderSchema,
    body: { required: true, content: { "application/json": { schema: CreateApiKeySchema.meta({ id: "CreateApiKey" }) } } },
  },
  responses: { 201: json(CreatedApiKey, "Created; `token` is shown this once"), ...errorResponses(400, ...authErrors, 409, 413, 415, 422) },
});

const listKeys = createRoute({
  method: "get",
  path: "/v1/api-keys",
  tags,
  summary: "List the tenant's API keys (tenant-admin)",
  security,
  request: { query: PageQuerySchema },
  responses: { 200: json(pageOf(ApiKey, "ApiKeyPage"), "A page of keys, oldest first"), ...errorResponses(400, ...authErrors) },
});

const getKey = createRoute({
  method: "get",
  path: "/v1/api-keys/{id}",
  tags,
  summary: "Read an API key, with its last-used time (tenant-admin)",
  security,
  request: { params: IdParam },
  responses: { 200: json(ApiKey, "The key (never its secret)"), ...errorResponses(400, ...authErrors, 404) },
});

const revokeKey = createRoute({
  method: "delete",
  path: "/v1/api-keys/{id}",
  tags,
  summary: "Revoke an API key (tenant-admin); the record stays for the audit trail",
  security,
  request: { params: IdParam, headers: IfMatchHeaderSchema },
  responses: { 200: json(ApiKey, "The revoked key"), ...errorResponses(400, ...authErrors, 404, 412) },
});

export function apiKeyRoutes(apiKeys: ApiKeyService, onRevoked: (id: string) => void) {
  return newRouter()
    .openapi(createKey, async (c) => {
      const body = c.req.valid("json");
      const outcome = await apiKeys.create(requestContext(c), body, idempotencyClaim(c, body));
      c.header("Cache-Control", "no-store");
      createdHeaders(c, outcome, `/v1/api-keys/${outcome.body.id}`);
      return c.json(outcome.body, 201);
    })
    .openapi(listKeys, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const page = await apiKeys.list(requestContext(c), { limit, cursor });
      return c.json(pageBody(page), 200);
    })
    .openapi(getKey, async (c) => {
      const key = await apiKeys.get(requestContext(c), c.req.valid("param").id);
      return versioned(c, key);
    })
    .openapi(revokeKey, async (c) => {
      const { id } = c.req.valid("param");
      const key = await apiKeys.revoke(requestContext(c), id, ifMatch(c));
      onRevoked(id);
      return versioned(c, key);
    });
}
