// The ports of the campaigns domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/campaigns/.
import type { Campaign, CampaignSummary, CampaignUnit } from "#core/campaigns/campaign";
import type { CampaignSample } from "#core/campaigns/campaign-sample";
import type { ExpertVisit } from "#core/campaigns/expert-visit";
import type { ReviewGrant } from "#core/campaigns/review-grant";
import type { Page, PageRequest, WriteContext } from "#core/kernel/ports";

/** A unit as a campaign's scope resolution found it in the register. */
export interface ScopeUnit {
  readonly enterpriseId: string;
  readonly name: string;
  readonly townId: string;
}

export interface CampaignRepository {
  /** The definition and its list entry (conflict never: ids are new). */
  create(tenantId: string, campaign: Campaign, write: WriteContext): Promise<void>;
  /** Replaces the definition at `before.version` (412 when stale). */
  replace(tenantId: string, before: Campaign, after: Campaign, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<Campaign | undefined>;
  list(tenantId: string, page: PageRequest): Promise<Page<CampaignSummary>>;
  /**
   * Makes `units` the campaign's scope: each gets its tally (its work kept if it had one); a unit no longer in scope
   * loses its tally when it has no work, and is kept marked out of scope when it has. Then records on the
   * definition how many units are in scope and when this was done (derived data: no new version). Repeatable.
   */
  resolveScope(tenantId: string, id: string, units: readonly ScopeUnit[], at: string): Promise<void>;
  /** Every unit tally of the campaign (in scope or kept for its work). */
  units(tenantId: string, id: string): Promise<CampaignUnit[]>;
  unit(tenantId: string, id: string, enterpriseId: string): Promise<CampaignUnit | undefined>;
  /** A visit and its unit's tally (422 `not_in_campaign_scope` when the unit is not in scope). */
  recordVisit(tenantId: string, visit: ExpertVisit, write: WriteContext): Promise<void>;
  getVisit(tenantId: string, id: string, visitId: string): Promise<ExpertVisit | undefined>;
  visits(tenantId: string, id: string, page: PageRequest): Promise<Page<ExpertVisit>>;
  /** Stores a stage's draw once (409 `sample_drawn` when there is one). */
  recordSample(tenantId: string, campaignId: string, sample: CampaignSample, write: WriteContext): Promise<void>;
  samples(tenantId: string, id: string): Promise<CampaignSample[]>;
  /** Stores the grant in the district and its notice to the city, in one transaction (409 `review_granted` when one stands). */
  grantReview(districtId: string, grant: ReviewGrant, write: WriteContext): Promise<void>;
  /** Deletes the grant and its notice, in one transaction. */
  revokeReview(districtId: string, grant: ReviewGrant, write: WriteContext): Promise<void>;
  /** The grant standing for the campaign, read consistently from the district. */
  reviewGrant(districtId: string, campaignId: string): Promise<ReviewGrant | undefined>;
  /** The grants standing to the city, from their notices. */
  reviewsOf(cityId: string): Promise<ReviewGrant[]>;
  /** The city's audit record of a review it did (the district's is written with the assessment). */
  noteReview(cityId: string, write: WriteContext): Promise<void>;
}
