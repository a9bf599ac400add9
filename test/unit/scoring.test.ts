// The scoring engine pinned with worked examples: exact decimals, every rule type on the two built-in Shishi 2024
// rubrics (附件3 enterprises, 附件4 towns), full assessments with their totals worked out by hand, the input checks,
// the rubric checks on deliberately broken rubrics, and no binary floating point anywhere in a score.

import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  criteriaOf,
  PointsSchema,
  type RubricCriterion,
  type RubricDefinition,
  RubricDefinitionSchema,
  rubricProblems,
} from "#core/assessments/rubric";
import { libraryRubric } from "#core/assessments/rubric-library";
import {
  type AssessmentResult,
  type CriterionAnswer,
  type CriterionInput,
  CriterionInputSchema,
  inputProblems,
  scoreAssessment,
  scoreCriterion,
} from "#core/assessments/scoring";
import { averageCenti, compareRate, formatCenti, formatRate, parseCenti, rateOf, rateOfPercent } from "#core/kernel/decimal";
import { fullMarksInput } from "#test/support/assessments";

// ---------------------------------------------------------------------------------------------------------------
// Helpers

type RawInput = z.input<typeof CriterionInputSchema>;
type RawRubric = z.input<typeof RubricDefinitionSchema>;
type RawSection = RawRubric["sections"][number];
type RawItem = RawSection["items"][number];
type RawCriterion = RawItem["criteria"][number];
type RawRule = RawCriterion["rule"];

function library(id: string): RubricDefinition {
  const entry = libraryRubric(id);
  if (!entry) throw new Error(`no library rubric ${id}`);
  return entry.definition;
}

const enterprise = library("shishi-enterprise-2024");
const town = library("shishi-town-2024");

function criterionOf(rubric: RubricDefinition, id: string): RubricCriterion {
  const found = criteriaOf(rubric).find((x) => x.criterion.id === id);
  if (!found) throw new Error(`no criterion ${id}`);
  return found.criterion;
}

/** The input as the API would hand it over: parsed by its schema (numbers become canonical point strings). */
const input = (raw: RawInput): CriterionInput => CriterionInputSchema.parse(raw);

/** The deduction one criterion's rule makes of one input, as text. */
const deductionOf = (rubric: RubricDefinition, id: string, raw: RawInput): string =>
  formatCenti(scoreCriterion(criterionOf(rubric, id), input(raw)).deduction);

/** Every criterion answered at full marks, except those given in `changes` (answered as given, with a reason). */
function answersWith(rubric: RubricDefinition, changes: Record<string, RawInput> = {}): Record<string, CriterionAnswer> {
  const answers: Record<string, CriterionAnswer> = {};
  for (const { criterion } of criteriaOf(rubric)) {
    const changed = changes[criterion.id];
    answers[criterion.id] = changed
      ? { input: input(changed), reason: `原因 ${criterion.id}` }
      : { input: input(fullMarksInput(criterion.rule, criterion.points)), reason: null };
  }
  for (const id of Object.keys(changes)) if (!answers[id]) throw new Error(`no criterion ${id}`);
  return answers;
}

/** Only the answers given (a draft). */
function onlyAnswers(changes: Record<string, RawInput>): Record<string, CriterionAnswer> {
  return Object.fromEntries(Object.entries(changes).map(([id, raw]) => [id, { input: input(raw), reason: `原因 ${id}` }]));
}

const totalWith = (rubric: RubricDefinition, changes: Record<string, RawInput>) =>
  scoreAssessment(rubric, answersWith(rubric, changes)).total;

const sectionScores = (result: AssessmentResult) => Object.fromEntries(result.sections.map((s) => [s.id, s.score]));
const itemScores = (result: AssessmentResult) => Object.fromEntries(result.sections.flatMap((s) => s.items.map((i) => [i.id, i.score])));
const criterionResult = (result: AssessmentResult, id: string) => {
  const found = result.sections.flatMap((s) => s.items.flatMap((i) => i.criteria)).find((c) => c.id === id);
  if (!found) throw new Error(`no criterion ${id} in the result`);
  return found;
};

// Small rubrics for the rubric checks.
const text = (zh: string) => ({ zh });
const crit = (id: string, points: string | undefined, rule: RawRule, extra: Partial<RawCriterion> = {}): RawCriterion => ({
  id,
  title: text(`细则 ${id}`),
  ...(points === undefined ? {} : { points }),
  rule,
  ...extra,
});
const yesNo = (id: string, points: string) => crit(id, points, { type: "yes-no" });
const passFail = (id: string) => crit(id, undefined, { type: "pass-fail" });
const item = (id: string, points: string | undefined, criteria: RawCriterion[]): RawItem => ({
  id,
  title: text(`内容 ${id}`),
  ...(points === undefined ? {} : { points }),
  criteria,
});
const section = (id: string, points: string | undefined, items: RawItem[]): RawSection => ({
  id,
  title: text(`项目 ${id}`),
  ...(points === undefined ? {} : { points }),
  items,
});
const scoredRubric = (totalPoints: string, sections: RawSection[], target: "enterprise" | "town" = "town"): RubricDefinition =>
  RubricDefinitionSchema.parse({ title: text("测试细则"), kind: "scored", target, totalPoints, sections });
const checklistRubric = (sections: RawSection[], totalPoints?: string): RubricDefinition =>
  RubricDefinitionSchema.parse({
    title: text("测试清单"),
    kind: "checklist",
    target: "enterprise",
    ...(totalPoints === undefined ? {} : { totalPoints }),
    sections,
  });
/** A scored rubric of one section with one item with one criterion, all worth `points`. */
const single = (points: string, rule: RawRule, extra: Partial<RawCriterion> = {}, target: "enterprise" | "town" = "town") =>
  scoredRubric(points, [section("s1", points, [item("1", points, [crit("1.1", points, rule, extra)])])], target);
const problemsOf = (rubric: RubricDefinition) => rubricProblems(rubric).map((p) => ({ path: p.path, code: p.code }));
const C = "sections.0.items.0.criteria.0";

// ---------------------------------------------------------------------------------------------------------------

