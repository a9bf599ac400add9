// The base register through HTTP → app → DynamoDB Local: validation, uniqueness of credit codes, references,
// factory-within-factory hosts, optimistic concurrency, history, soft delete and restore, tenant isolation.
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, creditCode, enterpriseBody, type Place } from "#test/support/register";

let h: Harness;
let admin: string;
let inspector: string;
let place: Place;
let other: Place;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.token("tenant-admin", "320312", "admin-wang");
  inspector = await h.token("inspector", "320312", "inspector-li");
  place = await addPlace(h, admin, "柳泉镇");
  other = await addPlace(h, admin, "大吴街道");
});

async function create(n: number, overrides: Record<string, unknown> = {}, token = inspector) {
  const res = await h.request("POST", "/v1/enterprises", { token, body: enterpriseBody(n, place, overrides) });
  if (res.status !== 201) throw new Error(`create ${n}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const fields = (res: { body: { error: { details: { fields: { path: string; code: string }[] } } } }) =>
  res.body.error.details.fields.map((f) => `${f.path}:${f.code}`).sort();

describe("registering a unit", () => {
  it("stores a unit with its industry name, normalised code and phones, and reads it back", async () => {
    const body = enterpriseBody(1, place, {
      creditCode: ` ${creditCode(1).toLowerCase()} `,
      persons: {
        firstResponsible: { name: "张三", phone: "+86 139-1234-5678" },
        safetyResponsible: { name: "李四", phone: "(0516)8765-4321" },
      },
      venueType: "workshop",
      moveInDate: "2024-03-01",
    });
    const res = await h.request("POST", "/v1/enterprises", { token: inspector, body });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/v1/enterprises/${res.body.id}`);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.body).toMatchObject({
      creditCode: creditCode(1),
      industry: { code: "3311", name: "金属结构制造", divisionCode: "33", section: "C" },
      persons: {
        firstResponsible: { name: "张三", phone: "13912345678", title: null },
        safetyResponsible: { name: "李四", phone: "0516-87654321" },
        actualController: null,
      },
      venueType: "workshop",
      moveInDate: "2024-03-01",
      moveOutDate: null,
      hostId: null,
      deletedAt: null,
      version: 1,
    });
    const read = await h.request("GET", `/v1/enterprises/${res.body.id}`, { token: inspector });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it("refuses a duplicate credit code with 409 naming the registered unit, and saves nothing", async () => {
    const first = await create(2);
    const dup = await h.request("POST", "/v1/enterprises", {
      token: inspector,
      body: enterpriseBody(2, place, { name: "另一个名字有限公司" }),
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("credit_code_taken");
    expect(dup.body.error.details).toMatchObject({ existingId: first.id, existingName: first.name });
    expect(dup.body.error.message).toContain(first.name);
    const named = await h.request("GET", "/v1/enterprises?namePrefix=另一个名字", { token: inspector });
    expect(named.body.items).toEqual([]);
  });

  it("explains every invalid field in Chinese and English, and saves nothing", async () => {
    const res = await h.request("POST", "/v1/enterprises", {
      token: inspector,
      body: enterpriseBody(3, place, {
        creditCode: `${creditCode(3).slice(0, 17)}${creditCode(3).endsWith("0") ? "1" : "0"}`,
        industryCode: "9999",
        sizeClass: "huge",
        moveInDate: "2024-02-30",
        persons: { firstResponsible: { name: "王五", phone: "12345" } },
      }),
    });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual([
      "creditCode:invalid_credit_code_check",
      "industryCode:unknown_industry_code",
      "moveInDate:invalid_date",
      "persons.firstResponsible.phone:invalid_phone",
      "sizeClass:invalid_value",
    ]);
    for (const f of res.body.error.details.fields) expect(f.message, f.path).toMatch(/[\u4e00-\u9fff]/);
    const en = await h.request("POST", "/v1/enterprises", {
      token: inspector,
      headers: { "accept-language": "en" },
      body: enterpriseBody(3, place, { persons: { firstResponsible: { name: "王五", phone: "12345" } } }),
    });
    expect(en.body.error.details.fields[0].message).toMatch(/^Not a mainland mobile/);
    const found = await h.request("GET", `/v1/enterprises?creditCode=${creditCode(3)}`, { token: inspector });
    expect(found.body.items).toEqual([]);
  });

  it("takes key risks one per item, so an export and re-import keep them as they are", async () => {
    const res = await h.request("POST", "/v1/enterprises", {
      token: inspector,
      body: enterpriseBody(6, place, { keyRisks: ["涉氨制冷/液氨", "有限空间", "有限空间"] }),
    });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(["keyRisks.0:invalid_key_risk", "keyRisks:duplicate_key_risk"]);
  });

  it("refuses unknown or mismatched towns, grids and hosts with 422", async () => {
    const res = await h.request("POST", "/v1/enterprises", {
      token: inspector,
      body: enterpriseBody(4, place, {
        gridId: other.gridId,
        hostId: "01jabcdefghjkmnpqrstvwxyz0",
        moveInDate: "2025-05-01",
        moveOutDate: "2025-04-01",
      }),
    });
    expect(res.status).toBe(422);
    expect(fields(res)).toEqual(["gridId:grid_not_in_town", "hostId:unknown_host", "moveOutDate:move_out_before_move_in"]);
    const unknownTown = await h.request("POST", "/v1/enterprises", {
      token: inspector,
      body: enterpriseBody(4, place, { townId: "01jabcdefghjkmnpqrstvwxyz0", gridId: null }),
    });
    expect(unknownTown.status).toBe(422);
    expect(fields(unknownTown)).toEqual(["townId:unknown_town"]);
  });

  it("lets viewers read but not write, and API keys only within their scopes", async () => {
    const viewer = await h.token("viewer", "320312");
    const refused = await h.request("POST", "/v1/enterprises", { token: viewer, body: enterpriseBody(5, place) });
    expect(refused.status).toBe(403);
    const key = await h.addApiKey("320312", ["enterprises:read"]);
    expect((await h.request("GET", "/v1/enterprises", { apiKey: key.token })).status).toBe(200);
    expect((await h.request("POST", "/v1/enterprises", { apiKey: key.token, body: enterpriseBody(5, place) })).status).toBe(403);
  });
});

