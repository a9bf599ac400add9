// Campaigns (专项行动) through HTTP → app → DynamoDB Local, run the Shishi way: two towns in scope, five stages with
// deadlines, a key item catalogue, liaisons and groups, targets and a verification draw. Work joins the campaign
// when it is created (assessments, hazards, expert visits whose findings become hazards) and only for units in
// scope; the progress per town and stage is read from the campaign's own tallies; the draw is seeded, recorded and
// repeatable, once; a sampled unit whose verified score does not match goes back to assistance. Another tenant
// reaches none of it.
import { beforeAll, describe, expect, it } from "vitest";
import { criteriaOf, type RubricDefinition } from "#core/assessments/rubric";
import { drawUnits } from "#core/campaigns/campaign-sample";
import { answersFor } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";
import { shishiScheme, verifiedAssessment } from "#test/support/stars";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let inspector: string;
let verifier: string;
let baogai: Place;
let hanjiang: Place;
let yonghe: Place;
let definition: RubricDefinition;
let n = 0;
const rubric = { id: "shishi-enterprise-2024", version: 1 };

async function unit(place: Place, extra: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const res = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(++n, place, extra) });
  expect(res.status).toBe(201);
  return res.body;
}

function shishi(extra: Record<string, unknown> = {}) {
  return {
    name: "安全生产标准化帮扶专项行动",
    period: { from: "2026-11-01", to: "2027-01-20" },
    scope: { townIds: [baogai.townId, hanjiang.townId] },
    stages: [
      { id: "self-check", name: "企业自查", assessmentStage: "self-check", deadline: "2026-11-15", deliverable: "书面自评报告" },
      { id: "assistance", name: "帮扶指导", assessmentStage: "assistance", deadline: "2026-11-30" },
      { id: "verification", name: "验收核查", assessmentStage: "verification", deadline: "2026-12-15" },
      { id: "review", name: "市级复核", assessmentStage: "review", deadline: "2026-12-31" },
      { id: "summary", name: "总结提升", deadline: "2027-01-20" },
    ],
    catalogue: {
      industries: [{ id: "mech", name: "机械制造" }],
      items: [
        { id: "M-01", industry: "mech", title: "有限空间作业审批" },
        { id: "M-02", industry: "mech", title: "粉尘涉爆除尘系统" },
        { id: "G-01", industry: null, title: "消防通道畅通" },
      ],
    },
    themes: [{ month: "2026-11", title: "企业自查月" }],
    liaisons: [{ townId: baogai.townId, name: "林联络", phone: "13900000001" }],
    groups: [
      {
        id: "g1",
        name: "第一检查组",
        leader: { name: "陈组长" },
        members: [{ name: "许专家", organization: "市应急局" }],
        townIds: [baogai.townId],
      },
    ],
    targets: { unitsPerTown: 3, benchmarksPerTown: 1, reachAll: true },
    sampling: { stageId: "verification", perTown: 2, scoreTolerance: "0" },
    ...extra,
  };
}