describe("exact decimals", () => {
  it.each([
    ["2.5", 250n, "2.5"],
    ["0.05", 5n, "0.05"],
    ["100", 10000n, "100"],
    ["007.50", 750n, "7.5"],
    ["2.50", 250n, "2.5"],
    ["0", 0n, "0"],
    [" 3 ", 300n, "3"],
  ])("reads %j as %s hundredths and writes it back as %j", (given, hundredths, canonical) => {
    expect(parseCenti(given)).toBe(hundredths);
    expect(formatCenti(hundredths)).toBe(canonical);
  });

  it.each(["-1", "1.234", "1e3", "abc", "", ".5", "1.", "1,5", "1234567"])("refuses %j", (given) => {
    expect(parseCenti(given)).toBeUndefined();
  });

  it("writes negative hundredths with a sign", () => {
    expect(formatCenti(-250n)).toBe("-2.5");
  });

  it.each([
    [10001n, 2, "50.01"], // 50.005 rounds half up
    [10000n, 2, "50"],
    [5n, 2, "0.03"], // 0.025 → 0.03
    [1n, 3, "0"], // 0.00333… → 0
    [2n, 3, "0.01"], // 0.00666… → 0.01
    [29750n, 3, "99.17"], // 99.1666…
    [24999n, 1, "249.99"],
    [12345n, 0, "0"], // no units: nothing to average
  ])("averages a sum of %s hundredths over %i as %j, rounded half up", (sum, count, expected) => {
    expect(averageCenti(sum, count)).toBe(expected);
  });

  it("compares rates with percentage thresholds exactly, never dividing", () => {
    const third = rateOf(1, 3);
    expect(compareRate(third, 3333n)).toBe(1); // 33.333… % is above 33.33 %
    expect(compareRate(third, 3334n)).toBe(-1); // and below 33.34 %
    expect(compareRate(rateOf(19, 20), 9500n)).toBe(0); // 95 % exactly
    expect(compareRate(rateOf(18, 19), 9500n)).toBe(-1);
    expect(compareRate(rateOf(1, 20), 500n)).toBe(0);
    expect(compareRate(rateOfPercent(9450n), 9450n)).toBe(0);
    expect(compareRate(rateOfPercent(9449n), 9450n)).toBe(-1);
    expect(compareRate(rateOf(0, 7), 0n)).toBe(0);
  });

  it.each([
    { label: "17/20", rate: rateOf(17, 20), shown: "85" },
    { label: "19/20", rate: rateOf(19, 20), shown: "95" },
    { label: "1/3", rate: rateOf(1, 3), shown: "33.33" },
    { label: "2/3", rate: rateOf(2, 3), shown: "66.67" },
    { label: "17/19", rate: rateOf(17, 19), shown: "89.47" },
    { label: "18/19", rate: rateOf(18, 19), shown: "94.74" },
    { label: "1/8", rate: rateOf(1, 8), shown: "12.5" },
    { label: "0/5", rate: rateOf(0, 5), shown: "0" },
    { label: "5/5", rate: rateOf(5, 5), shown: "100" },
    { label: "typed 94.5 %", rate: rateOfPercent(9450n), shown: "94.5" },
    { label: "typed 0.01 %", rate: rateOfPercent(1n), shown: "0.01" },
  ])("shows the rate $label as $shown percent, rounded half up", ({ rate, shown }) => {
    expect(formatRate(rate)).toBe(shown);
  });
});

describe("yes-no criteria", () => {
  it("keep their points when met and lose them all when not", () => {
    const c = criterionOf(enterprise, "13.1");
    expect(scoreCriterion(c, input({ met: true }))).toEqual({
      deduction: 0n,
      passed: true,
      basis: { zh: "符合：扣 0 分", en: "Met: 0 deducted" },
    });
    expect(scoreCriterion(c, input({ met: false }))).toEqual({
      deduction: 400n,
      passed: false,
      basis: { zh: "不符合：扣 4 分", en: "Not met: 4 deducted" },
    });
  });

  it("lose 2.5 for a 六有 criterion, so a total of 97.5 appears", () => {
    expect(deductionOf(enterprise, "15.3", { met: false })).toBe("2.5");
    const result = scoreAssessment(enterprise, answersWith(enterprise, { "15.3": { met: false } }));
    expect(result.total).toBe("97.5");
    expect(result.deducted).toBe("2.5");
    expect(sectionScores(result).s8).toBe("12.5");
    expect(itemScores(result)["15"]).toBe("12.5");
    expect(criterionResult(result, "15.3")).toMatchObject({
      points: "2.5",
      score: "0",
      deduction: "2.5",
      passed: false,
      reason: "原因 15.3",
    });
  });

  it("add up across criteria in the totals", () => {
    expect(totalWith(enterprise, { "15.1": { met: false }, "15.2": { met: false }, "15.3": { met: false } })).toBe("92.5");
    expect(totalWith(town, { "7.2": { met: false }, "18.2": { met: false } })).toBe("95");
  });
});

describe("per-occurrence criteria on the town rubric (1 point each, up to the cap)", () => {
  const cases = [
    ...["5.1", "6.1", "9.1", "14.1"].flatMap((id) =>
      [
        [0, "0"],
        [1, "1"],
        [4, "4"],
        [5, "5"],
        [6, "5"],
        [100, "5"],
      ].map(([occurrences, lost]) => ({ id, occurrences: Number(occurrences), lost: String(lost) })),
    ),
    ...[
      [0, "0"],
      [1, "1"],
      [2, "2"],
      [3, "3"],
      [4, "3"],
      [5, "3"],
      [6, "3"],
      [100, "3"],
    ].map(([occurrences, lost]) => ({ id: "10.2", occurrences: Number(occurrences), lost: String(lost) })),
    ...[
      [0, "0"],
      [1, "1"],
      [2, "2"],
      [4, "2"],
      [5, "2"],
      [6, "2"],
      [100, "2"],
    ].map(([occurrences, lost]) => ({ id: "15.4", occurrences: Number(occurrences), lost: String(lost) })),
  ];

  it.each(cases)("$id with $occurrences found loses $lost", ({ id, occurrences, lost }) => {
    expect(deductionOf(town, id, { occurrences })).toBe(lost);
    const result = scoreAssessment(town, answersWith(town, { [id]: { occurrences } }));
    expect(result.total).toBe(formatCenti(10000n - (parseCenti(lost) ?? 0n)));
    expect(criterionResult(result, id).deduction).toBe(lost);
    expect(result.failed).toBe(lost === "0" ? 0 : 1);
  });

  it("explain the count, the rate and the cap in both languages", () => {
    expect(scoreCriterion(criterionOf(town, "5.1"), input({ occurrences: 6 })).basis).toEqual({
      zh: "发现 6 处，每处扣 1 分（扣满 5 分为止）：扣 5 分",
      en: "6 found, 1 each (at most 5): 5 deducted",
    });
    expect(scoreCriterion(criterionOf(town, "15.4"), input({ occurrences: 0 }))).toEqual({
      deduction: 0n,
      passed: true,
      basis: { zh: "发现 0 处，每处扣 1 分（扣满 2 分为止）：扣 0 分", en: "0 found, 1 each (at most 2): 0 deducted" },
    });
  });

  it("reach their section scores", () => {
    const result = scoreAssessment(town, answersWith(town, { "10.2": { occurrences: 2 }, "14.1": { occurrences: 100 } }));
    expect(result.total).toBe("93");
    expect(sectionScores(result).s2).toBe("24"); // 31 − 2 − 5
    expect(itemScores(result)).toMatchObject({ "10": "3", "14": "0" });
  });
});

