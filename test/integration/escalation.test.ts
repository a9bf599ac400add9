// Escalation between tenants through HTTP → app → DynamoDB Local: a district escalates a hazard to its parent
// city (联合攻坚清单), the city assigns, comments, resolves or returns, and the district reads the answer on its
// hazard; a tenant without a parent cannot escalate, the city reaches nothing of the district but what was
// escalated, other tenants reach nothing; racing steps (exactly one wins); the overdue rule's proposals; and the
// city's coordination requests to its leader (提请协调清单), whose recipients are mailed (through a real SMTP server on
// loopback) when a request is filed and when it is decided.
import { DeleteItemCommand, GetItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { LeadingKeysDenied } from "#test/support/leading-keys-guard";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";
import { type SmtpSink, startSmtpSink } from "#test/support/smtp-sink";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
const day = 24 * 3600 * 1000;
const city = "320300";
const district = "320312";
let h: Harness;
let sink: SmtpSink;
let districtAdmin: string;
let districtInspector: string;
let cityAdmin: string;
let cityOfficer: string;
let otherDistrict: string;
let otherCity: string;
let orphan: string;
let place: Place;
let unit: { id: string; name: string };

beforeAll(async () => {
  sink = await startSmtpSink();
  h = await createHarness({ clock, mailer: sink.mailer() });
  await h.addTenant("320311", "泉山区", city);
  await h.addTenant("320100", "南京市");
  await h.addTenant("320102", "玄武区");
  districtAdmin = await h.token("tenant-admin", district, "district-admin");
  districtInspector = await h.token("inspector", district, "district-li");
  cityAdmin = await h.token("tenant-admin", city, "city-admin");
  cityOfficer = await h.token("inspector", city, "city-zhao");
  otherDistrict = await h.token("tenant-admin", "320311");
  otherCity = await h.token("tenant-admin", "320100");
  orphan = await h.token("tenant-admin", "320102");
  place = await addPlace(h, districtAdmin, "大黄山街道");
  unit = (await h.request("POST", "/v1/enterprises", { token: districtAdmin, body: enterpriseBody(1, place) })).body;
  const settings = await h.request("PATCH", "/v1/settings", { token: cityAdmin, body: { departments: ["住建局", "自然资源局"] } });
  expect(settings.status).toBe(200);
});

afterAll(async () => {
  await sink.close();
  // Every step above ran on sessions confined as IAM confines them in AWS, and none was refused.
  expect(h.sessions.denials).toEqual([]);
});

async function hazard(token = districtInspector, extra: Record<string, unknown> = {}) {
  const res = await h.request("POST", "/v1/hazards", {
    token,
    body: {
      enterpriseId: unit.id,
      category: "建筑安全",
      description: "厂房违章搭建，产权不清，区级无法协调拆除",
      location: "北侧仓库",
      severity: "major",
      source: "inspection",
      foundBy: { name: "李检查", phone: null },
      foundOn: "2026-11-20",
      ...extra,
    },
  });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number };
}

const request = { reason: "涉及市级规划审批，区级无权限", needs: "请市住建局、自然资源局牵头认定并拆除", neededBy: "2026-12-31" };

async function escalated() {
  const hz = await hazard();
  const res = await h.request("POST", `/v1/hazards/${hz.id}/escalate`, { token: districtInspector, body: request });
  expect(res.status).toBe(201);
  return { hazardId: hz.id, id: res.body.id as string, version: res.body.version as number };
}

const step = (id: string, action: string, token: string, body: unknown, version?: number) =>
  h.request("POST", `/v1/joint-tackling/${id}/${action}`, { token, body, headers: version ? { "If-Match": `"${version}"` } : {} });

