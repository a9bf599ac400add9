// Rubrics (评分细则): sections (项目) → items (督导帮扶内容) → criteria (细则), each criterion with its points
// and the rule that turns the assessor's input into a deduction (扣分). A scored rubric's points add up level
// by level to its total; a checklist rubric (检查清单, e.g. Tongshan's "4+22") has pass/fail items and no points.
// The schema checks shapes; `rubricProblems` checks what a schema cannot: sums, caps, bands, unique ids.

import { z } from "zod";
import { type Centi, centi, formatCenti, parseCenti, sumCenti } from "#core/kernel/decimal";
import { type FieldProblem, problem } from "#core/kernel/errors";
import { idPattern, idSource } from "#core/kernel/ids";
import { reservedKeys, singleLine } from "#core/kernel/text";
import { bilingual } from "#core/kernel/validation";

/** Points as a decimal with at most two places, given as a JSON number or string; kept as canonical text. */
export const PointsSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const parsed = parseCenti(typeof value === "number" ? String(value) : value);
    if (parsed === undefined) {
      ctx.addIssue({
        code: "custom",
        ...bilingual(
          "invalid_points",
          "分值应为不小于 0、最多两位小数的数，如 2.5",
          "Points must be a non-negative number with at most two decimals, e.g. 2.5",
        ),
      });
      return z.NEVER;
    }
    return formatCenti(parsed);
  })
  .meta({ description: "Points: a decimal with at most two places (number or string); answered as a string", example: "2.5" });

/** A percentage 0–100 with at most two decimals (rate band edges, typed rates). */
export const PercentSchema = PointsSchema.refine((p) => centi(p) <= 10000n, {
  ...bilingual("invalid_percent", "百分比应在 0 到 100 之间", "A percentage must be between 0 and 100"),
}).meta({ description: "Percentage 0–100, at most two decimals", example: "95" });

export const TextSchema = z.strictObject({
  zh: z.string().trim().min(1).max(2000),
  en: z.string().trim().min(1).max(2000).optional(),
});
export type Text = z.infer<typeof TextSchema>;

const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, "Letters, digits, . _ - (up to 32)")
  // Criterion ids key an assessment's answers and suggestions: `constructor` there would read Object's own.
  .refine((id) => !reservedKeys.has(id), {
    ...bilingual(
      "reserved_key",
      "编号不能是 constructor、toString 等保留名称",
      "An id cannot be a reserved name such as constructor or toString",
    ),
  })
  .meta({ description: "Stable id within the rubric, e.g. 9.2", example: "9.2" });

/**
 * Where a town-rubric criterion's input can be suggested from the tenant's own records: coverage counts (units
 * not covered are named, one deduction each; star-rating coverage from the star records), rates (达标率 from the
 * units' verified assessments against rubrics with a `passScore`, 采集率 from the register), and the town's key
 * inspection targets (差异化监管, a yes-no criterion the assessor confirms).
 */
export const prefillSources = [
  "standardization-coverage",
  "responsibility-coverage",
  "star-rating-coverage",
  "standardization-pass-rate",
  "enterprise-collection-rate",
  "venue-collection-rate",
  "supervision-targets",
] as const;
export type PrefillSource = (typeof prefillSources)[number];
const coverageSources: readonly PrefillSource[] = ["standardization-coverage", "responsibility-coverage", "star-rating-coverage"];

/** The kind of rule each prefill source answers. */
function ruleOfSource(source: PrefillSource): RuleType {
  if (coverageSources.includes(source)) return "per-occurrence";
  return source === "supervision-targets" ? "yes-no" : "rate-bands";
}

const BandSchema = z.strictObject({
  from: PercentSchema.meta({ description: "Lower edge, included (%)" }),
  to: PercentSchema.meta({ description: "Upper edge, excluded (%)" }),
  deduction: PointsSchema,
});

