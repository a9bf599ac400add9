// Awarded stars in the weekly snapshot, through the job runner and HTTP → DynamoDB Local with a hand-moved clock:
// held and suspended awards by town, by label code and by both at the week's end; the week's movements (awarded,
// suspended, restored, revoked, expired); counted afresh the first time (the awards held now, less what changed
// after the week) and rolled forward by the stars' change feed after; expiries counted in the week the star lapsed
// although the sweep records them the week after; the same counts when a week runs again; the trend week over week.
import { beforeAll, describe, expect, it } from "vitest";
import type { WeeklySnapshot } from "#core/weekly/weekly";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace } from "#test/support/register";
import { awardedUnit } from "#test/support/stars";

const clock = manualClock(new Date("2026-11-10T02:00:00Z")); // Tuesday of 2026-W46, 10:00 in China
const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
let h: Harness;
let admin: string;
let t1: string;
let t2: string;

const refresh = async (week: string) => {
  const outcome = await h.deps.jobs.run(
    { kind: "weekly-refresh", tenantId: "320312", week },
    { remainingMs: () => Number.POSITIVE_INFINITY },
  );
  expect(outcome.done).toBe(true);
};
async function snapshot(week: string, token = admin): Promise<WeeklySnapshot> {
  const res = await h.request("GET", `/v1/stats/weekly/${week}`, { token });
  expect(res.status).toBe(200);
  return res.body;
}
const noMovements = { awarded: 0, suspended: 0, restored: 0, revoked: 0, expired: 0, renewed: 0 };
const counted = (s: WeeklySnapshot) => {
  const { basis: _b, movements: _m, ...counts } = s.stars ?? { basis: null, movements: null };
  return counts;
};

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  const inspector = await h.token("inspector", "320312", "inspector-li");
  const by = { admin, inspector, verifier: await h.token("inspector", "320312", "inspector-wang") };
  const p1 = await addPlace(h, admin, "宝盖镇");
  const p2 = await addPlace(h, admin, "蚶江镇");
  t1 = p1.townId;
  t2 = p2.townId;

  // W46: unit A of 宝盖镇 is awarded the three Shishi stars.
  const a = await awardedUnit(h, by, p1, 1, "2026-11-10");
  // W47: unit B of 蚶江镇 is awarded them too; a fatal accident at A suspends A's three, an official reinstates A's
  // one-star over it, and B's three-star is revoked.
  at("2026-11-17T02:00:00Z");
  const b = await awardedUnit(h, by, p2, 2, "2026-11-17");
  const accident = { occurredOn: "2026-11-17", deaths: 1, injuries: 0, source: "事故快报〔2026〕9号" };
  expect((await h.request("POST", `/v1/enterprises/${a.unit.id}/accidents`, { token: inspector, body: accident })).status).toBe(201);
  const stars = async (unitId: string, starId: string) =>
    (await h.request("GET", `/v1/enterprises/${unitId}/stars`, { token: admin })).body.current.find(
      (s: { starId: string }) => s.starId === starId,
    );
  const aOne = await stars(a.unit.id, "one-star");
  expect(aOne.state).toBe("suspended");
  expect((await h.request("POST", `/v1/star-awards/${aOne.id}/reinstate`, { token: admin, body: { note: "事故与企业无关" } })).status).toBe(
    200,
  );
  const bThree = await stars(b.unit.id, "three-star");
  expect((await h.request("POST", `/v1/star-awards/${bThree.id}/revoke`, { token: admin, body: { reason: "复核不达标" } })).status).toBe(
    200,
  );
});

