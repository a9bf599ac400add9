// The campaign's pure rules: the verification draw (seeded, repeatable, a fair share of each unit over many seeds),
// the score mismatch that sends a sampled unit back (exact decimals, against the tolerance), what reaches a unit,
// and how visits are counted (人次 per expert and day, 家次 per visit).
import { describe, expect, it } from "vitest";
import type { Campaign, CampaignUnit } from "#core/campaigns/campaign";
import { isReached, scoreMismatch, stageStatus, townProgress } from "#core/campaigns/campaign-progress";
import { drawUnits } from "#core/campaigns/campaign-sample";
import type { CampaignWork } from "#core/kernel/campaign-work";

const campaign = {
  id: "c",
  stages: [
    { id: "assist", name: "帮扶", assessmentStage: "assistance", deadline: "2026-11-30", deliverable: null },
    { id: "verify", name: "验收", assessmentStage: "verification", deadline: "2026-12-15", deliverable: null },
    { id: "sum", name: "总结", assessmentStage: null, deadline: "2027-01-20", deliverable: null },
  ],
  catalogue: {
    industries: [],
    items: [
      { id: "A", industry: null, title: "a" },
      { id: "B", industry: null, title: "b" },
    ],
  },
  targets: { unitsPerTown: 2, benchmarksPerTown: null, reachAll: false },
  sampling: { stageId: "verify", perTown: 1, scoreTolerance: "0.50" },
} as unknown as Campaign;

function unit(id: string, work: Record<string, CampaignWork>): CampaignUnit {
  return { enterpriseId: id, name: id, townId: "t", inScope: true, work };
}
const assessment = (stage: string, status: string, total: string | null, on = "2026-11-20"): CampaignWork => ({
  kind: "assessment",
  stage,
  status,
  total,
  on,
});

describe("the verification draw", () => {
  const pool = Array.from({ length: 20 }, (_, i) => `u${String(i).padStart(2, "0")}`);

  it("is the same for the same pool (in any order), count, seed and town; another seed or town draws otherwise", () => {
    const drawn = drawUnits(pool, 5, "seed-1", "town-a");
    expect(drawn).toHaveLength(5);
    expect(new Set(drawn).size).toBe(5);
    expect(drawUnits([...pool].reverse(), 5, "seed-1", "town-a")).toEqual(drawn);
    expect(drawUnits(pool, 5, "seed-2", "town-a")).not.toEqual(drawn);
    expect(drawUnits(pool, 5, "seed-1", "town-b")).not.toEqual(drawn);
  });

  it("draws every unit when the pool is smaller than the count, and none from an empty pool", () => {
    expect(drawUnits(["b", "a"], 10, "s", "t").sort()).toEqual(["a", "b"]);
    expect(drawUnits([], 10, "s", "t")).toEqual([]);
  });

  it("gives each unit about its share over many seeds (1 in 4 for 5 of 20)", () => {
    const counts = new Map<string, number>();
    for (let s = 0; s < 4000; s++) for (const u of drawUnits(pool, 5, `s${s}`, "t")) counts.set(u, (counts.get(u) ?? 0) + 1);
    for (const u of pool) expect(counts.get(u)).toBeGreaterThan(850); // expected 1000 each; 850 is over 5 standard deviations off
  });
});

