// Key inspection targets (差异化监管) through HTTP → app → DynamoDB Local: every reason enters and leaves the list
// as the data behind it changes — the register (risk, responsibility system, closed, deleted, moved), hazards (also
// through the joint tackling path), star applications and awards, sham marks, the weekly sweep's expiries and
// imports; the hand-set starRated is no longer an input; filters, pages, exports, 422s in both languages, roles and
// tenants; the backfill for data from before the list; 附件4 items 14 and 22.1; and, over random sequences of
// changes, the stored list always equals a fresh derivation from the data.
import { BatchWriteItemCommand, QueryCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { RubricDefinition } from "#core/assessments/rubric";
import { chinaDate, isoWeekOf, previousWeek } from "#core/kernel/china-time";
import { targetReasons } from "#core/supervision/supervision-target";
import { targetReasonsOf } from "#core/supervision/supervision-target-rules";
import { createTargetUpkeep } from "#core/supervision/supervision-target-upkeep";
import { answersFor } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, creditCode, enterpriseBody, type Place } from "#test/support/register";
import { awardedUnit, majorHazard, recordHazard, verifiedAssessment } from "#test/support/stars";

const day = 86_400_000;
const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
const tenant = "320312";
let h: Harness;
let admin: string;
let inspector: string;
let verifier: string;
let baogai: Place;
let hanjiang: Place;
let schemeId: string;
let definition: RubricDefinition;
let serial = 100;

interface Reason {
  code: string;
  explanation: { zh: string; en: string };
  since: string;
  ref: { type: string; id: string } | null;
}
interface Row {
  enterpriseId: string;
  enterpriseName: string;
  creditCode: string;
  townId: string;
  reasons: Reason[];
}

const sound = { status: "passed", responsibilitySystem: true, informationCollected: true };

