// The key-target list (差异化监管重点检查对象清单) as a spreadsheet officials pass on: one row per unit, its town by
// name, its reasons in the words people use, each explained with the day it has held since.
import { z } from "zod";
import { type SupervisionTarget, targetReasonNames, targetReasons } from "#core/supervision/supervision-target";

/**
 * The list's filters as a query (or an export job) gives them: checked by the service, so an unknown town or reason
 * is a 422 naming it (like any filter naming what is not there).
 */
export const TargetQuerySchema = z.object({
  townId: z.string().max(64).optional().meta({ description: "One town's targets (a town id of the tenant)" }),
  reason: z
    .string()
    .max(64)
    .optional()
    .meta({
      description: `Targets on the list for this reason: ${targetReasons.map((r) => `${r} ${targetReasonNames[r].zh}`).join(" | ")}`,
      example: "star-refused",
    }),
});

export const targetExportTitle = "重点检查对象清单";

export const targetExportColumns: readonly { key: string; header: string; width?: number }[] = [
  { key: "unit", header: "单位名称", width: 32 },
  { key: "creditCode", header: "统一社会信用代码", width: 22 },
  { key: "town", header: "镇（街道）" },
  { key: "reasons", header: "列为重点检查对象的原因", width: 40 },
  { key: "details", header: "原因说明", width: 64 },
  { key: "since", header: "最早起始日期" },
];

export function targetExportRow(t: SupervisionTarget, townName: string): Record<string, string> {
  return {
    unit: t.enterpriseName,
    creditCode: t.creditCode,
    town: townName,
    reasons: t.reasons.map((r) => targetReasonNames[r.code].zh).join("、"),
    details: t.reasons.map((r) => `${r.explanation.zh}（自 ${r.since}）`).join("\n"),
    since: t.reasons.map((r) => r.since).sort()[0] ?? "",
  };
}
