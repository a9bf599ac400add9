// The monthly report's campaigns: which campaigns a month's report shows (the period overlaps the month, closed
// ones too unless closed before it began, on the China calendar), and the section the mail and the .docx show of
// one — from progress computed by the campaign's own rules, so the section says what GET …/progress says.
import { describe, expect, it } from "vitest";
import type { Campaign, CampaignUnit } from "#core/campaigns/campaign";
import { totalProgress, townProgress } from "#core/campaigns/campaign-progress";
import type { CampaignWork } from "#core/kernel/campaign-work";
import { campaignInMonth, reportCampaign } from "#core/reports/monthly-campaigns";
import { campaignBlocks } from "#jobs/reports/monthly-content";

describe("a campaign in a month's report", () => {
  const open = (from: string, to: string, closedAt: string | null = null) => ({ period: { from, to }, closedAt });

  it("is one whose period overlaps the month, by a day at either end", () => {
    expect(campaignInMonth(open("2026-11-05", "2026-11-20"), "2026-11")).toBe(true);
    expect(campaignInMonth(open("2026-07-01", "2027-01-20"), "2026-11")).toBe(true);
    expect(campaignInMonth(open("2026-11-30", "2027-01-20"), "2026-11")).toBe(true);
    expect(campaignInMonth(open("2026-10-01", "2026-11-01"), "2026-11")).toBe(true);
    expect(campaignInMonth(open("2026-07-01", "2026-10-31"), "2026-11")).toBe(false);
    expect(campaignInMonth(open("2026-12-01", "2027-01-20"), "2026-11")).toBe(false);
    expect(campaignInMonth(open("2026-02-01", "2026-02-28"), "2026-02")).toBe(true);
    expect(campaignInMonth(open("2026-03-01", "2026-03-31"), "2026-02")).toBe(false);
  });

  it("is shown closed when it closed in the month or after, not when it closed before the month began (China time)", () => {
    expect(campaignInMonth(open("2026-10-01", "2026-12-31", "2026-11-15T02:00:00Z"), "2026-11")).toBe(true);
    expect(campaignInMonth(open("2026-10-01", "2026-12-31", "2026-12-01T01:00:00Z"), "2026-11")).toBe(true);
    // 2026-11-01 00:00 in China is 2026-10-31 16:00 UTC.
    expect(campaignInMonth(open("2026-10-01", "2026-12-31", "2026-10-31T16:00:00.000Z"), "2026-11")).toBe(true);
    expect(campaignInMonth(open("2026-10-01", "2026-12-31", "2026-10-31T15:59:59.999Z"), "2026-11")).toBe(false);
  });
});

const campaign = {
  id: "01KCAMPAIGN00000000000000A",
  name: "安全生产标准化帮扶专项行动",
  period: { from: "2026-11-01", to: "2027-01-20" },
  stages: [
    { id: "self-check", name: "企业自查", assessmentStage: "self-check", deadline: "2026-11-15", deliverable: null },
    { id: "verify", name: "验收核查", assessmentStage: "verification", deadline: "2026-12-15", deliverable: null },
    { id: "sum", name: "总结提升", assessmentStage: null, deadline: "2027-01-20", deliverable: null },
  ],
  catalogue: { industries: [], items: [] },
  targets: { unitsPerTown: 2, benchmarksPerTown: 1, reachAll: false },
  sampling: { stageId: "verify", perTown: 1, scoreTolerance: "0.00" },
  closedAt: null,
} as unknown as Campaign;

function unit(id: string, townId: string, work: Record<string, CampaignWork>): CampaignUnit {
  return { enterpriseId: id, name: id, townId, inScope: true, work };
}

/** The section of the campaign over these units, as the report's figures would hold it on 2026-12-01. */
function section(units: CampaignUnit[], sampled: string[], closedAt: string | null = null) {
  const today = "2026-12-01";
  const towns = [...new Set(units.map((u) => u.townId))].sort().map((townId) => ({
    ...townProgress(
      campaign,
      townId,
      units.filter((u) => u.townId === townId),
      new Set(sampled),
      sampled.length > 0,
      today,
    ),
    townName: townId === "t1" ? "宝盖镇" : "蚶江镇",
  }));
  const progress = {
    campaignId: campaign.id,
    asOf: "2026-12-01T02:00:00.000Z",
    total: totalProgress(campaign, towns, units),
    towns,
    atRisk: [],
  };
  return reportCampaign({ ...campaign, closedAt }, progress);
}