/** A unit of `place`: an enterprise with the all-staff responsibility system unless told, yellow risk. */
async function unit(place: Place, overrides: Record<string, unknown> = {}): Promise<{ id: string; name: string; version: number }> {
  const res = await h.request("POST", "/v1/enterprises", {
    token: admin,
    body: enterpriseBody(serial++, place, { standardization: { ...sound, starRated: false }, ...overrides }),
  });
  if (res.status !== 201) throw new Error(`unit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const patch = async (id: string, body: Record<string, unknown>) => {
  const res = await h.request("PATCH", `/v1/enterprises/${id}`, { token: admin, body });
  if (res.status !== 200) throw new Error(`patch: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** Every row of a filtered list, following the cursor. */
async function all(query = "", token = admin): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: Row[]; nextCursor: string | null } } = await h.request(
      "GET",
      `/v1/supervision-targets?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      {
        token,
      },
    );
    if (res.status !== 200) throw new Error(`list: ${res.status} ${JSON.stringify(res.body)}`);
    rows.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return rows;
}

const rowOf = async (id: string) => (await all()).find((r) => r.enterpriseId === id);
const reasonsOf = async (id: string) => (await rowOf(id))?.reasons.map((r) => r.code) ?? [];
const reason = async (id: string, code: string) => (await rowOf(id))?.reasons.find((r) => r.code === code);

/** Moves a hazard to rectification submitted by `inspector`, then closes it as `verifier` (a second person). */
async function closeHazard(id: string) {
  const rectification = { measure: "加装防鼠板", responsible: { name: "王厂长", phone: "13800001111" }, deadline: "2030-12-31" };
  for (const [action, token, body] of [
    ["assign", inspector, { rectification }],
    ["start", inspector, {}],
    ["submit", inspector, { note: "已整改", evidence: ["after/plate.jpg"] }],
    ["close", verifier, { note: "验收合格" }],
  ] as const) {
    const res = await h.request("POST", `/v1/hazards/${id}/${action}`, { token, body });
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Files a star application for the unit, a minute after whatever came before (applications are ordered by filing). */
const apply = async (enterpriseId: string) => {
  clock.advance(60_000);
  const res = await h.request("POST", "/v1/star-applications", { token: inspector, body: { enterpriseId, schemeId } });
  if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
};

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", tenant);
  inspector = await h.token("inspector", tenant, "inspector-li");
  verifier = await h.token("inspector", tenant, "inspector-wang");
  baogai = await addPlace(h, admin, "宝盖镇");
  hanjiang = await addPlace(h, admin, "蚶江镇");
  const awarded = await awardedUnit(h, { admin, inspector, verifier }, baogai, 1, "2026-11-20");
  schemeId = awarded.schemeId;
  definition = awarded.definition;
});

describe("the register's facts", () => {
  it("a new enterprise without star records or the responsibility system enters, each reason explained, since when", async () => {
    const u = await unit(baogai, { standardization: { status: "not-started", responsibilitySystem: false, informationCollected: false } });
    const row = await rowOf(u.id);
    expect(row).toMatchObject({ enterpriseId: u.id, enterpriseName: u.name, creditCode: expect.any(String), townId: baogai.townId });
    expect(row?.reasons).toEqual([
      {
        code: "not-star-rated",
        explanation: { zh: "未开展星级评定（无申请、无授星记录）", en: "Has not taken part in star rating (no application, no award)" },
        since: "2026-11-25",
        ref: null,
      },
      {
        code: "no-responsibility-system",
        explanation: { zh: "未建立全员安全生产责任制及考核清单", en: "No all-staff work-safety responsibility system and appraisal list" },
        since: "2026-11-25",
        ref: null,
      },
    ]);
    await patch(u.id, { standardization: { status: "in-progress", responsibilitySystem: true, informationCollected: false } });
    expect(await reasonsOf(u.id)).toEqual(["not-star-rated"]);
  });

  it("red and orange risk enter as high-risk, keeping the day first seen; yellow leaves", async () => {
    const u = await unit(baogai);
    expect(await reasonsOf(u.id)).toEqual(["not-star-rated"]);
    await patch(u.id, { riskLevel: "red" });
    expect(await reason(u.id, "high-risk")).toMatchObject({ explanation: { zh: "重大风险（红色）" }, since: "2026-11-25" });
    clock.advance(day);
    await patch(u.id, { riskLevel: "orange" });
    expect(await reason(u.id, "high-risk")).toMatchObject({
      explanation: { zh: "较大风险（橙色）", en: "Large risk (orange)" },
      since: "2026-11-25",
    });
    await patch(u.id, { riskLevel: "yellow" });
    expect(await reasonsOf(u.id)).toEqual(["not-star-rated"]);
    await patch(u.id, { riskLevel: "orange" });
    expect((await reason(u.id, "high-risk"))?.since).toBe("2026-11-26");
  });

  it("a nine small venue is no target of the campaign's reasons, only of risk and hazards", async () => {
    const venue = await unit(baogai, {
      venueType: "eatery",
      standardization: { status: "not-started", responsibilitySystem: false, informationCollected: false },
    });
    expect(await rowOf(venue.id)).toBeUndefined();
    await patch(venue.id, { riskLevel: "red" });
    expect(await reasonsOf(venue.id)).toEqual(["high-risk"]);
  });

  it("closed and deleted units leave the list; reopened and restored ones come back; a town move moves the row", async () => {
    const u = await unit(baogai, { riskLevel: "red" });
    expect(await reasonsOf(u.id)).toEqual(["not-star-rated", "high-risk"]);
    await patch(u.id, { productionStatus: "closed" });
    expect(await rowOf(u.id)).toBeUndefined();
    await patch(u.id, { productionStatus: "halted" });
    expect(await reasonsOf(u.id)).toEqual(["not-star-rated", "high-risk"]);
    expect((await h.request("DELETE", `/v1/enterprises/${u.id}`, { token: admin })).status).toBe(200);
    expect(await rowOf(u.id)).toBeUndefined();
    expect(
      (await h.request("POST", `/v1/enterprises/${u.id}/restore`, { token: admin, body: { townId: hanjiang.townId, gridId: null } }))
        .status,
    ).toBe(200);
    expect((await rowOf(u.id))?.townId).toBe(hanjiang.townId);
    expect((await all(`&townId=${hanjiang.townId}`)).map((r) => r.enterpriseId)).toContain(u.id);
    expect((await all(`&townId=${baogai.townId}`)).map((r) => r.enterpriseId)).not.toContain(u.id);
    await patch(u.id, { townId: baogai.townId, gridId: baogai.gridId, name: "宝盖更名后有限公司" });
    expect(await rowOf(u.id)).toMatchObject({ townId: baogai.townId, enterpriseName: "宝盖更名后有限公司" });
    expect((await all(`&townId=${hanjiang.townId}`)).map((r) => r.enterpriseId)).not.toContain(u.id);
  });

  it("the hand-set starRated is no longer an input: setting it is 422 in both languages; leaving it out or sending false is fine", async () => {
    const body = enterpriseBody(serial++, baogai, { standardization: { ...sound, starRated: true } });
    const refused = await h.request("POST", "/v1/enterprises", { token: admin, body, headers: { "accept-language": "en" } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.fields).toEqual([
      expect.objectContaining({
        path: "standardization.starRated",
        code: "star_rated_read_only",
        message: expect.stringContaining("star applications"),
      }),
    ]);
    expect((await h.request("GET", `/v1/enterprises?creditCode=${body.creditCode}`, { token: admin })).body.items).toEqual([]);
    const u = await unit(baogai, { standardization: sound });
    expect(u).toMatchObject({ standardization: { starRated: false } });
    const set = await h.request("PATCH", `/v1/enterprises/${u.id}`, {
      token: admin,
      body: { standardization: { ...sound, starRated: true } },
    });
    expect(set.status).toBe(422);
    expect(set.body.error.details.fields[0].message).toContain("不再手工填写");
    expect((await patch(u.id, { standardization: { ...sound, starRated: false, status: "in-progress" } })).standardization.starRated).toBe(
      false,
    );
  });
});

describe("hazards", () => {
  it("an open major hazard enters, naming the oldest and its day; a general one does not; closing them leaves", async () => {
    const u = await unit(hanjiang);
    await recordHazard(h, inspector, u.id, "2026-11-20", "general");
    expect(await reasonsOf(u.id)).toEqual(["not-star-rated"]);
    const older = await majorHazard(h, inspector, u.id, "2026-11-10");
    const newer = await majorHazard(h, inspector, u.id, "2026-11-22");
    expect(await reason(u.id, "open-major-hazard")).toEqual({
      code: "open-major-hazard",
      explanation: {
        zh: "2 项重大事故隐患未销号（最早于 2026-11-10 发现）",
        en: "2 major hazards not closed (the oldest found on 2026-11-10)",
      },
      since: "2026-11-10",
      ref: { type: "hazard", id: older },
    });
    await closeHazard(older);
    expect(await reason(u.id, "open-major-hazard")).toMatchObject({ since: "2026-11-22", ref: { id: newer } });
    await closeHazard(newer);
    expect(await reasonsOf(u.id)).toEqual(["not-star-rated"]);
  });

  it("a major hazard escalated to the city and closed through the joint tackling path leaves too", async () => {
    const u = await unit(hanjiang);
    const hz = await majorHazard(h, inspector, u.id, "2026-11-20");
    const escalated = await h.request("POST", `/v1/hazards/${hz}/escalate`, {
      token: inspector,
      body: { reason: "涉及市级审批", needs: "请市住建局牵头" },
    });
    expect(escalated.status).toBe(201);
    expect(await reasonsOf(u.id)).toContain("open-major-hazard");
    await closeHazard(hz);
    expect(await reasonsOf(u.id)).toEqual(["not-star-rated"]);
  });

  it("a general hazard made major enters; made general again, it leaves", async () => {
    const u = await unit(hanjiang);
    const id = await recordHazard(h, inspector, u.id, "2026-11-21", "general");
    await h.request("PATCH", `/v1/hazards/${id}`, { token: inspector, body: { severity: "major" } });
    expect(await reasonsOf(u.id)).toContain("open-major-hazard");
    await h.request("PATCH", `/v1/hazards/${id}`, { token: inspector, body: { severity: "general" } });
    expect(await reasonsOf(u.id)).not.toContain("open-major-hazard");
  });
});

describe("star records", () => {
  it("applying moves a unit from not-star-rated to no-current-star; a refusal adds star-refused; an award lifts both", async () => {
    const u = await unit(baogai);
    const first = await apply(u.id);
    expect(await reason(u.id, "no-current-star")).toMatchObject({ explanation: { zh: "已申请星级评定，尚未获星" } });
    expect(await reasonsOf(u.id)).toEqual(["no-current-star"]);
    const refused = await h.request("POST", `/v1/star-applications/${first}/refuse`, { token: admin, body: { reason: "自评报告缺失" } });
    expect(refused.status).toBe(200);
    expect(await reason(u.id, "star-refused")).toEqual({
      code: "star-refused",
      explanation: { zh: "星级评定申请不予评定：自评报告缺失", en: "Star rating refused: 自评报告缺失" },
      since: chinaDate(clock.now()),
      ref: { type: "star-application", id: first },
    });
    // Returned for more evidence is no decision: the refusal still stands.
    const second = await apply(u.id);
    await h.request("POST", `/v1/star-applications/${second}/return`, { token: admin, body: { reason: "补充材料" } });
    expect(await reasonsOf(u.id)).toEqual(["no-current-star", "star-refused"]);
    await verifiedAssessment(h, { inspector, verifier }, u.id, answersFor(definition), chinaDate(clock.now()));
    const third = await apply(u.id);
    const awarded = await h.request("POST", `/v1/star-applications/${third}/award`, { token: admin });
    expect(awarded.status).toBe(200);
    expect(await rowOf(u.id)).toBeUndefined();
  });

  it("revoking a star adds star-revoked, naming it; revoking every star adds no-current-star", async () => {
    const { unit: u } = await awardedUnit(h, { admin, inspector, verifier }, baogai, serial++, chinaDate(clock.now()));
    expect(await rowOf(u.id)).toBeUndefined();
    const stars = (await h.request("GET", `/v1/enterprises/${u.id}/stars`, { token: admin })).body.current as {
      id: string;
      starName: string;
    }[];
    const [one, ...rest] = stars;
    if (!one) throw new Error("no stars");
    expect((await h.request("POST", `/v1/star-awards/${one.id}/revoke`, { token: admin, body: { reason: "发生较大事故" } })).status).toBe(
      200,
    );
    expect(await rowOf(u.id)).toMatchObject({
      reasons: [
        { code: "star-revoked", explanation: { zh: `${one.starName}被撤销：发生较大事故` }, ref: { type: "star-award", id: one.id } },
      ],
    });
    for (const s of rest) await h.request("POST", `/v1/star-awards/${s.id}/revoke`, { token: admin, body: { reason: "整体撤销" } });
    expect(await reasonsOf(u.id)).toEqual(["no-current-star", "star-revoked"]);
    expect((await reason(u.id, "star-revoked"))?.explanation.zh).toContain("等 3 颗星");
  });
});

describe("sham marks", () => {
  it("a mark enters with the verified assessment behind it; clearing it with a newer one leaves", async () => {
    const { unit: u, assessmentId } = await awardedUnit(h, { admin, inspector, verifier }, hanjiang, serial++, chinaDate(clock.now()));
    const flagged = await h.request("PUT", `/v1/enterprises/${u.id}/sham-flag`, {
      token: admin,
      body: { reason: "台账与现场不符", assessmentId },
    });
    expect(flagged.status).toBe(200);
    expect(await rowOf(u.id)).toMatchObject({
      reasons: [
        {
          code: "sham-standardization",
          explanation: { zh: "经核实认定为“纸上标准化”或假创建：台账与现场不符" },
          since: chinaDate(clock.now()),
          ref: { type: "assessment", id: assessmentId },
        },
      ],
    });
    clock.advance(60_000);
    const newer = await verifiedAssessment(h, { inspector, verifier }, u.id, answersFor(definition), chinaDate(clock.now()));
    expect(
      (await h.request("POST", `/v1/enterprises/${u.id}/sham-flag/clear`, { token: admin, body: { assessmentId: newer } })).status,
    ).toBe(204);
    expect(await rowOf(u.id)).toBeUndefined();
  });
});

describe("filters, pages and exports", () => {
  let town: Place;
  const names: string[] = [];

  beforeAll(async () => {
    town = await addPlace(h, admin, "祥芝镇");
    for (const [i, extra] of [{ riskLevel: "red" }, {}, { riskLevel: "orange" }, {}].entries()) {
      const u = await unit(town, { ...extra, name: `祥芝${String.fromCharCode(0x7532 + i)}公司` });
      names.push(u.name);
    }
  });

  it("by town, by reason, by both — each in town then name order — paged by cursor", async () => {
    const inTown = await all(`&townId=${town.townId}`);
    expect(inTown.map((r) => r.enterpriseName)).toEqual([...names].sort());
    const risky = await all(`&townId=${town.townId}&reason=high-risk`);
    expect(risky.map((r) => r.enterpriseName)).toEqual([names[0], names[2]].sort());
    expect(risky[0]?.reasons.map((r) => r.code)).toEqual(["not-star-rated", "high-risk"]); // the whole row, not the one reason
    const everywhere = await all("&reason=high-risk");
    expect(everywhere.length).toBeGreaterThan(risky.length);
    const towns = everywhere.map((r) => r.townId);
    expect(towns).toEqual([...towns].sort()); // by town first
    expect(everywhere.every((r) => r.reasons.some((x) => x.code === "high-risk"))).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: Row[]; nextCursor: string | null } } = await h.request(
        "GET",
        `/v1/supervision-targets?townId=${town.townId}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        {
          token: admin,
        },
      );
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...res.body.items.map((r: Row) => r.enterpriseName));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual([...names].sort());
    expect(pages).toBeGreaterThanOrEqual(4);
    const other = await h.request(
      "GET",
      `/v1/supervision-targets?reason=high-risk&cursor=${encodeURIComponent(
        (await h.request("GET", `/v1/supervision-targets?townId=${town.townId}&limit=1`, { token: admin })).body.nextCursor,
      )}`,
      { token: admin },
    );
    expect([other.status, other.body.error.code]).toEqual([400, "invalid_cursor"]);
  });

  it("bad filters are 422 naming each field, in Chinese or English, and an empty filter result is an empty page", async () => {
    const zh = await h.request("GET", "/v1/supervision-targets?reason=bogus&townId=01jaaaaaaaaaaaaaaaaaaaaaaa", { token: admin });
    expect(zh.status).toBe(422);
    expect(zh.body.error.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual([
      "query.reason:unknown_reason",
      "query.townId:unknown_town",
    ]);
    expect(zh.body.error.details.fields[0].message).toContain("未知的重点检查原因「bogus」");
    const en = await h.request("GET", "/v1/supervision-targets?townId=nope", { token: admin, headers: { "accept-language": "en" } });
    expect([en.status, en.body.error.details.fields[0].message]).toEqual([422, "Town nope does not exist"]);
    const exported = await h.request("GET", "/v1/supervision-targets/export?reason=sham", { token: admin });
    expect([exported.status, exported.body.error.details.fields[0].code]).toEqual([422, "unknown_reason"]);
    expect((await h.request("GET", "/v1/supervision-targets?limit=0", { token: admin })).status).toBe(400);
    expect(
      (await h.request("GET", `/v1/supervision-targets?townId=${town.townId}&reason=sham-standardization`, { token: admin })).body,
    ).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it("exports the filtered list as CSV with a BOM and as .xlsx, towns by name, reasons in words", async () => {
    const res = await h.app.request(`/v1/supervision-targets/export?format=csv&townId=${town.townId}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("单位名称,统一社会信用代码,镇（街道）,列为重点检查对象的原因,原因说明,最早起始日期");
    expect(text).toContain(`${names[0]},`);
    expect(text).toContain("祥芝镇");
    expect(text).toContain("未开展星级评定、红色、橙色风险");
    expect(text).toContain("重大风险（红色）（自 ");
    expect(lines).toHaveLength(1 + names.length);
    const xlsx = await h.app.request("/v1/supervision-targets/export?reason=high-risk", { headers: { authorization: `Bearer ${admin}` } });
    expect(xlsx.status).toBe(200);
    expect([...new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]);
    expect(decodeURIComponent(xlsx.headers.get("content-disposition") ?? "")).toContain("重点检查对象清单-");
  });
});

describe("tenants and roles", () => {
  it("another tenant's targets never appear there, and its towns are unknown here", async () => {
    const city = await h.token("tenant-admin", "320300");
    const mine = await all();
    expect(mine.length).toBeGreaterThan(5);
    const theirs = await all("", city);
    expect(theirs).toEqual([]);
    const cityTown = await addPlace(h, city, "鼓楼街道");
    const cityUnit = await h.request("POST", "/v1/enterprises", {
      token: city,
      body: enterpriseBody(9001, cityTown, { creditCode: creditCode(9001, "320300"), riskLevel: "red" }),
    });
    expect(cityUnit.status).toBe(201);
    expect((await all("", city)).map((r) => r.enterpriseId)).toEqual([cityUnit.body.id]);
    expect((await all()).map((r) => r.enterpriseId)).not.toContain(cityUnit.body.id);
    const foreignTown = await h.request("GET", `/v1/supervision-targets?townId=${baogai.townId}`, { token: city });
    expect([foreignTown.status, foreignTown.body.error.details.fields[0].code]).toEqual([422, "unknown_town"]);
    const csv = await h.app.request("/v1/supervision-targets/export?format=csv", { headers: { authorization: `Bearer ${city}` } });
    expect(new TextDecoder().decode(await csv.arrayBuffer())).not.toContain("宝盖镇");
    expect(h.sessions.denials).toEqual([]);
  });

  it("inspectors and viewers read it; an API key needs supervision:read; platform operators read nothing", async () => {
    expect((await h.request("GET", "/v1/supervision-targets", { token: inspector })).status).toBe(200);
    expect((await h.request("GET", "/v1/supervision-targets", { token: await h.token("viewer", tenant) })).status).toBe(200);
    const reader = await h.addApiKey(tenant, ["supervision:read"]);
    expect((await h.request("GET", "/v1/supervision-targets", { apiKey: reader.token })).status).toBe(200);
    const other = await h.addApiKey(tenant, ["enterprises:read", "stars:read"]);
    const refused = await h.request("GET", "/v1/supervision-targets/export", { apiKey: other.token });
    expect([refused.status, refused.body.error.details.required]).toEqual([403, "supervision:read"]);
    expect((await h.request("GET", "/v1/supervision-targets", { token: await h.platformToken() })).status).toBe(403);
    expect((await h.request("GET", "/v1/me", { token: inspector })).body.permissions).toContain("supervision:read");
  });
});

describe("附件4 town suggestions", () => {
  it("14.1 counts the town's enterprises without a star record; 22.1 names the town's key targets", async () => {
    const town = await addPlace(h, admin, "永宁镇");
    const never = await unit(town, { name: "永宁从未参评有限公司" });
    const applied = await unit(town, { name: "永宁已申请有限公司" });
    await apply(applied.id);
    const sound2 = await awardedUnit(h, { admin, inspector, verifier }, town, serial++, chinaDate(clock.now()));
    await unit(town, { name: "永宁已关闭有限公司", productionStatus: "closed" });
    await unit(town, { name: "永宁小餐饮", venueType: "eatery" });
    const legacy = await unit(town, { name: "永宁系统前已参评有限公司" });
    // A unit recorded as star-rated before Anquan (the old hand-set flag, as stored), then the backfill reads it.
    await h.client.send(
      new UpdateItemCommand({
        TableName: h.tableName,
        Key: marshall({ pk: `T#${tenant}#ENT#${legacy.id}`, sk: "CURRENT" }),
        UpdateExpression: "SET standardization.starRated = :t",
        ExpressionAttributeValues: marshall({ ":t": true }),
      }),
    );
    await h.deps.jobs.run({ kind: "supervision-backfill", tenantId: tenant, force: true }, { remainingMs: () => Number.POSITIVE_INFINITY });
    expect(await reasonsOf(legacy.id)).toEqual(["no-current-star"]);

    const opening = { target: { type: "town", id: town.townId }, rubric: { id: "shishi-town-2024", version: 1 }, stage: "verification" };
    const res = await h.request("POST", "/v1/assessments", {
      token: inspector,
      body: { ...opening, assessor: { name: "吴龙飞" }, assessedOn: chinaDate(clock.now()) },
    });
    expect(res.status).toBe(201);
    const s = res.body.suggestions;
    expect(s["14.1"]).toEqual({
      input: { occurrences: 1 },
      reason: "未开展星级评定：永宁从未参评有限公司（共 1 家）",
      units: [{ id: never.id, name: never.name }],
      source: "star-rating-coverage",
    });
    expect(s["22.1"]).toMatchObject({ input: { met: true }, source: "supervision-targets" });
    expect(s["22.1"].units.map((u: { name: string }) => u.name).sort()).toEqual([applied.name, legacy.name, never.name].sort());
    expect(s["22.1"].reason).toContain("永宁从未参评有限公司（未开展星级评定）");
    expect(s["22.1"].reason).toContain("永宁已申请有限公司（未持有有效星级）");
    expect(s["22.1"].units.map((u: { id: string }) => u.id)).not.toContain(sound2.unit.id);
    const confirmed = await h.request("PATCH", `/v1/assessments/${res.body.id}`, {
      token: inspector,
      body: { answers: { "14.1": { useSuggestion: true }, "22.1": { useSuggestion: true } } },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.answers["22.1"]).toMatchObject({ input: { met: true }, suggested: true });
  });
});

