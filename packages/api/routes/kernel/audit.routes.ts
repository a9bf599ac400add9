// /v1/audit: the tenant's audit trail, newest first — who changed what, when.
import { createRoute } from "@hono/zod-openapi";
import { pageBody } from "#api/http";
import { authErrors, errorResponses, json, PageQuerySchema, pageOf, security } from "#api/openapi";
import { newRouter } from "#api/router";
import { AuditEntrySchema } from "#core/kernel/audit";
import type { AuditLog } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";

const listAudit = createRoute({
  method: "get",
  path: "/v1/audit",
  tags: ["Audit 审计"],
  summary: "The tenant's audit trail, newest first (tenant-admin, or a key with audit:read)",
  security,
  request: { query: PageQuerySchema },
  responses: {
    200: json(pageOf(AuditEntrySchema.meta({ id: "AuditEntry" }), "AuditPage"), "A page of audit records"),
    ...errorResponses(400, ...authErrors),
  },
});

export function auditRoutes(audit: AuditLog) {
  return newRouter().openapi(listAudit, async (c) => {
    const principal = requireTenantAccess(c.get("principal"), "audit", "read");
    const { limit, cursor } = c.req.valid("query");
    const page = await audit.list(principal.tenantId, { limit, cursor });
    return c.json(pageBody(page), 200);
  });
}
