// GET /v1/changes: every create, update and delete of a tenant's resources, in order, from a cursor on — written in
// the transaction of the change (a refused change leaves nothing), resumable without gaps or repeats, limited to
// the types the caller may read, and the tenant's own only.
import { beforeAll, describe, expect, it } from "vitest";
import { changeRetentionDays, changeSettleMs } from "#core/changes/change-feed-service";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

/**
 * The feed's clock: the wall clock plus the settle window, so what a test has written is in the feed at once
 * (`hold()` puts it back on the wall clock to see the window hold a change back).
 */
let ahead = changeSettleMs;
const feed = { now: () => new Date(Date.now() + ahead) };
let h: Harness;
let admin: string;
let place: Place;

beforeAll(async () => {
  h = await createHarness({ feedClock: feed });
  admin = await h.token("tenant-admin", "320312");
  place = await addPlace(h, admin, "变更镇");
});

function settle() {
  ahead = changeSettleMs;
}

function hold() {
  ahead = 0;
}

async function readAll(credential: { token?: string; apiKey?: string }, since?: string, query = "") {
  const changes: any[] = [];
  let cursor = since;
  for (let page = 0; page < 100; page++) {
    const res = await h.request("GET", `/v1/changes?limit=3${cursor ? `&since=${cursor}` : ""}${query}`, credential);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    changes.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!res.body.hasMore) return { changes, cursor: cursor as string };
  }
  throw new Error("the feed did not end");
}

