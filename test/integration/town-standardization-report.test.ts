// A town's standardization report (附件2) through HTTP → app → DynamoDB Local: a town with units of each size class
// in three industries, enterprise assessments verified at three stages (and one only submitted), the town
// government's own verified assessment; the text officials save (versioned, limits answered 422 naming the section);
// the report as an HTML page (its sections in order, the figures, an empty section marked, its CSP) and as a .docx
// read back with mammoth; who may read and write, and another tenant, which finds nothing.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { RubricDefinition } from "#core/assessments/rubric";
import { type AnswerBody, answersFor } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
const rubricId = "shishi-enterprise-2024";
let h: Harness;
let admin: string;
let inspector: string;
let verifier: string;
let viewer: string;
let place: Place;
let textPath: string;
let reportPath: string;
let enterpriseDefinition: RubricDefinition;
let townDefinition: RubricDefinition;

const standardization = (status: string, more: Record<string, boolean> = {}) => ({
  status,
  responsibilitySystem: false,
  informationCollected: false,
  ...more,
});

async function created(path: string, token: string, body: unknown) {
  const res = await h.request("POST", path, { token, body });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An assessment opened, answered (full marks but `overrides`), submitted and, unless `verify` is false, verified. */
async function assessed(
  target: { type: "enterprise" | "town"; id: string },
  definition: RubricDefinition,
  body: Record<string, unknown>,
  overrides: Record<string, AnswerBody>,
  verify = true,
) {
  const opened = await created("/v1/assessments", inspector, {
    target,
    assessor: { name: "陈秋茹", organization: "石狮市安委办督导组" },
    ...body,
  });
  const answered = await h.request("PATCH", `/v1/assessments/${opened.id}`, {
    token: inspector,
    body: { answers: answersFor(definition, overrides) },
  });
  if (answered.status !== 200) throw new Error(`answers: ${answered.status} ${JSON.stringify(answered.body)}`);
  const submitted = await h.request("POST", `/v1/assessments/${opened.id}/submit`, { token: inspector });
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  if (!verify) return submitted.body;
  const verified = await h.request("POST", `/v1/assessments/${opened.id}/verify`, { token: verifier, body: { note: "抽查一致" } });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
  return verified.body;
}

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  verifier = await h.token("inspector", "320312", "inspector-wang");
  viewer = await h.token("viewer", "320312");
  place = await addPlace(h, admin, "宝盖镇");
  await created("/v1/grids", admin, { townId: place.townId, name: "宝盖社区网格", level: 2, parentGridId: place.gridId });
  textPath = `/v1/towns/${place.townId}/standardization-report/text`;
  reportPath = `/v1/towns/${place.townId}/standardization-report`;
  enterpriseDefinition = (await h.request("GET", `/v1/rubric-library/${rubricId}`, { token: inspector })).body.definition;
  townDefinition = (await h.request("GET", "/v1/rubric-library/shishi-town-2024", { token: inspector })).body.definition;

  const unit = (n: number, overrides: Record<string, unknown>) => created("/v1/enterprises", admin, enterpriseBody(n, place, overrides));
  const steel = await unit(1, {
    name: "石狮宝盖钢构有限公司",
    sizeClass: "above-scale",
    standardization: standardization("passed", { responsibilitySystem: true, informationCollected: true }),
  });
  const frames = await unit(2, { name: "石狮宝盖门窗有限公司", sizeClass: "medium", standardization: standardization("in-progress") });
  const racks = await unit(3, { name: "石狮宝盖货架有限公司", sizeClass: "medium", standardization: standardization("in-progress") });
  const plastics = await unit(4, { name: "石狮宝盖塑料制品厂", industryCode: "2927", sizeClass: "small-micro" });
  await unit(5, { name: "宝盖便民超市", industryCode: "5212", sizeClass: "small-micro", venueType: "shop" });
  await unit(6, { name: "石狮宝盖旧五金厂", sizeClass: "small-micro", productionStatus: "closed" });

  const enterprise = (id: string) => ({ type: "enterprise" as const, id });
  const rubric = { id: rubricId, version: 1 };
  const lost = (reason: string) => ({ input: { met: false }, reason });
  // The steel works: a self-check (95) and, later, a verification (97.5) — the later one is its latest.
  await assessed(
    enterprise(steel.id),
    enterpriseDefinition,
    { rubric, stage: "self-check", assessedOn: "2026-11-05" },
    {
      "15.1": lost("车间地面标线缺失"),
      "15.2": lost("管线无流向标"),
    },
  );
  await assessed(
    enterprise(steel.id),
    enterpriseDefinition,
    { rubric, stage: "verification", assessedOn: "2026-11-15" },
    {
      "15.1": lost("车间地面标线缺失"),
    },
  );
  // The two medium units, assisted: 93 and 90.5.
  await assessed(
    enterprise(frames.id),
    enterpriseDefinition,
    { rubric, stage: "assistance", assessedOn: "2026-11-10" },
    {
      "15.1": lost("无地面标线"),
      "14.1": { input: { points: "7.5" }, reason: "物料堆放混乱" },
      "19.1": { input: { missingYears: 3 }, reason: "2022–2024年无自评报告" },
    },
  );
  await assessed(
    enterprise(racks.id),
    enterpriseDefinition,
    { rubric, stage: "assistance", assessedOn: "2026-11-11" },
    {
      "14.1": { input: { points: "0.5" }, reason: "现场脏乱" },
    },
  );
  // The plastics works: submitted, not yet verified — waiting, not counted.
  await assessed(
    enterprise(plastics.id),
    enterpriseDefinition,
    { rubric, stage: "assistance", assessedOn: "2026-11-12" },
    {
      "13.1": lost("未绘制四色图"),
    },
    false,
  );
  // The town government's own assessment against 附件4: 96 (2.1 and 8.1 lost).
  await assessed(
    { type: "town", id: place.townId },
    townDefinition,
    {
      rubric: { id: "shishi-town-2024", version: 1 },
      stage: "verification",
      assessedOn: "2026-11-20",
    },
    {
      "2.1": lost("党委政府未定期研究部署"),
      "8.1": lost("网格员队伍未建立"),
    },
  );
});

