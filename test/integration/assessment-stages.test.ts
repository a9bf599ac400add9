// The Shishi stage order through HTTP → app → DynamoDB Local (assessments/assessment-stages.ts): self-check →
// assistance → verification → review → summary. A target's assessment against a rubric may not be opened, moved
// or verified at a stage behind where its assessment verified last stands (409 naming the allowed stages); stages may
// be skipped; a return sends a submitted one back to assistance, where it stays and is verified again, and the
// target then stands at assistance. Another rubric, another unit and another tenant are not affected.
import { beforeAll, describe, expect, it } from "vitest";
import type { RubricDefinition } from "#core/assessments/rubric";
import { answersFor } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

const clock = manualClock(new Date("2026-12-25T02:00:00Z"));
const library = { id: "shishi-enterprise-2024", version: 1 };
let h: Harness;
let admin: string;
let inspector: string;
let verifier: string;
let place: Place;
let definition: RubricDefinition;
let serial = 500;

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  verifier = await h.token("inspector", "320312", "inspector-wang");
  place = await addPlace(h, admin, "蚶江镇");
  definition = (await h.request("GET", "/v1/rubric-library/shishi-enterprise-2024", { token: inspector })).body.definition;
});

async function newUnit(token = admin, at = place): Promise<string> {
  const res = await h.request("POST", "/v1/enterprises", { token, body: enterpriseBody(serial++, at) });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

function open(targetId: string, stage: string, assessedOn: string, rubric = library, token = inspector, language = "en") {
  return h.request("POST", "/v1/assessments", {
    token,
    headers: { "accept-language": language },
    body: { target: { type: "enterprise", id: targetId }, rubric, stage, assessor: { name: "陈秋茹" }, assessedOn },
  });
}

async function opened(targetId: string, stage: string, assessedOn: string, rubric = library, token = inspector) {
  const res = await open(targetId, stage, assessedOn, rubric, token);
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  const answered = await h.request("PATCH", `/v1/assessments/${res.body.id}`, { token, body: { answers: answersFor(definition) } });
  if (answered.status !== 200) throw new Error(`${answered.status} ${JSON.stringify(answered.body)}`);
  return answered.body as { id: string; version: number };
}

async function submit(id: string, token = inspector) {
  const res = await h.request("POST", `/v1/assessments/${id}/submit`, { token });
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
}

/** Verifies a minute after the last step: where a target stands is its assessment verified last. */
function verify(id: string, token = verifier) {
  clock.advance(60_000);
  return h.request("POST", `/v1/assessments/${id}/verify`, { token, body: {} });
}

async function verified(targetId: string, stage: string, assessedOn: string, rubric = library) {
  const a = await opened(targetId, stage, assessedOn, rubric);
  await submit(a.id);
  const res = await verify(a.id);
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe("the stages", () => {
  it("include the summary stage 总结提升 after review: an assessment can be opened and verified there", async () => {
    const unit = await newUnit();
    const res = await verified(unit, "summary", "2026-12-20");
    expect(res).toMatchObject({ stage: "summary", status: "verified" });
    const listed = await h.request("GET", `/v1/assessments?stage=summary&targetId=${unit}`, { token: inspector });
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([res.id]);
  });

  it("move forward from where the target stands, skipping stages as the plan does; nothing before it", async () => {
    const unit = await newUnit();
    // Nothing verified yet: any stage opens.
    await verified(unit, "self-check", "2026-11-10");
    await verified(unit, "verification", "2026-12-10"); // assistance skipped: verification samples units
    for (const behind of ["self-check", "assistance"]) {
      const res = await open(unit, behind, "2026-12-20");
      expect(res.status, behind).toBe(409);
      expect(res.body.error).toMatchObject({
        code: "illegal_transition",
        details: { stage: "verification", allowed: ["verification", "review", "summary"] },
      });
    }
    const english = await open(unit, "assistance", "2026-12-20");
    expect(english.body.error.message).toBe(
      "The target's last verified assessment against shishi-enterprise-2024 is at verification; an assessment cannot go back to assistance. Allowed stages: verification, review, summary",
    );
    const chinese = await open(unit, "self-check", "2026-12-20", library, inspector, "zh-CN");
    expect(chinese.body.error.message).toContain("督导核实阶段，评估不能回到自查自纠阶段");
    expect(chinese.body.error.message).toContain("summary（总结提升）");
    // The default stage (self-check) is behind too.
    const defaulted = await h.request("POST", "/v1/assessments", {
      token: inspector,
      body: { target: { type: "enterprise", id: unit }, rubric: library, assessor: { name: "陈秋茹" }, assessedOn: "2026-12-20" },
    });
    expect(defaulted.status).toBe(409);
    // The same stage and later ones open.
    for (const ok of ["verification", "review", "summary"]) expect((await open(unit, ok, "2026-12-20")).status, ok).toBe(201);
  });

  it("count only verified assessments: a draft or a submitted one at a later stage does not move where the target stands", async () => {
    const unit = await newUnit();
    await verified(unit, "assistance", "2026-11-10");
    await opened(unit, "review", "2026-12-01");
    await submit((await opened(unit, "summary", "2026-12-02")).id);
    expect((await open(unit, "assistance", "2026-12-03")).status).toBe(201);
    expect((await open(unit, "self-check", "2026-12-03")).body.error.details).toEqual({
      stage: "assistance",
      allowed: ["assistance", "verification", "review", "summary"],
    });
  });

  it("a draft moves to another stage only if it is not behind; other patches leave its stage alone", async () => {
    const unit = await newUnit();
    await verified(unit, "review", "2026-12-10");
    const draft = await opened(unit, "review", "2026-12-20");
    const back = await h.request("PATCH", `/v1/assessments/${draft.id}`, { token: inspector, body: { stage: "verification" } });
    expect(back.status).toBe(409);
    expect(back.body.error.details).toEqual({ stage: "review", allowed: ["review", "summary"] });
    const unchanged = await h.request("GET", `/v1/assessments/${draft.id}`, { token: inspector });
    expect(unchanged.body).toMatchObject({ stage: "review", version: draft.version });
    const on = await h.request("PATCH", `/v1/assessments/${draft.id}`, { token: inspector, body: { stage: "summary" } });
    expect(on.status).toBe(200);
    expect(on.body.stage).toBe("summary");
    const same = await h.request("PATCH", `/v1/assessments/${draft.id}`, { token: inspector, body: { stage: "summary", note: "总结" } });
    expect(same.status).toBe(200);
  });

  it("a draft opened earlier at a stage since overtaken is not verified (409: return it instead); returned, it stays at assistance and is verified there", async () => {
    const unit = await newUnit();
    const early = await opened(unit, "self-check", "2026-11-10");
    await verified(unit, "review", "2026-12-10");
    await submit(early.id);
    clock.advance(60_000);
    const refused = await h.request("POST", `/v1/assessments/${early.id}/verify`, {
      token: verifier,
      headers: { "accept-language": "en" },
      body: {},
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "illegal_transition", details: { stage: "review", allowed: ["return"] } });
    expect(refused.body.error.message).toContain("Allowed: return (to assistance)");
    expect((await h.request("GET", `/v1/assessments/${early.id}`, { token: inspector })).body.status).toBe("submitted");

    const returned = await h.request("POST", `/v1/assessments/${early.id}/return`, { token: verifier, body: { reason: "核实结果不一致" } });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: "returned", stage: "assistance" });
    // The return is the move: the returned assessment cannot be moved on (or anywhere else) by a patch.
    const moved = await h.request("PATCH", `/v1/assessments/${early.id}`, { token: inspector, body: { stage: "review" } });
    expect(moved.status).toBe(409);
    expect(moved.body.error.details).toEqual({ stage: "assistance", allowed: ["assistance"] });
    await submit(early.id);
    const again = await verify(early.id);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: "verified", stage: "assistance" });
    // The target stands at assistance again: the flow goes on from there, and self-check is behind it.
    expect((await open(unit, "verification", "2026-12-21")).status).toBe(201);
    expect((await open(unit, "self-check", "2026-12-21")).body.error.details.stage).toBe("assistance");
  });

  it("a verification that disagrees with a review-stage assessment sends it back to assistance as well", async () => {
    const unit = await newUnit();
    await verified(unit, "verification", "2026-12-01");
    const reviewed = await opened(unit, "review", "2026-12-15");
    await submit(reviewed.id);
    const returned = await h.request("POST", `/v1/assessments/${reviewed.id}/return`, { token: verifier, body: { reason: "复核不一致" } });
    expect(returned.body).toMatchObject({ status: "returned", stage: "assistance" });
    await submit(reviewed.id);
    expect((await verify(reviewed.id)).status).toBe(200);
    expect((await open(unit, "assistance", "2026-12-22")).status).toBe(201);
  });
});