async function createCampaign(body: Record<string, unknown> = shishi(), token = admin) {
  const res = await h.request("POST", "/v1/campaigns", { token, body });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function assess(campaignId: string | null, enterpriseId: string, stage: string, deduct = false) {
  const open = await h.request("POST", "/v1/assessments", {
    token: inspector,
    body: {
      target: { type: "enterprise", id: enterpriseId },
      rubric,
      stage,
      assessor: { name: "陈秋茹", organization: "市安办督导帮扶组" },
      assessedOn: "2026-11-20",
      ...(campaignId ? { campaign: { campaignId } } : {}),
    },
  });
  if (open.status !== 201) return open;
  const yesNo = criteriaOf(definition).find((c) => c.criterion.rule.type === "yes-no");
  const overrides = deduct && yesNo ? { [yesNo.criterion.id]: { input: { met: false }, reason: "制度未落实" } } : {};
  const answered = await h.request("PATCH", `/v1/assessments/${open.body.id}`, {
    token: inspector,
    body: { answers: answersFor(definition, overrides) },
  });
  expect(answered.status).toBe(200);
  return answered;
}

async function handIn(id: string, verify: boolean) {
  expect((await h.request("POST", `/v1/assessments/${id}/submit`, { token: inspector })).status).toBe(200);
  if (verify)
    expect((await h.request("POST", `/v1/assessments/${id}/verify`, { token: verifier, body: { note: "核查一致" } })).status).toBe(200);
}

const progressOf = async (id: string) => (await h.request("GET", `/v1/campaigns/${id}/progress`, { token: inspector })).body;
const townOf = (progress: { towns: { townId: string }[] }, place: Place) => progress.towns.find((t) => t.townId === place.townId) as any;
const stageOf = (town: { stages: { stageId: string }[] }, id: string) => town.stages.find((s) => s.stageId === id) as any;

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  verifier = await h.token("inspector", "320312", "inspector-wang");
  baogai = await addPlace(h, admin, "宝盖镇");
  hanjiang = await addPlace(h, admin, "蚶江镇");
  yonghe = await addPlace(h, admin, "永和镇");
  for (let i = 0; i < 4; i++) await unit(baogai);
  await unit(baogai, { productionStatus: "closed" });
  for (let i = 0; i < 3; i++) await unit(hanjiang);
  await unit(yonghe);
  definition = (await h.request("GET", "/v1/rubric-library/shishi-enterprise-2024", { token: inspector })).body.definition;
});

