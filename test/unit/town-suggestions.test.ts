// Suggestions for the Shishi town rubric (附件4) from the town's own records (assessments/town-suggestions.ts):
// each `prefill` criterion counts the town's live units — closed ones left out, the nine small venues apart from
// enterprises — and names the units behind the count, so the assessor can check them. Star-rating coverage (14.1)
// and differentiated supervision (22.1) come from the star records and the key-target list (TownRecords), never
// from the register's old hand-set starRated flag; the pass rate (13.1) from the units' verified assessments
// (TownRecords.passed, unit-pass.ts), never from the register's declared standardization status. The rates are exact fractions: 19 of 20 is 95 % and loses
// nothing in the [90, 95) band, while 18 of 19 ≈ 94.74 % loses a point, which is only right if nothing is rounded
// before the bands are compared.
import { describe, expect, it } from "vitest";
import type { Suggestion } from "#core/assessments/assessment";
import { criteriaOf, type RubricCriterion, type RubricDefinition } from "#core/assessments/rubric";
import { libraryRubric } from "#core/assessments/rubric-library";
import { scoreCriterion } from "#core/assessments/scoring";
import { suggestionsFromRegister, type TownRecords } from "#core/assessments/town-suggestions";
import { formatCenti } from "#core/kernel/decimal";
import { type EnterpriseSummary, noStandardization, type Standardization, type VenueType } from "#core/register/enterprise";

function library(id: string): RubricDefinition {
  const entry = libraryRubric(id);
  if (!entry) throw new Error(`no library rubric ${id}`);
  return entry.definition;
}
const town = library("shishi-town-2024");

function criterion(id: string): RubricCriterion {
  const found = criteriaOf(town).find((c) => c.criterion.id === id);
  if (!found) throw new Error(`no criterion ${id}`);
  return found.criterion;
}

let serial = 0;
/** A unit of the town: an enterprise producing, with nothing of the standardization campaign done, unless told. */
function unit(name: string, s: Partial<Standardization> = {}, more: Partial<EnterpriseSummary> = {}): EnterpriseSummary {
  serial++;
  return {
    id: `01junit${String(serial).padStart(19, "0")}`,
    name,
    creditCode: "",
    townId: "01jtown0000000000000000001",
    gridId: null,
    sizeClass: "small-micro",
    productionStatus: "producing",
    riskLevel: null,
    venueType: null,
    hostId: null,
    standardization: { ...noStandardization, ...s },
    industryCode: "3311",
    industryName: "金属结构制造",
    divisionCode: "33",
    ...more,
  };
}
const venue = (name: string, type: VenueType, s: Partial<Standardization> = {}) => unit(name, s, { venueType: type });
const done: Standardization = { status: "passed", responsibilitySystem: true, starRated: false, informationCollected: true };

const noRecords: TownRecords = { notStarRated: [], keyTargets: [], passed: new Set() };
/** Records in which exactly `units` pass review by their verified assessments. */
const passing = (...units: EnterpriseSummary[]): TownRecords => ({ ...noRecords, passed: new Set(units.map((u) => u.id)) });
const suggest = (rubric: RubricDefinition, units: readonly EnterpriseSummary[], records: TownRecords = noRecords) =>
  suggestionsFromRegister(rubric, units, records);

/** The deduction a suggestion's input makes under its criterion's rule, and how the rule read it. */
function scored(id: string, suggestion: Suggestion | undefined) {
  if (!suggestion) throw new Error(`no suggestion for ${id}`);
  const result = scoreCriterion(criterion(id), suggestion.input);
  return { deduction: formatCenti(result.deduction), basis: result.basis.zh };
}

