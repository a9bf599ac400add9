// The pure rules of star ratings: what keeps a scheme from being published, the built-in library, each evidence
// rule read against a unit's evidence (with its explanation), the revocation triggers, and an award's state —
// including the law that an award's state after any sequence of evidence changes equals a fresh evaluation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rubricLibrary } from "#core/assessments/rubric-library";
import { type AwardTerms, awardStatus, nextCheckOn, validUntil } from "#core/stars/star-award";
import { renewals, type StarAward } from "#core/stars/star-award-record";
import { evaluateStar, firedTriggers } from "#core/stars/star-evaluation";
import type { HazardFacts, UnitEvidence } from "#core/stars/star-evidence";
import { libraryScheme, schemeLibrary } from "#core/stars/star-library";
import { type RubricFacts, type Star, StarSchemeDefinitionSchema, schemeProblems } from "#core/stars/star-scheme";

const enterpriseRubric: RubricFacts = {
  target: "enterprise",
  kind: "scored",
  totalPoints: "100",
  sectionPoints: { "1": "10", "9": "10" },
};
const rubrics = new Map<string, RubricFacts>([
  ["shishi-enterprise-2024", enterpriseRubric],
  ["town-rubric", { ...enterpriseRubric, target: "town" }],
  ["checklist", { target: "enterprise", kind: "checklist", totalPoints: undefined, sectionPoints: {} }],
]);

function star(over: Partial<Star> = {}): Star {
  return {
    id: "responsibility",
    name: { zh: "责任星" },
    attests: { zh: "落实主体责任" },
    labelCode: "TS-ZR",
    validityMonths: 12,
    rules: [{ type: "standardization", field: "responsibilitySystem" }],
    triggers: [],
    ...over,
  };
}

function evidence(over: Partial<UnitEvidence> = {}): UnitEvidence {
  return {
    today: "2026-12-02",
    reviewedOn: "2026-11-20",
    standardization: { passed: true, responsibilitySystem: true, informationCollected: true },
    sham: null,
    assessments: [],
    hazards: [],
    placard: null,
    accidents: [],
    attestations: {},
    ...over,
  };
}

const hazard = (over: Partial<HazardFacts>): HazardFacts => ({
  id: "H1",
  severity: "general",
  state: "rectifying",
  foundOn: "2026-11-01",
  deadline: "2026-12-10",
  closedOn: null,
  ...over,
});

const definition = (stars: unknown[]) => StarSchemeDefinitionSchema.parse({ title: { zh: "方案" }, stars });

