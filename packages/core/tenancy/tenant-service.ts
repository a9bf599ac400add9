// Use cases on tenants: platform operators create, list and change them; the auth layer asks whether a
// tenant is active. Checks that span tenants (the parent must be an existing city) live here.
import { auditEntry, diff } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { childPrefix } from "#core/kernel/division-code";
import { errors, type FieldProblem, problem, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { requirePlatformAdmin } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { TenantRepository } from "#core/tenancy/ports";
import { CreateTenantSchema, levelProblems, type Tenant, UpdateTenantSchema } from "#core/tenancy/tenant";

export interface TenantServiceDeps {
  readonly tenants: TenantRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type TenantService = ReturnType<typeof createTenantService>;

export function createTenantService(deps: TenantServiceDeps) {
  const { tenants, clock, ids } = deps;

  async function parentProblems(id: string, level: Tenant["level"], parentId: string | null): Promise<FieldProblem[]> {
    if (parentId === null) return [];
    if (parentId === id) return [problem("parentId", "parent_is_self", "上级租户不能是自身", "A tenant cannot be its own parent")];
    if (level !== "district") {
      return [problem("parentId", "parent_not_allowed", "只有区/县级租户可以有上级租户", "Only a district tenant may have a parent")];
    }
    if (!id.startsWith(childPrefix(parentId))) {
      return [
        problem(
          "parentId",
          "parent_code_mismatch",
          `上级租户 ${parentId} 不是 ${id} 的上级行政区`,
          `${parentId} is not the division above ${id}`,
        ),
      ];
    }
    const parent = await tenants.get(parentId);
    if (!parent)
      return [problem("parentId", "parent_not_found", `上级租户 ${parentId} 不存在`, `Parent tenant ${parentId} does not exist`)];
    if (parent.level !== "city") {
      return [problem("parentId", "parent_not_city", `上级租户 ${parentId} 不是市级租户`, `Parent tenant ${parentId} is not a city`)];
    }
    return [];
  }

  return {
    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<Tenant>> {
      requirePlatformAdmin(ctx.principal);
      const input = parseOrThrow(CreateTenantSchema, raw);
      const parentId = input.parentId ?? null;
      const problems = [...levelProblems(input.id, input.level), ...(await parentProblems(input.id, input.level, parentId))];
      if (problems.length > 0) throw errors.unprocessable(problems);
      return idempotentCreate(deps.idempotency, input.id, claim, async (claimed) => {
        const now = clock.now().toISOString();
        const tenant: Tenant = { ...input, parentId, createdAt: now, updatedAt: now, version: 1 };
        const audit = auditEntry(auditSource(ctx, clock, ids), "tenant.create", { type: "tenant", id: tenant.id }, diff(undefined, tenant));
        await tenants.save(tenant.id, { before: undefined, after: tenant }, { audit, idempotency: idempotencyWrite(claimed, 201, tenant) });
        return { status: 201, body: tenant };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<Tenant> {
      requirePlatformAdmin(ctx.principal);
      const tenant = await tenants.get(id);
      if (!tenant) throw errors.notFound("tenant", id);
      return tenant;
    },

    async list(ctx: RequestContext, page: PageRequest): Promise<Page<Tenant>> {
      requirePlatformAdmin(ctx.principal);
      return tenants.list(page);
    },

    async update(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<Tenant> {
      requirePlatformAdmin(ctx.principal);
      const patch = parseOrThrow(UpdateTenantSchema, raw);
      const current = await tenants.get(id);
      if (!current) throw errors.notFound("tenant", id);
      requireVersion("tenant", id, expectedVersion, current.version);
      const next: Tenant = { ...current, ...patch, updatedAt: clock.now().toISOString(), version: current.version + 1 };
      if (patch.parentId !== undefined && patch.parentId !== current.parentId) {
        const problems = await parentProblems(id, next.level, next.parentId);
        if (problems.length > 0) throw errors.unprocessable(problems);
      }
      const changes = diff(current, next);
      if (Object.keys(changes).length === 0) return current;
      const audit = auditEntry(auditSource(ctx, clock, ids), "tenant.update", { type: "tenant", id }, changes);
      await tenants.save(next.id, { before: current, after: next }, { audit });
      return next;
    },
  };
}