describe("which criteria of the town rubric get a suggestion", () => {
  it("exactly the seven marked prefill, each from its own source", () => {
    const suggestions = suggest(town, []);
    expect(Object.fromEntries(Object.entries(suggestions).map(([id, s]) => [id, s.source]))).toEqual({
      "5.1": "standardization-coverage",
      "6.1": "responsibility-coverage",
      "13.1": "standardization-pass-rate",
      "14.1": "star-rating-coverage",
      "15.1": "enterprise-collection-rate",
      "15.2": "venue-collection-rate",
      "22.1": "supervision-targets",
    });
  });

  it("none for an enterprise rubric, which has no prefill criteria", () => {
    expect(suggest(library("shishi-enterprise-2024"), [unit("甲公司")])).toEqual({});
  });

  it("a town with no units loses nothing and is told nothing: zero occurrences, rates of nothing to count", () => {
    const suggestions = suggest(town, []);
    expect(suggestions["5.1"]).toEqual({ input: { occurrences: 0 }, reason: null, units: [], source: "standardization-coverage" });
    expect(suggestions["13.1"]).toEqual({
      input: { numerator: 0, denominator: 0 },
      reason: null,
      units: [],
      source: "standardization-pass-rate",
    });
    for (const id of Object.keys(suggestions)) expect(scored(id, suggestions[id]).deduction, id).toBe("0");
  });
});

describe("the coverage criteria (one point off per enterprise not covered)", () => {
  const a = unit("甲公司", { status: "in-progress", responsibilitySystem: true });
  const b = unit("乙公司", { starRated: true });
  const c = unit("丙公司", done);
  const closed = unit("丁公司", {}, { productionStatus: "closed" });
  const halted = unit("戊公司", {}, { productionStatus: "halted" });
  const eatery = venue("某小餐饮", "eatery");
  const suggestions = suggest(town, [a, b, c, closed, halted, eatery]);

  it("name the enterprises that have not started standardization, leaving out closed units and small venues", () => {
    expect(suggestions["5.1"]).toEqual({
      input: { occurrences: 2 },
      reason: "未开展标准化创建：乙公司、戊公司（共 2 家）",
      units: [
        { id: b.id, name: "乙公司" },
        { id: halted.id, name: "戊公司" },
      ],
      source: "standardization-coverage",
    });
  });

  it("name those without the all-staff responsibility system", () => {
    expect(suggestions["6.1"]?.input).toEqual({ occurrences: 2 });
    expect(suggestions["6.1"]?.reason).toBe("未建立全员安全生产责任制及考核清单：乙公司、戊公司（共 2 家）");
  });

  it("deduct one point per enterprise, capped at five", () => {
    expect(scored("5.1", suggestions["5.1"])).toEqual({
      deduction: "2",
      basis: "发现 2 处，每处扣 1 分（扣满 5 分为止）：扣 2 分",
    });
    const many = Array.from({ length: 7 }, (_, i) => unit(`企业${i + 1}`));
    expect(scored("5.1", suggest(town, many)["5.1"]).deduction).toBe("5");
  });

  it("count a unit registered before the profile existed (no standardization stored) as not started", () => {
    const legacy = { ...unit("旧档案公司"), standardization: undefined } as unknown as EnterpriseSummary;
    const s = suggest(town, [legacy, c]);
    expect(s["5.1"]?.units.map((u) => u.name)).toEqual(["旧档案公司"]);
    expect(s["15.1"]?.input).toEqual({ numerator: 1, denominator: 2 });
  });

  it("name ten units in the reason and fifty in the list, while counting them all", () => {
    const sixty = Array.from({ length: 60 }, (_, i) => unit(`企业${String(i + 1).padStart(2, "0")}`));
    const s = suggest(town, sixty)["6.1"];
    expect(s?.input).toEqual({ occurrences: 60 });
    expect(s?.units).toHaveLength(50);
    expect(s?.units[49]?.name).toBe("企业50");
    expect(s?.reason).toBe(
      `未建立全员安全生产责任制及考核清单：${sixty
        .slice(0, 10)
        .map((u) => u.name)
        .join("、")} 等（共 60 家）`,
    );
  });
});

