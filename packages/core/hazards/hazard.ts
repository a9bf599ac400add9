// Hazards (隐患清单) and their rectification (整改清单): what was found at a unit, by whom and how serious (一般 general
// or 重大 major accident hazard), then the closed loop — reported → assigned (交办, with measure, responsible
// person, deadline, funds) → rectifying → submitted for verification → closed (销号), or sent back to rectifying.
// Overdue is derived from the deadline in Asia/Shanghai, never stored.

import { z } from "zod";
import { PointsSchema } from "#core/assessments/rubric";
import { CampaignLinkSchema, type CampaignWork, StoredCampaignLinkSchema } from "#core/kernel/campaign-work";
import { idPattern } from "#core/kernel/ids";
import { PhoneSchema } from "#core/kernel/phone";
import { singleLine } from "#core/kernel/text";
import { bilingual } from "#core/kernel/validation";
import { DateSchema, EnterpriseIdSchema, TownIdSchema } from "#core/register/enterprise";

export const HazardIdSchema = z.string().regex(idPattern, "Must be a hazard id (26 characters)");

export const severities = ["general", "major"] as const;
export type Severity = (typeof severities)[number];
export const severityNames: Record<Severity, string> = { general: "一般隐患", major: "重大事故隐患" };

export const hazardSources = ["inspection", "self-check", "grid-patrol", "assessment", "public-report", "expert-visit"] as const;
export const hazardSourceNames: Record<(typeof hazardSources)[number], string> = {
  inspection: "执法检查",
  "self-check": "企业自查",
  "grid-patrol": "网格巡查",
  assessment: "督导评估",
  "public-report": "群众举报",
  "expert-visit": "专家服务",
};

export const hazardStates = ["reported", "assigned", "rectifying", "submitted", "closed"] as const;
export type HazardState = (typeof hazardStates)[number];
export const hazardStateNames: Record<HazardState, string> = {
  reported: "已上报",
  assigned: "已交办",
  rectifying: "整改中",
  submitted: "待验收",
  closed: "已销号",
};

export type HazardAction = "edit" | "assign" | "start" | "submit" | "close" | "reject" | "extend";

/** What each state allows; any other request is 409 naming these. */
export const hazardTransitions: Record<HazardState, readonly HazardAction[]> = {
  reported: ["edit", "assign"],
  assigned: ["edit", "start", "extend"],
  rectifying: ["submit", "extend"],
  submitted: ["close", "reject"],
  closed: [],
};

const PersonSchema = z.strictObject({
  name: singleLine(30),
  phone: PhoneSchema.nullable().default(null),
});

const EvidenceRefSchema = z
  .array(singleLine(300))
  .max(20)
  .default([])
  .meta({ description: "Photos or files (blob keys or URLs from the client's upload), before/after" });

const details = {
  category: singleLine(50).meta({ description: "Category (隐患类别), e.g. 消防安全, 有限空间", example: "有限空间" }),
  description: z.string().trim().min(1).max(2000),
  location: singleLine(200, 0).nullable().default(null),
  severity: z.enum(severities).meta({ description: "general 一般隐患 | major 重大事故隐患" }),
};

export const CreateHazardSchema = z
  .strictObject({
    enterpriseId: EnterpriseIdSchema,
    ...details,
    source: z
      .enum(hazardSources)
      .meta({ description: "inspection | self-check | grid-patrol | assessment | public-report | expert-visit" }),
    foundBy: PersonSchema,
    foundOn: DateSchema,
    evidence: EvidenceRefSchema,
    campaign: CampaignLinkSchema.nullable()
      .default(null)
      .meta({ description: "The campaign (专项行动) it was found in, and the key item (重点事项) it is about" }),
  })
  .meta({ id: "CreateHazard" });

export const UpdateHazardSchema = z
  .strictObject({
    category: details.category.optional(),
    description: details.description.optional(),
    location: singleLine(200, 0).nullable().optional(),
    severity: details.severity.optional(),
  })
  .meta({ id: "UpdateHazard" });