describe("joint tackling (联合攻坚清单)", () => {
  it("escalates a district's hazard to its city: the hazard points at the item, the item holds the hazard as it stood", async () => {
    const hz = await hazard();
    const res = await h.request("POST", `/v1/hazards/${hz.id}/escalate`, {
      token: districtInspector,
      body: request,
      headers: { "If-Match": `"${hz.version}"` },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/v1/joint-tackling/${district}-${hz.id}`);
    expect(res.body).toMatchObject({
      id: `${district}-${hz.id}`,
      cityId: city,
      districtId: district,
      hazardId: hz.id,
      hazard: { enterpriseName: unit.name, townName: "大黄山街道", severity: "major", state: "reported", description: expect.any(String) },
      ...request,
      state: "escalated",
      round: 1,
      department: null,
      response: null,
      version: 1,
    });
    expect(res.body.history).toEqual([
      expect.objectContaining({
        action: "escalate",
        from: "none",
        to: "escalated",
        by: expect.objectContaining({ tenantId: district, side: "district" }),
      }),
    ]);
    const after = await h.request("GET", `/v1/hazards/${hz.id}`, { token: districtInspector });
    expect(after.body).toMatchObject({ version: hz.version + 1, escalatedTo: { cityId: city, id: res.body.id } });
    expect(after.body.escalation).toMatchObject({ id: res.body.id, state: "escalated" });
    const listed = await h.request("GET", "/v1/hazards?escalated=true", { token: districtInspector });
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(hz.id);
    const notListed = await h.request("GET", "/v1/hazards?escalated=false", { token: districtInspector });
    expect(notListed.body.items.map((i: { id: string }) => i.id)).not.toContain(hz.id);
  });

  it("refuses a stale hazard version, a closed hazard and a bad body, changing nothing", async () => {
    const hz = await hazard();
    const stale = await h.request("POST", `/v1/hazards/${hz.id}/escalate`, {
      token: districtInspector,
      body: request,
      headers: { "If-Match": `"${hz.version + 1}"` },
    });
    expect(stale.status).toBe(412);
    const bad = await h.request("POST", `/v1/hazards/${hz.id}/escalate`, { token: districtInspector, body: { reason: "" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(["needs", "reason"]);
    for (const action of ["assign", "start", "submit", "close"]) {
      const body =
        action === "assign" ? { rectification: { measure: "整改", responsible: { name: "王", phone: null }, deadline: "2026-12-01" } } : {};
      const token = action === "close" ? districtAdmin : districtInspector; // a major hazard: verifier ≠ rectifier
      expect((await h.request("POST", `/v1/hazards/${hz.id}/${action}`, { token, body })).status).toBe(200);
    }
    const closed = await h.request("POST", `/v1/hazards/${hz.id}/escalate`, { token: districtInspector, body: request });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe("hazard_closed");
    expect((await h.request("GET", `/v1/joint-tackling/${district}-${hz.id}`, { token: cityAdmin })).status).toBe(404);
    expect((await h.request("GET", `/v1/hazards/${hz.id}`, { token: districtInspector })).body).toMatchObject({
      version: hz.version + 4,
      state: "closed",
      escalatedTo: null,
      escalation: null,
    });
  });

  it("refuses escalation by a tenant without a parent: a district without one, and a city", async () => {
    for (const token of [orphan, cityAdmin]) {
      const res = await h.request("POST", "/v1/hazards/01jaaaaaaaaaaaaaaaaaaaaaaa/escalate", { token, body: request });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("no_parent_tenant");
      expect((await h.request("GET", "/v1/joint-tackling/proposals", { token })).body.error.code).toBe("no_parent_tenant");
    }
  });

  it("lets the city see the escalated item and nothing else of the district", async () => {
    const { hazardId, id } = await escalated();
    const list = await h.request("GET", "/v1/joint-tackling", { token: cityOfficer });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await h.request("GET", `/v1/joint-tackling/${id}`, { token: cityOfficer })).body.hazard.enterpriseName).toBe(unit.name);
    // The district's hazard, unit and lists are not the city's: 404 and empty lists.
    expect((await h.request("GET", `/v1/hazards/${hazardId}`, { token: cityAdmin })).status).toBe(404);
    expect((await h.request("GET", `/v1/enterprises/${unit.id}`, { token: cityAdmin })).status).toBe(404);
    expect((await h.request("GET", "/v1/hazards", { token: cityAdmin })).body.items).toEqual([]);
    const assign = { rectification: { measure: "拆除", responsible: { name: "王", phone: null }, deadline: "2026-12-31" } };
    expect((await h.request("POST", `/v1/hazards/${hazardId}/assign`, { token: cityAdmin, body: assign })).status).toBe(404);
    // Nor can the city escalate the district's hazard, or reach it through another district's id.
    expect((await h.request("GET", `/v1/joint-tackling/320311-${hazardId}`, { token: cityAdmin })).status).toBe(404);
  });

  it("hides the item from every other tenant: a sibling district, another city, a tenant without parent", async () => {
    const { id } = await escalated();
    for (const token of [otherDistrict, otherCity, orphan]) {
      expect((await h.request("GET", `/v1/joint-tackling/${id}`, { token })).status).toBe(404);
      expect((await step(id, "comments", token, { text: "看看" })).status).toBe(404);
      expect((await step(id, "resolve", token, { response: "已办" })).status).toBe(404);
      const list = await h.request("GET", "/v1/joint-tackling", { token });
      expect(list.body.items?.map((i: { id: string }) => i.id) ?? []).not.toContain(id);
    }
    const sibling = await h.request("GET", `/v1/joint-tackling?districtId=${district}`, { token: otherDistrict });
    expect(sibling.body.items).toEqual([]);
  });

  it("runs assign, comments and resolve on the city side; the district reads the answer on its hazard", async () => {
    const { hazardId, id } = await escalated();
    const unknown = await step(id, "assign", cityAdmin, { department: "教育局" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.fields[0]).toMatchObject({ path: "department", code: "unknown_department" });
    const assigned = await step(id, "assign", cityAdmin, { department: "住建局", note: "请一周内会商" }, 1);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ state: "assigned", department: "住建局", version: 2 });
    expect((await step(id, "comments", cityOfficer, { text: "请补充产权材料" })).status).toBe(200);
    const reply = await step(id, "comments", districtInspector, { text: "已上传产权登记证明" });
    expect(reply.body.comments.map((c: { by: { side: string }; text: string }) => [c.by.side, c.text])).toEqual([
      ["city", "请补充产权材料"],
      ["district", "已上传产权登记证明"],
    ]);
    const byDept = await h.request("GET", `/v1/joint-tackling?department=${encodeURIComponent("住建局")}&state=assigned`, {
      token: cityAdmin,
    });
    expect(byDept.body.items.map((i: { id: string }) => i.id)).toContain(id);
    // A district cannot act for the city.
    const wrongSide = await step(id, "resolve", districtAdmin, { response: "自己办了" });
    expect(wrongSide.status).toBe(409);
    expect(wrongSide.body.error.details.allowed).toEqual(["withdraw", "comment"]);
    const resolved = await step(id, "resolve", cityAdmin, { response: "市住建局已认定违建，12月20日前拆除" });
    expect(resolved.body).toMatchObject({ state: "resolved", response: "市住建局已认定违建，12月20日前拆除" });
    const seen = await h.request("GET", `/v1/hazards/${hazardId}`, { token: districtInspector });
    expect(seen.body.escalation).toMatchObject({ state: "resolved", department: "住建局", response: "市住建局已认定违建，12月20日前拆除" });
    expect(seen.body.escalation.comments).toHaveLength(2);
    const after = await step(id, "return", cityAdmin, { response: "再议" });
    expect(after.status).toBe(409);
    expect(after.body.error.details).toMatchObject({ state: "resolved", allowed: [] });
    const again = await h.request("POST", `/v1/hazards/${hazardId}/escalate`, { token: districtInspector, body: request });
    expect(again.status).toBe(409);
  });

  it("returns to the district, which escalates again (round 2) or withdraws", async () => {
    const { hazardId, id } = await escalated();
    const returned = await step(id, "return", cityAdmin, { response: "属区级职责，请区住建局处理" });
    expect(returned.body).toMatchObject({ state: "returned", response: "属区级职责，请区住建局处理" });
    expect((await step(id, "comments", districtInspector, { text: "?" })).status).toBe(409);
    const again = await h.request("POST", `/v1/hazards/${hazardId}/escalate`, {
      token: districtInspector,
      body: { ...request, reason: "区住建局认定需市级审批" },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ state: "escalated", round: 2, reason: "区住建局认定需市级审批", response: null });
    expect(again.body.history.map((s: { action: string }) => s.action)).toEqual(["escalate", "return", "escalate"]);
    const withdrawn = await step(id, "withdraw", districtInspector, { note: "企业已自行拆除" });
    expect(withdrawn.body.state).toBe("withdrawn");
    expect((await step(id, "resolve", cityAdmin, { response: "x" })).status).toBe(409);
    const byState = await h.request("GET", "/v1/joint-tackling?state=withdrawn", { token: cityAdmin });
    expect(byState.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const mine = await h.request("GET", "/v1/joint-tackling?state=withdrawn", { token: districtInspector });
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it("keeps the city's snapshot in step with the district's changes to the hazard, in the same transaction", async () => {
    const { hazardId, id } = await escalated();
    const rectification = { measure: "委托拆除", responsible: { name: "王", phone: null }, deadline: "2026-12-20" };
    const assigned = await h.request("POST", `/v1/hazards/${hazardId}/assign`, { token: districtInspector, body: { rectification } });
    expect(assigned.status).toBe(200);
    const seen = await h.request("GET", `/v1/joint-tackling/${id}`, { token: cityAdmin });
    expect(seen.body.hazard).toMatchObject({ state: "assigned", deadline: "2026-12-20", measure: "委托拆除", townName: "大黄山街道" });
    expect(seen.body.version).toBe(2);
    // A city step prepared on the older read loses (412): it would have been taken on stale facts.
    expect((await step(id, "resolve", cityAdmin, { response: "办结" }, 1)).status).toBe(412);
    // A change the city does not see (a penalty decision) leaves the item alone.
    const penalty = await h.request("POST", `/v1/hazards/${hazardId}/penalty`, {
      token: districtInspector,
      body: { decision: "none", basis: "首违且及时改正", toldOn: "2026-11-25" },
    });
    expect(penalty.status).toBe(200);
    expect((await h.request("GET", `/v1/joint-tackling/${id}`, { token: cityAdmin })).body.version).toBe(2);
    // A racing city step and district step on the same item: each either lands whole or not at all.
    const [district, city] = await Promise.all([
      h.request("POST", `/v1/hazards/${hazardId}/start`, { token: districtInspector }),
      step(id, "assign", cityAdmin, { department: "住建局" }, 2),
    ]);
    const hazardNow = (await h.request("GET", `/v1/hazards/${hazardId}`, { token: districtInspector })).body;
    const itemNow = (await h.request("GET", `/v1/joint-tackling/${id}`, { token: cityAdmin })).body;
    expect(district.status === 200).toBe(hazardNow.state === "rectifying");
    expect(itemNow.hazard.state).toBe(hazardNow.state);
    expect(city.status === 200).toBe(itemNow.department === "住建局");
  });

  it("exports the list as CSV with a BOM or .xlsx: the city its districts' items, a district its own", async () => {
    await escalated();
    const download = (token: string, query: string) =>
      h.app.request(`/v1/joint-tackling/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
    const csvRows = async (res: Response) => {
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return new TextDecoder().decode(bytes.slice(3)).trim().split(/\r?\n/);
    };
    const listed = (await h.request("GET", "/v1/joint-tackling?limit=100", { token: cityAdmin })).body.items.length;
    const november = await download(cityAdmin, "format=csv&from=2026-11-01&to=2026-11-30");
    expect(november.status).toBe(200);
    const [header, ...rows] = await csvRows(november);
    expect(header?.split(",").slice(0, 3)).toEqual(["县（市、区）", "单位名称", "镇（街道）"]);
    expect(rows).toHaveLength(listed);
    expect(rows.every((row) => row.startsWith("铜山区,"))).toBe(true);
    expect(rows.filter((row) => row.includes("涉及市级规划审批，区级无权限")).length).toBeGreaterThan(0);
    expect(await csvRows(await download(cityAdmin, "format=csv&from=2026-12-01"))).toHaveLength(1);
    expect(await csvRows(await download(otherDistrict, "format=csv"))).toHaveLength(1);
    const xlsx = await download(districtInspector, "format=xlsx&state=escalated");
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    expect((await download(orphan, "format=csv")).status).toBe(409);
  });

  it("audits each side's steps in its own trail", async () => {
    const { id } = await escalated();
    await step(id, "resolve", cityAdmin, { response: "已协调" });
    const actions = async (token: string) =>
      ((await h.request("GET", "/v1/audit?limit=100", { token })).body.items as { action: string; entity: { id: string } }[])
        .filter((e) => e.entity.id === id)
        .map((e) => e.action);
    expect(await actions(districtAdmin)).toEqual(["joint-tackling.escalate"]);
    expect(await actions(cityAdmin)).toEqual(["joint-tackling.resolve"]);
  });

  it("of two city officers racing on one version, exactly one wins", async () => {
    const { id } = await escalated();
    const results = await Promise.all([
      step(id, "resolve", cityAdmin, { response: "办结" }, 1),
      step(id, "return", cityOfficer, { response: "退回" }, 1),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const final = await h.request("GET", `/v1/joint-tackling/${id}`, { token: cityAdmin });
    expect(final.body.version).toBe(2);
    expect(final.body.history).toHaveLength(2);
  });

  it("of the district withdrawing and the city resolving at once, exactly one wins; both sides' comments all land", async () => {
    const { id } = await escalated();
    const comments = await Promise.all([
      step(id, "comments", cityOfficer, { text: "一" }),
      step(id, "comments", districtInspector, { text: "二" }),
      step(id, "comments", cityAdmin, { text: "三" }),
    ]);
    expect(comments.map((r) => r.status)).toEqual([200, 200, 200]);
    const current = (await h.request("GET", `/v1/joint-tackling/${id}`, { token: cityAdmin })).body;
    expect(current.comments.map((c: { text: string }) => c.text).sort()).toEqual(["一", "三", "二"].sort());
    const results = await Promise.all([
      step(id, "withdraw", districtInspector, { note: "撤回" }, current.version),
      step(id, "resolve", cityAdmin, { response: "办结" }, current.version),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const final = (await h.request("GET", `/v1/joint-tackling/${id}`, { token: districtInspector })).body;
    expect(final.version).toBe(current.version + 1);
    expect(["withdrawn", "resolved"]).toContain(final.state);
  });

  it("of two escalations of one hazard at once, exactly one lands", async () => {
    const hz = await hazard();
    const results = await Promise.all(
      [1, 2].map(() => h.request("POST", `/v1/hazards/${hz.id}/escalate`, { token: districtInspector, body: request })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 || r.status === 412)).toHaveLength(1);
    const item = await h.request("GET", `/v1/joint-tackling/${district}-${hz.id}`, { token: cityAdmin });
    expect(item.body).toMatchObject({ round: 1, version: 1 });
    expect((await h.request("GET", `/v1/hazards/${hz.id}`, { token: districtInspector })).body.version).toBe(hz.version + 1);
  });
});

describe("edges of the joint tackling list", () => {
  it("refuses a reversed date range (400) and a neededBy in the past (422)", async () => {
    const reversed = await h.request("GET", "/v1/joint-tackling?from=2026-12-01&to=2026-11-01", { token: cityAdmin });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details.fields[0]).toMatchObject({ path: "to", code: "range_reversed" });
    const hz = await hazard();
    const past = await h.request("POST", `/v1/hazards/${hz.id}/escalate`, {
      token: districtInspector,
      body: { ...request, neededBy: "2026-11-24" },
    });
    expect(past.status).toBe(422);
    expect(past.body.error.details.fields[0]).toMatchObject({ path: "neededBy", code: "date_in_past" });
  });

  it("stops an item from outgrowing what DynamoDB stores: 409 item_full, the item intact", async () => {
    const { id } = await escalated();
    const long = "意".repeat(1000);
    let last = { status: 200, body: {} as { error?: { code: string } } };
    let landed = 0;
    for (let i = 0; i < 100 && last.status === 200; i++) {
      last = await step(id, "comments", i % 2 ? cityOfficer : districtInspector, { text: long });
      if (last.status === 200) landed++;
    }
    expect(last.status).toBe(409);
    expect(["item_full", "too_many_comments"]).toContain(last.body.error?.code);
    const item = await h.request("GET", `/v1/joint-tackling/${id}`, { token: cityAdmin });
    expect(item.body.comments).toHaveLength(landed);
    // Reassigning with long notes stops next, and the steps that settle it still have room, with the longest answer.
    let assigned = 0;
    for (let i = 0; i < 60; i++) {
      const res = await step(id, "assign", cityAdmin, { department: "住建局", note: "派".repeat(2000) });
      if (res.status !== 200) {
        expect(res.body.error.code).toBe("item_full");
        break;
      }
      assigned++;
    }
    expect(assigned).toBeLessThan(60);
    expect((await step(id, "resolve", cityAdmin, { response: "办".repeat(2000) })).status).toBe(200);
  });

  it("follows a hazard to the city it was escalated to after the district's parent changes", async () => {
    await h.addTenant("320000", "江苏省");
    const sibling = await h.token("inspector", "320311", "gulou-li");
    const siblingPlace = await addPlace(h, otherDistrict, "泉山街道");
    const siblingUnit = (await h.request("POST", "/v1/enterprises", { token: otherDistrict, body: enterpriseBody(3, siblingPlace) })).body;
    const hz = (
      await h.request("POST", "/v1/hazards", {
        token: sibling,
        body: {
          enterpriseId: siblingUnit.id,
          category: "燃气安全",
          description: "跨区管线",
          severity: "major",
          source: "inspection",
          foundBy: { name: "李", phone: null },
          foundOn: "2026-11-20",
        },
      })
    ).body;
    const first = await h.request("POST", `/v1/hazards/${hz.id}/escalate`, { token: sibling, body: request });
    expect(first.status).toBe(201);
    const tenant = await h.request("GET", "/v1/tenants/320311", { token: await h.platformToken() });
    const moved = await h.request("PATCH", "/v1/tenants/320311", {
      token: await h.platformToken(),
      body: { parentId: "320000" },
      headers: { "If-Match": `"${tenant.body.version}"` },
    });
    expect(moved.status).toBe(200);
    // The district still reaches its item at the former parent, and cannot open a second one elsewhere.
    expect((await h.request("GET", `/v1/joint-tackling/${first.body.id}`, { token: sibling })).body.cityId).toBe(city);
    const twice = await h.request("POST", `/v1/hazards/${hz.id}/escalate`, { token: sibling, body: request });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: "escalated_elsewhere", details: { cityId: city } });
    expect((await step(first.body.id, "withdraw", sibling, { note: "改隶属省级" })).status).toBe(200);
    const anew = await h.request("POST", `/v1/hazards/${hz.id}/escalate`, { token: sibling, body: request });
    expect(anew.status).toBe(201);
    expect(anew.body).toMatchObject({ cityId: "320000", round: 1 });
    const province = await h.token("tenant-admin", "320000");
    expect((await h.request("GET", `/v1/joint-tackling/${anew.body.id}`, { token: province })).status).toBe(200);
    expect((await h.request("GET", `/v1/joint-tackling/${first.body.id}`, { token: cityAdmin })).body.state).toBe("withdrawn");
    // And back to the first parent: the item there takes round 2.
    expect((await step(anew.body.id, "withdraw", sibling, { note: "回归市级" })).status).toBe(200);
    const back = await h.request("PATCH", "/v1/tenants/320311", {
      token: await h.platformToken(),
      body: { parentId: city },
      headers: { "If-Match": `"${moved.body.version}"` },
    });
    expect(back.status).toBe(200);
    const again = await h.request("POST", `/v1/hazards/${hz.id}/escalate`, { token: sibling, body: request });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, cityId: city, round: 2, state: "escalated" });
  });
});

describe("the IAM key patterns each side's session runs under (enforced on DynamoDB Local as in AWS)", () => {
  const get = (pk: string) => new GetItemCommand({ TableName: h.tableName, Key: { pk: { S: pk }, sk: { S: "x" } } });

  it("lets a district's escalation session reach its own keys and its one partition under its city (no delete), nothing else", async () => {
    const before = h.sessions.denials.length;
    const session = await h.sessions.forEscalation(district, city);
    await session.send(get(`T#${city}#UP#${district}`));
    await session.send(get(`T#${district}#HZD#x`));
    for (const pk of [`T#${city}`, `T#${city}#HZD#x`, `T#${city}#UP#320311`, `T#${city}#UP#${district}#x`, "T#320311#HZD#x"]) {
      await expect(session.send(get(pk))).rejects.toThrow(LeadingKeysDenied);
    }
    const cityIndex = new QueryCommand({
      TableName: h.tableName,
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: `T#${city}#JT#all` } },
    });
    await expect(session.send(cityIndex)).rejects.toThrow(LeadingKeysDenied);
    // In its partition under the city it may read and write the items, never delete one.
    const remove = new DeleteItemCommand({ TableName: h.tableName, Key: { pk: { S: `T#${city}#UP#${district}` }, sk: { S: "x" } } });
    await expect(session.send(remove)).rejects.toThrow(LeadingKeysDenied);
    expect(h.sessions.denials.splice(before)).toHaveLength(7); // the deliberate ones only: afterAll checks the rest
  });

  it("gives the city's session none of the district's keys", async () => {
    const before = h.sessions.denials.length;
    const session = await h.sessions.forTenant(city);
    await session.send(get(`T#${city}#UP#${district}`));
    await expect(session.send(get(`T#${district}#HZD#x`))).rejects.toThrow(LeadingKeysDenied);
    expect(h.sessions.denials.splice(before)).toHaveLength(1);
  });
});