describe("changing a unit", () => {
  it("applies a patch under If-Match, refuses a stale version, and keeps every change in its history", async () => {
    const unit = await create(10);
    const changed = await h.request("PATCH", `/v1/enterprises/${unit.id}`, {
      token: inspector,
      headers: { "if-match": '"1"' },
      body: { productionStatus: "halted", riskLevel: "red", keyRisks: ["粉尘涉爆", "有限空间"] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ productionStatus: "halted", riskLevel: "red", version: 2 });
    const stale = await h.request("PATCH", `/v1/enterprises/${unit.id}`, {
      token: inspector,
      headers: { "if-match": '"1"' },
      body: { productionStatus: "producing" },
    });
    expect(stale.status).toBe(412);
    const confirmed = await h.request("POST", `/v1/enterprises/${unit.id}/confirm`, { token: inspector });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.version).toBe(3);
    expect(confirmed.body.reviewedAt >= changed.body.reviewedAt).toBe(true);

    const history = await h.request("GET", `/v1/enterprises/${unit.id}/history`, { token: inspector });
    expect(history.status).toBe(200);
    expect(history.body.items.map((c: { action: string; version: number }) => `${c.version}:${c.action}`)).toEqual([
      "3:confirm",
      "2:update",
      "1:create",
    ]);
    expect(history.body.items[1].changes).toEqual({
      productionStatus: { from: "producing", to: "halted" },
      riskLevel: { from: "yellow", to: "red" },
      keyRisks: { from: ["有限空间"], to: ["粉尘涉爆", "有限空间"] },
    });
    expect(history.body.items[1].actor).toMatchObject({ kind: "user", id: "inspector-li" });
  });

  it("a patch that changes nothing writes nothing", async () => {
    const unit = await create(11);
    const same = await h.request("PATCH", `/v1/enterprises/${unit.id}`, { token: inspector, body: { riskLevel: "yellow" } });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);
    const history = await h.request("GET", `/v1/enterprises/${unit.id}/history`, { token: inspector });
    expect(history.body.items).toHaveLength(1);
  });

  it("moves the credit code with the unit: the old code is free, the new one taken", async () => {
    const a = await create(12);
    const b = await create(13);
    const clash = await h.request("PATCH", `/v1/enterprises/${b.id}`, { token: inspector, body: { creditCode: creditCode(12) } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details.existingId).toBe(a.id);
    const moved = await h.request("PATCH", `/v1/enterprises/${a.id}`, { token: inspector, body: { creditCode: creditCode(14) } });
    expect(moved.status).toBe(200);
    const reuse = await h.request("PATCH", `/v1/enterprises/${b.id}`, { token: inspector, body: { creditCode: creditCode(12) } });
    expect(reuse.status).toBe(200);
    const byCode = await h.request("GET", `/v1/enterprises?creditCode=${creditCode(14)}`, { token: inspector });
    expect(byCode.body.items.map((u: { id: string }) => u.id)).toEqual([a.id]);
  });
});

