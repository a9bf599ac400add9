// /v1/tenants: platform operators create, list, read and change tenants (suspend, rename, recipients).
import { createRoute, z } from "@hono/zod-openapi";
import { created, idempotencyClaim, ifMatch, pageBody, versioned } from "#api/http";
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
import { CreateTenantSchema, TenantIdSchema, type Tenant as TenantRecord, TenantSchema, UpdateTenantSchema } from "#core/tenancy/tenant";
import type { TenantService } from "#core/tenancy/tenant-service";

const Tenant = TenantSchema.meta({ id: "Tenant" });
const IdParam = z.object({ id: TenantIdSchema.meta({ param: { name: "id", in: "path" } }) });

const createTenant = createRoute({
  method: "post",
  path: "/v1/tenants",
  tags: ["Tenants 租户"],
  summary: "Create a tenant (platform-admin)",
  security,
  request: {
    headers: IdempotencyHeaderSchema,
    body: { required: true, content: { "application/json": { schema: CreateTenantSchema.meta({ id: "CreateTenant" }) } } },
  },
  responses: { 201: json(Tenant, "Created"), ...errorResponses(400, ...authErrors, 409, 413, 415, 422) },
});

const listTenants = createRoute({
  method: "get",
  path: "/v1/tenants",
  tags: ["Tenants 租户"],
  summary: "List tenants by id (platform-admin)",
  security,
  request: { query: PageQuerySchema },
  responses: { 200: json(pageOf(Tenant, "TenantPage"), "A page of tenants"), ...errorResponses(400, ...authErrors) },
});

const getTenant = createRoute({
  method: "get",
  path: "/v1/tenants/{id}",
  tags: ["Tenants 租户"],
  summary: "Read a tenant (platform-admin)",
  security,
  request: { params: IdParam },
  responses: { 200: json(Tenant, "The tenant; ETag carries its version"), ...errorResponses(400, ...authErrors, 404) },
});

const updateTenant = createRoute({
  method: "patch",
  path: "/v1/tenants/{id}",
  tags: ["Tenants 租户"],
  summary: "Change a tenant: name, parent, time zone, status (suspend), report recipients (platform-admin)",
  security,
  request: {
    params: IdParam,
    headers: IfMatchHeaderSchema,
    body: { required: true, content: { "application/json": { schema: UpdateTenantSchema.meta({ id: "UpdateTenant" }) } } },
  },
  responses: { 200: json(Tenant, "The changed tenant"), ...errorResponses(400, ...authErrors, 404, 412, 413, 415, 422) },
});

/** `onChanged` hears of every tenant this process creates or changes (the auth layer's registry cache). */
export function tenantRoutes(tenants: TenantService, onChanged: (tenant: TenantRecord) => void) {
  return newRouter()
    .openapi(createTenant, async (c) => {
      const body = c.req.valid("json");
      const outcome = await tenants.create(requestContext(c), body, idempotencyClaim(c, body));
      onChanged(outcome.body);
      return c.json(created(c, "/v1/tenants", outcome), 201);
    })
    .openapi(listTenants, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const page = await tenants.list(requestContext(c), { limit, cursor });
      return c.json(pageBody(page), 200);
    })
    .openapi(getTenant, async (c) => {
      const tenant = await tenants.get(requestContext(c), c.req.valid("param").id);
      return versioned(c, tenant);
    })
    .openapi(updateTenant, async (c) => {
      const { id } = c.req.valid("param");
      const tenant = await tenants.update(requestContext(c), id, c.req.valid("json"), ifMatch(c));
      onChanged(tenant);
      return versioned(c, tenant);
    });
}
