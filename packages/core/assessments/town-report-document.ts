// A town's standardization report (镇安全生产标准化提质增效督导帮扶行动报告) in the structure of 附件2 of the Shishi
// plan, as one block model — title, subtitle, blocks — that the HTML page and the .docx are both rendered from, so
// the two never say different things. Headings carry no ordinals (一、, （一）): each renderer numbers them; 前言 is
// not numbered in 附件2. The narrative sections are the official's text (an empty one says so); 三–五 are figures.
//
// The block kinds are those of the .docx writer (packages/tabular/docx.ts), declared here again because core may
// not import a file format library; the route hands this model to that writer (api/routes/assessments/
// town-report-docx.ts), and the compiler checks they fit. One addition: an unnumbered heading, for 前言.
import { type Stage, stageNames } from "#core/assessments/assessment";
import { type AssessmentFigures, type RegisterFigures, shareOf, type TownOwnFigures } from "#core/assessments/town-report-figures";
import type { TownReportSectionKey, TownReportText } from "#core/assessments/town-report-text";
import { type SizeClass, sizeClassNames } from "#core/register/enterprise";
import type { Town } from "#core/register/town";

export type ReportCell = string | number | null;

export type ReportBlock =
  /** Level 1 is numbered 一、二、…, level 2 （一）（二）… under it; `numbered: false` (前言) is not numbered. */
  | { readonly kind: "heading"; readonly level: 1 | 2; readonly text: string; readonly numbered?: false }
  /** Each line of `text` is a paragraph; "note" is a muted remark (本节尚未填写). */
  | { readonly kind: "paragraph"; readonly text: string; readonly emphasis?: "note" }
  /** A null cell shows as "—". */
  | {
      readonly kind: "table";
      readonly columns: readonly { readonly header: string; readonly width?: number; readonly align?: "left" | "right" }[];
      readonly rows: readonly (readonly ReportCell[])[];
      readonly caption?: string;
    }
  /** Numbered 1. 2. … by the renderer. */
  | { readonly kind: "list"; readonly items: readonly string[] };

export interface ReportDocument {
  readonly title: string;
  readonly subtitle?: string;
  readonly blocks: readonly ReportBlock[];
  readonly footerText?: string;
}

/** What an empty narrative section says in the report. */
export const notWritten = "（本节尚未填写）";

export interface TownReportInput {
  readonly town: Town;
  readonly rubric: { readonly id: string; readonly title: string };
  /** The day the figures are as of (Asia/Shanghai). */
  readonly asOf: string;
  /** Assessment dates the report was limited to, if any. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Grids by level (大 / 中 / 小网格); a town without level-3 grids reads as the two-level grid it was. */
  readonly grids: { readonly level1: number; readonly level2: number; readonly level3?: number };
  readonly register: RegisterFigures;
  readonly assessments: AssessmentFigures;
  readonly own: TownOwnFigures | null;
  readonly text: TownReportText;
}

/** 2026-11-05 → 2026年11月5日, as a report writes a date. */
export function chineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

const kindNames: Record<Town["kind"], string> = { town: "镇", street: "街道", park: "园区" };
const areaNames: Record<Town["kind"], string> = { town: "乡镇", street: "街道", park: "工业园区" };

const percent = (share: string | null) => (share === null ? null : `${share}%`);
const size = (s: SizeClass) => sizeClassNames[s];

function periodText(from: string | undefined, to: string | undefined): string | null {
  if (from && to) return `${chineseDate(from)}至${chineseDate(to)}`;
  if (from) return `${chineseDate(from)}起`;
  if (to) return `截至${chineseDate(to)}`;
  return null;
}