describe("imports", () => {
  it("imported units join the list, and a 开展星级评定 column is reported, per file and in both languages, as no longer read", async () => {
    const header =
      "企业名称,统一社会信用代码,地址,镇（街道）,行业代码,企业规模,生产状态,风险等级,主要负责人,主要负责人电话,是否开展星级评定".split(",");
    const rows = [
      ["导入红色风险有限公司", creditCode(7001), "宝盖镇1号", "宝盖镇", "3311", "小微", "正常生产", "红", "张三", "13912345678", "是"],
      ["导入黄色风险有限公司", creditCode(7002), "宝盖镇2号", "宝盖镇", "3311", "小微", "正常生产", "黄", "李四", "13912345679", "否"],
    ];
    const csv = [header, ...rows].map((r) => r.join(",")).join("\r\n");
    const res = await h.app.request("/v1/imports/file?fileName=register.csv&mode=all-or-nothing", {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/octet-stream" },
      body: new TextEncoder().encode(csv),
    });
    await h.deps.queue.idle();
    const id = ((await res.json()) as { id: string }).id;
    const job = (await h.request("GET", `/v1/imports/${id}`, { token: admin })).body;
    expect(job).toMatchObject({ status: "completed", counts: { created: 2 } });
    expect(job.headers.retired).toEqual([
      {
        field: "starRated",
        column: "K",
        message: {
          zh: expect.stringContaining("“开展星级评定”列已停用，导入时不再读取"),
          en: expect.stringContaining("The star-rated column is retired and no longer read"),
        },
      },
    ]);
    expect(job.headers.matched).not.toHaveProperty("starRated");
    const imported = (await all(`&townId=${baogai.townId}`)).filter((r) => r.enterpriseName.startsWith("导入"));
    expect(imported.map((r) => [r.enterpriseName, r.reasons.map((x) => x.code)])).toEqual([
      ["导入红色风险有限公司", ["not-star-rated", "no-responsibility-system", "high-risk"]],
      ["导入黄色风险有限公司", ["not-star-rated", "no-responsibility-system"]],
    ]);
  });
});

