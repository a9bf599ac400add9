// Of a town's assessments of its units, what both the town's assessment summary (assessment-summary.ts) and its
// standardization report (town-report-figures.ts) count: each unit's latest assessment, the exact spread of their
// totals, and the points each criterion lost across them.
import type { AssessmentSummary } from "#core/assessments/assessment";
import { averageCenti, type Centi, centi, formatCenti } from "#core/kernel/decimal";

export interface ScoreRow {
  /** Units counted (each once). */
  readonly units: number;
  /** Exact sum / units, rounded half up to 0.01. */
  readonly average: string | null;
  readonly lowest: string | null;
  readonly highest: string | null;
}

const order = (e: AssessmentSummary) => `${e.assessedOn}#${e.id}`;

/** Each target's latest of `entries` (by assessment date, then id). */
export function latestPerUnit(entries: readonly AssessmentSummary[]): AssessmentSummary[] {
  const latest = new Map<string, AssessmentSummary>();
  for (const e of entries) {
    const held = latest.get(e.targetId);
    if (!held || order(e) > order(held)) latest.set(e.targetId, e);
  }
  return [...latest.values()];
}

export function scoreRow(latest: readonly AssessmentSummary[]): ScoreRow {
  const totals = latest.map((e) => centi(e.total ?? "0"));
  if (totals.length === 0) return { units: 0, average: null, lowest: null, highest: null };
  let sum = 0n;
  let lowest = totals[0] ?? 0n;
  let highest = lowest;
  // Exact (bigint) comparisons: Math.min/max would not take them.
  for (const t of totals) {
    sum += t;
    if (t < lowest) lowest = t;
    if (t > highest) highest = t;
  }
  return { units: totals.length, average: averageCenti(sum, totals.length), lowest: formatCenti(lowest), highest: formatCenti(highest) };
}

/** What one criterion lost across units: how many units lost points on it, how many points, its newest version. */
export interface CriterionLoss {
  readonly criterionId: string;
  readonly units: number;
  readonly points: Centi;
  /** The newest rubric version among those units' assessments: its titles are the current ones. */
  readonly version: number;
}

/**
 * The criteria that lost points across `units` (each unit's one assessment), most points first, then most units,
 * then by `compareIds`.
 */
export function criterionLosses(units: readonly AssessmentSummary[], compareIds: (a: string, b: string) => number): CriterionLoss[] {
  const lost = new Map<string, CriterionLoss>();
  for (const u of units) {
    for (const d of u.deductions) {
      const held = lost.get(d.criterionId) ?? { criterionId: d.criterionId, units: 0, points: 0n, version: u.rubricVersion };
      lost.set(d.criterionId, {
        criterionId: d.criterionId,
        units: held.units + 1,
        points: held.points + centi(d.deduction ?? "0"),
        // Titles from the newest version that has the criterion: a later version may have reworded it.
        version: Math.max(held.version, u.rubricVersion),
      });
    }
  }
  return [...lost.values()].sort((x, y) =>
    x.points !== y.points ? (y.points > x.points ? 1 : -1) : y.units - x.units || compareIds(x.criterionId, y.criterionId),
  );
}
