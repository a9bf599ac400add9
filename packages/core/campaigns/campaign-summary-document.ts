// A campaign's summary report (专项行动总结报告), built at its end in the official-document style: one block model
// that the .docx and the HTML page are both rendered from (as the town's standardization report). It says only what
// the campaign's definition and its tallies say — the organisation (liaisons, groups), the stages and how each
// ended, coverage and the units never reached, hazards per key item, expert visits (人次 / 家次), the verification
// draw and its mismatches, benchmark enterprises and stars — and writes no narrative of its own.

import type { ReportBlock, ReportCell, ReportDocument } from "#core/assessments/town-report-document";
import type { Campaign } from "#core/campaigns/campaign";
import type { StageStatus, UnitStanding } from "#core/campaigns/campaign-progress";
import type { CampaignProgress } from "#core/campaigns/campaign-progress-read";
import type { CampaignSample } from "#core/campaigns/campaign-sample";
import { chineseDate } from "#core/kernel/china-time";
import { formatRate, rateOf } from "#core/kernel/decimal";
import { industryByCode } from "#core/register/industry";

export interface CampaignSummaryInput {
  readonly campaign: Campaign;
  /** The tenant running it (e.g. 石狮市应急管理局's tenant, 石狮市): the report's issuer. */
  readonly issuer: string;
  /** The day the figures are as of (Asia/Shanghai). */
  readonly asOf: string;
  readonly progress: CampaignProgress;
  /** Every unit of the campaign with where it stands. */
  readonly units: readonly UnitStanding[];
  readonly samples: readonly CampaignSample[];
  /** The tenant's towns by id. */
  readonly townNames: ReadonlyMap<string, string>;
}

/** Units never reached that the report names per town; the rest are counted (the full list is GET …/units). */
export const listedUnreachedPerTown = 50;

export const stageStatusNames: Record<StageStatus, string> = {
  done: "已完成",
  "on-track": "进行中",
  "at-risk": "临近截止",
  overdue: "已逾期",
};

const rate = (part: number, whole: number) => (whole === 0 ? null : `${formatRate(rateOf(part, whole))}%`);

