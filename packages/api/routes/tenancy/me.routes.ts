// /v1/me: tells a caller who it is — tenant, role or key scopes, departments named — and what it may do.
import { createRoute, z } from "@hono/zod-openapi";
import { authErrors, errorResponses, json, security } from "#api/openapi";
import { newRouter } from "#api/router";
import type { Principal, Scope } from "#core/kernel/principal";
import { type Access, allScopes, permits, type resourceFamilies } from "#core/kernel/principal";

const Me = z
  .object({
    kind: z.enum(["platform", "user", "api-key"]),
    subject: z.string().openapi({ description: "User id (JWT sub) or API key id" }),
    role: z.string().nullable(),
    tenant: z
      .object({
        id: z.string(),
        name: z.string(),
        level: z.enum(["city", "district"]),
        parentId: z.string().nullable(),
        status: z.string(),
      })
      .nullable(),
    permissions: z.array(z.string()).openapi({ description: "Scopes granted (family:read|write)", example: ["enterprises:read"] }),
    departments: z.array(z.string()).openapi({
      description:
        "Departments the credential names: the token's departments claim, or those an API key was issued for. Memberships the " +
        "tenant-admin recorded (/v1/departments/{department}/members) add to an official's.",
      example: ["住建局"],
    }),
    canManageApiKeys: z.boolean(),
    canManageTenants: z.boolean(),
  })
  .openapi("Me");

const me = createRoute({
  method: "get",
  path: "/v1/me",
  tags: ["Identity 身份"],
  summary: "Who am I: tenant, role or API-key scopes, permissions",
  security,
  responses: { 200: json(Me, "The caller"), ...errorResponses(...authErrors) },
});

function permissionsOf(principal: Principal): Scope[] {
  return allScopes.filter((scope) => {
    const [family, access] = scope.split(":") as [(typeof resourceFamilies)[number], Access];
    return permits(principal, family, access);
  });
}

export function meRoutes() {
  return newRouter().openapi(me, (c) => {
    const principal = c.get("principal");
    const tenant = c.get("tenant");
    return c.json(
      {
        kind: principal.kind,
        subject: principal.kind === "api-key" ? principal.keyId : principal.subject,
        role: principal.kind === "api-key" ? null : principal.role,
        tenant: tenant ? { id: tenant.id, name: tenant.name, level: tenant.level, parentId: tenant.parentId, status: tenant.status } : null,
        permissions: permissionsOf(principal),
        departments: principal.kind === "platform" ? [] : [...(principal.departments ?? [])],
        canManageApiKeys: principal.kind === "user" && principal.role === "tenant-admin",
        canManageTenants: principal.kind === "platform",
      },
      200,
    );
  });
}