describe("defining a campaign", () => {
  it("resolves its scope into the live units of its towns (closed units left out), keeps every part of the definition, and audits it", async () => {
    const c = await createCampaign();
    expect(c).toMatchObject({ name: "安全生产标准化帮扶专项行动", units: 7, closedAt: null, version: 1, createdBy: expect.any(String) });
    expect(c.scopeResolvedAt).not.toBeNull();
    expect(c.stages.map((s: { id: string }) => s.id)).toEqual(["self-check", "assistance", "verification", "review", "summary"]);
    expect(c.stages[0]).toMatchObject({ deliverable: "书面自评报告" });
    expect(c.stages[4]).toMatchObject({ assessmentStage: null });
    expect(c.groups[0]).toMatchObject({ name: "第一检查组", members: [{ name: "许专家", organization: "市应急局", phone: null }] });
    const units = await h.request("GET", `/v1/campaigns/${c.id}/units`, { token: inspector });
    expect(units.body.items).toHaveLength(7);
    expect(new Set(units.body.items.map((u: { townId: string }) => u.townId))).toEqual(new Set([baogai.townId, hanjiang.townId]));
    const audit = await h.request("GET", "/v1/audit?limit=50", { token: admin });
    expect(audit.body.items.find((e: { entity: { id: string } }) => e.entity.id === c.id)).toMatchObject({
      action: "campaign.create",
      changes: { name: { from: null, to: c.name }, "catalogue.items": { from: null, to: 3 } },
    });
    const listed = await h.request("GET", "/v1/campaigns", { token: await h.token("viewer", "320312") });
    expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
  });

  it("takes a scope by list too, and the Yangzhou and Tongshan structures as data (16 industries, themes per month, ten groups)", async () => {
    const listed = (await h.request("GET", `/v1/enterprises?townId=${yonghe.townId}`, { token: admin })).body.items;
    const industries = Array.from({ length: 16 }, (_, i) => ({ id: `i${i + 1}`, name: `重点行业${i + 1}` }));
    const c = await createCampaign({
      name: "百日攻坚行动",
      period: { from: "2026-07-01", to: "2026-10-10" },
      scope: { units: { by: "list", enterpriseIds: listed.map((u: { id: string }) => u.id) } },
      stages: [{ id: "attack", name: "集中攻坚", assessmentStage: null, deadline: "2026-10-10" }],
      catalogue: { industries, items: industries.map((i, k) => ({ id: `K${k + 1}`, industry: i.id, title: `${i.name}重点事项` })) },
      themes: [
        { month: "2026-07", title: "专家服务进企业" },
        { month: "2026-08", title: "交叉互查县区行" },
        { month: "2026-09", title: "攻坚观摩赛成效" },
      ],
      groups: Array.from({ length: 10 }, (_, i) => ({ id: `g${i + 1}`, name: `第${i + 1}检查组` })),
    });
    expect([c.units, c.catalogue.industries.length, c.themes.length, c.groups.length]).toEqual([1, 16, 3, 10]);
  });

  it("refuses a definition that breaks its own rules, naming the field in Chinese and English, and saves nothing", async () => {
    const before = (await h.request("GET", "/v1/campaigns?limit=100", { token: admin })).body.items.length;
    const stages = shishi().stages.map((s) => (s.id === "assistance" ? { ...s, deadline: "2026-11-10" } : s));
    const outOfOrder = await h.request("POST", "/v1/campaigns", { token: admin, body: shishi({ stages }) });
    expect(outOfOrder.status).toBe(400);
    expect(outOfOrder.body.error.details.fields).toContainEqual({
      path: "stages.1.deadline",
      code: "stages_out_of_order",
      message: "各阶段的截止日期须按阶段顺序排列",
    });
    const inEnglish = await h.request("POST", "/v1/campaigns", {
      token: admin,
      body: shishi({ stages }),
      headers: { "accept-language": "en" },
    });
    expect(inEnglish.body.error.details.fields[0].message).toBe("Stages must come in the order of their deadlines");
    const badItem = await h.request("POST", "/v1/campaigns", {
      token: admin,
      body: shishi({ catalogue: { industries: [], items: [{ id: "X", industry: "nope", title: "?" }] } }),
    });
    expect([badItem.status, badItem.body.error.details.fields[0].code]).toEqual([400, "unknown_industry"]);
    const badSampling = await h.request("POST", "/v1/campaigns", {
      token: admin,
      body: shishi({ sampling: { stageId: "nope", perTown: 2 } }),
    });
    expect(badSampling.body.error.details.fields[0]).toMatchObject({ path: "sampling.stageId", code: "unknown_stage" });
    const otherTown = await h.request("POST", "/v1/campaigns", { token: admin, body: shishi({ scope: { townIds: ["0".repeat(26)] } }) });
    expect([otherTown.status, otherTown.body.error.details.fields[0].code]).toEqual([422, "unknown_town"]);
    const byInspector = await h.request("POST", "/v1/campaigns", { token: inspector, body: shishi() });
    expect(byInspector.status).toBe(403);
    expect((await h.request("GET", "/v1/campaigns?limit=100", { token: admin })).body.items).toHaveLength(before);
  });

  it("changes at the version read (412 otherwise), resolves a new scope at once, and refuses changes once closed", async () => {
    const c = await createCampaign();
    const stale = await h.request("PATCH", `/v1/campaigns/${c.id}`, {
      token: admin,
      body: { name: "改名" },
      headers: { "if-match": '"7"' },
    });
    expect(stale.status).toBe(412);
    const rescoped = await h.request("PATCH", `/v1/campaigns/${c.id}`, {
      token: admin,
      body: { scope: { townIds: [hanjiang.townId] } },
      headers: { "if-match": '"1"' },
    });
    expect(rescoped.status).toBe(200);
    expect([rescoped.body.units, rescoped.body.version]).toEqual([3, 2]);
    const units = (await h.request("GET", `/v1/campaigns/${c.id}/units`, { token: admin })).body.items;
    expect(units.every((u: { townId: string }) => u.townId === hanjiang.townId)).toBe(true);
    const closed = await h.request("POST", `/v1/campaigns/${c.id}/close`, { token: admin, body: { note: "阶段结束" } });
    expect(closed.body).toMatchObject({ closedAt: expect.any(String), closeNote: "阶段结束", version: 3 });
    const edit = await h.request("PATCH", `/v1/campaigns/${c.id}`, { token: admin, body: { name: "再改" } });
    expect([edit.status, edit.body.error.code]).toEqual([409, "illegal_transition"]);
  });
});