describe("factory within factory (厂中厂)", () => {
  it("lists a host's lessees with counts by risk level, refuses cycles, and refuses deleting a host with lessees", async () => {
    const host = await create(20, { name: "园区出租方有限公司", riskLevel: "orange" });
    const red = await create(21, { hostId: host.id, riskLevel: "red" });
    await create(22, { hostId: host.id, riskLevel: "red" });
    await create(23, { hostId: host.id, riskLevel: null });
    const sub = await create(24, { hostId: red.id, riskLevel: "blue" });

    const lessees = await h.request("GET", `/v1/enterprises/${host.id}/lessees`, { token: inspector });
    expect(lessees.status).toBe(200);
    expect(lessees.body.host.id).toBe(host.id);
    expect(lessees.body.counts).toEqual({ total: 3, byRiskLevel: { red: 2, none: 1 } });
    expect(lessees.body.items).toHaveLength(3);

    const selfHost = await h.request("PATCH", `/v1/enterprises/${host.id}`, { token: inspector, body: { hostId: host.id } });
    expect(selfHost.status).toBe(422);
    expect(fields(selfHost)).toEqual(["hostId:host_cycle"]);
    const loop = await h.request("PATCH", `/v1/enterprises/${host.id}`, { token: inspector, body: { hostId: sub.id } });
    expect(loop.status).toBe(422);
    expect(fields(loop)).toEqual(["hostId:host_cycle"]);

    const refused = await h.request("DELETE", `/v1/enterprises/${host.id}`, { token: inspector });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "host_has_lessees", details: { lessees: 3 } });
    expect((await h.request("GET", `/v1/enterprises/${host.id}`, { token: inspector })).body.deletedAt).toBeNull();

    const riskChange = await h.request("PATCH", `/v1/enterprises/${red.id}`, { token: inspector, body: { riskLevel: "yellow" } });
    expect(riskChange.status).toBe(200);
    const recount = await h.request("GET", `/v1/enterprises/${host.id}/lessees`, { token: inspector });
    expect(recount.body.counts).toEqual({ total: 3, byRiskLevel: { red: 1, yellow: 1, none: 1 } });
  });

  it("a deleted host cannot take new lessees", async () => {
    const host = await create(25);
    expect((await h.request("DELETE", `/v1/enterprises/${host.id}`, { token: inspector })).status).toBe(200);
    const res = await h.request("POST", "/v1/enterprises", { token: inspector, body: enterpriseBody(26, place, { hostId: host.id }) });
    expect(res.status).toBe(422);
    expect(fields(res)).toEqual(["hostId:unknown_host"]);
  });
});