export const RuleSchema = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("yes-no") }).meta({ description: "Met → full points, else 0 (是否…)" }),
    z
      .strictObject({
        type: z.literal("per-occurrence"),
        deduction: PointsSchema.meta({ description: "Deducted per occurrence (每发现一家扣…)" }),
        cap: PointsSchema.meta({ description: "Most deducted in all (扣满…为止)" }),
      })
      .meta({ description: "A deduction per occurrence found, up to a cap" }),
    z
      .strictObject({
        type: z.literal("per-missing-year"),
        deduction: PointsSchema.meta({ description: "Deducted per missing year (每缺失一年扣…)" }),
        cap: PointsSchema.meta({ description: "Most deducted in all (扣满…为止)" }),
      })
      .meta({ description: "A deduction per missing year, up to a cap" }),
    z
      .strictObject({
        type: z.literal("rate-bands"),
        bands: z.array(BandSchema).min(1).max(20),
      })
      .meta({ description: "Bands [from, to) of a percentage, each with its deduction; a rate in no band loses nothing" }),
    z
      .strictObject({ type: z.literal("graded"), step: PointsSchema.meta({ description: "Scores are multiples of this, e.g. 0.5" }) })
      .meta({ description: "The assessor grades between 0 and the points, in steps" }),
    z.strictObject({ type: z.literal("pass-fail") }).meta({ description: "Checklist item: passed or failed, no points" }),
  ])
  .meta({ id: "RubricRule" });
export type Rule = z.infer<typeof RuleSchema>;
export type RuleType = Rule["type"];

const CriterionSchema = z.strictObject({
  id: IdSchema,
  title: TextSchema,
  points: PointsSchema.optional().meta({ description: "Required in a scored rubric, absent in a checklist" }),
  rule: RuleSchema,
  prefill: z.enum(prefillSources).optional().meta({ description: "Town rubrics: suggest the input from the register" }),
  checkedBy: singleLine(50).optional().meta({ description: "Checklists: who checks (检查责任), e.g. 车间主任" }),
  frequency: singleLine(50).optional().meta({ description: "Checklists: how often (检查频率), e.g. 每班, 每周" }),
  requirement: z.string().trim().min(1).max(500).optional().meta({ description: "Checklists: what a finding requires (整改要求)" }),
});
const ItemSchema = z.strictObject({
  id: IdSchema,
  title: TextSchema,
  points: PointsSchema.optional(),
  criteria: z.array(CriterionSchema).min(1).max(50),
});
const SectionSchema = z.strictObject({
  id: IdSchema,
  title: TextSchema,
  points: PointsSchema.optional(),
  items: z.array(ItemSchema).min(1).max(100),
});

export const rubricKinds = ["scored", "checklist"] as const;
/** The three levels of a unit's safety checklists (安全检查清单 → 车间表册 → 岗位卡片). */
export const checklistLevels = ["company", "workshop", "post"] as const;
export const rubricTargets = ["enterprise", "town"] as const;
export type RubricTarget = (typeof rubricTargets)[number];

export const RubricDefinitionSchema = z
  .strictObject({
    title: TextSchema,
    kind: z.enum(rubricKinds).meta({ description: "scored (100-point tables) | checklist (pass/fail, no points)" }),
    target: z.enum(rubricTargets).meta({ description: "What is assessed: an enterprise, or a town (镇/街道) government" }),
    totalPoints: PointsSchema.optional().meta({ description: "Scored rubrics: the total the sections must add up to" }),
    passScore: PointsSchema.optional().meta({
      description:
        "Scored rubrics for enterprises: a verified assessment whose total is at least this passes (评审达标), which the town " +
        "pass rate (达标率) counts; absent, the rubric's assessments pass or fail nobody",
    }),
    source: z.string().trim().max(500).optional().meta({ description: "Where the table comes from" }),
    notes: z
      .array(TextSchema)
      .max(50)
      .default([])
      .meta({ description: "How the table was read where the source is ambiguous or inconsistent" }),
    sections: z.array(SectionSchema).min(1).max(50),
    level: z
      .enum(checklistLevels)
      .optional()
      .meta({ description: "Checklists (安全检查清单): company 公司 | workshop 车间（部门）表册 | post 岗位（班组）卡片" }),
    enterpriseId: z
      .string()
      .regex(idPattern, "An enterprise id")
      .optional()
      .meta({ description: "Checklists: the unit whose own checklist this is (inspections then assess that unit only)" }),
  })
  .meta({ id: "RubricDefinition" });