describe("work joining a campaign", () => {
  it("takes assessments and hazards of units in scope only; refuses others, unknown key items and closed campaigns, saving nothing", async () => {
    const c = await createCampaign();
    const [inside] = (await h.request("GET", `/v1/campaigns/${c.id}/units`, { token: admin })).body.items;
    const outside = (await h.request("GET", `/v1/enterprises?townId=${yonghe.townId}`, { token: admin })).body.items[0];
    expect((await assess(c.id, inside.enterpriseId, "self-check")).status).toBe(200);
    const refused = await assess(c.id, outside.id, "self-check");
    expect([refused.status, refused.body.error.details.fields[0].code]).toEqual([422, "not_in_campaign_scope"]);
    const outsideAssessments = await h.request("GET", `/v1/assessments?targetId=${outside.id}`, { token: admin });
    expect(outsideAssessments.body.items).toEqual([]);

    const hazard = (extra: Record<string, unknown>) =>
      h.request("POST", "/v1/hazards", {
        token: inspector,
        body: {
          enterpriseId: inside.enterpriseId,
          category: "有限空间",
          description: "有限空间作业未审批",
          severity: "general",
          source: "inspection",
          foundBy: { name: "李检查" },
          foundOn: "2026-11-24",
          ...extra,
        },
      });
    const ok = await hazard({ campaign: { campaignId: c.id, keyItemId: "M-01" } });
    expect([ok.status, ok.body.campaign]).toEqual([201, { campaignId: c.id, keyItemId: "M-01" }]);
    const unknownItem = await hazard({ campaign: { campaignId: c.id, keyItemId: "Z-99" } });
    expect([unknownItem.status, unknownItem.body.error.details.fields[0]]).toEqual([
      422,
      expect.objectContaining({ path: "campaign.keyItemId", code: "unknown_key_item" }),
    ]);
    const hazards = await h.request("GET", `/v1/hazards?enterpriseId=${inside.enterpriseId}`, { token: admin });
    expect(hazards.body.items).toHaveLength(1);

    await h.request("POST", `/v1/campaigns/${c.id}/close`, { token: admin });
    const late = await hazard({ campaign: { campaignId: c.id, keyItemId: null } });
    expect([late.status, late.body.error.details.fields[0].code]).toEqual([422, "campaign_closed"]);
    // Work already in a closed campaign moves on, and its tally with it.
    const progress = await progressOf(c.id);
    expect(progress.total.hazards).toMatchObject({ found: 1, closed: 0, byKeyItem: [{ keyItemId: "M-01", found: 1, closed: 0 }] });
  });

  it("records an expert visit whose findings become the unit's hazards in the same call, once however often it is retried", async () => {
    const c = await createCampaign();
    const [first, second] = (await h.request("GET", `/v1/campaigns/${c.id}/units?townId=${baogai.townId}`, { token: admin })).body.items;
    const experts = [
      { name: "许专家", organization: "省安全生产专家库", field: "机械" },
      { name: "周专家", organization: "省安全生产专家库" },
    ];
    const body = {
      enterpriseId: first.enterpriseId,
      visitedOn: "2026-11-24",
      experts,
      summary: "指导完善有限空间管理制度",
      findings: [
        { category: "有限空间", description: "未设置警示标识", keyItemId: "M-01" },
        { category: "消防", description: "消防通道堆放杂物", keyItemId: "G-01", severity: "general" },
      ],
    };
    const key = { "idempotency-key": `visit-${c.id}` };
    const res = await h.request("POST", `/v1/campaigns/${c.id}/expert-visits`, { token: inspector, body, headers: key });
    expect(res.status).toBe(201);
    expect(res.body.hazards.created).toHaveLength(2);
    expect(res.body.visit.findings.map((f: { hazardId: string }) => f.hazardId)).toEqual(
      res.body.hazards.created.map((x: { id: string }) => x.id),
    );
    const madeHazard = await h.request("GET", `/v1/hazards/${res.body.hazards.created[0].id}`, { token: admin });
    expect(madeHazard.body).toMatchObject({
      source: "expert-visit",
      campaign: { campaignId: c.id, keyItemId: "M-01" },
      foundOn: "2026-11-24",
    });
    const again = await h.request("POST", `/v1/campaigns/${c.id}/expert-visits`, { token: inspector, body, headers: key });
    expect([again.status, again.headers.get("idempotent-replayed"), again.body.hazards]).toEqual([
      201,
      "true",
      { created: [], existing: res.body.visit.findings.map((f: { hazardId: string }) => f.hazardId) },
    ]);
    const remade = await h.request("POST", `/v1/campaigns/${c.id}/expert-visits/${res.body.visit.id}/hazards`, { token: inspector });
    expect(remade.body.hazards.created).toEqual([]);
    const unitHazards = (await h.request("GET", `/v1/hazards?enterpriseId=${first.enterpriseId}`, { token: admin })).body.items;
    expect(unitHazards.filter((x: { source: string }) => x.source === "expert-visit")).toHaveLength(2);
    // The same two experts the same day at a second unit: two more enterprise-visits (家次), no more person-visits (人次).
    const other = await h.request("POST", `/v1/campaigns/${c.id}/expert-visits`, {
      token: inspector,
      body: { enterpriseId: second.enterpriseId, visitedOn: "2026-11-24", experts },
    });
    expect(other.status).toBe(201);
    const nextDay = await h.request("POST", `/v1/campaigns/${c.id}/expert-visits`, {
      token: inspector,
      body: { enterpriseId: second.enterpriseId, visitedOn: "2026-11-25", experts: [experts[0]] },
    });
    expect(nextDay.status).toBe(201);
    const progress = await progressOf(c.id);
    expect(townOf(progress, baogai).expertVisits).toEqual({ personVisits: 3, enterpriseVisits: 3 });
    expect(townOf(progress, baogai).hazards.byKeyItem).toEqual([
      { keyItemId: "M-01", found: 1, closed: 0 },
      { keyItemId: "G-01", found: 1, closed: 0 },
    ]);
    const listed = await h.request("GET", `/v1/campaigns/${c.id}/expert-visits`, { token: await h.token("viewer", "320312") });
    expect(listed.body.items).toHaveLength(3);
    const outside = (await h.request("GET", `/v1/enterprises?townId=${yonghe.townId}`, { token: admin })).body.items[0];
    const refused = await h.request("POST", `/v1/campaigns/${c.id}/expert-visits`, {
      token: inspector,
      body: { enterpriseId: outside.id, visitedOn: "2026-11-24", experts, findings: [{ category: "消防", description: "x" }] },
    });
    expect([refused.status, refused.body.error.details.fields[0].code]).toEqual([422, "not_in_campaign_scope"]);
    expect((await h.request("GET", `/v1/hazards?enterpriseId=${outside.id}`, { token: admin })).body.items).toEqual([]);
  });
});

