// The campaign summary report's content, from a campaign's definition and tallies alone: its sections in order,
// coverage and each stage's end, hazards per key item with exact closing rates, 人次 / 家次, the draw and its
// mismatches, what remains undone — and a report of a campaign that met every target, which lists no problems.
import { describe, expect, it } from "vitest";
import type { ReportBlock } from "#core/assessments/town-report-document";
import type { Campaign, CampaignUnit } from "#core/campaigns/campaign";
import { unitStanding } from "#core/campaigns/campaign-progress";
import { campaignProgressOf } from "#core/campaigns/campaign-progress-read";
import type { CampaignSample } from "#core/campaigns/campaign-sample";
import { campaignSummaryDocument, listedUnreachedPerTown } from "#core/campaigns/campaign-summary-document";
import type { CampaignWork } from "#core/kernel/campaign-work";

const campaign = {
  id: "c",
  name: "安全生产标准化帮扶专项行动",
  description: null,
  period: { from: "2024-11-01", to: "2025-01-20" },
  scope: { townIds: ["bg", "hj"], industries: ["33"], units: { by: "filter", filter: {} } },
  stages: [
    { id: "assist", name: "帮扶指导", assessmentStage: "assistance", deadline: "2024-11-30", deliverable: null },
    { id: "verify", name: "验收核查", assessmentStage: "verification", deadline: "2024-12-15", deliverable: "验收报告" },
    { id: "sum", name: "总结提升", assessmentStage: null, deadline: "2025-01-20", deliverable: null },
  ],
  catalogue: {
    industries: [{ id: "mech", name: "机械制造" }],
    items: [
      { id: "M-01", industry: "mech", title: "有限空间作业审批" },
      { id: "M-02", industry: "mech", title: "粉尘涉爆除尘系统" },
    ],
  },
  themes: [{ month: "2024-11", title: "企业自查月", description: null }],
  liaisons: [{ townId: "bg", name: "林联络", phone: "13900000001", organization: "宝盖镇安监站" }],
  groups: [{ id: "g1", name: "第一检查组", leader: { name: "陈组长", phone: null, organization: null }, members: [], townIds: ["bg"] }],
  targets: { unitsPerTown: 2, benchmarksPerTown: 1, reachAll: true },
  sampling: { stageId: "verify", perTown: 1, scoreTolerance: "0.00" },
  units: 0,
  scopeResolvedAt: "2024-11-01T00:00:00Z",
  closedAt: null,
  closeNote: null,
  createdBy: "x",
  createdAt: "2024-11-01T00:00:00Z",
  updatedAt: "2024-11-01T00:00:00Z",
  version: 1,
} as unknown as Campaign;

const townNames = new Map([
  ["bg", "宝盖镇"],
  ["hj", "蚶江镇"],
]);

const assessed = (stage: string, total: string): CampaignWork => ({
  kind: "assessment",
  stage,
  status: "verified",
  total,
  on: "2024-11-20",
});
const hazard = (keyItemId: string | null, closed: boolean): CampaignWork => ({
  kind: "hazard",
  keyItemId,
  closed,
  major: false,
  on: "2024-11-21",
});
const visit = (experts: string[], on: string): CampaignWork => ({ kind: "expert-visit", on, experts, findings: 1 });

function unit(id: string, townId: string, work: Record<string, CampaignWork> = {}): CampaignUnit {
  return { enterpriseId: id, name: `${id}机械有限公司`, townId, inScope: true, work };
}

function documentOf(units: CampaignUnit[], samples: CampaignSample[], today = "2024-12-20") {
  const sample = samples[0];
  const sampled = new Set(sample?.towns.flatMap((t) => t.picked) ?? []);
  const progress = campaignProgressOf(
    campaign,
    { units, sampled, drawn: sample !== undefined, samples },
    townNames,
    new Date(`${today}T04:00:00Z`),
  );
  return campaignSummaryDocument({
    campaign,
    issuer: "石狮市",
    asOf: today,
    progress,
    units: units.map((u) => unitStanding(u, campaign, sampled)),
    samples,
    townNames,
  });
}

const headings = (blocks: readonly ReportBlock[]) => blocks.flatMap((b) => (b.kind === "heading" ? [`${b.level}:${b.text}`] : []));
const tableOf = (blocks: readonly ReportBlock[], caption: string) => {
  const found = blocks.find((b): b is Extract<ReportBlock, { kind: "table" }> => b.kind === "table" && (b.caption ?? "").endsWith(caption));
  if (!found) throw new Error(`no table ${caption}`);
  return found.rows;
};
const text = (blocks: readonly ReportBlock[]) =>
  blocks.map((b) => (b.kind === "paragraph" ? b.text : b.kind === "list" ? b.items.join("\n") : "")).join("\n");

const draw = (picked: string[]): CampaignSample => ({
  stageId: "verify",
  method: "sha256-fisher-yates-v1",
  seed: "石狮市第一次抽查",
  perTown: 1,
  towns: [
    { townId: "bg", pool: ["a1", "a2"], picked },
    { townId: "hj", pool: [], picked: [] },
  ],
  drawnBy: "x",
  drawnAt: "2024-12-01T02:00:00Z",
});