export type RubricDefinition = z.output<typeof RubricDefinitionSchema>;
export type RubricSection = RubricDefinition["sections"][number];
export type RubricItem = RubricSection["items"][number];
export type RubricCriterion = RubricItem["criteria"][number];

/** Every criterion with where it sits, in table order. */
export function criteriaOf(
  rubric: RubricDefinition,
): { section: RubricSection; item: RubricItem; criterion: RubricCriterion; path: string }[] {
  return rubric.sections.flatMap((section, s) =>
    section.items.flatMap((item, i) =>
      item.criteria.map((criterion, c) => ({ section, item, criterion, path: `sections.${s}.items.${i}.criteria.${c}` })),
    ),
  );
}

/**
 * Everything wrong with a rubric that its schema cannot see, each problem with its path: points that do not add
 * up, caps above points, bands out of order or overlapping, grading steps that do not divide the points,
 * repeated ids, points in a checklist or missing in a scored rubric. Empty when the rubric is sound.
 */
export function rubricProblems(rubric: RubricDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const scored = rubric.kind === "scored";
  const seen = { sections: new Set<string>(), items: new Set<string>(), criteria: new Set<string>() };
  const unique = (level: keyof typeof seen, id: string, path: string) => {
    if (seen[level].has(id)) problems.push(problem(`${path}.id`, "duplicate_id", `编号 ${id} 重复`, `The id ${id} is used twice`));
    seen[level].add(id);
  };
  /** The node's points (scored) or a problem when they are missing or present where they should not be. */
  const pointsAt = (points: string | undefined, path: string): Centi | undefined => {
    if (scored && points === undefined) {
      problems.push(problem(`${path}.points`, "points_required", "评分细则须填写分值", "A scored rubric needs points here"));
    }
    if (!scored && points !== undefined) {
      problems.push(problem(`${path}.points`, "points_not_allowed", "检查清单不设分值", "A checklist has no points"));
    }
    return points === undefined ? undefined : centi(points);
  };
  const mustAddUp = (field: string, declared: Centi | undefined, parts: (Centi | undefined)[], what: { zh: string; en: string }) => {
    if (declared === undefined || parts.some((p) => p === undefined)) return;
    const sum = sumCenti(parts as Centi[]);
    if (sum !== declared) {
      problems.push(
        problem(
          field,
          "points_do_not_add_up",
          `分值 ${formatCenti(declared)} 与${what.zh}合计 ${formatCenti(sum)} 不符`,
          `Points ${formatCenti(declared)} differ from the sum of its ${what.en}, ${formatCenti(sum)}`,
        ),
      );
    }
  };

  if (scored) {
    for (const field of ["level", "enterpriseId"] as const) {
      if (rubric[field] !== undefined)
        problems.push(problem(field, "checklist_only", "仅安全检查清单可设置此项", "Only a checklist has this"));
    }
    for (const { criterion, path } of criteriaOf(rubric)) {
      for (const field of ["checkedBy", "frequency", "requirement"] as const) {
        if (criterion[field] !== undefined) {
          problems.push(
            problem(`${path}.${field}`, "checklist_only", "仅安全检查清单的检查项可设置此项", "Only a checklist item has this"),
          );
        }
      }
    }
  }
  if (scored && rubric.totalPoints === undefined) {
    problems.push(problem("totalPoints", "points_required", "评分细则须填写总分", "A scored rubric needs its total points"));
  }
  if (!scored && rubric.totalPoints !== undefined) {
    problems.push(problem("totalPoints", "points_not_allowed", "检查清单不设分值", "A checklist has no points"));
  }
  if (rubric.passScore !== undefined) {
    if (!scored || rubric.target !== "enterprise") {
      problems.push(
        problem(
          "passScore",
          "pass_score_not_allowed",
          "只有生产经营单位的计分细则可设达标分",
          "Only a scored rubric for enterprises has a pass score",
        ),
      );
    } else if (rubric.totalPoints !== undefined && centi(rubric.passScore) > centi(rubric.totalPoints)) {
      problems.push(
        problem(
          "passScore",
          "pass_score_above_total",
          `达标分 ${rubric.passScore} 超过总分 ${rubric.totalPoints}`,
          `The pass score ${rubric.passScore} exceeds the total ${rubric.totalPoints}`,
        ),
      );
    }
  }
  const sectionPoints = rubric.sections.map((section, s) => {
    const sPath = `sections.${s}`;
    unique("sections", section.id, sPath);
    const declared = pointsAt(section.points, sPath);
    const itemPoints = section.items.map((item, i) => {
      const iPath = `${sPath}.items.${i}`;
      unique("items", item.id, iPath);
      const itemDeclared = pointsAt(item.points, iPath);
      const criterionPoints = item.criteria.map((criterion, c) => {
        const cPath = `${iPath}.criteria.${c}`;
        unique("criteria", criterion.id, cPath);
        const points = pointsAt(criterion.points, cPath);
        problems.push(...ruleProblems(rubric, criterion, points, cPath));
        return points;
      });
      mustAddUp(`${iPath}.points`, itemDeclared, criterionPoints, { zh: "细则", en: "criteria" });
      return itemDeclared;
    });
    mustAddUp(`${sPath}.points`, declared, itemPoints, { zh: "各项内容", en: "items" });
    return declared;
  });
  if (scored && rubric.totalPoints !== undefined) {
    mustAddUp("totalPoints", centi(rubric.totalPoints), sectionPoints, { zh: "各项目", en: "sections" });
  }
  return problems;
}

