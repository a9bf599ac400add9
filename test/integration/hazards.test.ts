// Hazards through HTTP → app → DynamoDB Local: recording one at a unit (town, industry and host from the
// register), the closed loop with its illegal steps, the major-hazard verifier rule, racing transitions, deadlines
// (overdue in China's calendar, extensions kept with their reasons), the lists, and tenant isolation.
import { beforeAll, describe, expect, it } from "vitest";
import type { RubricDefinition } from "#core/assessments/rubric";
import { penaltyDecisionNames } from "#core/hazards/hazard";
import { answersFor } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

const day = 24 * 3600 * 1000;
const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let inspector: string;
let rectifier: string;
let place: Place;
let host: { id: string; name: string };
let lessee: { id: string; name: string };

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  rectifier = await h.token("inspector", "320312", "grid-wang");
  place = await addPlace(h, admin, "柳新镇");
  host = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) })).body;
  lessee = (
    await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(2, place, { hostId: host.id, industryCode: "2924" }) })
  ).body;
});

const found = (extra: Record<string, unknown> = {}) => ({
  enterpriseId: lessee.id,
  category: "有限空间",
  description: "污水池有限空间作业未审批",
  location: "二号车间东侧",
  severity: "general",
  source: "inspection",
  foundBy: { name: "李检查", phone: "13912345678" },
  foundOn: "2026-11-24",
  ...extra,
});
const rectification = (deadline = "2026-12-05") => ({
  measure: "建立有限空间作业审批制度并培训",
  responsible: { name: "王厂长", phone: "13800001111" },
  deadline,
  funds: "1200.50",
});

