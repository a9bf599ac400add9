// The scoring engine: what an assessor records per criterion (the rule's input), the deduction each rule makes
// of it, and the breakdown by criterion, item, section and total. Scores are kept as the tables keep them on
// paper (扣分制): every criterion starts at its points and loses its deduction, so a draft's total is the
// points not yet lost, and the total is final once every criterion is answered. All arithmetic is exact
// (#core/kernel/decimal).
import { z } from "zod";
import {
  criteriaOf,
  PercentSchema,
  PointsSchema,
  type RubricCriterion,
  type RubricDefinition,
  type RuleType,
} from "#core/assessments/rubric";
import {
  type Centi,
  centi,
  compareRate,
  formatCenti,
  formatRate,
  minCenti,
  parseCenti,
  type Rate,
  rateIsExact,
  rateOf,
  rateOfPercent,
  sumCenti,
} from "#core/kernel/decimal";
import { type FieldProblem, problem } from "#core/kernel/errors";

/** The rule's input. Exactly the field(s) its rule reads: see `inputFields`. */
export const CriterionInputSchema = z
  .strictObject({
    met: z.boolean().optional().meta({ description: "yes-no: the criterion is met (是)" }),
    occurrences: z.number().int().min(0).max(100000).optional().meta({ description: "per-occurrence: how many found (发现几家/处)" }),
    missingYears: z.number().int().min(0).max(100).optional().meta({ description: "per-missing-year: years missing (缺失几年)" }),
    rate: PercentSchema.optional().meta({ description: "rate-bands: the rate in percent, or give numerator and denominator" }),
    numerator: z.number().int().min(0).max(10000000).optional().meta({ description: "rate-bands: e.g. units passed (达标家数)" }),
    denominator: z.number().int().min(0).max(10000000).optional().meta({ description: "rate-bands: e.g. units in all; 0 = none to count" }),
    points: PointsSchema.optional().meta({ description: "graded: the points given, a multiple of the rule's step" }),
    passed: z.boolean().optional().meta({ description: "pass-fail (checklists): the item passed" }),
  })
  .meta({ id: "CriterionInput" });
export type CriterionInput = z.output<typeof CriterionInputSchema>;

const inputFields: Record<RuleType, readonly (keyof CriterionInput)[]> = {
  "yes-no": ["met"],
  "per-occurrence": ["occurrences"],
  "per-missing-year": ["missingYears"],
  "rate-bands": ["rate", "numerator", "denominator"],
  graded: ["points"],
  "pass-fail": ["passed"],
};

/** What is wrong with `input` for the criterion's rule (fields missing, foreign or out of range). */
export function inputProblems(criterion: RubricCriterion, input: CriterionInput, path: string): FieldProblem[] {
  const rule = criterion.rule;
  const allowed = inputFields[rule.type];
  const problems: FieldProblem[] = [];
  for (const field of Object.keys(input) as (keyof CriterionInput)[]) {
    if (input[field] !== undefined && !allowed.includes(field)) {
      problems.push(
        problem(
          `${path}.${field}`,
          "input_not_for_rule",
          `细则 ${criterion.id} 的评分方式为 ${rule.type}，应填写 ${allowed.join("、")}`,
          `Criterion ${criterion.id} is scored ${rule.type}; it takes ${allowed.join(", ")}`,
        ),
      );
    }
  }
  if (problems.length > 0) return problems;
  const need = (field: keyof CriterionInput) =>
    problem(`${path}.${field}`, "required", `细则 ${criterion.id} 须填写 ${field}`, `Criterion ${criterion.id} needs ${field}`);
  switch (rule.type) {
    case "yes-no":
      if (input.met === undefined) problems.push(need("met"));
      break;
    case "per-occurrence":
      if (input.occurrences === undefined) problems.push(need("occurrences"));
      break;
    case "per-missing-year":
      if (input.missingYears === undefined) problems.push(need("missingYears"));
      break;
    case "pass-fail":
      if (input.passed === undefined) problems.push(need("passed"));
      break;
    case "rate-bands": {
      const counted = input.numerator !== undefined || input.denominator !== undefined;
      if (input.rate !== undefined && counted) {
        problems.push(
          problem(`${path}.rate`, "rate_twice", "比率与分子分母只能填写一种", "Give the rate or the numerator and denominator, not both"),
        );
      } else if (input.rate === undefined && !counted) {
        problems.push(need("rate"));
      } else if (counted) {
        if (input.numerator === undefined) problems.push(need("numerator"));
        if (input.denominator === undefined) problems.push(need("denominator"));
        if (input.numerator !== undefined && input.denominator !== undefined && input.numerator > input.denominator) {
          problems.push(
            problem(`${path}.numerator`, "numerator_above_denominator", "分子不能大于分母", "The numerator cannot exceed the denominator"),
          );
        }
      }
      break;
    }
    case "graded": {
      if (input.points === undefined) {
        problems.push(need("points"));
        break;
      }
      const given = centi(input.points);
      const max = criterion.points === undefined ? 0n : centi(criterion.points);
      const step = centi(rule.step);
      if (given > max || (step > 0n && given % step !== 0n)) {
        problems.push(
          problem(
            `${path}.points`,
            "graded_points_invalid",
            `得分须在 0 到 ${formatCenti(max)} 之间，且为 ${rule.step} 的整数倍`,
            `The points must be between 0 and ${formatCenti(max)}, in steps of ${rule.step}`,
          ),
        );
      }
      break;
    }
  }
  return problems;
}