describe("the score mismatch", () => {
  it("compares the verified score with the latest earlier handed-in one, exactly, against the tolerance", () => {
    const within = unit("u", {
      "assessment#1": assessment("assistance", "verified", "90.00"),
      "assessment#2": assessment("verification", "verified", "90.50"),
    });
    expect(scoreMismatch(within, campaign)).toBe(false);
    const beyond = unit("u", {
      "assessment#1": assessment("assistance", "submitted", "90.00"),
      "assessment#2": assessment("verification", "verified", "89.49"),
    });
    expect(scoreMismatch(beyond, campaign)).toBe(true);
    const latestEarlier = unit("u", {
      "assessment#1": assessment("assistance", "verified", "70.00", "2026-11-01"),
      "assessment#2": assessment("assistance", "verified", "89.80", "2026-11-10"),
      "assessment#3": assessment("verification", "verified", "90.00", "2026-12-01"),
    });
    expect(scoreMismatch(latestEarlier, campaign)).toBe(false);
  });

  it("has nothing to compare without a verified score at the stage or an earlier one handed in", () => {
    expect(scoreMismatch(unit("u", { "assessment#1": assessment("verification", "verified", "90") }), campaign)).toBeUndefined();
    const draftBefore = unit("u", {
      "assessment#1": assessment("assistance", "draft", "10"),
      "assessment#2": assessment("verification", "verified", "90"),
    });
    expect(scoreMismatch(draftBefore, campaign)).toBeUndefined();
    const notVerified = unit("u", {
      "assessment#1": assessment("assistance", "verified", "10"),
      "assessment#2": assessment("verification", "submitted", "90"),
    });
    expect(scoreMismatch(notVerified, campaign)).toBeUndefined();
  });
});

describe("reach, stages and visits", () => {
  it("reaches a unit by a visit, a hazard or an assessment handed in, not by a draft", () => {
    expect(isReached(unit("u", {}))).toBe(false);
    expect(isReached(unit("u", { "assessment#1": assessment("assistance", "draft", null) }))).toBe(false);
    expect(isReached(unit("u", { "assessment#1": assessment("assistance", "returned", null) }))).toBe(true);
    expect(isReached(unit("u", { "hazard#1": { kind: "hazard", keyItemId: null, closed: false, major: false, on: "2026-11-01" } }))).toBe(
      true,
    );
  });

  it("is done when complete, else overdue after the deadline, at risk within 7 days of it, on track before", () => {
    const stage = campaign.stages[0] as Campaign["stages"][number];
    expect(stageStatus(stage, true, "2026-12-30")).toBe("done");
    expect(stageStatus(stage, false, "2026-12-01")).toBe("overdue");
    expect(stageStatus(stage, false, "2026-11-30")).toBe("at-risk");
    expect(stageStatus(stage, false, "2026-11-23")).toBe("at-risk");
    expect(stageStatus(stage, false, "2026-11-22")).toBe("on-track");
  });

  it("counts a person-visit per expert and day and an enterprise-visit per visit; hazards per key item in catalogue order", () => {
    const visit = (on: string, experts: string[]): CampaignWork => ({ kind: "expert-visit", on, experts, findings: 0 });
    const hazard = (keyItemId: string | null, closed: boolean): CampaignWork => ({
      kind: "hazard",
      keyItemId,
      closed,
      major: false,
      on: "2026-11-02",
    });
    const units = [
      unit("u1", { "expert-visit#1": visit("2026-11-02", ["x", "y"]), "hazard#1": hazard("B", true), "hazard#2": hazard(null, false) }),
      unit("u2", {
        "expert-visit#2": visit("2026-11-02", ["x", "y"]),
        "expert-visit#3": visit("2026-11-03", ["x"]),
        "hazard#3": hazard("A", false),
      }),
    ];
    const town = townProgress(campaign, "t", units, new Set(), false, "2026-11-25");
    expect(town.expertVisits).toEqual({ personVisits: 3, enterpriseVisits: 3 });
    expect(town.hazards).toEqual({
      found: 3,
      closed: 1,
      byKeyItem: [
        { keyItemId: "A", found: 1, closed: 0 },
        { keyItemId: "B", found: 1, closed: 1 },
        { keyItemId: null, found: 1, closed: 0 },
      ],
    });
    expect([town.reached, town.reachTarget]).toEqual([2, { target: 2, met: true }]);
    // The sampling stage is not done before its draw, and needs at most its per-town count until then.
    expect(town.stages[1]).toMatchObject({ stageId: "verify", required: 1, status: "on-track" });
    expect(town.stages[2]).toMatchObject({ stageId: "sum", status: null });
  });
});