describe("benchmark enterprises of a campaign", () => {
  it("counts standing designations of the campaign per town against its target, and refuses a unit outside its scope", async () => {
    const c = await createCampaign();
    const [u] = (await h.request("GET", `/v1/campaigns/${c.id}/units?townId=${hanjiang.townId}`, { token: admin })).body.items;
    const designate = (enterpriseId: string) =>
      h.request("POST", "/v1/benchmark-enterprises", {
        token: admin,
        body: { enterpriseId, year: 2026, reason: "标准化运行良好", campaign: { campaignId: c.id } },
      });
    const made = await designate(u.enterpriseId);
    expect([made.status, made.body.campaign]).toEqual([201, { campaignId: c.id, keyItemId: null }]);
    let town = townOf(await progressOf(c.id), hanjiang);
    expect(town.benchmarks).toEqual({ designated: 1, target: 1, met: true });
    expect(townOf(await progressOf(c.id), baogai).benchmarks).toEqual({ designated: 0, target: 1, met: false });
    const withdrawn = await h.request("POST", `/v1/benchmark-enterprises/${made.body.id}/withdraw`, {
      token: admin,
      body: { reason: "发生事故" },
    });
    expect(withdrawn.status).toBe(200);
    town = townOf(await progressOf(c.id), hanjiang);
    expect(town.benchmarks).toEqual({ designated: 0, target: 1, met: false });
    const outside = (await h.request("GET", `/v1/enterprises?townId=${yonghe.townId}`, { token: admin })).body.items[0];
    const refused = await designate(outside.id);
    expect([refused.status, refused.body.error.details.fields[0].code]).toEqual([422, "not_in_campaign_scope"]);
    const standing = await h.request("GET", "/v1/benchmark-enterprises?year=2026", { token: admin });
    expect(standing.body.items.map((d: { enterpriseId: string }) => d.enterpriseId)).not.toContain(outside.id);
  });
});