describe("the change feed", () => {
  it("answers creates, updates and a deletion in order, with versions, actor kind and the resource or a tombstone", async () => {
    settle();
    const start = (await h.request("GET", "/v1/changes?since=now", { token: admin })).body.nextCursor;
    const unit = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(9101, place) });
    expect(unit.status).toBe(201);
    const renamed = await h.request("PATCH", `/v1/enterprises/${unit.body.id}`, {
      token: admin,
      body: { name: "徐州变更后机械有限公司" },
    });
    expect(renamed.status).toBe(200);
    expect((await h.request("DELETE", `/v1/enterprises/${unit.body.id}`, { token: admin })).status).toBe(200);
    settle();

    const { changes } = await readAll({ token: admin }, start);
    const ofUnit = changes.filter((c) => c.id === unit.body.id);
    expect(ofUnit.map((c) => [c.type, c.action, c.version])).toEqual([
      ["enterprise", "created", 1],
      ["enterprise", "updated", 2],
      ["enterprise", "deleted", 3],
    ]);
    expect(ofUnit[0]).toMatchObject({ actor: { kind: "user" }, resource: { id: unit.body.id, name: unit.body.name, version: 1 } });
    expect(ofUnit[1].resource).toMatchObject({ name: "徐州变更后机械有限公司", version: 2 });
    expect(ofUnit[1].resource).not.toHaveProperty("pk");
    expect(ofUnit[2].resource).toBeNull();
    const positions = changes.map((c) => c.position);
    expect([...positions].sort()).toEqual(positions);
  });

  it("records a town's and a grid's deletion, and settings", async () => {
    settle();
    const start = (await h.request("GET", "/v1/changes?since=now", { token: admin })).body.nextCursor;
    const other = await addPlace(h, admin, "拆除镇");
    expect((await h.request("DELETE", `/v1/grids/${other.gridId}`, { token: admin, headers: { "if-match": '"1"' } })).status).toBe(204);
    expect((await h.request("DELETE", `/v1/towns/${other.townId}`, { token: admin, headers: { "if-match": '"1"' } })).status).toBe(204);
    expect((await h.request("PATCH", "/v1/settings", { token: admin, body: { hotline: "12350" } })).status).toBe(200);
    settle();
    const { changes } = await readAll({ token: admin }, start);
    expect(changes.map((c) => [c.type, c.action, c.id === other.townId || c.id === other.gridId || c.id === "320312"])).toEqual([
      ["town", "created", true],
      ["grid", "created", true],
      ["grid", "deleted", true],
      ["town", "deleted", true],
      ["settings", expect.stringMatching(/created|updated/), true],
    ]);
    expect(changes[2]).toMatchObject({ version: 2, resource: null });
    expect(changes[4].resource).toMatchObject({ hotline: "12350" });
  });

  it("never records a refused change", async () => {
    settle();
    const start = (await h.request("GET", "/v1/changes?since=now", { token: admin })).body.nextCursor;
    const first = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(9102, place) });
    expect(first.status).toBe(201);
    const duplicate = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(9102, place) });
    expect(duplicate.status).toBe(409);
    const stale = await h.request("PATCH", `/v1/enterprises/${first.body.id}`, {
      token: admin,
      body: { name: "不会保存的名字有限公司" },
      headers: { "if-match": '"7"' },
    });
    expect(stale.status).toBe(412);
    settle();
    const { changes } = await readAll({ token: admin }, start);
    expect(changes.map((c) => [c.id, c.action])).toEqual([[first.body.id, "created"]]);
  });

  it("records an escalated hazard's edit for the hazard and for its joint tackling item, whose snapshot it changes", async () => {
    settle();
    const start = (await h.request("GET", "/v1/changes?since=now", { token: admin })).body.nextCursor;
    const unit = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(9103, place) })).body;
    const hazard = await h.request("POST", "/v1/hazards", {
      token: admin,
      body: {
        enterpriseId: unit.id,
        category: "建筑安全",
        description: "厂房违章搭建",
        location: "北侧仓库",
        severity: "major",
        source: "inspection",
        foundBy: { name: "李检查", phone: null },
        foundOn: "2026-11-20",
      },
    });
    expect(hazard.status).toBe(201);
    const escalate = await h.request("POST", `/v1/hazards/${hazard.body.id}/escalate`, {
      token: admin,
      body: { reason: "涉及市级审批", needs: "请市级部门牵头", neededBy: null },
    });
    expect(escalate.status).toBe(201);
    const edited = await h.request("PATCH", `/v1/hazards/${hazard.body.id}`, { token: admin, body: { location: "南侧仓库" } });
    expect(edited.status).toBe(200);
    const item = await h.request("GET", `/v1/joint-tackling/${escalate.body.id}`, { token: admin });
    expect(item.body).toMatchObject({ version: 2, hazard: { location: "南侧仓库" } });
    settle();

    // The district made both changes: its feed has them, the item's each version once, as the item now stands.
    const { changes } = await readAll({ token: admin }, start, "&types=hazard,joint-tackling");
    expect(changes.filter((c) => c.id === hazard.body.id).map((c) => [c.action, c.version])).toEqual([
      ["created", 1],
      ["updated", 2],
      ["updated", 3],
    ]);
    const ofItem = changes.filter((c) => c.id === escalate.body.id);
    expect(ofItem.map((c) => [c.type, c.action, c.version])).toEqual([
      ["joint-tackling", "created", 1],
      ["joint-tackling", "updated", 2],
    ]);
    expect(ofItem[1].resource).toMatchObject({ version: 2, hazard: { location: "南侧仓库" }, comments: [] });
  });

  it("resumes from any cursor without a gap or a repeat, a page at a time as at once", async () => {
    settle();
    const start = (await h.request("GET", "/v1/changes?since=now", { token: admin })).body.nextCursor;
    const made: string[] = [];
    for (let n = 0; n < 7; n++) {
      const res = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(9200 + n, place) });
      made.push(res.body.id);
    }
    settle();
    const paged = await readAll({ token: admin }, start);
    const whole = await h.request("GET", `/v1/changes?limit=500&since=${start}`, { token: admin });
    expect(paged.changes.map((c) => c.id)).toEqual(made);
    expect(whole.body.items.map((c: any) => c.position)).toEqual(paged.changes.map((c) => c.position));
    // From the middle: exactly the rest.
    const third = paged.changes[2].position;
    const rest = await readAll({ token: admin }, Buffer.from(third).toString("base64url"));
    expect(rest.changes.map((c) => c.id)).toEqual(made.slice(3));
    // Polling from the end: nothing, the same cursor again, then the next change once it has settled.
    const idle = await h.request("GET", `/v1/changes?since=${paged.cursor}`, { token: admin });
    expect(idle.body).toMatchObject({ items: [], hasMore: false });
    const next = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(9299, place) });
    settle();
    const after = await readAll({ token: admin }, idle.body.nextCursor);
    expect(after.changes.map((c) => c.id)).toEqual([next.body.id]);
  });

  it("holds a change back until the settle window has passed", async () => {
    settle();
    const start = (await h.request("GET", "/v1/changes?since=now", { token: admin })).body.nextCursor;
    hold();
    const unit = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(9301, place) });
    expect(unit.status).toBe(201);
    const early = await h.request("GET", `/v1/changes?since=${start}`, { token: admin });
    expect(early.body.items).toEqual([]);
    settle();
    const late = await readAll({ token: admin }, start);
    expect(late.changes.map((c) => c.id)).toEqual([unit.body.id]);
  });

  it("shows an API key only the types its scopes read, and refuses a type it names without the scope", async () => {
    settle();
    const start = (await h.request("GET", "/v1/changes?since=now", { token: admin })).body.nextCursor;
    await addPlace(h, admin, "范围镇");
    await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(9401, place) });
    settle();
    const registerOnly = await h.addApiKey("320312", ["enterprises:read"]);
    const seen = await readAll({ apiKey: registerOnly.token }, start);
    expect(new Set(seen.changes.map((c) => c.type))).toEqual(new Set(["enterprise"]));
    const everything = await readAll({ token: admin }, start);
    expect(new Set(everything.changes.map((c) => c.type))).toEqual(new Set(["town", "grid", "enterprise"]));
    const named = await h.request("GET", `/v1/changes?since=${start}&types=town`, { apiKey: registerOnly.token });
    expect(named.status).toBe(403);
    expect(named.body.error.details).toMatchObject({ required: "tenant:read" });
    const filtered = await readAll({ token: admin }, start, "&types=grid,town");
    expect(filtered.changes.map((c) => c.type)).toEqual(["town", "grid"]);
    const noFeed = await h.addApiKey("320312", ["audit:read"]);
    expect((await h.request("GET", "/v1/changes", { apiKey: noFeed.token })).status).toBe(403);
  });

  it("keeps each tenant's feed to itself: the city never sees its district's changes", async () => {
    settle();
    const city = await h.token("tenant-admin", "320300");
    const start = (await h.request("GET", "/v1/changes?since=now", { token: city })).body.nextCursor;
    const districtStart = (await h.request("GET", "/v1/changes?since=now", { token: admin })).body.nextCursor;
    await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(9501, place) });
    settle();
    expect((await readAll({ token: city }, start)).changes).toEqual([]);
    expect((await readAll({ token: admin }, districtStart)).changes).toHaveLength(1);
    // A cursor carries only a position: used by another tenant, it reads that tenant's own feed from there.
    expect((await readAll({ token: city }, districtStart)).changes).toEqual([]);
  });

  it("answers 410 resync_required for a cursor older than the retention, and 400 for one that is not a cursor", async () => {
    settle();
    const cursor = (await h.request("GET", "/v1/changes?since=now", { token: admin })).body.nextCursor;
    const aged = createHarness({ feedClock: { now: () => new Date(feed.now().getTime() + (changeRetentionDays + 1) * 86_400_000) } });
    const later = await aged;
    const gone = await later.request("GET", `/v1/changes?since=${cursor}`, { token: await later.token("tenant-admin", "320312") });
    expect(gone.status).toBe(410);
    expect(gone.body.error).toMatchObject({ code: "resync_required", details: { resync: { since: "now" } } });
    for (const bad of ["abc", "bm90LWEtY3Vyc29y", "x".repeat(300)]) {
      const res = await h.request("GET", `/v1/changes?since=${bad}`, { token: admin });
      expect(res.status, bad).toBe(400);
    }
    const unknownType = await h.request("GET", "/v1/changes?types=enterprise,dragon", { token: admin });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.details.fields[0]).toMatchObject({ path: "query.types", code: "unknown_change_type" });
  });
});
