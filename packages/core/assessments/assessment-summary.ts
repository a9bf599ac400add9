// A town's assessment summary (镇街汇总): of the enterprise assessments in a town against one rubric, each
// unit's latest submitted or verified one counts; how many units, the exact average and spread of totals, the
// distribution in bands of the maximum, and the criteria that lost the most points. Computed from list entries
// (which carry totals and deductions), never from the assessments themselves.
import { z } from "zod";
import type { AssessmentSummary } from "#core/assessments/assessment";
import { criterionLosses, latestPerUnit, scoreRow } from "#core/assessments/unit-scores";
import { centi, formatCenti } from "#core/kernel/decimal";

/** Distribution bands as percentages of the rubric's maximum: [from, to), the last one closed at 100 %. */
const bands = [
  { label: "<60%", from: 0n, to: 60n },
  { label: "60–70%", from: 60n, to: 70n },
  { label: "70–80%", from: 70n, to: 80n },
  { label: "80–90%", from: 80n, to: 90n },
  { label: "≥90%", from: 90n, to: 101n },
] as const;

export const TownAssessmentSummarySchema = z
  .object({
    townId: z.string(),
    rubricId: z.string(),
    assessments: z.number().int().meta({ description: "Submitted or verified enterprise assessments read" }),
    unitsAssessed: z.number().int().meta({ description: "Units counted once each, by their latest assessment" }),
    verified: z.number().int().meta({ description: "Of the units, how many latest assessments are verified" }),
    average: z.string().nullable().meta({ description: "Exact sum / units, rounded half up to 0.01" }),
    lowest: z.string().nullable(),
    highest: z.string().nullable(),
    distribution: z.array(z.object({ band: z.string(), units: z.number().int() })),
    mostDeducted: z
      .array(
        z.object({
          criterionId: z.string(),
          title: z.string(),
          units: z.number().int().meta({ description: "Units that lost points here" }),
          points: z.string().meta({ description: "Points lost here, all units together" }),
        }),
      )
      .meta({ description: "Top 10 by points lost, then by units" }),
    benchmarks: z
      .object({
        year: z.number().int(),
        designated: z.number().int().meta({ description: "The town's standing benchmark-enterprise designations of the year" }),
        target: z.number().int().meta({ description: "New benchmark enterprises a town is asked for (the Shishi plan: 10)" }),
      })
      .meta({ description: "Benchmark enterprises (标杆企业) of the town: benchmarkYear, else the year of `to`, else this year" }),
  })
  .meta({ id: "TownAssessmentSummary" });
export type TownAssessmentSummary = z.infer<typeof TownAssessmentSummarySchema>;

export function summarizeTown(
  townId: string,
  rubricId: string,
  entries: readonly AssessmentSummary[],
  titleOf: (criterionId: string, rubricVersion: number) => string,
): Omit<TownAssessmentSummary, "benchmarks"> {
  const counted = entries.filter(
    (e) =>
      e.targetType === "enterprise" && e.rubricId === rubricId && (e.status === "submitted" || e.status === "verified") && e.total !== null,
  );
  const units = latestPerUnit(counted);
  const spread = scoreRow(units);
  const distribution = bands.map((band) => ({
    band: band.label,
    units: units.filter((u) => {
      // total / max ≥ from %  ⇔  total × 100 ≥ from × max (exact)
      const total = centi(u.total ?? "0") * 100n;
      const max = centi(u.maxTotal ?? "0");
      return total >= band.from * max && total < band.to * max;
    }).length,
  }));
  const mostDeducted = criterionLosses(units, (a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, 10)
    .map((v) => ({ criterionId: v.criterionId, title: titleOf(v.criterionId, v.version), units: v.units, points: formatCenti(v.points) }));
  return {
    townId,
    rubricId,
    assessments: counted.length,
    unitsAssessed: units.length,
    verified: units.filter((u) => u.status === "verified").length,
    average: spread.average,
    lowest: spread.lowest,
    highest: spread.highest,
    distribution,
    mostDeducted,
  };
}