export function townReportDocument(input: TownReportInput): ReportDocument {
  const { town, rubric, register, assessments, own, text } = input;
  const here = `本${kindNames[town.kind]}`;
  const blocks: ReportBlock[] = [];
  let tables = 0;
  const table = (caption: string, columns: Extract<ReportBlock, { kind: "table" }>["columns"], rows: ReportCell[][]) => {
    tables++;
    blocks.push({ kind: "table", caption: `表${tables}　${caption}`, columns, rows });
  };
  const heading = (level: 1 | 2, headingText: string) => blocks.push({ kind: "heading", level, text: headingText });
  const paragraph = (body: string) => blocks.push({ kind: "paragraph", text: body });
  const note = (body: string) => blocks.push({ kind: "paragraph", text: body, emphasis: "note" });
  const written = (key: TownReportSectionKey) => text.sections[key];
  const narrative = (key: TownReportSectionKey) => {
    const body = written(key);
    if (body === null) note(notWritten);
    else paragraph(body);
  };
  const extra = (key: TownReportSectionKey) => {
    const body = written(key);
    if (body !== null) paragraph(body);
  };
  const period = periodText(input.from, input.to);

  // 前言 · 一 · 二: the official's text.
  blocks.push({ kind: "heading", level: 1, text: "前言", numbered: false });
  narrative("preface");
  heading(1, "目的及范围");
  narrative("purposeAndScope");
  heading(1, "帮扶内容");
  narrative("assistance");

  // 三、被帮扶单位基本情况: the town and its units, from the register.
  heading(1, "被帮扶单位基本情况");
  extra("unitsNote");
  heading(2, "属地政府基本情况");
  paragraph(
    `${town.name}${town.code ? `（统计用区划代码 ${town.code}）` : ""}为${areaNames[town.kind]}，` +
      `共设一级网格 ${input.grids.level1} 个、二级网格 ${input.grids.level2} 个${input.grids.level3 ? `、三级网格 ${input.grids.level3} 个` : ""}。`,
  );
  heading(2, "生产经营单位情况");
  if (register.counted === 0) {
    note(`截至${chineseDate(input.asOf)}，${here}暂无在册生产经营单位。`);
  } else {
    const [above, medium, small] = register.bySize;
    paragraph(
      `截至${chineseDate(input.asOf)}，${here}在册生产经营单位 ${register.counted} 家` +
        `${register.closed > 0 ? `（不含已关闭 ${register.closed} 家）` : ""}，其中企业 ${register.enterprises} 家、九小场所 ${register.venues} 家；` +
        `按规模分，规上 ${above?.units ?? 0} 家、中等 ${medium?.units ?? 0} 家、小微 ${small?.units ?? 0} 家。`,
    );
    table(
      "生产经营单位规模分类",
      [{ header: "类别" }, { header: "单位数（家）", align: "right" }, { header: "占比", align: "right" }],
      [...register.bySize.map((r) => [size(r.sizeClass), r.units, percent(r.share)]), ["合计", register.counted, "100%"]],
    );
  }
  heading(2, "行业类别");
  if (register.byIndustry.length === 0) {
    note("暂无行业分类数据。");
  } else {
    paragraph(`${here}生产经营单位涉及国民经济行业大类（GB/T 4754-2017）${register.byIndustry.length} 个。`);
    table(
      "生产经营单位行业分布",
      [
        { header: "行业大类", width: 28 },
        { header: "单位数（家）", align: "right" },
        { header: "规上", align: "right" },
        { header: "中等", align: "right" },
        { header: "小微", align: "right" },
      ],
      register.byIndustry.map((r) => [
        `${r.divisionCode} ${r.divisionName}`,
        r.units,
        r.bySize["above-scale"],
        r.bySize.medium,
        r.bySize["small-micro"],
      ]),
    );
  }

  // 四、标准化开展情况: the town's own assessment (1+5机制), the units' profiles and their assessments.
  heading(1, "标准化开展情况");
  extra("progressNote");
  heading(2, "属地政府标准化开展情况（1+5机制落实情况）");
  if (own === null) {
    note(`暂无经核实的${town.name}属地政府评估${period ? `（${period}）` : ""}。`);
  } else {
    paragraph(
      `${chineseDate(own.assessedOn)}，${own.assessor}依据《${own.rubricTitle}》对${town.name}开展${stageNames[own.stage]}，` +
        `得分 ${own.total ?? "—"} 分（满分 ${own.maxTotal ?? "—"} 分），扣分项 ${own.deductions.length} 项。`,
    );
    table(
      "属地政府评估得分",
      [
        { header: "项目", width: 24 },
        { header: "分值", align: "right" },
        { header: "得分", align: "right" },
      ],
      [...own.sections.map((s) => [s.title, s.points, s.score]), ["合计", own.maxTotal, own.total]],
    );
    if (own.deductions.length > 0) {
      paragraph("扣分情况：");
      blocks.push({
        kind: "list",
        items: own.deductions.map(
          (d) =>
            `${d.title.replace(/[。；;]+$/, "")}：${d.deduction === null ? "未通过" : `扣 ${d.deduction} 分`}${d.reason ? `（${d.reason}）` : ""}`,
        ),
      });
    }
  }

  heading(2, "生产经营单位标准化创建情况");
  const profileTotal = register.standardization.at(-1);
  if (!profileTotal || profileTotal.enterprises === 0) {
    note(`${here}暂无在册企业。`);
  } else {
    // The pass rate counts units passing review by their verified assessments; the register's declared status is
    // shown beside it, as what the units say of themselves.
    paragraph(
      `据台账，${here}在册企业 ${profileTotal.enterprises} 家（九小场所不计），创建中 ${profileTotal.inProgress} 家，` +
        `未开展 ${profileTotal.notStarted} 家，台账登记评审达标 ${profileTotal.declaredPassed} 家；` +
        `经核实的评估达标 ${profileTotal.passed} 家，达标率 ${percent(profileTotal.passRate) ?? "—"}。`,
    );
    table(
      "企业标准化创建情况",
      [
        { header: "类别" },
        { header: "企业数", align: "right" },
        { header: "未开展", align: "right" },
        { header: "创建中", align: "right" },
        { header: "台账登记达标", align: "right" },
        { header: "核实达标", align: "right" },
        { header: "达标率", align: "right" },
        { header: "建立全员责任制", align: "right" },
        { header: "已采集录入", align: "right" },
      ],
      register.standardization.map((r) => [
        r.sizeClass === null ? "合计" : size(r.sizeClass),
        r.enterprises,
        r.notStarted,
        r.inProgress,
        r.declaredPassed,
        r.passed,
        percent(r.passRate),
        r.responsibilitySystem,
        r.informationCollected,
      ]),
    );
  }

  heading(2, "督导帮扶评估情况");
  const o = assessments.overall;
  const within = period ? `${period}，` : "";
  const pending = assessments.pending > 0 ? `另有已提交待核实的评估 ${assessments.pending} 份，未计入。` : "";
  if (assessments.verified === 0) {
    note(`依据《${rubric.title}》，${within}暂无经核实的生产经营单位评估。${pending}`);
  } else {
    const coverage = o.units <= register.counted ? shareOf(o.units, register.counted) : null;
    paragraph(
      `依据《${rubric.title}》，${within}已核实生产经营单位评估 ${assessments.verified} 份，涉及单位 ${o.units} 家` +
        `${coverage === null ? "" : `，占在册单位的 ${coverage}%`}。按各单位最近一次已核实的评估计，平均得分 ${o.average} 分，` +
        `最低 ${o.lowest} 分，最高 ${o.highest} 分。${pending}`,
    );
    table(
      "各阶段评估情况",
      [
        { header: "阶段" },
        { header: "评估（份）", align: "right" },
        { header: "单位（家）", align: "right" },
        { header: "平均分", align: "right" },
        { header: "最低分", align: "right" },
        { header: "最高分", align: "right" },
      ],
      assessments.byStage.map((r) => [stageName(r.stage), r.assessments, r.units, r.average, r.lowest, r.highest]),
    );
    table(
      "各类型生产经营单位评估情况",
      [
        { header: "类别" },
        { header: "在册（家）", align: "right" },
        { header: "已评估（家）", align: "right" },
        { header: "平均分", align: "right" },
        { header: "最低分", align: "right" },
        { header: "最高分", align: "right" },
      ],
      assessments.bySize.map((r) => [size(r.sizeClass), r.inTown, r.units, r.average, r.lowest, r.highest]),
    );
    table(
      "各行业领域生产经营单位评估情况",
      [
        { header: "行业大类", width: 28 },
        { header: "在册（家）", align: "right" },
        { header: "已评估（家）", align: "right" },
        { header: "平均分", align: "right" },
        { header: "最低分", align: "right" },
        { header: "最高分", align: "right" },
      ],
      assessments.byIndustry.map((r) => [`${r.divisionCode} ${r.divisionName}`, r.inTown, r.units, r.average, r.lowest, r.highest]),
    );
  }

  // 五、存在问题: the criteria that lost the most points.
  heading(1, "存在问题");
  extra("problemsNote");
  if (assessments.mostDeducted.length === 0) {
    note(assessments.verified === 0 ? "暂无经核实的评估，尚无扣分统计。" : "经核实的评估中没有扣分项。");
  } else {
    paragraph(`按各单位最近一次已核实的评估统计，扣分最多的 ${assessments.mostDeducted.length} 项细则如下（共评估单位 ${o.units} 家）：`);
    table(
      "扣分较多的细则",
      [
        { header: "序号", align: "right" },
        { header: "细则", width: 40 },
        { header: "所属项目", width: 12 },
        { header: "扣分单位（家）", align: "right" },
        { header: "扣分合计", align: "right" },
        { header: "占已评估单位", align: "right" },
      ],
      assessments.mostDeducted.map((m, i) => [i + 1, `${m.criterionId} ${m.title}`, m.sectionTitle, m.units, m.points, percent(m.share)]),
    );
  }

  // 六 · 七: the official's text again.
  heading(1, "建议与意见");
  narrative("suggestions");
  heading(1, "结论");
  narrative("conclusion");

  const subtitle = [`数据截至${chineseDate(input.asOf)}`, `评分细则：《${rubric.title}》`, ...(period ? [`评估日期：${period}`] : [])];
  return {
    title: `${town.name}安全生产标准化\n提质增效督导帮扶行动报告`,
    subtitle: subtitle.join("　"),
    blocks,
    footerText: `${town.name} · 根据台账与评估记录生成`,
  };
}

const stageName = (stage: Stage) => stageNames[stage];
