// Suggestions for a town rubric from the tenant's own register: the criteria marked `prefill` count the town's
// live units (closed ones left out) — which have not started standardization, lack the all-staff
// responsibility system or a star rating (each named), and the pass and information-collection rates of
// enterprises and of the nine small venues. The assessor confirms or overrides each suggestion.
import type { Suggestion } from "#core/assessments/assessment";
import { criteriaOf, type PrefillSource, type RubricDefinition } from "#core/assessments/rubric";
import type { EnterpriseSummary } from "#core/register/enterprise";
import { noStandardization } from "#core/register/enterprise";

/** Units named per suggestion at most (the count is exact; the deduction is capped well below). */
const namedUnits = 50;
const namesInReason = 10;

interface Coverage {
  readonly lacking: (u: EnterpriseSummary) => boolean;
  readonly zh: string;
}

const coverage: Partial<Record<PrefillSource, Coverage>> = {
  "standardization-coverage": { lacking: (u) => standardizationOf(u).status === "not-started", zh: "未开展标准化创建" },
  "responsibility-coverage": { lacking: (u) => !standardizationOf(u).responsibilitySystem, zh: "未建立全员安全生产责任制及考核清单" },
  "star-rating-coverage": { lacking: (u) => !standardizationOf(u).starRated, zh: "未开展星级评定" },
};

function standardizationOf(u: EnterpriseSummary) {
  return u.standardization ?? noStandardization;
}

function names(units: readonly EnterpriseSummary[]): string {
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

/** The suggestion for each prefill criterion of `rubric`, from the town's units. */
export function suggestionsFromRegister(rubric: RubricDefinition, units: readonly EnterpriseSummary[]): Record<string, Suggestion> {
  const live = units.filter((u) => u.productionStatus !== "closed");
  const enterprises = live.filter((u) => u.venueType === null);
  const venues = live.filter((u) => u.venueType !== null);
  const suggestions: Record<string, Suggestion> = {};
  for (const { criterion } of criteriaOf(rubric)) {
    const source = criterion.prefill;
    if (!source) continue;
    const cover = coverage[source];
    if (cover) {
      const lacking = enterprises.filter(cover.lacking);
      suggestions[criterion.id] = {
        input: { occurrences: lacking.length },
        reason: lacking.length === 0 ? null : `${cover.zh}：${names(lacking)}`,
        units: lacking.slice(0, namedUnits).map((u) => ({ id: u.id, name: u.name })),
        source,
      };
    } else if (source === "standardization-pass-rate") {
      suggestions[criterion.id] = rateSuggestion(
        source,
        enterprises,
        enterprises.filter((u) => standardizationOf(u).status === "passed"),
        "评审达标",
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