async function record(extra: Record<string, unknown> = {}) {
  const res = await h.request("POST", "/v1/hazards", { token: inspector, body: found(extra) });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function step(id: string, action: string, token: string, body?: unknown) {
  return h.request("POST", `/v1/hazards/${id}/${action}`, { token, ...(body !== undefined ? { body } : {}) });
}

describe("recording", () => {
  it("takes the unit's town, grid, industry and host from the register", async () => {
    const hz = await record();
    expect(hz).toMatchObject({
      enterpriseId: lessee.id,
      enterpriseName: lessee.name,
      hostId: host.id,
      townId: place.townId,
      gridId: place.gridId,
      industry: "29",
      state: "reported",
      rectification: null,
      overdue: false,
      version: 1,
    });
  });

  it("refuses an unknown unit, a future date and a bad severity, naming the field", async () => {
    const unknown = await h.request("POST", "/v1/hazards", {
      token: inspector,
      body: found({ enterpriseId: "01jaaaaaaaaaaaaaaaaaaaaaaa" }),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.fields[0]).toMatchObject({ path: "enterpriseId", code: "unknown_enterprise" });
    const future = await h.request("POST", "/v1/hazards", { token: inspector, body: found({ foundOn: "2026-11-26" }) });
    expect(future.body.error.details.fields[0]).toMatchObject({ path: "foundOn", code: "date_in_future" });
    const severity = await h.request("POST", "/v1/hazards", { token: inspector, body: found({ severity: "huge" }) });
    expect(severity.status).toBe(400);
    expect(severity.body.error.details.fields[0].path).toBe("severity");
  });
});

describe("the closed loop", () => {
  it("reported → assigned → rectifying → submitted → closed, each step audited with note and evidence", async () => {
    const hz = await record();
    const assigned = await step(hz.id, "assign", inspector, { rectification: rectification(), note: "限期整改" });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ state: "assigned", rectification: { deadline: "2026-12-05", funds: "1200.5" } });
    expect((await step(hz.id, "start", rectifier)).body.state).toBe("rectifying");
    const submitted = await step(hz.id, "submit", rectifier, { note: "已完成审批制度", evidence: ["after/approval-form.jpg"] });
    expect(submitted.body).toMatchObject({ state: "submitted", submittedBy: "grid-wang" });
    const closed = await step(hz.id, "close", inspector, { note: "现场验收合格" });
    expect(closed.body).toMatchObject({ state: "closed", closedOn: "2026-11-25", overdue: false });
    expect(closed.body.transitions.map((t: { action: string; by: { id: string } }) => `${t.action}:${t.by.id}`)).toEqual([
      "assign:inspector-li",
      "start:grid-wang",
      "submit:grid-wang",
      "close:inspector-li",
    ]);
    expect(closed.body.transitions[2].evidence).toEqual(["after/approval-form.jpg"]);
    const audit = await h.request("GET", "/v1/audit?limit=100", { token: admin });
    const actions = audit.body.items
      .filter((e: { entity: { id: string } }) => e.entity.id === hz.id)
      .map((e: { action: string }) => e.action);
    expect(actions.sort()).toEqual(["hazard.assign", "hazard.close", "hazard.create", "hazard.start", "hazard.submit"]);
  });

  it("illegal steps are 409 naming the allowed ones, and change nothing", async () => {
    const hz = await record();
    const early = await step(hz.id, "close", inspector);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "illegal_transition", details: { state: "reported", allowed: ["edit", "assign"] } });
    expect((await step(hz.id, "submit", inspector)).body.error.details.allowed).toEqual(["edit", "assign"]);
    await step(hz.id, "assign", inspector, { rectification: rectification() });
    await step(hz.id, "start", inspector);
    const edit = await h.request("PATCH", `/v1/hazards/${hz.id}`, { token: inspector, body: { severity: "major" } });
    expect(edit.status).toBe(409);
    expect(edit.body.error.details).toEqual({ state: "rectifying", allowed: ["submit", "extend"] });
    const now = await h.request("GET", `/v1/hazards/${hz.id}`, { token: inspector });
    expect(now.body).toMatchObject({ state: "rectifying", severity: "general", version: 3 });
  });

  it("verification can send it back to rectifying with a reason; a reason is required", async () => {
    const hz = await record();
    await step(hz.id, "assign", inspector, { rectification: rectification() });
    await step(hz.id, "start", rectifier);
    await step(hz.id, "submit", rectifier);
    expect((await step(hz.id, "reject", inspector, {})).status).toBe(400);
    const back = await step(hz.id, "reject", inspector, { note: "审批记录不全", evidence: ["check/missing.jpg"] });
    expect(back.body).toMatchObject({ state: "rectifying" });
    expect(back.body.transitions.at(-1)).toMatchObject({ action: "reject", from: "submitted", to: "rectifying", note: "审批记录不全" });
  });

  it("a major hazard is closed only by someone other than its rectifier", async () => {
    const hz = await record({ severity: "major", category: "粉尘涉爆" });
    await step(hz.id, "assign", inspector, { rectification: rectification() });
    await step(hz.id, "start", inspector);
    await step(hz.id, "submit", inspector);
    const self = await step(hz.id, "close", inspector);
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe("verifier_is_rectifier");
    expect((await step(hz.id, "close", rectifier)).body.state).toBe("closed");
    // a general hazard may be closed by its rectifier
    const general = await record();
    await step(general.id, "assign", inspector, { rectification: rectification() });
    await step(general.id, "start", inspector);
    await step(general.id, "submit", inspector);
    expect((await step(general.id, "close", inspector)).status).toBe(200);
  });

  it("two transitions of one hazard at once: exactly one wins", async () => {
    const hz = await record();
    await step(hz.id, "assign", inspector, { rectification: rectification() });
    await step(hz.id, "start", rectifier);
    await step(hz.id, "submit", rectifier);
    const raced = await Promise.all([step(hz.id, "close", inspector), step(hz.id, "reject", admin, { note: "不合格" })]);
    // Neither sent If-Match, so the loser's step is worked out again on the winner's hazard: no longer submitted.
    const [winner, loser] = raced[0]?.status === 200 ? raced : [raced[1], raced[0]];
    expect(winner?.status).toBe(200);
    expect(loser?.status).toBe(409);
    expect(loser?.body.error.code).toBe("illegal_transition");
    const final = await h.request("GET", `/v1/hazards/${hz.id}`, { token: inspector });
    expect(final.body).toMatchObject({ version: 5, state: winner?.body.state });
    expect(final.body.transitions).toHaveLength(4);
  });
});

