// The example portal (examples/portal-sync.ts) against `npm start`: it copies a tenant's units and hazards through
// the typed client and then follows the change feed while the tenant keeps changing them — creations, edits, a
// hazard's rectification steps, deletions and a restore, some of them made while the copy's lists were being read —
// and its copy ends equal to the source.
import { describe, expect, it } from "vitest";
import { anquanClient, listEnterprises, listHazards } from "#client/index";
import { startApi, stopApi, tempDataDir, waitFor } from "#test/support/local-server";
import { creditCode } from "#test/support/register";
import { hazardCopy, initialCopy, keepInSync, type PortalCopy, unitCopy } from "../../examples/portal-sync.ts";

describe("examples/portal-sync.ts against npm start", () => {
  it("keeps a copy of units and hazards equal to the source, deletions included", { timeout: 180_000 }, async () => {
    const api = await startApi(tempDataDir());
    const send = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${api.token}`, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    };
    const town = await send("POST", "/v1/towns", { name: "同步镇", kind: "town" });
    const grid = await send("POST", "/v1/grids", { townId: town.id, name: "同步镇一网格", level: 1 });
    let n = 0;
    const addUnit = () =>
      send("POST", "/v1/enterprises", {
        name: `徐州同步${String(++n).padStart(3, "0")}机械有限公司`,
        creditCode: creditCode(70_000 + n),
        address: `同步路${n}号`,
        townId: town.id,
        gridId: grid.id,
        industryCode: "3311",
        sizeClass: "small-micro",
        productionStatus: "producing",
        keyRisks: ["有限空间"],
        riskLevel: "yellow",
        persons: { firstResponsible: { name: "张三", phone: "13912345678", title: "总经理" } },
      });
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
    const addHazard = (enterpriseId: string) =>
      send("POST", "/v1/hazards", {
        enterpriseId,
        category: "有限空间",
        description: "污水池有限空间作业未审批",
        location: "二号车间东侧",
        severity: "general",
        source: "inspection",
        foundBy: { name: "李检查", phone: "13912345678" },
        foundOn: today,
      });

    const before = [await addUnit(), await addUnit(), await addUnit()];
    const firstHazard = await addHazard(before[0].id);

    const key = await send("POST", "/v1/api-keys", { name: "portal-sync", scopes: ["enterprises:read", "hazards:read"] });
    const portal = anquanClient({ baseUrl: api.url, apiKey: key.token });
    // Changes made while the portal reads its lists reach it through the feed.
    const [copy] = (await Promise.all([
      initialCopy(portal),
      addUnit(),
      send("PATCH", `/v1/enterprises/${before[1].id}`, { riskLevel: "red" }),
    ])) as [PortalCopy, ...unknown[]];
    const stop = new AbortController();
    const following = keepInSync(portal, copy, { pollMs: 250, signal: stop.signal });

    const later = [await addUnit(), await addUnit()];
    await send("PATCH", `/v1/enterprises/${later[0].id}`, { name: "徐州同步改名机械有限公司" });
    await send("DELETE", `/v1/enterprises/${before[2].id}`);
    await send("DELETE", `/v1/enterprises/${later[1].id}`);
    await send("POST", `/v1/enterprises/${later[1].id}/restore`, {});
    await send("DELETE", `/v1/enterprises/${before[0].id}`);
    const secondHazard = await addHazard(later[0].id);
    await send("POST", `/v1/hazards/${secondHazard.id}/assign`, {
      rectification: {
        measure: "建立有限空间作业审批制度并培训",
        responsible: { name: "王厂长", phone: "13800001111" },
        deadline: today,
        funds: "1200.50",
      },
    });
    await send("PATCH", `/v1/hazards/${firstHazard.id}`, { location: "三号车间" });

    const admin = anquanClient({ baseUrl: api.url, token: api.token });
    const source = async () => {
      const units = new Map((await listEnterprises({ client: admin, query: { limit: 100 } })).data?.items.map((u) => [u.id, unitCopy(u)]));
      const hazards = new Map((await listHazards({ client: admin, query: { limit: 100 } })).data?.items.map((h) => [h.id, hazardCopy(h)]));
      return { units, hazards };
    };
    const sorted = (map: Map<string, unknown>) => JSON.stringify([...map].sort(([a], [b]) => (a < b ? -1 : 1)));
    const equal = async () => {
      const now = await source();
      return sorted(now.units) === sorted(copy.units) && sorted(now.hazards) === sorted(copy.hazards);
    };
    const caughtUp = await waitFor(equal, 60_000, 500);
    stop.abort();
    await following;
    const final = await source();
    expect(caughtUp, "the copy never equalled the source").toBe(true);
    expect(sorted(copy.units)).toBe(sorted(final.units));
    expect(sorted(copy.hazards)).toBe(sorted(final.hazards));
    expect([...copy.units.keys()].sort()).toEqual([...final.units.keys()].sort());
    expect(copy.units.has(before[0].id)).toBe(false); // deleted after the copy was made
    expect(copy.units.has(before[2].id)).toBe(false);
    expect(copy.units.get(later[1].id)).toBeDefined(); // deleted, then restored
    expect(copy.units.get(later[0].id)?.name).toBe("徐州同步改名机械有限公司");
    expect(copy.units.get(before[1].id)?.riskLevel).toBe("red"); // changed while the lists were read
    expect(copy.units.size).toBe(4);
    expect(copy.hazards.get(secondHazard.id)?.state).toBe(final.hazards.get(secondHazard.id)?.state);
    expect(copy.hazards.size).toBe(2);
    await stopApi(api);
  });
});