describe("star ratings of a campaign", () => {
  it("counts the units that applied in the campaign and those holding the stars awarded on it; refuses a unit outside", async () => {
    const standardization = { status: "passed", responsibilitySystem: true, starRated: false, informationCollected: true };
    const rated = await unit(hanjiang, { standardization });
    const c = await createCampaign();
    await verifiedAssessment(h, { inspector, verifier }, rated.id, answersFor(definition), "2026-11-20");
    const schemeId = await shishiScheme(h, admin);
    const filed = await h.request("POST", "/v1/star-applications", {
      token: inspector,
      body: { enterpriseId: rated.id, schemeId, campaign: { campaignId: c.id } },
    });
    expect([filed.status, filed.body.campaign]).toEqual([201, { campaignId: c.id, keyItemId: null }]);
    expect(townOf(await progressOf(c.id), hanjiang).stars).toEqual({ applied: 1, holding: 0 });
    const awarded = await h.request("POST", `/v1/star-applications/${filed.body.id}/award`, { token: admin });
    expect(awarded.status).toBe(200);
    const held = await h.request("GET", `/v1/enterprises/${rated.id}/stars`, { token: admin });
    expect(
      held.body.current.every(
        (a: { campaign: unknown }) => JSON.stringify(a.campaign) === JSON.stringify({ campaignId: c.id, keyItemId: null }),
      ),
    ).toBe(true);
    expect(townOf(await progressOf(c.id), hanjiang).stars).toEqual({ applied: 1, holding: 1 });
    const outside = (await h.request("GET", `/v1/enterprises?townId=${yonghe.townId}`, { token: admin })).body.items[0];
    const refused = await h.request("POST", "/v1/star-applications", {
      token: inspector,
      body: { enterpriseId: outside.id, schemeId, campaign: { campaignId: c.id } },
    });
    expect([refused.status, refused.body.error.details.fields[0].code]).toEqual([422, "not_in_campaign_scope"]);
  });
});

describe("progress, sampling and the way back to assistance", () => {
  it("counts units reached, assessed and verified per town and stage, flags deadlines at risk, and lists the units never reached", async () => {
    const c = await createCampaign();
    const units = (await h.request("GET", `/v1/campaigns/${c.id}/units?townId=${baogai.townId}`, { token: admin })).body.items;
    const self = (await assess(c.id, units[0].enterpriseId, "self-check")).body;
    await handIn(self.id, true);
    const draft = (await assess(c.id, units[1].enterpriseId, "self-check")).body;
    let town = townOf(await progressOf(c.id), baogai);
    expect([town.units, town.reached, town.notReached, town.reachTarget]).toEqual([4, 1, 3, { target: 3, met: false }]);
    expect(stageOf(town, "self-check")).toMatchObject({ required: 4, assessed: 1, verified: 1, status: "overdue" });
    expect(stageOf(town, "assistance")).toMatchObject({ assessed: 0, status: "at-risk" });
    expect(stageOf(town, "review")).toMatchObject({ status: "on-track" });
    expect(stageOf(town, "summary")).toMatchObject({ status: null });
    const progress = await progressOf(c.id);
    expect(progress.atRisk).toContainEqual({ stageId: "assistance", townId: baogai.townId, status: "at-risk", missing: 4 });
    const notReached = (await h.request("GET", `/v1/campaigns/${c.id}/units?townId=${baogai.townId}&reached=false`, { token: admin })).body
      .items;
    expect(notReached.map((u: { enterpriseId: string }) => u.enterpriseId).sort()).toEqual(
      units
        .slice(1)
        .map((u: { enterpriseId: string }) => u.enterpriseId)
        .sort(),
    );
    // A draft reaches no unit; handed in, it does.
    await h.request("POST", `/v1/assessments/${draft.id}/submit`, { token: inspector });
    town = townOf(await progressOf(c.id), baogai);
    expect(town.reached).toBe(2);
  });

  it("draws the verification units seeded and recorded, repeatable from the record, once; a mismatch sends the unit back", async () => {
    const c = await createCampaign();
    const units = (await h.request("GET", `/v1/campaigns/${c.id}/units?townId=${baogai.townId}`, { token: admin })).body.items;
    // Three units assisted (the pool); the fourth did nothing.
    for (const u of units.slice(0, 3)) await handIn((await assess(c.id, u.enterpriseId, "assistance")).body.id, true);
    const drawn = await h.request("POST", `/v1/campaigns/${c.id}/samples`, { token: admin, body: { seed: "石狮市2026年第一次抽查" } });
    expect(drawn.status).toBe(201);
    const baogaiDraw = drawn.body.towns.find((t: { townId: string }) => t.townId === baogai.townId);
    expect(baogaiDraw.pool).toEqual(
      units
        .slice(0, 3)
        .map((u: { enterpriseId: string }) => u.enterpriseId)
        .sort(),
    );
    expect(baogaiDraw.picked).toHaveLength(2);
    expect(drawUnits(baogaiDraw.pool, 2, drawn.body.seed, baogai.townId)).toEqual(baogaiDraw.picked);
    expect(drawn.body).toMatchObject({ method: "sha256-fisher-yates-v1", stageId: "verification", perTown: 2 });
    const twice = await h.request("POST", `/v1/campaigns/${c.id}/samples`, { token: admin });
    expect([twice.status, twice.body.error.code]).toEqual([409, "sample_drawn"]);
    const [matching, differing] = baogaiDraw.picked as string[];
    await handIn((await assess(c.id, matching as string, "verification")).body.id, true);
    await handIn((await assess(c.id, differing as string, "verification", true)).body.id, true);
    const town = townOf(await progressOf(c.id), baogai);
    expect(stageOf(town, "verification")).toMatchObject({ required: 2, assessed: 2, verified: 1, mismatched: 1 });
    const back = (await h.request("GET", `/v1/campaigns/${c.id}/units?mismatch=true`, { token: admin })).body.items;
    expect(back.map((u: { enterpriseId: string }) => u.enterpriseId)).toEqual([differing]);
    const samples = await h.request("GET", `/v1/campaigns/${c.id}/samples`, { token: inspector });
    expect(samples.body.items).toEqual([drawn.body]);
  });
});

