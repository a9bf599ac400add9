// 附件4 item 13, the enterprises' review pass rate (企业评审达标率), through HTTP → app → DynamoDB Local: the town
// assessment's suggestion and the town report count the units whose latest verified assessment reaches its rubric's
// pass line (附件3: 60; a tenant's copy: its own), never the register's declared standardization status — units
// declared passed with no verified passing assessment do not count, units verified passing count whatever they
// declare. The pass line itself is checked as rubrics are.
import { beforeAll, describe, expect, it } from "vitest";
import { criteriaOf, type RubricDefinition, type Rule } from "#core/assessments/rubric";
import { type AnswerBody, answersFor } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
const library = { id: "shishi-enterprise-2024", version: 1 };
let h: Harness;
let admin: string;
let inspector: string;
let verifier: string;
let place: Place;
let definition: RubricDefinition;
let strict: { id: string; version: number };
const units: Record<string, { id: string; name: string }> = {};

/** The input that loses everything under each rule. */
function nothingInput(rule: Rule): Record<string, unknown> {
  switch (rule.type) {
    case "yes-no":
      return { met: false };
    case "per-occurrence":
      return { occurrences: 100 };
    case "per-missing-year":
      return { missingYears: 10 };
    case "rate-bands":
      return { rate: "0" };
    case "graded":
      return { points: "0" };
    case "pass-fail":
      return { passed: false };
  }
}

/** Answers that score 0 of 100. */
function nothing(of: RubricDefinition): Record<string, AnswerBody> {
  return Object.fromEntries(
    criteriaOf(of).map(({ criterion }) => [criterion.id, { input: nothingInput(criterion.rule), reason: "未做到" }]),
  );
}

async function assessed(unit: string, answers: Record<string, AnswerBody>, assessedOn: string, rubric = library, verify = true) {
  const opened = await h.request("POST", "/v1/assessments", {
    token: inspector,
    body: { target: { type: "enterprise", id: unit }, rubric, stage: "assistance", assessor: { name: "陈秋茹" }, assessedOn },
  });
  if (opened.status !== 201) throw new Error(`${opened.status} ${JSON.stringify(opened.body)}`);
  const answered = await h.request("PATCH", `/v1/assessments/${opened.body.id}`, { token: inspector, body: { answers } });
  if (answered.status !== 200) throw new Error(`${answered.status} ${JSON.stringify(answered.body)}`);
  await h.request("POST", `/v1/assessments/${opened.body.id}/submit`, { token: inspector });
  if (!verify) return answered.body;
  const verified = await h.request("POST", `/v1/assessments/${opened.body.id}/verify`, { token: verifier, body: {} });
  if (verified.status !== 200) throw new Error(`${verified.status} ${JSON.stringify(verified.body)}`);
  return verified.body;
}

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  verifier = await h.token("inspector", "320312", "inspector-wang");
  place = await addPlace(h, admin, "蚶江镇");
  definition = (await h.request("GET", "/v1/rubric-library/shishi-enterprise-2024", { token: inspector })).body.definition;

  // A tenant's copy of 附件3 with a stricter line of its own.
  const copy = await h.request("POST", "/v1/rubric-library/shishi-enterprise-2024/copy", { token: admin });
  const stricter = { ...structuredClone(copy.body.latest.definition), passScore: "98" };
  const put = await h.request("PUT", `/v1/rubrics/${copy.body.id}/draft`, { token: admin, body: { definition: stricter } });
  if (put.status !== 200) throw new Error(`${put.status} ${JSON.stringify(put.body)}`);
  const published = await h.request("POST", `/v1/rubrics/${copy.body.id}/publish`, { token: admin });
  if (published.status !== 200) throw new Error(`${published.status} ${JSON.stringify(published.body)}`);
  strict = { id: copy.body.id, version: 1 };

  const declared = { status: "passed", responsibilitySystem: true, informationCollected: true };
  const none = { status: "not-started", responsibilitySystem: false, informationCollected: false };
  const make = async (key: string, n: number, standardization: Record<string, unknown>) => {
    const res = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(n, place, { standardization }) });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    units[key] = res.body;
  };
  await make("declaredOnly", 301, declared); // declared passed, never assessed
  await make("verifiedOnly", 302, none); // declares nothing, verified at 100
  await make("declaredFailed", 303, declared); // declared passed, verified at 0
  await make("passedThenFailed", 304, declared); // verified at 100, later at 0
  await make("failedThenPassed", 305, none); // verified at 0, later at 60 exactly
  await make("submittedOnly", 306, none); // 100, but only submitted
  await make("belowOwnLine", 307, declared); // 97.5 against the copy whose line is 98
  const u = (key: string) => units[key]?.id ?? "";

  await assessed(u("verifiedOnly"), answersFor(definition), "2026-11-10");
  await assessed(u("declaredFailed"), nothing(definition), "2026-11-10");
  await assessed(u("passedThenFailed"), answersFor(definition), "2026-11-01");
  await assessed(u("passedThenFailed"), nothing(definition), "2026-11-12");
  await assessed(u("failedThenPassed"), nothing(definition), "2026-11-01");
  // 60 exactly: everything lost in sections s7 (5S, 15) s8 (六有, 15) and s9 (emergency, 10) = 40 off.
  const sixty = {
    ...answersFor(definition),
    ...Object.fromEntries(
      criteriaOf(definition)
        .filter(({ section }) => ["s7", "s8", "s9"].includes(section.id))
        .map(({ criterion }) => [criterion.id, { input: nothingInput(criterion.rule), reason: "未做到" }]),
    ),
  };
  const atLine = await assessed(u("failedThenPassed"), sixty, "2026-11-12");
  expect(atLine.result.total).toBe("60");
  await assessed(u("submittedOnly"), answersFor(definition), "2026-11-10", library, false);
  const below = await assessed(
    u("belowOwnLine"),
    answersFor(definition, { "15.3": { input: { met: false }, reason: "设备铭牌缺失" } }),
    "2026-11-10",
    strict,
  );
  expect(below.result.total).toBe("97.5");
});

