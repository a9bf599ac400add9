// The weekly base-data refresh against DynamoDB Local with a hand-moved clock: counts by dimension, the week's
// movements, staleness at the week's end (also for units changed since), worklists per town, placards due,
// the same snapshot whether rolled forward or recounted, and the trend through the API.
import { beforeAll, describe, expect, it } from "vitest";
import type { WeeklySnapshot } from "#core/weekly/weekly";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

const clock = manualClock(new Date("2026-11-10T02:00:00Z")); // Tuesday of 2026-W46, 10:00 in China
const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
let h: Harness;
let token: string;
let t1: Place;
let t2: Place;
const ids: Record<string, string> = {};

async function refresh(week: string) {
  return h.deps.jobs.run({ kind: "weekly-refresh", tenantId: "320312", week }, { remainingMs: () => Number.POSITIVE_INFINITY });
}
async function snapshot(week: string): Promise<WeeklySnapshot> {
  const res = await h.request("GET", `/v1/stats/weekly/${week}`, { token });
  expect(res.status).toBe(200);
  return res.body;
}
const comparable = ({ generatedAt: _g, basis: _b, stars, ...rest }: WeeklySnapshot) => ({ ...rest, stars: { ...stars, basis: null } });

beforeAll(async () => {
  h = await createHarness({ clock });
  token = await h.token("tenant-admin", "320312");
  t1 = await addPlace(h, token, "青山泉镇");
  t2 = await addPlace(h, token, "紫庄镇");
  await h.request("PATCH", "/v1/settings", { token, body: { staleAfterDays: 3 } });
  const create = async (name: string, n: number, place: Place, extra: Record<string, unknown> = {}) => {
    const res = await h.request("POST", "/v1/enterprises", { token, body: enterpriseBody(n, place, { name, ...extra }) });
    expect(res.status).toBe(201);
    ids[name] = res.body.id;
  };
  await create("A", 1, t1);
  await create("B", 2, t1);
  await create("C", 3, t1);
  const placard = await h.request("POST", "/v1/placards", {
    token,
    body: {
      enterpriseId: ids.A,
      postedOn: "2026-04-01",
      persons: {
        first: { name: "张三", phone: "13912345678" },
        inCharge: { name: "李四", phone: "13912345679" },
        specific: [{ name: "王五", phone: "13912345670" }],
      },
    },
  });
  ids.placard = placard.body.id;

  at("2026-11-17T02:00:00Z"); // W47
  await h.request("PATCH", `/v1/enterprises/${ids.B}`, { token, body: { riskLevel: "red" } });
  await h.request("DELETE", `/v1/enterprises/${ids.C}`, { token });
  await create("D", 4, t2, { moveInDate: "2026-11-16", hostId: ids.A });
  at("2026-11-20T02:00:00Z");
  await h.request("POST", `/v1/enterprises/${ids.A}/confirm`, { token });

  at("2026-11-24T02:00:00Z"); // W48: a change after the week
  await h.request("PATCH", `/v1/enterprises/${ids.B}`, { token, body: { townId: t2.townId, gridId: t2.gridId } });
  at("2026-11-24T03:00:00Z");
});

describe("the weekly refresh", () => {
  it("with no earlier snapshot, counts the register as it was at the week's end", async () => {
    expect((await refresh("2026-W47")).done).toBe(true);
    const w47 = await snapshot("2026-W47");
    expect(w47).toMatchObject({
      week: "2026-W47",
      from: "2026-11-15T16:00:00.000Z",
      to: "2026-11-22T16:00:00.000Z",
      total: 3,
      counts: {
        town: { [t1.townId]: 2, [t2.townId]: 1 },
        risk: { yellow: 2, red: 1 },
        industry: { "33": 3 },
        size: { "small-micro": 3 },
        status: { producing: 3 },
        venue: { none: 3 },
      },
      hosts: 1,
      lessees: 1,
      movements: { created: 1, movedIn: 1, movedOut: 0, changed: 3, confirmed: 1, deleted: 1 },
      stale: { afterDays: 3, units: 2, byTown: { [t1.townId]: 1, [t2.townId]: 1 } },
      placardsDue: { total: 1, byTown: { [t1.townId]: 1 } },
      basis: "recount",
    });
  });

  it("rolls the next week forward from the previous snapshot to the same figures as a recount", async () => {
    const recounted = await snapshot("2026-W47");
    await refresh("2026-W46");
    const w46 = await snapshot("2026-W46");
    expect(w46).toMatchObject({
      total: 3,
      counts: { town: { [t1.townId]: 3 }, risk: { yellow: 3 } },
      hosts: 0,
      lessees: 0,
      basis: "recount",
    });
    expect(w46.movements).toMatchObject({ created: 3, changed: 3 });
    await refresh("2026-W47");
    const rolled = await snapshot("2026-W47");
    expect(rolled.basis).toBe("previous-snapshot");
    expect(comparable(rolled)).toEqual(comparable(recounted));
    await refresh("2026-W47");
    expect(comparable(await snapshot("2026-W47"))).toEqual(comparable(recounted));
  });

  it("writes the week's worklist per town: stale units and placards due", async () => {
    const town1 = await h.request("GET", `/v1/worklists/2026-W47?townId=${t1.townId}`, { token });
    expect(town1.status).toBe(200);
    expect(town1.body.items.map((i: { kind: string; name: string }) => `${i.kind}:${i.name}`).sort()).toEqual([
      "placard-due:A",
      "stale-unit:B",
    ]);
    const town2 = await h.request("GET", `/v1/worklists/2026-W47?townId=${t2.townId}`, { token });
    expect(town2.body.items.map((i: { kind: string; name: string }) => `${i.kind}:${i.name}`)).toEqual(["stale-unit:D"]);
  });

  it("returns the trend, two years by default, and refuses unfinished or malformed weeks", async () => {
    const trend = await h.request("GET", "/v1/stats/weekly", { token });
    expect(trend.status).toBe(200);
    expect(trend.body.to).toBe("2026-W47");
    expect(trend.body.from).toBe("2024-W47");
    expect(trend.body.items.map((s: WeeklySnapshot) => [s.week, s.total])).toEqual([
      ["2026-W46", 3],
      ["2026-W47", 3],
    ]);
    const ranged = await h.request("GET", "/v1/stats/weekly?from=2026-W47&to=2026-W47", { token });
    expect(ranged.body.items).toHaveLength(1);
    expect((await h.request("GET", "/v1/stats/weekly?from=2026-W60", { token })).status).toBe(400);
    expect((await h.request("GET", "/v1/stats/weekly?from=2026-W47&to=2026-W46", { token })).status).toBe(400);
    await expect(refresh("2026-W48")).rejects.toMatchObject({ code: "week_not_finished" });
    expect((await h.request("GET", "/v1/stats/weekly/2025-W01", { token })).status).toBe(404);
  });

  it("keeps snapshots inside their tenant", async () => {
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", "/v1/stats/weekly/2026-W47", { token: city })).status).toBe(404);
    expect((await h.request("GET", "/v1/stats/weekly", { token: city })).body.items).toEqual([]);
    expect((await h.request("GET", `/v1/worklists/2026-W47?townId=${t1.townId}`, { token: city })).body.items).toEqual([]);
  });
});