describe("the rate criteria (bands of exact rates)", () => {
  it("the pass rate counts the live enterprises whose verified assessments pass, whatever the register declares", () => {
    // 甲 is declared passed and has a passing verified assessment; 乙 is declared passed and has none; 丙 declares
    // nothing and passes; 丁 passes but is closed.
    const [a, b, c, d] = [unit("甲", done), unit("乙", done), unit("丙"), unit("丁", done, { productionStatus: "closed" })] as [
      EnterpriseSummary,
      EnterpriseSummary,
      EnterpriseSummary,
      EnterpriseSummary,
    ];
    const s = suggest(town, [a, b, c, d], passing(a, c, d))["13.1"];
    expect(s).toEqual({
      input: { numerator: 2, denominator: 3 },
      reason: "经核实的评估达标 2 家 / 共 3 家；未计入：乙（共 1 家）",
      units: [{ id: b.id, name: "乙" }],
      source: "standardization-pass-rate",
    });
    expect(scored("13.1", s)).toEqual({ deduction: "0", basis: "比率 2/3≈66.67%，不在扣分区间：扣 0 分" });
    // Every unit declared passed, none verified passing: nothing passes, and the rate loses all five points.
    expect(scored("13.1", suggest(town, [a, b], noRecords)["13.1"])).toEqual({
      deduction: "5",
      basis: "比率 0/2=0%，处于 0%–5% 区间：扣 5 分",
    });
  });

  it("the pass rate's bands: 1 of 21 ≈ 4.76 % loses 5; 1 of 20 = 5 % loses 3; 2 of 20 = 10 % loses 1; 3 of 20 = 15 % loses nothing", () => {
    const rate = (passed: number, all: number) => {
      const units = Array.from({ length: all }, (_, i) => unit(`企业${i}`));
      return scored("13.1", suggest(town, units, passing(...units.slice(0, passed)))["13.1"]);
    };
    expect(rate(1, 21)).toEqual({ deduction: "5", basis: "比率 1/21≈4.76%，处于 0%–5% 区间：扣 5 分" });
    expect(rate(1, 20)).toEqual({ deduction: "3", basis: "比率 1/20=5%，处于 5%–10% 区间：扣 3 分" });
    expect(rate(2, 20)).toEqual({ deduction: "1", basis: "比率 2/20=10%，处于 10%–15% 区间：扣 1 分" });
    expect(rate(3, 20)).toEqual({ deduction: "0", basis: "比率 3/20=15%，不在扣分区间：扣 0 分" });
  });

  it("the enterprise collection rate: 19 of 20 = 95 % loses nothing, 18 of 19 ≈ 94.74 % loses one, 17 of 19 ≈ 89.47 % loses two", () => {
    const collected = (yes: number, all: number) =>
      suggest(
        town,
        Array.from({ length: all }, (_, i) => unit(`企业${i}`, { informationCollected: i < yes })),
      )["15.1"];
    expect(scored("15.1", collected(19, 20))).toEqual({ deduction: "0", basis: "比率 19/20=95%，不在扣分区间：扣 0 分" });
    expect(scored("15.1", collected(18, 19))).toEqual({ deduction: "1", basis: "比率 18/19≈94.74%，处于 90%–95% 区间：扣 1 分" });
    expect(scored("15.1", collected(17, 19))).toEqual({ deduction: "2", basis: "比率 17/19≈89.47%，处于 0%–90% 区间：扣 2 分" });
    expect(collected(18, 19)?.reason).toBe("已采集录入 18 家 / 共 19 家；未计入：企业18（共 1 家）");
  });

  it("968 of 1019 rounds to 95 % for display but is below it, and loses the point", () => {
    const units = Array.from({ length: 1019 }, (_, i) => unit(`企业${i}`, { informationCollected: i < 968 }));
    expect(scored("15.1", suggest(town, units)["15.1"])).toEqual({
      deduction: "1",
      basis: "比率 968/1019≈95%，处于 90%–95% 区间：扣 1 分",
    });
  });

  it("the nine small venues have a collection rate of their own, and count in no enterprise criterion", () => {
    const units = [
      unit("甲公司", done),
      venue("某小学", "school", { informationCollected: true }),
      venue("某诊所", "clinic"),
      venue("某网吧", "internet-cafe", { informationCollected: true }),
      venue("已关闭旅馆", "hostel", {}),
    ];
    units[4] = { ...(units[4] as EnterpriseSummary), productionStatus: "closed" };
    const s = suggest(town, units, passing(units[0] as EnterpriseSummary));
    expect(s["15.2"]).toEqual({
      input: { numerator: 2, denominator: 3 },
      reason: "九小场所已采集录入 2 家 / 共 3 家；未计入：某诊所（共 1 家）",
      units: [{ id: units[2]?.id, name: "某诊所" }],
      source: "venue-collection-rate",
    });
    expect(scored("15.2", s["15.2"])).toEqual({ deduction: "2", basis: "比率 2/3≈66.67%，处于 0%–90% 区间：扣 2 分" });
    expect(s["15.1"]?.input).toEqual({ numerator: 1, denominator: 1 });
    expect(s["5.1"]?.input).toEqual({ occurrences: 0 });
    expect(s["13.1"]?.input).toEqual({ numerator: 1, denominator: 1 });
  });

  it("a town with enterprises but no small venue has nothing to count for venues and loses nothing there", () => {
    const s = suggest(town, [unit("甲公司")])["15.2"];
    expect(s).toMatchObject({ input: { numerator: 0, denominator: 0 }, reason: null, units: [] });
    expect(scored("15.2", s)).toEqual({ deduction: "0", basis: "无统计对象，不扣分：扣 0 分" });
  });
});

