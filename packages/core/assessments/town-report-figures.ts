// The figures of a town's standardization report (附件2, sections 三–五), as pure rules over what the service read:
// the town's units from the register (三: by size class and industry; 四: their standardization profiles, with the
// pass rate from the units that pass review by their verified assessments, unit-pass.ts), the
// town's enterprise assessments against one rubric (四: by stage, size class and industry; 五: the criteria that
// lost the most points), and the town government's own assessment (四: 1+5机制). All scores are exact decimals
// (#core/kernel/decimal); a share is a percentage rounded half up to 0.01.
//
// Which assessments count: verified ones only (a report states what was checked); each unit counts once, by its
// latest verified assessment (date, then id), except in the stage table, where each stage counts each unit's
// latest at that stage. A unit's size class and industry are the register's now, not as they were when assessed.
import type { Assessment, AssessmentSummary, Stage } from "#core/assessments/assessment";
import { stages } from "#core/assessments/assessment";
import type { RubricDefinition } from "#core/assessments/rubric";
import { type AssessmentResult, scoreAssessment } from "#core/assessments/scoring";
import { criterionLosses, latestPerUnit, type ScoreRow, scoreRow } from "#core/assessments/unit-scores";
import { formatCenti, formatRate, rateOf } from "#core/kernel/decimal";
import { type EnterpriseSummary, noStandardization, type SizeClass, sizeClasses } from "#core/register/enterprise";
import { industryByCode } from "#core/register/industry";

/** `part` of `whole` as a percentage rounded half up to 0.01 ("33.33"); null when there is no whole. */
export function shareOf(part: number, whole: number): string | null {
  return whole === 0 ? null : formatRate(rateOf(part, whole));
}

function divisionName(code: string): string {
  return industryByCode(code)?.name ?? code;
}

