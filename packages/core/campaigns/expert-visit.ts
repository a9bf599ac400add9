// Expert visits (专家服务进企业): experts sent to a unit on a day by a campaign, and what they found — each finding
// becomes a hazard of the unit in the same call, tied to the campaign (and to a key item when it names one). Counted
// as the sources count them (Yangzhou: "派出专家2659人次，服务企业3225家次"): each visit is one enterprise-visit (家次),
// each expert on each day one person-visit (人次), however many units the day took them to.
import { z } from "zod";
import { severities } from "#core/hazards/hazard";
import type { CampaignWork } from "#core/kernel/campaign-work";
import { PhoneSchema } from "#core/kernel/phone";
import { singleLine } from "#core/kernel/text";
import { DateSchema, EnterpriseIdSchema } from "#core/register/enterprise";

export const ExpertSchema = z.strictObject({
  name: singleLine(30),
  organization: singleLine(100).nullable().default(null).meta({ description: "e.g. 省安全生产专家库" }),
  field: singleLine(50).nullable().default(null).meta({ description: "The expert's field, e.g. 危险化学品" }),
  phone: PhoneSchema.nullable().default(null),
});

export const FindingSchema = z.strictObject({
  category: singleLine(50).meta({ description: "Hazard category (隐患类别)", example: "有限空间" }),
  description: z.string().trim().min(1).max(2000),
  location: singleLine(200, 0).nullable().default(null),
  severity: z.enum(severities).default("general"),
  keyItemId: z.string().trim().min(1).max(32).nullable().default(null).meta({ description: "The campaign's key item it is about" }),
});

export const RecordExpertVisitSchema = z
  .strictObject({
    enterpriseId: EnterpriseIdSchema,
    visitedOn: DateSchema,
    experts: z.array(ExpertSchema).min(1).max(20),
    summary: z.string().trim().max(4000).nullable().default(null).meta({ description: "What the experts advised (服务内容)" }),
    findings: z.array(FindingSchema).max(50).default([]).meta({ description: "Each becomes a hazard of the unit" }),
  })
  .meta({ id: "RecordExpertVisit" });
export type RecordExpertVisit = z.output<typeof RecordExpertVisitSchema>;

export const ExpertVisitSchema = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    townId: z.string(),
    visitedOn: z.string(),
    experts: z.array(
      z.object({ name: z.string(), organization: z.string().nullable(), field: z.string().nullable(), phone: z.string().nullable() }),
    ),
    summary: z.string().nullable(),
    findings: z.array(
      z.object({
        category: z.string(),
        description: z.string(),
        location: z.string().nullable(),
        severity: z.enum(severities),
        keyItemId: z.string().nullable(),
        hazardId: z.string().meta({ description: "The hazard the finding became" }),
      }),
    ),
    recordedBy: z.string(),
    createdAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "ExpertVisit" });
export type ExpertVisit = z.infer<typeof ExpertVisitSchema>;

/** The hazard id of a visit's n-th finding: the visit's id with its last two characters the finding's number. */
export function findingHazardId(visitId: string, index: number): string {
  return `${visitId.slice(0, 24)}${index.toString(36).padStart(2, "0")}`;
}

/** An expert's identity for the person-visit count: name and organization. */
const expertKey = (e: ExpertVisit["experts"][number]) => `${e.name}\u0001${e.organization ?? ""}`;

/** What a visit adds to its unit's tally in its campaign. */
export function visitCampaignWork(v: ExpertVisit): CampaignWork {
  return { kind: "expert-visit", on: v.visitedOn, experts: v.experts.map(expertKey), findings: v.findings.length };
}
