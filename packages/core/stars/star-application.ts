// Star applications (星级评定申请): a unit applies for a published scheme version (an inspector on its behalf, or a
// portal with the stars:apply scope); the server evaluates every star at once and keeps the evaluation with the
// evidence it read, so the outcome can be explained years later. An official then reviews it.
import { z } from "zod";
import { CampaignLinkSchema, type CampaignWork, StoredCampaignLinkSchema } from "#core/kernel/campaign-work";
import { idPattern } from "#core/kernel/ids";
import { singleLine } from "#core/kernel/text";
import { EnterpriseIdSchema } from "#core/register/enterprise";
import { PlaqueSchema } from "#core/stars/star-award-record";
import { UnitEvidenceSchema } from "#core/stars/star-evidence";

export const applicationStatuses = ["pending", "awarded", "refused", "returned"] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const ApplyForStarsSchema = z
  .strictObject({
    enterpriseId: EnterpriseIdSchema,
    schemeId: z.string().regex(idPattern, "A star scheme id (26 characters)"),
    note: singleLine(500).optional().meta({ description: "What the unit or the inspector adds" }),
    campaign: CampaignLinkSchema.nullable()
      .default(null)
      .meta({ description: "The campaign (专项行动) the application is part of; the stars awarded on it are the campaign's" }),
  })
  .meta({ id: "ApplyForStars" });

const LocalizedSchema = z.object({ zh: z.string(), en: z.string() });

export const StarResultSchema = z
  .object({
    starId: z.string(),
    name: z.string().meta({ description: "The star's Chinese name" }),
    labelCode: z.string(),
    passed: z.boolean().meta({ description: "Every evidence rule holds" }),
    rules: z.array(z.object({ rule: z.number().int(), type: z.string(), passed: z.boolean(), explanation: LocalizedSchema })),
  })
  .meta({ id: "StarResult" });

export const StarEvaluationSchema = z
  .object({
    at: z.string(),
    evidence: UnitEvidenceSchema,
    stars: z.array(StarResultSchema),
  })
  .meta({ id: "StarEvaluation" });
export type StarEvaluation = z.infer<typeof StarEvaluationSchema>;

export const StarApplicationSchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    townId: z.string(),
    scheme: z.object({ id: z.string(), version: z.number().int(), title: z.string() }),
    status: z.enum(applicationStatuses),
    note: z.string().nullable(),
    filedBy: z.string().meta({ description: "The official behind the application (an API key's issuer)" }),
    filedVia: z.enum(["official", "api-key"]),
    filedAt: z.string(),
    evaluation: StarEvaluationSchema,
    review: z
      .object({
        decision: z.enum(["awarded", "refused", "returned"]),
        by: z.string(),
        at: z.string(),
        reason: z.string().nullable(),
        awarded: z.array(z.object({ starId: z.string(), awardId: z.string() })),
      })
      .nullable()
      .meta({ description: "The official's review; null while pending" }),
    campaign: StoredCampaignLinkSchema.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "StarApplication" });
export type StarApplication = z.infer<typeof StarApplicationSchema>;

export const StarApplicationSummarySchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    townId: z.string(),
    schemeId: z.string(),
    schemeVersion: z.number().int(),
    status: z.enum(applicationStatuses),
    starsPassed: z.number().int(),
    stars: z.number().int(),
    filedAt: z.string(),
  })
  .meta({ id: "StarApplicationSummary" });
export type StarApplicationSummary = z.infer<typeof StarApplicationSummarySchema>;

export const StarApplicationFilterSchema = z.strictObject({
  enterpriseId: EnterpriseIdSchema.optional(),
  status: z.enum(applicationStatuses).optional(),
});
export type StarApplicationFilter = z.output<typeof StarApplicationFilterSchema>;

export function summarizeApplication(a: StarApplication): StarApplicationSummary {
  return {
    id: a.id,
    enterpriseId: a.enterpriseId,
    enterpriseName: a.enterpriseName,
    townId: a.townId,
    schemeId: a.scheme.id,
    schemeVersion: a.scheme.version,
    status: a.status,
    starsPassed: a.evaluation.stars.filter((s) => s.passed).length,
    stars: a.evaluation.stars.length,
    filedAt: a.filedAt,
  };
}

export const AwardStarsSchema = z
  .strictObject({
    stars: z
      .array(z.string().min(1).max(32))
      .min(1)
      .max(10)
      .optional()
      .meta({ description: "The stars to award (default: every star that passed); each must have passed" }),
    plaque: PlaqueSchema.optional(),
    note: singleLine(500).optional(),
  })
  .meta({ id: "AwardStars" });

export const ReasonSchema = z
  .strictObject({ reason: singleLine(500).meta({ description: "Why (required)" }) })
  .meta({ id: "StarReviewReason" });

/** What an application adds to its unit's tally in its campaign. */
export function applicationCampaignWork(a: { status: string; filedAt: string }): CampaignWork {
  return { kind: "star-application", status: a.status, on: a.filedAt.slice(0, 10) };
}
