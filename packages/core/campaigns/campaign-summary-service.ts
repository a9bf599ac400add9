// The campaign summary report's use case: the definition, its progress, its units and its draws, as the block
// model of campaign-summary-document.ts — for anyone who may read the campaign, at any time (the report says
// whether the campaign has ended and what the figures are as of).

import type { ReportDocument } from "#core/assessments/town-report-document";
import type { Campaign } from "#core/campaigns/campaign";
import { unitStanding } from "#core/campaigns/campaign-progress";
import { campaignProgressOf, readCampaignTallies } from "#core/campaigns/campaign-progress-read";
import type { CampaignService } from "#core/campaigns/campaign-service";
import { campaignSummaryDocument } from "#core/campaigns/campaign-summary-document";
import type { CampaignRepository } from "#core/campaigns/ports";
import { chinaDate } from "#core/kernel/china-time";
import type { RequestContext } from "#core/kernel/context";
import { allOf } from "#core/kernel/paging";
import type { Clock } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";
import type { TownRepository } from "#core/register/ports";
import type { TenantRepository } from "#core/tenancy/ports";

export interface CampaignSummaryServiceDeps {
  readonly campaignService: Pick<CampaignService, "load">;
  readonly campaigns: CampaignRepository;
  readonly tenants: TenantRepository;
  readonly towns: TownRepository;
  readonly clock: Clock;
}

export type CampaignSummaryService = ReturnType<typeof createCampaignSummaryService>;

export function createCampaignSummaryService(deps: CampaignSummaryServiceDeps) {
  return {
    async report(ctx: RequestContext, id: string): Promise<{ campaign: Campaign; document: ReportDocument }> {
      const { tenantId } = requireTenantAccess(ctx.principal, "campaigns", "read");
      const campaign = await deps.campaignService.load(tenantId, id);
      // The tallies are read once: the progress and each unit's standing are both measured from them.
      const [tallies, tenant, towns] = await Promise.all([
        readCampaignTallies(deps.campaigns, tenantId, campaign),
        deps.tenants.get(tenantId),
        allOf((page) => deps.towns.listTowns(tenantId, page)),
      ]);
      const townNames = new Map(towns.map((t) => [t.id, t.name]));
      const now = deps.clock.now();
      const document = campaignSummaryDocument({
        campaign,
        issuer: tenant?.name ?? tenantId,
        asOf: chinaDate(now),
        progress: campaignProgressOf(campaign, tallies, townNames, now),
        units: tallies.units.map((u) => unitStanding(u, campaign, tallies.sampled)),
        samples: tallies.samples,
        townNames,
      });
      return { campaign, document };
    },
  };
}
