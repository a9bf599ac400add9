// Star applications through HTTP → app → DynamoDB Local: a unit applies for the tenant's published Shishi scheme
// and every star is evaluated from its real data (a verified 附件3 assessment, its hazards, its register profile),
// each rule explained and the evidence kept; one pending application per unit and scheme; who may apply (an
// inspector, a portal key with stars:apply — not a viewer); bad input; tenant isolation.
import { beforeAll, describe, expect, it } from "vitest";
import type { RubricDefinition } from "#core/assessments/rubric";
import { answersFor } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, creditCode, enterpriseBody, type Place } from "#test/support/register";
import { majorHazard, verifiedAssessment } from "#test/support/stars";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let inspector: string;
let verifier: string;
let place: Place;
let scheme: string;
let draftScheme: string;
let sound: { id: string; name: string };
let hazardous: { id: string; name: string };
let hazardId: string;
let assessmentId: string;

const standardization = { status: "passed", responsibilitySystem: true, starRated: false, informationCollected: true };

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  verifier = await h.token("inspector", "320312", "inspector-wang");
  place = await addPlace(h, admin, "宝盖镇");
  sound = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place, { standardization }) })).body;
  hazardous = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(2, place, { standardization }) })).body;

  const copy = await h.request("POST", "/v1/star-scheme-library/shishi-standardization-stars-2024/copy", { token: admin });
  scheme = copy.body.id;
  expect((await h.request("POST", `/v1/star-schemes/${scheme}/publish`, { token: admin })).status).toBe(200);
  draftScheme = (await h.request("POST", "/v1/star-scheme-library/tongshan-ten-stars/copy", { token: admin })).body.id;

  // A verified 附件3 assessment of the sound unit, 2.5 points off (97.5).
  const definition: RubricDefinition = (await h.request("GET", "/v1/rubric-library/shishi-enterprise-2024", { token: inspector })).body
    .definition;
  const answers = answersFor(definition, { "15.3": { input: { met: false }, reason: "设备铭牌缺失" } });
  assessmentId = await verifiedAssessment(h, { inspector, verifier }, sound.id, answers, "2026-11-20");

  // An open major hazard at the other unit.
  const hazard = await h.request("POST", "/v1/hazards", {
    token: inspector,
    body: {
      enterpriseId: hazardous.id,
      category: "有限空间",
      description: "污水池有限空间作业未审批",
      severity: "major",
      source: "inspection",
      foundBy: { name: "李检查", phone: "13912345678" },
      foundOn: "2026-11-24",
    },
  });
  hazardId = hazard.body.id;
});

interface StarResult {
  starId: string;
  name: string;
  labelCode: string;
  passed: boolean;
  rules: { type: string; passed: boolean; explanation: { zh: string; en: string } }[];
}
const apply = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  h.request("POST", "/v1/star-applications", { token, body, headers });

