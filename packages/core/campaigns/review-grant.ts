// Review by the parent city (复核): a district (Shishi) grants its parent city (Quanzhou) review of one campaign's
// assessments. While the grant stands the city reads those assessments — and nothing else of the district — and
// verifies or returns the ones handed in; revoking it ends that at once (every review request reads the grant).
import { z } from "zod";

export const GrantReviewSchema = z
  .strictObject({ note: z.string().trim().max(2000).nullable().default(null) })
  .meta({ id: "GrantCampaignReview" });

export const ReviewGrantSchema = z
  .object({
    campaignId: z.string(),
    campaignName: z.string(),
    districtId: z.string(),
    districtName: z.string(),
    cityId: z.string(),
    note: z.string().nullable(),
    grantedBy: z.string(),
    grantedAt: z.string(),
  })
  .meta({ id: "CampaignReviewGrant" });
export type ReviewGrant = z.infer<typeof ReviewGrantSchema>;

/** A campaign assessment as the reviewing city lists it. */
export const ReviewAssessmentSchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    townId: z.string(),
    stage: z.string(),
    status: z.string(),
    total: z.string().nullable(),
    assessedOn: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "ReviewAssessment" });
export type ReviewAssessment = z.infer<typeof ReviewAssessmentSchema>;