export interface Scored {
  /** Points lost (0 for a met criterion); 0 in a checklist. */
  readonly deduction: Centi;
  /** Checklists: the item passed; scored rubrics: nothing was deducted. */
  readonly passed: boolean;
  /** How the rule read the input, e.g. "发现 3 处，每处扣 1 分（扣满 5 分为止）：扣 3 分". */
  readonly basis: { readonly zh: string; readonly en: string };
}

/** The deduction the criterion's rule makes of a valid input (see `inputProblems`). */
export function scoreCriterion(criterion: RubricCriterion, input: CriterionInput): Scored {
  const rule = criterion.rule;
  const points = criterion.points === undefined ? 0n : centi(criterion.points);
  const lose = (deduction: Centi, zh: string, en: string): Scored => ({
    deduction,
    passed: deduction === 0n,
    basis: { zh: `${zh}：扣 ${formatCenti(deduction)} 分`, en: `${en}: ${formatCenti(deduction)} deducted` },
  });
  switch (rule.type) {
    case "yes-no":
      return input.met ? lose(0n, "符合", "Met") : lose(points, "不符合", "Not met");
    case "per-occurrence":
    case "per-missing-year": {
      const count = rule.type === "per-occurrence" ? (input.occurrences ?? 0) : (input.missingYears ?? 0);
      const each = centi(rule.deduction);
      const deduction = minCenti(each * BigInt(count), centi(rule.cap));
      return rule.type === "per-occurrence"
        ? lose(
            deduction,
            `发现 ${count} 处，每处扣 ${rule.deduction} 分（扣满 ${rule.cap} 分为止）`,
            `${count} found, ${rule.deduction} each (at most ${rule.cap})`,
          )
        : lose(
            deduction,
            `缺失 ${count} 年，每年扣 ${rule.deduction} 分（扣满 ${rule.cap} 分为止）`,
            `${count} year(s) missing, ${rule.deduction} each (at most ${rule.cap})`,
          );
    }
    case "rate-bands": {
      const rate: Rate | undefined =
        input.rate !== undefined
          ? rateOfPercent(centi(input.rate))
          : (input.denominator ?? 0) > 0
            ? rateOf(input.numerator ?? 0, input.denominator ?? 0)
            : undefined;
      if (!rate) return lose(0n, "无统计对象，不扣分", "Nothing to count; no deduction");
      const band = rule.bands.find((b) => compareRate(rate, centi(b.from)) >= 0 && compareRate(rate, centi(b.to)) < 0);
      // A rounded rate is marked ≈: 968/1019 ≈ 95% sits in the [90, 95) band, which a bare "95%" would contradict.
      const shown = `${formatRate(rate)}%`;
      const counted = input.rate === undefined ? `${input.numerator}/${input.denominator}${rateIsExact(rate) ? "=" : "≈"}` : "";
      return band
        ? lose(
            centi(band.deduction),
            `比率 ${counted}${shown}，处于 ${band.from}%–${band.to}% 区间`,
            `Rate ${counted}${shown}, in the ${band.from}–${band.to} % band`,
          )
        : lose(0n, `比率 ${counted}${shown}，不在扣分区间`, `Rate ${counted}${shown}, in no deduction band`);
    }
    case "graded": {
      const given = centi(input.points ?? "0");
      return lose(points - given, `评定得分 ${formatCenti(given)}`, `Graded ${formatCenti(given)}`);
    }
    case "pass-fail":
      return input.passed
        ? { deduction: 0n, passed: true, basis: { zh: "合格", en: "Passed" } }
        : { deduction: 0n, passed: false, basis: { zh: "不合格", en: "Failed" } };
  }
}

/** An answered criterion, as the assessment stores it. */
export interface CriterionAnswer {
  readonly input: CriterionInput;
  readonly reason: string | null;
}

const LocalizedSchema = z.object({ zh: z.string(), en: z.string() });
const PointsOut = z.string().meta({ description: 'Exact decimal points, e.g. "97.5"' });

