// Suggestions for a town rubric from the tenant's own records: the criteria marked `prefill` count the town's
// live units (closed ones left out) — which have not started standardization, lack the all-staff
// responsibility system (each named, from the register's standardization profile), or have not taken part in
// star rating (from the star records: no application of any outcome, no award); the pass rate (达标率: enterprises
// whose latest verified assessment passes, unit-pass.ts — never the register's declared status); the
// information-collection rates of enterprises and of the nine small venues; and the town's key inspection
// targets (差异化监管). The assessor confirms or overrides each suggestion.
import type { Suggestion } from "#core/assessments/assessment";
import type { KeyTarget, NamedUnit } from "#core/assessments/ports";
import { criteriaOf, type PrefillSource, type RubricDefinition } from "#core/assessments/rubric";
import type { EnterpriseSummary } from "#core/register/enterprise";
import { noStandardization } from "#core/register/enterprise";

/**
 * What the town's suggestions read besides its units (read only for a rubric whose criteria ask for them): the
 * enterprises that have not taken part in star rating and the town's key inspection targets (TownSuggestionSources),
 * and the units that pass review by their verified assessments (unit-pass.ts).
 */
export interface TownRecords {
  readonly notStarRated: readonly NamedUnit[];
  readonly keyTargets: readonly KeyTarget[];
  /** Ids of the units whose latest verified assessment with a pass line reaches it. */
  readonly passed: ReadonlySet<string>;
}

/** Units named per suggestion at most (the count is exact; the deduction is capped well below). */
const namedUnits = 50;
const namesInReason = 10;

interface Coverage {
  readonly lacking: (u: EnterpriseSummary) => boolean;
  readonly zh: string;
}

/** Coverage counted from the register's standardization profile. */
const coverage: Partial<Record<PrefillSource, Coverage>> = {
  "standardization-coverage": { lacking: (u) => standardizationOf(u).status === "not-started", zh: "未开展标准化创建" },
  "responsibility-coverage": { lacking: (u) => !standardizationOf(u).responsibilitySystem, zh: "未建立全员安全生产责任制及考核清单" },
};

function standardizationOf(u: EnterpriseSummary) {
  return u.standardization ?? noStandardization;
}

function names(units: readonly NamedUnit[]): string {
  const shown = units.slice(0, namesInReason).map((u) => u.name);
  return `${shown.join("、")}${units.length > namesInReason ? " 等" : ""}（共 ${units.length} 家）`;
}

function rateSuggestion(
  source: PrefillSource,
  population: readonly EnterpriseSummary[],
  counted: readonly EnterpriseSummary[],
  what: string,
): Suggestion {
  const missing = population.filter((u) => !counted.includes(u));
  return {
    input: { numerator: counted.length, denominator: population.length },
    reason:
      population.length === 0
        ? null
        : `${what} ${counted.length} 家 / 共 ${population.length} 家${missing.length > 0 ? `；未计入：${names(missing)}` : ""}`,
    units: missing.slice(0, namedUnits).map((u) => ({ id: u.id, name: u.name })),
    source,
  };
}

function coverageSuggestion(source: PrefillSource, lacking: readonly NamedUnit[], zh: string): Suggestion {
  return {
    input: { occurrences: lacking.length },
    reason: lacking.length === 0 ? null : `${zh}：${names(lacking)}`,
    units: lacking.slice(0, namedUnits).map((u) => ({ id: u.id, name: u.name })),
    source,
  };
}

/**
 * 22.1 (yes-no): the key-target list is kept for the town, so the suggestion is met; it names the targets and why,
 * for the assessor to confirm they are inspected as such — or to answer not met, with the reason.
 */
function targetsSuggestion(targets: readonly KeyTarget[]): Suggestion {
  const shown = targets.slice(0, namesInReason).map((t) => `${t.name}（${t.why}）`);
  return {
    input: { met: true },
    reason:
      targets.length === 0
        ? "本镇（街道）暂无差异化监管重点检查对象"
        : `差异化监管重点检查对象：${shown.join("、")}${targets.length > namesInReason ? " 等" : ""}（共 ${targets.length} 家）；请核实是否已作为重点检查对象开展检查`,
    units: targets.slice(0, namedUnits).map((t) => ({ id: t.id, name: t.name })),
    source: "supervision-targets",
  };
}

/** The suggestion for each prefill criterion of `rubric`, from the town's units and records. */
export function suggestionsFromRegister(
  rubric: RubricDefinition,
  units: readonly EnterpriseSummary[],
  records: TownRecords,
): Record<string, Suggestion> {
  const live = units.filter((u) => u.productionStatus !== "closed");
  const enterprises = live.filter((u) => u.venueType === null);
  const venues = live.filter((u) => u.venueType !== null);
  const suggestions: Record<string, Suggestion> = {};
  for (const { criterion } of criteriaOf(rubric)) {
    const source = criterion.prefill;
    if (!source) continue;
    const cover = coverage[source];
    if (cover) {
      suggestions[criterion.id] = coverageSuggestion(source, enterprises.filter(cover.lacking), cover.zh);
    } else if (source === "star-rating-coverage") {
      suggestions[criterion.id] = coverageSuggestion(source, records.notStarRated, "未开展星级评定");
    } else if (source === "supervision-targets") {
      suggestions[criterion.id] = targetsSuggestion(records.keyTargets);
    } else if (source === "standardization-pass-rate") {
      suggestions[criterion.id] = rateSuggestion(
        source,
        enterprises,
        enterprises.filter((u) => records.passed.has(u.id)),
        "经核实的评估达标",
      );
    } else if (source === "enterprise-collection-rate") {
      suggestions[criterion.id] = rateSuggestion(
        source,
        enterprises,
        enterprises.filter((u) => standardizationOf(u).informationCollected),
        "已采集录入",
      );
    } else if (source === "venue-collection-rate") {
      suggestions[criterion.id] = rateSuggestion(
        source,
        venues,
        venues.filter((u) => standardizationOf(u).informationCollected),
        "九小场所已采集录入",
      );
    }
  }
  return suggestions;
}