const narrative = {
  preface: "为深入贯彻落实安全生产标准化提质增效督导帮扶行动部署，<b>宝盖镇</b>开展督导帮扶。",
  purposeAndScope: "全面提升辖区生产经营单位安全生产标准化水平。\n范围：宝盖镇辖区全部生产经营单位。",
  assistance: "组织专家深入企业开展“三张清单”“四色”风险分级管控帮扶。",
  unitsNote: "宝盖镇地处石狮市东南部。",
  suggestions: "加强现场“六有”可视化标识建设。",
};

describe("the text officials write", () => {
  it("is empty at version 0 until saved; saving answers the new version as its ETag", async () => {
    const empty = await h.request("GET", textPath, { token: viewer });
    expect(empty.status).toBe(200);
    expect(empty.headers.get("etag")).toBe('"0"');
    expect(empty.body).toMatchObject({ townId: place.townId, version: 0, updatedAt: null, sections: { preface: null, conclusion: null } });

    const saved = await h.request("PUT", textPath, { token: inspector, headers: { "if-match": '"0"' }, body: { sections: narrative } });
    expect(saved.status).toBe(200);
    expect(saved.headers.get("etag")).toBe('"1"');
    expect(saved.body).toMatchObject({
      version: 1,
      updatedBy: "inspector-li",
      sections: { ...narrative, conclusion: null, problemsNote: null },
    });
    expect((await h.request("GET", textPath, { token: viewer })).body).toEqual(saved.body);
  });

  it("refuses a stale If-Match with 412 and saves nothing; without If-Match two saves at once both land", async () => {
    const stale = await h.request("PUT", textPath, {
      token: admin,
      headers: { "if-match": '"0"' },
      body: { sections: { ...narrative, conclusion: "过时的结论" } },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: "version_mismatch", details: { expectedVersion: 0, currentVersion: 1 } });
    expect((await h.request("GET", textPath, { token: admin })).body.sections.conclusion).toBeNull();

    const [a, b] = await Promise.all(
      ["问题一", "问题二"].map((note) =>
        h.request("PUT", textPath, { token: admin, body: { sections: { ...narrative, problemsNote: note } } }),
      ),
    );
    expect([a?.status, b?.status]).toEqual([200, 200]);
    const after = (await h.request("GET", textPath, { token: admin })).body;
    expect(after.version).toBe(3);
    expect(["问题一", "问题二"]).toContain(after.sections.problemsNote);
    // The last of the two is what stands: put it back to a known note for the report below.
    const known = await h.request("PUT", textPath, {
      token: admin,
      headers: { "if-match": `"${after.version}"` },
      body: { sections: { ...narrative, problemsNote: "部分企业现场管理薄弱。" } },
    });
    expect(known.status).toBe(200);
  });

  it("answers 422 naming every section that is too long, 400 for a body of the wrong shape", async () => {
    const tooLong = await h.request("PUT", textPath, {
      token: admin,
      body: { sections: { ...narrative, conclusion: "结".repeat(4001), unitsNote: "注".repeat(2001) } },
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.code).toBe("rule_violation");
    expect(tooLong.body.error.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual([
      "sections.unitsNote:too_long",
      "sections.conclusion:too_long",
    ]);
    expect(tooLong.body.error.message).toBeTruthy();
    // Exactly at the limit is fine (and a character outside the BMP counts once).
    const atLimit = await h.request("PUT", textPath, {
      token: admin,
      body: { sections: { ...narrative, conclusion: `${"结".repeat(3999)}𠀀` } },
    });
    expect(atLimit.status).toBe(200);
    await h.request("PUT", textPath, { token: admin, body: { sections: { ...narrative, problemsNote: "部分企业现场管理薄弱。" } } });

    const unknown = await h.request("PUT", textPath, { token: admin, body: { sections: { epilogue: "x" } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("validation_failed");
    const wrongType = await h.request("PUT", textPath, { token: admin, body: { sections: { preface: 5 } } });
    expect(wrongType.status).toBe(400);
  });

  it("is written by tenant-admins and inspectors, not by viewers (403), and is another tenant's 404", async () => {
    const refused = await h.request("PUT", textPath, { token: viewer, body: { sections: narrative } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: "insufficient_permission", details: { required: "assessments:write" } });
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", textPath, { token: city })).status).toBe(404);
    const foreign = await h.request("PUT", textPath, { token: city, body: { sections: narrative } });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.details).toEqual({ entity: "town", id: place.townId });
    expect((await h.request("GET", textPath, { token: admin })).body.sections.preface).toBe(narrative.preface);
  });
});

describe("the report as HTML", () => {
  let page: Awaited<ReturnType<Harness["request"]>>;
  beforeAll(async () => {
    page = await h.request("GET", `${reportPath}?rubricId=${rubricId}&format=html`, { token: viewer });
  });

  it("is a standalone page under a CSP that allows its own stylesheet only", () => {
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = page.body as string;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    const hash = createHash("sha256").update(style, "utf8").digest("base64");
    expect(page.headers.get("content-security-policy")).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|src="http|href="http| style="/i);
    // The officials' text is escaped.
    expect(html).toContain("&lt;b&gt;宝盖镇&lt;/b&gt;");
  });

  it("has the sections of 附件2 in order, 前言 unnumbered, and marks the one not written", () => {
    const html = page.body as string;
    const headings = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      "前言",
      "一、目的及范围",
      "二、帮扶内容",
      "三、被帮扶单位基本情况",
      "四、标准化开展情况",
      "五、存在问题",
      "六、建议与意见",
      "七、结论",
    ]);
    expect(html).toContain("<h1>宝盖镇安全生产标准化<br>提质增效督导帮扶行动报告</h1>");
    expect([...html.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1])).toEqual([
      "（一）属地政府基本情况",
      "（二）生产经营单位情况",
      "（三）行业类别",
      "（一）属地政府标准化开展情况（1+5机制落实情况）",
      "（二）生产经营单位标准化创建情况",
      "（三）督导帮扶评估情况",
    ]);
    const conclusion = html.slice(html.indexOf("七、结论"));
    expect(conclusion).toContain('<p class="note">（本节尚未填写）</p>');
    expect(html.match(/本节尚未填写/g)).toHaveLength(1);
    // Two lines of text are two paragraphs; the notes the official wrote for 三 and 五 are there.
    expect(html).toContain("<p>全面提升辖区生产经营单位安全生产标准化水平。</p><p>范围：宝盖镇辖区全部生产经营单位。</p>");
    expect(html).toContain("<p>宝盖镇地处石狮市东南部。</p>");
    expect(html).toContain("<p>部分企业现场管理薄弱。</p>");
  });

  it("三: units by size class and industry, closed ones left out; grids counted", () => {
    const html = page.body as string;
    expect(html).toContain("<p>宝盖镇为乡镇，共设一级网格 1 个、二级网格 1 个。</p>");
    expect(html).toContain(
      "在册生产经营单位 5 家（不含已关闭 1 家），其中企业 4 家、九小场所 1 家；按规模分，规上 1 家、中等 2 家、小微 2 家。",
    );
    expect(rowsOf(html, "生产经营单位规模分类")).toEqual([
      ["规上", "1", "20%"],
      ["中等", "2", "40%"],
      ["小微", "2", "40%"],
      ["合计", "5", "100%"],
    ]);
    expect(rowsOf(html, "生产经营单位行业分布")).toEqual([
      ["33 金属制品业", "3", "1", "2", "0"],
      ["29 橡胶和塑料制品业", "1", "0", "0", "1"],
      ["52 零售业", "1", "0", "0", "1"],
    ]);
  });

  it("四: the town's own assessment by section, the units' profiles, verified assessments by stage, size class and industry", () => {
    const html = page.body as string;
    expect(html).toContain(
      "2026年11月20日，石狮市安委办督导组 陈秋茹依据《镇安全生产标准化提质增效督导帮扶行动细则》对宝盖镇开展督导核实，得分 96 分（满分 100 分），扣分项 2 项。",
    );
    expect(rowsOf(html, "属地政府评估得分").slice(0, 2)).toEqual([
      ["全域统筹标准化", "28", "26"],
      ["安全监管网格化", "31", "29"],
    ]);
    expect(rowsOf(html, "属地政府评估得分").at(-1)).toEqual(["合计", "100", "96"]);
    expect(html).toMatch(/<li>[^<]*扣 2 分（党委政府未定期研究部署）<\/li>/);
    // The pass rate counts units whose latest verified assessment reaches 附件3's 60 — the steel works and the two
    // medium units (in progress by the register) — not the register's declared status (the steel works alone);
    // the plastics works' assessment is only submitted.
    expect(rowsOf(html, "企业标准化创建情况")).toEqual([
      ["规上", "1", "0", "0", "1", "1", "100%", "1", "1"],
      ["中等", "2", "0", "2", "0", "2", "100%", "0", "0"],
      ["小微", "1", "1", "0", "0", "0", "0%", "0", "0"],
      ["合计", "4", "1", "2", "1", "3", "75%", "1", "1"],
    ]);
    expect(html).toContain(
      "据台账，本镇在册企业 4 家（九小场所不计），创建中 2 家，未开展 1 家，台账登记评审达标 1 家；经核实的评估达标 3 家，达标率 75%。",
    );
    // Latest verified per unit: 97.5, 93, 90.5 → 281 / 3 = 93.666… → 93.67 (exact, half up).
    expect(html).toContain(
      "已核实生产经营单位评估 4 份，涉及单位 3 家，占在册单位的 60%。按各单位最近一次已核实的评估计，平均得分 93.67 分，最低 90.5 分，最高 97.5 分。另有已提交待核实的评估 1 份，未计入。",
    );
    expect(rowsOf(html, "各阶段评估情况")).toEqual([
      ["自查自纠", "1", "1", "95", "95", "95"],
      ["帮扶", "2", "2", "91.75", "90.5", "93"],
      ["督导核实", "1", "1", "97.5", "97.5", "97.5"],
    ]);
    expect(rowsOf(html, "各类型生产经营单位评估情况")).toEqual([
      ["规上", "1", "1", "97.5", "97.5", "97.5"],
      ["中等", "2", "2", "91.75", "90.5", "93"],
      ["小微", "2", "0", "—", "—", "—"],
    ]);
    expect(rowsOf(html, "各行业领域生产经营单位评估情况")).toEqual([
      ["33 金属制品业", "3", "3", "93.67", "90.5", "97.5"],
      ["29 橡胶和塑料制品业", "1", "0", "—", "—", "—"],
      ["52 零售业", "1", "0", "—", "—", "—"],
    ]);
  });

  it("五: the most-deducted criteria of the units' latest verified assessments, with totals and units", () => {
    const rows = rowsOf(page.body as string, "扣分较多的细则");
    // 14.1: 2.5 + 9.5; 15.1: the steel works' latest and the frames' (its self-check's 15.2 is not its latest).
    expect(rows.map((r) => [r[0], r[1]?.split(" ")[0], r[2], r[3], r[4], r[5]])).toEqual([
      ["1", "14.1", "现场“5S”管理", "2", "12", "66.67%"],
      ["2", "15.1", "“六有”可视化标识", "2", "5", "66.67%"],
      ["3", "19.1", "标准化运行提升", "1", "2", "33.33%"],
    ]);
  });

  it("counts only the assessments within from/to when given", async () => {
    const res = await h.request("GET", `${reportPath}?rubricId=${rubricId}&from=2026-11-11&to=2026-11-30`, { token: viewer });
    expect(res.status).toBe(200);
    const html = res.body as string;
    expect(html).toContain("评估日期：2026年11月11日至2026年11月30日");
    expect(rowsOf(html, "各阶段评估情况")).toEqual([
      ["帮扶", "1", "1", "90.5", "90.5", "90.5"],
      ["督导核实", "1", "1", "97.5", "97.5", "97.5"],
    ]);
  });
});

describe("the report as .docx", () => {
  it("is the same report in the official-document format, read back with mammoth", async () => {
    const res = await h.app.request(`${reportPath}?rubricId=${rubricId}&format=docx`, {
      headers: { authorization: `Bearer ${inspector}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("宝盖镇标准化报告-2026-11-25.docx")}`);
    const buffer = Buffer.from(await res.arrayBuffer());
    expect(buffer.subarray(0, 2).toString()).toBe("PK");
    expect(res.headers.get("content-length")).toBe(String(buffer.length));
    const { value: text } = await (await import("mammoth")).extractRawText({ buffer });
    const lines = text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const headings = [
      "前言",
      "一、目的及范围",
      "二、帮扶内容",
      "三、被帮扶单位基本情况",
      "四、标准化开展情况",
      "五、存在问题",
      "六、建议与意见",
      "七、结论",
    ];
    const at = headings.map((heading) => lines.indexOf(heading));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(lines).toContain("（三）督导帮扶评估情况");
    expect(lines[(at[7] ?? -2) + 1]).toBe("（本节尚未填写）");
    expect(text).toContain("<b>宝盖镇</b>开展督导帮扶");
    expect(text).toContain("平均得分 93.67 分");
    expect(text).toContain("14.1 生产现场、厂区建(构)筑物");
    expect(lines).toContain("66.67%");
    expect(lines).toContain("97.5");
  });
});

describe("errors and access", () => {
  it("400 for a missing or malformed rubricId, format or date; 404 for an unknown town or rubric; 422 for a town rubric", async () => {
    const missing = await h.request("GET", reportPath, { token: admin });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("validation_failed");
    expect(missing.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(["query.rubricId"]);
    const badFormat = await h.request("GET", `${reportPath}?rubricId=${rubricId}&format=pdf`, { token: admin });
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.details.fields[0].path).toBe("query.format");
    expect((await h.request("GET", `${reportPath}?rubricId=${rubricId}&from=2026-13-01`, { token: admin })).status).toBe(400);

    const unknownRubric = await h.request("GET", `${reportPath}?rubricId=no-such-rubric`, { token: admin });
    expect(unknownRubric.status).toBe(404);
    expect(unknownRubric.body.error.details).toEqual({ entity: "rubric", id: "no-such-rubric" });
    const unknownTown = await h.request("GET", `/v1/towns/01jaaaaaaaaaaaaaaaaaaaaaaa/standardization-report?rubricId=${rubricId}`, {
      token: admin,
    });
    expect(unknownTown.status).toBe(404);
    expect(unknownTown.body.error.details.entity).toBe("town");
    const townRubric = await h.request("GET", `${reportPath}?rubricId=shishi-town-2024`, { token: admin });
    expect(townRubric.status).toBe(422);
    expect(townRubric.body.error.details.fields[0]).toMatchObject({ path: "rubricId", code: "not_an_enterprise_rubric" });
  });

  it("another tenant gets 404 for the town, whatever it asks; an API key needs assessments:read", async () => {
    const city = await h.token("tenant-admin", "320300");
    for (const format of ["html", "docx"]) {
      const res = await h.request("GET", `${reportPath}?rubricId=${rubricId}&format=${format}`, { token: city });
      expect(res.status).toBe(404);
    }
    const reader = await h.addApiKey("320312", ["assessments:read"]);
    expect((await h.request("GET", `${reportPath}?rubricId=${rubricId}`, { apiKey: reader.token })).status).toBe(200);
    const writer = await h.addApiKey("320312", ["assessments:read"]);
    const write = await h.request("PUT", textPath, { apiKey: writer.token, body: { sections: narrative } });
    expect(write.status).toBe(403);
    const towns = await h.addApiKey("320312", ["tenant:read"]);
    const noAssessments = await h.request("GET", `${reportPath}?rubricId=${rubricId}`, { apiKey: towns.token });
    expect(noAssessments.status).toBe(403);
    expect(noAssessments.body.error.details.required).toBe("assessments:read");
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await h.request("GET", "/openapi.json")).body;
    expect(Object.keys(doc.paths["/v1/towns/{id}/standardization-report"])).toEqual(["get"]);
    expect(Object.keys(doc.paths["/v1/towns/{id}/standardization-report/text"]).sort()).toEqual(["get", "put"]);
    const params = doc.paths["/v1/towns/{id}/standardization-report"].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(["id", "rubricId", "format", "from", "to"]));
    expect(Object.keys(doc.paths["/v1/towns/{id}/standardization-report"].get.responses["200"].content)).toEqual([
      "text/html",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]);
    expect(doc.components.schemas).toHaveProperty("TownReportText");
    expect(doc.components.schemas).toHaveProperty("SaveTownReportText");
  });
});

/** The body rows of the table captioned `表n　<caption>`, as cell texts. */
function rowsOf(html: string, caption: string): string[][] {
  const start = html.search(new RegExp(`<caption>表\\d+　${caption}</caption>`));
  expect(start, caption).toBeGreaterThanOrEqual(0);
  const table = html.slice(start, html.indexOf("</table>", start));
  const body = table.slice(table.indexOf("<tbody>"));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? "").matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => decode(cell[1] ?? "")),
  );
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
