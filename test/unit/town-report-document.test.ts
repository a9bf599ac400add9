// A town's standardization report as one block model (assessments/town-report-document.ts) and its two renderings:
// what officials write is trimmed and limited (422 naming every section too long, counted in characters, not UTF-16
// units); an empty narrative section is marked 本节尚未填写 and an empty note left out; the HTML page numbers the
// headings as the .docx writer does (前言 not), escapes every text, shows a missing value as —; the .docx adapter
// hands the unnumbered 前言 to the writer as a heading without an ordinal.
import { describe, expect, it } from "vitest";
import { officialDocument } from "#api/routes/assessments/town-report-docx";
import { renderReportPage } from "#api/routes/assessments/town-report-page";
import { notWritten, type ReportDocument, townReportDocument } from "#core/assessments/town-report-document";
import { registerFigures } from "#core/assessments/town-report-figures";
import { checkedSections, emptyTownReportText, type TownReportSections } from "#core/assessments/town-report-text";
import { DomainError } from "#core/kernel/errors";

const town = {
  id: "01jtown0000000000000000001",
  name: "蚶江镇",
  kind: "town" as const,
  code: "350581103",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  version: 1,
};

const noAssessments = {
  verified: 0,
  pending: 0,
  overall: { units: 0, average: null, lowest: null, highest: null },
  byStage: [],
  bySize: [],
  byIndustry: [],
  mostDeducted: [],
};

function reportWith(
  sections: Partial<TownReportSections>,
  grids: { level1: number; level2: number; level3?: number } = { level1: 2, level2: 5 },
): ReportDocument {
  const text = emptyTownReportText(town.id);
  return townReportDocument({
    town,
    rubric: { id: "shishi-enterprise-2024", title: "生产经营单位安全生产标准化提质增效督导帮扶行动细则" },
    asOf: "2026-11-25",
    grids,
    register: registerFigures([], new Set()),
    assessments: noAssessments,
    own: null,
    text: { ...text, sections: { ...text.sections, ...sections } },
  });
}

describe("the town's grids", () => {
  const gridText = (doc: ReportDocument) =>
    doc.blocks.flatMap((b) => ("text" in b && typeof b.text === "string" && b.text.includes("网格") ? [b.text] : []));

  it("counts a two-level grid as before, and names the third level (小网格) when the town has one", () => {
    expect(gridText(reportWith({}))).toEqual(["蚶江镇（统计用区划代码 350581103）为乡镇，共设一级网格 2 个、二级网格 5 个。"]);
    expect(gridText(reportWith({}, { level1: 2, level2: 5, level3: 17 }))).toEqual([
      "蚶江镇（统计用区划代码 350581103）为乡镇，共设一级网格 2 个、二级网格 5 个、三级网格 17 个。",
    ]);
  });
});

describe("the text officials write", () => {
  it("is trimmed, an empty section kept as null, lines inside as typed", () => {
    const sections = checkedSections({ sections: { preface: "  背景\n\n说明  ", conclusion: "   ", suggestions: null } });
    expect(sections.preface).toBe("背景\n\n说明");
    expect(sections.conclusion).toBeNull();
    expect(sections.suggestions).toBeNull();
    expect(sections.purposeAndScope).toBeNull();
  });

  it("refuses, as 422, every section over its limit at once, counting characters (𠀀 is one)", () => {
    expect(checkedSections({ sections: { preface: "𠀀".repeat(4000), unitsNote: "注".repeat(2000) } }).preface).toHaveLength(8000);
    try {
      checkedSections({ sections: { preface: "前".repeat(4001), problemsNote: "问".repeat(2001), conclusion: "结" } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const e = error as DomainError;
      expect([e.kind, e.code]).toEqual(["unprocessable", "rule_violation"]);
      expect(e.problems.map((p) => `${p.path}:${p.code}`)).toEqual(["sections.preface:too_long", "sections.problemsNote:too_long"]);
      expect(e.problems[0]?.message.zh).toBe("「前言」不能超过 4000 个字符（现为 4001 个）");
    }
  });
});

describe("the block model", () => {
  it("marks each empty narrative section, and leaves an empty note out", () => {
    const blocks = reportWith({}).blocks;
    expect(blocks.filter((b) => b.kind === "paragraph" && b.text === notWritten && b.emphasis === "note")).toHaveLength(5);
    const written = reportWith({ preface: "背景", unitsNote: "地处沿海", conclusion: "成效明显" }).blocks;
    expect(written.filter((b) => b.kind === "paragraph" && b.text === notWritten)).toHaveLength(3);
    const at = written.findIndex((b) => b.kind === "heading" && b.text === "被帮扶单位基本情况");
    expect(written[at + 1]).toEqual({ kind: "paragraph", text: "地处沿海" });
    expect(written[0]).toEqual({ kind: "heading", level: 1, text: "前言", numbered: false });
    expect(written[1]).toEqual({ kind: "paragraph", text: "背景" });
  });
});

describe("the HTML page", () => {
  const doc: ReportDocument = {
    title: "某镇报告\n第二行",
    subtitle: "数据截至2026年11月25日",
    blocks: [
      { kind: "heading", level: 1, text: "前言", numbered: false },
      { kind: "paragraph", text: "甲 <script>alert(1)</script>\n乙" },
      { kind: "heading", level: 1, text: "目的及范围" },
      { kind: "heading", level: 2, text: "第一小节" },
      { kind: "heading", level: 2, text: "第二小节" },
      { kind: "heading", level: 1, text: "帮扶内容" },
      { kind: "heading", level: 2, text: "重新编号" },
      {
        kind: "table",
        caption: "表1　数字",
        columns: [{ header: "名称" }, { header: "数", align: "right" }],
        rows: [
          ["A&B", 3],
          ["C", null],
        ],
      },
      { kind: "list", items: ["一项", "两项"] },
      { kind: "paragraph", text: "尚无", emphasis: "note" },
    ],
    footerText: "页脚",
  };
  const html = renderReportPage(doc);

  it("numbers 一、 and （一） restarting under each, 前言 unnumbered", () => {
    expect([...html.matchAll(/<h[23]>([^<]*)<\/h[23]>/g)].map((m) => m[1])).toEqual([
      "前言",
      "一、目的及范围",
      "（一）第一小节",
      "（二）第二小节",
      "二、帮扶内容",
      "（一）重新编号",
    ]);
  });

  it("escapes all text, splits lines into paragraphs, and shows a missing value as —", () => {
    expect(html).toContain("<h1>某镇报告<br>第二行</h1>");
    expect(html).toContain("<title>某镇报告第二行</title>");
    expect(html).toContain("<p>甲 &lt;script&gt;alert(1)&lt;/script&gt;</p><p>乙</p>");
    expect(html).not.toContain("<script>");
    expect(html).toContain('<tr><td>A&amp;B</td><td class="num">3</td></tr><tr><td>C</td><td class="num">—</td></tr>');
    expect(html).toContain("<ol><li>一项</li><li>两项</li></ol>");
    expect(html).toContain('<p class="note">尚无</p>');
    expect(html).toContain("<footer>页脚</footer>");
  });

  it("goes to the .docx writer with 前言 as an unnumbered heading, every other block as it is", () => {
    const official = officialDocument(doc);
    expect(official.blocks[0]).toEqual({ kind: "heading", level: 1, text: "前言", numbered: false });
    expect(official.blocks.slice(1)).toEqual(doc.blocks.slice(1));
    expect(official).toMatchObject({ title: doc.title, subtitle: doc.subtitle, footerText: doc.footerText });
  });
});
