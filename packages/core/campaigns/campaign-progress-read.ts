// A campaign's progress read from its repository: its unit tallies and draws read once, grouped by town, and
// measured by the pure rules of campaign-progress.ts. The one place that does this, so GET …/progress and the
// monthly report (core/reports/monthly-campaigns.ts) always tell the same figures. It holds one campaign's units in
// memory at a time.
import type { Campaign, CampaignUnit } from "#core/campaigns/campaign";
import { type TownProgress, totalProgress, townProgress } from "#core/campaigns/campaign-progress";
import type { CampaignSample } from "#core/campaigns/campaign-sample";
import type { CampaignRepository } from "#core/campaigns/ports";
import { chinaDate } from "#core/kernel/china-time";
import { allOf } from "#core/kernel/paging";
import type { TownRepository } from "#core/register/ports";

export interface CampaignProgress {
  campaignId: string;
  asOf: string;
  total: Omit<TownProgress, "townId">;
  towns: (TownProgress & { townName: string })[];
  /** Each stage not done in a town whose deadline is near or past: what the officials must chase. */
  atRisk: { stageId: string; townId: string; status: "at-risk" | "overdue"; missing: number }[];
}

export interface CampaignTallies {
  units: CampaignUnit[];
  /** The units drawn at the sampling stage. */
  sampled: Set<string>;
  /** Whether the sampling stage's draw was made. */
  drawn: boolean;
  /** The campaign's draws as recorded. */
  samples: CampaignSample[];
}

/** Every unit tally of the campaign and its sampling stage's draw. */
export async function readCampaignTallies(repo: CampaignRepository, tenantId: string, campaign: Campaign): Promise<CampaignTallies> {
  const [units, samples] = await Promise.all([repo.units(tenantId, campaign.id), repo.samples(tenantId, campaign.id)]);
  const sample = samples.find((s) => s.stageId === campaign.sampling?.stageId);
  return { units, sampled: new Set(sample?.towns.flatMap((t) => t.picked) ?? []), drawn: sample !== undefined, samples };
}

/**
 * How far the campaign is on `now`, per town (by name) and in total. `towns` is the tenant's town repository, or
 * the names a caller already read (the monthly report reads them once for all its sections).
 */
export async function readCampaignProgress(
  repo: CampaignRepository,
  towns: TownRepository | ReadonlyMap<string, string>,
  tenantId: string,
  campaign: Campaign,
  now: Date,
): Promise<CampaignProgress> {
  const tallies = await readCampaignTallies(repo, tenantId, campaign);
  const names = "listTowns" in towns ? new Map((await allOf((page) => towns.listTowns(tenantId, page))).map((t) => [t.id, t.name])) : towns;
  return campaignProgressOf(campaign, tallies, names, now);
}

/** The progress the tallies read tell on `now` (towns named by `names`). */
export function campaignProgressOf(
  campaign: Campaign,
  { units, sampled, drawn }: CampaignTallies,
  names: ReadonlyMap<string, string>,
  now: Date,
): CampaignProgress {
  const byTown = new Map<string, CampaignUnit[]>();
  for (const unit of units) {
    const own = byTown.get(unit.townId);
    if (own) own.push(unit);
    else byTown.set(unit.townId, [unit]);
  }
  const today = chinaDate(now);
  const progress = [...byTown.entries()]
    .map(([townId, own]) => ({ ...townProgress(campaign, townId, own, sampled, drawn, today), townName: names.get(townId) ?? townId }))
    .sort((a, b) => (a.townName < b.townName ? -1 : a.townName > b.townName ? 1 : 0));
  const atRisk = progress.flatMap((town) =>
    town.stages.flatMap((s) =>
      s.status === "at-risk" || s.status === "overdue"
        ? [{ stageId: s.stageId, townId: town.townId, status: s.status, missing: Math.max(0, s.required - s.verified) }]
        : [],
    ),
  );
  return { campaignId: campaign.id, asOf: now.toISOString(), total: totalProgress(campaign, progress, units), towns: progress, atRisk };
}
