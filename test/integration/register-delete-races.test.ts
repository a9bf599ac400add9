// Deleting what others reference (docs/decisions.md, "Deleting what others reference"): a town, a grid or a host
// unit is deleted only if nothing references it, and a reference written while the deletion checks is never left
// pointing at a deleted record. Each race is driven step by step: the deletion is stopped right after its reference
// check (the repository wrapped by the harness's `override`), the test writes a reference, then lets it go on.
// Either the deletion is refused and the reference stands, or the reference is refused and the record is gone.
import { beforeAll, describe, expect, it } from "vitest";
import type { EnterpriseRepository } from "#core/register/ports";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { pausePoint } from "#test/support/pause-point";
import { addPlace, enterpriseBody } from "#test/support/register";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
const unitLists = pausePoint<Parameters<EnterpriseRepository["list"]>>();
const lesseeCounts = pausePoint<Parameters<EnterpriseRepository["lesseeCounts"]>>();

let h: Harness;
let admin: string;
let serial = 0;

beforeAll(async () => {
  h = await createHarness({
    clock,
    override: (deps) => ({
      enterprises: {
        ...deps.enterprises,
        list: unitLists.after(deps.enterprises.list),
        lesseeCounts: lesseeCounts.after(deps.enterprises.lesseeCounts),
      },
    }),
  });
  admin = await h.token("tenant-admin", "320312");
});

async function newTown(name: string): Promise<string> {
  const town = await h.request("POST", "/v1/towns", { token: admin, body: { name, kind: "town" } });
  expect(town.status).toBe(201);
  return town.body.id;
}

/** A unit body in `townId` (and `gridId`, else no grid), with its own credit code. */
function unitIn(townId: string, gridId: string | null = null, overrides: Record<string, unknown> = {}) {
  serial += 1;
  return enterpriseBody(serial, { townId, gridId: gridId ?? "" }, { gridId, ...overrides });
}

const createUnit = (body: unknown) => h.request("POST", "/v1/enterprises", { token: admin, body });
const status = async (path: string) => (await h.request("GET", path, { token: admin })).status;
const liveUnitsOf = async (query: string) => (await h.request("GET", `/v1/enterprises?${query}`, { token: admin })).body.items;