describe("per-missing-year criteria on the enterprise rubric (1 point a year, up to 2)", () => {
  const cases = ["6.2", "19.1"].flatMap((id) =>
    [
      [0, "0", "100"],
      [1, "1", "99"],
      [2, "2", "98"],
      [3, "2", "98"],
    ].map(([missingYears, lost, total]) => ({ id, missingYears: Number(missingYears), lost: String(lost), total: String(total) })),
  );

  it.each(cases)("$id with $missingYears year(s) missing loses $lost (total $total)", ({ id, missingYears, lost, total }) => {
    expect(deductionOf(enterprise, id, { missingYears })).toBe(lost);
    expect(totalWith(enterprise, { [id]: { missingYears } })).toBe(total);
  });

  it("explain the years and the cap", () => {
    expect(scoreCriterion(criterionOf(enterprise, "19.1"), input({ missingYears: 3 })).basis).toEqual({
      zh: "缺失 3 年，每年扣 1 分（扣满 2 分为止）：扣 2 分",
      en: "3 year(s) missing, 1 each (at most 2): 2 deducted",
    });
  });
});

describe("rate bands on town item 13 ([0,5) −5, [5,10) −3, [10,15) −1, 15 and above −0)", () => {
  it.each([
    ["0", "5"],
    ["4.99", "5"],
    ["5", "3"],
    ["5.01", "3"],
    ["9.99", "3"],
    ["10", "1"],
    ["14.99", "1"],
    ["15", "0"],
    ["15.01", "0"],
    ["100", "0"],
  ])("a typed rate of %s percent loses %s", (rate, lost) => {
    expect(deductionOf(town, "13.1", { rate })).toBe(lost);
    expect(totalWith(town, { "13.1": { rate } })).toBe(formatCenti(10000n - (parseCenti(lost) ?? 0n)));
  });

  it("takes typed rates given as JSON numbers too", () => {
    expect(deductionOf(town, "13.1", { rate: 4.99 })).toBe("5");
    expect(deductionOf(town, "13.1", { rate: 5 })).toBe("3");
    expect(deductionOf(town, "13.1", { rate: 14.99 })).toBe("1");
  });

  it.each([
    [0, 20, "5"], // 0 %
    [99, 2000, "5"], // 4.95 %
    [1, 20, "3"], // 5 % exactly
    [1999, 20000, "3"], // 9.995 %
    [1, 10, "1"], // 10 % exactly
    [149, 1000, "1"], // 14.9 %
    [3, 20, "0"], // 15 % exactly
    [1, 3, "0"], // 33.33… %
    [20, 20, "0"], // 100 %
  ])("%i of %i loses %s", (numerator, denominator, lost) => {
    expect(deductionOf(town, "13.1", { numerator, denominator })).toBe(lost);
  });

  it("loses nothing when there is nothing to count (0 of 0)", () => {
    expect(scoreCriterion(criterionOf(town, "13.1"), input({ numerator: 0, denominator: 0 }))).toEqual({
      deduction: 0n,
      passed: true,
      basis: { zh: "无统计对象，不扣分：扣 0 分", en: "Nothing to count; no deduction: 0 deducted" },
    });
    expect(totalWith(town, { "13.1": { numerator: 0, denominator: 0 } })).toBe("100");
  });

  it("explains the rate, how it was counted and its band", () => {
    expect(scoreCriterion(criterionOf(town, "13.1"), input({ numerator: 1, denominator: 20 })).basis).toEqual({
      zh: "比率 1/20=5%，处于 5%–10% 区间：扣 3 分",
      en: "Rate 1/20=5%, in the 5–10 % band: 3 deducted",
    });
    expect(scoreCriterion(criterionOf(town, "13.1"), input({ rate: "4.99" })).basis).toEqual({
      zh: "比率 4.99%，处于 0%–5% 区间：扣 5 分",
      en: "Rate 4.99%, in the 0–5 % band: 5 deducted",
    });
    expect(scoreCriterion(criterionOf(town, "13.1"), input({ numerator: 3, denominator: 20 })).basis).toEqual({
      zh: "比率 3/20=15%，不在扣分区间：扣 0 分",
      en: "Rate 3/20=15%, in no deduction band: 0 deducted",
    });
  });
});

