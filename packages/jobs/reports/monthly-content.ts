// What a monthly report says, in Chinese, as a list of blocks (headings, paragraphs, tables, the trend chart):
// written once here and rendered three ways — the HTML mail and its plain-text part (monthly-mail.ts) and the
// .docx report (monthly-docx.ts) — so the mail and the document never disagree. The trend chart's PNG is drawn
// from the chart block's points (monthly-files.ts).

import type { HazardFigures } from "#core/hazards/hazard-figures";
import { chineseDate, chineseMonth } from "#core/kernel/china-time";
import { districtTotal } from "#core/reports/district-total";
import type { ComparedFigures, DistrictFigures, MonthlyReport, ReportCampaign, ReportHazard } from "#core/reports/monthly-report";

export type Cell = string | number | null;

export type ContentBlock =
  /** Numbered by each renderer (一、 and （一）, restarting under each level 1), so the text carries no ordinal. */
  | { readonly kind: "heading"; readonly level: 1 | 2; readonly text: string }
  | { readonly kind: "paragraph"; readonly text: string }
  | {
      readonly kind: "table";
      readonly columns: readonly { readonly header: string; readonly align?: "left" | "right" }[];
      readonly rows: readonly (readonly Cell[])[];
    }
  | {
      readonly kind: "chart";
      readonly alt: string;
      /** Each series: its name, its colour in the PNG, and that line named in words (for the .docx caption). */
      readonly legend: readonly { readonly name: string; readonly color: string; readonly line: string }[];
      /** The values behind the chart, by month (`2026-11`, oldest first), in the legend's order. */
      readonly points: readonly { readonly month: string; readonly values: readonly (number | null)[] }[];
    };

export interface ReportContent {
  readonly title: string;
  readonly subtitle: string;
  readonly blocks: readonly ContentBlock[];
}

/** The trend chart's series, in the order and colours the PNG draws them. */
export const trendSeries = [
  { key: "open", name: "未整改隐患", color: "#2f6fb3", line: "蓝线" },
  { key: "overdue", name: "逾期隐患", color: "#d9482b", line: "红线" },
] as const;

const states: Record<string, string> = {
  reported: "已上报",
  assigned: "整改中",
  rectifying: "整改中",
  rectified: "待验收",
  closed: "已销号",
  escalated: "已提请",
  resolved: "已解决",
  returned: "已退回",
  withdrawn: "已撤回",
  submitted: "待批示",
  decided: "已批示",
};
const stateName = (state: string) => states[state] ?? state;

const percent = (rate: string | null) => (rate === null ? "—" : `${rate}%`);

const figureRows: readonly [string, (f: HazardFigures) => Cell][] = [
  ["发现隐患", (f) => f.found],
  ["已整改销号", (f) => f.closed],
  ["未整改", (f) => f.open],
  ["逾期未整改", (f) => f.overdue],
  ["整改率", (f) => percent(f.rectificationRate)],
  ["重大隐患", (f) => f.majorFound],
  ["重大隐患整改率", (f) => percent(f.majorRectificationRate)],
  ["整改用时中位数（天）", (f) => f.medianDaysToClose ?? "—"],
];

function comparedTable(figures: ComparedFigures): ContentBlock {
  return {
    kind: "table",
    columns: [
      { header: "指标" },
      { header: "本月", align: "right" },
      { header: "上月", align: "right" },
      { header: "去年同月", align: "right" },
    ],
    rows: figureRows.map(([name, of]) => [name, of(figures.current), of(figures.previousMonth), of(figures.yearAgo)]),
  };
}

function breakdown(first: string, rows: readonly { name: string; figures: ComparedFigures }[]): ContentBlock {
  return {
    kind: "table",
    columns: [
      { header: first },
      { header: "发现", align: "right" },
      { header: "已整改", align: "right" },
      { header: "逾期", align: "right" },
      { header: "整改率", align: "right" },
      { header: "上月整改率", align: "right" },
      { header: "去年同月整改率", align: "right" },
    ],
    rows: rows.map(({ name, figures: { current, previousMonth, yearAgo } }) => [
      name,
      current.found,
      current.closed,
      current.overdue,
      percent(current.rectificationRate),
      percent(previousMonth.rectificationRate),
      percent(yearAgo.rectificationRate),
    ]),
  };
}