export const RectificationSchema = z.strictObject({
  measure: z.string().trim().min(1).max(2000).meta({ description: "整改措施" }),
  responsible: PersonSchema.meta({ description: "整改责任人" }),
  deadline: DateSchema.meta({ description: "整改期限 (Asia/Shanghai date)" }),
  funds: PointsSchema.nullable().default(null).meta({ description: "整改资金 in yuan, exact (two decimals)" }),
});
export type Rectification = z.output<typeof RectificationSchema>;

export const TransitionBodySchema = z
  .strictObject({
    note: z.string().trim().max(2000).nullable().default(null),
    evidence: EvidenceRefSchema,
  })
  .meta({ id: "HazardTransition" });
export const AssignHazardSchema = TransitionBodySchema.extend({ rectification: RectificationSchema }).meta({ id: "AssignHazard" });
export const RejectHazardSchema = TransitionBodySchema.extend({
  note: z.string().trim().min(1).max(2000).meta({ description: "Why the rectification is not accepted" }),
}).meta({ id: "RejectHazard" });
export const FromAssessmentSchema = z
  .strictObject({
    criterionIds: z.array(z.string().max(32)).min(1).max(100).optional().meta({ description: "Default: every failed criterion" }),
    severity: z.enum(severities).default("general"),
    foundBy: PersonSchema.optional().meta({ description: "Default: the assessor" }),
  })
  .meta({ id: "HazardsFromAssessment" });

/**
 * Minor violations (Tongshan): no penalty, a lighter one (从轻: within the statutory range, towards its low end), a
 * mitigated one (减轻: below the statutory range — the law and the source, "不予处罚或者从轻减轻处罚", name it
 * apart from the lighter one), or the ordinary one — with the credit-repair path told.
 */
export const penaltyDecisions = ["none", "lighter", "mitigated", "ordinary"] as const;
export type PenaltyDecision = (typeof penaltyDecisions)[number];
export const penaltyDecisionNames: Record<PenaltyDecision, string> = {
  none: "不予处罚",
  lighter: "从轻处罚",
  mitigated: "减轻处罚",
  ordinary: "依法处罚",
};

export const PenaltyDecisionSchema = z
  .strictObject({
    decision: z.enum(penaltyDecisions).meta({ description: "none 不予处罚 | lighter 从轻处罚 | mitigated 减轻处罚 | ordinary 依法处罚" }),
    basis: z.string().trim().min(1).max(1000).meta({ description: "Why, e.g. 首违、轻微且未造成危害后果" }),
    creditRepair: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .nullable()
      .default(null)
      .meta({ description: "The credit-repair path told to the unit (信用修复); required unless no penalty" }),
    toldOn: DateSchema.meta({ description: "When the unit was told" }),
  })
  .superRefine((d, ctx) => {
    if (d.decision !== "none" && d.creditRepair === null) {
      ctx.addIssue({
        code: "custom",
        path: ["creditRepair"],
        ...bilingual(
          "credit_repair_required",
          "处罚决定须告知信用修复途径",
          "A penalty decision must tell the unit its credit-repair path",
        ),
      });
    }
  })
  .meta({ id: "PenaltyDecision" });

export const ExtendDeadlineSchema = z
  .strictObject({ deadline: DateSchema, reason: z.string().trim().min(1).max(1000) })
  .meta({ id: "ExtendDeadline" });

const ActorSchema = z.object({
  kind: z.string(),
  id: z.string(),
  role: z.string().optional(),
  person: z.string().optional().meta({ description: "For an API key: the official who issued it" }),
});