describe("applying", () => {
  it("evaluates every star from the unit's data, explains each rule and keeps the evidence it read", async () => {
    const res = await apply(inspector, { enterpriseId: sound.id, schemeId: scheme, note: "企业主动申请" });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/v1/star-applications/${res.body.id}`);
    expect(res.body).toMatchObject({
      enterpriseId: sound.id,
      scheme: { id: scheme, version: 1 },
      status: "pending",
      filedBy: "inspector-li",
      filedVia: "official",
      note: "企业主动申请",
    });
    const stars: StarResult[] = res.body.evaluation.stars;
    expect(stars.map((s) => `${s.labelCode}:${s.passed}`)).toEqual(["SS-STAR-1:true", "SS-STAR-2:true", "SS-STAR-3:true"]);
    expect(stars[2]?.rules[0]?.explanation.zh).toBe(`2026-11-25 核实的评估 ${assessmentId} 总分 97.5，达到 90`);
    expect(res.body.evaluation.evidence).toMatchObject({
      today: "2026-11-25",
      assessments: [{ id: assessmentId, rubricId: "shishi-enterprise-2024", total: "97.5" }],
      hazards: [],
      standardization: { passed: true, responsibilitySystem: true },
    });
    expect(res.body.evaluation.evidence.assessments[0].sections.s1).toBeDefined();

    const read = await h.request("GET", `/v1/star-applications/${res.body.id}`, { token: await h.token("viewer", "320312") });
    expect(read.body).toEqual(res.body);
  });

  it("fails the stars an open major hazard or a missing assessment rules out, naming why", async () => {
    const res = await apply(admin, { enterpriseId: hazardous.id, schemeId: scheme });
    expect(res.status).toBe(201);
    const one: StarResult = res.body.evaluation.stars[0];
    expect(one.passed).toBe(false);
    expect(one.rules.map((r) => `${r.type}:${r.passed}`)).toEqual([
      "assessment-score:false",
      "standardization:true",
      "no-open-hazards:false",
    ]);
    expect(one.rules[0]?.explanation.en).toBe("No assessment against shishi-enterprise-2024 verified in the last 12 months");
    expect(one.rules[2]?.explanation.zh).toBe(`近 365 天发现的重大事故隐患中有 1 项未销号：${hazardId}`);
  });

  it("takes one pending application per unit and scheme (409 names it), and replays an idempotent retry", async () => {
    const again = await apply(inspector, { enterpriseId: sound.id, schemeId: scheme });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("application_pending");
    expect(again.body.error.details.id).toMatch(/^[0-9a-z]{26}$/);

    const headers = { "idempotency-key": "star-apply-0001" };
    const third = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(3, place) })).body;
    const first = await apply(inspector, { enterpriseId: third.id, schemeId: scheme }, headers);
    const replay = await apply(inspector, { enterpriseId: third.id, schemeId: scheme }, headers);
    expect([first.status, replay.status]).toEqual([201, 201]);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.id).toBe(first.body.id);
  });

  it("refuses bad input clearly and files nothing", async () => {
    const count = async () => (await h.request("GET", "/v1/star-applications?limit=100", { token: admin })).body.items.length;
    const before = await count();
    const draft = await apply(inspector, { enterpriseId: sound.id, schemeId: draftScheme });
    expect(draft.status).toBe(422);
    expect(draft.body.error.details.fields[0]).toMatchObject({ path: "schemeId", code: "scheme_not_published" });
    expect((await apply(inspector, { enterpriseId: sound.id, schemeId: "01jaaaaaaaaaaaaaaaaaaaaaaa" })).status).toBe(404);
    const unknownUnit = await apply(inspector, { enterpriseId: "01jaaaaaaaaaaaaaaaaaaaaaaa", schemeId: scheme });
    expect(unknownUnit.body.error.details.fields[0]).toMatchObject({ path: "enterpriseId", code: "unknown_enterprise" });
    const malformed = await apply(inspector, { enterpriseId: "x", schemeId: scheme, tenantId: "320300" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(["enterpriseId", "tenantId"]);
    expect(await count()).toBe(before);
  });
});

describe("who may apply", () => {
  it("an inspector or a key with stars:apply may; a viewer or a key with only stars:read may not", async () => {
    const viewer = await apply(await h.token("viewer", "320312"), { enterpriseId: hazardous.id, schemeId: scheme });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.details.required).toBe("stars:apply");
    const reader = await h.addApiKey("320312", ["stars:read"]);
    const refused = await h.request("POST", "/v1/star-applications", {
      apiKey: reader.token,
      body: { enterpriseId: hazardous.id, schemeId: scheme },
    });
    expect(refused.status).toBe(403);
    const portal = await h.addApiKey("320312", ["stars:apply", "stars:read"]);
    const fourth = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(4, place) })).body;
    const filed = await h.request("POST", "/v1/star-applications", {
      apiKey: portal.token,
      body: { enterpriseId: fourth.id, schemeId: scheme },
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ filedVia: "api-key", filedBy: "dev-tenant-admin-320312" });
    const me = await h.request("GET", "/v1/me", { token: inspector });
    expect(me.body.permissions).toEqual(expect.arrayContaining(["stars:read", "stars:apply"]));
    expect(me.body.permissions).not.toContain("stars:write");
  });
});

describe("lists and isolation", () => {
  it("lists newest first, by unit and by status", async () => {
    const mine = await h.request("GET", `/v1/star-applications?enterpriseId=${sound.id}`, { token: inspector });
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ enterpriseId: sound.id, status: "pending", starsPassed: 3, stars: 3 });
    const pending = await h.request("GET", "/v1/star-applications?status=pending&limit=100", { token: inspector });
    const ids = pending.body.items.map((a: { id: string }) => a.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect((await h.request("GET", "/v1/star-applications?status=awarded", { token: inspector })).body.items).toEqual([]);
  });

  it("another tenant sees none of it and cannot apply for this tenant's units or schemes", async () => {
    const city = await h.token("tenant-admin", "320300");
    const list = await h.request("GET", "/v1/star-applications?limit=100", { token: city });
    expect(list.body.items).toEqual([]);
    const id = (await h.request("GET", `/v1/star-applications?enterpriseId=${sound.id}`, { token: inspector })).body.items[0].id;
    expect((await h.request("GET", `/v1/star-applications/${id}`, { token: city })).status).toBe(404);
    // A unit named in a body is unknown to the city (422, as everywhere else a body names a unit)…
    const theirUnit = await apply(city, { enterpriseId: sound.id, schemeId: scheme });
    expect(theirUnit.body.error.details.fields[0]).toMatchObject({ path: "enterpriseId", code: "unknown_enterprise" });
    // …and so is the district's scheme for the city's own unit (404).
    const cityPlace = await addPlace(h, city, "鼓楼街道");
    const cityUnit = (
      await h.request("POST", "/v1/enterprises", {
        token: city,
        body: enterpriseBody(9, cityPlace, { creditCode: creditCode(9, "320300") }),
      })
    ).body;
    expect((await apply(city, { enterpriseId: cityUnit.id, schemeId: scheme })).status).toBe(404);
  });
});

describe("reviewing", () => {
  const pendingOf = async (enterpriseId: string) =>
    (await h.request("GET", `/v1/star-applications?enterpriseId=${enterpriseId}&status=pending`, { token: admin })).body.items[0].id;

  it("an official other than the filer awards the passed stars, with a plaque; the unit then holds them", async () => {
    const id = await pendingOf(sound.id); // filed by inspector-li
    const awarded = await h.request("POST", `/v1/star-applications/${id}/award`, {
      token: admin,
      body: { plaque: { date: "2026-11-25", number: "石安星〔2026〕001号" }, note: "材料齐全" },
    });
    expect(awarded.status).toBe(200);
    expect(awarded.body).toMatchObject({ status: "awarded", review: { decision: "awarded", by: "dev-tenant-admin-320312" } });
    expect(awarded.body.review.awarded.map((a: { starId: string }) => a.starId)).toEqual(["one-star", "two-star", "three-star"]);

    const stars = await h.request("GET", `/v1/enterprises/${sound.id}/stars`, { token: await h.token("viewer", "320312") });
    expect(stars.status).toBe(200);
    expect(stars.body.current.map((a: { labelCode: string; state: string }) => `${a.labelCode}:${a.state}`).sort()).toEqual([
      "SS-STAR-1:active",
      "SS-STAR-2:active",
      "SS-STAR-3:active",
    ]);
    expect(stars.body.current[0]).toMatchObject({
      awardedOn: "2026-11-25",
      validUntil: "2027-11-24",
      plaque: { number: "石安星〔2026〕001号" },
      applicationId: id,
      suspension: null,
    });
    const again = await h.request("POST", `/v1/star-applications/${id}/refuse`, { token: admin, body: { reason: "重复" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("application_reviewed");
  });

  it("awards only what still passes on the day of the review", async () => {
    const filed = await apply(inspector, { enterpriseId: sound.id, schemeId: scheme }); // the slot was released
    expect(filed.status).toBe(201);
    expect(filed.body.evaluation.stars.every((s: StarResult) => s.passed)).toBe(true);
    const later = await majorHazard(h, inspector, sound.id, "2026-11-25");
    const refused = await h.request("POST", `/v1/star-applications/${filed.body.id}/award`, {
      token: admin,
      body: { stars: ["one-star"] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.fields[0]).toMatchObject({ path: "stars.0", code: "star_no_longer_passes" });
    expect(refused.body.error.details.fields[0].message).toContain(later);
    expect((await h.request("GET", `/v1/star-applications/${filed.body.id}`, { token: admin })).body.status).toBe("pending");
  });

  it("is refused to the filer, to an API key and to inspectors; nothing passed means refuse or return", async () => {
    const id = await pendingOf(hazardous.id); // filed by the tenant-admin
    const own = await h.request("POST", `/v1/star-applications/${id}/award`, { token: admin });
    expect([own.status, own.body.error.code]).toEqual([403, "own_application"]);
    const key = await h.addApiKey("320312", ["stars:write"]);
    const byKey = await h.request("POST", `/v1/star-applications/${id}/refuse`, { apiKey: key.token, body: { reason: "不符合" } });
    expect([byKey.status, byKey.body.error.code]).toEqual([403, "person_required"]);
    const byInspector = await h.request("POST", `/v1/star-applications/${id}/refuse`, { token: verifier, body: { reason: "不符合" } });
    expect(byInspector.status).toBe(403);
    const other = await h.token("tenant-admin", "320312", "admin-zhou");
    const nothing = await h.request("POST", `/v1/star-applications/${id}/award`, { token: other });
    expect(nothing.body.error.details.fields[0]).toMatchObject({ path: "stars", code: "nothing_passed" });
    const notPassed = await h.request("POST", `/v1/star-applications/${id}/award`, {
      token: other,
      body: { stars: ["one-star", "nine-star"] },
    });
    expect(notPassed.body.error.details.fields.map((f: { code: string }) => f.code)).toEqual(["star_not_passed", "unknown_star"]);
    const noReason = await h.request("POST", `/v1/star-applications/${id}/refuse`, { token: other, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields[0].path).toBe("reason");

    const refused = await h.request("POST", `/v1/star-applications/${id}/refuse`, {
      token: other,
      body: { reason: "存在未销号重大事故隐患" },
    });
    expect(refused.body).toMatchObject({
      status: "refused",
      review: { decision: "refused", by: "admin-zhou", reason: "存在未销号重大事故隐患" },
    });
    expect((await h.request("GET", `/v1/enterprises/${hazardous.id}/stars`, { token: admin })).body).toEqual({ current: [], history: [] });
    expect((await apply(inspector, { enterpriseId: hazardous.id, schemeId: scheme })).status).toBe(201); // may apply again
  });

  it("of two reviews at once exactly one wins; the other is told it was reviewed", async () => {
    const fifth = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(5, place) })).body;
    const filed = await apply(inspector, { enterpriseId: fifth.id, schemeId: scheme });
    const zhou = await h.token("tenant-admin", "320312", "admin-zhou");
    const [a, b] = await Promise.all([
      h.request("POST", `/v1/star-applications/${filed.body.id}/return`, { token: admin, body: { reason: "补充评估报告" } }),
      h.request("POST", `/v1/star-applications/${filed.body.id}/refuse`, { token: zhou, body: { reason: "不予评定" } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe("application_reviewed");
    const stored = await h.request("GET", `/v1/star-applications/${filed.body.id}`, { token: admin });
    expect(stored.body.status).toBe(a.status === 200 ? "returned" : "refused");
    expect(stored.body.version).toBe(2);
  });

  it("another tenant can neither review these applications nor read the unit's stars", async () => {
    const city = await h.token("tenant-admin", "320300");
    const id = (await h.request("GET", `/v1/star-applications?enterpriseId=${sound.id}&status=awarded`, { token: admin })).body.items[0].id;
    expect((await h.request("POST", `/v1/star-applications/${id}/refuse`, { token: city, body: { reason: "x" } })).status).toBe(404);
    expect((await h.request("GET", `/v1/enterprises/${sound.id}/stars`, { token: city })).status).toBe(404);
  });
});
