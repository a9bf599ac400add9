// Use cases on a campaign's verification draw (验收抽查, campaign-sample.ts): a tenant-admin draws the sampling stage's
// units once — seeded, recorded with its pool and audited — and anyone who reads campaigns reads the draw back. A
// second draw of the same stage is refused (409): a draw that could be repeated until it pleased would prove nothing.
import type { Campaign, CampaignUnit } from "#core/campaigns/campaign";
import { isHandedIn } from "#core/campaigns/campaign-progress";
import { type CampaignSample, DrawSampleSchema, drawUnits, sampleMethod } from "#core/campaigns/campaign-sample";
import type { CampaignRepository } from "#core/campaigns/ports";
import { auditEntry } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem } from "#core/kernel/errors";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import { personOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";

export interface CampaignSampleServiceDeps {
  readonly campaigns: CampaignRepository;
  readonly load: (tenantId: string, id: string) => Promise<Campaign>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** The units of a town a draw is made from: in scope, with an assessment handed in at a stage before the draw's. */
export function samplePool(campaign: Campaign, units: readonly CampaignUnit[]): Map<string, string[]> {
  const index = campaign.stages.findIndex((s) => s.id === campaign.sampling?.stageId);
  const earlier = new Set<string>(
    campaign.stages.slice(0, Math.max(0, index)).flatMap((s) => (s.assessmentStage ? [s.assessmentStage] : [])),
  );
  const pools = new Map<string, string[]>();
  for (const unit of units) {
    if (!unit.inScope) continue;
    const pool = pools.get(unit.townId) ?? [];
    pools.set(unit.townId, pool);
    if (Object.values(unit.work).some((w) => w.kind === "assessment" && earlier.has(w.stage) && isHandedIn(w)))
      pool.push(unit.enterpriseId);
  }
  return pools;
}

export type CampaignSampleService = ReturnType<typeof createCampaignSampleService>;

export function createCampaignSampleService(deps: CampaignSampleServiceDeps) {
  const { campaigns, clock, ids } = deps;
  return {
    async draw(ctx: RequestContext, campaignId: string, raw: unknown): Promise<CampaignSample> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "write");
      const input = parseOrThrow(DrawSampleSchema, raw ?? {});
      const tenantId = principal.tenantId;
      const campaign = await deps.load(tenantId, campaignId);
      const sampling = campaign.sampling;
      if (!sampling)
        throw errors.unprocessable([
          problem("sampling", "no_sampling", "该专项行动未设置验收抽查", "The campaign has no verification sampling set"),
        ]);
      if (campaign.closedAt !== null) throw errors.illegalTransition({ zh: "专项行动", en: "campaign" }, "state", "closed", "draw", []);
      const seed = input.seed ?? ids.next();
      const pools = samplePool(campaign, await campaigns.units(tenantId, campaignId));
      const sample: CampaignSample = {
        stageId: sampling.stageId,
        method: sampleMethod,
        seed,
        perTown: sampling.perTown,
        towns: [...pools.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([townId, pool]) => ({ townId, pool: [...pool].sort(), picked: drawUnits(pool, sampling.perTown, seed, townId) })),
        drawnBy: personOf(principal),
        drawnAt: clock.now().toISOString(),
      };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "campaign.sample",
        { type: "campaign", id: campaignId },
        {
          [`samples.${sampling.stageId}`]: {
            from: null,
            to: { seed, method: sampleMethod, picked: sample.towns.reduce((n, t) => n + t.picked.length, 0) },
          },
        },
      );
      await campaigns.recordSample(tenantId, campaignId, sample, { audit });
      return sample;
    },

    async list(ctx: RequestContext, campaignId: string): Promise<CampaignSample[]> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "read");
      await deps.load(principal.tenantId, campaignId);
      return campaigns.samples(principal.tenantId, campaignId);
    },
  };
}
