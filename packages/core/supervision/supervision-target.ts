// Key inspection targets (差异化监管重点检查对象): the units of a tenant that inspections should visit first, each
// with why. The reasons are derived from the unit's own facts (supervision-target-rules.ts) and kept current by
// re-deriving the unit whenever a fact changes (supervision-target-upkeep.ts). Here: the reasons, the row a list
// shows, and the list's filters.
import { z } from "zod";

/**
 * Why a unit is a key target, in a fixed order. `not-star-rated`, `no-current-star` and
 * `no-responsibility-system` are about the standardization campaign and apply to enterprises only (not the nine
 * small venues); the others apply to every live unit.
 */
export const targetReasons = [
  "not-star-rated",
  "no-current-star",
  "star-refused",
  "star-revoked",
  "no-responsibility-system",
  "sham-standardization",
  "high-risk",
  "open-major-hazard",
] as const;
export type TargetReason = (typeof targetReasons)[number];

export const targetReasonNames: Record<TargetReason, { zh: string; en: string }> = {
  "not-star-rated": { zh: "未开展星级评定", en: "Has not taken part in star rating" },
  "no-current-star": { zh: "未持有有效星级", en: "Holds no current star" },
  "star-refused": { zh: "不予评定星级", en: "Star rating refused" },
  "star-revoked": { zh: "星级被撤销", en: "A star was revoked" },
  "no-responsibility-system": { zh: "未落实全员安全生产责任制", en: "No all-staff responsibility system" },
  "sham-standardization": { zh: "纸上标准化、假创建", en: "Paper-only or sham standardization" },
  "high-risk": { zh: "红色、橙色风险", en: "Red or orange risk" },
  "open-major-hazard": { zh: "存在未销号的重大事故隐患", en: "An open major hazard" },
};

/** What a reason points at, to look it up: the refused application, the revoked award, the finding assessment, the hazard. */
export const targetRefTypes = ["star-application", "star-award", "assessment", "hazard"] as const;

const LocalizedSchema = z.object({ zh: z.string(), en: z.string() });

export const TargetReasonEntrySchema = z
  .object({
    code: z.enum(targetReasons),
    explanation: LocalizedSchema.meta({ description: "Why, in words (zh-CN and en)" }),
    since: z.string().meta({
      description:
        "Day (Asia/Shanghai) the reason has held since: the refusal, revocation, mark or hazard's day, the unit's registration for " +
        "not-star-rated; for register facts (risk level, responsibility system) and a lapsed star the day it was first seen",
    }),
    ref: z
      .object({ type: z.enum(targetRefTypes), id: z.string() })
      .nullable()
      .meta({ description: "The record behind the reason (the oldest open major hazard, the revoked award…), if one" }),
  })
  .meta({ id: "SupervisionTargetReason" });
export type TargetReasonEntry = z.infer<typeof TargetReasonEntrySchema>;

/** A unit's row on the key-target list, as stored (one record per target unit) and as listed. */
export const SupervisionTargetSchema = z
  .object({
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    creditCode: z.string(),
    townId: z.string(),
    reasons: z.array(TargetReasonEntrySchema).min(1).meta({ description: "Every reason the unit is a key target, in a fixed order" }),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "SupervisionTarget" });
export type SupervisionTarget = z.infer<typeof SupervisionTargetSchema>;

/** The list's filters, as the repository takes them (the service checks them first: 422 for an unknown town or reason). */
export interface SupervisionTargetFilter {
  readonly townId?: string | undefined;
  readonly reason?: TargetReason | undefined;
}

export function isTargetReason(value: string): value is TargetReason {
  return (targetReasons as readonly string[]).includes(value);
}

/**
 * The version of the derivation rules. The backfill runs again for a tenant whose last backfill used older rules
 * (a reason added or changed), so every unit is re-derived by the rules in force.
 */
export const targetRulesVersion = 1;
