// Use cases on benchmark enterprises (标杆企业): an official designates a live unit as a benchmark of its town for
// a year (idempotent create; one standing designation per unit and year), withdraws one (the record stays), and
// anyone who reads supervision lists a year's designations per town and counts them against the Shishi target.
import { auditEntry } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, type FieldProblem, problem, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import { idPattern } from "#core/kernel/ids";
import { allOf } from "#core/kernel/paging";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { personOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { Enterprise } from "#core/register/enterprise";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import {
  type BenchmarkCounts,
  type BenchmarkEnterprise,
  type BenchmarkFilter,
  benchmarkTarget,
  benchmarkYearProblems,
  DesignateBenchmarkSchema,
  WithdrawBenchmarkSchema,
} from "#core/supervision/benchmark-enterprise";
import type { BenchmarkEnterpriseRepository } from "#core/supervision/ports";

export interface BenchmarkServiceDeps {
  readonly benchmarkEnterprises: BenchmarkEnterpriseRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** The problem with the unit a designation names: not the tenant's, deleted, or closed (关闭); none when it is live. */
function unitProblems(unit: Enterprise | undefined, id: string): FieldProblem[] {
  if (!unit || unit.deletedAt !== null)
    return [problem("enterpriseId", "unknown_enterprise", `单位 ${id} 不存在或已删除`, `Unit ${id} does not exist or is deleted`)];
  if (unit.productionStatus === "closed")
    return [problem("enterpriseId", "enterprise_closed", `单位 ${unit.name} 已关闭，不能认定为标杆企业`, `${unit.name} is closed`)];
  return [];
}

export type BenchmarkService = ReturnType<typeof createBenchmarkService>;

export function createBenchmarkService(deps: BenchmarkServiceDeps) {
  const { benchmarkEnterprises: designations, clock, ids } = deps;
  const thisYear = () => Number(chinaDate(clock.now()).slice(0, 4));

  async function load(tenantId: string, id: string): Promise<BenchmarkEnterprise> {
    const found = idPattern.test(id) ? await designations.get(tenantId, id) : undefined;
    if (!found) throw errors.notFound("benchmark enterprise", id);
    return found;
  }

  return {
    /** Designates a live unit as a benchmark of its town for a year (409 already_benchmark while one stands). */
    async designate(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<BenchmarkEnterprise>> {
      const principal = requireTenantAccess(ctx.principal, "supervision", "write");
      const input = parseOrThrow(DesignateBenchmarkSchema, raw);
      const tenantId = principal.tenantId;
      return idempotentCreate(deps.idempotency, tenantId, claim, async (claimed) => {
        const unit = await deps.enterprises.get(tenantId, input.enterpriseId);
        const problems = [...benchmarkYearProblems("year", input.year, thisYear()), ...unitProblems(unit, input.enterpriseId)];
        if (problems.length > 0 || !unit) throw errors.unprocessable(problems);
        const at = clock.now().toISOString();
        const by = personOf(principal);
        const designation: BenchmarkEnterprise = {
          id: ids.next(),
          enterpriseId: unit.id,
          enterpriseName: unit.name,
          creditCode: unit.creditCode,
          townId: unit.townId,
          year: input.year,
          reason: input.reason,
          state: "designated",
          designatedBy: by,
          designatedAt: at,
          withdrawn: null,
          campaign: input.campaign,
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
        const audit = auditEntry(
          auditSource(ctx, clock, ids),
          "benchmark-enterprise.designate",
          { type: "benchmark-enterprise", id: designation.id },
          {
            enterpriseId: { from: null, to: unit.id },
            townId: { from: null, to: unit.townId },
            year: { from: null, to: input.year },
            reason: { from: null, to: input.reason },
          },
        );
        await designations.designate(tenantId, designation, { audit, idempotency: idempotencyWrite(claimed, 201, designation) });
        return { status: 201, body: designation };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<BenchmarkEnterprise> {
      const principal = requireTenantAccess(ctx.principal, "supervision", "read");
      return load(principal.tenantId, id);
    },

    /** A year's designations (this year by default), newest first; one town's, and/or in one state. */
    async list(
      ctx: RequestContext,
      query: Omit<BenchmarkFilter, "year"> & { year?: number | undefined },
      page: PageRequest,
    ): Promise<Page<BenchmarkEnterprise> & { year: number }> {
      const principal = requireTenantAccess(ctx.principal, "supervision", "read");
      const year = query.year ?? thisYear();
      return { ...(await designations.list(principal.tenantId, { ...query, year }, page)), year };
    },

    /** Withdraws a standing designation, with the reason; the record stays, withdrawn, and the town's count drops. */
    async withdraw(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<BenchmarkEnterprise> {
      const principal = requireTenantAccess(ctx.principal, "supervision", "write");
      const { reason } = parseOrThrow(WithdrawBenchmarkSchema, raw);
      const before = await load(principal.tenantId, id);
      requireVersion("benchmark enterprise", id, expectedVersion, before.version);
      if (before.state !== "designated") {
        throw errors.illegalTransition({ zh: "标杆企业认定", en: "benchmark designation" }, "state", before.state, "withdraw", []);
      }
      const at = clock.now().toISOString();
      const after: BenchmarkEnterprise = {
        ...before,
        state: "withdrawn",
        withdrawn: { at, by: personOf(principal), reason },
        updatedAt: at,
        version: before.version + 1,
      };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "benchmark-enterprise.withdraw",
        { type: "benchmark-enterprise", id },
        { state: { from: "designated", to: "withdrawn" }, reason: { from: null, to: reason } },
      );
      await designations.withdraw(principal.tenantId, before, after, { audit });
      return after;
    },

    /** Every town of the tenant with its designations of a year (this year by default), against the Shishi target. */
    async counts(ctx: RequestContext, year: number | undefined): Promise<BenchmarkCounts> {
      const principal = requireTenantAccess(ctx.principal, "supervision", "read");
      const tenantId = principal.tenantId;
      const of = year ?? thisYear();
      const tallies = new Map((await designations.tallies(tenantId, of)).map((t) => [t.townId, t]));
      const towns = await allOf((page) => deps.towns.listTowns(tenantId, page));
      return {
        year: of,
        target: benchmarkTarget,
        towns: towns.map((town) => {
          const designated = tallies.get(town.id)?.designated ?? 0;
          return {
            townId: town.id,
            townName: town.name,
            designated,
            withdrawn: tallies.get(town.id)?.withdrawn ?? 0,
            targetMet: designated >= benchmarkTarget.newPerTown,
          };
        }),
      };
    },
  };
}