/** Every key-target item of the tenant, read and deleted as if the list had never been kept (a tenant from before). */
async function wipeTargets(): Promise<number> {
  const partitions = [`T#${tenant}#SVTRUN`, `T#${tenant}#SVTIX#all`, ...targetReasons.map((r) => `T#${tenant}#SVTIX#reason#${r}`)];
  const rows = await all();
  partitions.push(...rows.map((r) => `T#${tenant}#SVT#${r.enterpriseId}`));
  let deleted = 0;
  for (const pk of partitions) {
    const found = await h.client.send(
      new QueryCommand({ TableName: h.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: marshall({ ":pk": pk }) }),
    );
    const keys = (found.Items ?? [])
      .map((item) => unmarshall(item))
      .map((item) => ({ DeleteRequest: { Key: marshall({ pk: item.pk, sk: item.sk }) } }));
    for (let i = 0; i < keys.length; i += 25)
      await h.client.send(new BatchWriteItemCommand({ RequestItems: { [h.tableName]: keys.slice(i, i + 25) } }));
    deleted += keys.length;
  }
  return deleted;
}

describe("the backfill", () => {
  it("rebuilds the list of a tenant from before it, once: idempotent, resumable, and skipped once done", async () => {
    const before = await all();
    expect(await wipeTargets()).toBeGreaterThan(before.length);
    expect(await all()).toEqual([]);
    const budget = (ms: number) => ({ remainingMs: () => ms });
    const short = await h.deps.jobs.run({ kind: "supervision-backfill", tenantId: tenant }, budget(0));
    expect(short).toEqual({
      done: false,
      continueWith: { kind: "supervision-backfill", tenantId: tenant, at: { phase: "register", units: 0, changed: 0 } },
    });
    // One page, then out of time: it continues where it stopped.
    let calls = 0;
    const onePage = { remainingMs: () => (calls++ === 0 ? Number.POSITIVE_INFINITY : 0) };
    const partial = await h.deps.jobs.run({ kind: "supervision-backfill", tenantId: tenant }, onePage);
    expect(partial.done).toBe(false);
    if (partial.done) throw new Error("unreachable");
    expect(await h.deps.jobs.run(partial.continueWith, budget(Number.POSITIVE_INFINITY))).toEqual({ done: true });
    const rebuilt = await all();
    // The same rows and reasons; a reason whose facts name no day is seen first on the backfill's day.
    const shape = (rows: Row[]) =>
      rows.map((r) => [r.enterpriseId, r.enterpriseName, r.creditCode, r.townId, r.reasons.map((x) => [x.code, x.explanation, x.ref])]);
    expect(shape(rebuilt)).toEqual(shape(before));
    const marker = await h.deps.supervisionTargets.backfill(tenant);
    expect(marker).toMatchObject({ rulesVersion: 1, units: expect.any(Number), changed: rebuilt.length });

    expect(await h.deps.jobs.run({ kind: "supervision-backfill", tenantId: tenant }, budget(Number.POSITIVE_INFINITY))).toEqual({
      done: true,
    });
    expect((await h.deps.supervisionTargets.backfill(tenant))?.completedAt).toBe(marker?.completedAt); // skipped at the marker
    await h.deps.jobs.run({ kind: "supervision-backfill", tenantId: tenant, force: true }, budget(Number.POSITIVE_INFINITY));
    expect((await h.deps.supervisionTargets.backfill(tenant))?.changed).toBe(0); // forced again: nothing to change
    expect(await all()).toEqual(rebuilt);
    const audit = (await h.request("GET", "/v1/audit?limit=100", { token: admin })).body.items;
    expect(audit).toContainEqual(
      expect.objectContaining({ action: "supervision-targets.backfill", actor: { kind: "system", id: "supervision-backfill" } }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({ action: "supervision-target.enter", actor: { kind: "system", id: "supervision-backfill" } }),
    );
  });

  it("a forced run repairs a row left behind for a unit deleted while its re-derivation failed", async () => {
    const u = await unit(hanjiang, { riskLevel: "red" });
    const row = await rowOf(u.id);
    expect(row).toBeDefined();
    // The unit deleted behind the list's back (as a crash between the save and the re-derivation would leave it).
    await h.client.send(
      new UpdateItemCommand({
        TableName: h.tableName,
        Key: marshall({ pk: `T#${tenant}#ENT#${u.id}`, sk: "CURRENT" }),
        UpdateExpression: "SET deletedAt = :d",
        ExpressionAttributeValues: marshall({ ":d": clock.now().toISOString() }),
      }),
    );
    expect(await rowOf(u.id)).toBeDefined();
    await h.deps.jobs.run({ kind: "supervision-backfill", tenantId: tenant, force: true }, { remainingMs: () => Number.POSITIVE_INFINITY });
    expect(await rowOf(u.id)).toBeUndefined();
  });
});

describe("the list always equals a fresh derivation", () => {
  type Op =
    | { kind: "risk"; unit: number; level: "red" | "orange" | "yellow" | "blue" }
    | { kind: "responsibility"; unit: number; on: boolean }
    | { kind: "status"; unit: number; status: "producing" | "closed" }
    | { kind: "delete" | "restore" | "apply" | "decide" | "hazard" | "close"; unit: number; pick?: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constant("risk" as const),
      unit: fc.nat(1),
      level: fc.constantFrom("red" as const, "orange" as const, "yellow" as const, "blue" as const),
    }),
    fc.record({ kind: fc.constant("responsibility" as const), unit: fc.nat(1), on: fc.boolean() }),
    fc.record({ kind: fc.constant("status" as const), unit: fc.nat(1), status: fc.constantFrom("producing" as const, "closed" as const) }),
    fc.record({
      kind: fc.constantFrom(
        "delete" as const,
        "restore" as const,
        "apply" as const,
        "decide" as const,
        "hazard" as const,
        "close" as const,
      ),
      unit: fc.nat(1),
      pick: fc.nat(3),
    }),
  );

  it("after random sequences of changes, each unit's stored row is what the rules derive from its data now, and the count is the list's", async () => {
    const upkeep = createTargetUpkeep(h.deps);
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 9 }), async (ops) => {
        const place = await addPlace(h, admin, `性质镇${serial++}`);
        const units = [await unit(place), await unit(place, { venueType: "shop" })];
        const hazards: string[][] = [[], []];
        const pending: (string | undefined)[] = [undefined, undefined];
        for (const o of ops) {
          const u = units[o.unit] as { id: string };
          const live = (await h.request("GET", `/v1/enterprises/${u.id}`, { token: admin })).body;
          const deleted = live.deletedAt !== null;
          if (o.kind === "risk" && !deleted) await patch(u.id, { riskLevel: o.level });
          if (o.kind === "responsibility" && !deleted) await patch(u.id, { standardization: { ...sound, responsibilitySystem: o.on } });
          if (o.kind === "status" && !deleted) await patch(u.id, { productionStatus: o.status });
          if (o.kind === "delete" && !deleted) await h.request("DELETE", `/v1/enterprises/${u.id}`, { token: admin });
          if (o.kind === "restore" && deleted) await h.request("POST", `/v1/enterprises/${u.id}/restore`, { token: admin, body: {} });
          if (o.kind === "apply" && !deleted && !pending[o.unit]) pending[o.unit] = await apply(u.id);
          if (o.kind === "decide" && pending[o.unit]) {
            const decision = (o.pick ?? 0) % 2 === 0 ? "refuse" : "return";
            await h.request("POST", `/v1/star-applications/${pending[o.unit]}/${decision}`, { token: admin, body: { reason: "材料不符" } });
            pending[o.unit] = undefined;
          }
          if (o.kind === "hazard" && !deleted) hazards[o.unit]?.push(await majorHazard(h, inspector, u.id, chinaDate(clock.now())));
          if (o.kind === "close" && !deleted) {
            const open = hazards[o.unit] ?? [];
            const id = open.splice((o.pick ?? 0) % Math.max(open.length, 1), 1)[0];
            if (id) await closeHazard(id);
          }
        }
        const stored = await all(`&townId=${place.townId}`);
        for (const u of units) {
          const fresh = targetReasonsOf(await upkeep.factsOf(tenant, u.id, chinaDate(clock.now())));
          const row = stored.find((r) => r.enterpriseId === u.id);
          expect(row?.reasons.map((r) => [r.code, r.ref, r.explanation]) ?? []).toEqual(fresh.map((r) => [r.code, r.ref, r.explanation]));
          for (const r of fresh) if (r.since) expect(row?.reasons.find((x) => x.code === r.code)?.since).toBe(r.since);
        }
        // The kept count of target units (the monthly report's) is the list's length, whatever came and went.
        expect(await h.deps.supervisionTargets.count(tenant)).toBe((await all("")).length);
      }),
      { numRuns: 6, seed: 20261125 },
    );
  });
});

