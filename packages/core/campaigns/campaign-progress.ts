// How far a campaign is, per town and stage, as pure rules over its unit tallies (what each piece of its work added,
// core/kernel/campaign-work.ts) and its verification draws:
//
// - a unit is **reached** once the campaign has a visit, a hazard or an assessment handed in there (not a draft, not a
//   benchmark designation alone); the units in scope not reached are its coverage gap (未覆盖);
// - at a stage measured by assessments (its `assessmentStage`), a unit is **assessed** with an assessment at that stage
//   handed in (submitted, verified or returned) and **verified** with one verified;
// - at the sampling stage, a sampled unit whose verified score differs from its earlier one (its latest handed-in
//   assessment at an earlier stage) by more than the tolerance is a **mismatch**, and goes back to assistance;
// - a stage is done in a town when every unit it needs is verified (at the sampling stage: the units drawn); not done,
//   it is overdue after its deadline, at risk within `atRiskDays` of it, else on track;
// - expert visits count as the sources count them: an enterprise-visit (家次) per visit, a person-visit (人次) per
//   expert and day;
// - a town's benchmarks are its units with a standing benchmark designation of the campaign, against its target;
//   its stars the units that applied in the campaign and those holding stars awarded on such applications.
import type { Campaign, CampaignStage, CampaignUnit } from "#core/campaigns/campaign";
import type { CampaignWork } from "#core/kernel/campaign-work";
import { daysBetween } from "#core/kernel/china-time";
import { centi } from "#core/kernel/decimal";

/** Days before a deadline from which a stage not done is at risk. */
export const atRiskDays = 7;

export type StageStatus = "done" | "on-track" | "at-risk" | "overdue";

type AssessmentWork = Extract<CampaignWork, { kind: "assessment" }>;
type HazardWork = Extract<CampaignWork, { kind: "hazard" }>;
type VisitWork = Extract<CampaignWork, { kind: "expert-visit" }>;

function worksOf<K extends CampaignWork["kind"]>(unit: CampaignUnit, kind: K): Extract<CampaignWork, { kind: K }>[] {
  return Object.entries(unit.work)
    .filter(([, w]) => w.kind === kind)
    .sort(([a, wa], [b, wb]) => (wa.on === wb.on ? (a < b ? -1 : 1) : wa.on < wb.on ? -1 : 1))
    .map(([, w]) => w as Extract<CampaignWork, { kind: K }>);
}

/** Handed in: submitted, verified or returned — anything but a draft. */
export const isHandedIn = (a: AssessmentWork) => a.status !== "draft";

export function isReached(unit: CampaignUnit): boolean {
  // A benchmark designation is recognition, not a visit: it reaches no unit by itself.
  return Object.values(unit.work).some(
    (w) => w.kind === "hazard" || w.kind === "expert-visit" || (w.kind === "assessment" && isHandedIn(w)),
  );
}

/**
 * Whether a sampled unit's verified score at the sampling stage differs from its earlier score by more than
 * `tolerance` (exact decimals); undefined while either score is missing (nothing to compare yet).
 */
export function scoreMismatch(unit: CampaignUnit, campaign: Campaign): boolean | undefined {
  const sampling = campaign.sampling;
  if (!sampling) return undefined;
  const index = campaign.stages.findIndex((s) => s.id === sampling.stageId);
  const stage = campaign.stages[index];
  if (!stage?.assessmentStage) return undefined;
  const earlierStages = new Set<string>(campaign.stages.slice(0, index).flatMap((s) => (s.assessmentStage ? [s.assessmentStage] : [])));
  const assessments = worksOf(unit, "assessment");
  const verified = assessments.filter((a) => a.stage === stage.assessmentStage && a.status === "verified").at(-1);
  const earlier = assessments.filter((a) => earlierStages.has(a.stage) && isHandedIn(a)).at(-1);
  if (!verified || !earlier || verified.total === null || earlier.total === null) return undefined;
  const gap = centi(verified.total) - centi(earlier.total);
  return (gap < 0n ? -gap : gap) > centi(sampling.scoreTolerance);
}

export interface UnitStanding {
  enterpriseId: string;
  name: string;
  townId: string;
  inScope: boolean;
  reached: boolean;
  /** The stages (ids) at which the unit has a verified assessment. */
  verifiedStages: string[];
  sampled: boolean;
  /** Sampled and its verified score did not match: back to assistance. */
  mismatch: boolean;
  hazards: { found: number; closed: number };
  expertVisits: number;
  /** A standing benchmark designation of the campaign. */
  benchmark: boolean;
}

