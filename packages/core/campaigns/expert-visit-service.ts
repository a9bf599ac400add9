// Use cases on expert visits (专家服务进企业): an official records a visit of a campaign — experts, unit, day, advice —
// and its findings become hazards of the unit in the same call, tied to the campaign and their key items. The visit
// is saved first (with its unit's tally, which refuses a unit outside the campaign's scope), then each finding's
// hazard; a finding's hazard id is fixed by the visit, so POST …/hazards after a failure in between makes only what
// is missing.
import type { Campaign } from "#core/campaigns/campaign";
import { type ExpertVisit, findingHazardId, RecordExpertVisitSchema } from "#core/campaigns/expert-visit";
import type { CampaignRepository } from "#core/campaigns/ports";
import type { HazardService } from "#core/hazards/hazard-service";
import { auditEntry, diff } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import { idPattern } from "#core/kernel/ids";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { personOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { EnterpriseRepository } from "#core/register/ports";
import { liveEnterprise, notAfterToday } from "#core/register/references";

export interface ExpertVisitServiceDeps {
  readonly campaigns: CampaignRepository;
  readonly load: (tenantId: string, id: string) => Promise<Campaign>;
  readonly hazards: Pick<HazardService, "fromFindings">;
  readonly enterprises: EnterpriseRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface RecordedVisit {
  visit: ExpertVisit;
  /** The findings' hazards made by this call, and the ids of those that were there already. */
  hazards: { created: { id: string }[]; existing: string[] };
}

export type ExpertVisitService = ReturnType<typeof createExpertVisitService>;

export function createExpertVisitService(deps: ExpertVisitServiceDeps) {
  const { campaigns, clock, ids } = deps;

  async function loadVisit(tenantId: string, campaignId: string, visitId: string): Promise<ExpertVisit> {
    const found = idPattern.test(visitId) ? await campaigns.getVisit(tenantId, campaignId, visitId) : undefined;
    if (!found) throw errors.notFound("expert visit", visitId);
    return found;
  }

  async function makeHazards(ctx: RequestContext, visit: ExpertVisit): Promise<RecordedVisit["hazards"]> {
    if (visit.findings.length === 0) return { created: [], existing: [] };
    const { created, existing } = await deps.hazards.fromFindings(ctx, {
      enterpriseId: visit.enterpriseId,
      source: "expert-visit",
      foundBy: { name: visit.experts[0]?.name ?? "专家", phone: visit.experts[0]?.phone ?? null },
      foundOn: visit.visitedOn,
      campaignId: visit.campaignId,
      findings: visit.findings,
    });
    return { created: created.map((h) => ({ id: h.id })), existing };
  }

  return {
    async record(ctx: RequestContext, campaignId: string, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<RecordedVisit>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "write");
      requireTenantAccess(ctx.principal, "campaigns", "read");
      const input = parseOrThrow(RecordExpertVisitSchema, raw);
      const tenantId = principal.tenantId;
      const campaign = await deps.load(tenantId, campaignId);
      const items = new Set(campaign.catalogue.items.map((i) => i.id));
      const unknown = input.findings.flatMap((f, i) =>
        f.keyItemId !== null && !items.has(f.keyItemId)
          ? [
              problem(
                `findings.${i}.keyItemId`,
                "unknown_key_item",
                `重点事项 ${f.keyItemId} 不在清单中`,
                `Key item ${f.keyItemId} is not in the catalogue`,
              ),
            ]
          : [],
      );
      if (unknown.length > 0) throw errors.unprocessable(unknown);
      notAfterToday("visitedOn", input.visitedOn, chinaDate(clock.now()));
      const outcome = await idempotentCreate(deps.idempotency, tenantId, claim, async (claimed) => {
        const unit = await liveEnterprise(deps.enterprises, tenantId, input.enterpriseId, "enterpriseId");
        const id = ids.next();
        const visit: ExpertVisit = {
          id,
          campaignId,
          enterpriseId: unit.id,
          enterpriseName: unit.name,
          townId: unit.townId,
          visitedOn: input.visitedOn,
          experts: input.experts,
          summary: input.summary,
          findings: input.findings.map((f, i) => ({ ...f, hazardId: findingHazardId(id, i) })),
          recordedBy: personOf(principal),
          createdAt: clock.now().toISOString(),
          version: 1,
        };
        const audit = auditEntry(auditSource(ctx, clock, ids), "expert-visit.record", { type: "expert-visit", id }, diff(undefined, visit));
        // A retry with the same key is answered the visit, and makes what hazards the first call did not.
        await campaigns.recordVisit(tenantId, visit, { audit, idempotency: idempotencyWrite(claimed, 201, { visit }) });
        return { status: 201, body: { visit, hazards: await makeHazards(ctx, visit) } };
      });
      if (!outcome.replayed) return outcome;
      return { ...outcome, body: { visit: outcome.body.visit, hazards: await makeHazards(ctx, outcome.body.visit) } };
    },

    /** Makes the hazards of a visit's findings that are missing (after a failure part-way through recording it). */
    async makeMissingHazards(ctx: RequestContext, campaignId: string, visitId: string): Promise<RecordedVisit> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "write");
      const visit = await loadVisit(principal.tenantId, campaignId, visitId);
      return { visit, hazards: await makeHazards(ctx, visit) };
    },

    async get(ctx: RequestContext, campaignId: string, visitId: string): Promise<ExpertVisit> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "read");
      return loadVisit(principal.tenantId, campaignId, visitId);
    },

    async list(ctx: RequestContext, campaignId: string, page: PageRequest): Promise<Page<ExpertVisit>> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "read");
      await deps.load(principal.tenantId, campaignId);
      return campaigns.visits(principal.tenantId, campaignId, page);
    },
  };
}