describe("the town assessment's pass rate (13.1)", () => {
  it("counts units passing by their verified assessments, not the register's declared status", async () => {
    const res = await h.request("POST", "/v1/assessments", {
      token: inspector,
      body: {
        target: { type: "town", id: place.townId },
        rubric: { id: "shishi-town-2024", version: 1 },
        stage: "verification",
        assessor: { name: "吴龙飞" },
        assessedOn: "2026-11-24",
      },
    });
    expect(res.status).toBe(201);
    const s = res.body.suggestions["13.1"];
    // Passing: verifiedOnly (100) and failedThenPassed (60, its latest). Of 7 enterprises: 2/7 ≈ 28.57 %.
    expect(s.input).toEqual({ numerator: 2, denominator: 7 });
    const notCounted = ["declaredOnly", "declaredFailed", "passedThenFailed", "submittedOnly", "belowOwnLine"].map(
      (key) => units[key]?.name,
    );
    expect(s.units.map((x: { name: string }) => x.name).sort()).toEqual([...notCounted].sort());
    expect(s.reason).toMatch(/^经核实的评估达标 2 家 \/ 共 7 家；未计入：/);
  });

  it("a unit verified passing afterwards counts when the suggestions are recomputed", async () => {
    const opened = await h.request("POST", "/v1/assessments", {
      token: inspector,
      body: {
        target: { type: "town", id: place.townId },
        rubric: { id: "shishi-town-2024", version: 1 },
        stage: "verification",
        assessor: { name: "吴龙飞" },
        assessedOn: "2026-11-24",
      },
    });
    await assessed(units.declaredOnly?.id ?? "", answersFor(definition), "2026-11-20");
    const refreshed = await h.request("POST", `/v1/assessments/${opened.body.id}/suggestions`, { token: inspector });
    expect(refreshed.body.suggestions["13.1"].input).toEqual({ numerator: 3, denominator: 7 });
  });
});

describe("the town report's pass rate (附件2 四)", () => {
  it("shows the declared status beside the rate from verified assessments", async () => {
    const page = await h.request("GET", `/v1/towns/${place.townId}/standardization-report?rubricId=shishi-enterprise-2024&format=html`, {
      token: inspector,
    });
    expect(page.status).toBe(200);
    // Declared passed: declaredOnly, declaredFailed, passedThenFailed, belowOwnLine (4). Passing: verifiedOnly,
    // failedThenPassed and — since the test above — declaredOnly (3 of 7 = 42.86 %).
    expect(page.body).toContain("台账登记评审达标 4 家；经核实的评估达标 3 家，达标率 42.86%。");
  });
});

describe("the pass line", () => {
  it("is kept only on scored rubrics for enterprises, and not above their total", async () => {
    const town = await h.request("POST", "/v1/rubric-library/shishi-town-2024/copy", { token: admin });
    const onTown = await h.request("PUT", `/v1/rubrics/${town.body.id}/draft`, {
      token: admin,
      body: { definition: { ...town.body.latest.definition, passScore: "60" } },
    });
    expect(onTown.status).toBe(422);
    expect(onTown.body.error.details.fields).toContainEqual(
      expect.objectContaining({ path: "definition.passScore", code: "pass_score_not_allowed" }),
    );
    const copy = await h.request("POST", "/v1/rubric-library/shishi-enterprise-2024/copy", { token: admin });
    expect(copy.body.latest.definition.passScore).toBe("60");
    const above = await h.request("PUT", `/v1/rubrics/${copy.body.id}/draft`, {
      token: admin,
      body: { definition: { ...copy.body.latest.definition, passScore: "100.5" } },
    });
    expect(above.status).toBe(422);
    expect(above.body.error.details.fields).toContainEqual(
      expect.objectContaining({ path: "definition.passScore", code: "pass_score_above_total" }),
    );
  });
});
