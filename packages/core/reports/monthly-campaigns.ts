// The monthly report's campaigns (专项行动): every campaign of the tenant whose period overlaps the month, with its
// progress per town and in total. The figures are read from the campaigns' unit tallies, which hold the present
// state and no history, so they are as of the report's making (`asOf`), not of the month's end.
import type { Campaign, CampaignSummary } from "#core/campaigns/campaign";
import type { TownProgress } from "#core/campaigns/campaign-progress";
import { type CampaignProgress, readCampaignProgress } from "#core/campaigns/campaign-progress-read";
import type { CampaignRepository } from "#core/campaigns/ports";
import { monthDates, monthStart } from "#core/kernel/china-time";
import { formatRate, rateOf } from "#core/kernel/decimal";
import { pagesOf } from "#core/kernel/paging";
import type { ReportCampaign } from "#core/reports/monthly-report";

/**
 * Whether a campaign belongs in a month's report: its period (calendar dates, inclusive) overlaps the month, and it
 * was not closed before the month began — one closed earlier than its period's end did not run in the month.
 */
export function campaignInMonth(campaign: Pick<CampaignSummary, "period" | "closedAt">, month: string): boolean {
  const { first, last } = monthDates(month);
  const overlaps = campaign.period.from <= last && campaign.period.to >= first;
  return overlaps && (campaign.closedAt === null || campaign.closedAt >= monthStart(month).toISOString());
}

type Figures = Omit<TownProgress, "townId">;

function figuresOf(campaign: Campaign, p: Figures): ReportCampaign["total"] {
  const names = new Map(campaign.stages.map((s) => [s.id, s.name]));
  return {
    units: p.units,
    reached: p.reached,
    notReached: p.notReached,
    reachTarget: p.reachTarget,
    stages: p.stages.map((s) => ({
      stageId: s.stageId,
      name: names.get(s.stageId) ?? s.stageId,
      deadline: s.deadline,
      required: s.required,
      assessed: s.assessed,
      verified: s.verified,
      mismatched: s.mismatched,
      status: s.status,
    })),
    hazards: {
      found: p.hazards.found,
      closed: p.hazards.closed,
      rectificationRate: p.hazards.found === 0 ? null : formatRate(rateOf(p.hazards.closed, p.hazards.found)),
    },
    expertVisits: p.expertVisits,
    benchmarks: p.benchmarks,
  };
}

/** A campaign's section of the figures, from its definition and its progress. */
export function reportCampaign(campaign: Campaign, progress: CampaignProgress): ReportCampaign {
  return {
    id: campaign.id,
    name: campaign.name,
    period: campaign.period,
    closedAt: campaign.closedAt,
    asOf: progress.asOf,
    total: figuresOf(campaign, progress.total),
    towns: progress.towns.map((t) => ({ townId: t.townId, townName: t.townName, ...figuresOf(campaign, t) })),
  };
}

/**
 * The month's campaigns, earliest period first: the tenant's list read a page at a time (campaigns are few), then
 * each campaign's definition and tallies one campaign after another, so one campaign's units are in memory at once.
 */
export async function monthlyCampaigns(
  repo: CampaignRepository,
  tenantId: string,
  month: string,
  now: Date,
  townNames: ReadonlyMap<string, string>,
): Promise<ReportCampaign[]> {
  const chosen: CampaignSummary[] = [];
  for await (const items of pagesOf((page) => repo.list(tenantId, page))) chosen.push(...items.filter((c) => campaignInMonth(c, month)));
  chosen.sort((a, b) => (a.period.from === b.period.from ? (a.id < b.id ? -1 : 1) : a.period.from < b.period.from ? -1 : 1));
  const sections: ReportCampaign[] = [];
  for (const summary of chosen) {
    const campaign = await repo.get(tenantId, summary.id);
    if (!campaign) continue; // listed, then gone: nothing to report
    sections.push(reportCampaign(campaign, await readCampaignProgress(repo, townNames, tenantId, campaign, now)));
  }
  return sections;
}
