// Why a unit is a key inspection target (core/supervision/supervision-target-rules.ts), from its facts alone:
// each reason on its own, who it applies to (the campaign's reasons to enterprises only), which day it holds since,
// and none at all for a closed or deleted unit.
import { describe, expect, it } from "vitest";
import { noStandardization } from "#core/register/enterprise";
import { keptReasons, type TargetFacts, targetReasonsOf } from "#core/supervision/supervision-target-rules";

type Award = TargetFacts["awards"][number];

const unit = (more: Partial<NonNullable<TargetFacts["unit"]>> = {}): NonNullable<TargetFacts["unit"]> => ({
  id: "01junit0000000000000000001",
  name: "甲公司",
  creditCode: "91320312MA1XY2K3BP",
  townId: "01jtown0000000000000000001",
  venueType: null,
  productionStatus: "producing",
  riskLevel: "yellow",
  deletedAt: null,
  standardization: { ...noStandardization, status: "passed", responsibilitySystem: true },
  createdAt: "2026-03-01T02:00:00.000Z",
  ...more,
});

const award = (more: Partial<Award> = {}): Award => ({
  id: "01jaward000000000000000001",
  scheme: { id: "01jscheme00000000000000001", version: 1, title: "星级" },
  starId: "one-star",
  starName: "一星",
  state: "active",
  awardedOn: "2026-06-01",
  validUntil: "2027-05-31",
  revoked: null,
  ...more,
});

const facts = (more: Partial<TargetFacts> = {}): TargetFacts => ({
  today: "2026-11-25",
  unit: unit(),
  awards: [award()],
  applications: [{ id: "01japp00000000000000000001", status: "awarded", filedAt: "2026-05-20T02:00:00.000Z", review: null }],
  sham: null,
  openMajorHazards: [],
  ...more,
});

const codes = (f: TargetFacts) => targetReasonsOf(f).map((r) => r.code);