describe("a reference written while a deletion checks", () => {
  it("a unit saved into a town being deleted is refused, and the town is deleted", async () => {
    const townId = await newTown("竞速一镇");
    const pause = unitLists.arm((_tenant, filter) => filter.townId === townId);
    const deleting = h.request("DELETE", `/v1/towns/${townId}`, { token: admin });
    await pause.reached;

    const unit = await createUnit(unitIn(townId));
    // The lease is the store's, never the town's: the town reads as before while its deletion checks.
    const seen = await h.request("GET", `/v1/towns/${townId}`, { token: admin });
    expect(seen.status).toBe(200);
    expect(seen.body).not.toHaveProperty("deletingUntil");
    const listed = (await h.request("GET", "/v1/towns", { token: admin })).body.items.find((t: { id: string }) => t.id === townId);
    expect(listed).not.toHaveProperty("deletingUntil");
    pause.release();
    const deleted = await deleting;

    expect(unit.status).toBe(409);
    expect(unit.body.error.code).toBe("reference_being_deleted");
    expect(unit.body.error.message).toBeTruthy();
    expect(deleted.status).toBe(204);
    expect(await status(`/v1/towns/${townId}`)).toBe(404);
    expect(await liveUnitsOf(`townId=${townId}`)).toEqual([]);
  });

  it("a unit moved into a grid being deleted is refused, and the grid is deleted", async () => {
    const place = await addPlace(h, admin, "竞速二镇");
    const other = await h.request("POST", "/v1/grids", { token: admin, body: { townId: place.townId, name: "竞速二镇二网格", level: 1 } });
    const unit = await createUnit(unitIn(place.townId, other.body.id));
    expect(unit.status).toBe(201);
    const pause = unitLists.arm((_tenant, filter) => filter.gridId === place.gridId);
    const deleting = h.request("DELETE", `/v1/grids/${place.gridId}`, { token: admin });
    await pause.reached;

    const moved = await h.request("PATCH", `/v1/enterprises/${unit.body.id}`, { token: admin, body: { gridId: place.gridId } });
    const seen = await h.request("GET", `/v1/grids/${place.gridId}`, { token: admin });
    expect(seen.body).toMatchObject({ id: place.gridId, version: 1 });
    expect(seen.body).not.toHaveProperty("deletingUntil");
    pause.release();
    const deleted = await deleting;

    expect(moved.status).toBe(409);
    expect(moved.body.error.code).toBe("reference_being_deleted");
    expect(deleted.status).toBe(204);
    expect((await h.request("GET", `/v1/enterprises/${unit.body.id}`, { token: admin })).body.gridId).toBe(other.body.id);
    expect(await liveUnitsOf(`gridId=${place.gridId}`)).toEqual([]);
  });

  it("a grid created in a town being deleted is refused, and the town is deleted", async () => {
    const townId = await newTown("竞速三镇");
    const pause = unitLists.arm((_tenant, filter) => filter.townId === townId);
    const deleting = h.request("DELETE", `/v1/towns/${townId}`, { token: admin });
    await pause.reached;

    const grid = await h.request("POST", "/v1/grids", { token: admin, body: { townId, name: "竞速三镇一网格", level: 1 } });
    pause.release();
    const deleted = await deleting;

    expect(grid.status).toBe(409);
    expect(grid.body.error.code).toBe("reference_being_deleted");
    expect(deleted.status).toBe(204);
    expect((await h.request("GET", `/v1/grids?townId=${townId}`, { token: admin })).body.items).toEqual([]);
  });

  it("a grid created inside a grid being deleted is refused, and the grid is deleted", async () => {
    const place = await addPlace(h, admin, "竞速四镇");
    const pause = unitLists.arm((_tenant, filter) => filter.gridId === place.gridId);
    const deleting = h.request("DELETE", `/v1/grids/${place.gridId}`, { token: admin });
    await pause.reached;

    const child = await h.request("POST", "/v1/grids", {
      token: admin,
      body: { townId: place.townId, name: "竞速四镇社区网格", level: 2, parentGridId: place.gridId },
    });
    pause.release();
    const deleted = await deleting;

    expect(child.status).toBe(409);
    expect(child.body.error.code).toBe("reference_being_deleted");
    expect(deleted.status).toBe(204);
    expect((await h.request("GET", `/v1/grids?townId=${place.townId}`, { token: admin })).body.items).toEqual([]);
  });

  it("a lessee (厂中厂) saved onto a host being deleted is refused, and the host is deleted", async () => {
    const townId = await newTown("竞速五镇");
    const host = await createUnit(unitIn(townId));
    expect(host.status).toBe(201);
    const pause = lesseeCounts.arm((_tenant, hostId) => hostId === host.body.id);
    const deleting = h.request("DELETE", `/v1/enterprises/${host.body.id}`, { token: admin });
    await pause.reached;

    const lessee = await createUnit(unitIn(townId, null, { hostId: host.body.id }));
    const seen = await h.request("GET", `/v1/enterprises/${host.body.id}`, { token: admin });
    expect(seen.body).toMatchObject({ deletedAt: null, version: host.body.version });
    expect(seen.body).not.toHaveProperty("deletingUntil");
    pause.release();
    const deleted = await deleting;

    expect(lessee.status).toBe(409);
    expect(lessee.body.error.code).toBe("reference_being_deleted");
    expect(deleted.status).toBe(200);
    expect(deleted.body.deletedAt).not.toBeNull();
    expect(deleted.body).not.toHaveProperty("deletingUntil");
    expect(await liveUnitsOf(`hostId=${host.body.id}`)).toEqual([]);
  });
});

