// Star schemes (星级评定方案): a tenant's set of named stars (亮星评级). Each star says what it attests, is awarded
// when all of its evidence rules hold over the tenant's own data, lasts for its validity, and is suspended when
// one of its revocation triggers fires. The rules and triggers are a small closed set, each explainable in words.
// The schema checks shapes; `schemeProblems` checks what a schema cannot (names, empty stars, the rubrics named).
import { z } from "zod";
import { PointsSchema, TextSchema } from "#core/assessments/rubric";
import { centi, formatCenti } from "#core/kernel/decimal";
import { type FieldProblem, problem } from "#core/kernel/errors";
import { reservedKeys } from "#core/kernel/text";
import { bilingual } from "#core/kernel/validation";

const StarIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "Lower-case letters, digits and - (up to 32)")
  .refine((id) => !reservedKeys.has(id), {
    ...bilingual("reserved_key", "编号不能是 constructor 等保留名称", "An id cannot be a reserved name such as constructor"),
  })
  .meta({ description: "Stable id of the star within the scheme, e.g. responsibility", example: "responsibility" });

const LabelCodeSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, "Upper-case letters, digits, _ and - (2 to 32)")
  .meta({ description: "Stable label code a portal mirrors into the provincial system (标签编码), e.g. TS-ZR", example: "TS-ZR" });

const RubricRefSchema = z.string().trim().min(1).max(40).meta({ description: "A library rubric id or one of the tenant's rubric ids" });
const DaysSchema = z.number().int().min(1).max(3650);
const MonthsSchema = z.number().int().min(1).max(120);
export const hazardScopes = ["major", "any"] as const;
const HazardScopeSchema = z.enum(hazardScopes).meta({ description: "major 重大事故隐患 only, or any hazard" });

export const standardizationFields = ["passed", "responsibilitySystem", "informationCollected"] as const;
export type StandardizationField = (typeof standardizationFields)[number];

export const StarRuleSchema = z
  .discriminatedUnion("type", [
    z
      .strictObject({
        type: z.literal("assessment-score"),
        rubricId: RubricRefSchema,
        sectionId: z.string().trim().min(1).max(32).optional().meta({ description: "A section of the rubric: its score, not the total" }),
        minScore: PointsSchema.meta({ description: "The score needed, included" }),
        withinMonths: MonthsSchema.meta({ description: "The assessment must have been verified within this many months" }),
      })
      .meta({
        description: "The unit's latest verified assessment against the rubric scored at least minScore (in total or in one section)",
      }),
    z
      .strictObject({
        type: z.literal("no-open-hazards"),
        severity: HazardScopeSchema,
        days: DaysSchema.meta({ description: "Hazards found within this many days count" }),
        overdueOnly: z.boolean().default(false).meta({ description: "true: only open hazards past their deadline fail the rule" }),
      })
      .meta({ description: "No open hazard of the severity (or none overdue) among those found in the last N days" }),
    z
      .strictObject({ type: z.literal("hazards-closed-on-time"), days: DaysSchema })
      .meta({ description: "Every hazard found in the last N days was closed by its deadline (an open one must not be past it)" }),
    z
      .strictObject({ type: z.literal("placard-checked") })
      .meta({ description: "The unit has an active placard checked within the tenant's placard check interval" }),
    z
      .strictObject({ type: z.literal("register-confirmed"), days: DaysSchema })
      .meta({ description: "The unit's register data was changed or confirmed within N days" }),
    z.strictObject({ type: z.literal("standardization"), field: z.enum(standardizationFields) }).meta({
      description:
        "A standardization profile field is true: passed 评审达标, responsibilitySystem 全员安全生产责任制, informationCollected 信息采集",
    }),
    z
      .strictObject({ type: z.literal("no-fatal-accident"), months: MonthsSchema })
      .meta({ description: "No accident with deaths recorded for the unit in the last N months" }),
    z
      .strictObject({ type: z.literal("attested"), what: TextSchema.meta({ description: "What the official confirms" }) })
      .meta({ description: "An official confirms it, with evidence files, when reviewing the application" }),
  ])
  .meta({ id: "StarEvidenceRule" });
export type StarRule = z.output<typeof StarRuleSchema>;