describe("deadlines", () => {
  it("overdue is derived from the deadline in China's calendar; an extension needs a reason and is kept", async () => {
    const hz = await record();
    expect((await step(hz.id, "assign", inspector, { rectification: rectification("2026-11-24") })).body.error.details.fields[0].code).toBe(
      "deadline_in_past",
    );
    await step(hz.id, "assign", inspector, { rectification: rectification("2026-11-26") });
    expect((await h.request("GET", `/v1/hazards/${hz.id}`, { token: inspector })).body.overdue).toBe(false);
    clock.advance(day); // 2026-11-26 10:00 in China: the deadline day itself is not overdue
    expect((await h.request("GET", `/v1/hazards/${hz.id}`, { token: inspector })).body.overdue).toBe(false);
    clock.advance(14 * 3600 * 1000); // 2026-11-27 00:00 in China (16:00 UTC the day before)
    expect((await h.request("GET", `/v1/hazards/${hz.id}`, { token: inspector })).body.overdue).toBe(true);
    const overdue = await h.request("GET", `/v1/hazards?overdue=true&townId=${place.townId}`, { token: inspector });
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(hz.id);

    expect((await step(hz.id, "extend", inspector, { deadline: "2026-12-10" })).status).toBe(400);
    expect((await step(hz.id, "extend", inspector, { deadline: "2026-11-20", reason: "x" })).status).toBe(422);
    const extended = await step(hz.id, "extend", inspector, { deadline: "2026-12-10", reason: "设备到货延迟" });
    expect(extended.body).toMatchObject({ overdue: false, rectification: { deadline: "2026-12-10" } });
    expect(extended.body.deadlineHistory).toEqual([
      {
        from: "2026-11-26",
        to: "2026-12-10",
        reason: "设备到货延迟",
        by: expect.objectContaining({ id: "inspector-li" }),
        at: expect.any(String),
      },
    ]);
    const after = await h.request("GET", `/v1/hazards?overdue=true&townId=${place.townId}`, { token: inspector });
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(hz.id);
  });
});

describe("lists", () => {
  it("by unit, host, town, industry, severity and state, newest found first", async () => {
    const other = await addPlace(h, admin, "大吴街道");
    const unit = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(3, other) })).body;
    const a = await record({ enterpriseId: unit.id, foundOn: "2026-11-20", severity: "major" });
    const b = await record({ enterpriseId: unit.id, foundOn: "2026-11-22" });
    const ids = async (query: string) =>
      (await h.request("GET", `/v1/hazards?${query}&limit=100`, { token: inspector })).body.items.map((i: { id: string }) => i.id);
    expect(await ids(`enterpriseId=${unit.id}`)).toEqual([b.id, a.id]);
    expect(await ids(`townId=${other.townId}`)).toEqual([b.id, a.id]);
    expect(await ids(`townId=${other.townId}&severity=major`)).toEqual([a.id]);
    expect(await ids(`townId=${other.townId}&state=reported`)).toEqual([b.id, a.id]);
    expect(await ids(`hostId=${host.id}`)).not.toContain(a.id);
    expect((await ids(`hostId=${host.id}`)).length).toBeGreaterThan(0);
    expect(await ids("industry=33&state=closed")).not.toContain(a.id);
    await step(a.id, "assign", inspector, { rectification: rectification() });
    expect(await ids(`townId=${other.townId}&state=reported`)).toEqual([b.id]);
    expect(await ids(`townId=${other.townId}&state=assigned`)).toEqual([a.id]);
  });
});