function hazardTable(hazards: readonly ReportHazard[], withOverdue: boolean): ContentBlock {
  return {
    kind: "table",
    columns: [
      { header: "单位" },
      { header: "镇街" },
      { header: "隐患描述" },
      { header: "发现日期" },
      { header: "整改期限" },
      { header: withOverdue ? "逾期天数" : "状态", align: withOverdue ? "right" : "left" },
    ],
    rows: hazards.map((h) => [
      h.enterpriseName,
      h.townName,
      h.description,
      h.foundOn,
      h.deadline ?? "—",
      withOverdue ? h.daysOverdue : stateName(h.state),
    ]),
  };
}

const none = (text: string): ContentBlock => ({ kind: "paragraph", text });

/**
 * Rows of a list the mail and the .docx show; the rest are in the .xlsx (a month of a large tenant can have a
 * hundred new major hazards, and a mail of hundreds of rows is neither read nor displayed well on a phone).
 */
export const shownRows = 30;

/** The list's table, cut at `shownRows` with a note of how many the workbook has. */
function shown(hazards: readonly ReportHazard[], withOverdue: boolean): ContentBlock[] {
  if (hazards.length <= shownRows) return [hazardTable(hazards, withOverdue)];
  return [
    hazardTable(hazards.slice(0, shownRows), withOverdue),
    { kind: "paragraph", text: `共${hazards.length}项，此处列出前${shownRows}项，完整清单见附件清单（.xlsx）。` },
  ];
}

function districtsTable(rows: readonly { name: string; figures: DistrictFigures | null }[], total: DistrictFigures | null): ContentBlock {
  const cells = (name: string, f: DistrictFigures | null): Cell[] =>
    f === null
      ? [name, "未报送", null, null, null, null, null, null]
      : [
          name,
          f.hazards.found,
          f.hazards.closed,
          percent(f.hazards.rectificationRate),
          f.backlog.open,
          f.backlog.overdue,
          f.newMajor,
          `${f.jointTackling.opened}/${f.jointTackling.resolved}/${f.jointTackling.open}`,
        ];
  return {
    kind: "table",
    columns: [
      { header: "区县" },
      { header: "本月发现", align: "right" },
      { header: "已整改", align: "right" },
      { header: "整改率", align: "right" },
      { header: "累计未整改", align: "right" },
      { header: "逾期", align: "right" },
      { header: "新增重大", align: "right" },
      { header: "联合攻坚 提请/解决/在办", align: "right" },
    ],
    rows: [...rows.map((r) => cells(r.name, r.figures)), ...(total ? [cells("合计", total)] : [])],
  };
}

/** A campaign stage's status as the report says it. */
export const stageStatusNames: Record<NonNullable<ReportCampaign["total"]["stages"][number]["status"]>, string> = {
  done: "已完成",
  "on-track": "推进中",
  "at-risk": "临近截止",
  overdue: "已逾期",
};

const shortDate = (date: string) => chineseDate(date).replace(/^\d+年/, "");

