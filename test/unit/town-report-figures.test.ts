// The figures of a town's standardization report (assessments/town-report-figures.ts): units by size class and
// industry with the closed ones left out and exact shares; scores per unit by its latest verified assessment with
// exact averages; the most-deducted criteria ranked by points lost, then by units, then in table order. Worked
// examples, then laws over any list entries (fast-check): the ranking is sorted and bounded, its totals are the
// deductions of the units' latest assessments, and the order the entries are read in changes nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AssessmentSummary, Stage } from "#core/assessments/assessment";
import {
  assessmentFigures,
  compareCriterionIds,
  mostDeductedCriteria,
  registerFigures,
  shareOf,
} from "#core/assessments/town-report-figures";
import { latestPerUnit, scoreRow } from "#core/assessments/unit-scores";
import { centi, formatCenti } from "#core/kernel/decimal";
import type { EnterpriseSummary } from "#core/register/enterprise";

const townId = "01jtown0000000000000000001";
const rubricId = "shishi-enterprise-2024";

function unit(id: string, more: Partial<EnterpriseSummary> = {}): EnterpriseSummary {
  return {
    id,
    name: `单位${id}`,
    creditCode: "91350581MA0000000X",
    townId,
    gridId: null,
    sizeClass: "small-micro",
    productionStatus: "producing",
    riskLevel: null,
    venueType: null,
    hostId: null,
    standardization: { status: "not-started", responsibilitySystem: false, starRated: false, informationCollected: false },
    industryCode: "3311",
    industryName: "金属结构制造",
    divisionCode: "33",
    ...more,
  };
}

let serial = 0;
function entry(targetId: string, total: string, more: Partial<AssessmentSummary> = {}): AssessmentSummary {
  serial++;
  return {
    id: `01jassess${String(serial).padStart(17, "0")}`,
    targetType: "enterprise",
    targetId,
    targetName: `单位${targetId}`,
    townId,
    rubricId,
    rubricVersion: 1,
    rubricTitle: "生产经营单位安全生产标准化提质增效督导帮扶行动细则",
    stage: "assistance",
    status: "verified",
    assessedOn: "2026-11-01",
    assessorName: "陈秋茹",
    total,
    maxTotal: "100",
    complete: true,
    failed: more.deductions?.length ?? 0,
    deductions: [],
    updatedAt: "2026-11-01T02:00:00.000Z",
    ...more,
  };
}

const lost = (criterionId: string, deduction: string) => ({ criterionId, deduction });
const place = (criterionId: string, version: number) => ({
  title: `细则${criterionId}（第${version}版）`,
  sectionTitle: `项目${criterionId.split(".")[0]}`,
});

describe("三: the town's units", () => {
  it("counts every size class (zeros too), leaves closed units out, and shares exactly, rounded half up", () => {
    const units = [
      unit("a", { sizeClass: "above-scale" }),
      unit("b", { sizeClass: "medium" }),
      unit("c", { sizeClass: "medium", venueType: "shop", divisionCode: "52" }),
      unit("d", { sizeClass: "above-scale", productionStatus: "closed" }),
      unit("e", { sizeClass: "medium", divisionCode: "29", productionStatus: "halted" }),
      unit("f", { sizeClass: "medium", divisionCode: "29" }),
    ];
    const figures = registerFigures(units, new Set());
    expect(figures).toMatchObject({ counted: 5, enterprises: 4, venues: 1, closed: 1 });
    // 1/5 = 20 %, 4/5 = 80 %; a halted unit is still a unit of the register, a closed one is not.
    expect(figures.bySize).toEqual([
      { sizeClass: "above-scale", units: 1, share: "20" },
      { sizeClass: "medium", units: 4, share: "80" },
      { sizeClass: "small-micro", units: 0, share: "0" },
    ]);
    // Most units first, then by division code; names from GB/T 4754.
    expect(figures.byIndustry).toEqual([
      { divisionCode: "29", divisionName: "橡胶和塑料制品业", units: 2, bySize: { "above-scale": 0, medium: 2, "small-micro": 0 } },
      { divisionCode: "33", divisionName: "金属制品业", units: 2, bySize: { "above-scale": 1, medium: 1, "small-micro": 0 } },
      { divisionCode: "52", divisionName: "零售业", units: 1, bySize: { "above-scale": 0, medium: 1, "small-micro": 0 } },
    ]);
  });

  it("shares of a third round half up to 0.01; no units, no share", () => {
    expect(shareOf(1, 3)).toBe("33.33");
    expect(shareOf(2, 3)).toBe("66.67");
    expect(shareOf(1, 8)).toBe("12.5");
    expect(shareOf(0, 0)).toBeNull();
    const none = registerFigures([], new Set());
    expect(none.counted).toBe(0);
    expect(none.bySize.map((r) => r.share)).toEqual([null, null, null]);
    expect(none.standardization.at(-1)).toMatchObject({ sizeClass: null, enterprises: 0, passRate: null });
  });

  it("counts standardization profiles of enterprises only, by size class and in total; the pass rate from verified assessments, not the declared status", () => {
    const passed = { status: "passed" as const, responsibilitySystem: true, starRated: false, informationCollected: true };
    // a declares passed but has no verified passing assessment; b is in progress by the register but passes; the
    // venue c passes but counts in no enterprise figure; d declares nothing and passes.
    const figures = registerFigures(
      [
        unit("a", { sizeClass: "above-scale", standardization: passed }),
        unit("b", { sizeClass: "above-scale", standardization: { ...passed, status: "in-progress", informationCollected: false } }),
        unit("c", { sizeClass: "above-scale", standardization: passed, venueType: "eatery" }),
        unit("d"),
      ],
      new Set(["b", "c", "d"]),
    );
    expect(figures.standardization).toEqual([
      {
        sizeClass: "above-scale",
        enterprises: 2,
        notStarted: 0,
        inProgress: 1,
        declaredPassed: 1,
        passed: 1,
        passRate: "50",
        responsibilitySystem: 2,
        informationCollected: 1,
      },
      {
        sizeClass: "medium",
        enterprises: 0,
        notStarted: 0,
        inProgress: 0,
        declaredPassed: 0,
        passed: 0,
        passRate: null,
        responsibilitySystem: 0,
        informationCollected: 0,
      },
      {
        sizeClass: "small-micro",
        enterprises: 1,
        notStarted: 1,
        inProgress: 0,
        declaredPassed: 0,
        passed: 1,
        passRate: "100",
        responsibilitySystem: 0,
        informationCollected: 0,
      },
      {
        sizeClass: null,
        enterprises: 3,
        notStarted: 1,
        inProgress: 1,
        declaredPassed: 1,
        passed: 2,
        passRate: "66.67",
        responsibilitySystem: 2,
        informationCollected: 1,
      },
    ]);
  });
});