describe("rate bands on town 15.1 and 15.2 ([0,90) −2, [90,95) −1, 95 and above −0)", () => {
  const cases = ["15.1", "15.2"].flatMap((id) => [
    ...[
      ["89.99", "2"],
      ["90", "1"],
      ["94.99", "1"],
      ["95", "0"],
      ["100", "0"],
    ].map(([rate, lost]) => ({ id, given: { rate } as RawInput, lost: String(lost) })),
    ...[
      [17, 19, "2"], // 89.47 %
      [9, 10, "1"], // 90 % exactly
      [18, 19, "1"], // 94.74 %
      [19, 20, "0"], // 95 % exactly
      [0, 0, "0"], // nothing to count
    ].map(([numerator, denominator, lost]) => ({
      id,
      given: { numerator: Number(numerator), denominator: Number(denominator) } as RawInput,
      lost: String(lost),
    })),
  ]);

  it.each(cases)("$id given $given loses $lost", ({ id, given, lost }) => {
    expect(deductionOf(town, id, given)).toBe(lost);
    const result = scoreAssessment(town, answersWith(town, { [id]: given }));
    expect(result.total).toBe(formatCenti(10000n - (parseCenti(lost) ?? 0n)));
    expect(sectionScores(result).s3).toBe(formatCenti(1000n - (parseCenti(lost) ?? 0n)));
  });

  it("shows 18 of 19 as ≈ 94.74 % (rounded) and 19 of 20 as = 95 % (exact)", () => {
    expect(scoreCriterion(criterionOf(town, "15.1"), input({ numerator: 18, denominator: 19 })).basis.zh).toBe(
      "比率 18/19≈94.74%，处于 90%–95% 区间：扣 1 分",
    );
    expect(scoreCriterion(criterionOf(town, "15.1"), input({ numerator: 19, denominator: 20 })).basis.zh).toBe(
      "比率 19/20=95%，不在扣分区间：扣 0 分",
    );
  });

  it("decides the band on the exact fraction even where the shown rate rounds onto the edge", () => {
    // 968/1019 = 94.9951 %: in [90,95) and so −1; the basis shows the rounded rate marked ≈, never "= 95%".
    const scored = scoreCriterion(criterionOf(town, "15.2"), input({ numerator: 968, denominator: 1019 }));
    expect(scored.deduction).toBe(100n);
    expect(scored.basis.zh).toBe("比率 968/1019≈95%，处于 90%–95% 区间：扣 1 分");
    expect(scored.basis.en).toContain("in the 90–95 % band");
    // 4999/100000 = 4.999 % on item 13: in [0,5), −5.
    expect(deductionOf(town, "13.1", { numerator: 4999, denominator: 100000 })).toBe("5");
  });
});

describe("graded criteria (enterprise 14.1: 10 points in steps of 0.5)", () => {
  it.each([
    ["0", "10", "90"],
    ["7.5", "2.5", "97.5"],
    ["10", "0", "100"],
  ])("graded %s loses %s (total %s)", (points, lost, total) => {
    expect(deductionOf(enterprise, "14.1", { points })).toBe(lost);
    const result = scoreAssessment(enterprise, answersWith(enterprise, { "14.1": { points } }));
    expect(result.total).toBe(total);
    expect(criterionResult(result, "14.1").score).toBe(points);
  });

  it("explains the grade", () => {
    expect(scoreCriterion(criterionOf(enterprise, "14.1"), input({ points: 7.5 }))).toEqual({
      deduction: 250n,
      passed: false,
      basis: { zh: "评定得分 7.5：扣 2.5 分", en: "Graded 7.5: 2.5 deducted" },
    });
  });

  it("refuses grades above the points or off the step", () => {
    const c = criterionOf(enterprise, "14.1");
    for (const points of ["10.5", "7.25", "0.01"]) {
      expect(inputProblems(c, input({ points }), "answers.14.1.input")).toEqual([
        {
          path: "answers.14.1.input.points",
          code: "graded_points_invalid",
          message: { zh: "得分须在 0 到 10 之间，且为 0.5 的整数倍", en: "The points must be between 0 and 10, in steps of 0.5" },
        },
      ]);
    }
    for (const points of ["0", "0.5", "7.5", "10"]) expect(inputProblems(c, input({ points }), "p")).toEqual([]);
  });
});

