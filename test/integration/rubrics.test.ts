// Rubrics through HTTP → app → DynamoDB Local: the built-in library, copying it, drafts and publishing (a
// published version never changes; editing opens the next), validation listing every problem, a tenant's own
// checklist rubric assessed pass/fail, roles and tenant isolation.
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";

let h: Harness;
let admin: string;
let inspector: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
});

const checklist = {
  title: { zh: "铜山区执法重点检查表（示例）" },
  kind: "checklist",
  target: "enterprise",
  sections: [
    {
      id: "a1",
      title: { zh: "责任制度" },
      items: [
        { id: "1", title: { zh: "全员安全生产责任制" }, criteria: [{ id: "1.1", title: { zh: "是否建立" }, rule: { type: "pass-fail" } }] },
      ],
    },
    {
      id: "a2",
      title: { zh: "应急处置" },
      items: [{ id: "2", title: { zh: "应急预案" }, criteria: [{ id: "2.1", title: { zh: "是否制定" }, rule: { type: "pass-fail" } }] }],
    },
  ],
};

describe("the library", () => {
  it("serves both seed rubrics to every tenant, with their notes on the source", async () => {
    for (const tenant of ["320312", "320300"]) {
      const res = await h.request("GET", "/v1/rubric-library", { token: await h.token("viewer", tenant) });
      expect(res.status).toBe(200);
      expect(
        res.body.items.map((r: { rubricId: string; definition: { totalPoints: string } }) => `${r.rubricId}:${r.definition.totalPoints}`),
      ).toEqual(["shishi-enterprise-2024:100", "shishi-town-2024:100"]);
    }
    const one = await h.request("GET", "/v1/rubric-library/shishi-enterprise-2024", { token: inspector });
    expect(one.body).toMatchObject({ status: "published", library: true, version: 1 });
    const item16 = one.body.definition.sections[8].items[0];
    expect(item16).toMatchObject({ id: "16", points: "4" });
    expect(one.body.definition.notes.some((n: { zh: string }) => n.zh.includes("16"))).toBe(true);
    expect((await h.request("GET", "/v1/rubric-library/nope-2024", { token: inspector })).status).toBe(404);
  });
});