describe("what keeps a scheme from being published", () => {
  it("a sound scheme has no problems", () => {
    expect(schemeProblems(definition([star()]), rubrics)).toEqual([]);
  });

  it("lists every problem with its path: unnamed, attesting nothing, no rules, repeated id and label code", () => {
    const problems = schemeProblems(definition([star(), star({ name: null, attests: null, rules: [] })]), rubrics);
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "stars.1.id duplicate_id",
      "stars.1.labelCode duplicate_label_code",
      "stars.1.name star_unnamed",
      "stars.1.attests star_attests_nothing",
      "stars.1.rules star_without_rules",
    ]);
    for (const p of problems) expect(p.message.zh && p.message.en).toBeTruthy();
  });

  it("checks the rubric a score rule or trigger names: known, scored, for enterprises, with the section, in range", () => {
    const rule = (over: object) => ({
      type: "assessment-score",
      rubricId: "shishi-enterprise-2024",
      minScore: "60",
      withinMonths: 12,
      ...over,
    });
    const s = star({
      rules: [
        rule({ rubricId: "another-tenants-rubric" }),
        rule({ rubricId: "town-rubric" }),
        rule({ rubricId: "checklist" }),
        rule({ sectionId: "42" }),
        rule({ minScore: "100.5" }),
        rule({ sectionId: "9", minScore: "10.01" }),
        rule({ sectionId: "9", minScore: "10" }),
      ] as Star["rules"],
      triggers: [{ type: "assessment-below", rubricId: "nope", minScore: "60" }],
    });
    expect(schemeProblems(definition([s]), rubrics).map((p) => `${p.path} ${p.code}`)).toEqual([
      "stars.0.rules.0.rubricId unknown_rubric",
      "stars.0.rules.1.rubricId rubric_not_for_enterprises",
      "stars.0.rules.2.rubricId rubric_not_for_enterprises",
      "stars.0.rules.3.sectionId unknown_section",
      "stars.0.rules.4.minScore score_out_of_range",
      "stars.0.rules.5.minScore score_out_of_range",
      "stars.0.triggers.0.rubricId unknown_rubric",
    ]);
  });

  it("takes at most ten stars, so that awarding them all fits one transaction", () => {
    const stars = (n: number) => Array.from({ length: n }, (_, i) => star({ id: `s${i}`, labelCode: `L${i}0` }));
    expect(StarSchemeDefinitionSchema.safeParse({ title: { zh: "方案" }, stars: stars(10) }).success).toBe(true);
    expect(StarSchemeDefinitionSchema.safeParse({ title: { zh: "方案" }, stars: stars(11) }).success).toBe(false);
  });

  it("refuses malformed ids, label codes and validities in the schema", () => {
    for (const bad of [
      { id: "Constructor" },
      { id: "constructor" },
      { labelCode: "ts-zr" },
      { validityMonths: 0 },
      { validityMonths: 61 },
    ]) {
      expect(StarSchemeDefinitionSchema.safeParse({ title: { zh: "方案" }, stars: [{ ...star(), ...bad }] }).success).toBe(false);
    }
  });
});

describe("the built-in library", () => {
  const facts = new Map(
    rubricLibrary().map((r): [string, RubricFacts] => [
      r.id,
      {
        target: r.definition.target,
        kind: r.definition.kind,
        totalPoints: r.definition.totalPoints,
        sectionPoints: Object.fromEntries(r.definition.sections.map((s) => [s.id, s.points])),
      },
    ]),
  );

  it("the Shishi scheme is publishable as it stands and says its numbers are ours", () => {
    const shishi = libraryScheme("shishi-standardization-stars-2024");
    expect(shishi && schemeProblems(shishi.definition, facts)).toEqual([]);
    expect(shishi?.definition.stars.map((s) => s.labelCode)).toEqual(["SS-STAR-1", "SS-STAR-2", "SS-STAR-3"]);
    expect(shishi?.definition.notes[0]?.zh).toContain("均为我方示例");
  });

  it("the Tongshan template names the seed's three stars and leaves seven slots the tenant must name", () => {
    const tongshan = libraryScheme("tongshan-ten-stars");
    expect(tongshan?.definition.stars).toHaveLength(10);
    expect(tongshan?.definition.stars.slice(0, 3).map((s) => s.name?.zh)).toEqual(["责任星", "法治星", "应急星"]);
    const problems = tongshan ? schemeProblems(tongshan.definition, facts) : [];
    expect(problems.filter((p) => p.code === "star_unnamed")).toHaveLength(7);
    expect(problems.filter((p) => p.code === "star_without_rules")).toHaveLength(10);
  });

  it("has unique ids", () => {
    expect(new Set(schemeLibrary().map((s) => s.id)).size).toBe(schemeLibrary().length);
  });
});

