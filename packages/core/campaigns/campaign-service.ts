// Use cases on campaigns (专项行动): a tenant-admin defines one (idempotent create), changes or closes it; its scope is
// resolved into the units it covers when it is saved (and again on request, after the register changed); anyone who
// reads campaigns reads it, its units and its progress per town and stage — from its own tallies, kept with its work.
import {
  type Campaign,
  type CampaignSummary,
  CloseCampaignSchema,
  type CreateCampaign,
  CreateCampaignSchema,
  maxDefinitionBytes,
  UpdateCampaignSchema,
} from "#core/campaigns/campaign";
import { type UnitStanding, unitStanding } from "#core/campaigns/campaign-progress";
import { type CampaignProgress, readCampaignProgress, readCampaignTallies } from "#core/campaigns/campaign-progress-read";
import { type CatalogueRow, catalogueFromRows } from "#core/campaigns/catalogue-rows";
import type { CampaignRepository, ScopeUnit } from "#core/campaigns/ports";
import { auditEntry, diff } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, type FieldProblem, problem, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import { idPattern } from "#core/kernel/ids";
import { allOf, pagesOf } from "#core/kernel/paging";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { personOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";

export interface CampaignServiceDeps {
  readonly campaigns: CampaignRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface UnitQuery {
  readonly townId?: string | undefined;
  readonly reached?: boolean | undefined;
  readonly mismatch?: boolean | undefined;
}

/** The definition's fields (everything but scope bookkeeping) that an audit record keeps whole. */
const bookkeeping = ["version", "updatedAt", "createdAt", "units", "scopeResolvedAt", "catalogue"];

// Its answer's shape lives with the read it shares with the monthly report.
export type { CampaignProgress };

export type CampaignService = ReturnType<typeof createCampaignService>;

export function createCampaignService(deps: CampaignServiceDeps) {
  const { campaigns, enterprises, clock, ids } = deps;

  async function load(tenantId: string, id: string): Promise<Campaign> {
    const found = idPattern.test(id) ? await campaigns.get(tenantId, id) : undefined;
    if (!found) throw errors.notFound("campaign", id);
    return found;
  }

  /** The towns a definition names (scope, liaisons, groups) that are not the tenant's. */
  async function townProblems(tenantId: string, d: Partial<CreateCampaign>): Promise<FieldProblem[]> {
    const named: [string, string][] = [
      ...(d.scope?.townIds ?? []).map((id, i): [string, string] => [`scope.townIds.${i}`, id]),
      ...(d.liaisons ?? []).map((l, i): [string, string] => [`liaisons.${i}.townId`, l.townId]),
      ...(d.groups ?? []).flatMap((g, i) => g.townIds.map((id, j): [string, string] => [`groups.${i}.townIds.${j}`, id])),
    ];
    const known = new Set((await allOf((page) => deps.towns.listTowns(tenantId, page))).map((t) => t.id));
    return named
      .filter(([, id]) => !known.has(id))
      .map(([path, id]) => problem(path, "unknown_town", `镇（街道）${id} 不存在`, `Town ${id} does not exist`));
  }

  /** The units a scope covers now, from the register; 422 for listed units that are not live units of the tenant. */
  async function scopeUnits(tenantId: string, scope: Campaign["scope"]): Promise<ScopeUnit[]> {
    const towns = new Set(scope.townIds);
    const industries = new Set(scope.industries);
    if (scope.units.by === "list") {
      const wanted = [...new Set(scope.units.enterpriseIds)];
      const found = new Map((await enterprises.getMany(tenantId, wanted)).filter((e) => e.deletedAt === null).map((e) => [e.id, e]));
      const missing = wanted.filter((id) => !found.has(id));
      if (missing.length > 0)
        throw errors.unprocessable(
          missing.map((id) =>
            problem(
              "scope.units.enterpriseIds",
              "unknown_enterprise",
              `单位 ${id} 不存在或已删除`,
              `Unit ${id} does not exist or is deleted`,
            ),
          ),
        );
      return [...found.values()].map((e) => ({ enterpriseId: e.id, name: e.name, townId: e.townId }));
    }
    const filter = scope.units.filter as Record<string, string | undefined>;
    const townIds = towns.size > 0 ? [...towns] : (await allOf((page) => deps.towns.listTowns(tenantId, page))).map((t) => t.id);
    const units: ScopeUnit[] = [];
    for (const townId of townIds) {
      for await (const page of pagesOf((p) => enterprises.list(tenantId, { ...filter, townId, deleted: false }, p), 500)) {
        for (const e of page) {
          // Closed units (关闭) are nobody's work unless the filter asks for them.
          if (filter.productionStatus === undefined && e.productionStatus === "closed") continue;
          if (industries.size > 0 && !industries.has(e.divisionCode)) continue;
          units.push({ enterpriseId: e.id, name: e.name, townId: e.townId });
        }
      }
    }
    return units;
  }

  function sizeProblems(c: Campaign): FieldProblem[] {
    const bytes = Buffer.byteLength(JSON.stringify(c));
    return bytes > maxDefinitionBytes
      ? [
          problem(
            "",
            "campaign_too_large",
            `专项行动的定义过大（${bytes} 字节，上限 ${maxDefinitionBytes}）：请精简重点事项或人员名单`,
            `The campaign's definition is too large (${bytes} bytes, at most ${maxDefinitionBytes}): shorten its items or lists of people`,
          ),
        ]
      : [];
  }

  /** Resolves the scope into units and answers the campaign as it now stands. */
  async function resolve(
    tenantId: string,
    campaign: Campaign,
    units: readonly ScopeUnit[],
    at = clock.now().toISOString(),
  ): Promise<Campaign> {
    await campaigns.resolveScope(tenantId, campaign.id, units, at);
    return resolved(campaign, units, at);
  }

  const resolved = (campaign: Campaign, units: readonly ScopeUnit[], at: string): Campaign => ({
    ...campaign,
    units: new Set(units.map((u) => u.enterpriseId)).size,
    scopeResolvedAt: at,
  });

  function auditChanges(before: Campaign | undefined, after: Campaign) {
    const changes = diff(before, after, bookkeeping);
    const items = (c: Campaign | undefined) => (c ? c.catalogue.items.length : null);
    if (JSON.stringify(before?.catalogue) !== JSON.stringify(after.catalogue))
      changes["catalogue.items"] = { from: items(before), to: items(after) };
    return changes;
  }

  /** Replaces the fields given; a new scope is resolved into units at once. A closed campaign cannot change. */
  async function update(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<Campaign> {
    const principal = requireTenantAccess(ctx.principal, "campaigns", "write");
    const input = parseOrThrow(UpdateCampaignSchema, raw);
    const tenantId = principal.tenantId;
    const before = await load(tenantId, id);
    requireVersion("campaign", id, expectedVersion, before.version);
    if (before.closedAt !== null) throw errors.illegalTransition({ zh: "专项行动", en: "campaign" }, "state", "closed", "edit", []);
    const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<CreateCampaign>;
    const merged = { ...before, ...given };
    // The rules across fields hold for the whole definition, not only the fields given.
    parseOrThrow(CreateCampaignSchema, {
      ...Object.fromEntries(
        Object.entries(merged).filter(
          ([k]) =>
            !["id", "units", "scopeResolvedAt", "closedAt", "closeNote", "createdBy", "createdAt", "updatedAt", "version"].includes(k),
        ),
      ),
    });
    const problems = await townProblems(tenantId, given);
    if (problems.length > 0) throw errors.unprocessable(problems);
    const rescoped = given.scope !== undefined;
    const units = rescoped ? await scopeUnits(tenantId, merged.scope) : undefined;
    const after: Campaign = {
      ...merged,
      ...(rescoped ? { scopeResolvedAt: null } : {}),
      updatedAt: clock.now().toISOString(),
      version: before.version + 1,
    };
    const tooLarge = sizeProblems(after);
    if (tooLarge.length > 0) throw errors.unprocessable(tooLarge);
    const audit = auditEntry(auditSource(ctx, clock, ids), "campaign.update", { type: "campaign", id }, auditChanges(before, after));
    await campaigns.replace(tenantId, before, after, { audit });
    return units ? resolve(tenantId, after, units) : after;
  }

  return {
    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<Campaign>> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "write");
      const input = parseOrThrow(CreateCampaignSchema, raw);
      const tenantId = principal.tenantId;
      return idempotentCreate(deps.idempotency, tenantId, claim, async (claimed) => {
        const problems = await townProblems(tenantId, input);
        if (problems.length > 0) throw errors.unprocessable(problems);
        const units = await scopeUnits(tenantId, input.scope);
        const at = clock.now().toISOString();
        const campaign: Campaign = {
          id: ids.next(),
          ...input,
          units: 0,
          scopeResolvedAt: null,
          closedAt: null,
          closeNote: null,
          createdBy: personOf(principal),
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
        const tooLarge = sizeProblems(campaign);
        if (tooLarge.length > 0) throw errors.unprocessable(tooLarge);
        const audit = auditEntry(
          auditSource(ctx, clock, ids),
          "campaign.create",
          { type: "campaign", id: campaign.id },
          auditChanges(undefined, campaign),
        );
        // The definition is saved first (with the answer a retry gets), then its units: a failure between the two
        // leaves a campaign whose `scopeResolvedAt` is null, which POST …/scope/resolve completes.
        await campaigns.create(tenantId, campaign, { audit, idempotency: idempotencyWrite(claimed, 201, resolved(campaign, units, at)) });
        return { status: 201, body: await resolve(tenantId, campaign, units, at) };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<Campaign> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "read");
      return load(principal.tenantId, id);
    },

    async list(ctx: RequestContext, page: PageRequest): Promise<Page<CampaignSummary>> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "read");
      return campaigns.list(principal.tenantId, page);
    },

    update,

    /** Resolves the scope again: units the register now has join, units that left it go (or stay marked, with work). */
    async resolveScope(ctx: RequestContext, id: string): Promise<Campaign> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "write");
      const campaign = await load(principal.tenantId, id);
      if (campaign.closedAt !== null) throw errors.illegalTransition({ zh: "专项行动", en: "campaign" }, "state", "closed", "resolve", []);
      return resolve(principal.tenantId, campaign, await scopeUnits(principal.tenantId, campaign.scope));
    },

    /** Ends the campaign: no new work joins it; its work and figures stay. */
    async close(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<Campaign> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "write");
      const { note } = parseOrThrow(CloseCampaignSchema, raw ?? {});
      const before = await load(principal.tenantId, id);
      requireVersion("campaign", id, expectedVersion, before.version);
      if (before.closedAt !== null) throw errors.illegalTransition({ zh: "专项行动", en: "campaign" }, "state", "closed", "close", []);
      const at = clock.now().toISOString();
      const after: Campaign = { ...before, closedAt: at, closeNote: note, updatedAt: at, version: before.version + 1 };
      const audit = auditEntry(auditSource(ctx, clock, ids), "campaign.close", { type: "campaign", id }, auditChanges(before, after));
      await campaigns.replace(principal.tenantId, before, after, { audit });
      return after;
    },

    /** How far the campaign is, per town and stage, and in total (campaign-progress.ts). */
    async progress(ctx: RequestContext, id: string): Promise<CampaignProgress> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "read");
      const campaign = await load(principal.tenantId, id);
      return readCampaignProgress(campaigns, deps.towns, principal.tenantId, campaign, clock.now());
    },

    /** The campaign's units with where each stands; filtered by town, reached (coverage) or mismatch. */
    async units(ctx: RequestContext, id: string, query: UnitQuery): Promise<UnitStanding[]> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "read");
      const campaign = await load(principal.tenantId, id);
      const { units, sampled } = await readCampaignTallies(campaigns, principal.tenantId, campaign);
      return units
        .filter((u) => query.townId === undefined || u.townId === query.townId)
        .map((u) => unitStanding(u, campaign, sampled))
        .filter(
          (u) =>
            (query.reached === undefined || u.reached === query.reached) && (query.mismatch === undefined || u.mismatch === query.mismatch),
        )
        .sort((a, b) => (a.townId === b.townId ? (a.name < b.name ? -1 : 1) : a.townId < b.townId ? -1 : 1));
    },

    /** Replaces the catalogue with one read from a spreadsheet's rows (catalogue-rows.ts): whole, or not at all. */
    async importCatalogue(ctx: RequestContext, id: string, rows: readonly CatalogueRow[], expectedVersion?: number): Promise<Campaign> {
      requireTenantAccess(ctx.principal, "campaigns", "write");
      const { catalogue, problems } = catalogueFromRows(rows);
      if (problems.length > 0) throw errors.unprocessable(problems);
      return update(ctx, id, { catalogue }, expectedVersion);
    },

    load,
  };
}