export function unitStanding(unit: CampaignUnit, campaign: Campaign, sampled: ReadonlySet<string>): UnitStanding {
  const assessments = worksOf(unit, "assessment");
  const hazards = worksOf(unit, "hazard");
  const isSampled = sampled.has(unit.enterpriseId);
  return {
    enterpriseId: unit.enterpriseId,
    name: unit.name,
    townId: unit.townId,
    inScope: unit.inScope,
    reached: isReached(unit),
    verifiedStages: campaign.stages
      .filter((s) => s.assessmentStage && assessments.some((a) => a.stage === s.assessmentStage && a.status === "verified"))
      .map((s) => s.id),
    sampled: isSampled,
    mismatch: isSampled && scoreMismatch(unit, campaign) === true,
    hazards: { found: hazards.length, closed: hazards.filter((h) => h.closed).length },
    expertVisits: worksOf(unit, "expert-visit").length,
    benchmark: worksOf(unit, "benchmark").some((b) => b.standing),
  };
}

export interface StageProgress {
  stageId: string;
  deadline: string;
  /** Units this stage needs verified: the town's units in scope, or at the sampling stage those drawn. */
  required: number;
  assessed: number;
  verified: number;
  mismatched: number;
  status: StageStatus | null;
}

export interface KeyItemTally {
  keyItemId: string | null;
  found: number;
  closed: number;
}

export interface TownProgress {
  townId: string;
  units: number;
  reached: number;
  notReached: number;
  /** The campaign's target of units reached per town, and whether it is met; null without one. */
  reachTarget: { target: number; met: boolean } | null;
  stages: StageProgress[];
  hazards: { found: number; closed: number; byKeyItem: KeyItemTally[] };
  expertVisits: { personVisits: number; enterpriseVisits: number };
  /** Standing benchmark designations of the campaign, against `benchmarksPerTown` (null without that target). */
  benchmarks: { designated: number; target: number | null; met: boolean | null };
  /** Units that applied for stars in the campaign, and units holding stars awarded on those applications. */
  stars: { applied: number; holding: number };
}

/** Key item tallies in catalogue order; hazards of no key item last. */
function inCatalogueOrder(campaign: Campaign, items: ReadonlyMap<string | null, { found: number; closed: number }>): KeyItemTally[] {
  const order = new Map(campaign.catalogue.items.map((item, index) => [item.id, index]));
  const rank = (id: string | null) => (id === null ? Number.MAX_SAFE_INTEGER : (order.get(id) ?? Number.MAX_SAFE_INTEGER - 1));
  return [...items.entries()].sort(([a], [b]) => rank(a) - rank(b)).map(([keyItemId, t]) => ({ keyItemId, ...t }));
}

export function stageStatus(stage: CampaignStage, done: boolean, today: string): StageStatus {
  if (done) return "done";
  const left = daysBetween(today, stage.deadline);
  if (left < 0) return "overdue";
  return left <= atRiskDays ? "at-risk" : "on-track";
}

