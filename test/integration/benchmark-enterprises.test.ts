// Benchmark enterprises (标杆企业) through HTTP → app → DynamoDB Local: a tenant-admin designates a live unit as a
// benchmark of its town for a year with the reason (idempotent; 409 while one stands for the unit and year, also
// when two arrive at once); lists per year and town; a withdrawal that keeps the record; the counter per town and
// year kept in the same transaction, shown in the year's counts against the Shishi target and in the town's
// assessment summary; bilingual 422s; another tenant sees and reaches none of it.
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let baogai: Place;
let hanjiang: Place;
let n = 0;

interface Designation {
  id: string;
  enterpriseId: string;
  townId: string;
  year: number;
  state: string;
  version: number;
}

async function unit(place: Place, extra: Record<string, unknown> = {}): Promise<{ id: string; name: string; creditCode: string }> {
  const res = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(++n, place, extra) });
  expect(res.status).toBe(201);
  return res.body;
}
const designate = (body: Record<string, unknown>, token = admin, headers: Record<string, string> = {}) =>
  h.request("POST", "/v1/benchmark-enterprises", { token, body, headers });
const reason = "标准化运行良好、安全管理规范，员工素质较高";
const ids = (items: Designation[]) => items.map((d) => d.id);

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  baogai = await addPlace(h, admin, "宝盖镇");
  hanjiang = await addPlace(h, admin, "蚶江镇");
});