describe("from an assessment", () => {
  it("turns a submitted assessment's failed criteria into hazards in one call, each finding once", async () => {
    const definition: RubricDefinition = (await h.request("GET", "/v1/rubric-library/shishi-enterprise-2024", { token: inspector })).body
      .definition;
    const opened = await h.request("POST", "/v1/assessments", {
      token: inspector,
      body: {
        target: { type: "enterprise", id: lessee.id },
        rubric: { id: "shishi-enterprise-2024", version: 1 },
        assessor: { name: "陈秋茹" },
        assessedOn: "2026-11-24",
      },
    });
    const id = opened.body.id;
    const photo = await h.request("POST", `/v1/assessments/${id}/evidence`, {
      token: inspector,
      body: { criterionId: "15.3", fileName: "铭牌.jpg", contentType: "image/jpeg" },
    });
    await h.request("PUT", `/v1/assessments/${id}/evidence/${photo.body.evidence.id}/file`, {
      token: inspector,
      rawBody: "JPEG",
      headers: { "content-type": "image/jpeg" },
    });
    await h.request("PATCH", `/v1/assessments/${id}`, {
      token: inspector,
      body: {
        answers: answersFor(definition, {
          "15.3": { input: { met: false }, reason: "设备铭牌缺失", evidence: [photo.body.evidence.id] },
          "17.2": { input: { met: false }, reason: "未组织演练" },
        }),
      },
    });
    const draft = await h.request("POST", `/v1/assessments/${id}/hazards`, { token: inspector });
    expect(draft.status).toBe(409);
    expect(draft.body.error.code).toBe("assessment_not_submitted");
    await h.request("POST", `/v1/assessments/${id}/submit`, { token: inspector });

    const unknown = await h.request("POST", `/v1/assessments/${id}/hazards`, { token: inspector, body: { criterionIds: ["1.1"] } });
    expect(unknown.status).toBe(422);
    const first = await h.request("POST", `/v1/assessments/${id}/hazards`, { token: inspector, body: { criterionIds: ["15.3"] } });
    expect(first.status).toBe(201);
    expect(first.body.existing).toEqual([]);
    expect(first.body.created).toHaveLength(1);
    expect(first.body.created[0]).toMatchObject({
      enterpriseId: lessee.id,
      hostId: host.id,
      source: "assessment",
      sourceRef: { assessmentId: id, criterionId: "15.3" },
      category: "“六有”可视化标识",
      description: "设备铭牌是否设置到位。（设备铭牌缺失）",
      foundBy: { name: "陈秋茹" },
      foundOn: "2026-11-24",
      evidence: [`assessments/${id}/evidence/${photo.body.evidence.id}`],
      state: "reported",
    });
    const all = await h.request("POST", `/v1/assessments/${id}/hazards`, { token: inspector, body: { severity: "major" } });
    expect(
      all.body.created.map((c: { sourceRef: { criterionId: string }; severity: string }) => `${c.sourceRef.criterionId}:${c.severity}`),
    ).toEqual(["17.2:major"]);
    expect(all.body.existing).toEqual([{ criterionId: "15.3", hazardId: first.body.created[0].id }]);
    const again = await h.request("POST", `/v1/assessments/${id}/hazards`, { token: inspector });
    expect(again.body.created).toEqual([]);
    expect(again.body.existing).toHaveLength(2);
  });
});