describe("pass-fail items in a checklist", () => {
  const checklist = checklistRubric([
    section("A", undefined, [item("A1", undefined, [passFail("A1.1"), passFail("A1.2")]), item("A2", undefined, [passFail("A2.1")])]),
    section("B", undefined, [item("B1", undefined, [passFail("B1.1"), passFail("B1.2")])]),
  ]);

  it("is a sound checklist", () => {
    expect(rubricProblems(checklist)).toEqual([]);
  });

  it("counts passed and failed items, has no points anywhere and lists the failed items without a deduction", () => {
    const answers = {
      "A1.1": { input: input({ passed: true }), reason: null },
      "A1.2": { input: input({ passed: false }), reason: "未建立台账" },
      "A2.1": { input: input({ passed: true }), reason: null },
      "B1.1": { input: input({ passed: false }), reason: "未开展演练" },
      "B1.2": { input: input({ passed: true }), reason: null },
    };
    const result = scoreAssessment(checklist, answers);
    expect(result).toMatchObject({
      kind: "checklist",
      maxTotal: null,
      total: null,
      deducted: null,
      answered: 5,
      criteria: 5,
      complete: true,
      passed: 3,
      failed: 2,
    });
    expect(result.deductions).toEqual([
      {
        criterionId: "A1.2",
        itemId: "A1",
        sectionId: "A",
        title: "细则 A1.2",
        deduction: null,
        reason: "未建立台账",
        basis: { zh: "不合格", en: "Failed" },
      },
      {
        criterionId: "B1.1",
        itemId: "B1",
        sectionId: "B",
        title: "细则 B1.1",
        deduction: null,
        reason: "未开展演练",
        basis: { zh: "不合格", en: "Failed" },
      },
    ]);
    expect(result.sections.map((s) => [s.points, s.score])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(criterionResult(result, "A1.1")).toEqual({
      id: "A1.1",
      points: null,
      score: null,
      deduction: null,
      passed: true,
      basis: { zh: "合格", en: "Passed" },
      reason: null,
    });
    expect(criterionResult(result, "A1.2").passed).toBe(false);
  });

  it("is incomplete while items are unanswered", () => {
    const result = scoreAssessment(checklist, { "A1.1": { input: input({ passed: false }), reason: "x" } });
    expect(result).toMatchObject({ total: null, answered: 1, criteria: 5, complete: false, passed: 0, failed: 1 });
    expect(criterionResult(result, "B1.2")).toMatchObject({ passed: null, basis: null });
  });
});

describe("worked examples", () => {
  it("(a) an enterprise meeting every criterion scores 100", () => {
    const result = scoreAssessment(enterprise, answersWith(enterprise));
    expect(result).toMatchObject({
      kind: "scored",
      maxTotal: "100",
      total: "100",
      deducted: "0",
      answered: 44,
      criteria: 44,
      complete: true,
      passed: 44,
      failed: 0,
      deductions: [],
    });
    expect(sectionScores(result)).toEqual({
      s1: "4",
      s2: "7",
      s3: "3",
      s4: "6",
      s5: "15",
      s6: "15",
      s7: "15",
      s8: "15",
      s9: "10",
      s10: "10",
    });
  });

  it("(b) a realistic enterprise assessment touching every rule of the table scores 81.5", () => {
    // Deductions, in table order:
    //   3.2  yes-no, not met                      −1     (item 3: 3 → 2;   section s2: 7 → 6)
    //   6.2  per-missing-year, 1 year missing     −1     (item 6: 3 → 2;   section s3: 3 → 2)
    //   9.3  yes-no, not met                      −2     (item 9: 6 → 4;   section s5: 15 → 13)
    //   13.2 yes-no, not met                      −3     (item 13: 10 → 7; section s6: 15 → 12)
    //   14.1 graded 7.5 of 10                     −2.5   (item 14: 15 → 12.5 = section s7)
    //   15.2 yes-no (六有, 2.5), not met          −2.5
    //   15.6 yes-no (六有, 2.5), not met          −2.5   (item 15: 15 → 10 = section s8)
    //   17.2 yes-no, not met                      −2     (item 17: 4 → 2;  section s9: 10 → 8)
    //   19.1 per-missing-year, 3 missing, cap 2   −2     (item 19: 6 → 4;  section s10: 10 → 8)
    // Lost 1 + 1 + 2 + 3 + 2.5 + 2.5 + 2.5 + 2 + 2 = 18.5; total 100 − 18.5 = 81.5
    // (= 4 + 6 + 2 + 6 + 13 + 12 + 12.5 + 10 + 8 + 8 by section).
    const result = scoreAssessment(
      enterprise,
      answersWith(enterprise, {
        "3.2": { met: false },
        "6.2": { missingYears: 1 },
        "9.3": { met: false },
        "13.2": { met: false },
        "14.1": { points: "7.5" },
        "15.2": { met: false },
        "15.6": { met: false },
        "17.2": { met: false },
        "19.1": { missingYears: 3 },
      }),
    );
    expect(result).toMatchObject({ total: "81.5", deducted: "18.5", complete: true, answered: 44, passed: 35, failed: 9 });
    expect(sectionScores(result)).toEqual({
      s1: "4",
      s2: "6",
      s3: "2",
      s4: "6",
      s5: "13",
      s6: "12",
      s7: "12.5",
      s8: "10",
      s9: "8",
      s10: "8",
    });
    expect(itemScores(result)).toMatchObject({ "3": "2", "6": "2", "9": "4", "13": "7", "14": "12.5", "15": "10", "17": "2", "19": "4" });
    expect(result.deductions.map((d) => [d.criterionId, d.itemId, d.sectionId, d.deduction])).toEqual([
      ["3.2", "3", "s2", "1"],
      ["6.2", "6", "s3", "1"],
      ["9.3", "9", "s5", "2"],
      ["13.2", "13", "s6", "3"],
      ["14.1", "14", "s7", "2.5"],
      ["15.2", "15", "s8", "2.5"],
      ["15.6", "15", "s8", "2.5"],
      ["17.2", "17", "s9", "2"],
      ["19.1", "19", "s10", "2"],
    ]);
    expect(result.deductions[0]).toMatchObject({
      title: "企业主要负责人和安全管理人员是否具备一定的安全生产知识和管理能力。",
      reason: "原因 3.2",
    });
    expect(criterionResult(result, "19.1")).toMatchObject({ points: "2", score: "0", deduction: "2", passed: false });
    expect(criterionResult(result, "6.2")).toMatchObject({ points: "2", score: "1", deduction: "1" });
    expect(criterionResult(result, "14.1")).toMatchObject({ points: "10", score: "7.5", deduction: "2.5" });
  });

  it("(c) a town with every per-occurrence cap hit, 13 at exactly 10 % and 15.1 at exactly 90 % scores 73", () => {
    // 5.1, 6.1, 9.1, 14.1: −5 each (cap 5)   = −20
    // 10.2: −3 (cap 3); 15.4: −2 (cap 2)     = −5
    // 13.1: 3 of 30 = 10 % exactly → [10,15) = −1
    // 15.1: typed 90 % exactly → [90,95)     = −1
    // 15.2: 19 of 20 = 95 % → no band        = 0
    // Lost 27; total 73. Sections: s1 28 − 10 = 18; s2 31 − (5 + 3 + 1 + 5) = 17; s3 10 − (1 + 2) = 7; s4 17; s5 10; s6 4.
    const result = scoreAssessment(
      town,
      answersWith(town, {
        "5.1": { occurrences: 7 },
        "6.1": { occurrences: 5 },
        "9.1": { occurrences: 12 },
        "14.1": { occurrences: 100 },
        "10.2": { occurrences: 3 },
        "15.4": { occurrences: 9 },
        "13.1": { numerator: 3, denominator: 30 },
        "15.1": { rate: "90" },
        "15.2": { numerator: 19, denominator: 20 },
      }),
    );
    expect(result).toMatchObject({
      maxTotal: "100",
      total: "73",
      deducted: "27",
      complete: true,
      answered: 40,
      criteria: 40,
      failed: 8,
      passed: 32,
    });
    expect(sectionScores(result)).toEqual({ s1: "18", s2: "17", s3: "7", s4: "17", s5: "10", s6: "4" });
    expect(itemScores(result)).toMatchObject({ "5": "0", "6": "0", "9": "0", "10": "2", "13": "4", "14": "0", "15": "7" });
    expect(result.deductions.map((d) => [d.criterionId, d.deduction])).toEqual([
      ["5.1", "5"],
      ["6.1", "5"],
      ["9.1", "5"],
      ["10.2", "3"],
      ["13.1", "1"],
      ["14.1", "5"],
      ["15.1", "1"],
      ["15.4", "2"],
    ]);
    expect(criterionResult(result, "13.1").basis?.zh).toBe("比率 3/30=10%，处于 10%–15% 区间：扣 1 分");
    expect(criterionResult(result, "15.2")).toMatchObject({ score: "2", deduction: "0", passed: true });
  });

  it("(d) a partly answered draft totals 100 less the deductions so far", () => {
    // Answered: 1.1 met (0), 2.1 not met (−2), 6.2 two years missing (−2), 15.1 not met (−2.5), 14.1 graded 9.5 (−0.5).
    // Lost 7; total 93, not final. Unanswered criteria lose nothing yet.
    const result = scoreAssessment(
      enterprise,
      onlyAnswers({
        "1.1": { met: true },
        "2.1": { met: false },
        "6.2": { missingYears: 2 },
        "15.1": { met: false },
        "14.1": { points: "9.5" },
      }),
    );
    expect(result).toMatchObject({ total: "93", deducted: "7", answered: 5, criteria: 44, complete: false, passed: 1, failed: 4 });
    expect(sectionScores(result)).toEqual({
      s1: "2",
      s2: "7",
      s3: "1",
      s4: "6",
      s5: "15",
      s6: "15",
      s7: "14.5",
      s8: "12.5",
      s9: "10",
      s10: "10",
    });
    expect(criterionResult(result, "3.1")).toEqual({
      id: "3.1",
      points: "2",
      score: null,
      deduction: null,
      passed: null,
      basis: null,
      reason: null,
    });
    expect(result.deductions.map((d) => d.criterionId)).toEqual(["2.1", "6.2", "14.1", "15.1"]);
  });

  it("(d) an empty draft totals 100 with nothing answered", () => {
    expect(scoreAssessment(town, {})).toMatchObject({ total: "100", deducted: "0", answered: 0, criteria: 40, complete: false });
  });
});

describe("checking an input against its criterion's rule", () => {
  const path = "answers.x.input";

  it("refuses fields the rule does not read, and only reports those", () => {
    expect(inputProblems(criterionOf(enterprise, "1.1"), input({ occurrences: 2 }), path)).toEqual([
      {
        path: "answers.x.input.occurrences",
        code: "input_not_for_rule",
        message: { zh: "细则 1.1 的评分方式为 yes-no，应填写 met", en: "Criterion 1.1 is scored yes-no; it takes met" },
      },
    ]);
    expect(
      inputProblems(criterionOf(town, "13.1"), input({ met: true, points: "1" }), path).map((p) => [p.path, p.code, p.message.en]),
    ).toEqual([
      ["answers.x.input.met", "input_not_for_rule", "Criterion 13.1 is scored rate-bands; it takes rate, numerator, denominator"],
      ["answers.x.input.points", "input_not_for_rule", "Criterion 13.1 is scored rate-bands; it takes rate, numerator, denominator"],
    ]);
    expect(inputProblems(criterionOf(enterprise, "6.2"), input({ occurrences: 1 }), path).map((p) => p.code)).toEqual([
      "input_not_for_rule",
    ]);
  });

  it.each([
    ["enterprise", "1.1", "met"],
    ["town", "5.1", "occurrences"],
    ["enterprise", "19.1", "missingYears"],
    ["town", "13.1", "rate"],
    ["enterprise", "14.1", "points"],
  ])("asks for the missing field of %s %s (%s)", (which, id, field) => {
    const rubric = which === "town" ? town : enterprise;
    expect(inputProblems(criterionOf(rubric, id), input({}), path)).toEqual([
      {
        path: `answers.x.input.${field}`,
        code: "required",
        message: { zh: `细则 ${id} 须填写 ${field}`, en: `Criterion ${id} needs ${field}` },
      },
    ]);
  });

  it("refuses a rate given twice, as a percentage and as a count", () => {
    const c = criterionOf(town, "13.1");
    const twice = [{ path: "answers.x.input.rate", code: "rate_twice" }];
    const codes = (raw: RawInput) => inputProblems(c, input(raw), path).map((p) => ({ path: p.path, code: p.code }));
    expect(codes({ rate: "5", numerator: 1 })).toEqual(twice);
    expect(codes({ rate: "5", denominator: 20 })).toEqual(twice);
    expect(codes({ rate: "5", numerator: 1, denominator: 20 })).toEqual(twice);
  });

  it("asks for both halves of a count", () => {
    const c = criterionOf(town, "13.1");
    expect(inputProblems(c, input({ numerator: 1 }), path).map((p) => p.path)).toEqual(["answers.x.input.denominator"]);
    expect(inputProblems(c, input({ denominator: 20 }), path).map((p) => p.path)).toEqual(["answers.x.input.numerator"]);
  });

  it("refuses a numerator above its denominator", () => {
    const c = criterionOf(town, "15.2");
    expect(inputProblems(c, input({ numerator: 21, denominator: 20 }), path)).toEqual([
      {
        path: "answers.x.input.numerator",
        code: "numerator_above_denominator",
        message: { zh: "分子不能大于分母", en: "The numerator cannot exceed the denominator" },
      },
    ]);
    expect(inputProblems(c, input({ numerator: 1, denominator: 0 }), path).map((p) => p.code)).toEqual(["numerator_above_denominator"]);
  });

  it("accepts every valid input", () => {
    expect(inputProblems(criterionOf(town, "13.1"), input({ numerator: 20, denominator: 20 }), path)).toEqual([]);
    expect(inputProblems(criterionOf(town, "13.1"), input({ numerator: 0, denominator: 0 }), path)).toEqual([]);
    expect(inputProblems(criterionOf(town, "13.1"), input({ rate: "0" }), path)).toEqual([]);
    expect(inputProblems(criterionOf(town, "5.1"), input({ occurrences: 100 }), path)).toEqual([]);
    expect(inputProblems(criterionOf(enterprise, "6.2"), input({ missingYears: 3 }), path)).toEqual([]);
    expect(inputProblems(criterionOf(enterprise, "15.1"), input({ met: false }), path)).toEqual([]);
  });

  it("leaves percentages above 100 or with three decimals to the input schema", () => {
    expect(CriterionInputSchema.safeParse({ rate: "100.01" }).success).toBe(false);
    expect(CriterionInputSchema.safeParse({ rate: "4.999" }).success).toBe(false);
    expect(CriterionInputSchema.safeParse({ points: -1 }).success).toBe(false);
    expect(CriterionInputSchema.safeParse({ occurrences: 1.5 }).success).toBe(false);
  });
});

describe("checking a rubric for what its schema cannot see", () => {
  it("finds an item whose points are not the sum of its criteria", () => {
    const rubric = scoredRubric("5", [section("s1", "5", [item("1", "5", [yesNo("1.1", "2"), yesNo("1.2", "2")])])]);
    expect(rubricProblems(rubric)).toEqual([
      {
        path: "sections.0.items.0.points",
        code: "points_do_not_add_up",
        message: { zh: "分值 5 与细则合计 4 不符", en: "Points 5 differ from the sum of its criteria, 4" },
      },
    ]);
  });

  it("finds a section whose points are not the sum of its items", () => {
    const rubric = scoredRubric("10", [
      section("s1", "10", [item("1", "5", [yesNo("1.1", "5")]), item("2", "4", [yesNo("2.1", "2"), yesNo("2.2", "2")])]),
    ]);
    expect(problemsOf(rubric)).toEqual([{ path: "sections.0.points", code: "points_do_not_add_up" }]);
    expect(rubricProblems(rubric)[0]?.message.en).toBe("Points 10 differ from the sum of its items, 9");
  });

  it("finds a total that is not the sum of its sections", () => {
    const rubric = scoredRubric("100", [
      section("s1", "60", [item("1", "60", [yesNo("1.1", "60")])]),
      section("s2", "39.5", [item("2", "39.5", [yesNo("2.1", "39.5")])]),
    ]);
    expect(problemsOf(rubric)).toEqual([{ path: "totalPoints", code: "points_do_not_add_up" }]);
    expect(rubricProblems(rubric)[0]?.message.en).toBe("Points 100 differ from the sum of its sections, 99.5");
  });

  it("finds a cap above the criterion's points", () => {
    expect(problemsOf(single("2", { type: "per-occurrence", deduction: "1", cap: "3" }))).toEqual([
      { path: `${C}.rule.cap`, code: "cap_above_points" },
    ]);
    expect(problemsOf(single("2", { type: "per-missing-year", deduction: "1", cap: "2.5" }))).toEqual([
      { path: `${C}.rule.cap`, code: "cap_above_points" },
    ]);
  });

  it("finds a single deduction above the cap", () => {
    expect(problemsOf(single("3", { type: "per-occurrence", deduction: "2", cap: "1" }))).toEqual([
      { path: `${C}.rule.deduction`, code: "deduction_above_cap" },
    ]);
  });

  it("finds zero deductions and caps", () => {
    expect(problemsOf(single("3", { type: "per-missing-year", deduction: "0", cap: "2" }))).toEqual([
      { path: `${C}.rule.deduction`, code: "must_be_positive" },
    ]);
    expect(problemsOf(single("3", { type: "per-occurrence", deduction: "1", cap: "0" }))).toEqual([
      { path: `${C}.rule.cap`, code: "must_be_positive" },
      { path: `${C}.rule.deduction`, code: "deduction_above_cap" },
    ]);
  });

  it("finds overlapping bands", () => {
    const rule: RawRule = {
      type: "rate-bands",
      bands: [
        { from: "0", to: "10", deduction: "2" },
        { from: "5", to: "15", deduction: "1" },
      ],
    };
    expect(problemsOf(single("2", rule))).toEqual([{ path: `${C}.rule.bands.1.from`, code: "bands_overlap" }]);
  });

  it("finds bands out of order", () => {
    const rule: RawRule = {
      type: "rate-bands",
      bands: [
        { from: "10", to: "15", deduction: "1" },
        { from: "0", to: "10", deduction: "1" },
      ],
    };
    expect(problemsOf(single("2", rule))).toEqual([{ path: `${C}.rule.bands.1.from`, code: "bands_overlap" }]);
  });

  it("finds a band whose deduction rises with the rate", () => {
    const rule: RawRule = {
      type: "rate-bands",
      bands: [
        { from: "0", to: "5", deduction: "1" },
        { from: "5", to: "10", deduction: "3" },
      ],
    };
    expect(problemsOf(single("5", rule))).toEqual([{ path: `${C}.rule.bands.1.deduction`, code: "bands_not_monotonic" }]);
  });

  it("finds a band whose lower edge is not below its upper edge", () => {
    expect(problemsOf(single("5", { type: "rate-bands", bands: [{ from: "5", to: "5", deduction: "1" }] }))).toEqual([
      { path: `${C}.rule.bands.0.to`, code: "band_empty" },
    ]);
    expect(problemsOf(single("5", { type: "rate-bands", bands: [{ from: "10", to: "5", deduction: "1" }] }))).toEqual([
      { path: `${C}.rule.bands.0.to`, code: "band_empty" },
    ]);
  });

  it("finds a band deducting more than the points, or nothing", () => {
    expect(problemsOf(single("2", { type: "rate-bands", bands: [{ from: "0", to: "5", deduction: "3" }] }))).toEqual([
      { path: `${C}.rule.bands.0.deduction`, code: "band_deduction_invalid" },
    ]);
    expect(problemsOf(single("2", { type: "rate-bands", bands: [{ from: "0", to: "5", deduction: "0" }] }))).toEqual([
      { path: `${C}.rule.bands.0.deduction`, code: "band_deduction_invalid" },
    ]);
  });

  it("finds a grading step that does not divide the points", () => {
    expect(problemsOf(single("10", { type: "graded", step: "3" }))).toEqual([{ path: `${C}.rule.step`, code: "step_invalid" }]);
    expect(problemsOf(single("2.5", { type: "graded", step: "1" }))).toEqual([{ path: `${C}.rule.step`, code: "step_invalid" }]);
    expect(problemsOf(single("10", { type: "graded", step: "0" }))).toEqual([{ path: `${C}.rule.step`, code: "step_invalid" }]);
    expect(problemsOf(single("2.5", { type: "graded", step: "0.5" }))).toEqual([]);
  });

  it("finds a criterion id used twice, even in different items", () => {
    const rubric = scoredRubric("4", [section("s1", "4", [item("1", "2", [yesNo("1.1", "2")]), item("2", "2", [yesNo("1.1", "2")])])]);
    expect(rubricProblems(rubric)).toEqual([
      {
        path: "sections.0.items.1.criteria.0.id",
        code: "duplicate_id",
        message: { zh: "编号 1.1 重复", en: "The id 1.1 is used twice" },
      },
    ]);
  });

  it("finds points in a checklist", () => {
    const rubric = checklistRubric([section("A", undefined, [item("A1", undefined, [crit("A1.1", "2", { type: "pass-fail" })])])], "2");
    expect(problemsOf(rubric)).toEqual([
      { path: "totalPoints", code: "points_not_allowed" },
      { path: "sections.0.items.0.criteria.0.points", code: "points_not_allowed" },
    ]);
  });

  it("finds scored rules in a checklist and pass-fail in a scored rubric", () => {
    expect(
      problemsOf(checklistRubric([section("A", undefined, [item("A1", undefined, [crit("A1.1", undefined, { type: "yes-no" })])])])),
    ).toEqual([{ path: `${C}.rule.type`, code: "rule_not_allowed" }]);
    expect(problemsOf(single("2", { type: "pass-fail" }))).toEqual([{ path: `${C}.rule.type`, code: "rule_not_allowed" }]);
  });

  it("finds a scored rubric with points missing", () => {
    const rubric = scoredRubric("2", [section("s1", "2", [item("1", undefined, [yesNo("1.1", "2")])])]);
    expect(problemsOf(rubric)).toEqual([{ path: "sections.0.items.0.points", code: "points_required" }]);
  });

  it("finds a prefill on an enterprise rubric, or on the wrong kind of rule", () => {
    const occurrences: RawRule = { type: "per-occurrence", deduction: "1", cap: "5" };
    expect(problemsOf(single("5", occurrences, { prefill: "standardization-coverage" }, "enterprise"))).toEqual([
      { path: `${C}.prefill`, code: "prefill_not_allowed" },
    ]);
    expect(problemsOf(single("5", occurrences, { prefill: "standardization-coverage" }, "town"))).toEqual([]);
    expect(problemsOf(single("5", occurrences, { prefill: "standardization-pass-rate" }, "town"))).toEqual([
      { path: `${C}.prefill`, code: "prefill_not_allowed" },
    ]);
    // The key targets answer a yes-no criterion (附件4 22.1), and nothing else.
    expect(problemsOf(single("5", { type: "yes-no" }, { prefill: "supervision-targets" }, "town"))).toEqual([]);
    expect(problemsOf(single("5", occurrences, { prefill: "supervision-targets" }, "town"))).toEqual([
      { path: `${C}.prefill`, code: "prefill_not_allowed" },
    ]);
  });

  it("lists every problem at once", () => {
    // Three faults: the item's points miss its criteria (3 ≠ 2 + 2), a cap above points, a repeated criterion id.
    const rubric = scoredRubric("5", [
      section("s1", "5", [
        item("1", "3", [yesNo("1.1", "2"), yesNo("1.2", "2")]),
        item("2", "2", [crit("1.1", "2", { type: "per-occurrence", deduction: "1", cap: "4" })]),
      ]),
    ]);
    expect(problemsOf(rubric)).toEqual([
      { path: "sections.0.items.0.points", code: "points_do_not_add_up" },
      { path: "sections.0.items.1.criteria.0.id", code: "duplicate_id" },
      { path: "sections.0.items.1.criteria.0.rule.cap", code: "cap_above_points" },
    ]);
  });
});

describe("no floating-point drift", () => {
  it("forty 2.5-point criteria add up to 100, and all failed but one leaves 2.5", () => {
    const forty = Array.from({ length: 40 }, (_, n) => yesNo(`c${n + 1}`, "2.5"));
    const rubric = scoredRubric("100", [section("s1", "100", [item("1", "100", forty)])]);
    expect(rubricProblems(rubric)).toEqual([]);
    const changes = Object.fromEntries(forty.slice(1).map((c) => [c.id, { met: false }]));
    const result = scoreAssessment(rubric, answersWith(rubric, changes));
    expect(result).toMatchObject({ total: "2.5", deducted: "97.5", passed: 1, failed: 39, complete: true });
    expect(sectionScores(result)).toEqual({ s1: "2.5" });
  });

  it("tenths add up exactly: 0.1 + 0.1 + 0.1 is 0.3, not 0.30000000000000004", () => {
    const rubric = scoredRubric("0.3", [
      section("s1", "0.3", [item("1", "0.3", [yesNo("a", "0.1"), yesNo("b", "0.1"), yesNo("c", "0.1")])]),
    ]);
    expect(rubricProblems(rubric)).toEqual([]);
    expect(scoreAssessment(rubric, answersWith(rubric)).total).toBe("0.3");
    expect(scoreAssessment(rubric, answersWith(rubric, { a: { met: false } })).total).toBe("0.2");
    const lostAll = scoreAssessment(rubric, answersWith(rubric, { a: { met: false }, b: { met: false }, c: { met: false } }));
    expect(lostAll).toMatchObject({ total: "0", deducted: "0.3" });
  });

  it("ten tenths make 1, and 0.1-point deductions multiply exactly", () => {
    const ten = Array.from({ length: 10 }, (_, n) => yesNo(`t${n}`, "0.1"));
    const rubric = scoredRubric("1.3", [
      section("s1", "1", [item("1", "1", ten)]),
      section("s2", "0.3", [item("2", "0.3", [crit("2.1", "0.3", { type: "per-occurrence", deduction: "0.1", cap: "0.3" })])]),
    ]);
    expect(rubricProblems(rubric)).toEqual([]);
    expect(deductionOf(rubric, "2.1", { occurrences: 3 })).toBe("0.3");
    const result = scoreAssessment(
      rubric,
      answersWith(rubric, { t0: { met: false }, t1: { met: false }, t2: { met: false }, "2.1": { occurrences: 2 } }),
    );
    expect(result).toMatchObject({ total: "0.8", deducted: "0.5" });
    expect(sectionScores(result)).toEqual({ s1: "0.7", s2: "0.1" });
  });

  it("grades in 0.1 steps exactly", () => {
    const rubric = single("0.3", { type: "graded", step: "0.1" });
    expect(inputProblems(criterionOf(rubric, "1.1"), input({ points: "0.1" }), "p")).toEqual([]);
    expect(deductionOf(rubric, "1.1", { points: "0.1" })).toBe("0.2");
    expect(deductionOf(rubric, "1.1", { points: 0.2 })).toBe("0.1");
  });

  it("refuses points that arrive already drifted", () => {
    expect(CriterionInputSchema.safeParse({ points: 0.1 + 0.2 }).success).toBe(false);
    expect(PointsSchema.safeParse(0.1 + 0.2).success).toBe(false);
    expect(PointsSchema.parse(0.3)).toBe("0.3");
  });
});