describe("evidence rules", () => {
  const one = (rule: Star["rules"][number], e: UnitEvidence) => evaluateStar(star({ rules: [rule] }), e).rules[0];

  it("assessment score: the latest verified assessment, in total or one section, within the months", () => {
    const rule = { type: "assessment-score", rubricId: "r", minScore: "90", withinMonths: 12 } as const;
    const a = { id: "A1", rubricId: "r", rubricVersion: 1, verifiedOn: "2026-03-01", total: "90", sections: { "9": "8.5" } };
    expect(one(rule, evidence({ assessments: [a] }))?.passed).toBe(true);
    expect(one(rule, evidence({ assessments: [{ ...a, total: "89.99" }] }))?.passed).toBe(false);
    expect(one({ ...rule, sectionId: "9", minScore: "8.5" }, evidence({ assessments: [a] }))?.passed).toBe(true);
    expect(one({ ...rule, sectionId: "9", minScore: "8.6" }, evidence({ assessments: [a] }))?.explanation.zh).toContain(
      "项目 9 得分 8.5，未达到 8.6",
    );
    const stale = one(rule, evidence({ assessments: [{ ...a, verifiedOn: "2025-12-01" }] }));
    expect(stale?.passed).toBe(false);
    expect(stale?.explanation.en).toBe("No assessment against r verified in the last 12 months");
    expect(one(rule, evidence())?.passed).toBe(false);
  });

  it("no open hazards: of the severity, found in the window, or only overdue ones", () => {
    const rule = { type: "no-open-hazards", severity: "major", days: 30, overdueOnly: false } as const;
    const recent = "2026-11-15";
    expect(one(rule, evidence({ hazards: [hazard({ foundOn: recent })] }))?.passed).toBe(true); // general
    expect(one(rule, evidence({ hazards: [hazard({ severity: "major", foundOn: recent })] }))?.explanation.zh).toBe(
      "近 30 天发现的重大事故隐患中有 1 项未销号：H1",
    );
    expect(one(rule, evidence({ hazards: [hazard({ severity: "major", foundOn: "2026-11-02" })] }))?.passed).toBe(false); // 30 days ago
    expect(one(rule, evidence({ hazards: [hazard({ severity: "major", foundOn: "2026-11-01" })] }))?.passed).toBe(true); // 31
    expect(one(rule, evidence({ hazards: [hazard({ severity: "major", foundOn: recent, state: "closed" })] }))?.passed).toBe(true);
    const overdue = { ...rule, severity: "any", days: 365, overdueOnly: true } as const;
    expect(one(overdue, evidence({ hazards: [hazard({})] }))?.passed).toBe(true);
    expect(one(overdue, evidence({ hazards: [hazard({ deadline: "2026-12-01" })] }))?.passed).toBe(false);
    expect(one(overdue, evidence({ hazards: [hazard({ deadline: "2026-12-02" })] }))?.passed).toBe(true); // due today
  });

  it("hazards closed on time: closed by the deadline, and open ones not past it", () => {
    const rule = { type: "hazards-closed-on-time", days: 365 } as const;
    expect(one(rule, evidence({ hazards: [hazard({ state: "closed", closedOn: "2026-12-10" })] }))?.passed).toBe(true);
    expect(one(rule, evidence({ hazards: [hazard({ state: "closed", closedOn: "2026-12-11" })] }))?.passed).toBe(false);
    expect(one(rule, evidence({ hazards: [hazard({ deadline: "2026-11-30" })] }))?.passed).toBe(false);
    expect(one(rule, evidence({ hazards: [hazard({})] }))?.explanation.en).toBe(
      "All 1 hazards found in the last 365 days were rectified on time",
    );
  });

  it("placard checked within the tenant's months; register confirmed within the days; profile fields", () => {
    const placard = { id: "P1", lastCheckedOn: "2026-06-02", dueAfterMonths: 6 };
    expect(one({ type: "placard-checked" }, evidence({ placard }))?.passed).toBe(true);
    expect(one({ type: "placard-checked" }, evidence({ placard: { ...placard, lastCheckedOn: "2026-06-01" } }))?.passed).toBe(false);
    expect(one({ type: "placard-checked" }, evidence())?.explanation.zh).toBe("没有在用的公示牌");
    expect(one({ type: "register-confirmed", days: 12 }, evidence())?.passed).toBe(true);
    expect(one({ type: "register-confirmed", days: 11 }, evidence())?.passed).toBe(false);
    expect(one({ type: "register-confirmed", days: 11 }, evidence({ reviewedOn: null }))?.passed).toBe(false);
    const off = { passed: false, responsibilitySystem: false, informationCollected: true };
    expect(one({ type: "standardization", field: "passed" }, evidence({ standardization: off }))?.explanation.zh).toBe("未标准化评审达标");
    expect(one({ type: "standardization", field: "informationCollected" }, evidence({ standardization: off }))?.passed).toBe(true);
  });

  it("no fatal accident in the months; injuries alone do not fail it", () => {
    const rule = { type: "no-fatal-accident", months: 36 } as const;
    const accident = { id: "X1", occurredOn: "2024-01-01", deaths: 1, injuries: 0 };
    expect(one(rule, evidence({ accidents: [accident] }))?.passed).toBe(false);
    expect(one(rule, evidence({ accidents: [{ ...accident, deaths: 0, injuries: 3 }] }))?.passed).toBe(true);
    expect(one(rule, evidence({ accidents: [{ ...accident, occurredOn: "2023-12-01" }] }))?.passed).toBe(true);
  });

  it("attested: passes only with the official's confirmation of that rule of that star", () => {
    const rule = { type: "attested", what: { zh: "现场核查" } } as const;
    const attestation = {
      by: "张科长",
      at: "2026-12-01T08:00:00.000Z",
      note: "已核查",
      files: [{ id: "F1", fileName: "a.pdf", sha256: null }],
    };
    expect(one(rule, evidence())?.explanation.zh).toBe("待审核人确认：现场核查");
    expect(one(rule, evidence({ attestations: { "responsibility.0": attestation } }))?.passed).toBe(true);
    expect(one(rule, evidence({ attestations: { "responsibility.1": attestation } }))?.passed).toBe(false);
  });

  it("a star passes when every rule does, and never without rules", () => {
    const rules = [
      { type: "standardization", field: "passed" },
      { type: "register-confirmed", days: 5 },
    ] as Star["rules"];
    expect(evaluateStar(star({ rules }), evidence()).passed).toBe(false);
    expect(evaluateStar(star({ rules: rules.slice(0, 1) }), evidence()).passed).toBe(true);
    expect(evaluateStar(star({ rules: [] }), evidence()).passed).toBe(false);
  });
});

