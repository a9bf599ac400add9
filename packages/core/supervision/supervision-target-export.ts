// The key-target list (差异化监管重点检查对象清单) as a spreadsheet officials pass on: one row per unit, its town by
// name, its reasons in the words people use, each explained with the day it has held since.
import { type SupervisionTarget, targetReasonNames } from "#core/supervision/supervision-target";

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