export const CriterionResultSchema = z.object({
  id: z.string(),
  points: PointsOut.nullable().meta({ description: "null in a checklist" }),
  score: PointsOut.nullable().meta({ description: "null while unanswered, and in a checklist" }),
  deduction: PointsOut.nullable(),
  passed: z.boolean().nullable().meta({ description: "null while unanswered" }),
  basis: LocalizedSchema.nullable().meta({ description: "How the rule read the input" }),
  reason: z.string().nullable().meta({ description: "The assessor's 扣分原因" }),
});
export const ItemResultSchema = z.object({
  id: z.string(),
  points: PointsOut.nullable(),
  score: PointsOut.nullable(),
  criteria: z.array(CriterionResultSchema),
});
export const SectionResultSchema = z.object({
  id: z.string(),
  points: PointsOut.nullable(),
  score: PointsOut.nullable(),
  items: z.array(ItemResultSchema),
});
export const DeductionSchema = z.object({
  criterionId: z.string(),
  itemId: z.string(),
  sectionId: z.string(),
  title: z.string(),
  deduction: PointsOut.nullable().meta({ description: "null for a failed checklist item" }),
  reason: z.string().nullable(),
  basis: LocalizedSchema,
});
export const AssessmentResultSchema = z
  .object({
    kind: z.enum(["scored", "checklist"]),
    maxTotal: PointsOut.nullable(),
    total: PointsOut.nullable().meta({ description: "maxTotal minus the points deducted so far; final when complete" }),
    deducted: PointsOut.nullable(),
    answered: z.number().int(),
    criteria: z.number().int(),
    complete: z.boolean(),
    passed: z.number().int().meta({ description: "Criteria met or passed" }),
    failed: z.number().int().meta({ description: "Criteria with a deduction, or failed checklist items" }),
    sections: z.array(SectionResultSchema),
    deductions: z.array(DeductionSchema).meta({ description: "Every deduction (or failed item), in table order, with its reason" }),
  })
  .meta({ id: "AssessmentResult" });
export type AssessmentResult = z.infer<typeof AssessmentResultSchema>;

/** The whole breakdown of a rubric for the answers given so far (answers are assumed valid for their rules). */
export function scoreAssessment(rubric: RubricDefinition, answers: Readonly<Record<string, CriterionAnswer>>): AssessmentResult {
  const scored = rubric.kind === "scored";
  const text = (c: Centi | undefined) => (scored && c !== undefined ? formatCenti(c) : null);
  let answered = 0;
  let passed = 0;
  let failed = 0;
  const deductions: AssessmentResult["deductions"] = [];
  const sections = rubric.sections.map((section) => {
    let sectionLost = 0n;
    const items = section.items.map((item) => {
      let itemLost = 0n;
      const criteria = item.criteria.map((criterion) => {
        const answer = answers[criterion.id];
        const points = criterion.points === undefined ? undefined : centi(criterion.points);
        if (!answer)
          return { id: criterion.id, points: text(points), score: null, deduction: null, passed: null, basis: null, reason: null };
        answered++;
        const result = scoreCriterion(criterion, answer.input);
        itemLost += result.deduction;
        if (result.passed) passed++;
        else {
          failed++;
          deductions.push({
            criterionId: criterion.id,
            itemId: item.id,
            sectionId: section.id,
            title: criterion.title.zh,
            deduction: scored ? formatCenti(result.deduction) : null,
            reason: answer.reason,
            basis: result.basis,
          });
        }
        return {
          id: criterion.id,
          points: text(points),
          score: points === undefined ? null : text(points - result.deduction),
          deduction: text(result.deduction),
          passed: result.passed,
          basis: result.basis,
          reason: answer.reason,
        };
      });
      sectionLost += itemLost;
      const itemPoints = item.points === undefined ? undefined : centi(item.points);
      return { id: item.id, points: text(itemPoints), score: itemPoints === undefined ? null : text(itemPoints - itemLost), criteria };
    });
    const sectionPoints = section.points === undefined ? undefined : centi(section.points);
    return {
      id: section.id,
      points: text(sectionPoints),
      score: sectionPoints === undefined ? null : text(sectionPoints - sectionLost),
      items,
    };
  });
  const all = criteriaOf(rubric).length;
  const max = scored && rubric.totalPoints !== undefined ? centi(rubric.totalPoints) : undefined;
  const lost = sumCenti(deductions.map((d) => (d.deduction === null ? 0n : centi(d.deduction))));
  return {
    kind: rubric.kind,
    maxTotal: text(max),
    total: max === undefined ? null : formatCenti(max - lost),
    deducted: scored ? formatCenti(lost) : null,
    answered,
    criteria: all,
    complete: answered === all,
    passed,
    failed,
    sections,
    deductions,
  };
}

/** Canonical text of points given as text, or undefined (for query parameters such as minTotal). */
export function pointsText(value: string): string | undefined {
  const parsed = parseCenti(value);
  return parsed === undefined ? undefined : formatCenti(parsed);
}