export const StarTriggerSchema = z
  .discriminatedUnion("type", [
    z
      .strictObject({ type: z.literal("hazard-overdue"), severity: HazardScopeSchema })
      .meta({ description: "An open hazard of the unit (of the severity) passes its deadline" }),
    z
      .strictObject({
        type: z.literal("assessment-below"),
        rubricId: RubricRefSchema,
        sectionId: z.string().trim().min(1).max(32).optional(),
        minScore: PointsSchema,
      })
      .meta({ description: "A verified assessment of the unit against the rubric scores below minScore" }),
    z
      .strictObject({ type: z.literal("accident-recorded"), fatalOnly: z.boolean().default(true) })
      .meta({ description: "An accident of the unit is recorded (fatalOnly: one with deaths)" }),
    z
      .strictObject({ type: z.literal("sham-flagged") })
      .meta({ description: "An official marks the unit's standardization paper-only or sham (纸上标准化, 假创建)" }),
  ])
  .meta({ id: "StarRevocationTrigger" });
export type StarTrigger = z.output<typeof StarTriggerSchema>;

const StarSchema = z
  .strictObject({
    id: StarIdSchema,
    name: TextSchema.nullable().meta({ description: "The star's name, e.g. 责任星; null in a template slot the tenant names" }),
    attests: TextSchema.nullable().meta({ description: "What the star attests; null until the tenant says" }),
    labelCode: LabelCodeSchema,
    validityMonths: z.number().int().min(1).max(60).meta({ description: "An award lasts this many months" }),
    rules: z.array(StarRuleSchema).max(10).meta({ description: "All must hold for the star to be awarded (a draft may have none yet)" }),
    triggers: z.array(StarTriggerSchema).max(10).default([]).meta({ description: "Any one fired suspends an awarded star" }),
  })
  .meta({ id: "Star" });
export type Star = z.output<typeof StarSchema>;

export const StarSchemeDefinitionSchema = z
  .strictObject({
    title: TextSchema,
    source: z.string().trim().max(500).optional().meta({ description: "Where the scheme comes from" }),
    notes: z
      .array(TextSchema)
      .max(50)
      .default([])
      .meta({ description: "How the source was read, and which values are the tenant's own rather than the source's" }),
    // Ten at most: awarding them all is one transaction of 8 writes per star (the award, its copy for the unit, its
    // due entry, five list entries) and 6 more (the application, its two list entries, the pending slot, the audit
    // record, the stars' change-feed entry): 86, within DynamoDB's 100. Renewals follow in transactions of their own.
    stars: z.array(StarSchema).min(1).max(10),
  })
  .meta({ id: "StarSchemeDefinition" });
export type StarSchemeDefinition = z.output<typeof StarSchemeDefinitionSchema>;

/** What `schemeProblems` needs to know of a rubric a rule names: its target, total and section points. */
export interface RubricFacts {
  readonly target: "enterprise" | "town";
  readonly kind: "scored" | "checklist";
  readonly totalPoints: string | undefined;
  readonly sectionPoints: Readonly<Record<string, string | undefined>>;
}

/** Every rubric id the scheme's rules and triggers name. */
export function rubricsNamed(definition: StarSchemeDefinition): string[] {
  const ids = new Set<string>();
  for (const star of definition.stars) {
    for (const rule of [...star.rules, ...star.triggers]) if ("rubricId" in rule) ids.add(rule.rubricId);
  }
  return [...ids];
}

/**
 * Everything that keeps a scheme from being evaluated, each with its path: an unnamed star or one that attests
 * nothing, a star without rules, repeated ids or label codes, a rubric that is not the tenant's (or not a scored
 * enterprise rubric), a section it lacks, a score above what the rubric or section can give. Empty when sound.
 */