describe("stars in the weekly snapshot", () => {
  it("the first snapshot counts the awards held now, less what changed after its week", async () => {
    await refresh("2026-W46"); // run in W47, after that week's changes
    const w46 = await snapshot("2026-W46");
    expect(w46.stars).toEqual({
      held: 3,
      suspended: 0,
      byTown: { [t1]: 3 },
      byLabel: { "SS-STAR-1": 1, "SS-STAR-2": 1, "SS-STAR-3": 1 },
      byTownAndLabel: { [t1]: { "SS-STAR-1": 1, "SS-STAR-2": 1, "SS-STAR-3": 1 } },
      suspendedByTown: {},
      suspendedByLabel: {},
      movements: { ...noMovements, awarded: 3 },
      basis: "recount",
    });
  });

  it("the next week rolls forward by the week's award, suspensions, reinstatement and revocation", async () => {
    at("2026-11-24T02:00:00Z");
    await refresh("2026-W47");
    const w47 = await snapshot("2026-W47");
    expect(w47.stars).toEqual({
      held: 5,
      suspended: 2,
      byTown: { [t1]: 3, [t2]: 2 },
      byLabel: { "SS-STAR-1": 2, "SS-STAR-2": 2, "SS-STAR-3": 1 },
      byTownAndLabel: { [t1]: { "SS-STAR-1": 1, "SS-STAR-2": 1, "SS-STAR-3": 1 }, [t2]: { "SS-STAR-1": 1, "SS-STAR-2": 1 } },
      suspendedByTown: { [t1]: 2 },
      suspendedByLabel: { "SS-STAR-2": 1, "SS-STAR-3": 1 },
      movements: { awarded: 3, suspended: 3, restored: 1, revoked: 1, expired: 0, renewed: 0 },
      basis: "previous-snapshot",
    });
    // A week with no change of the stars keeps the counts.
    at("2026-12-01T02:00:00Z");
    await refresh("2026-W48");
    const w48 = await snapshot("2026-W48");
    expect(counted(w48)).toEqual(counted(w47));
    expect(w48.stars?.movements).toEqual(noMovements);
  });

  it("counts an expiry in the week the star lapsed, though the sweep records it the week after", async () => {
    at("2027-11-15T02:00:00Z"); // Monday of 2027-W46: A's stars lapsed on Wednesday 2027-11-10, B's last day is 11-16
    await refresh("2027-W45");
    const w45 = await snapshot("2027-W45");
    expect(w45.stars).toMatchObject({
      held: 2,
      suspended: 0,
      byTown: { [t2]: 2 },
      byLabel: { "SS-STAR-1": 1, "SS-STAR-2": 1 },
      byTownAndLabel: { [t2]: { "SS-STAR-1": 1, "SS-STAR-2": 1 } },
      suspendedByTown: {},
      movements: { ...noMovements, expired: 3 },
      basis: "previous-snapshot",
    });
    const list = await h.request("GET", `/v1/star-awards?townId=${t1}&state=expired`, { token: admin });
    expect(list.body.items).toHaveLength(3); // recorded by the sweep of this run

    at("2027-11-22T02:00:00Z");
    await refresh("2027-W46");
    expect((await snapshot("2027-W46")).stars).toMatchObject({ held: 0, byTown: {}, movements: { ...noMovements, expired: 2 } });
  });

  it("gives the same counts when a week runs again, rolled forward or recounted", async () => {
    const before = { w46: await snapshot("2026-W46"), w47: await snapshot("2026-W47") };
    await refresh("2026-W47");
    expect((await snapshot("2026-W47")).stars).toEqual(before.w47.stars);
    await refresh("2026-W46"); // recounted again: nothing held now, less a year of changes
    expect((await snapshot("2026-W46")).stars).toEqual(before.w46.stars);
  });

  it("shows the counts week over week in the trend, to callers who may read stars", async () => {
    const trend = await h.request("GET", "/v1/stats/weekly?from=2026-W46&to=2026-W48", { token: await h.token("viewer", "320312") });
    expect(trend.body.items.map((s: WeeklySnapshot) => `${s.week}:${s.stars?.held}:${s.stars?.suspended}`)).toEqual([
      "2026-W46:3:0",
      "2026-W47:5:2",
      "2026-W48:5:2",
    ]);
    const key = await h.addApiKey("320312", ["enterprises:read"]);
    const portal = await h.request("GET", "/v1/stats/weekly?from=2026-W46&to=2026-W48", { apiKey: key.token });
    expect(portal.status).toBe(200);
    expect(portal.body.items.map((s: WeeklySnapshot) => [s.total, s.stars])).toEqual([
      [1, undefined],
      [2, undefined],
      [2, undefined],
    ]);
    const one = await h.request("GET", "/v1/stats/weekly/2026-W47", { apiKey: key.token });
    expect([one.status, one.body.stars]).toEqual([200, undefined]);
    const starsKey = await h.addApiKey("320312", ["enterprises:read", "stars:read"]);
    expect((await h.request("GET", "/v1/stats/weekly/2026-W47", { apiKey: starsKey.token })).body.stars.held).toBe(5);
  });

  it("another tenant's snapshots hold none of these stars", async () => {
    const city = await h.token("tenant-admin", "320300");
    await h.deps.jobs.run(
      { kind: "weekly-refresh", tenantId: "320300", week: "2027-W46" },
      { remainingMs: () => Number.POSITIVE_INFINITY },
    );
    expect((await h.request("GET", "/v1/stats/weekly/2026-W47", { token: city })).status).toBe(404);
    expect((await snapshot("2027-W46", city)).stars).toEqual({
      held: 0,
      suspended: 0,
      byTown: {},
      byLabel: {},
      byTownAndLabel: {},
      suspendedByTown: {},
      suspendedByLabel: {},
      movements: noMovements,
      basis: "recount",
    });
  });
});