describe("what the order is kept within", () => {
  it("one rubric: the unit's assessments against another rubric stand on their own", async () => {
    const unit = await newUnit();
    await verified(unit, "summary", "2026-12-10");
    const copy = await h.request("POST", "/v1/rubric-library/shishi-enterprise-2024/copy", { token: admin });
    await h.request("POST", `/v1/rubrics/${copy.body.id}/publish`, { token: admin, headers: { "if-match": '"1"' } });
    expect((await open(unit, "self-check", "2026-12-20", { id: copy.body.id, version: 1 })).status).toBe(201);
    expect((await open(unit, "self-check", "2026-12-20")).status).toBe(409);
  });

  it("one target: another unit of the town, and a unit of another tenant, are not held back by this one", async () => {
    const ahead = await newUnit();
    await verified(ahead, "summary", "2026-12-10");
    expect((await open(await newUnit(), "self-check", "2026-12-20")).status).toBe(201);

    const otherAdmin = await h.token("tenant-admin", "320300");
    const otherInspector = await h.token("inspector", "320300", "inspector-zhao");
    const otherPlace = await addPlace(h, otherAdmin, "宝盖镇");
    const theirs = await newUnit(otherAdmin, otherPlace);
    const res = await open(theirs, "self-check", "2026-12-20", library, otherInspector);
    expect(res.status).toBe(201);
    // Our unit's id is not theirs to open an assessment on at all.
    expect((await open(ahead, "summary", "2026-12-20", library, otherInspector)).status).toBe(422);
  });
});