export function schemeProblems(definition: StarSchemeDefinition, rubrics: ReadonlyMap<string, RubricFacts>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const ids = new Set<string>();
  const codes = new Set<string>();
  definition.stars.forEach((star, s) => {
    const at = `stars.${s}`;
    if (ids.has(star.id)) problems.push(problem(`${at}.id`, "duplicate_id", `编号 ${star.id} 重复`, `The id ${star.id} is used twice`));
    ids.add(star.id);
    if (codes.has(star.labelCode)) {
      problems.push(
        problem(
          `${at}.labelCode`,
          "duplicate_label_code",
          `标签编码 ${star.labelCode} 重复`,
          `The label code ${star.labelCode} is used twice`,
        ),
      );
    }
    codes.add(star.labelCode);
    if (star.name === null) problems.push(problem(`${at}.name`, "star_unnamed", "星须命名后才能发布", "Name the star before publishing"));
    if (star.attests === null) {
      problems.push(problem(`${at}.attests`, "star_attests_nothing", "须说明该星证明的内容", "Say what the star attests"));
    }
    if (star.rules.length === 0) {
      problems.push(problem(`${at}.rules`, "star_without_rules", "该星没有评定依据（证据规则）", "The star has no evidence rules"));
    }
    star.rules.forEach((rule, r) => {
      if (rule.type === "assessment-score") problems.push(...scoreProblems(rule, `${at}.rules.${r}`, rubrics));
    });
    star.triggers.forEach((trigger, t) => {
      if (trigger.type === "assessment-below") problems.push(...scoreProblems(trigger, `${at}.triggers.${t}`, rubrics));
    });
  });
  return problems;
}

function scoreProblems(
  rule: { rubricId: string; sectionId?: string | undefined; minScore: string },
  at: string,
  rubrics: ReadonlyMap<string, RubricFacts>,
): FieldProblem[] {
  const rubric = rubrics.get(rule.rubricId);
  if (!rubric) {
    return [
      problem(
        `${at}.rubricId`,
        "unknown_rubric",
        `评分细则 ${rule.rubricId} 不存在或尚未发布`,
        `Rubric ${rule.rubricId} does not exist here or has no published version`,
      ),
    ];
  }
  if (rubric.target !== "enterprise" || rubric.kind !== "scored") {
    return [
      problem(
        `${at}.rubricId`,
        "rubric_not_for_enterprises",
        "须为评估单位的计分细则",
        "Must be a scored rubric that assesses enterprises",
      ),
    ];
  }
  let most = rubric.totalPoints;
  if (rule.sectionId !== undefined) {
    if (!(rule.sectionId in rubric.sectionPoints)) {
      return [
        problem(
          `${at}.sectionId`,
          "unknown_section",
          `评分细则中没有项目 ${rule.sectionId}`,
          `The rubric has no section ${rule.sectionId}`,
        ),
      ];
    }
    most = rubric.sectionPoints[rule.sectionId];
  }
  if (most !== undefined && centi(rule.minScore) > centi(most)) {
    return [
      problem(
        `${at}.minScore`,
        "score_out_of_range",
        `所需分数 ${rule.minScore} 超过满分 ${formatCenti(centi(most))}`,
        `The score needed, ${rule.minScore}, is above the most there is, ${formatCenti(centi(most))}`,
      ),
    ];
  }
  return [];
}

export const schemeVersionStatuses = ["draft", "published"] as const;

/** A tenant's star scheme: versions numbered from 1; a published version never changes, and awards pin one. */
export const StarSchemeSchema = z
  .object({
    id: z.string(),
    title: TextSchema,
    latestVersion: z.number().int().positive(),
    publishedVersion: z.number().int().positive().nullable().meta({ description: "The newest published version; null until one is" }),
    draftVersion: z.number().int().positive().nullable().meta({ description: "The version open for edits, if any" }),
    copiedFrom: z
      .object({ id: z.string(), version: z.number().int() })
      .nullable()
      .meta({ description: "The library scheme it was copied from" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive().meta({ description: "Record version (ETag), not the scheme version" }),
  })
  .meta({ id: "StarScheme" });
export type StarScheme = z.infer<typeof StarSchemeSchema>;

export const StarSchemeVersionSchema = z
  .object({
    schemeId: z.string(),
    version: z.number().int().positive(),
    status: z.enum(schemeVersionStatuses),
    definition: StarSchemeDefinitionSchema,
    library: z.boolean().meta({ description: "A built-in library scheme (read-only, the same for every tenant; copy it to use it)" }),
    createdAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: "StarSchemeVersion" });
export type StarSchemeVersion = z.output<typeof StarSchemeVersionSchema>;

export const SaveStarSchemeSchema = z.strictObject({ definition: StarSchemeDefinitionSchema }).meta({ id: "SaveStarScheme" });
