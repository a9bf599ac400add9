// Use cases on the register: create, read, list, change, confirm, soft-delete and restore units, a unit's history
// and a host's lessees (厂中厂); with, composed in from files of their own, the export (enterprise-export.ts) and
// import's upsert by credit code (enterprise-upsert.ts). Every change goes through enterprise-records.ts: checked
// references, and one transaction with its history entry, change-feed entry and audit record.

import type { RequestContext } from "#core/kernel/context";
import { deleteUnderLease } from "#core/kernel/deletion-lease";
import { errors, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotentCreate } from "#core/kernel/idempotency";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { requireTenantAccess, type TenantPrincipal } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import {
  CreateEnterpriseSchema,
  type Enterprise,
  type EnterpriseChange,
  type EnterpriseFilter,
  type EnterpriseSummary,
  RestoreEnterpriseSchema,
  summarize,
} from "#core/register/enterprise";
import { enterpriseExport } from "#core/register/enterprise-export";
import { enterpriseRecords, newEnterprise, starRatedProblems } from "#core/register/enterprise-records";
import { enterpriseUpsert } from "#core/register/enterprise-upsert";
import type { EnterpriseRepository, LesseeCounts, TownRepository } from "#core/register/ports";

export interface EnterpriseServiceDeps {
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type EnterpriseService = ReturnType<typeof createEnterpriseService>;

export function createEnterpriseService(deps: EnterpriseServiceDeps) {
  const { enterprises, clock, ids } = deps;
  const records = enterpriseRecords(deps);
  const { load, referenceProblems, industryOf, save, preparePatch } = records;

  async function applyPatch(ctx: RequestContext, principal: TenantPrincipal, current: Enterprise, raw: unknown): Promise<Enterprise> {
    const prepared = await preparePatch(principal.tenantId, current, raw);
    if (!prepared) return current;
    if (prepared.problems.length > 0) throw errors.unprocessable(prepared.problems);
    await save(ctx, principal, "update", current, prepared.next, prepared.host);
    return prepared.next;
  }

  return {
    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<Enterprise>> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const input = parseOrThrow(CreateEnterpriseSchema, raw);
      return idempotentCreate(deps.idempotency, principal.tenantId, claim, async (claimed) => {
        const unit = newEnterprise(ids.next(), input, industryOf(input.industryCode), clock.now().toISOString());
        const { problems, host } = await referenceProblems(principal.tenantId, unit);
        problems.unshift(...starRatedProblems(undefined, unit));
        if (problems.length > 0) throw errors.unprocessable(problems);
        await save(ctx, principal, "create", undefined, unit, host, { claim: claimed, replyStatus: 201 });
        return { status: 201, body: unit };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<Enterprise> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      return load(principal.tenantId, id, { deleted: true });
    },

    /** `filter` has passed EnterpriseFilterSchema (the HTTP layer validates the query with it). */
    async list(ctx: RequestContext, filter: EnterpriseFilter, page: PageRequest): Promise<Page<EnterpriseSummary>> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      return enterprises.list(principal.tenantId, filter, page);
    },

    async history(ctx: RequestContext, id: string, page: PageRequest): Promise<Page<EnterpriseChange>> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      await load(principal.tenantId, id, { deleted: true });
      return enterprises.history(principal.tenantId, id, page);
    },

    async lessees(
      ctx: RequestContext,
      id: string,
      page: PageRequest,
    ): Promise<{ host: EnterpriseSummary; counts: LesseeCounts; page: Page<EnterpriseSummary> }> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      const host = await load(principal.tenantId, id);
      const [counts, lessees] = await Promise.all([
        enterprises.lesseeCounts(principal.tenantId, id),
        enterprises.list(principal.tenantId, { hostId: id, deleted: false }, page),
      ]);
      return { host: summarize(host), counts, page: lessees };
    },

    async update(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<Enterprise> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const current = await load(principal.tenantId, id);
      requireVersion("enterprise", id, expectedVersion, current.version);
      return applyPatch(ctx, principal, current, raw);
    },

    /** Confirms the record is still true (核实) without changing it: it stops being stale this week. */
    async confirm(ctx: RequestContext, id: string, expectedVersion?: number): Promise<Enterprise> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const current = await load(principal.tenantId, id);
      requireVersion("enterprise", id, expectedVersion, current.version);
      const now = clock.now().toISOString();
      const next: Enterprise = { ...current, reviewedAt: now, updatedAt: now, version: current.version + 1 };
      const host = current.hostId ? ((await enterprises.get(principal.tenantId, current.hostId)) ?? null) : null;
      await save(ctx, principal, "confirm", current, next, host);
      return next;
    },

    async remove(ctx: RequestContext, id: string, expectedVersion?: number): Promise<Enterprise> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const { tenantId } = principal;
      const current = await load(tenantId, id);
      requireVersion("enterprise", id, expectedVersion, current.version);
      // Under a lease (#core/kernel/deletion-lease): no lessee is saved onto the host while its lessees are counted.
      return deleteUnderLease(
        clock,
        { type: "enterprise", id },
        {
          mark: (lease) => enterprises.markDeleting(tenantId, current, lease),
          check: async () => {
            const lessees = await enterprises.lesseeCounts(tenantId, id);
            if (lessees.total > 0) {
              throw errors.conflict(
                "host_has_lessees",
                {
                  zh: `该单位是 ${lessees.total} 家厂中厂单位的出租方，请先变更或删除这些承租单位`,
                  en: `This unit hosts ${lessees.total} factory-within-factory lessee(s); move or delete them first`,
                },
                { lessees: lessees.total, list: `/v1/enterprises/${id}/lessees` },
              );
            }
          },
          remove: async (lease) => {
            const now = clock.now().toISOString();
            const next: Enterprise = { ...current, deletedAt: now, updatedAt: now, version: current.version + 1 };
            await save(ctx, principal, "delete", current, next, null, { lease });
            return next;
          },
          clear: (lease) => enterprises.clearDeleting(tenantId, id, lease),
        },
      );
    },

    /**
     * Brings a deleted unit back. `raw` may move it to another town/grid (or drop its host) at the same time —
     * the way back for a unit whose town, grid or host was removed while it was deleted.
     */
    async restore(ctx: RequestContext, id: string, raw: unknown = {}): Promise<Enterprise> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const moves = parseOrThrow(RestoreEnterpriseSchema, raw ?? {});
      const current = await load(principal.tenantId, id, { deleted: true });
      if (current.deletedAt === null) return current;
      const now = clock.now().toISOString();
      const next: Enterprise = { ...current, ...moves, deletedAt: null, updatedAt: now, reviewedAt: now, version: current.version + 1 };
      const { problems, host } = await referenceProblems(principal.tenantId, next);
      if (problems.length > 0) throw errors.unprocessable(problems);
      await save(ctx, principal, "restore", current, next, host);
      return next;
    },
    ...enterpriseExport(deps),
    ...enterpriseUpsert(deps, records),
  };
}