describe("minor violations", () => {
  it("records a no-penalty or lighter-penalty decision with the credit-repair path told; a penalty without one is refused", async () => {
    const hz = await record();
    const missing = await step(hz.id, "penalty", inspector, { decision: "lighter", basis: "首次违法且及时改正", toldOn: "2026-11-24" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields[0]).toMatchObject({ path: "creditRepair", code: "credit_repair_required" });
    const none = await step(hz.id, "penalty", inspector, {
      decision: "none",
      basis: "轻微违法行为，没有造成危害后果",
      toldOn: "2026-11-24",
    });
    expect(none.status).toBe(200);
    expect(none.body.penalty).toMatchObject({
      decision: "none",
      creditRepair: null,
      toldOn: "2026-11-24",
      decidedBy: { id: "inspector-li" },
    });
    expect(none.body.state).toBe("reported");
    const lighter = await step(hz.id, "penalty", inspector, {
      decision: "lighter",
      basis: "首次违法且及时改正",
      creditRepair: "整改完成后向信用中国（江苏）申请信用修复",
      toldOn: "2026-11-25",
    });
    expect(lighter.body.penalty).toMatchObject({ decision: "lighter", creditRepair: "整改完成后向信用中国（江苏）申请信用修复" });
    const audit = await h.request("GET", "/v1/audit?limit=100", { token: admin });
    expect(
      audit.body.items.filter((e: { entity: { id: string }; action: string }) => e.entity.id === hz.id && e.action === "hazard.penalty"),
    ).toHaveLength(2);
  });

  it("records a mitigated penalty (减轻处罚) as a decision of its own, apart from a lighter one, and it too tells the credit-repair path", async () => {
    const hz = await record();
    const missing = await step(hz.id, "penalty", inspector, { decision: "mitigated", basis: "主动消除危害后果", toldOn: "2026-11-24" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields[0]).toMatchObject({ path: "creditRepair", code: "credit_repair_required" });
    const mitigated = await step(hz.id, "penalty", inspector, {
      decision: "mitigated",
      basis: "主动消除或者减轻违法行为危害后果",
      creditRepair: "履行处罚决定后向信用中国（江苏）申请信用修复",
      toldOn: "2026-11-25",
    });
    expect(mitigated.status).toBe(200);
    expect(mitigated.body.penalty).toMatchObject({ decision: "mitigated", toldOn: "2026-11-25", decidedBy: { id: "inspector-li" } });
    // Read back as stored: mitigated is not folded into lighter.
    const read = await h.request("GET", `/v1/hazards/${hz.id}`, { token: inspector });
    expect(read.body.penalty.decision).toBe("mitigated");
    expect(penaltyDecisionNames.mitigated).toBe("减轻处罚");
    expect(penaltyDecisionNames.lighter).toBe("从轻处罚");
  });
});

describe("exports", () => {
  it("the hazard list and the rectification list as CSV with a BOM (filters apply) and as .xlsx", async () => {
    const town = await addPlace(h, admin, "棠张镇");
    const unit = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(9, town) })).body;
    const a = await record({ enterpriseId: unit.id, description: '配电箱未接地, "临时"线路', severity: "major" });
    await step(a.id, "assign", inspector, { rectification: rectification("2026-12-31") });
    await record({ enterpriseId: unit.id, description: "灭火器过期" });
    const get = async (query: string) => {
      const res = await h.app.request(`/v1/hazards/export?${query}`, { headers: { authorization: `Bearer ${inspector}` } });
      return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
    };
    const hazards = await get(`townId=${town.townId}&format=csv`);
    expect(hazards.res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect([...hazards.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(hazards.bytes).trim().split("\r\n");
    expect(lines[0]).toBe("单位名称,镇（街道）,行业大类,隐患类别,隐患描述,隐患位置,隐患等级,来源,发现人,发现日期,状态,整改期限,是否逾期");
    expect(lines).toHaveLength(3);
    expect(lines.join("\n")).toContain('"配电箱未接地, ""临时""线路"');
    expect(lines.join("\n")).toContain("重大事故隐患");
    expect(lines.join("\n")).toContain("棠张镇");
    const rect = await get(`townId=${town.townId}&state=assigned&list=rectification&format=csv`);
    const rows = new TextDecoder().decode(rect.bytes).trim().split("\r\n");
    expect(rows[0]).toBe(
      "单位名称,镇（街道）,隐患描述,隐患等级,整改措施,整改责任人,责任人电话,整改期限,整改资金（元）,状态,是否逾期,延期次数,销号日期",
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain("建立有限空间作业审批制度并培训,王厂长,13800001111,2026-12-31,1200.5,已交办,否,0,");
    const xlsx = await get(`townId=${town.townId}&list=rectification`);
    expect(xlsx.res.status).toBe(200);
    expect([...xlsx.bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
    expect(decodeURIComponent(xlsx.res.headers.get("content-disposition") ?? "")).toContain("整改清单-");
    const viewerOfOther = await h.app.request("/v1/hazards/export?format=csv", {
      headers: { authorization: `Bearer ${await h.token("viewer", "320300")}` },
    });
    expect(new TextDecoder().decode(await viewerOfOther.arrayBuffer())).not.toContain("配电箱");
  });
});

describe("tenant isolation and roles", () => {
  it("another tenant cannot read, list or move a tenant's hazard, nor record one on its unit", async () => {
    const hz = await record();
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", `/v1/hazards/${hz.id}`, { token: city })).status).toBe(404);
    expect((await step(hz.id, "assign", city, { rectification: rectification("2026-12-31") })).status).toBe(404);
    expect((await h.request("GET", "/v1/hazards?limit=100", { token: city })).body.items.map((i: { id: string }) => i.id)).not.toContain(
      hz.id,
    );
    const foreign = await h.request("POST", "/v1/hazards", { token: city, body: found() });
    expect(foreign.status).toBe(422);
  });

  it("a viewer reads but cannot record", async () => {
    const viewer = await h.token("viewer", "320312");
    expect((await h.request("GET", "/v1/hazards", { token: viewer })).status).toBe(200);
    expect((await h.request("POST", "/v1/hazards", { token: viewer, body: found() })).status).toBe(403);
  });
});