function ruleProblems(rubric: RubricDefinition, criterion: RubricCriterion, points: Centi | undefined, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const rule = criterion.rule;
  const at = (field: string) => `${path}.rule.${field}`;
  if ((rubric.kind === "checklist") !== (rule.type === "pass-fail")) {
    problems.push(
      rubric.kind === "checklist"
        ? problem(at("type"), "rule_not_allowed", "检查清单的检查项只能是 pass-fail", "Checklist items use the pass-fail rule")
        : problem(at("type"), "rule_not_allowed", "评分细则不能使用 pass-fail", "A scored rubric cannot use pass-fail"),
    );
  }
  if (points !== undefined) {
    if (rule.type === "per-occurrence" || rule.type === "per-missing-year") {
      const deduction = centi(rule.deduction);
      const cap = centi(rule.cap);
      if (deduction === 0n)
        problems.push(problem(at("deduction"), "must_be_positive", "每次扣分须大于 0", "The deduction must be above 0"));
      if (cap === 0n) problems.push(problem(at("cap"), "must_be_positive", "扣分上限须大于 0", "The cap must be above 0"));
      if (cap > points) {
        problems.push(
          problem(
            at("cap"),
            "cap_above_points",
            `扣分上限 ${rule.cap} 超过分值 ${formatCenti(points)}`,
            `The cap ${rule.cap} exceeds the points ${formatCenti(points)}`,
          ),
        );
      }
      if (deduction > cap) {
        problems.push(problem(at("deduction"), "deduction_above_cap", "每次扣分超过扣分上限", "One deduction exceeds the cap"));
      }
    }
    if (rule.type === "rate-bands") {
      rule.bands.forEach((band, b) => {
        const from = centi(band.from);
        const to = centi(band.to);
        const deduction = centi(band.deduction);
        if (from >= to)
          problems.push(
            problem(at(`bands.${b}.to`), "band_empty", "区间上限须大于下限", "A band's upper edge must be above its lower edge"),
          );
        if (deduction === 0n || deduction > points) {
          problems.push(
            problem(
              at(`bands.${b}.deduction`),
              "band_deduction_invalid",
              "区间扣分须大于 0 且不超过分值",
              "A band's deduction must be above 0 and at most the points",
            ),
          );
        }
        const previous = rule.bands[b - 1];
        if (previous) {
          if (from < centi(previous.to)) {
            problems.push(
              problem(
                at(`bands.${b}.from`),
                "bands_overlap",
                "区间须按从低到高排列且不重叠",
                "Bands must be in ascending order and must not overlap",
              ),
            );
          }
          if (deduction > centi(previous.deduction)) {
            problems.push(
              problem(
                at(`bands.${b}.deduction`),
                "bands_not_monotonic",
                "比率越高扣分不应越多",
                "A higher rate must not lose more points than a lower one",
              ),
            );
          }
        }
      });
    }
    if (rule.type === "graded") {
      const step = centi(rule.step);
      if (step === 0n || points % step !== 0n) {
        problems.push(
          problem(
            at("step"),
            "step_invalid",
            `评分步长须大于 0 且能整除分值 ${formatCenti(points)}`,
            `The step must be above 0 and divide the points ${formatCenti(points)}`,
          ),
        );
      }
    }
  }
  if (criterion.prefill !== undefined) {
    const wants = ruleOfSource(criterion.prefill);
    if (rubric.target !== "town" || rule.type !== wants) {
      problems.push(
        problem(
          `${path}.prefill`,
          "prefill_not_allowed",
          `预填来源 ${criterion.prefill} 仅用于镇街细则的 ${wants} 细则`,
          `Prefill ${criterion.prefill} applies to ${wants} criteria of town rubrics only`,
        ),
      );
    }
  }
  return problems;
}

