// Work that belongs to a campaign (专项行动): an assessment, a hazard, an expert visit, a star application (and the stars it is
// awarded) or a benchmark designation names its campaign (and, for a
// hazard, the campaign's key item it was found against) when it is created, and keeps that link for good. What each
// piece of work adds to its unit's tally in the campaign is a small summary of it (`CampaignWork`), written in the
// same transaction as the work itself (store/dynamo/campaign-tally.ts): so the campaign's progress is read from its
// own tallies, never by reading the tenant's assessments and hazards, and never drifts from them.
//
// The link lives in the kernel because the domains whose work it tags (assessments, hazards) may not use the
// campaigns domain, which uses them.
import { z } from "zod";
import { idPattern } from "#core/kernel/ids";

export const CampaignLinkSchema = z
  .strictObject({
    campaignId: z.string().regex(idPattern, "Must be a campaign id (26 characters)"),
    keyItemId: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .nullable()
      .default(null)
      .meta({ description: "The campaign's key item (重点事项) the work is about, from its catalogue; null for none" }),
  })
  .meta({ id: "CampaignLink", description: "The campaign (专项行动) this work belongs to; set on creation, kept for good" });
export type CampaignLink = z.output<typeof CampaignLinkSchema>;

/** The link as stored and answered: absent on work from before campaigns, which is no campaign's. */
export const StoredCampaignLinkSchema = z
  .object({ campaignId: z.string(), keyItemId: z.string().nullable() })
  .nullable()
  .meta({ description: "The campaign (专项行动) this belongs to, or null" });

/** What one piece of work adds to its unit's tally in a campaign. */
export type CampaignWork =
  | {
      readonly kind: "assessment";
      readonly stage: string;
      readonly status: string;
      /** The total so far (scored rubrics), exact decimal text; null for a checklist. */
      readonly total: string | null;
      readonly on: string;
    }
  | { readonly kind: "hazard"; readonly keyItemId: string | null; readonly closed: boolean; readonly major: boolean; readonly on: string }
  | { readonly kind: "expert-visit"; readonly on: string; readonly experts: readonly string[]; readonly findings: number }
  /** A benchmark designation (标杆企业): `standing` while not withdrawn. */
  | { readonly kind: "benchmark"; readonly standing: boolean; readonly on: string }
  /** A star application of the campaign (亮星评级), by its status. */
  | { readonly kind: "star-application"; readonly status: string; readonly on: string }
  /** A star awarded on such an application: `held` while active or suspended. */
  | { readonly kind: "star-award"; readonly held: boolean; readonly on: string };

/**
 * One move of a unit's tally: `work` set (null: removed, for work discarded) under `workId` ("assessment#<id>"),
 * for the unit `enterpriseId` in the campaign `link` names. `linking` is true when the work is new (its link is
 * being made now): only then must the campaign be open and the key item in its catalogue.
 */
export interface CampaignTally {
  readonly link: CampaignLink;
  readonly enterpriseId: string;
  readonly workId: string;
  readonly work: CampaignWork | null;
  readonly linking: boolean;
}