describe("soft delete and restore", () => {
  it("a deleted unit leaves the lists, keeps its history and code, and comes back on restore", async () => {
    const unit = await create(30, { name: "待删除测试有限公司" });
    const deleted = await h.request("DELETE", `/v1/enterprises/${unit.id}`, { token: inspector, headers: { "if-match": '"1"' } });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deletedAt).not.toBeNull();
    const listed = await h.request("GET", "/v1/enterprises?namePrefix=待删除", { token: inspector });
    expect(listed.body.items).toEqual([]);
    const trash = await h.request("GET", "/v1/enterprises?deleted=true&namePrefix=待删除", { token: inspector });
    expect(trash.body.items.map((u: { id: string }) => u.id)).toEqual([unit.id]);
    expect((await h.request("GET", `/v1/enterprises/${unit.id}`, { token: inspector })).body.deletedAt).toBe(deleted.body.deletedAt);
    expect((await h.request("PATCH", `/v1/enterprises/${unit.id}`, { token: inspector, body: { riskLevel: "red" } })).status).toBe(404);
    const reuse = await h.request("POST", "/v1/enterprises", { token: inspector, body: enterpriseBody(30, place, { name: "新单位" }) });
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.details.existingId).toBe(unit.id);

    const restored = await h.request("POST", `/v1/enterprises/${unit.id}/restore`, { token: inspector });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ deletedAt: null, version: 3 });
    const back = await h.request("GET", "/v1/enterprises?namePrefix=待删除", { token: inspector });
    expect(back.body.items.map((u: { id: string }) => u.id)).toEqual([unit.id]);
    expect((await h.request("GET", "/v1/enterprises?deleted=true&namePrefix=待删除", { token: inspector })).body.items).toEqual([]);
    const history = await h.request("GET", `/v1/enterprises/${unit.id}/history`, { token: inspector });
    expect(history.body.items.map((c: { action: string }) => c.action)).toEqual(["restore", "delete", "create"]);
  });
});

describe("tenant isolation", () => {
  it("another tenant cannot see, change, reference or collide with this tenant's units", async () => {
    const unit = await create(40, { name: "隔离测试有限公司" });
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", `/v1/enterprises/${unit.id}`, { token: city })).status).toBe(404);
    expect((await h.request("PATCH", `/v1/enterprises/${unit.id}`, { token: city, body: { riskLevel: "red" } })).status).toBe(404);
    expect((await h.request("DELETE", `/v1/enterprises/${unit.id}`, { token: city })).status).toBe(404);
    expect((await h.request("GET", `/v1/enterprises/${unit.id}/history`, { token: city })).status).toBe(404);
    expect((await h.request("GET", "/v1/enterprises?namePrefix=隔离", { token: city })).body.items).toEqual([]);
    expect((await h.request("GET", `/v1/enterprises?creditCode=${creditCode(40)}`, { token: city })).body.items).toEqual([]);

    const cityPlace = await addPlace(h, city, "城区街道");
    const refs = await h.request("POST", "/v1/enterprises", {
      token: city,
      body: enterpriseBody(41, cityPlace, { hostId: unit.id }),
    });
    expect(refs.status).toBe(422);
    expect(fields(refs)).toEqual(["hostId:unknown_host"]);
    const foreignTown = await h.request("POST", "/v1/enterprises", { token: city, body: enterpriseBody(42, place) });
    expect(foreignTown.status).toBe(422);
    expect(fields(foreignTown)).toEqual(["gridId:unknown_grid", "townId:unknown_town"]);
    // Credit codes are unique per tenant: the city may register the same unit in its own register.
    const same = await h.request("POST", "/v1/enterprises", { token: city, body: enterpriseBody(40, cityPlace) });
    expect(same.status).toBe(201);
    expect((await h.request("GET", `/v1/enterprises/${unit.id}`, { token: inspector })).body.name).toBe("隔离测试有限公司");
  });

  it("a tenant id in the body or query is refused, never used", async () => {
    const res = await h.request("POST", "/v1/enterprises", {
      token: inspector,
      body: { ...enterpriseBody(43, place), tenantId: "320300" },
    });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(["tenantId:unknown_field"]);
    // An unknown query parameter is ignored: the list is still the caller's own register.
    const list = await h.request("GET", "/v1/enterprises?tenantId=320300&limit=100", { token: inspector });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const u of list.body.items) expect((await h.request("GET", `/v1/enterprises/${u.id}`, { token: inspector })).status).toBe(200);
  });
});