describe("escalation proposals (rule: a major hazard overdue by N days)", () => {
  it("proposes the district's major hazards overdue by the set days and not yet escalated, longest overdue first", async () => {
    const settings = await h.request("PATCH", "/v1/settings", { token: districtAdmin, body: { escalateMajorOverdueDays: 10 } });
    expect(settings.status).toBe(200);
    const assign = async (id: string, deadline: string) =>
      h.request("POST", `/v1/hazards/${id}/assign`, {
        token: districtInspector,
        body: { rectification: { measure: "拆除", responsible: { name: "王", phone: null }, deadline } },
      });
    const longest = await hazard();
    const shorter = await hazard();
    const recent = await hazard();
    const general = await hazard(districtInspector, { severity: "general" });
    const escalatedOne = await hazard();
    for (const [hz, deadline] of [
      [longest, "2026-11-26"],
      [shorter, "2026-11-30"],
      [recent, "2026-12-08"],
      [general, "2026-11-26"],
      [escalatedOne, "2026-11-26"],
    ] as const) {
      expect((await assign(hz.id, deadline)).status).toBe(200);
    }
    expect((await h.request("POST", `/v1/hazards/${escalatedOne.id}/escalate`, { token: districtInspector, body: request })).status).toBe(
      201,
    );
    clock.advance(15 * day); // 2026-12-10
    try {
      const res = await h.request("GET", "/v1/joint-tackling/proposals", { token: districtInspector });
      expect(res.status).toBe(200);
      expect(res.body.rule).toEqual({ majorOverdueDays: 10 });
      // 2026-12-10: the 11-26 deadline is 14 days past, 11-30 is 10 (exactly N), 12-08 only 2.
      expect(res.body.items.map((i: { id: string; overdueDays: number }) => [i.id, i.overdueDays])).toEqual([
        [longest.id, 14],
        [shorter.id, 10],
      ]);
    } finally {
      clock.advance(-15 * day);
    }
  });
});