describe("designating a benchmark enterprise", () => {
  it("designates a live unit for a year in its own town, audited", async () => {
    const u = await unit(baogai);
    const res = await designate({ enterpriseId: u.id, year: 2026, reason });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/v1/benchmark-enterprises/${res.body.id}`);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.body).toMatchObject({
      enterpriseId: u.id,
      enterpriseName: u.name,
      creditCode: u.creditCode,
      townId: baogai.townId,
      year: 2026,
      reason,
      state: "designated",
      withdrawn: null,
      version: 1,
    });
    const got = await h.request("GET", `/v1/benchmark-enterprises/${res.body.id}`, { token: await h.token("viewer", "320312") });
    expect(got.body).toEqual(res.body);
    const audit = await h.request("GET", "/v1/audit?limit=20", { token: admin });
    expect(audit.body.items.find((e: { entity: { id: string } }) => e.entity.id === res.body.id)).toMatchObject({
      action: "benchmark-enterprise.designate",
      entity: { type: "benchmark-enterprise", id: res.body.id },
      changes: { year: { from: null, to: 2026 }, townId: { from: null, to: baogai.townId } },
    });
  });

  it("replays a retried create with its Idempotency-Key, and refuses the key for another body", async () => {
    const u = await unit(baogai);
    const key = { "idempotency-key": `bmk-${u.id}` };
    const first = await designate({ enterpriseId: u.id, year: 2026, reason }, admin, key);
    const again = await designate({ enterpriseId: u.id, year: 2026, reason }, admin, key);
    expect([first.status, again.status, again.headers.get("idempotent-replayed")]).toEqual([201, 201, "true"]);
    expect(again.body).toEqual(first.body);
    const other = await designate({ enterpriseId: u.id, year: 2025, reason }, admin, key);
    expect([other.status, other.body.error.code]).toEqual([409, "idempotency_key_reused"]);
  });

  it("is 409 already_benchmark while the unit's designation for the year stands; another year is another", async () => {
    const u = await unit(hanjiang);
    const first = await designate({ enterpriseId: u.id, year: 2026, reason });
    const second = await designate({ enterpriseId: u.id, year: 2026, reason: "再次认定" }, admin, { "accept-language": "en" });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: "already_benchmark", details: { id: first.body.id } });
    expect(second.body.error.message).toContain("already a benchmark enterprise of 2026");
    expect((await designate({ enterpriseId: u.id, year: 2025, reason })).status).toBe(201);
  });

  it("of two designations of one unit and year at once exactly one is made; of two units of one town both are counted", async () => {
    const u = await unit(hanjiang);
    const both = await Promise.all([
      designate({ enterpriseId: u.id, year: 2027, reason }),
      designate({ enterpriseId: u.id, year: 2027, reason }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const listed = await h.request("GET", `/v1/benchmark-enterprises?year=2027`, { token: admin });
    expect(listed.body.items.filter((d: Designation) => d.enterpriseId === u.id)).toHaveLength(1);

    const [a, b, c] = [await unit(hanjiang), await unit(hanjiang), await unit(hanjiang)];
    const made = await Promise.all([a, b, c].map((x) => designate({ enterpriseId: x.id, year: 2027, reason })));
    expect(made.map((r) => r.status)).toEqual([201, 201, 201]);
    const counts = await h.request("GET", "/v1/benchmark-enterprises/counts?year=2027", { token: admin });
    expect(counts.body.towns.find((t: { townId: string }) => t.townId === hanjiang.townId)).toMatchObject({ designated: 4, withdrawn: 0 });
  });

  it("refuses a bad year, a closed, deleted or unknown unit with 422 in Chinese or English, and bad bodies with 400", async () => {
    const closed = await unit(baogai, { productionStatus: "closed" });
    const future = await designate({ enterpriseId: closed.id, year: 2028, reason });
    expect(future.status).toBe(422);
    expect(future.body.error.details.fields).toEqual([
      { path: "year", code: "year_out_of_range", message: "年度须在 2000 至 2027 年之间" },
      { path: "enterpriseId", code: "enterprise_closed", message: expect.stringContaining("已关闭") },
    ]);
    const en = await designate({ enterpriseId: closed.id, year: 1999, reason }, admin, { "accept-language": "en" });
    expect(en.body.error.details.fields.map((f: { message: string }) => f.message)).toEqual([
      "The year must be from 2000 to 2027",
      expect.stringContaining("is closed"),
    ]);
    const deleted = await unit(baogai);
    expect((await h.request("DELETE", `/v1/enterprises/${deleted.id}`, { token: admin })).status).toBe(200);
    const gone = await designate({ enterpriseId: deleted.id, year: 2026, reason });
    expect([gone.status, gone.body.error.details.fields[0].code]).toEqual([422, "unknown_enterprise"]);
    for (const body of [
      { enterpriseId: deleted.id, year: 2026 },
      { enterpriseId: deleted.id, year: 2026.5, reason },
      { enterpriseId: "x", year: 2026, reason },
      { enterpriseId: deleted.id, year: 2026, reason, townId: baogai.townId },
    ]) {
      expect((await designate(body)).status).toBe(400);
    }
    const listed = await h.request("GET", "/v1/benchmark-enterprises?year=2026&limit=100", { token: admin });
    expect(listed.body.items.map((d: Designation) => d.enterpriseId)).not.toContain(closed.id);
  });

  it("needs supervision:write: inspectors and viewers read, only tenant-admins designate", async () => {
    const u = await unit(baogai);
    for (const role of ["inspector", "viewer"] as const) {
      const res = await designate({ enterpriseId: u.id, year: 2026, reason }, await h.token(role, "320312"));
      expect([res.status, res.body.error.details.required]).toEqual([403, "supervision:write"]);
    }
    expect((await h.request("GET", "/v1/benchmark-enterprises", { token: await h.token("inspector", "320312") })).status).toBe(200);
    const key = await h.addApiKey("320312", ["supervision:read"]);
    expect((await h.request("GET", "/v1/benchmark-enterprises/counts", { apiKey: key.token })).status).toBe(200);
    const byKey = await h.request("POST", "/v1/benchmark-enterprises", {
      apiKey: key.token,
      body: { enterpriseId: u.id, year: 2026, reason },
    });
    expect(byKey.status).toBe(403);
  });
});

describe("lists, withdrawals and counts", () => {
  it("lists a year's designations newest first, by town and state, a page at a time; this year by default", async () => {
    const all = (await h.request("GET", "/v1/benchmark-enterprises?year=2026&limit=100", { token: admin })).body;
    expect(all.year).toBe(2026);
    expect(all.items.every((d: Designation) => d.year === 2026)).toBe(true);
    expect(ids(all.items)).toEqual([...ids(all.items)].sort().reverse());
    const byDefault = (await h.request("GET", "/v1/benchmark-enterprises?limit=100", { token: admin })).body;
    expect([byDefault.year, ids(byDefault.items)]).toEqual([2026, ids(all.items)]);
    const town = (await h.request("GET", `/v1/benchmark-enterprises?year=2026&townId=${baogai.townId}`, { token: admin })).body.items;
    expect(town.length).toBeGreaterThan(0);
    expect(ids(town)).toEqual(ids(all.items.filter((d: Designation) => d.townId === baogai.townId)));
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Designation[]; nextCursor: string | null } } = await h.request(
        "GET",
        `/v1/benchmark-enterprises?year=2026&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { token: admin },
      );
      pages.push(...ids(page.body.items));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual(ids(all.items));
    expect((await h.request("GET", "/v1/benchmark-enterprises?year=1999", { token: admin })).status).toBe(400);
    expect((await h.request("GET", "/v1/benchmark-enterprises?state=gone", { token: admin })).status).toBe(400);
  });

  it("withdraws a designation with the reason, keeping the record; the slot frees and the count drops", async () => {
    const u = await unit(baogai);
    const made = (await designate({ enterpriseId: u.id, year: 2026, reason })).body as Designation;
    const count = async () =>
      (await h.request("GET", "/v1/benchmark-enterprises/counts?year=2026", { token: admin })).body.towns.find(
        (t: { townId: string }) => t.townId === baogai.townId,
      );
    const before = await count();
    const stale = await h.request("POST", `/v1/benchmark-enterprises/${made.id}/withdraw`, {
      token: admin,
      body: { reason: "发生较大事故" },
      headers: { "if-match": '"7"' },
    });
    expect(stale.status).toBe(412);
    const empty = await h.request("POST", `/v1/benchmark-enterprises/${made.id}/withdraw`, { token: admin, body: { reason: " " } });
    expect([empty.status, empty.body.error.details.fields[0].path]).toEqual([400, "reason"]);
    const res = await h.request("POST", `/v1/benchmark-enterprises/${made.id}/withdraw`, {
      token: admin,
      body: { reason: "发生较大事故" },
      headers: { "if-match": '"1"' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    expect(res.body).toMatchObject({ state: "withdrawn", withdrawn: { reason: "发生较大事故" }, version: 2 });
    expect(await count()).toMatchObject({ designated: before.designated - 1, withdrawn: before.withdrawn + 1 });
    const again = await h.request("POST", `/v1/benchmark-enterprises/${made.id}/withdraw`, { token: admin, body: { reason: "再撤" } });
    expect([again.status, again.body.error.code, again.body.error.details.state]).toEqual([409, "illegal_transition", "withdrawn"]);
    const withdrawn = await h.request("GET", `/v1/benchmark-enterprises?year=2026&state=withdrawn`, { token: admin });
    expect(ids(withdrawn.body.items)).toEqual([made.id]);
    expect((await designate({ enterpriseId: u.id, year: 2026, reason: "整改后重新认定" })).status).toBe(201);
    expect(await count()).toMatchObject({ designated: before.designated, withdrawn: before.withdrawn + 1 });
    const audit = await h.request("GET", "/v1/audit?limit=100", { token: admin });
    const trail = audit.body.items.filter((e: { entity: { id: string } }) => e.entity.id === made.id);
    expect(trail.map((e: { action: string }) => e.action).sort()).toEqual([
      "benchmark-enterprise.designate",
      "benchmark-enterprise.withdraw",
    ]);
  });

  it("counts every town's designations of a year against the Shishi target of 10, and shows them in the town summary", async () => {
    for (let i = 0; i < 10; i++)
      expect((await designate({ enterpriseId: (await unit(hanjiang)).id, year: 2025, reason })).status).toBe(201);
    const counts = (await h.request("GET", "/v1/benchmark-enterprises/counts?year=2025", { token: admin })).body;
    expect(counts.target.newPerTown).toBe(10);
    expect(counts.target.source).toContain("石狮市");
    const byTown = Object.fromEntries(counts.towns.map((t: { townId: string }) => [t.townId, t]));
    expect(byTown[hanjiang.townId]).toMatchObject({ townName: "蚶江镇", designated: 11, targetMet: true });
    expect(byTown[baogai.townId]).toMatchObject({ townName: "宝盖镇", designated: 0, withdrawn: 0, targetMet: false });

    const summary = async (query: string, token = admin) =>
      h.request("GET", `/v1/towns/${hanjiang.townId}/assessment-summary?rubricId=shishi-enterprise-2024&${query}`, { token });
    expect((await summary("benchmarkYear=2025")).body.benchmarks).toEqual({ year: 2025, designated: 11, target: 10 });
    expect((await summary("to=2025-12-31")).body.benchmarks).toEqual({ year: 2025, designated: 11, target: 10 });
    const thisYear = (await summary("")).body.benchmarks;
    expect(thisYear).toEqual({
      year: 2026,
      designated: (await h.request("GET", "/v1/benchmark-enterprises/counts", { token: admin })).body.towns.find(
        (t: { townId: string }) => t.townId === hanjiang.townId,
      ).designated,
      target: 10,
    });
    expect((await summary("benchmarkYear=20x5")).status).toBe(400);
    expect((await summary("", await h.token("tenant-admin", "320300"))).status).toBe(404);
  });

  it("gives another tenant none of it: 404 on a designation, its own empty lists, 422 for the unit", async () => {
    const city = await h.token("tenant-admin", "320300");
    const mine = (await h.request("GET", "/v1/benchmark-enterprises?year=2026&state=designated", { token: admin })).body
      .items[0] as Designation;
    const get = await h.request("GET", `/v1/benchmark-enterprises/${mine.id}`, { token: city });
    expect([get.status, get.body.error.details]).toEqual([404, { entity: "benchmark enterprise", id: mine.id }]);
    const withdraw = await h.request("POST", `/v1/benchmark-enterprises/${mine.id}/withdraw`, { token: city, body: { reason: "越权" } });
    expect(withdraw.status).toBe(404);
    expect((await h.request("GET", "/v1/benchmark-enterprises?year=2026", { token: city })).body.items).toEqual([]);
    expect((await h.request("GET", `/v1/benchmark-enterprises?year=2026&townId=${baogai.townId}`, { token: city })).body.items).toEqual([]);
    expect((await h.request("GET", "/v1/benchmark-enterprises/counts?year=2025", { token: city })).body.towns).toEqual([]);
    const foreign = await designate({ enterpriseId: mine.enterpriseId, year: 2026, reason }, city);
    expect([foreign.status, foreign.body.error.details.fields[0].code]).toEqual([422, "unknown_enterprise"]);
    expect((await h.request("GET", `/v1/benchmark-enterprises/${mine.id}`, { token: admin })).body.state).toBe("designated");
  });
});