describe("the summary report", () => {
  it("is a .docx in the official style built from the campaign's definition and tallies, and the same document as a page", async () => {
    // A unit of its own: the earlier tests' draws leave the shared units at stages an assistance cannot follow.
    const fresh = await unit(baogai);
    const c = await createCampaign();
    const units = (await h.request("GET", `/v1/campaigns/${c.id}/units?townId=${baogai.townId}`, { token: admin })).body.items.filter(
      (u: { enterpriseId: string }) => u.enterpriseId !== fresh.id,
    );
    await handIn((await assess(c.id, fresh.id, "assistance")).body.id, true);
    const visit = await h.request("POST", `/v1/campaigns/${c.id}/expert-visits`, {
      token: inspector,
      body: {
        enterpriseId: units[0].enterpriseId,
        visitedOn: "2026-11-24",
        experts: [{ name: "许专家" }, { name: "周专家" }],
        findings: [{ category: "有限空间", description: "未设置警示标识", keyItemId: "M-01" }],
      },
    });
    expect(visit.status).toBe(201);
    const drawn = await h.request("POST", `/v1/campaigns/${c.id}/samples`, { token: admin, body: { seed: "总结报告抽查" } });
    expect(drawn.status).toBe(201);

    const res = await h.app.request(`/v1/campaigns/${c.id}/summary-report`, { headers: { authorization: `Bearer ${inspector}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("安全生产标准化帮扶专项行动总结报告-2026-11-25.docx")}`,
    );
    const buffer = Buffer.from(await res.arrayBuffer());
    expect(buffer.subarray(0, 2).toString()).toBe("PK");
    const { value: text } = await (await import("mammoth")).extractRawText({ buffer });
    const lines = text
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    const order = [
      "安全生产标准化帮扶专项行动总结报告",
      "一、基本情况",
      "（一）组织实施",
      "二、工作成效",
      "（一）覆盖情况",
      "三、存在问题",
    ];
    expect(order.map((line) => lines.indexOf(line)).every((at, i, all) => at >= 0 && (i === 0 || at > (all[i - 1] as number)))).toBe(true);
    for (const expected of [
      "林联络",
      "第一检查组",
      "书面自评报告",
      "M-01 有限空间作业审批",
      "组织专家服务 2 人次，深入企业 1 家次",
      "随机种子“总结报告抽查”",
      `${units[1].name}`,
    ])
      expect(text).toContain(expected);
    // The report's figures are the progress's: two units reached (one assessed, one visited).
    const { total } = await progressOf(c.id);
    expect(total.reached).toBe(2);
    expect(text).toContain(`应覆盖单位 ${total.units} 家，已覆盖 2 家`);

    const page = await h.request("GET", `/v1/campaigns/${c.id}/summary-report?format=html`, { token: admin });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    for (const expected of ["<h2>一、基本情况</h2>", "<h2>三、存在问题</h2>", "M-01 有限空间作业审批", "总结报告抽查"])
      expect(page.body).toContain(expected);

    const bad = await h.request("GET", `/v1/campaigns/${c.id}/summary-report?format=pdf`, { token: admin });
    expect([bad.status, bad.body.error.code]).toEqual([400, "validation_failed"]);
  });
});

describe("tenant isolation", () => {
  it("another tenant neither reads a campaign nor puts its work in it", async () => {
    const c = await createCampaign();
    const other = await h.token("tenant-admin", "320300");
    for (const path of [
      `/v1/campaigns/${c.id}`,
      `/v1/campaigns/${c.id}/progress`,
      `/v1/campaigns/${c.id}/units`,
      `/v1/campaigns/${c.id}/samples`,
      `/v1/campaigns/${c.id}/summary-report`,
    ]) {
      expect((await h.request("GET", path, { token: other })).status).toBe(404);
    }
    expect((await h.request("GET", "/v1/campaigns", { token: other })).body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    const theirPlace = await addPlace(h, other, "其他镇");
    const theirs = await h.request("POST", "/v1/enterprises", { token: other, body: enterpriseBody(++n + 5000, theirPlace) });
    const res = await h.request("POST", "/v1/hazards", {
      token: other,
      body: {
        enterpriseId: theirs.body.id,
        category: "消防",
        description: "跨租户",
        severity: "general",
        source: "inspection",
        foundBy: { name: "某人" },
        foundOn: "2026-11-24",
        campaign: { campaignId: c.id },
      },
    });
    expect([res.status, res.body.error.details.fields[0].code]).toEqual([422, "unknown_campaign"]);
    expect((await h.request("PATCH", `/v1/campaigns/${c.id}`, { token: other, body: { name: "x" } })).status).toBe(404);
    expect((await h.request("POST", `/v1/campaigns/${c.id}/samples`, { token: other })).status).toBe(404);
  });
});

describe("importing the key item catalogue", () => {
  const upload = (id: string, csv: string, version: number) =>
    h.request("PUT", `/v1/campaigns/${id}/catalogue`, {
      token: admin,
      rawBody: csv,
      headers: { "content-type": "application/octet-stream", "if-match": `"${version}"` },
    });

  it("replaces the catalogue with a spreadsheet's rows, industries in order of first use, numbers given or made", async () => {
    const c = await createCampaign();
    const csv =
      "扬州市百日攻坚重点事项清单\n编号,行业领域,重点事项\nW-01,危险化学品,重大危险源包保责任落实\n,危险化学品,特殊作业审批\nF-01,消防,消防通道畅通\n";
    const res = await upload(c.id, csv, c.version);
    expect(res.status).toBe(200);
    expect(res.body.catalogue).toEqual({
      industries: [
        { id: "I01", name: "危险化学品" },
        { id: "I02", name: "消防" },
      ],
      items: [
        { id: "W-01", industry: "I01", title: "重大危险源包保责任落实" },
        { id: "K002", industry: "I01", title: "特殊作业审批" },
        { id: "F-01", industry: "I02", title: "消防通道畅通" },
      ],
    });
    expect(res.body.version).toBe(c.version + 1);
  });

  it("names every bad row and changes nothing", async () => {
    const c = await createCampaign();
    const res = await upload(c.id, "编号,行业领域,重点事项\nA,消防,\nA,消防,消防通道\n", c.version);
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual([
      "rows.2.title:required",
      "rows.3.id:duplicate_id",
    ]);
    const after = await h.request("GET", `/v1/campaigns/${c.id}`, { token: admin });
    expect([after.body.version, after.body.catalogue.items.length]).toEqual([c.version, 3]);
  });
});