describe("coordination requests (提请协调清单)", () => {
  const leader = {
    role: "分管安全生产副市长",
    recipients: [{ subject: "leader-zhang", name: "张副市长", email: "zhang@example.gov.cn" }],
  };

  async function cityHazard() {
    const cityPlace = await addPlace(h, cityAdmin, "市经开区");
    const cityUnit = (await h.request("POST", "/v1/enterprises", { token: cityAdmin, body: enterpriseBody(7, cityPlace) })).body;
    const res = await h.request("POST", "/v1/hazards", {
      token: cityOfficer,
      body: {
        enterpriseId: cityUnit.id,
        category: "燃气安全",
        description: "跨区燃气管线占压",
        location: null,
        severity: "major",
        source: "grid-patrol",
        foundBy: { name: "赵", phone: null },
        foundOn: "2026-11-24",
      },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it("files open joint tackling items and the city's own hazards to the leader, who records the decision once", async () => {
    const open = await escalated();
    const resolved = await escalated();
    await step(resolved.id, "resolve", cityAdmin, { response: "已办" });
    const own = await cityHazard();
    const refused = await h.request("POST", "/v1/coordination-requests", {
      token: cityAdmin,
      body: {
        month: "2026-11",
        leader,
        items: [
          { kind: "joint-tackling", id: resolved.id, ask: "x" },
          { kind: "hazard", id: "01jaaaaaaaaaaaaaaaaaaaaaaa", ask: "y" },
          { kind: "joint-tackling", id: `320311-${open.hazardId}`, ask: "z" },
        ],
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.fields.map((f: { path: string; code: string }) => [f.path, f.code])).toEqual([
      ["items.0.id", "item_not_open"],
      ["items.1.id", "unknown_hazard"],
      ["items.2.id", "unknown_item"],
    ]);
    const filed = await h.request("POST", "/v1/coordination-requests", {
      token: cityAdmin,
      body: {
        month: "2026-11",
        leader,
        summary: "本月两项需市领导协调",
        items: [
          { kind: "joint-tackling", id: open.id, ask: "请协调市住建局、自然资源局联合认定" },
          { kind: "hazard", id: own, ask: "请协调燃气集团迁改管线" },
        ],
      },
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ state: "submitted", decision: null, month: "2026-11" });
    expect(filed.body.items.map((i: { kind: string; district: string | null }) => [i.kind, i.district])).toEqual([
      ["joint-tackling", "铜山区"],
      ["hazard", null],
    ]);
    const id = filed.body.id;
    // The leader's notice: one mail to the recipients with an address, the items and what is asked.
    await h.deps.queue.idle();
    const noticesOf = (event: string) =>
      sink.arrived.filter((m) => m.mail.messageId === `<coordination.${id}.${event}.${city}@anquan.localhost>`);
    const filedNotices = noticesOf("filed");
    expect(filedNotices.map((m) => m.to)).toEqual([["zhang@example.gov.cn"]]);
    expect(filedNotices[0]?.mail.subject).toBe("【提请协调】徐州市2026年11月提请协调清单（2项）请分管安全生产副市长批示");
    expect(filedNotices[0]?.mail.text).toContain("提请事项：请协调市住建局、自然资源局联合认定");
    expect(filedNotices[0]?.mail.text).toContain("本月两项需市领导协调");
    const officerDecides = await h.request("POST", `/v1/coordination-requests/${id}/decision`, {
      token: cityAdmin,
      body: { decision: "同意" },
    });
    expect(officerDecides.status).toBe(403);
    expect(officerDecides.body.error.code).toBe("not_a_recipient");
    const leaderToken = await h.token("viewer", city, "leader-zhang");
    const noItem = await h.request("POST", `/v1/coordination-requests/${id}/decision`, {
      token: leaderToken,
      body: { decision: "同意", items: [{ index: 5, decision: "x" }] },
    });
    expect(noItem.status).toBe(422);
    const decided = await h.request("POST", `/v1/coordination-requests/${id}/decision`, {
      token: leaderToken,
      body: { decision: "同意，由市住建局牵头，月底前办结", items: [{ index: 1, decision: "请燃气集团12月底前迁改" }] },
      headers: { "If-Match": `"${filed.body.version}"` },
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      state: "decided",
      decision: { text: "同意，由市住建局牵头，月底前办结", by: { id: "leader-zhang" } },
      version: 2,
    });
    expect(decided.body.items.map((i: { decision: string | null }) => i.decision)).toEqual([null, "请燃气集团12月底前迁改"]);
    await h.deps.queue.idle();
    const decidedNotices = noticesOf("decided");
    expect(decidedNotices.map((m) => m.to)).toEqual([["zhang@example.gov.cn"]]);
    expect(decidedNotices[0]?.mail.subject).toBe("【已批示】徐州市2026年11月提请协调清单");
    expect(decidedNotices[0]?.mail.text).toContain("批示：同意，由市住建局牵头，月底前办结");
    expect(decidedNotices[0]?.mail.text).toContain("批示：请燃气集团12月底前迁改");
    const twice = await h.request("POST", `/v1/coordination-requests/${id}/decision`, { token: leaderToken, body: { decision: "再批" } });
    expect(twice.status).toBe(409);
    const listed = await h.request("GET", "/v1/coordination-requests?month=2026-11&state=decided", { token: cityOfficer });
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await h.request("GET", `/v1/coordination-requests/${id}`, { token: districtAdmin })).status).toBe(404);
  });

  it("refuses the filer as a recipient, and an item whose hazard the district has closed", async () => {
    const { hazardId, id } = await escalated();
    for (const action of ["assign", "start", "submit", "close"]) {
      const body =
        action === "assign" ? { rectification: { measure: "拆除", responsible: { name: "王", phone: null }, deadline: "2026-12-01" } } : {};
      const token = action === "close" ? districtAdmin : districtInspector;
      expect((await h.request("POST", `/v1/hazards/${hazardId}/${action}`, { token, body })).status).toBe(200);
    }
    const res = await h.request("POST", "/v1/coordination-requests", {
      token: cityAdmin,
      body: {
        month: "2026-11",
        leader: { role: "分管副市长", recipients: [{ subject: "city-admin", name: "自己" }] },
        items: [{ kind: "joint-tackling", id, ask: "请协调" }],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.map((f: { path: string; code: string }) => [f.path, f.code])).toEqual([
      ["leader.recipients", "filer_is_recipient"],
      ["items.0.id", "hazard_closed"],
    ]);
  });

  it("is kept by city tenants only", async () => {
    const res = await h.request("POST", "/v1/coordination-requests", {
      token: districtAdmin,
      body: { month: "2026-11", leader, items: [{ kind: "hazard", id: "01jaaaaaaaaaaaaaaaaaaaaaaa", ask: "y" }] },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("not_a_city");
  });
});