export function campaignSummaryDocument(input: CampaignSummaryInput): ReportDocument {
  const { campaign, progress, units, samples } = input;
  const total = progress.total;
  const townName = (id: string) => input.townNames.get(id) ?? id;
  const stageName = new Map(campaign.stages.map((s) => [s.id, s.name]));
  const blocks: ReportBlock[] = [];
  let tables = 0;
  const table = (caption: string, columns: Extract<ReportBlock, { kind: "table" }>["columns"], rows: ReportCell[][]) => {
    tables++;
    blocks.push({ kind: "table", caption: `表${tables}　${caption}`, columns, rows });
  };
  const heading = (level: 1 | 2, text: string) => blocks.push({ kind: "heading", level, text });
  const paragraph = (text: string) => blocks.push({ kind: "paragraph", text });
  const note = (text: string) => blocks.push({ kind: "paragraph", text, emphasis: "note" });
  const period = `${chineseDate(campaign.period.from)}至${chineseDate(campaign.period.to)}`;
  const right = { align: "right" as const };

  // 一、基本情况: the definition.
  heading(1, "基本情况");
  const towns = campaign.scope.townIds.length > 0 ? campaign.scope.townIds.map(townName).join("、") : "全域各镇（街道）";
  const industries =
    campaign.scope.industries.length > 0
      ? `，行业大类：${campaign.scope.industries.map((code) => `${code} ${industryByCode(code)?.name ?? ""}`.trim()).join("、")}`
      : "";
  const unitsBy = campaign.scope.units.by === "list" ? "按名单确定" : "按台账条件确定";
  paragraph(
    `${campaign.name}于${period}开展，范围为${towns}${industries}，对象单位${unitsBy}，共 ${total.units} 家。` +
      (campaign.closedAt
        ? `行动已于${chineseDate(campaign.closedAt.slice(0, 10))}结束。`
        : `截至${chineseDate(input.asOf)}，行动尚未结束。`),
  );
  if (campaign.description) paragraph(campaign.description);
  if (campaign.closeNote) paragraph(`结束说明：${campaign.closeNote}`);
  const targets = [
    campaign.targets.unitsPerTown === null ? null : `每个镇（街道）覆盖 ${campaign.targets.unitsPerTown} 家`,
    campaign.targets.reachAll ? "所有企业必到" : null,
    campaign.targets.benchmarksPerTown === null ? null : `每个镇（街道）培育标杆企业不少于 ${campaign.targets.benchmarksPerTown} 家`,
    campaign.sampling ? `验收阶段每个镇（街道）抽查不少于 ${campaign.sampling.perTown} 家` : null,
  ].filter((t): t is string => t !== null);
  if (targets.length > 0) paragraph(`行动目标：${targets.join("；")}。`);

  heading(2, "组织实施");
  if (campaign.liaisons.length === 0 && campaign.groups.length === 0) note("未登记联络员和检查组。");
  if (campaign.liaisons.length > 0)
    table(
      "各镇（街道）联络员",
      [{ header: "镇（街道）" }, { header: "姓名" }, { header: "单位", width: 20 }, { header: "联系电话" }],
      campaign.liaisons.map((l) => [townName(l.townId), l.name, l.organization, l.phone]),
    );
  if (campaign.groups.length > 0)
    table(
      "检查组",
      [{ header: "检查组" }, { header: "组长" }, { header: "成员", width: 30 }, { header: "负责镇（街道）", width: 20 }],
      campaign.groups.map((g) => [
        g.name,
        g.leader?.name ?? null,
        g.members.length > 0 ? g.members.map((m) => m.name).join("、") : null,
        g.townIds.length > 0 ? g.townIds.map(townName).join("、") : null,
      ]),
    );
  if (campaign.themes.length > 0)
    table(
      "月度主题",
      [{ header: "月份" }, { header: "主题", width: 30 }],
      campaign.themes.map((t) => [`${t.month.slice(0, 4)}年${Number(t.month.slice(5))}月`, t.title]),
    );

  heading(2, "阶段安排及完成情况");
  table(
    "各阶段完成情况",
    [
      { header: "阶段" },
      { header: "截止日期" },
      { header: "交付材料", width: 16 },
      { header: "应完成（家）", ...right },
      { header: "已提交（家）", ...right },
      { header: "已核实（家）", ...right },
      { header: "完成情况" },
    ],
    campaign.stages.map((stage, index) => {
      const figures = total.stages[index];
      const measured = stage.assessmentStage !== null && figures !== undefined;
      return [
        stage.name,
        chineseDate(stage.deadline),
        stage.deliverable,
        measured ? figures.required : null,
        measured ? figures.assessed : null,
        measured ? figures.verified : null,
        figures?.status ? stageStatusNames[figures.status] : null,
      ];
    }),
  );
  if (progress.atRisk.length > 0)
    paragraph(
      `未按期完成的阶段：${progress.atRisk
        .map((r) => `${townName(r.townId)}${stageName.get(r.stageId) ?? r.stageId}（${stageStatusNames[r.status]}，尚差 ${r.missing} 家）`)
        .join("；")}。`,
    );

  // 二、工作成效: the tallies.
  heading(1, "工作成效");
  heading(2, "覆盖情况");
  paragraph(
    `应覆盖单位 ${total.units} 家，已覆盖 ${total.reached} 家，覆盖率 ${rate(total.reached, total.units) ?? "—"}，未覆盖 ${total.notReached} 家` +
      (total.reachTarget ? `；覆盖目标 ${total.reachTarget.target} 家，${total.reachTarget.met ? "已完成" : "未完成"}。` : "。"),
  );
  table(
    "各镇（街道）覆盖情况",
    [
      { header: "镇（街道）" },
      { header: "应覆盖（家）", ...right },
      { header: "已覆盖（家）", ...right },
      { header: "未覆盖（家）", ...right },
      { header: "覆盖率", ...right },
      { header: "目标完成" },
    ],
    progress.towns.map((t) => [
      t.townName,
      t.units,
      t.reached,
      t.notReached,
      rate(t.reached, t.units),
      t.reachTarget ? (t.reachTarget.met ? "是" : "否") : null,
    ]),
  );
  const measuredStages = campaign.stages.flatMap((stage, index) => (stage.assessmentStage === null ? [] : [{ stage, index }]));
  if (measuredStages.length > 0) {
    heading(2, "各镇（街道）分阶段推进情况");
    table(
      "各镇（街道）分阶段评估情况",
      [
        { header: "镇（街道）" },
        { header: "阶段" },
        { header: "应完成（家）", ...right },
        { header: "已提交（家）", ...right },
        { header: "已核实（家）", ...right },
        { header: "抽查不符（家）", ...right },
        { header: "完成情况" },
      ],
      progress.towns.flatMap((t) =>
        measuredStages.map(({ stage, index }) => {
          const s = t.stages[index];
          return [
            t.townName,
            stage.name,
            s?.required ?? 0,
            s?.assessed ?? 0,
            s?.verified ?? 0,
            s?.mismatched ?? 0,
            s?.status ? stageStatusNames[s.status] : null,
          ];
        }),
      ),
    );
  }

  heading(2, "隐患排查整改");
  const hazards = total.hazards;
  if (hazards.found === 0) {
    note("行动中未登记隐患。");
  } else {
    const itemTitle = new Map(campaign.catalogue.items.map((item) => [item.id, item]));
    const industryName = new Map(campaign.catalogue.industries.map((i) => [i.id, i.name]));
    const withHazards = hazards.byKeyItem.filter((k) => k.keyItemId !== null).length;
    paragraph(
      `共排查发现隐患 ${hazards.found} 项，已整改销号 ${hazards.closed} 项，整改率 ${rate(hazards.closed, hazards.found) ?? "—"}` +
        (campaign.catalogue.items.length > 0
          ? `；重点事项清单共 ${campaign.catalogue.items.length} 项，其中 ${withHazards} 项发现隐患。`
          : "。"),
    );
    table(
      "各重点事项隐患情况",
      [
        { header: "序号", ...right },
        { header: "重点事项", width: 34 },
        { header: "行业领域", width: 10 },
        { header: "发现（项）", ...right },
        { header: "已整改（项）", ...right },
        { header: "整改率", ...right },
      ],
      hazards.byKeyItem.map((k, i) => {
        const item = k.keyItemId === null ? undefined : itemTitle.get(k.keyItemId);
        return [
          i + 1,
          k.keyItemId === null ? "未关联重点事项" : `${k.keyItemId} ${item?.title ?? ""}`.trim(),
          item?.industry ? (industryName.get(item.industry) ?? item.industry) : null,
          k.found,
          k.closed,
          rate(k.closed, k.found),
        ];
      }),
    );
    table(
      "各镇（街道）隐患情况",
      [{ header: "镇（街道）" }, { header: "发现（项）", ...right }, { header: "已整改（项）", ...right }, { header: "整改率", ...right }],
      progress.towns.map((t) => [t.townName, t.hazards.found, t.hazards.closed, rate(t.hazards.closed, t.hazards.found)]),
    );
  }

  heading(2, "专家服务进企业");
  const visits = total.expertVisits;
  if (visits.enterpriseVisits === 0) {
    note("行动中未登记专家服务。");
  } else {
    paragraph(
      `组织专家服务 ${visits.personVisits} 人次，深入企业 ${visits.enterpriseVisits} 家次（每位专家每日计一人次，每次入企计一家次）。`,
    );
    table(
      "各镇（街道）专家服务情况",
      [{ header: "镇（街道）" }, { header: "专家（人次）", ...right }, { header: "入企（家次）", ...right }],
      progress.towns.map((t) => [t.townName, t.expertVisits.personVisits, t.expertVisits.enterpriseVisits]),
    );
  }

  if (campaign.sampling) {
    heading(2, "验收抽查");
    const sample = samples.find((s) => s.stageId === campaign.sampling?.stageId);
    if (!sample) {
      note("尚未进行验收抽查。");
    } else {
      const mismatched = units.filter((u) => u.mismatch);
      paragraph(
        `${chineseDate(sample.drawnAt.slice(0, 10))}，按每个镇（街道）不少于 ${sample.perTown} 家随机抽取验收单位，` +
          `共抽取 ${sample.towns.reduce((n, t) => n + t.picked.length, 0)} 家；经核实得分与此前评估得分不符（差值超过 ${campaign.sampling.scoreTolerance} 分）的 ${mismatched.length} 家已退回帮扶。` +
          `抽取方法 ${sample.method}，随机种子“${sample.seed}”，按记录的单位池和种子可重复抽取并得到相同结果。`,
      );
      table(
        "验收抽查情况",
        [
          { header: "镇（街道）" },
          { header: "可抽单位（家）", ...right },
          { header: "抽取（家）", ...right },
          { header: "不符（家）", ...right },
        ],
        sample.towns.map((t) => [
          townName(t.townId),
          t.pool.length,
          t.picked.length,
          mismatched.filter((u) => u.townId === t.townId).length,
        ]),
      );
      if (mismatched.length > 0)
        blocks.push({ kind: "list", items: mismatched.map((u) => `${townName(u.townId)}　${u.name}：核实得分与此前得分不符，退回帮扶`) });
    }
  }

  heading(2, "标杆企业培育和星级评定");
  const benchmarks = total.benchmarks;
  paragraph(
    `培育标杆企业 ${benchmarks.designated} 家` +
      (benchmarks.target === null ? "" : `（目标 ${benchmarks.target} 家，${benchmarks.met ? "已完成" : "未完成"}）`) +
      `；申报星级评定 ${total.stars.applied} 家，获评星级 ${total.stars.holding} 家。`,
  );
  table(
    "各镇（街道）标杆企业和星级评定情况",
    [
      { header: "镇（街道）" },
      { header: "标杆企业（家）", ...right },
      { header: "目标（家）", ...right },
      { header: "目标完成" },
      { header: "申报星级（家）", ...right },
      { header: "获评星级（家）", ...right },
    ],
    progress.towns.map((t) => [
      t.townName,
      t.benchmarks.designated,
      t.benchmarks.target,
      t.benchmarks.met === null ? null : t.benchmarks.met ? "是" : "否",
      t.stars.applied,
      t.stars.holding,
    ]),
  );

  // 三、存在问题: what the tallies show undone.
  heading(1, "存在问题");
  const unreached = units.filter((u) => u.inScope && !u.reached);
  const open = hazards.found - hazards.closed;
  const problems: string[] = [];
  if (unreached.length > 0) problems.push(`尚有 ${unreached.length} 家单位未覆盖（名单见下）`);
  for (const r of progress.atRisk)
    problems.push(`${townName(r.townId)}${stageName.get(r.stageId) ?? r.stageId}${stageStatusNames[r.status]}，尚差 ${r.missing} 家`);
  if (open > 0) problems.push(`尚有 ${open} 项隐患未整改销号`);
  if (total.reachTarget && !total.reachTarget.met) problems.push("覆盖目标未完成");
  if (benchmarks.met === false) problems.push("标杆企业培育目标未完成");
  if (problems.length === 0) note("各项目标均已完成，各阶段均已按期完成。");
  else blocks.push({ kind: "list", items: problems });
  if (unreached.length > 0) {
    heading(2, "未覆盖单位");
    for (const t of progress.towns) {
      const own = unreached.filter((u) => u.townId === t.townId);
      if (own.length === 0) continue;
      const listed = own.slice(0, listedUnreachedPerTown).map((u) => u.name);
      paragraph(
        `${t.townName}（${own.length} 家）：${listed.join("、")}${own.length > listed.length ? `等，另有 ${own.length - listed.length} 家` : ""}。`,
      );
    }
  }

  return {
    title: `${campaign.name}\n总结报告`,
    subtitle: `${input.issuer}　行动时间：${period}　数据截至${chineseDate(input.asOf)}`,
    blocks,
    footerText: `${input.issuer} · 根据专项行动记录生成`,
  };
}