describe("scores", () => {
  it("each unit by its latest assessment: the later date wins, then the later id", () => {
    const first = entry("a", "80", { assessedOn: "2026-11-01" });
    const later = entry("a", "90", { assessedOn: "2026-11-02" });
    const sameDayLaterId = entry("a", "95", { assessedOn: "2026-11-02" });
    expect(latestPerUnit([sameDayLaterId, first, later]).map((e) => e.total)).toEqual(["95"]);
  });

  it("averages exactly, rounded half up (85.5 and 85.51 → 85.51, where floating point says 85.50)", () => {
    expect(scoreRow([entry("a", "85.5"), entry("b", "85.51")])).toEqual({ units: 2, average: "85.51", lowest: "85.5", highest: "85.51" });
    expect(scoreRow([entry("a", "97.5"), entry("b", "93"), entry("c", "90.5")]).average).toBe("93.67");
    expect(scoreRow([])).toEqual({ units: 0, average: null, lowest: null, highest: null });
  });

  it("counts verified enterprise assessments of the rubric only; stages by each unit's latest at the stage; sizes and industries by the unit", () => {
    const units = [
      unit("a", { sizeClass: "above-scale" }),
      unit("b", { sizeClass: "medium", divisionCode: "29" }),
      unit("c", { productionStatus: "closed" }),
    ];
    const moved = unit("m", { sizeClass: "medium", townId: "01jtown0000000000000000002" });
    const byId = new Map([...units, moved].map((u) => [u.id, u]));
    const at = (stage: Stage, assessedOn: string) => ({ stage, assessedOn });
    const entries = [
      entry("a", "90", at("self-check", "2026-11-01")),
      entry("a", "96", at("verification", "2026-11-10")),
      entry("b", "80", at("assistance", "2026-11-03")),
      entry("b", "84", at("assistance", "2026-11-04")),
      entry("m", "70", at("assistance", "2026-11-05")),
      entry("b", "99", { status: "submitted" }),
      entry("b", "10", { status: "draft" }),
      entry("a", "50", { rubricId: "another-rubric" }),
      entry("01jtown0000000000000000001", "88", { targetType: "town" }),
    ];
    const figures = assessmentFigures(rubricId, entries, units, byId, place, 10);
    expect(figures.verified).toBe(5);
    expect(figures.pending).toBe(1);
    // a 96, b 84, m 70 → 250 / 3 = 83.333… → 83.33
    expect(figures.overall).toEqual({ units: 3, average: "83.33", lowest: "70", highest: "96" });
    expect(figures.byStage).toEqual([
      { stage: "self-check", assessments: 1, units: 1, average: "90", lowest: "90", highest: "90" },
      { stage: "assistance", assessments: 3, units: 2, average: "77", lowest: "70", highest: "84" },
      { stage: "verification", assessments: 1, units: 1, average: "96", lowest: "96", highest: "96" },
    ]);
    // The moved unit counts by its size class now; units in the town leave the closed one out.
    expect(figures.bySize).toEqual([
      { sizeClass: "above-scale", inTown: 1, units: 1, average: "96", lowest: "96", highest: "96" },
      { sizeClass: "medium", inTown: 1, units: 2, average: "77", lowest: "70", highest: "84" },
      { sizeClass: "small-micro", inTown: 0, units: 0, average: null, lowest: null, highest: null },
    ]);
    // As many units of each in the town: the one with more assessed first.
    expect(figures.byIndustry.map((r) => [r.divisionCode, r.inTown, r.units, r.average])).toEqual([
      ["33", 1, 2, "83"],
      ["29", 1, 1, "84"],
    ]);
  });
});