describe("a campaign's summary report", () => {
  it("tells the organisation, each stage's end, coverage, hazards per key item, visits, the draw and what remains", () => {
    const units = [
      unit("a1", "bg", {
        "assessment#1": assessed("assistance", "80.00"),
        "assessment#2": assessed("verification", "70.00"),
        "hazard#1": hazard("M-01", true),
        "hazard#2": hazard("M-01", false),
        "hazard#3": hazard(null, true),
        "expert-visit#1": visit(["许专家", "周专家"], "2024-11-24"),
      }),
      unit("a2", "bg", { "assessment#3": assessed("assistance", "90.00"), "expert-visit#2": visit(["许专家"], "2024-11-24") }),
      unit("b1", "hj"),
    ];
    const doc = documentOf(units, [draw(["a1"])]);
    expect(doc.title).toBe("安全生产标准化帮扶专项行动\n总结报告");
    expect(doc.subtitle).toBe("石狮市　行动时间：2024年11月1日至2025年1月20日　数据截至2024年12月20日");
    expect(headings(doc.blocks)).toEqual([
      "1:基本情况",
      "2:组织实施",
      "2:阶段安排及完成情况",
      "1:工作成效",
      "2:覆盖情况",
      "2:各镇（街道）分阶段推进情况",
      "2:隐患排查整改",
      "2:专家服务进企业",
      "2:验收抽查",
      "2:标杆企业培育和星级评定",
      "1:存在问题",
      "2:未覆盖单位",
    ]);
    const all = text(doc.blocks);
    expect(all).toContain("范围为宝盖镇、蚶江镇，行业大类：33 金属制品业，对象单位按台账条件确定，共 3 家");
    expect(tableOf(doc.blocks, "各镇（街道）联络员")).toEqual([["宝盖镇", "林联络", "宝盖镇安监站", "13900000001"]]);
    expect(tableOf(doc.blocks, "各阶段完成情况")).toEqual([
      ["帮扶指导", "2024年11月30日", null, 3, 2, 2, "已逾期"],
      ["验收核查", "2024年12月15日", "验收报告", 1, 1, 0, "已逾期"],
      ["总结提升", "2025年1月20日", null, null, null, null, null],
    ]);
    expect(tableOf(doc.blocks, "各镇（街道）覆盖情况")).toEqual([
      ["宝盖镇", 2, 2, 0, "100%", "是"],
      ["蚶江镇", 1, 0, 1, "0%", "否"],
    ]);
    // Exact rates: 1 of 2 closed is 50%, 2 of 3 is 66.67% (half up).
    expect(tableOf(doc.blocks, "各重点事项隐患情况")).toEqual([
      [1, "M-01 有限空间作业审批", "机械制造", 2, 1, "50%"],
      [2, "未关联重点事项", null, 1, 1, "100%"],
    ]);
    expect(all).toContain("共排查发现隐患 3 项，已整改销号 2 项，整改率 66.67%；重点事项清单共 2 项，其中 1 项发现隐患。");
    // Two experts on one day at a1 and one of them again at a2 that day: 2 人次, 2 家次.
    expect(all).toContain("组织专家服务 2 人次，深入企业 2 家次");
    expect(all).toContain("随机种子“石狮市第一次抽查”");
    expect(tableOf(doc.blocks, "验收抽查情况")).toEqual([
      ["宝盖镇", 2, 1, 1],
      ["蚶江镇", 0, 0, 0],
    ]);
    expect(all).toContain("宝盖镇　a1机械有限公司：核实得分与此前得分不符，退回帮扶");
    expect(all).toContain("尚有 1 家单位未覆盖");
    expect(all).toContain("尚有 1 项隐患未整改销号");
    expect(all).toContain("蚶江镇（1 家）：b1机械有限公司。");
  });

  it("names the first units never reached of a large town and counts the rest", () => {
    const many = Array.from({ length: listedUnreachedPerTown + 7 }, (_, i) => unit(`u${String(i).padStart(3, "0")}`, "hj"));
    const all = text(documentOf(many, []).blocks);
    expect(all).toContain(`蚶江镇（${listedUnreachedPerTown + 7} 家）：u000机械有限公司、`);
    expect(all).toContain("等，另有 7 家。");
    expect(all).toContain("尚未进行验收抽查。");
  });

  it("lists no problems when every target is met and every stage done", () => {
    const done = (id: string, townId: string): CampaignUnit =>
      unit(id, townId, {
        "assessment#a": assessed("assistance", "90.00"),
        "assessment#v": assessed("verification", "90.00"),
        "benchmark#b": { kind: "benchmark", standing: true, on: "2024-12-01" },
      });
    const units = [done("a1", "bg"), done("a2", "bg"), done("b1", "hj"), done("b2", "hj")];
    const sample = {
      ...draw(["a1"]),
      towns: [
        { townId: "bg", pool: ["a1", "a2"], picked: ["a1"] },
        { townId: "hj", pool: ["b1", "b2"], picked: ["b1"] },
      ],
    };
    const doc = documentOf(units, [sample]);
    expect(text(doc.blocks)).toContain("各项目标均已完成，各阶段均已按期完成。");
    expect(headings(doc.blocks)).not.toContain("2:未覆盖单位");
  });
});