describe("star-rating coverage (14.1), from the star records", () => {
  it("names the enterprises the records say have not taken part, whatever the register's old starRated flag says", () => {
    const flagged = unit("甲公司", { starRated: true });
    const applied = unit("乙公司");
    const never = unit("丙公司", { starRated: true });
    const s = suggest(town, [flagged, applied, never], { ...noRecords, notStarRated: [never] })["14.1"];
    expect(s).toEqual({
      input: { occurrences: 1 },
      reason: "未开展星级评定：丙公司（共 1 家）",
      units: [{ id: never.id, name: "丙公司" }],
      source: "star-rating-coverage",
    });
    expect(scored("14.1", s)).toEqual({ deduction: "1", basis: "发现 1 处，每处扣 1 分（扣满 5 分为止）：扣 1 分" });
  });

  it("counts them all, names fifty, and caps the deduction at five", () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ id: `u${i}`, name: `企业${String(i).padStart(2, "0")}` }));
    const s = suggest(town, [], { ...noRecords, notStarRated: many })["14.1"];
    expect(s?.input).toEqual({ occurrences: 60 });
    expect(s?.units).toHaveLength(50);
    expect(s?.reason).toMatch(/ 等（共 60 家）$/);
    expect(scored("14.1", s).deduction).toBe("5");
  });

  it("nothing to count is no deduction and no reason", () => {
    expect(suggest(town, [unit("甲公司")])["14.1"]).toEqual({
      input: { occurrences: 0 },
      reason: null,
      units: [],
      source: "star-rating-coverage",
    });
  });
});

describe("differentiated supervision (22.1), from the town's key inspection targets", () => {
  it("is met, naming each target and why, for the assessor to confirm they are inspected as such", () => {
    const keyTargets = [
      { id: "u1", name: "甲公司", why: "不予评定星级、红色、橙色风险" },
      { id: "u2", name: "乙公司", why: "纸上标准化、假创建" },
    ];
    const s = suggest(town, [], { ...noRecords, keyTargets })["22.1"];
    expect(s).toEqual({
      input: { met: true },
      reason:
        "差异化监管重点检查对象：甲公司（不予评定星级、红色、橙色风险）、乙公司（纸上标准化、假创建）（共 2 家）；请核实是否已作为重点检查对象开展检查",
      units: [
        { id: "u1", name: "甲公司" },
        { id: "u2", name: "乙公司" },
      ],
      source: "supervision-targets",
    });
    expect(scored("22.1", s)).toMatchObject({ deduction: "0" });
  });

  it("names ten in the reason and fifty in the list; a town without targets is told so", () => {
    const many = Array.from({ length: 55 }, (_, i) => ({ id: `u${i}`, name: `企业${i}`, why: "未开展星级评定" }));
    const s = suggest(town, [], { ...noRecords, keyTargets: many })["22.1"];
    expect(s?.units).toHaveLength(50);
    expect(s?.reason).toContain(" 等（共 55 家）");
    expect(suggest(town, [])["22.1"]).toMatchObject({ input: { met: true }, reason: "本镇（街道）暂无差异化监管重点检查对象", units: [] });
  });
});