describe("tenant rubrics", () => {
  it("copies a library rubric as a draft, publishes it, and opens the next draft on edit without touching the published one", async () => {
    const copy = await h.request("POST", "/v1/rubric-library/shishi-town-2024/copy", { token: admin });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      latestVersion: 1,
      draftVersion: 1,
      publishedVersion: null,
      copiedFrom: { id: "shishi-town-2024", version: 1 },
    });
    const id = copy.body.id;
    const unpublished = await h.request("POST", "/v1/assessments", {
      token: inspector,
      body: {
        target: { type: "town", id: (await addPlace(h, admin, "宝盖镇")).townId },
        rubric: { id, version: 1 },
        assessor: { name: "朱永得" },
        assessedOn: "2026-11-20",
      },
    });
    expect(unpublished.status).toBe(422);

    const published = await h.request("POST", `/v1/rubrics/${id}/publish`, { token: admin, headers: { "if-match": '"1"' } });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ publishedVersion: 1, draftVersion: null, latest: { status: "published", version: 1 } });
    expect((await h.request("POST", `/v1/rubrics/${id}/publish`, { token: admin })).body.error.code).toBe("no_draft");

    const definition = structuredClone(copy.body.latest.definition);
    definition.title.zh = "镇安全生产标准化督导细则（本区修订）";
    const draft = await h.request("PUT", `/v1/rubrics/${id}/draft`, { token: admin, body: { definition }, headers: { "if-match": '"2"' } });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ latestVersion: 2, draftVersion: 2, publishedVersion: 1, latest: { status: "draft", version: 2 } });
    const v1 = await h.request("GET", `/v1/rubrics/${id}/versions/1`, { token: inspector });
    expect(v1.body).toMatchObject({ status: "published", definition: { title: { zh: copy.body.latest.definition.title.zh } } });
    const stale = await h.request("PUT", `/v1/rubrics/${id}/draft`, { token: admin, body: { definition }, headers: { "if-match": '"2"' } });
    expect(stale.status).toBe(412);
    const list = await h.request("GET", "/v1/rubrics", { token: inspector });
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain(id);
  });

  it("an invalid rubric is 422 with every problem listed, and nothing is saved", async () => {
    const broken = {
      title: { zh: "错误细则" },
      kind: "scored",
      target: "enterprise",
      totalPoints: "10",
      sections: [
        {
          id: "s1",
          title: { zh: "一" },
          points: "6",
          items: [
            {
              id: "1",
              title: { zh: "内容" },
              points: "5",
              criteria: [
                { id: "1.1", title: { zh: "每发现一家扣1分" }, points: "2", rule: { type: "per-occurrence", deduction: "1", cap: "3" } },
                { id: "1.1", title: { zh: "评定" }, points: "2.5", rule: { type: "graded", step: "2" } },
                {
                  id: "1.3",
                  title: { zh: "达标率" },
                  points: "1",
                  rule: {
                    type: "rate-bands",
                    bands: [
                      { from: "0", to: "10", deduction: "1" },
                      { from: "5", to: "20", deduction: "1" },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await h.request("POST", "/v1/rubrics", { token: admin, body: { definition: broken } });
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual([
      "definition.sections.0.items.0.criteria.0.rule.cap:cap_above_points",
      "definition.sections.0.items.0.criteria.1.id:duplicate_id",
      "definition.sections.0.items.0.criteria.1.rule.step:step_invalid",
      "definition.sections.0.items.0.criteria.2.rule.bands.1.from:bands_overlap",
      "definition.sections.0.items.0.points:points_do_not_add_up",
      "definition.sections.0.points:points_do_not_add_up",
      "definition.totalPoints:points_do_not_add_up",
    ]);
    const english = await h.request("POST", "/v1/rubrics", {
      token: admin,
      body: { definition: broken },
      headers: { "accept-language": "en" },
    });
    expect(english.body.error.details.fields[4].message).toBe("Points 5 differ from the sum of its criteria, 5.5");
    expect(
      (await h.request("GET", "/v1/rubrics", { token: admin })).body.items.some(
        (r: { title: { zh: string } }) => r.title.zh === "错误细则",
      ),
    ).toBe(false);
  });

  it("only those who may write rubrics create them; inspectors read", async () => {
    const res = await h.request("POST", "/v1/rubrics", { token: inspector, body: { definition: checklist } });
    expect(res.status).toBe(403);
    expect((await h.request("GET", "/v1/rubric-library", { token: inspector })).status).toBe(200);
  });

  it("a tenant's checklist rubric (no points) is assessed pass/fail, failed items need a reason", async () => {
    const created = await h.request("POST", "/v1/rubrics", { token: admin, body: { definition: checklist } });
    expect(created.status).toBe(201);
    await h.request("POST", `/v1/rubrics/${created.body.id}/publish`, { token: admin });
    const place = await addPlace(h, admin, "大彭镇");
    const unit = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(7, place) })).body;
    const a = await h.request("POST", "/v1/assessments", {
      token: inspector,
      body: {
        target: { type: "enterprise", id: unit.id },
        rubric: { id: created.body.id, version: 1 },
        assessor: { name: "执法一组" },
        assessedOn: "2026-11-20",
      },
    });
    expect(a.status).toBe(201);
    const noReason = await h.request("PATCH", `/v1/assessments/${a.body.id}`, {
      token: inspector,
      body: { answers: { "2.1": { input: { passed: false } } } },
    });
    expect(noReason.status).toBe(422);
    const res = await h.request("PATCH", `/v1/assessments/${a.body.id}`, {
      token: inspector,
      body: { answers: { "1.1": { input: { passed: true } }, "2.1": { input: { passed: false }, reason: "无应急预案" } } },
    });
    expect(res.body.result).toMatchObject({ kind: "checklist", total: null, maxTotal: null, passed: 1, failed: 1, complete: true });
    expect(res.body.result.deductions).toEqual([
      {
        criterionId: "2.1",
        itemId: "2",
        sectionId: "a2",
        title: "是否制定",
        deduction: null,
        reason: "无应急预案",
        basis: { zh: "不合格", en: "Failed" },
      },
    ]);
  });

  it("another tenant cannot see or change a tenant's rubric", async () => {
    const created = await h.request("POST", "/v1/rubrics", { token: admin, body: { definition: checklist } });
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", `/v1/rubrics/${created.body.id}`, { token: city })).status).toBe(404);
    expect((await h.request("POST", `/v1/rubrics/${created.body.id}/publish`, { token: city })).status).toBe(404);
    expect((await h.request("PUT", `/v1/rubrics/${created.body.id}/draft`, { token: city, body: { definition: checklist } })).status).toBe(
      404,
    );
    expect((await h.request("GET", "/v1/rubrics", { token: city })).body.items).toEqual([]);
  });
});

describe("a unit's safety checklists (安全检查清单)", () => {
  it("three levels with who checks, how often and what a finding requires; an inspection's failed item becomes a hazard", async () => {
    const place = await addPlace(h, admin, "汉王镇");
    const unit = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(31, place) })).body;
    const other = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(32, place) })).body;
    const item = (id: string, title: string, checkedBy: string, frequency: string, requirement: string) => ({
      id,
      title: { zh: title },
      criteria: [{ id: `${id}.1`, title: { zh: title }, rule: { type: "pass-fail" }, checkedBy, frequency, requirement }],
    });
    const levels = {
      company: item("1", "全员安全生产责任制落实", "安全总监", "每月", "发现未落实的，限期7日内整改"),
      workshop: item("1", "配电箱接地完好", "车间主任", "每周", "立即断电整改"),
      post: item("1", "班前劳保用品佩戴", "班组长", "每班", "当班纠正"),
    };
    const ids: Record<string, string> = {};
    for (const [level, first] of Object.entries(levels)) {
      const res = await h.request("POST", "/v1/rubrics", {
        token: admin,
        body: {
          definition: {
            title: { zh: `${unit.name}安全检查清单（${level}）` },
            kind: "checklist",
            target: "enterprise",
            level,
            enterpriseId: unit.id,
            sections: [
              { id: "s1", title: { zh: "重点检查事项" }, items: [first, item("2", "消防通道畅通", "安全员", "每日", "立即清理")] },
            ],
          },
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ level, enterpriseId: unit.id });
      ids[level] = res.body.id;
      await h.request("POST", `/v1/rubrics/${res.body.id}/publish`, { token: admin });
    }
    const listed = await h.request("GET", `/v1/rubrics?enterpriseId=${unit.id}`, { token: inspector });
    expect(listed.body.items.map((r: { level: string }) => r.level).sort()).toEqual(["company", "post", "workshop"]);
    const posts = await h.request("GET", `/v1/rubrics?enterpriseId=${unit.id}&level=post`, { token: inspector });
    expect(posts.body.items.map((r: { id: string }) => r.id)).toEqual([ids.post]);
    const version = await h.request("GET", `/v1/rubrics/${ids.workshop}/versions/1`, { token: inspector });
    expect(version.body.definition.sections[0].items[0].criteria[0]).toMatchObject({
      checkedBy: "车间主任",
      frequency: "每周",
      requirement: "立即断电整改",
    });

    const scoredWithLevel = await h.request("POST", "/v1/rubrics", {
      token: admin,
      body: { definition: { ...checklist, kind: "scored", totalPoints: "0", level: "post" } },
    });
    expect(scoredWithLevel.status).toBe(422);
    expect(scoredWithLevel.body.error.details.fields.map((f: { code: string }) => f.code)).toContain("checklist_only");
    const unknownUnit = await h.request("POST", "/v1/rubrics", {
      token: admin,
      body: { definition: { ...checklist, enterpriseId: "01jaaaaaaaaaaaaaaaaaaaaaaa" } },
    });
    expect(unknownUnit.body.error.details.fields[0]).toMatchObject({ path: "definition.enterpriseId", code: "unknown_enterprise" });

    const inspect = (targetId: string) =>
      h.request("POST", "/v1/assessments", {
        token: inspector,
        body: {
          target: { type: "enterprise", id: targetId },
          rubric: { id: ids.workshop, version: 1 },
          assessor: { name: "车间主任" },
          assessedOn: "2026-11-20",
        },
      });
    expect((await inspect(other.id)).body.error.details.fields[0].code).toBe("checklist_of_another_unit");
    const inspection = await inspect(unit.id);
    expect(inspection.status).toBe(201);
    const answered = await h.request("PATCH", `/v1/assessments/${inspection.body.id}`, {
      token: inspector,
      body: { answers: { "1.1": { input: { passed: false }, reason: "2号配电箱接地线松脱" }, "2.1": { input: { passed: true } } } },
    });
    expect(answered.body.result).toMatchObject({ passed: 1, failed: 1, complete: true });
    await h.request("POST", `/v1/assessments/${inspection.body.id}/submit`, { token: inspector });
    const hazards = await h.request("POST", `/v1/assessments/${inspection.body.id}/hazards`, { token: inspector });
    expect(hazards.status).toBe(201);
    expect(hazards.body.created).toHaveLength(1);
    expect(hazards.body.created[0]).toMatchObject({
      enterpriseId: unit.id,
      source: "assessment",
      category: "重点检查事项",
      description: "配电箱接地完好（2号配电箱接地线松脱）",
    });
  });
});