/** Criterion ids in table order: 2.1 before 10.1 (compared as numbers, part by part). */
export function compareCriterionIds(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

// ---- 三: the register ----

export interface SizeRow {
  readonly sizeClass: SizeClass;
  readonly units: number;
  /** Of the units counted. */
  readonly share: string | null;
}

export interface IndustryRow {
  readonly divisionCode: string;
  readonly divisionName: string;
  readonly units: number;
  readonly bySize: Readonly<Record<SizeClass, number>>;
}

/** The standardization profiles of enterprises (the nine small venues left out, as 附件4 counts them). */
export interface StandardizationRow {
  /** null: all size classes together. */
  readonly sizeClass: SizeClass | null;
  readonly enterprises: number;
  readonly notStarted: number;
  readonly inProgress: number;
  /** Declared passed in the register (standardization.status), what the unit says of itself: not the rate's. */
  readonly declaredPassed: number;
  /** Passing review by their latest verified assessment with a pass line (unit-pass.ts). */
  readonly passed: number;
  /** passed / enterprises: 附件4 item 13's 评审达标率. */
  readonly passRate: string | null;
  readonly responsibilitySystem: number;
  readonly informationCollected: number;
}

export interface RegisterFigures {
  /** Live units counted: the town's units in the register, closed ones (关闭) left out. */
  readonly counted: number;
  readonly enterprises: number;
  readonly venues: number;
  readonly closed: number;
  /** Every size class, 规上 · 中等 · 小微, zeros included. */
  readonly bySize: readonly SizeRow[];
  /** GB/T 4754 divisions (行业大类) with units, most units first, then by code. */
  readonly byIndustry: readonly IndustryRow[];
  /** One row per size class, then the total. */
  readonly standardization: readonly StandardizationRow[];
}

const noSizes = (): Record<SizeClass, number> => ({ "above-scale": 0, medium: 0, "small-micro": 0 });

function standardizationRow(
  sizeClass: SizeClass | null,
  enterprises: readonly EnterpriseSummary[],
  passing: ReadonlySet<string>,
): StandardizationRow {
  const profiles = enterprises.map((u) => u.standardization ?? noStandardization);
  const passed = enterprises.filter((u) => passing.has(u.id)).length;
  return {
    sizeClass,
    enterprises: enterprises.length,
    notStarted: profiles.filter((p) => p.status === "not-started").length,
    inProgress: profiles.filter((p) => p.status === "in-progress").length,
    declaredPassed: profiles.filter((p) => p.status === "passed").length,
    passed,
    passRate: shareOf(passed, enterprises.length),
    responsibilitySystem: profiles.filter((p) => p.responsibilitySystem).length,
    informationCollected: profiles.filter((p) => p.informationCollected).length,
  };
}

/**
 * 三 and the register part of 四, from the town's units (deleted ones already left out by the read) and the ids of
 * those that pass review by their verified assessments (`passing`, unit-pass.ts).
 */
export function registerFigures(units: readonly EnterpriseSummary[], passing: ReadonlySet<string>): RegisterFigures {
  const live = units.filter((u) => u.productionStatus !== "closed");
  const sizes = noSizes();
  const industries = new Map<string, Record<SizeClass, number>>();
  for (const u of live) {
    sizes[u.sizeClass]++;
    const row = industries.get(u.divisionCode) ?? noSizes();
    row[u.sizeClass]++;
    industries.set(u.divisionCode, row);
  }
  const total = (row: Record<SizeClass, number>) => sizeClasses.reduce((sum, s) => sum + row[s], 0);
  const enterprises = live.filter((u) => u.venueType === null);
  return {
    counted: live.length,
    enterprises: enterprises.length,
    venues: live.length - enterprises.length,
    closed: units.length - live.length,
    bySize: sizeClasses.map((sizeClass) => ({ sizeClass, units: sizes[sizeClass], share: shareOf(sizes[sizeClass], live.length) })),
    byIndustry: [...industries.entries()]
      .map(([code, bySize]) => ({ divisionCode: code, divisionName: divisionName(code), units: total(bySize), bySize }))
      .sort((a, b) => b.units - a.units || (a.divisionCode < b.divisionCode ? -1 : 1)),
    standardization: [
      ...sizeClasses.map((s) =>
        standardizationRow(
          s,
          enterprises.filter((u) => u.sizeClass === s),
          passing,
        ),
      ),
      standardizationRow(null, enterprises, passing),
    ],
  };
}

// ---- 四 and 五: the enterprise assessments ----

export interface MostDeducted {
  readonly criterionId: string;
  readonly title: string;
  /** The rubric section (项目) it belongs to. */
  readonly sectionTitle: string;
  /** Units that lost points on it. */
  readonly units: number;
  /** Points lost on it, all units together. */
  readonly points: string;
  /** units / units assessed. */
  readonly share: string | null;
}

export interface AssessmentFigures {
  /** Verified enterprise assessments of the town against the rubric. */
  readonly verified: number;
  /** Submitted ones still waiting for verification (not counted anywhere else). */
  readonly pending: number;
  /** Each unit once, by its latest verified assessment. */
  readonly overall: ScoreRow;
  /** Stages with a verified assessment, in the Shishi order; each unit once per stage. */
  readonly byStage: readonly (ScoreRow & { readonly stage: Stage; readonly assessments: number })[];
  /** Every size class: units of the town in the register, and those assessed. */
  readonly bySize: readonly (ScoreRow & { readonly sizeClass: SizeClass; readonly inTown: number })[];
  /** Divisions with units in the town or assessed, most units in the town first. */
  readonly byIndustry: readonly (ScoreRow & { readonly divisionCode: string; readonly divisionName: string; readonly inTown: number })[];
  readonly mostDeducted: readonly MostDeducted[];
}

/** Where a criterion of a pinned rubric version sits: its title and its section's. */
export type CriterionPlace = (criterionId: string, rubricVersion: number) => { readonly title: string; readonly sectionTitle: string };

/**
 * The criteria that lost the most points across units' assessments (each unit's one assessment): by points lost,
 * then by how many units lost points there, then in table order; the first `top`.
 */
export function mostDeductedCriteria(latest: readonly AssessmentSummary[], placeOf: CriterionPlace, top: number): MostDeducted[] {
  return criterionLosses(latest, compareCriterionIds)
    .slice(0, top)
    .map((v) => ({
      criterionId: v.criterionId,
      ...placeOf(v.criterionId, v.version),
      units: v.units,
      points: formatCenti(v.points),
      share: shareOf(v.units, latest.length),
    }));
}

/**
 * 四 and 五 from the town's assessment list entries against one rubric (any status; only enterprise targets with a
 * total count) and the units they name (the town's, and any since moved or deleted, by id).
 */
export function assessmentFigures(
  rubricId: string,
  entries: readonly AssessmentSummary[],
  townUnits: readonly EnterpriseSummary[],
  unitsById: ReadonlyMap<string, EnterpriseSummary>,
  placeOf: CriterionPlace,
  top: number,
): AssessmentFigures {
  const ours = entries.filter((e) => e.targetType === "enterprise" && e.rubricId === rubricId && e.total !== null);
  const verified = ours.filter((e) => e.status === "verified");
  const latest = latestPerUnit(verified);
  const live = townUnits.filter((u) => u.productionStatus !== "closed");
  const unitOf = (e: AssessmentSummary) => unitsById.get(e.targetId);

  const byStage = stages
    .map((stage) => {
      const at = verified.filter((e) => e.stage === stage);
      return { stage, assessments: at.length, ...scoreRow(latestPerUnit(at)) };
    })
    .filter((row) => row.assessments > 0);

  const bySize = sizeClasses.map((sizeClass) => ({
    sizeClass,
    inTown: live.filter((u) => u.sizeClass === sizeClass).length,
    ...scoreRow(latest.filter((e) => unitOf(e)?.sizeClass === sizeClass)),
  }));

  const divisions = new Set([...live.map((u) => u.divisionCode), ...latest.map((e) => unitOf(e)?.divisionCode ?? "")]);
  divisions.delete("");
  const byIndustry = [...divisions]
    .map((code) => ({
      divisionCode: code,
      divisionName: divisionName(code),
      inTown: live.filter((u) => u.divisionCode === code).length,
      ...scoreRow(latest.filter((e) => unitOf(e)?.divisionCode === code)),
    }))
    .sort((a, b) => b.inTown - a.inTown || b.units - a.units || (a.divisionCode < b.divisionCode ? -1 : 1));

  return {
    verified: verified.length,
    pending: ours.filter((e) => e.status === "submitted").length,
    overall: scoreRow(latest),
    byStage,
    bySize,
    byIndustry,
    mostDeducted: mostDeductedCriteria(latest, placeOf, top),
  };
}

// ---- 四（一）: the town government's own assessment (1+5机制) ----

export interface TownOwnFigures {
  readonly rubricTitle: string;
  readonly stage: Stage;
  readonly assessedOn: string;
  readonly assessor: string;
  readonly total: string | null;
  readonly maxTotal: string | null;
  /** The rubric's sections (附件4: 全域统筹 and the five 化), each with its points and the score reached. */
  readonly sections: readonly { readonly title: string; readonly points: string | null; readonly score: string | null }[];
  /** Every deduction, in table order, with the assessor's reason. */
  readonly deductions: readonly { readonly title: string; readonly deduction: string | null; readonly reason: string | null }[];
}

/** The town's latest verified assessment of itself, scored again from its answers as every read of one is. */
export function townOwnFigures(assessment: Assessment, definition: RubricDefinition): TownOwnFigures {
  const result: AssessmentResult = scoreAssessment(definition, assessment.answers);
  const titles = new Map(definition.sections.map((s) => [s.id, s.title.zh]));
  return {
    rubricTitle: assessment.rubric.title,
    stage: assessment.stage,
    assessedOn: assessment.assessedOn,
    assessor: [assessment.assessor.organization, assessment.assessor.name].filter(Boolean).join(" "),
    total: result.total,
    maxTotal: result.maxTotal,
    sections: result.sections.map((s) => ({ title: titles.get(s.id) ?? s.id, points: s.points, score: s.score })),
    deductions: result.deductions.map((d) => ({ title: d.title, deduction: d.deduction, reason: d.reason })),
  };
}