describe("stars expiring", () => {
  it("recorded expired by a change's re-derivation or by the weekly sweep, they bring no-current-star naming the last", async () => {
    const swept = (await awardedUnit(h, { admin, inspector, verifier }, hanjiang, serial++, chinaDate(clock.now()))).unit;
    const touched = (await awardedUnit(h, { admin, inspector, verifier }, hanjiang, serial++, chinaDate(clock.now()))).unit;
    expect(await rowOf(swept.id)).toBeUndefined();
    clock.advance(400 * day);
    // A change at the unit re-derives its stars in the request (recorded expired): the list follows at once.
    await recordHazard(h, inspector, touched.id, chinaDate(clock.now()), "general");
    expect(await reasonsOf(touched.id)).toEqual(["no-current-star"]);
    // No change at the other: the weekly sweep records its expiries, and the list follows.
    expect(await rowOf(swept.id)).toBeUndefined();
    await h.deps.jobs.run(
      { kind: "weekly-refresh", tenantId: tenant, week: previousWeek(isoWeekOf(clock.now())) },
      { remainingMs: () => Number.POSITIVE_INFINITY },
    );
    const states = (await h.request("GET", `/v1/enterprises/${swept.id}/stars`, { token: admin })).body.history.map(
      (a: { state: string }) => a.state,
    );
    expect(states).toEqual(["expired", "expired", "expired"]);
    expect(await rowOf(swept.id)).toMatchObject({
      reasons: [{ code: "no-current-star", explanation: { zh: "所获星级均已过期或撤销" }, ref: { type: "star-award" } }],
    });
  });
});