/** A campaign's section: its heading, what it reached and found in a sentence, its towns, and its stages per town. */
export function campaignBlocks(campaign: ReportCampaign): ContentBlock[] {
  const { total, towns } = campaign;
  const ended = campaign.closedAt === null ? "" : "（已结束）";
  const perTown = towns[0]?.reachTarget?.target;
  const target =
    perTown === undefined ? "" : `（每镇街目标${perTown}家，${towns.filter((t) => t.reachTarget?.met).length}/${towns.length}个镇街达标）`;
  const benchmarks =
    total.benchmarks.target === null ? `${total.benchmarks.designated}` : `${total.benchmarks.designated}/${total.benchmarks.target}`;
  const blocks: ContentBlock[] = [
    {
      kind: "heading",
      level: 2,
      text: `${campaign.name}（${chineseDate(campaign.period.from)}至${chineseDate(campaign.period.to)}）${ended}`,
    },
    {
      kind: "paragraph",
      text:
        `范围内单位${total.units}家，已覆盖${total.reached}/${total.units}家、未覆盖${total.notReached}家${target}；` +
        `发现隐患${total.hazards.found}项、已整改${total.hazards.closed}项，整改率${percent(total.hazards.rectificationRate)}；` +
        `专家服务${total.expertVisits.personVisits}人次、${total.expertVisits.enterpriseVisits}家次；标杆企业${benchmarks}家。`,
    },
  ];
  if (towns.length === 0) return blocks;
  const rows: { name: string; f: ReportCampaign["total"] }[] = [
    ...towns.map((t) => ({ name: t.townName, f: t })),
    ...(towns.length > 1 ? [{ name: "合计", f: total }] : []),
  ];
  blocks.push({
    kind: "table",
    columns: [
      { header: "镇街" },
      { header: "已覆盖/范围内", align: "right" },
      { header: "未覆盖", align: "right" },
      { header: "隐患 发现/整改", align: "right" },
      { header: "整改率", align: "right" },
      { header: "专家 人次/家次", align: "right" },
      { header: "标杆企业", align: "right" },
    ],
    rows: rows.map(({ name, f }) => [
      name,
      `${f.reached}/${f.units}`,
      f.notReached,
      `${f.hazards.found}/${f.hazards.closed}`,
      percent(f.hazards.rectificationRate),
      `${f.expertVisits.personVisits}/${f.expertVisits.enterpriseVisits}`,
      f.benchmarks.target === null ? f.benchmarks.designated : `${f.benchmarks.designated}/${f.benchmarks.target}`,
    ]),
  });
  // The stages measured by assessments, a column each: what is verified of what is required, and how it stands.
  const measured = total.stages.flatMap((s, index) => (s.status === null ? [] : [{ stage: s, index }]));
  if (measured.length > 0)
    blocks.push(
      {
        kind: "table",
        columns: [
          { header: "镇街" },
          ...measured.map(({ stage }) => ({ header: `${stage.name}（${shortDate(stage.deadline)}截止）`, align: "right" as const })),
        ],
        rows: rows.map(({ name, f }) => [
          name,
          ...measured.map(({ index }) => {
            const s = f.stages[index];
            if (!s || s.status === null) return "—";
            const mismatched = s.mismatched > 0 ? `，不一致${s.mismatched}` : "";
            return `${s.verified}/${s.required} ${stageStatusNames[s.status]}${mismatched}`;
          }),
        ]),
      },
      {
        kind: "paragraph",
        text: `阶段栏为已验收/应验收单位数及其进度${total.stages.some((s) => s.mismatched > 0) ? "；抽查核查不一致的单位已退回帮扶，不计为已验收" : ""}。`,
      },
    );
  return blocks;
}

