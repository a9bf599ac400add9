// Placards through HTTP → app → DynamoDB Local: posting for a unit or a zone, checks and the due list,
// revoking, QR codes that point at the public page (capped in size, rendered once, 304 on If-None-Match), and
// the public page itself (no credential, by token only).
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "#api/app";
import { type QrRenderer, qrcodeRenderer } from "#api/routes/placards/qr-code";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, creditCode, enterpriseBody, type Place } from "#test/support/register";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let inspector: string;
let place: Place;
let unit: { id: string; name: string };

const persons = {
  first: { name: "张三", phone: "13912345678", title: "总经理" },
  inCharge: { name: "李四", phone: "0516-87654321" },
  specific: [{ name: "王五", phone: "13800001111", title: "车间主任" }],
};

beforeAll(async () => {
  h = await createHarness({ clock });
  inspector = await h.token("inspector", "320312", "inspector-li");
  place = await addPlace(h, await h.token("tenant-admin", "320312"), "柳新镇");
  const res = await h.request("POST", "/v1/enterprises", { token: inspector, body: enterpriseBody(1, place, { riskLevel: "orange" }) });
  unit = res.body;
});

async function post(body: Record<string, unknown>) {
  const res = await h.request("POST", "/v1/placards", { token: inspector, body: { enterpriseId: unit.id, persons, ...body } });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe("posting placards", () => {
  it("posts a unit placard with normalised phones, a default title and an unguessable public URL", async () => {
    const res = await h.request("POST", "/v1/placards", {
      token: inspector,
      body: { enterpriseId: unit.id, location: "大门东侧", persons: { ...persons, inCharge: { name: "李四", phone: "(0516)8765-4321" } } },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: "unit",
      title: `${unit.name}安全责任公示牌`,
      location: "大门东侧",
      postedOn: "2026-11-25",
      lastCheckedOn: "2026-11-25",
      status: "active",
      persons: { inCharge: { phone: "0516-87654321", title: null } },
    });
    expect(res.body.publicToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(res.body.publicUrl).toBe(`http://localhost/p/320312/${res.body.publicToken}`);
    const other = await post({});
    expect(other.publicToken).not.toBe(res.body.publicToken);
  });

  it("a zone placard needs its zone name; unknown or deleted units are refused", async () => {
    const zone = await h.request("POST", "/v1/placards", { token: inspector, body: { enterpriseId: unit.id, kind: "zone", persons } });
    expect(zone.status).toBe(400);
    expect(zone.body.error.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual([
      "zoneName:zone_name_required",
    ]);
    const ok = await post({ kind: "zone", zoneName: "3号楼" });
    expect(ok.title).toBe("3号楼安全责任公示牌");
    const unknown = await h.request("POST", "/v1/placards", {
      token: inspector,
      body: { enterpriseId: "01jabcdefghjkmnpqrstvwxyz0", persons },
    });
    expect(unknown.status).toBe(422);
    const noSpecific = await h.request("POST", "/v1/placards", {
      token: inspector,
      body: { enterpriseId: unit.id, persons: { ...persons, specific: [] } },
    });
    expect(noSpecific.status).toBe(400);
    const future = await h.request("POST", "/v1/placards", {
      token: inspector,
      body: { enterpriseId: unit.id, persons, postedOn: "2026-12-01" },
    });
    expect(future.status).toBe(422);
  });
});

describe("checks and the due list", () => {
  it("lists placards not checked for six months, and a check takes one off the list", async () => {
    const old = await post({ title: "老牌", postedOn: "2026-05-20" });
    const exactly = await post({ title: "正好六个月", postedOn: "2026-05-25" });
    const recent = await post({ title: "新牌", postedOn: "2026-05-26" });
    const due = await h.request("GET", "/v1/placards?due=true", { token: inspector });
    expect(due.status).toBe(200);
    const dueIds = due.body.items.map((p: { id: string }) => p.id);
    expect(dueIds).toEqual([old.id, exactly.id]);
    expect(dueIds).not.toContain(recent.id);

    const checked = await h.request("POST", `/v1/placards/${old.id}/checks`, {
      token: inspector,
      body: { condition: "faded", note: "字迹褪色，已申请更换" },
    });
    expect(checked.status).toBe(201);
    expect(checked.body.placard).toMatchObject({ lastCheckedOn: "2026-11-25", lastCondition: "faded", version: 2 });
    const late = await h.request("POST", `/v1/placards/${old.id}/checks`, {
      token: inspector,
      body: { condition: "good", checkedOn: "2026-08-01" },
    });
    expect(late.status).toBe(201);
    expect(late.body.placard.lastCheckedOn).toBe("2026-11-25"); // an older check does not move the date back
    const checks = await h.request("GET", `/v1/placards/${old.id}/checks`, { token: inspector });
    expect(checks.body.items.map((c: { checkedOn: string }) => c.checkedOn)).toEqual(["2026-11-25", "2026-08-01"]);
    const after = await h.request("GET", "/v1/placards?due=true", { token: inspector });
    expect(after.body.items.map((p: { id: string }) => p.id)).toEqual([exactly.id]);
    const ofUnit = await h.request("GET", `/v1/placards?due=true&enterpriseId=${unit.id}`, { token: inspector });
    expect(ofUnit.body.items.map((p: { id: string }) => p.id)).toEqual([exactly.id]);
    // A deleted unit's placards leave the due list.
    const gone = await h.request("POST", "/v1/enterprises", { token: inspector, body: enterpriseBody(2, place) });
    const goneDue = await h.request("POST", "/v1/placards", {
      token: inspector,
      body: { enterpriseId: gone.body.id, persons, postedOn: "2026-01-05" },
    });
    expect((await h.request("GET", "/v1/placards?due=true", { token: inspector })).body.items.map((p: { id: string }) => p.id)).toContain(
      goneDue.body.id,
    );
    await h.request("DELETE", `/v1/enterprises/${gone.body.id}`, { token: inspector });
    expect(
      (await h.request("GET", "/v1/placards?due=true", { token: inspector })).body.items.map((p: { id: string }) => p.id),
    ).not.toContain(goneDue.body.id);
    const before = await h.request("POST", `/v1/placards/${exactly.id}/checks`, {
      token: inspector,
      body: { condition: "good", checkedOn: "2026-01-01" },
    });
    expect(before.status).toBe(422);
  });

  it("follows the tenant's check interval setting", async () => {
    const admin = await h.token("tenant-admin", "320312");
    await post({ title: "三个月前", postedOn: "2026-08-20" });
    const set = await h.request("PATCH", "/v1/settings", { token: admin, body: { placardCheckMonths: 3 } });
    expect(set.status).toBe(200);
    const due = await h.request("GET", "/v1/placards?due=true&limit=100", { token: inspector });
    expect(due.body.items.map((p: { title: string }) => p.title)).toContain("三个月前");
    await h.request("PATCH", "/v1/settings", { token: admin, body: { placardCheckMonths: 6 } });
  });
});

describe("revoking, QR codes and the public page", () => {
  it("serves the public page by token without a credential, showing current persons and the unit's risk colour", async () => {
    const placard = await post({ location: "1号厂房东门" });
    const path = new URL(placard.publicUrl).pathname;
    const page = await h.request("GET", path);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(page.body).toContain(unit.name);
    expect(page.body).toContain("13912345678");
    expect(page.body).toContain("risk-orange");
    expect(page.body).toContain("2026-11-25");

    const changed = await h.request("PATCH", `/v1/placards/${placard.id}`, {
      token: inspector,
      headers: { "if-match": '"1"' },
      body: { persons: { ...persons, first: { name: "赵六", phone: "13700002222" } } },
    });
    expect(changed.status).toBe(200);
    const admin = await h.token("tenant-admin", "320312");
    await h.request("PATCH", "/v1/settings", { token: admin, body: { maskPublicPhones: true } });
    const masked = await h.request("GET", path);
    expect(masked.body).toContain("赵六");
    expect(masked.body).not.toContain("张三");
    expect(masked.body).toContain("137****2222");
    expect(masked.body).not.toContain("13700002222");
    await h.request("PATCH", "/v1/settings", { token: admin, body: { maskPublicPhones: false } });

    const revoked = await h.request("POST", `/v1/placards/${placard.id}/revoke`, { token: inspector, body: { reason: "已更换新牌" } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe("revoked");
    const gone = await h.request("GET", path);
    expect(gone.status).toBe(200);
    expect(gone.body).toContain("已撤销");
    expect((await h.request("POST", `/v1/placards/${placard.id}/checks`, { token: inspector, body: { condition: "good" } })).status).toBe(
      409,
    );
  });

  it("discloses the actual controller and the town and village supervisors (Yangzhou's placards), masked like the others", async () => {
    const disclosed = {
      ...persons,
      actualController: { name: "赵实控", phone: "13600001111" },
      townSupervisor: { name: "钱镇长", phone: "13600002222", title: "安监办主任" },
      communitySupervisor: { name: "孙书记", phone: "0514-87654321" },
    };
    const placard = await post({ persons: disclosed });
    expect(placard.persons).toMatchObject({
      actualController: { name: "赵实控", phone: "13600001111", title: null },
      townSupervisor: { name: "钱镇长", title: "安监办主任" },
      communitySupervisor: { name: "孙书记", phone: "0514-87654321" },
    });
    expect((await post({})).persons).toMatchObject({ actualController: null, townSupervisor: null, communitySupervisor: null });

    // A change that sends only the three persons keeps the others; null clears one.
    const kept = await h.request("PATCH", `/v1/placards/${placard.id}`, {
      token: inspector,
      body: { persons: { ...persons, first: { name: "赵六", phone: "13700002222" } } },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.persons).toMatchObject({
      first: { name: "赵六" },
      actualController: { name: "赵实控" },
      townSupervisor: { name: "钱镇长" },
    });

    const path = new URL(placard.publicUrl).pathname;
    const page = await h.request("GET", path);
    for (const text of ["实际控制人", "赵实控", "属地监管责任人", "镇街监管责任人", "钱镇长", "村居监管责任人", "孙书记", "13600002222"])
      expect(page.body, text).toContain(text);
    const admin = await h.token("tenant-admin", "320312");
    await h.request("PATCH", "/v1/settings", { token: admin, body: { maskPublicPhones: true } });
    try {
      const masked = await h.request("GET", path);
      expect(masked.body).toContain("钱镇长");
      for (const [full, shown] of [
        ["13600001111", "136****1111"],
        ["13600002222", "136****2222"],
      ]) {
        expect(masked.body).not.toContain(full);
        expect(masked.body).toContain(shown);
      }
      expect(masked.body).not.toContain("87654321");
    } finally {
      await h.request("PATCH", "/v1/settings", { token: admin, body: { maskPublicPhones: false } });
    }

    const cleared = await h.request("PATCH", `/v1/placards/${placard.id}`, {
      token: inspector,
      body: { persons: { ...persons, townSupervisor: null } },
    });
    expect(cleared.body.persons).toMatchObject({ townSupervisor: null, actualController: { name: "赵实控" } });
    expect((await h.request("GET", path)).body).not.toContain("镇街监管责任人");
  });

  it("answers 404 for unknown or malformed tokens and for another tenant's path", async () => {
    const placard = await post({});
    const token = placard.publicToken as string;
    for (const path of [`/p/320312/${"A".repeat(22)}`, `/p/320300/${token}`, `/p/999999/${token}`, "/p/320312/short"]) {
      const res = await h.request("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.body).toContain("<html");
    }
  });

  it("draws QR codes that encode the public URL, as SVG and PNG of the asked size", async () => {
    const placard = await post({});
    const svg = await h.request("GET", `/v1/placards/${placard.id}/qr.svg`, { token: inspector });
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(svg.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const png = await h.app.request(`/v1/placards/${placard.id}/qr.png?size=300`, { headers: { authorization: `Bearer ${inspector}` } });
    expect(png.status).toBe(200);
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(16)).toBe(300); // IHDR width
  });

  it("refuses a PNG wider than 2048 px as a validation failure of query.size, and draws 2048 px", async () => {
    const placard = await post({});
    for (const size of [2049, 4096, 9000]) {
      const tooBig = await h.request("GET", `/v1/placards/${placard.id}/qr.png?size=${size}`, { token: inspector });
      expect(tooBig.status, String(size)).toBe(400);
      expect(tooBig.body.error.code).toBe("validation_failed");
      expect(tooBig.body.error.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual([
        "query.size:too_big",
      ]);
    }
    const tooSmall = await h.request("GET", `/v1/placards/${placard.id}/qr.png?size=64`, { token: inspector });
    expect(tooSmall.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(["query.size"]);
    const largest = await h.app.request(`/v1/placards/${placard.id}/qr.png?size=2048`, {
      headers: { authorization: `Bearer ${inspector}` },
    });
    expect(largest.status).toBe(200);
    expect(new DataView(await largest.arrayBuffer()).getUint32(16)).toBe(2048);
  });

  it("renders each QR image once, names it by an ETag and answers If-None-Match with 304", async () => {
    const rendered: string[] = [];
    const counting: QrRenderer = {
      svg: async (url) => {
        rendered.push(`svg ${url}`);
        return qrcodeRenderer.svg(url);
      },
      png: async (url, size) => {
        rendered.push(`png ${size} ${url}`);
        return qrcodeRenderer.png(url, size);
      },
    };
    const app = createApp({ ...h.deps, qrRenderer: counting });
    const placard = await post({});
    const get = (path: string, headers: Record<string, string> = {}) =>
      app.request(`/v1/placards/${placard.id}/${path}`, { headers: { authorization: `Bearer ${inspector}`, ...headers } });

    const first = await get("qr.png?size=600");
    expect(first.status).toBe(200);
    const bytes = new Uint8Array(await first.arrayBuffer());
    const tag = first.headers.get("etag");
    expect(tag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("private, max-age=86400");
    expect(rendered).toEqual([`png 600 ${placard.publicUrl}`]);

    const again = await get("qr.png?size=600");
    expect(again.status).toBe(200);
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes);
    expect(again.headers.get("etag")).toBe(tag);
    expect(rendered).toHaveLength(1); // served from the cache: nothing drawn again

    const notModified = await get("qr.png?size=600", { "if-none-match": `"other", ${tag}` });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    expect(notModified.headers.get("etag")).toBe(tag);
    expect(notModified.headers.get("cache-control")).toBe("private, max-age=86400");
    expect(rendered).toHaveLength(1);

    // Another size or format is another image, with another ETag; a stale ETag gets the image.
    const other = await get("qr.png?size=601", { "if-none-match": tag ?? "" });
    expect(other.status).toBe(200);
    expect(other.headers.get("etag")).not.toBe(tag);
    const svg = await get("qr.svg");
    const svgAgain = await get("qr.svg", { "if-none-match": svg.headers.get("etag") ?? "" });
    expect([svg.status, svgAgain.status]).toEqual([200, 304]);
    expect(rendered).toEqual([`png 600 ${placard.publicUrl}`, `png 601 ${placard.publicUrl}`, `svg ${placard.publicUrl}`]);

    // The ETag is no way around access: another tenant asking with it gets 404, not 304.
    const city = await h.token("tenant-admin", "320300");
    const foreign = await app.request(`/v1/placards/${placard.id}/qr.png?size=600`, {
      headers: { authorization: `Bearer ${city}`, "if-none-match": tag ?? "" },
    });
    expect(foreign.status).toBe(404);
  });

  it("serves no page for a suspended tenant", async () => {
    const placard = await post({});
    const path = new URL(placard.publicUrl).pathname;
    expect((await h.request("GET", path)).status).toBe(200);
    const ops = await h.platformToken();
    const suspend = await h.request("PATCH", "/v1/tenants/320312", { token: ops, body: { status: "suspended" } });
    expect(suspend.status).toBe(200);
    clock.advance(61_000); // past the one-minute registry cache
    expect((await h.request("GET", path)).status).toBe(404);
    await h.request("PATCH", "/v1/tenants/320312", { token: ops, body: { status: "active" } });
    clock.advance(61_000);
    expect((await h.request("GET", path)).status).toBe(200);
  });

  it("keeps placards inside their tenant", async () => {
    const placard = await post({});
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", `/v1/placards/${placard.id}`, { token: city })).status).toBe(404);
    expect((await h.request("GET", `/v1/placards/${placard.id}/qr.svg`, { token: city })).status).toBe(404);
    expect((await h.request("POST", `/v1/placards/${placard.id}/revoke`, { token: city, body: { reason: "x" } })).status).toBe(404);
    const list = await h.request("GET", "/v1/placards?limit=100", { token: city });
    expect(list.body.items).toEqual([]);
    const crossUnit = await h.request("POST", "/v1/placards", { token: city, body: { enterpriseId: unit.id, persons } });
    expect(crossUnit.status).toBe(422);
  });
});

describe("placard coverage (the monthly report's)", () => {
  it("counts active placards and the units that have one, through creations, revocations and a race on one unit", async () => {
    const tenant = "320305";
    await h.addTenant(tenant, "贾汪区");
    const admin = await h.token("tenant-admin", tenant);
    const town = await addPlace(h, admin, "大吴镇");
    const [a, b] = await Promise.all(
      [1, 2].map(
        async (n) => (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(n, town) })).body.id as string,
      ),
    );
    const place = (enterpriseId: string) => h.request("POST", "/v1/placards", { token: admin, body: { enterpriseId, persons } });
    const revoke = (id: string) => h.request("POST", `/v1/placards/${id}/revoke`, { token: admin, body: { reason: "已更换新牌" } });
    const coverage = () => h.deps.placards.coverage(tenant);
    const inTown = (activePlacards: number, coveredUnits: number) => ({ townId: town.townId, activePlacards, coveredUnits });
    expect(await coverage()).toEqual({ activePlacards: 0, coveredUnits: 0, byTown: [] });

    // Three placards for one unit at once: each moves the unit's count, none is lost, the unit counts once.
    const raced = await Promise.all([place(a ?? ""), place(a ?? ""), place(a ?? "")]);
    expect(raced.map((r) => r.status)).toEqual([201, 201, 201]);
    expect((await place(b ?? "")).status).toBe(201);
    expect(await coverage()).toEqual({ activePlacards: 4, coveredUnits: 2, byTown: [inTown(4, 2)] });

    // Revoking two of a's leaves it covered; the last one uncovers it; revoking again changes nothing.
    await revoke(raced[0]?.body.id);
    await revoke(raced[1]?.body.id);
    expect(await coverage()).toEqual({ activePlacards: 2, coveredUnits: 2, byTown: [inTown(2, 2)] });
    await revoke(raced[2]?.body.id);
    await revoke(raced[2]?.body.id);
    expect(await coverage()).toEqual({ activePlacards: 1, coveredUnits: 1, byTown: [inTown(1, 1)] });
    // The counts are the tenant's own: the demo district's placards (posted above) are counted in its tenant.
    expect((await h.deps.placards.coverage("320312")).activePlacards).toBeGreaterThan(0);
  });
});

describe("coverage figures", () => {
  it("counts per town and in total the units with and without an active placard, and the placards, as units move and placards go", async () => {
    const tenant = "320381";
    await h.addTenant(tenant, "新沂市");
    const admin = await h.token("tenant-admin", tenant);
    const [a, b, c] = [await addPlace(h, admin, "新安街道"), await addPlace(h, admin, "北沟街道"), await addPlace(h, admin, "墨河街道")];
    const unitIn = async (n: number, town: Place) =>
      (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(n, town, { creditCode: creditCode(n, tenant) }) }))
        .body.id as string;
    const [a1, a2, b1] = [await unitIn(1, a), await unitIn(2, a), await unitIn(3, b)];
    const place = async (enterpriseId: string) =>
      (await h.request("POST", "/v1/placards", { token: admin, body: { enterpriseId, persons } })).body.id as string;
    await place(a1);
    await place(a1);
    const ofB1 = await place(b1);
    const coverage = async () => {
      const res = await h.request("GET", "/v1/placards/coverage", { token: await h.token("inspector", tenant) });
      expect(res.status).toBe(200);
      return res.body;
    };
    const figures = (units: number, coveredUnits: number, activePlacards: number, coverageRate: string | null) => ({
      units,
      coveredUnits,
      uncoveredUnits: units - coveredUnits,
      activePlacards,
      coverageRate,
    });
    const byTown = (body: { towns: ({ townId: string } & Record<string, unknown>)[] }) =>
      Object.fromEntries(body.towns.map(({ townId, townName: _, ...rest }) => [townId, rest]));

    const first = await coverage();
    expect(first).toMatchObject({ asOf: "2026-11-25", total: figures(3, 2, 3, "66.67") });
    expect(first.towns.map((t: { townName: string }) => t.townName).sort()).toEqual(["北沟街道", "墨河街道", "新安街道"].sort());
    expect(byTown(first)).toEqual({
      [a.townId]: figures(2, 1, 2, "50"),
      [b.townId]: figures(1, 1, 1, "100"),
      [c.townId]: figures(0, 0, 0, null),
    });

    // A unit moving town takes its placards along; a revoked placard uncovers its unit.
    expect((await h.request("PATCH", `/v1/enterprises/${a1}`, { token: admin, body: { townId: b.townId, gridId: b.gridId } })).status).toBe(
      200,
    );
    await h.request("POST", `/v1/placards/${ofB1}/revoke`, { token: admin, body: { reason: "已更换新牌" } });
    const after = await coverage();
    expect(after.total).toEqual(figures(3, 1, 2, "33.33"));
    expect(byTown(after)).toEqual({
      [a.townId]: figures(1, 0, 0, "0"),
      [b.townId]: figures(2, 1, 2, "50"),
      [c.townId]: figures(0, 0, 0, null),
    });

    // A deleted unit's placards leave the counts (its public page says revoked) and come back with the unit.
    await place(a2);
    expect(byTown(await coverage())[a.townId]).toEqual(figures(1, 1, 1, "100"));
    await h.request("DELETE", `/v1/enterprises/${a2}`, { token: admin });
    const deleted = await coverage();
    expect(byTown(deleted)[a.townId]).toEqual(figures(0, 0, 0, null));
    expect(deleted.total).toEqual(figures(2, 1, 2, "50"));
    expect((await h.request("POST", `/v1/enterprises/${a2}/restore`, { token: admin })).status).toBe(200);
    const restored = await coverage();
    expect(byTown(restored)[a.townId]).toEqual(figures(1, 1, 1, "100"));
    expect(restored.total).toEqual(figures(3, 2, 3, "66.67"));
  });

  it("counts a placard posted before towns were kept in the totals, and in its town from its next save", async () => {
    const tenant = "320382";
    await h.addTenant(tenant, "邳州市");
    const admin = await h.token("tenant-admin", tenant);
    const town = await addPlace(h, admin, "运河街道");
    const [template, unit] = await Promise.all(
      [1, 2].map((n) =>
        h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(n, town, { creditCode: creditCode(n, tenant) }) }),
      ),
    );
    // Saved as the store held placards before: no town, no person changes, none of the optional persons (a placard
    // of another unit, taken down, gives its shape).
    const posted = (await h.request("POST", "/v1/placards", { token: admin, body: { enterpriseId: template?.body.id, persons } })).body;
    await h.request("POST", `/v1/placards/${posted.id}/revoke`, { token: admin, body: { reason: "改为旧数据" } });
    const { townId: _town, personChanges: _changes, publicUrl: _url, ...legacy } = posted;
    const old = {
      ...legacy,
      enterpriseId: unit?.body.id,
      id: "01jpmc00000000000000000001",
      publicToken: "L".repeat(22),
      persons: { ...persons, inCharge: { ...persons.inCharge, title: null } },
    };
    const audit = {
      id: "01jamd00000000000000000001",
      at: old.createdAt,
      actor: { kind: "system" as const, id: "test" },
      action: "placard.create",
      entity: { type: "placard", id: old.id },
    };
    await h.deps.placards.save(tenant, { before: undefined, after: old, enterprise: unit?.body }, { audit });
    const coverage = async () => (await h.request("GET", "/v1/placards/coverage", { token: admin })).body;
    const before = await coverage();
    expect(before.total).toMatchObject({ units: 2, coveredUnits: 1, activePlacards: 1 });
    expect(before.towns[0]).toMatchObject({ units: 2, coveredUnits: 0, activePlacards: 0 });
    expect((await h.request("GET", `/v1/placards/${old.id}`, { token: admin })).body).toMatchObject({
      personChanges: [],
      persons: { actualController: null },
    });

    // A check saves it with its unit's town: the town counts it; the totals stay.
    await h.request("POST", `/v1/placards/${old.id}/checks`, { token: admin, body: { condition: "faded" } });
    const checked = await coverage();
    expect(checked.total).toMatchObject({ units: 2, coveredUnits: 1, activePlacards: 1 });
    expect(checked.towns[0]).toMatchObject({ units: 2, coveredUnits: 1, activePlacards: 1 });
    const listed = await h.request("GET", "/v1/placards/replacements", { token: admin });
    expect(listed.body.items.map((e: { placard: { id: string } }) => e.placard.id)).toEqual([old.id]);
    await h.request("POST", `/v1/placards/${old.id}/revoke`, { token: admin, body: { reason: "已更换新牌" } });
    const gone = await coverage();
    expect(gone.total).toMatchObject({ units: 2, coveredUnits: 0, activePlacards: 0 });
    expect(gone.towns[0]).toMatchObject({ coveredUnits: 0, activePlacards: 0 });
  });
});

describe("placards to replace", () => {
  const tenant = "320324";
  let admin: string;
  let townA: Place;
  let townB: Place;
  const unitIn = async (n: number, town: Place) =>
    (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(n, town, { creditCode: creditCode(n, tenant) }) }))
      .body as { id: string; name: string };
  const placardOf = async (enterpriseId: string, extra: Record<string, unknown> = {}) => {
    const res = await h.request("POST", "/v1/placards", { token: admin, body: { enterpriseId, persons, ...extra } });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number };
  };
  const check = (id: string, condition: string) => h.request("POST", `/v1/placards/${id}/checks`, { token: admin, body: { condition } });
  type Entry = { placard: { id: string; townId: string }; reasons: Record<string, unknown>[] };
  const toReplace = async (query = "") => {
    const res = await h.request("GET", `/v1/placards/replacements?limit=100${query}`, { token: admin });
    expect(res.status).toBe(200);
    return res.body.items as Entry[];
  };
  const why = (entries: Entry[]) => Object.fromEntries(entries.map((e) => [e.placard.id, e.reasons]));

  beforeAll(async () => {
    await h.addTenant(tenant, "睢宁县");
    admin = await h.token("tenant-admin", tenant);
    townA = await addPlace(h, admin, "睢城街道");
    townB = await addPlace(h, admin, "王集镇");
  });

  it("lists the placards whose latest check found them faded, damaged or outdated, by town, until a check finds them good", async () => {
    const [a, b] = [await unitIn(1, townA), await unitIn(2, townB)];
    const faded = await placardOf(a.id);
    const damaged = await placardOf(b.id);
    const good = await placardOf(a.id);
    const outdated = await placardOf(a.id);
    await check(faded.id, "faded");
    await check(damaged.id, "damaged");
    await check(good.id, "good");
    await check(outdated.id, "outdated");
    expect(why(await toReplace())).toEqual({
      [faded.id]: [{ kind: "faded", checkedOn: "2026-11-25" }],
      [outdated.id]: [{ kind: "outdated", checkedOn: "2026-11-25" }],
      [damaged.id]: [{ kind: "damaged", checkedOn: "2026-11-25" }],
    });
    // By town, then posting order; a town's own; paged like every list.
    const sortKey = (id: string) => `${id === damaged.id ? townB.townId : townA.townId}#${id}`;
    const expected = [faded.id, outdated.id, damaged.id].sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : 1));
    expect((await toReplace()).map((e) => e.placard.id)).toEqual(expected);
    expect((await toReplace(`&townId=${townB.townId}`)).map((e) => e.placard.id)).toEqual([damaged.id]);
    const first = await h.request("GET", "/v1/placards/replacements?limit=1", { token: admin });
    expect(first.body.items).toHaveLength(1);
    const second = await h.request("GET", `/v1/placards/replacements?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, {
      token: admin,
    });
    expect(second.body.items[0].placard.id).not.toBe(first.body.items[0].placard.id);

    // A check that finds it good takes it off; so does revoking it; a deleted unit's are left out.
    await check(faded.id, "good");
    await h.request("POST", `/v1/placards/${outdated.id}/revoke`, { token: admin, body: { reason: "已更换新牌" } });
    expect(Object.keys(why(await toReplace()))).toEqual([damaged.id]);
    await h.request("DELETE", `/v1/enterprises/${b.id}`, { token: admin });
    expect(await toReplace()).toEqual([]);
    expect((await h.request("GET", "/v1/placards/replacements?townId=bad", { token: admin })).status).toBe(400);
  });

  it("flags a unit's placards when the register changes a person they show, naming who, until the placard or the register is put right", async () => {
    const unit = await unitIn(3, townA);
    const other = await unitIn(4, townA);
    const [own, zone] = [await placardOf(unit.id), await placardOf(unit.id, { kind: "zone", zoneName: "2号楼" })];
    await placardOf(other.id);
    const patchUnit = (body: Record<string, unknown>) => h.request("PATCH", `/v1/enterprises/${unit.id}`, { token: admin, body });
    // The register's persons are sent whole; the placard's 分管负责人 is the register's safety person throughout.
    const register = (first: { name: string; phone: string }, more: Record<string, unknown> = {}) =>
      patchUnit({ persons: { firstResponsible: first, safetyResponsible: { name: "李四", phone: "0516-87654321" }, ...more } });

    // Nothing the placards show changes: no reason. (The register's safety person is the placard's 分管负责人, as on it.)
    expect((await patchUnit({ address: "睢城街道新址1号" })).status).toBe(200);
    await register({ name: "张三", phone: "13912345678" });
    // An actual controller the placards do not disclose changes nothing either.
    await register({ name: "张三", phone: "13912345678" }, { actualController: { name: "周实控", phone: "13600003333" } });
    expect(await toReplace(`&townId=${townA.townId}`)).toEqual([]);

    const changed = await register({ name: "王强", phone: "13700000000" });
    expect(changed.status).toBe(200);
    const flagged = why(await toReplace(`&townId=${townA.townId}`));
    expect(Object.keys(flagged).sort()).toEqual([own.id, zone.id].sort());
    expect(flagged[own.id]).toEqual([
      {
        kind: "person-changed",
        role: "firstResponsible",
        roleName: "第一责任人（主要负责人）",
        from: "张三",
        to: "王强",
        at: changed.body.updatedAt,
      },
    ]);
    const read = await h.request("GET", `/v1/placards/${own.id}`, { token: admin });
    expect(read.body.personChanges).toEqual([expect.objectContaining({ role: "firstResponsible", from: "张三", to: "王强" })]);
    const audit = await h.request("GET", "/v1/audit?limit=100", { token: admin });
    expect(
      audit.body.items.find(
        (e: { action: string; entity: { id: string } }) => e.action === "placard.follow-register" && e.entity.id === own.id,
      ),
    ).toMatchObject({ changes: { cause: { to: { action: "enterprise.update", entity: { id: unit.id } } } } });

    // The official puts the placard right: its reason goes; the zone placard still has one.
    const fixed = await h.request("PATCH", `/v1/placards/${own.id}`, {
      token: admin,
      body: { persons: { ...persons, first: { name: "王强", phone: "13700000000" } } },
    });
    expect(fixed.body.personChanges).toEqual([]);
    expect(Object.keys(why(await toReplace(`&townId=${townA.townId}`)))).toEqual([zone.id]);

    // The register goes back: the zone placard matches again, the corrected one no longer does.
    await register({ name: "张三", phone: "13912345678" });
    expect(why(await toReplace(`&townId=${townA.townId}`))).toEqual({
      [own.id]: [expect.objectContaining({ kind: "person-changed", from: "王强", to: "张三" })],
    });

    // The unit moves town: its placards go with it, in the list and on the placard.
    const moved = await patchUnit({ townId: townB.townId, gridId: townB.gridId });
    expect(moved.status).toBe(200);
    expect(await toReplace(`&townId=${townA.townId}`)).toEqual([]);
    expect((await toReplace(`&townId=${townB.townId}`)).map((e) => e.placard.id)).toEqual([own.id]);
    expect((await h.request("GET", `/v1/placards/${zone.id}`, { token: admin })).body.townId).toBe(townB.townId);

    // A placard posted after the change shows what the register holds: not flagged by it.
    const later = await placardOf(unit.id, { persons: { ...persons, first: { name: "张三", phone: "13912345678" } } });
    expect((await toReplace(`&townId=${townB.townId}`)).map((e) => e.placard.id)).not.toContain(later.id);
  });

  it("flags them when an import changes the person too", async () => {
    const unit = await unitIn(5, townA);
    const placard = await placardOf(unit.id);
    const header = "企业名称,统一社会信用代码,地址,镇（街道）,行业代码,企业规模,生产状态,主要负责人,主要负责人电话";
    const line = [unit.name, creditCode(5, tenant), "睢城街道测试路5号", "睢城街道", "3311", "小微", "正常生产", "赵导入", "13500005555"];
    const res = await h.app.request(`/v1/imports/file?fileName=${encodeURIComponent("台账.csv")}&mode=all-or-nothing`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/octet-stream" },
      body: new TextEncoder().encode(`${header}\r\n${line.join(",")}\r\n`),
    });
    expect([201, 202]).toContain(res.status);
    await h.deps.queue.idle();
    expect(why(await toReplace(`&townId=${townA.townId}`))[placard.id]).toEqual([
      expect.objectContaining({ kind: "person-changed", role: "firstResponsible", from: "张三", to: "赵导入" }),
    ]);
  });
});