/** The progress of one town's units (every unit given is the town's; `sampled`: the units drawn in the town). */
export function townProgress(
  campaign: Campaign,
  townId: string,
  units: readonly CampaignUnit[],
  sampled: ReadonlySet<string>,
  drawn: boolean,
  today: string,
): TownProgress {
  const inScope = units.filter((u) => u.inScope);
  const reached = inScope.filter(isReached).length;
  const stages = campaign.stages.map((stage): StageProgress => {
    if (!stage.assessmentStage)
      return { stageId: stage.id, deadline: stage.deadline, required: 0, assessed: 0, verified: 0, mismatched: 0, status: null };
    const isSampling = campaign.sampling?.stageId === stage.id;
    const needed = isSampling ? inScope.filter((u) => sampled.has(u.enterpriseId)) : inScope;
    const at = (u: CampaignUnit) => worksOf(u, "assessment").filter((a) => a.stage === stage.assessmentStage);
    const assessed = needed.filter((u) => at(u).some(isHandedIn)).length;
    const verifiedUnits = needed.filter((u) => at(u).some((a) => a.status === "verified"));
    const mismatched = isSampling ? verifiedUnits.filter((u) => scoreMismatch(u, campaign) === true).length : 0;
    const verified = verifiedUnits.length - mismatched;
    // The sampling stage is not done before its draw, however many units were verified.
    const required = isSampling && !drawn ? Math.min(campaign.sampling?.perTown ?? 0, inScope.length) : needed.length;
    const done = (!isSampling || drawn) && verified >= required;
    return {
      stageId: stage.id,
      deadline: stage.deadline,
      required,
      assessed,
      verified,
      mismatched,
      status: stageStatus(stage, done, today),
    };
  });
  const items = new Map<string | null, { found: number; closed: number }>();
  let found = 0;
  let closed = 0;
  const experts = new Set<string>();
  let enterpriseVisits = 0;
  for (const unit of units) {
    for (const h of worksOf(unit, "hazard") as HazardWork[]) {
      const tally = items.get(h.keyItemId) ?? { found: 0, closed: 0 };
      tally.found++;
      found++;
      if (h.closed) {
        tally.closed++;
        closed++;
      }
      items.set(h.keyItemId, tally);
    }
    for (const v of worksOf(unit, "expert-visit") as VisitWork[]) {
      enterpriseVisits++;
      for (const expert of v.experts) experts.add(`${expert}\u0000${v.on}`);
    }
  }
  const target = campaign.targets.unitsPerTown;
  const designated = units.filter((u) => worksOf(u, "benchmark").some((b) => b.standing)).length;
  const benchmarkTarget = campaign.targets.benchmarksPerTown;
  const stars = {
    applied: units.filter((u) => worksOf(u, "star-application").length > 0).length,
    holding: units.filter((u) => worksOf(u, "star-award").some((a) => a.held)).length,
  };
  return {
    townId,
    units: inScope.length,
    reached,
    notReached: inScope.length - reached,
    reachTarget: target === null ? null : { target, met: reached >= target },
    stages,
    hazards: {
      found,
      closed,
      byKeyItem: inCatalogueOrder(campaign, items),
    },
    expertVisits: { personVisits: experts.size, enterpriseVisits },
    benchmarks: { designated, target: benchmarkTarget, met: benchmarkTarget === null ? null : designated >= benchmarkTarget },
    stars,
  };
}

const severity: Record<StageStatus, number> = { done: 0, "on-track": 1, "at-risk": 2, overdue: 3 };

/**
 * The whole campaign's figures: the towns' sums, each stage's status the worst of its towns', and person-visits
 * counted over all units (an expert on one day is one person-visit, whichever towns the day took them to).
 */
export function totalProgress(campaign: Campaign, towns: TownProgress[], units: readonly CampaignUnit[]): Omit<TownProgress, "townId"> {
  const sum = (pick: (t: TownProgress) => number) => towns.reduce((n, t) => n + pick(t), 0);
  const items = new Map<string | null, { found: number; closed: number }>();
  for (const town of towns)
    for (const item of town.hazards.byKeyItem) {
      const tally = items.get(item.keyItemId) ?? { found: 0, closed: 0 };
      items.set(item.keyItemId, { found: tally.found + item.found, closed: tally.closed + item.closed });
    }
  const experts = new Set<string>();
  for (const unit of units) for (const v of worksOf(unit, "expert-visit")) for (const e of v.experts) experts.add(`${e}\u0000${v.on}`);
  const target = campaign.targets.unitsPerTown;
  return {
    units: sum((t) => t.units),
    reached: sum((t) => t.reached),
    notReached: sum((t) => t.notReached),
    reachTarget: target === null ? null : { target: target * towns.length, met: towns.every((t) => t.reachTarget?.met === true) },
    stages: campaign.stages.map((stage, index) => {
      const each = towns.map((t) => t.stages[index]).filter((s): s is StageProgress => s !== undefined);
      const statuses = each.map((s) => s.status).filter((s): s is StageStatus => s !== null);
      return {
        stageId: stage.id,
        deadline: stage.deadline,
        required: each.reduce((n, s) => n + s.required, 0),
        assessed: each.reduce((n, s) => n + s.assessed, 0),
        verified: each.reduce((n, s) => n + s.verified, 0),
        mismatched: each.reduce((n, s) => n + s.mismatched, 0),
        status: statuses.length === 0 ? null : statuses.reduce((a, b) => (severity[b] > severity[a] ? b : a)),
      };
    }),
    hazards: {
      found: sum((t) => t.hazards.found),
      closed: sum((t) => t.hazards.closed),
      byKeyItem: inCatalogueOrder(campaign, items),
    },
    expertVisits: { personVisits: experts.size, enterpriseVisits: sum((t) => t.expertVisits.enterpriseVisits) },
    benchmarks: {
      designated: sum((t) => t.benchmarks.designated),
      target: campaign.targets.benchmarksPerTown === null ? null : campaign.targets.benchmarksPerTown * towns.length,
      met: campaign.targets.benchmarksPerTown === null ? null : towns.every((t) => t.benchmarks.met === true),
    },
    stars: { applied: sum((t) => t.stars.applied), holding: sum((t) => t.stars.holding) },
  };
}