export const HazardSchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    hostId: z.string().nullable().meta({ description: "The host unit when the unit is a 厂中厂 lessee" }),
    townId: z.string(),
    gridId: z.string().nullable(),
    industry: z.string().meta({ description: "Two-digit industry division of the unit" }),
    category: z.string(),
    description: z.string(),
    location: z.string().nullable(),
    severity: z.enum(severities),
    source: z.enum(hazardSources),
    sourceRef: z.object({ assessmentId: z.string(), criterionId: z.string() }).nullable(),
    campaign: StoredCampaignLinkSchema.optional(),
    foundBy: z.object({ name: z.string(), phone: z.string().nullable() }),
    foundOn: z.string(),
    evidence: z.array(z.string()),
    state: z.enum(hazardStates),
    rectification: z
      .object({
        measure: z.string(),
        responsible: z.object({ name: z.string(), phone: z.string().nullable() }),
        deadline: z.string(),
        funds: z.string().nullable(),
      })
      .nullable(),
    deadlineHistory: z.array(z.object({ from: z.string(), to: z.string(), reason: z.string(), by: ActorSchema, at: z.string() })),
    transitions: z.array(
      z.object({
        action: z.string(),
        from: z.enum(hazardStates),
        to: z.enum(hazardStates),
        by: ActorSchema,
        at: z.string(),
        note: z.string().nullable(),
        evidence: z.array(z.string()),
      }),
    ),
    submittedBy: z.string().nullable().meta({ description: "Who submitted the rectification for verification" }),
    penalty: z
      .object({
        decision: z.enum(penaltyDecisions),
        basis: z.string(),
        creditRepair: z.string().nullable(),
        toldOn: z.string(),
        decidedBy: ActorSchema,
        decidedAt: z.string(),
      })
      .nullable()
      .meta({ description: "Minor-violation decision (轻微违法行为不予处罚/从轻处罚/减轻处罚) and the credit-repair path told" }),
    closedOn: z.string().nullable(),
    escalatedTo: z
      .object({ cityId: z.string(), id: z.string() })
      .nullable()
      .optional()
      .meta({ description: "Escalated to the parent city's joint tackling list (联合攻坚清单): which item" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "Hazard" });
export type Hazard = z.infer<typeof HazardSchema>;

/** A list row: enough to filter and show (overdue is derived when read). */
export const HazardSummarySchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    hostId: z.string().nullable(),
    townId: z.string(),
    industry: z.string(),
    category: z.string(),
    description: z.string(),
    severity: z.enum(severities),
    state: z.enum(hazardStates),
    source: z.enum(hazardSources),
    foundOn: z.string(),
    deadline: z.string().nullable(),
    responsible: z.string().nullable(),
    closedOn: z.string().nullable(),
    escalated: z.boolean().optional().meta({ description: "true when escalated to the parent city" }),
  })
  .meta({ id: "HazardSummary" });
export type HazardSummary = z.infer<typeof HazardSummarySchema>;

export function summarizeHazard(h: Hazard): HazardSummary {
  return {
    id: h.id,
    enterpriseId: h.enterpriseId,
    enterpriseName: h.enterpriseName,
    hostId: h.hostId,
    townId: h.townId,
    industry: h.industry,
    category: h.category,
    description: h.description.slice(0, 200),
    severity: h.severity,
    state: h.state,
    source: h.source,
    foundOn: h.foundOn,
    deadline: h.rectification?.deadline ?? null,
    responsible: h.rectification?.responsible.name ?? null,
    closedOn: h.closedOn,
    ...(h.escalatedTo ? { escalated: true } : {}),
  };
}

/** What a hazard adds to its unit's tally in its campaign. */
export function hazardCampaignWork(h: Hazard): CampaignWork {
  return {
    kind: "hazard",
    keyItemId: h.campaign?.keyItemId ?? null,
    closed: h.state === "closed",
    major: h.severity === "major",
    on: h.foundOn,
  };
}

/** Overdue (逾期): not closed and past its deadline, by the calendar in China. */
export function isOverdue(h: Pick<HazardSummary, "state" | "deadline">, today: string): boolean {
  return h.state !== "closed" && h.deadline !== null && h.deadline < today;
}

export const HazardFilterSchema = z.strictObject({
  enterpriseId: EnterpriseIdSchema.optional(),
  hostId: EnterpriseIdSchema.optional().meta({ description: "Hazards of a host's lessees (厂中厂)" }),
  townId: TownIdSchema.optional(),
  industry: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .meta({ description: "Two-digit industry division" }),
  severity: z.enum(severities).optional(),
  state: z.enum(hazardStates).optional(),
  overdue: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .meta({ description: "true: open hazards past their deadline, longest overdue first" }),
  escalated: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true"))
    .meta({ description: "true: escalated to the parent city; false: not escalated" }),
});
export type HazardFilter = z.output<typeof HazardFilterSchema>;