describe("key-target reasons", () => {
  it("a sound unit holding a star is no target", () => {
    expect(codes(facts())).toEqual([]);
  });

  it("an enterprise with no star record has not taken part, since its registration", () => {
    const [reason] = targetReasonsOf(facts({ awards: [], applications: [] }));
    expect(reason).toEqual({
      code: "not-star-rated",
      explanation: { zh: "未开展星级评定（无申请、无授星记录）", en: "Has not taken part in star rating (no application, no award)" },
      since: "2026-03-01",
      ref: null,
    });
  });

  it("a star rating recorded before Anquan (the old starRated) counts as taking part, without a current star", () => {
    const before = unit({ standardization: { ...noStandardization, responsibilitySystem: true, starRated: true } });
    const reasons = targetReasonsOf(facts({ unit: before, awards: [], applications: [] }));
    expect(reasons.map((r) => [r.code, r.since])).toEqual([["no-current-star", null]]);
    expect(reasons[0]?.explanation.zh).toBe("系统启用前曾开展星级评定，系统中无有效星级");
  });

  it("no current star: applied only, or every award expired or revoked (since it ended, naming it)", () => {
    const pending = facts({ awards: [], applications: [{ id: "a1", status: "pending", filedAt: "2026-11-20T02:00:00Z", review: null }] });
    expect(targetReasonsOf(pending).map((r) => [r.code, r.explanation.zh])).toEqual([["no-current-star", "已申请星级评定，尚未获星"]]);
    const lapsed = facts({ awards: [award({ validUntil: "2026-11-20" })] });
    expect(targetReasonsOf(lapsed)).toEqual([
      expect.objectContaining({
        code: "no-current-star",
        since: "2026-11-21",
        ref: { type: "star-award", id: "01jaward000000000000000001" },
      }),
    ]);
    // A suspended star is still held.
    expect(codes(facts({ awards: [award({ state: "suspended" })] }))).toEqual([]);
  });

  it("refused: the newest decided application was refused, with its reason and day; a later award lifts it", () => {
    const refused = {
      id: "a2",
      status: "refused" as const,
      filedAt: "2026-10-01T02:00:00Z",
      review: { at: "2026-10-09T17:00:00Z", reason: "资料不全" },
    };
    const reasons = targetReasonsOf(facts({ awards: [], applications: [refused] }));
    expect(reasons.map((r) => r.code)).toEqual(["no-current-star", "star-refused"]);
    expect(reasons[1]).toEqual({
      code: "star-refused",
      explanation: { zh: "星级评定申请不予评定：资料不全", en: "Star rating refused: 资料不全" },
      since: "2026-10-10", // 17:00 UTC is the next day in China
      ref: { type: "star-application", id: "a2" },
    });
    const pendingAfter = { id: "a3", status: "pending" as const, filedAt: "2026-11-01T02:00:00Z", review: null };
    expect(codes(facts({ awards: [], applications: [pendingAfter, refused] }))).toContain("star-refused");
    const awardedAfter = { id: "a4", status: "awarded" as const, filedAt: "2026-11-02T02:00:00Z", review: null };
    expect(codes(facts({ applications: [awardedAfter, refused] }))).toEqual([]);
  });

  it("revoked: a revoked star counts until the same star is awarded again", () => {
    const revoked = award({ id: "w1", state: "revoked", revoked: { at: "2026-11-02T01:00:00Z", by: "admin", reason: "发生死亡事故" } });
    const other = award({ id: "w2", starId: "two-star", starName: "二星" });
    const reasons = targetReasonsOf(facts({ awards: [revoked, other] }));
    expect(reasons).toEqual([
      {
        code: "star-revoked",
        explanation: { zh: "一星被撤销：发生死亡事故", en: "一星 revoked: 发生死亡事故" },
        since: "2026-11-02",
        ref: { type: "star-award", id: "w1" },
      },
    ]);
    const again = award({ id: "w3", awardedOn: "2026-11-20" });
    expect(codes(facts({ awards: [revoked, again] }))).toEqual([]);
  });

  it("the responsibility system, a sham mark, red and orange risk, open major hazards", () => {
    const f = facts({
      unit: unit({ riskLevel: "red", standardization: { ...noStandardization, status: "passed" } }),
      sham: { reason: "台账与现场不符", assessmentId: "01jasm00000000000000000001", flaggedOn: "2026-11-03" },
      openMajorHazards: [
        { id: "h2", foundOn: "2026-11-10" },
        { id: "h1", foundOn: "2026-09-01" },
      ],
    });
    const reasons = targetReasonsOf(f);
    expect(reasons.map((r) => [r.code, r.since, r.ref?.id ?? null])).toEqual([
      ["no-responsibility-system", null, null],
      ["sham-standardization", "2026-11-03", "01jasm00000000000000000001"],
      ["high-risk", null, null],
      ["open-major-hazard", "2026-09-01", "h1"],
    ]);
    expect(reasons[3]?.explanation).toEqual({
      zh: "2 项重大事故隐患未销号（最早于 2026-09-01 发现）",
      en: "2 major hazards not closed (the oldest found on 2026-09-01)",
    });
    expect(targetReasonsOf(facts({ unit: unit({ riskLevel: "orange" }) }))[0]?.explanation.zh).toBe("较大风险（橙色）");
    expect(codes(facts({ unit: unit({ riskLevel: "blue" }) }))).toEqual([]);
  });

  it("the nine small venues are no target of the campaign's reasons, but are of risk and hazards", () => {
    const venue = unit({ venueType: "eatery", riskLevel: "red", standardization: noStandardization });
    expect(codes(facts({ unit: venue, awards: [], applications: [], openMajorHazards: [{ id: "h", foundOn: "2026-11-01" }] }))).toEqual([
      "high-risk",
      "open-major-hazard",
    ]);
  });

  it("a closed or deleted unit, or none, is no target at all", () => {
    const bad = { riskLevel: "red" as const, standardization: noStandardization };
    expect(codes(facts({ unit: unit({ ...bad, productionStatus: "closed" }), awards: [] }))).toEqual([]);
    expect(codes(facts({ unit: unit({ ...bad, deletedAt: "2026-11-01T00:00:00Z" }), awards: [] }))).toEqual([]);
    expect(codes(facts({ unit: undefined }))).toEqual([]);
    expect(codes(facts({ unit: unit({ ...bad, productionStatus: "halted" }), awards: [] }))).toContain("high-risk");
  });

  it("a reason whose facts name no day keeps the day first seen, else today", () => {
    const derived = targetReasonsOf(facts({ unit: unit({ riskLevel: "orange" }) }));
    expect(keptReasons(derived, [], "2026-11-25")[0]?.since).toBe("2026-11-25");
    const previous = [{ code: "high-risk" as const, explanation: { zh: "", en: "" }, since: "2026-01-05", ref: null }];
    expect(keptReasons(derived, previous, "2026-11-25")[0]?.since).toBe("2026-01-05");
  });
});