describe("revocation triggers and an award's state", () => {
  const triggers: Star["triggers"] = [
    { type: "hazard-overdue", severity: "major" },
    { type: "assessment-below", rubricId: "r", minScore: "60" },
    { type: "accident-recorded", fatalOnly: false },
    { type: "sham-flagged" },
  ];
  const s = star({ triggers });
  const terms: AwardTerms = { awardedOn: "2026-06-01", validUntil: validUntil("2026-06-01", 12), reinstatedOver: [], revoked: false };

  it("each trigger fires with its identity and reason", () => {
    const e = evidence({
      hazards: [hazard({ id: "H9", severity: "major", deadline: "2026-11-30" }), hazard({ id: "H8", deadline: "2026-11-01" })],
      assessments: [{ id: "A2", rubricId: "r", rubricVersion: 1, verifiedOn: "2026-11-01", total: "59.5", sections: {} }],
      accidents: [
        { id: "X1", occurredOn: "2026-05-31", deaths: 0, injuries: 1 },
        { id: "X2", occurredOn: "2026-06-01", deaths: 0, injuries: 1 },
      ],
      sham: { flaggedOn: "2026-11-15", reason: "台账造假" },
    });
    expect(firedTriggers(s, e, terms.awardedOn).map((f) => f.key)).toEqual([
      "hazard-overdue:H9",
      "assessment-below:A2",
      "accident:X2",
      "sham:2026-11-15",
    ]);
  });

  it("a hazard closed late still counts against the award until an official reinstates it", () => {
    const lateClosed = hazard({ id: "H7", severity: "major", state: "closed", deadline: "2026-11-10", closedOn: "2026-11-20" });
    expect(firedTriggers(s, evidence({ hazards: [lateClosed] }), terms.awardedOn)).toMatchObject([
      { key: "hazard-overdue:H7", reason: { zh: "重大事故隐患 H7 逾期整改（期限 2026-11-10，2026-11-20 销号）" } },
    ]);
    expect(firedTriggers(s, evidence({ hazards: [lateClosed] }), "2026-11-21")).toEqual([]); // closed before the award
    expect(firedTriggers(s, evidence({ hazards: [{ ...lateClosed, closedOn: "2026-11-10" }] }), terms.awardedOn)).toEqual([]);
    expect(awardStatus({ ...terms, reinstatedOver: ["hazard-overdue:H7"] }, s, evidence({ hazards: [lateClosed] })).state).toBe("active");
  });

  it("valid for whole months, the day before the same date", () => {
    expect(validUntil("2026-12-02", 12)).toBe("2027-12-01");
    expect(validUntil("2024-02-29", 12)).toBe("2025-02-27");
    expect(validUntil("2026-01-31", 1)).toBe("2026-02-27");
  });

  it("active, suspended while a firing is unseen, active again once reinstated over it, expired, revoked", () => {
    const late = evidence({ hazards: [hazard({ id: "H9", severity: "major", deadline: "2026-11-30" })] });
    expect(awardStatus(terms, s, evidence()).state).toBe("active");
    expect(awardStatus(terms, s, late)).toMatchObject({ state: "suspended", fired: [{ key: "hazard-overdue:H9" }] });
    expect(awardStatus({ ...terms, reinstatedOver: ["hazard-overdue:H9"] }, s, late).state).toBe("active");
    expect(awardStatus(terms, s, evidence({ today: "2027-05-31" })).state).toBe("active");
    expect(awardStatus(terms, s, evidence({ today: "2027-06-01" })).state).toBe("expired");
    expect(awardStatus({ ...terms, revoked: true }, s, late).state).toBe("revoked");
  });

  // The law the stored state keeps. The service re-derives a unit's awards when the unit's data changes, and the
  // weekly refresh re-derives an award only once its nextCheckOn day has come. After any sequence of data
  // changes, days passing and reinstatements, the state so kept equals the state computed fresh.
  it("the state kept by re-deriving on data changes and on nextCheckOn days equals a fresh evaluation", () => {
    type Change =
      | { kind: "hazard"; id: string; severity: "general" | "major"; deadlineIn: number }
      | { kind: "close"; id: string }
      | { kind: "assessment"; total: string }
      | { kind: "accident"; deaths: number }
      | { kind: "sham"; on: boolean }
      | { kind: "days"; days: number }
      | { kind: "reinstate" };
    const change: fc.Arbitrary<Change> = fc.oneof(
      fc.record({
        kind: fc.constant("hazard" as const),
        id: fc.constantFrom("H1", "H2", "H3"),
        severity: fc.constantFrom("general" as const, "major" as const),
        deadlineIn: fc.integer({ min: -5, max: 60 }),
      }),
      fc.record({ kind: fc.constant("close" as const), id: fc.constantFrom("H1", "H2", "H3") }),
      fc.record({ kind: fc.constant("assessment" as const), total: fc.constantFrom("55", "60", "80") }),
      fc.record({ kind: fc.constant("accident" as const), deaths: fc.constantFrom(0, 1) }),
      fc.record({ kind: fc.constant("sham" as const), on: fc.boolean() }),
      fc.record({ kind: fc.constant("days" as const), days: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 90 })) }),
      fc.constant({ kind: "reinstate" as const }),
    );
    const later = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), fc.constantFrom<"major" | "any">("major", "any"), (changes, severity) => {
        const watched = star({ triggers: [{ type: "hazard-overdue", severity }, ...triggers.slice(1)] });
        let e = evidence({ today: "2026-06-01" });
        // Awarded a year before, so it expires within the run: 2026-07-14 is its last valid day.
        let kept: AwardTerms = { ...terms, awardedOn: "2025-07-15", validUntil: validUntil("2025-07-15", 12) };
        let stored = awardStatus(kept, watched, e);
        let due = nextCheckOn(kept, watched, e);
        const rederive = () => {
          stored = awardStatus(kept, watched, e);
          due = nextCheckOn(kept, watched, e);
        };
        changes.forEach((c, n) => {
          if (c.kind === "days") {
            e = { ...e, today: later(e.today, c.days) };
            if (due !== null && e.today >= due) rederive(); // the weekly sweep's worklist
          } else {
            if (c.kind === "hazard") {
              const h = hazard({ id: c.id, severity: c.severity, foundOn: e.today, deadline: later(e.today, c.deadlineIn) });
              e = { ...e, hazards: [...e.hazards.filter((x) => x.id !== c.id), h] };
            } else if (c.kind === "close") {
              e = { ...e, hazards: e.hazards.map((h) => (h.id === c.id ? { ...h, state: "closed", closedOn: e.today } : h)) };
            } else if (c.kind === "assessment") {
              e = {
                ...e,
                assessments: [{ id: `A${n}`, rubricId: "r", rubricVersion: 1, verifiedOn: e.today, total: c.total, sections: {} }],
              };
            } else if (c.kind === "accident") {
              e = { ...e, accidents: [...e.accidents, { id: `X${n}`, occurredOn: e.today, deaths: c.deaths, injuries: 1 }] };
            } else if (c.kind === "sham") {
              e = { ...e, sham: c.on ? { flaggedOn: e.today, reason: "纸上标准化" } : null };
            } else if (stored.state === "suspended") {
              kept = { ...kept, reinstatedOver: [...kept.reinstatedOver, ...stored.fired.map((f) => f.key)] };
            }
            rederive(); // the request that changed the unit's data
          }
          expect(stored).toEqual(awardStatus(kept, watched, e));
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe("renewals (复评)", () => {
  const award = (id: string, starId: string, createdAt: string, state: StarAward["state"] = "active"): StarAward => ({
    id,
    enterpriseId: "unit",
    enterpriseName: "单位",
    townId: "town",
    scheme: { id: "scheme", version: 1, title: "方案" },
    starId,
    starName: starId,
    labelCode: starId.toUpperCase(),
    applicationId: "app",
    awardedOn: createdAt.slice(0, 10),
    validUntil: "2027-12-01",
    state,
    suspension: null,
    reinstatedOver: [],
    nextCheckOn: "2027-12-02",
    plaque: null,
    revoked: null,
    renewedBy: null,
    awardedBy: "admin",
    history: [],
    createdAt,
    updatedAt: createdAt,
    version: 1,
  });

  it("a later held award of the same star replaces every earlier held one; other stars and ended awards are left alone", () => {
    const old = award("a1", "zr", "2026-01-05T02:00:00Z");
    const suspended = award("a2", "zr", "2026-06-05T02:00:00Z", "suspended");
    const newest = award("a3", "zr", "2026-12-02T02:00:00Z");
    const other = award("b1", "fz", "2026-01-05T02:00:00Z");
    const revoked = award("c1", "yj", "2026-01-05T02:00:00Z", "revoked");
    const laterYj = award("c2", "yj", "2026-12-02T02:00:00Z");
    const changes = renewals([old, other, newest, suspended, revoked, laterYj], "2026-12-02T03:00:00Z", "admin-zhou");
    expect(changes.map((c) => c.before.id).sort()).toEqual(["a1", "a2"]);
    for (const { before, after } of changes) {
      expect(after).toMatchObject({ state: "renewed", renewedBy: "a3", suspension: null, nextCheckOn: null, version: before.version + 1 });
      expect(after.history.at(-1)).toEqual({
        at: "2026-12-02T03:00:00Z",
        by: "admin-zhou",
        action: "renew",
        from: before.state,
        to: "renewed",
        note: "a3",
      });
    }
    expect(renewals([old, other, revoked], "x", "y")).toEqual([]);
  });

  it("the same star of another scheme is another star", () => {
    const mine = award("a1", "zr", "2026-01-05T02:00:00Z");
    const theirs = { ...award("a2", "zr", "2026-12-02T02:00:00Z"), scheme: { id: "other", version: 1, title: "另一方案" } };
    expect(renewals([mine, theirs], "x", "y")).toEqual([]);
  });
});