const units = [
  unit("a", "t1", {
    s1: { kind: "assessment", stage: "self-check", status: "verified", total: "90.00", on: "2026-11-10" },
    h1: { kind: "hazard", keyItemId: null, closed: true, major: false, on: "2026-11-12" },
    h2: { kind: "hazard", keyItemId: null, closed: false, major: false, on: "2026-11-12" },
    h3: { kind: "hazard", keyItemId: null, closed: false, major: false, on: "2026-11-13" },
    v1: { kind: "expert-visit", experts: ["许专家", "周专家"], findings: 0, on: "2026-11-12" },
    b1: { kind: "benchmark", standing: true, on: "2026-11-20" },
  }),
  unit("b", "t1", {}),
  unit("c", "t2", {
    s2: { kind: "assessment", stage: "self-check", status: "submitted", total: "80.00", on: "2026-11-14" },
  }),
];

describe("a campaign's figures and section", () => {
  it("keeps the figures per town and in total, with each stage's name and the rectification rate in exact decimals", () => {
    const c = section(units, []);
    expect(c.towns.map((t) => [t.townName, t.units, t.reached, t.notReached])).toEqual([
      ["宝盖镇", 2, 1, 1],
      ["蚶江镇", 1, 1, 0],
    ]);
    expect(c.total).toMatchObject({
      units: 3,
      reached: 2,
      notReached: 1,
      reachTarget: { target: 4, met: false },
      hazards: { found: 3, closed: 1, rectificationRate: "33.33" },
      expertVisits: { personVisits: 2, enterpriseVisits: 1 },
      benchmarks: { designated: 1, target: 2, met: false },
    });
    expect(c.total.stages.map((s) => [s.name, s.required, s.assessed, s.verified, s.status])).toEqual([
      ["企业自查", 3, 2, 1, "overdue"],
      ["验收核查", 2, 0, 0, "on-track"],
      ["总结提升", 0, 0, 0, null],
    ]);
    expect(c.towns[1]?.hazards.rectificationRate).toBeNull(); // none found: no rate
  });

  it("is a heading with name and period, a sentence, a table per town with the total, and the measured stages per town", () => {
    const blocks = campaignBlocks(section(units, []));
    expect(blocks[0]).toEqual({ kind: "heading", level: 2, text: "安全生产标准化帮扶专项行动（2026年11月1日至2027年1月20日）" });
    expect(blocks[1]).toEqual({
      kind: "paragraph",
      text:
        "范围内单位3家，已覆盖2/3家、未覆盖1家（每镇街目标2家，0/2个镇街达标）；发现隐患3项、已整改1项，整改率33.33%；" +
        "专家服务2人次、1家次；标杆企业1/2家。",
    });
    const [towns, stages] = blocks.slice(2).filter((b) => b.kind === "table");
    expect(towns?.rows).toEqual([
      ["宝盖镇", "1/2", 1, "3/1", "33.33%", "2/1", "1/1"],
      ["蚶江镇", "1/1", 0, "0/0", "—", "0/0", "0/1"],
      ["合计", "2/3", 1, "3/1", "33.33%", "2/1", "1/2"],
    ]);
    // The summary stage is measured by no assessments: no column.
    expect(stages?.columns.map((c) => c.header)).toEqual(["镇街", "企业自查（11月15日截止）", "验收核查（12月15日截止）"]);
    expect(stages?.rows).toEqual([
      ["宝盖镇", "1/2 已逾期", "0/1 推进中"],
      ["蚶江镇", "0/1 已逾期", "0/1 推进中"],
      ["合计", "1/3 已逾期", "0/2 推进中"],
    ]);
    expect(blocks.at(-1)).toEqual({ kind: "paragraph", text: "阶段栏为已验收/应验收单位数及其进度。" });
  });

  it("marks a closed campaign in its heading, counts a mismatch at the draw, and has no tables without units", () => {
    const drawn = [
      unit("a", "t1", {
        s1: { kind: "assessment", stage: "self-check", status: "verified", total: "90.00", on: "2026-11-10" },
        s2: { kind: "assessment", stage: "verification", status: "verified", total: "85.00", on: "2026-11-28" },
      }),
    ];
    const closed = campaignBlocks(section(drawn, ["a"], "2026-11-28T08:00:00.000Z"));
    expect(closed[0]).toMatchObject({ text: "安全生产标准化帮扶专项行动（2026年11月1日至2027年1月20日）（已结束）" });
    const stages = closed.filter((b) => b.kind === "table")[1];
    expect(stages?.rows[0]).toEqual(["宝盖镇", "1/1 已完成", "0/1 推进中，不一致1"]);
    expect(closed.at(-1)).toMatchObject({ text: "阶段栏为已验收/应验收单位数及其进度；抽查核查不一致的单位已退回帮扶，不计为已验收。" });
    const empty = campaignBlocks(section([], []));
    expect(empty.map((b) => b.kind)).toEqual(["heading", "paragraph"]);
    expect(empty[1]).toMatchObject({ text: expect.stringContaining("范围内单位0家，已覆盖0/0家、未覆盖0家") });
  });
});