describe("the deletion's lease", () => {
  it("an edit of the town while its deletion checks stands; the deletion is then refused as stale", async () => {
    const townId = await newTown("竞速六镇");
    const pause = unitLists.arm((_tenant, filter) => filter.townId === townId);
    const deleting = h.request("DELETE", `/v1/towns/${townId}`, { token: admin, headers: { "if-match": '"1"' } });
    await pause.reached;

    const renamed = await h.request("PATCH", `/v1/towns/${townId}`, {
      token: admin,
      headers: { "if-match": '"1"' },
      body: { name: "竞速六街道" },
    });
    pause.release();
    const deleted = await deleting;

    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "竞速六街道", version: 2 });
    expect(renamed.body).not.toHaveProperty("deletingUntil");
    expect(deleted.status).toBe(412);
    expect(deleted.body.error.code).toBe("version_mismatch");
    const town = await h.request("GET", `/v1/towns/${townId}`, { token: admin });
    expect(town.body).toMatchObject({ name: "竞速六街道", version: 2 });
    expect(town.body).not.toHaveProperty("deletingUntil");
    // The edit replaced the record, lease and all: the town takes units again at once.
    expect((await createUnit(unitIn(townId))).status).toBe(201);
  });

  it("a second deletion while the first checks is refused: 409 deletion_in_progress", async () => {
    const townId = await newTown("竞速十一镇");
    const pause = unitLists.arm((_tenant, filter) => filter.townId === townId);
    const first = h.request("DELETE", `/v1/towns/${townId}`, { token: admin });
    await pause.reached;

    const second = await h.request("DELETE", `/v1/towns/${townId}`, { token: admin });
    pause.release();

    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe("deletion_in_progress");
    expect((await first).status).toBe(204);
  });

  it("a refused deletion lifts its lease at once: the town takes units again", async () => {
    const townId = await newTown("竞速七镇");
    expect((await createUnit(unitIn(townId))).status).toBe(201);
    const refused = await h.request("DELETE", `/v1/towns/${townId}`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("town_in_use");
    expect((await createUnit(unitIn(townId))).status).toBe(201);
    expect(await liveUnitsOf(`townId=${townId}`)).toHaveLength(2);
  });

  it("a deletion stalled past its lease deletes nothing, and the lease expires by itself", async () => {
    const townId = await newTown("竞速八镇");
    const pause = unitLists.arm((_tenant, filter) => filter.townId === townId);
    const deleting = h.request("DELETE", `/v1/towns/${townId}`, { token: admin });
    await pause.reached;

    const during = await createUnit(unitIn(townId));
    // As if the deletion had died here: a minute later its lease no longer holds the town.
    clock.advance(61_000);
    const after = await createUnit(unitIn(townId));
    pause.release();
    const deleted = await deleting;

    expect(during.status).toBe(409);
    expect(during.body.error.code).toBe("reference_being_deleted");
    expect(after.status).toBe(201);
    // Its check no longer covers the town (the unit came after the lease), so the late deletion gives up.
    expect(deleted.status).toBe(409);
    expect(deleted.body.error.code).toBe("deletion_timed_out");
    expect(await status(`/v1/towns/${townId}`)).toBe(200);
    expect(await liveUnitsOf(`townId=${townId}`)).toHaveLength(1);
  });
});

describe("many writes racing one deletion", () => {
  it("twenty units created into a town while it is deleted: never a unit in a deleted town", async () => {
    const townId = await newTown("竞速九镇");
    const [deleted, ...units] = await Promise.all([
      h.request("DELETE", `/v1/towns/${townId}`, { token: admin }),
      ...Array.from({ length: 20 }, () => createUnit(unitIn(townId))),
    ]);
    const created = units.filter((u) => u.status === 201);
    for (const refused of units.filter((u) => u.status !== 201)) {
      expect([409, 422]).toContain(refused.status);
    }
    if (deleted.status === 204) {
      expect(created).toEqual([]);
      expect(await status(`/v1/towns/${townId}`)).toBe(404);
    } else {
      expect(deleted.status).toBe(409);
      expect(await status(`/v1/towns/${townId}`)).toBe(200);
    }
    expect(await liveUnitsOf(`townId=${townId}`)).toHaveLength(created.length);
  });

  it("twenty lessees created onto a host while it is deleted: never a lessee of a deleted host", async () => {
    const townId = await newTown("竞速十镇");
    const host = (await createUnit(unitIn(townId))).body;
    const [deleted, ...lessees] = await Promise.all([
      h.request("DELETE", `/v1/enterprises/${host.id}`, { token: admin }),
      ...Array.from({ length: 20 }, () => createUnit(unitIn(townId, null, { hostId: host.id }))),
    ]);
    const created = lessees.filter((u) => u.status === 201);
    for (const refused of lessees.filter((u) => u.status !== 201)) {
      expect([409, 412, 422]).toContain(refused.status);
    }
    const stored = (await h.request("GET", `/v1/enterprises/${host.id}`, { token: admin })).body;
    if (deleted.status === 200) {
      expect(created).toEqual([]);
      expect(stored.deletedAt).not.toBeNull();
    } else {
      expect(deleted.status).toBe(409);
      expect(stored.deletedAt).toBeNull();
    }
    expect(await liveUnitsOf(`hostId=${host.id}`)).toHaveLength(created.length);
  });
});