export function monthlyContent(report: MonthlyReport): ReportContent {
  const { hazards, escalation, register, assessments, stars } = report;
  const month = chineseMonth(report.month);
  const blocks: ContentBlock[] = [];
  const add = (...more: ContentBlock[]) => blocks.push(...more);

  add(
    { kind: "heading", level: 1, text: "隐患排查整治（动态清零）" },
    {
      kind: "paragraph",
      text:
        `${month}共发现隐患${hazards.tenant.current.found}项，已整改销号${hazards.tenant.current.closed}项，` +
        `整改率${percent(hazards.tenant.current.rectificationRate)}；其中重大隐患${hazards.tenant.current.majorFound}项。` +
        `截至${chineseDate(report.asOf)}，累计未整改隐患${hazards.backlog.open}项，其中逾期${hazards.backlog.overdue}项。`,
    },
    comparedTable(hazards.tenant),
    {
      kind: "chart",
      alt: "近12个月未整改及逾期隐患趋势（各月月末，含以前月份发现的隐患）",
      legend: trendSeries.map(({ name, color, line }) => ({ name, color, line })),
      points: hazards.trend.map((p) => ({ month: p.month, values: trendSeries.map((s) => p[s.key]) })),
    },
  );
  if (report.districts.length > 0) {
    const delivered = report.districts.flatMap((d) => (d.figures ? [d.figures] : []));
    add(
      { kind: "heading", level: 2, text: "各区县情况" },
      districtsTable(
        report.districts.map((d) => ({ name: d.districtName, figures: d.figures })),
        delivered.length > 0 ? districtTotal(delivered, report.asOf) : null,
      ),
    );
  }
  add(
    { kind: "heading", level: 2, text: "分镇街情况" },
    hazards.byTown.length > 0
      ? breakdown(
          "镇街",
          hazards.byTown.map((t) => ({ name: t.townName, figures: t.figures })),
        )
      : none("暂无镇街。"),
    { kind: "heading", level: 2, text: "分行业情况" },
    hazards.byIndustry.length > 0
      ? breakdown(
          "行业",
          hazards.byIndustry.map((i) => ({ name: `${i.industry} ${i.industryName}`, figures: i.figures })),
        )
      : none("本月及对比月份无分行业隐患数据。"),
    { kind: "heading", level: 2, text: "新增重大隐患" },
    ...(hazards.newMajor.length > 0 ? shown(hazards.newMajor, false) : [none("本月无新增重大隐患。")]),
    { kind: "heading", level: 2, text: "逾期时间最长的隐患" },
    hazards.longestOverdue.length > 0 ? hazardTable(hazards.longestOverdue, true) : none("无逾期未整改隐患。"),
  );

  add({ kind: "heading", level: 1, text: "三张清单" }, { kind: "heading", level: 2, text: "重点隐患清单" });
  add(
    escalation.keyHazardLists.length > 0
      ? {
          kind: "table",
          columns: [{ header: "时段" }, { header: "部门" }, { header: "隐患数", align: "right" }],
          rows: escalation.keyHazardLists.map((l) => [
            l.period.endsWith("-1") ? `${month}上半月` : `${month}下半月`,
            l.department,
            l.items,
          ]),
        }
      : none("本月未发布重点隐患清单。"),
    { kind: "heading", level: 2, text: "联合攻坚清单" },
    {
      kind: "paragraph",
      text: `本月提请${escalation.jointTackling.opened}项，解决${escalation.jointTackling.resolved}项，尚在办理${escalation.jointTackling.open}项。`,
    },
  );
  if (escalation.jointTackling.items.length > 0) {
    add({
      kind: "table",
      columns: [
        { header: "区县" },
        { header: "单位" },
        { header: "隐患" },
        { header: "状态" },
        { header: "承办部门" },
        { header: "市级答复" },
      ],
      rows: escalation.jointTackling.items.map((i) => [
        i.districtId,
        i.enterpriseName,
        i.description,
        stateName(i.state),
        i.department ?? "—",
        i.response ?? "—",
      ]),
    });
  }
  add(
    { kind: "heading", level: 2, text: "提请协调清单" },
    escalation.coordination.length > 0
      ? {
          kind: "table",
          columns: [{ header: "提请领导" }, { header: "事项数", align: "right" }, { header: "状态" }, { header: "领导批示" }],
          rows: escalation.coordination.map((c) => [c.leader, c.items, stateName(c.state), c.decision ?? "—"]),
        }
      : none("本月无提请协调事项。"),
  );

  add({ kind: "heading", level: 1, text: "底数台账" });
  add(
    register
      ? {
          kind: "table",
          columns: [{ header: "指标" }, { header: "数量", align: "right" }],
          rows: [
            ["在册单位（月末周快照）", register.total],
            ["本月新增", register.created],
            ["本月进驻", register.movedIn],
            ["本月迁出", register.movedOut],
            ["本月删除", register.deleted],
            ["超期未核实单位", register.stale],
            ["在用公示牌", register.activePlacards ?? "—"],
            ["已设公示牌单位", register.placardCoveredUnits ?? "—"],
            ["公示牌覆盖率", percent(register.placardCoverage)],
            ["待检查公示牌", register.placardsDue],
          ],
        }
      : none("尚无周快照，底数数据暂缺（每周一自动汇总）。"),
  );

  add(
    { kind: "heading", level: 1, text: "评估验收" },
    {
      kind: "paragraph",
      text: `本月验收通过评估${assessments.verified}份。`,
    },
  );
  if (assessments.byTown.length > 0) {
    add({
      kind: "table",
      columns: [{ header: "镇街" }, { header: "验收份数", align: "right" }, { header: "平均得分", align: "right" }],
      rows: assessments.byTown.map((t) => [t.townName, t.verified, t.averageTotal ?? "—"]),
    });
  }

  add(
    { kind: "heading", level: 1, text: "星级评定与差异化监管" },
    {
      kind: "table",
      columns: [{ header: "指标" }, { header: "数量", align: "right" }],
      rows: [
        ["本月授星", stars.awarded],
        ["本月暂停", stars.suspended],
        ["本月恢复", stars.reinstated],
        ["本月撤销", stars.revoked],
        ["本月到期", stars.expired],
        ["月末在册星级", stars.held ?? "—"],
        ["重点监管对象", stars.supervisionTargets],
      ],
    },
  );

  if (report.campaigns.length > 0) {
    add(
      { kind: "heading", level: 1, text: "专项行动" },
      {
        kind: "paragraph",
        text:
          `${month}在期的专项行动${report.campaigns.length}项。各项进度取自行动的实时台账，` +
          `截至${chineseDate(report.asOf)}报告生成时，而非月末。`,
      },
      ...report.campaigns.flatMap(campaignBlocks),
    );
  }

  return {
    title: `${report.tenantName}安全生产监管月度报告`,
    subtitle: `（${month}）`,
    blocks,
  };
}
