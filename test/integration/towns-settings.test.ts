// Towns, grids and tenant settings through the API: unique names, grid levels, refusal to delete what units
// still use, who may change them, and isolation between tenants.
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";

let h: Harness;
let admin: string;
let inspector: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312");
});

describe("towns and grids", () => {
  it("creates, lists, renames and deletes towns, with unique names", async () => {
    const town = await h.request("POST", "/v1/towns", { token: admin, body: { name: "紫庄镇", kind: "town", code: "320305102" } });
    expect(town.status).toBe(201);
    expect(town.body).toMatchObject({ name: "紫庄镇", kind: "town", code: "320305102", version: 1 });
    const dup = await h.request("POST", "/v1/towns", { token: admin, body: { name: "紫庄镇", kind: "street" } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("town_name_taken");
    const renamed = await h.request("PATCH", `/v1/towns/${town.body.id}`, {
      token: admin,
      headers: { "if-match": '"1"' },
      body: { name: "紫庄街道", kind: "street" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "紫庄街道", version: 2 });
    // The old name is free again, the new one taken.
    expect((await h.request("POST", "/v1/towns", { token: admin, body: { name: "紫庄街道", kind: "street" } })).status).toBe(409);
    const reuse = await h.request("POST", "/v1/towns", { token: admin, body: { name: "紫庄镇", kind: "town" } });
    expect(reuse.status).toBe(201);
    const list = await h.request("GET", "/v1/towns", { token: inspector });
    expect(list.body.items.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(["紫庄街道", "紫庄镇"]));
    expect((await h.request("DELETE", `/v1/towns/${reuse.body.id}`, { token: admin })).status).toBe(204);
    expect((await h.request("GET", `/v1/towns/${reuse.body.id}`, { token: admin })).status).toBe(404);
  });

  it("keeps grid levels consistent: a level-2 grid sits under a level-1 grid of the same town", async () => {
    const { townId, gridId } = await addPlace(h, admin, "塔山镇");
    const other = await addPlace(h, admin, "江庄镇");
    const noParent = await h.request("POST", "/v1/grids", { token: admin, body: { townId, name: "社区网格一", level: 2 } });
    expect(noParent.status).toBe(422);
    expect(noParent.body.error.details.fields[0].code).toBe("parent_required");
    const wrongTown = await h.request("POST", "/v1/grids", {
      token: admin,
      body: { townId, name: "社区网格一", level: 2, parentGridId: other.gridId },
    });
    expect(wrongTown.status).toBe(422);
    expect(wrongTown.body.error.details.fields[0].code).toBe("invalid_parent_grid");
    const child = await h.request("POST", "/v1/grids", {
      token: admin,
      body: { townId, name: "社区网格一", level: 2, parentGridId: gridId },
    });
    expect(child.status).toBe(201);
    const ofTown = await h.request("GET", `/v1/grids?townId=${townId}`, { token: inspector });
    expect(ofTown.body.items.map((g: { name: string }) => g.name)).toEqual(["塔山镇一网格", "社区网格一"]);
    const unknown = await h.request("POST", "/v1/grids", {
      token: admin,
      body: { townId: "01jabcdefghjkmnpqrstvwxyz0", name: "x", level: 1 },
    });
    expect(unknown.status).toBe(422);
  });

  it("has three levels, 大网格 → 中网格 → 小网格, each inside the grid one level up of the same town", async () => {
    const { townId, gridId: big } = await addPlace(h, admin, "仪征镇");
    const other = await addPlace(h, admin, "真州镇");
    const grid = (body: Record<string, unknown>) => h.request("POST", "/v1/grids", { token: admin, body: { townId, ...body } });
    const codes = (res: { body: { error: { details: { fields: { path: string; code: string }[] } } } }) =>
      res.body.error.details.fields.map((f) => `${f.path}:${f.code}`);
    const middle = await grid({ name: "胥浦中网格", level: 2, parentGridId: big });
    expect(middle.status).toBe(201);
    const otherMiddle = await h.request("POST", "/v1/grids", {
      token: admin,
      body: { townId: other.townId, name: "真州中网格", level: 2, parentGridId: other.gridId },
    });

    const orphan = await grid({ name: "胥浦一小网格", level: 3 });
    expect(orphan.status).toBe(422);
    expect(codes(orphan)).toEqual(["parentGridId:parent_required"]);
    expect(orphan.body.error.details.fields[0].message).toBe("小网格（三级）须指定所属中网格（二级）");
    const underBig = await grid({ name: "胥浦一小网格", level: 3, parentGridId: big });
    expect(codes(underBig)).toEqual(["parentGridId:invalid_parent_grid"]);
    const elsewhere = await grid({ name: "胥浦一小网格", level: 3, parentGridId: otherMiddle.body.id });
    expect(codes(elsewhere)).toEqual(["parentGridId:invalid_parent_grid"]);
    const middleUnderMiddle = await grid({ name: "错层中网格", level: 2, parentGridId: middle.body.id });
    expect(codes(middleUnderMiddle)).toEqual(["parentGridId:invalid_parent_grid"]);
    expect((await grid({ name: "四级网格", level: 4, parentGridId: middle.body.id })).status).toBe(400);

    const small = await grid({ name: "胥浦一小网格", level: 3, parentGridId: middle.body.id });
    expect(small.status).toBe(201);
    expect(small.body).toMatchObject({ level: 3, parentGridId: middle.body.id, townId });

    // A grid with grids inside keeps its level, and cannot be deleted while they are there.
    const relevel = await h.request("PATCH", `/v1/grids/${middle.body.id}`, {
      token: admin,
      body: { level: 1, parentGridId: null },
    });
    expect(relevel.status).toBe(422);
    expect(codes(relevel)).toEqual(["level:has_child_grids"]);
    const remove = await h.request("DELETE", `/v1/grids/${middle.body.id}`, { token: admin });
    expect(remove.status).toBe(409);
    expect(remove.body.error.code).toBe("grid_in_use");

    // The lists still filter: a town's grids at every level, a unit registered in a 小网格.
    const ofTown = await h.request("GET", `/v1/grids?townId=${townId}`, { token: inspector });
    expect(ofTown.body.items.map((g: { name: string; level: number }) => `${g.level}:${g.name}`).sort()).toEqual([
      "1:仪征镇一网格",
      "2:胥浦中网格",
      "3:胥浦一小网格",
    ]);
    const unit = await h.request("POST", "/v1/enterprises", {
      token: admin,
      body: enterpriseBody(610, { townId, gridId: small.body.id }),
    });
    expect(unit.status).toBe(201);
    const inSmall = await h.request("GET", `/v1/enterprises?gridId=${small.body.id}`, { token: inspector });
    expect(inSmall.body.items.map((u: { id: string }) => u.id)).toEqual([unit.body.id]);

    // Moved to another 中网格 of the town, the 小网格 stays valid; once empty, grids come down from the bottom.
    const middle2 = await grid({ name: "刘集中网格", level: 2, parentGridId: big });
    const moved = await h.request("PATCH", `/v1/grids/${small.body.id}`, { token: admin, body: { parentGridId: middle2.body.id } });
    expect(moved.status).toBe(200);
    expect(moved.body.parentGridId).toBe(middle2.body.id);
    expect((await h.request("DELETE", `/v1/grids/${middle.body.id}`, { token: admin })).status).toBe(204);
  });

  it("refuses deleting a town or grid that units still use, and allows it once they are gone", async () => {
    const place = await addPlace(h, admin, "耿集街道");
    const unit = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(500, place) });
    expect(unit.status).toBe(201);
    const grid = await h.request("DELETE", `/v1/grids/${place.gridId}`, { token: admin });
    expect(grid.status).toBe(409);
    expect(grid.body.error.code).toBe("grid_in_use");
    const town = await h.request("DELETE", `/v1/towns/${place.townId}`, { token: admin });
    expect(town.status).toBe(409);
    expect(town.body.error.code).toBe("town_in_use");
    expect((await h.request("DELETE", `/v1/enterprises/${unit.body.id}`, { token: admin })).status).toBe(200);
    expect((await h.request("DELETE", `/v1/grids/${place.gridId}`, { token: admin })).status).toBe(204);
    expect((await h.request("DELETE", `/v1/towns/${place.townId}`, { token: admin })).status).toBe(204);
    // Restoring the unit now names the missing town instead of bringing back a dangling reference.
    const restore = await h.request("POST", `/v1/enterprises/${unit.body.id}/restore`, { token: admin });
    expect(restore.status).toBe(422);
    expect(restore.body.error.details.fields.map((f: { code: string }) => f.code).sort()).toEqual(["unknown_grid", "unknown_town"]);
    // …and the way back is to restore it into a town that exists.
    const other = await addPlace(h, admin, "新址镇");
    const moved = await h.request("POST", `/v1/enterprises/${unit.body.id}/restore`, {
      token: admin,
      body: { townId: other.townId, gridId: other.gridId },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ deletedAt: null, townId: other.townId, gridId: other.gridId });
  });

  it("inspectors read towns but only tenant admins change them; other tenants see nothing", async () => {
    expect((await h.request("POST", "/v1/towns", { token: inspector, body: { name: "x镇", kind: "town" } })).status).toBe(403);
    const { townId, gridId } = await addPlace(h, admin, "老矿街道");
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", `/v1/towns/${townId}`, { token: city })).status).toBe(404);
    expect((await h.request("GET", `/v1/grids/${gridId}`, { token: city })).status).toBe(404);
    expect((await h.request("PATCH", `/v1/towns/${townId}`, { token: city, body: { name: "改" } })).status).toBe(404);
    const cityTowns = await h.request("GET", "/v1/towns", { token: city });
    expect(cityTowns.body.items.map((t: { id: string }) => t.id)).not.toContain(townId);
    // Same name in another tenant is fine: names are unique per tenant.
    expect((await h.request("POST", "/v1/towns", { token: city, body: { name: "老矿街道", kind: "street" } })).status).toBe(201);
  });
});

describe("tenant settings", () => {
  it("starts from defaults, changes under If-Match for tenant admins only", async () => {
    const start = await h.request("GET", "/v1/settings", { token: inspector });
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ maskPublicPhones: false, staleAfterDays: 30, placardCheckMonths: 6, version: 0 });
    expect((await h.request("PATCH", "/v1/settings", { token: inspector, body: { maskPublicPhones: true } })).status).toBe(403);
    const changed = await h.request("PATCH", "/v1/settings", {
      token: admin,
      headers: { "if-match": '"0"' },
      body: { maskPublicPhones: true, hotline: "12350", staleAfterDays: 14 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ maskPublicPhones: true, hotline: "12350", staleAfterDays: 14, version: 1 });
    const stale = await h.request("PATCH", "/v1/settings", { token: admin, headers: { "if-match": '"0"' }, body: { staleAfterDays: 7 } });
    expect(stale.status).toBe(412);
    const bad = await h.request("PATCH", "/v1/settings", { token: admin, body: { staleAfterDays: 0, placardCheckMonths: "six" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(["placardCheckMonths", "staleAfterDays"]);
    const city = await h.request("GET", "/v1/settings", { token: await h.token("viewer", "320300") });
    expect(city.body).toMatchObject({ maskPublicPhones: false, version: 0 });
  });
});