describe("五: the most-deducted criteria", () => {
  it("ranks by points lost, then by units, then in table order (2.1 before 10.1), and keeps the first N", () => {
    const latest = [
      entry("a", "90", { deductions: [lost("10.1", "3"), lost("2.1", "2"), lost("14.1", "5")] }),
      entry("b", "95", { deductions: [lost("2.1", "2"), lost("9.1", "1"), lost("10.1", "1")] }),
      entry("c", "97", { deductions: [lost("3.1", "2"), lost("9.1", "1")] }),
    ];
    const ranked = mostDeductedCriteria(latest, place, 10);
    expect(ranked.map((m) => [m.criterionId, m.points, m.units])).toEqual([
      ["14.1", "5", 1],
      ["2.1", "4", 2],
      ["10.1", "4", 2],
      ["9.1", "2", 2],
      ["3.1", "2", 1],
    ]);
    expect(ranked[0]).toEqual({
      criterionId: "14.1",
      title: "细则14.1（第1版）",
      sectionTitle: "项目14",
      units: 1,
      points: "5",
      share: "33.33",
    });
    expect(mostDeductedCriteria(latest, place, 2).map((m) => m.criterionId)).toEqual(["14.1", "2.1"]);
    expect(mostDeductedCriteria([], place, 10)).toEqual([]);
  });

  it("adds exactly (2.5 + 2.5 + 0.01) and titles a criterion by the newest rubric version that has it", () => {
    const ranked = mostDeductedCriteria(
      [
        entry("a", "97.5", { deductions: [lost("15.1", "2.5")] }),
        entry("b", "97.5", { rubricVersion: 3, deductions: [lost("15.1", "2.5")] }),
        entry("c", "99.99", { rubricVersion: 2, deductions: [lost("15.1", "0.01")] }),
      ],
      place,
      10,
    );
    expect(ranked).toEqual([
      { criterionId: "15.1", title: "细则15.1（第3版）", sectionTitle: "项目15", units: 3, points: "5.01", share: "100" },
    ]);
  });

  it("compares criterion ids part by part as numbers, letters after", () => {
    expect(["21.1b", "10.1", "2.1", "21.1a", "2.10", "2.2"].sort(compareCriterionIds)).toEqual([
      "2.1",
      "2.2",
      "2.10",
      "10.1",
      "21.1a",
      "21.1b",
    ]);
  });

  const deductionsArb = fc.array(
    fc.record({ criterionId: fc.constantFrom("1.1", "2.1", "10.1", "15.1", "21.1a"), deduction: fc.integer({ min: 1, max: 500 }) }),
    { maxLength: 5 },
  );
  const entriesArb = fc.array(
    fc.record({
      unit: fc.constantFrom("a", "b", "c", "d"),
      day: fc.integer({ min: 1, max: 28 }),
      deductions: deductionsArb,
    }),
    { maxLength: 12 },
  );

  it("laws: sorted, at most N, each total the sum over the units' latest assessments, whatever the order read", () => {
    fc.assert(
      fc.property(entriesArb, fc.integer({ min: 1, max: 6 }), (raw, top) => {
        const entries = raw.map((r) =>
          entry(r.unit, "90", {
            assessedOn: `2026-11-${String(r.day).padStart(2, "0")}`,
            // One deduction per criterion, as an assessment has.
            deductions: [
              ...new Map(r.deductions.map((d) => [d.criterionId, lost(d.criterionId, formatCenti(BigInt(d.deduction)))])).values(),
            ],
          }),
        );
        const latest = latestPerUnit(entries);
        const ranked = mostDeductedCriteria(latest, place, top);
        const reversed = mostDeductedCriteria(latestPerUnit([...entries].reverse()), place, top);
        expect(reversed).toEqual(ranked);
        expect(ranked.length).toBeLessThanOrEqual(top);
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1], ranked[i]];
          if (!a || !b) continue;
          const order =
            centi(a.points) > centi(b.points) ||
            (a.points === b.points &&
              (a.units > b.units || (a.units === b.units && compareCriterionIds(a.criterionId, b.criterionId) < 0)));
          expect(order).toBe(true);
        }
        for (const m of ranked) {
          const sum = latest
            .flatMap((e) => e.deductions.filter((d) => d.criterionId === m.criterionId))
            .reduce((s, d) => s + centi(d.deduction ?? "0"), 0n);
          expect(m.points).toBe(formatCenti(sum));
          expect(m.units).toBe(latest.filter((e) => e.deductions.some((d) => d.criterionId === m.criterionId)).length);
        }
      }),
    );
  });
});
