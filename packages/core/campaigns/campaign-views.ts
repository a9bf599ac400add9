// The answers of the campaign reads (their OpenAPI schemas): progress per town and stage, the units with where each
// stands, and a recorded expert visit with the hazards its findings became.
import { z } from "zod";
import { ExpertVisitSchema } from "#core/campaigns/expert-visit";

const StageProgressSchema = z.object({
  stageId: z.string(),
  deadline: z.string(),
  required: z
    .number()
    .int()
    .meta({ description: "Units the stage needs verified: the units in scope, or at the sampling stage those drawn" }),
  assessed: z.number().int().meta({ description: "Units with an assessment at the stage handed in" }),
  verified: z.number().int().meta({ description: "Units verified at the stage (at the sampling stage: whose score matched)" }),
  mismatched: z.number().int().meta({ description: "Sampled units whose verified score did not match: back to assistance" }),
  status: z
    .enum(["done", "on-track", "at-risk", "overdue"])
    .nullable()
    .meta({ description: "null for a stage measured by no assessments; at-risk within 7 days of the deadline" }),
});

const progressFields = {
  units: z.number().int().meta({ description: "Units in scope" }),
  reached: z.number().int().meta({ description: "Units with any work of the campaign but a draft assessment" }),
  notReached: z.number().int().meta({ description: "Units in scope never reached (coverage gap, 未覆盖)" }),
  reachTarget: z.object({ target: z.number().int(), met: z.boolean() }).nullable(),
  stages: z.array(StageProgressSchema),
  hazards: z.object({
    found: z.number().int(),
    closed: z.number().int(),
    byKeyItem: z.array(z.object({ keyItemId: z.string().nullable(), found: z.number().int(), closed: z.number().int() })),
  }),
  expertVisits: z.object({
    personVisits: z.number().int().meta({ description: "人次: each expert on each day once" }),
    enterpriseVisits: z.number().int().meta({ description: "家次: each visit once" }),
  }),
  benchmarks: z.object({
    designated: z.number().int().meta({ description: "Units with a standing benchmark designation of the campaign" }),
    target: z.number().int().nullable(),
    met: z.boolean().nullable(),
  }),
  stars: z.object({
    applied: z.number().int().meta({ description: "Units with a star application of the campaign" }),
    holding: z.number().int().meta({ description: "Units holding stars awarded on those applications" }),
  }),
};

export const CampaignProgressSchema = z
  .object({
    campaignId: z.string(),
    asOf: z.string(),
    total: z.object(progressFields),
    towns: z.array(z.object({ townId: z.string(), townName: z.string(), ...progressFields })),
    atRisk: z.array(
      z.object({
        stageId: z.string(),
        townId: z.string(),
        status: z.enum(["at-risk", "overdue"]),
        missing: z.number().int().meta({ description: "Units still to verify" }),
      }),
    ),
  })
  .meta({ id: "CampaignProgress" });

export const UnitStandingSchema = z
  .object({
    enterpriseId: z.string(),
    name: z.string(),
    townId: z.string(),
    inScope: z.boolean().meta({ description: "false: left the scope, kept for its work" }),
    reached: z.boolean(),
    verifiedStages: z.array(z.string()),
    sampled: z.boolean(),
    mismatch: z.boolean().meta({ description: "Sampled, and its verified score did not match its earlier one: back to assistance" }),
    hazards: z.object({ found: z.number().int(), closed: z.number().int() }),
    expertVisits: z.number().int(),
    benchmark: z.boolean().meta({ description: "A standing benchmark designation of the campaign" }),
  })
  .meta({ id: "CampaignUnit" });

export const RecordedVisitSchema = z
  .object({
    visit: ExpertVisitSchema,
    hazards: z
      .object({ created: z.array(z.object({ id: z.string() })), existing: z.array(z.string()) })
      .meta({ description: "The findings' hazards made by this call, and those there already" }),
  })
  .meta({ id: "RecordedExpertVisit" });