export const rubricVersionStatuses = ["draft", "published"] as const;

/** A tenant's rubric: its versions are numbered from 1; a published version never changes. */
export const RubricSchema = z
  .object({
    id: z.string(),
    title: TextSchema,
    kind: z.enum(rubricKinds),
    target: z.enum(rubricTargets),
    latestVersion: z.number().int().positive(),
    publishedVersion: z.number().int().positive().nullable().meta({ description: "The newest published version; null until one is" }),
    draftVersion: z.number().int().positive().nullable().meta({ description: "The version open for edits, if any" }),
    copiedFrom: z
      .object({ id: z.string(), version: z.number().int() })
      .nullable()
      .meta({ description: "The library rubric it was copied from" }),
    level: z.enum(checklistLevels).nullable().meta({ description: "Checklists: company | workshop | post" }),
    enterpriseId: z.string().nullable().meta({ description: "Checklists: the unit it belongs to" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive().meta({ description: "Record version (ETag), not the rubric version" }),
  })
  .meta({ id: "Rubric" });
export type Rubric = z.infer<typeof RubricSchema>;

export const RubricVersionSchema = z
  .object({
    rubricId: z.string(),
    version: z.number().int().positive(),
    status: z.enum(rubricVersionStatuses),
    definition: RubricDefinitionSchema,
    library: z.boolean().meta({ description: "A built-in library rubric (read-only, same for every tenant)" }),
    createdAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: "RubricVersion" });
export type RubricVersion = z.output<typeof RubricVersionSchema>;

export const RubricFilterSchema = z.strictObject({
  enterpriseId: z.string().regex(idPattern).optional().meta({ description: "A unit's own checklists" }),
  level: z.enum(checklistLevels).optional().meta({ description: "company | workshop | post" }),
});
export type RubricFilter = z.output<typeof RubricFilterSchema>;

export const SaveRubricSchema = z.strictObject({ definition: RubricDefinitionSchema }).meta({ id: "SaveRubric" });
export const RubricIdSchema = z
  .string()
  .regex(new RegExp(`^(${idSource}|[a-z][a-z0-9-]{2,63})$`), "A rubric id: a tenant rubric's 26-character id or a library id")
  .meta({ example: "shishi-enterprise-2024" });
