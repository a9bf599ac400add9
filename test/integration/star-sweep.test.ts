// The weekly refresh's star sweep through the job runner → DynamoDB Local: a star whose watched major hazard passed
// its deadline with no other change to the unit is suspended by the next weekly refresh, and awards past their
// validity are recorded as expired — the sweep reads only the awards due (nextCheckOn), not the register.
import { beforeAll, describe, expect, it } from "vitest";
import { isoWeekOf, previousWeek } from "#core/kernel/china-time";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace } from "#test/support/register";
import { awardedUnit, majorHazard } from "#test/support/stars";

const day = 86_400_000;
const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let inspector: string;
let unit: { id: string };

interface Award {
  starId: string;
  state: string;
  nextCheckOn: string | null;
  suspension: { fired: { key: string }[] } | null;
  history: { action: string; by: string }[];
}

const refresh = () =>
  h.deps.jobs.run(
    { kind: "weekly-refresh", tenantId: "320312", week: previousWeek(isoWeekOf(clock.now())) },
    { remainingMs: () => Number.POSITIVE_INFINITY },
  );
const awards = async (): Promise<Award[]> => (await h.request("GET", `/v1/enterprises/${unit.id}/stars`, { token: admin })).body.history;
const of = (list: Award[], starId: string) => list.find((a) => a.starId === starId) as Award;

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  const verifier = await h.token("inspector", "320312", "inspector-wang");
  const place = await addPlace(h, admin, "宝盖镇");
  ({ unit } = await awardedUnit(h, { admin, inspector, verifier }, place, 1, "2026-11-25"));
});

describe("the weekly star sweep", () => {
  it("each award is due on the day after its validity until something earlier comes", async () => {
    expect((await awards()).map((a) => a.nextCheckOn)).toEqual(["2027-11-25", "2027-11-25", "2027-11-25"]);
  });

  it("suspends a star whose watched hazard passed its deadline with no other change to the unit", async () => {
    const hazardId = await majorHazard(h, inspector, unit.id, "2026-11-25");
    const rectification = { measure: "加装防鼠板", responsible: { name: "王厂长", phone: "13800001111" }, deadline: "2026-11-27" };
    expect((await h.request("POST", `/v1/hazards/${hazardId}/assign`, { token: inspector, body: { rectification } })).status).toBe(200);
    const before = await awards();
    expect(of(before, "two-star")).toMatchObject({ state: "active", nextCheckOn: "2026-11-28" }); // due the day after the deadline

    clock.advance(7 * day); // 2026-12-02: overdue, and nothing else happened to the unit
    expect(of(await awards(), "two-star").state).toBe("active");
    await refresh();
    const after = await awards();
    expect(of(after, "two-star")).toMatchObject({
      state: "suspended",
      suspension: { fired: [{ key: `hazard-overdue:${hazardId}` }] },
    });
    expect(of(after, "two-star").history.at(-1)).toMatchObject({ action: "suspend", by: "weekly-refresh" });
    expect(after.every((a) => a.state === "suspended")).toBe(true); // all three watch major hazards

    const audit = await h.request("GET", "/v1/audit?limit=10", { token: admin });
    expect(
      audit.body.items.some(
        (e: { action: string; actor: { kind: string } }) => e.action === "star-award.suspend" && e.actor.kind === "system",
      ),
    ).toBe(true);
  });

  it("records awards past their validity as expired, and then has nothing more to check", async () => {
    clock.advance(400 * day);
    await refresh();
    const expired = await awards();
    expect(expired.map((a) => `${a.state}:${a.nextCheckOn}`)).toEqual(["expired:null", "expired:null", "expired:null"]);
    expect(of(expired, "one-star").history.at(-1)?.action).toBe("expire");
    const res = await h.request("GET", `/v1/enterprises/${unit.id}/stars`, { token: admin });
    expect(res.body.current).toEqual([]);
  });
});
