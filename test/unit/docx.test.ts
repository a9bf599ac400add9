// Reports as .docx in the official-document format: the text read back by mammoth (numbered headings, table
// cells, "—" for no value, list items), the XML Word and WPS read (East Asian fonts on every run, 公文 page and
// margins, a header row that repeats, the page number "— 1 —", the picture in word/media), text holding
// characters XML cannot carry, and docx staying unloaded until the first document is written.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { crc32, deflateSync } from "node:zlib";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { chineseNumber, type DocBlock, docxBytes, type OfficialDocument } from "#tabular/docx";

/** A real PNG of one colour, built here so the test needs no image file. */
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x40)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(pixels)), chunk("IEND", Buffer.alloc(0))]),
  );
}

const chart = png(800, 400);

const everyBlock: DocBlock[] = [
  { kind: "heading", level: 1, text: "总体情况" },
  { kind: "paragraph", text: "本月全区共检查企业 128 家，发现“一般隐患”56 项。\n已整改 50 项。" },
  { kind: "heading", level: 2, text: "隐患排查" },
  {
    kind: "table",
    caption: "表1 各镇街隐患情况",
    columns: [{ header: "镇街", width: 12 }, { header: "隐患数", align: "right" }, { header: "整改率" }],
    rows: [
      ["青山泉镇", 12, "91.7%"],
      ["大吴街道", null, "—"],
      ["潘安湖街道", 0, null],
    ],
  },
  { kind: "heading", level: 2, text: "重点企业" },
  { kind: "list", items: ["徐州市贾汪区青山泉煤矿", "大吴化工有限公司"] },
  { kind: "heading", level: 1, text: "下一步工作" },
  { kind: "heading", level: 2, text: "督办" },
  { kind: "paragraph", text: "本节暂无数据", emphasis: "note" },
  { kind: "image", png: chart, widthPx: 800, heightPx: 400, alt: "各镇街隐患数柱状图" },
];

const report: OfficialDocument = {
  title: "贾汪区安全生产监管月度报告",
  subtitle: "贾汪区应急管理局　2026年11月",
  blocks: everyBlock,
  footerText: "内部资料 注意保存",
};

async function textOf(bytes: Uint8Array): Promise<string> {
  const mammoth = await import("mammoth");
  const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return result.value;
}

const linesOf = (text: string) => text.split("\n").filter((line) => line !== "");

async function partsOf(bytes: Uint8Array): Promise<JSZip> {
  return JSZip.loadAsync(bytes);
}

async function part(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (!file) throw new Error(`no ${path} in the package`);
  return file.async("string");
}

interface Run {
  readonly props: string;
  readonly text: string;
}

/** The text runs of a part: their properties and their text (a field's runs have no w:t and are left out). */
function runsOf(xml: string): Run[] {
  return [...xml.matchAll(/<w:r>(.*?)<\/w:r>/gs)]
    .map(([, body = ""]) => ({
      props: /<w:rPr>(.*?)<\/w:rPr>/s.exec(body)?.[1] ?? "",
      text: [...body.matchAll(/<w:t(?: [^>]*)?>(.*?)<\/w:t>/gs)].map((t) => t[1]).join(""),
    }))
    .filter((run) => run.text !== "");
}

function runWith(runs: readonly Run[], text: string): Run {
  const run = runs.find((candidate) => candidate.text === text);
  if (!run) throw new Error(`no run "${text}" among ${runs.map((r) => r.text).join(" | ")}`);
  return run;
}

const eastAsia = (run: Run) => /w:eastAsia="([^"]*)"/.exec(run.props)?.[1];
const halfPoints = (run: Run) => Number(/<w:sz w:val="(\d+)"\/>/.exec(run.props)?.[1]);

/** Every character XML 1.0 allows (TAB, LF, CR and the rest above U+001F, surrogates paired). */
const xml10Text = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
/** A character reference to what XML 1.0 refuses, as a writer escaping the raw character might leave it. */
const refusedReference =
  /&#(?:x0*(?:[0-8bcefBCEF]|1[0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2}|[fF]{3}[eEfF])|0*(?:[0-8]|1[124-9]|2\d|3[01]));/;

describe("docx: the official document as text", () => {
  it("reads back with the title, numbered headings (一、 and （一） restarting), table cells, — for no value, list items", async () => {
    const lines = linesOf(await textOf(await docxBytes(report)));
    expect(lines).toEqual([
      "贾汪区安全生产监管月度报告",
      "贾汪区应急管理局　2026年11月",
      "一、总体情况",
      "本月全区共检查企业 128 家，发现“一般隐患”56 项。",
      "已整改 50 项。",
      "（一）隐患排查",
      "表1 各镇街隐患情况",
      ...["镇街", "隐患数", "整改率"],
      ...["青山泉镇", "12", "91.7%"],
      ...["大吴街道", "—", "—"],
      ...["潘安湖街道", "0", "—"],
      "（二）重点企业",
      "1.徐州市贾汪区青山泉煤矿",
      "2.大吴化工有限公司",
      "二、下一步工作",
      "（一）督办",
      "本节暂无数据",
    ]);
  });

  it("numbers headings past ten in Chinese, and numbers a level-2 heading before any level 1 from （一）", async () => {
    const blocks: DocBlock[] = [
      { kind: "heading", level: 2, text: "前言" },
      ...Array.from({ length: 12 }, (_, index): DocBlock => ({ kind: "heading", level: 1, text: `第${index + 1}部分` })),
    ];
    const lines = linesOf(await textOf(await docxBytes({ title: "标题", blocks })));
    expect(lines.slice(1, 2)).toEqual(["（一）前言"]);
    expect(lines.slice(-3)).toEqual(["十、第10部分", "十一、第11部分", "十二、第12部分"]);
  });

  it("sets an unnumbered heading without an ordinal and counts it nowhere (前言 before 一、)", async () => {
    const blocks: DocBlock[] = [
      { kind: "heading", level: 1, text: "前言", numbered: false },
      { kind: "paragraph", text: "背景" },
      { kind: "heading", level: 1, text: "目的及范围" },
      { kind: "heading", level: 2, text: "范围" },
    ];
    const lines = linesOf(await textOf(await docxBytes({ title: "标题", blocks })));
    expect(lines.slice(1)).toEqual(["前言", "背景", "一、目的及范围", "（一）范围"]);
  });

  it("writes Chinese ordinals as officials do", () => {
    const cases: [number, string][] = [
      [1, "一"],
      [9, "九"],
      [10, "十"],
      [11, "十一"],
      [19, "十九"],
      [20, "二十"],
      [21, "二十一"],
      [99, "九十九"],
      [100, "一百"],
      [105, "一百零五"],
      [110, "一百一十"],
      [1001, "一千零一"],
      [2020, "二千零二十"],
      [9999, "九千九百九十九"],
    ];
    for (const [n, ordinal] of cases) expect(chineseNumber(n), String(n)).toBe(ordinal);
  });
});

describe("docx: what Word and WPS read", () => {
  it("names an East Asian font on every run: 方正小标宋简体 title, 黑体 and 楷体_GB2312 headings, 仿宋_GB2312 text", async () => {
    const zip = await partsOf(await docxBytes(report));
    const runs = runsOf(await part(zip, "word/document.xml"));
    expect(runs.length).toBeGreaterThan(20);
    for (const run of runs) {
      expect(eastAsia(run), run.text).toBeTruthy();
      expect(run.props, run.text).toMatch(/<w:rFonts w:ascii="[^"]+" w:cs="[^"]+" w:eastAsia="[^"]+" w:hAnsi="[^"]+" w:hint="eastAsia"\/>/);
    }
    const title = runWith(runs, "贾汪区安全生产监管月度报告");
    expect([eastAsia(title), halfPoints(title)]).toEqual(["方正小标宋简体", 44]);
    expect(eastAsia(runWith(runs, "贾汪区应急管理局　2026年11月"))).toBe("楷体_GB2312");
    expect(eastAsia(runWith(runs, "一、总体情况"))).toBe("黑体");
    expect(eastAsia(runWith(runs, "（一）隐患排查"))).toBe("楷体_GB2312");
    const body = runWith(runs, "已整改 50 项。");
    expect([eastAsia(body), halfPoints(body)]).toEqual(["仿宋_GB2312", 32]);
    const cell = runWith(runs, "青山泉镇");
    expect(eastAsia(cell)).toBe("仿宋_GB2312");
    expect(halfPoints(cell)).toBeGreaterThanOrEqual(21);
    expect(halfPoints(cell)).toBeLessThanOrEqual(24);
    expect(runWith(runs, "镇街").props).toContain("<w:b/>");
    expect(cell.props).not.toContain("<w:b/>");
    const note = runWith(runs, "本节暂无数据");
    expect(halfPoints(note)).toBeLessThan(32);
    expect(note.props).toMatch(/<w:color w:val="[0-9A-F]{6}"\/>/);

    const fontTable = await part(zip, "word/fontTable.xml");
    for (const name of ["仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"])
      expect(fontTable).toContain(`<w:font w:name="${name}">`);
    expect(fontTable).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="小标宋"/>');
  });

  it("lays out A4 with the 公文 margins, body paragraphs indented two characters on a fixed 28pt line", async () => {
    const zip = await partsOf(await docxBytes(report));
    const xml = await part(zip, "word/document.xml");
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    // 37, 26, 35 and 28 mm in twips
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" /);
    const bodyParagraph = /<w:p><w:pPr>((?:(?!<\/w:pPr>).)*)<\/w:pPr><w:r>(?:(?!<\/w:p>).)*已整改 50 项。/s.exec(xml)?.[1];
    expect(bodyParagraph).toContain('<w:ind w:firstLine="640" w:firstLineChars="200"/>');
    const styles = await part(zip, "word/styles.xml");
    expect(styles).toMatch(/<w:pPrDefault><w:pPr><w:spacing [^>]*w:line="560" w:lineRule="exact"\/>/);
    expect(styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"/);
    expect(styles).toContain('<w:lang w:val="en-US" w:eastAsia="zh-CN"/>');
  });

  it("repeats the bold header row of a table on each page, with borders, columns filling the text width", async () => {
    const xml = await part(await partsOf(await docxBytes(report)), "word/document.xml");
    const tables = [...xml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/gs)].map((m) => m[1] ?? "");
    expect(tables).toHaveLength(1);
    const table = tables[0] ?? "";
    const rows = [...table.matchAll(/<w:tr>(.*?)<\/w:tr>/gs)].map((m) => m[1] ?? "");
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain("<w:tblHeader/>");
    for (const row of rows.slice(1)) expect(row).not.toContain("<w:tblHeader/>");
    expect(table).toMatch(/<w:tblBorders><w:top w:val="single"[^>]*\/>.*<w:insideV w:val="single"[^>]*\/><\/w:tblBorders>/);
    const grid = [...table.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid).toHaveLength(3);
    expect(grid.reduce((sum, width) => sum + width, 0)).toBe(11906 - 1587 - 1474);
    // 镇街 asked for 12 characters; 隐患数 and 整改率 are sized to their text (8 with the margin), so narrower.
    expect(grid[0]).toBeGreaterThan(grid[1] ?? 0);
    expect(rows[1]).toMatch(/<w:jc w:val="right"\/><\/w:pPr><w:r>(?:(?!<\/w:r>).)*<w:t xml:space="preserve">12<\/w:t>/s);
  });

  it("sets a table with many columns in 五号 rather than 小四", async () => {
    const columns = Array.from({ length: 8 }, (_, index) => ({ header: `列${index + 1}` }));
    const bytes = await docxBytes({ title: "宽表", blocks: [{ kind: "table", columns, rows: [columns.map((_, index) => index)] }] });
    const runs = runsOf(await part(await partsOf(bytes), "word/document.xml"));
    expect(halfPoints(runWith(runs, "列1"))).toBe(21);
    expect(halfPoints(runWith(runs, "7"))).toBe(21);
  });

  it("puts the page number as — 1 — centred in the footer, with the footer text under it when given", async () => {
    const withText = await part(await partsOf(await docxBytes(report)), "word/footer1.xml");
    expect(withText).toMatch(
      /<w:jc w:val="center"\/>.*<w:t xml:space="preserve">— <\/w:t>.*<w:instrText xml:space="preserve">PAGE<\/w:instrText>.*<w:t xml:space="preserve"> —<\/w:t>/s,
    );
    expect(runsOf(withText).map((run) => run.text)).toEqual(["— ", " —", "内部资料 注意保存"]);
    for (const run of runsOf(withText)) expect(eastAsia(run)).toBeTruthy();

    const { footerText: _, ...plain } = report;
    const without = await part(await partsOf(await docxBytes(plain)), "word/footer1.xml");
    expect(without).toContain("PAGE");
    expect(runsOf(without).map((run) => run.text)).toEqual(["— ", " —"]);
  });

  it("embeds the picture in word/media, its alt text, shrunk to the text width in proportion", async () => {
    const zip = await partsOf(await docxBytes(report));
    const media = Object.keys(zip.files).filter((path) => path.startsWith("word/media/"));
    expect(media).toHaveLength(1);
    expect(media[0]).toMatch(/\.png$/);
    expect(new Uint8Array(await (zip.file(media[0] ?? "")?.async("uint8array") ?? new Uint8Array()))).toEqual(chart);
    const xml = await part(zip, "word/document.xml");
    expect(xml).toMatch(/<wp:docPr [^>]*descr="各镇街隐患数柱状图"/);
    const [cx, cy] = (/<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(xml) ?? []).slice(1).map(Number);
    const textWidthEmu = (11906 - 1587 - 1474) * 635;
    expect(cx).toBeLessThanOrEqual(textWidthEmu);
    expect(cx).toBeGreaterThan(textWidthEmu * 0.99);
    expect(Math.abs((cx ?? 0) / (cy ?? 1) - 2)).toBeLessThan(0.01);
    // The picture's paragraph keeps an automatic line: the 28pt fixed line of the text would clip it.
    expect(xml).toMatch(/<w:spacing [^>]*w:lineRule="auto"\/><w:jc w:val="center"\/><\/w:pPr><w:r><w:drawing>/);
  });

  it("leaves a small picture its own size, and refuses bytes that are not a PNG", async () => {
    const small = await docxBytes({ title: "图", blocks: [{ kind: "image", png: png(100, 50), widthPx: 100, heightPx: 50, alt: "小图" }] });
    const xml = await part(await partsOf(small), "word/document.xml");
    expect(xml).toContain(`<wp:extent cx="${100 * 9525}" cy="${50 * 9525}"/>`);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
    await expect(docxBytes({ title: "图", blocks: [{ kind: "image", png: jpeg, widthPx: 10, heightPx: 10, alt: "" }] })).rejects.toThrow(
      /not a PNG/,
    );
  });
});

describe("docx: text XML cannot carry", () => {
  // A low surrogate with no high one before it, and a high one with no low one after it (the text follows).
  const bad = "\u0000\u0001\u0008\u000B\u000C\u001F\u007F\u0085\uDC00\uFFFE\uFFFF\uD800";
  const dirty = (text: string) => `${text.slice(0, 1)}${bad}${text.slice(1)}`;

  it("strips NUL, controls, noncharacters and lone surrogates everywhere, keeping the text around them and real pairs", async () => {
    const bytes = await docxBytes({
      title: dirty("月度报告"),
      subtitle: dirty("应急管理局"),
      footerText: dirty("内部资料"),
      blocks: [
        { kind: "heading", level: 1, text: dirty("总体情况") },
        { kind: "paragraph", text: dirty("正文\t有制表符，𠀋字（补充平面）保留") },
        { kind: "table", caption: dirty("表题"), columns: [{ header: dirty("列名") }], rows: [[dirty("单元格")], [null]] },
        { kind: "list", items: [dirty("事项")] },
        { kind: "image", png: png(10, 10), widthPx: 10, heightPx: 10, alt: dirty("说明") },
      ],
    });
    const zip = await partsOf(bytes);
    for (const path of Object.keys(zip.files).filter((name) => /\.(xml|rels)$/.test(name))) {
      const xml = await part(zip, path);
      expect(xml10Text.test(xml), path).toBe(true);
      expect(xml, path).not.toMatch(refusedReference);
    }
    const text = await textOf(bytes);
    expect(xml10Text.test(text)).toBe(true);
    expect(linesOf(text)).toEqual([
      "月度报告",
      "应急管理局",
      "一、总体情况",
      "正文\t有制表符，𠀋字（补充平面）保留",
      "表题",
      "列名",
      "单元格",
      "—",
      "1.事项",
    ]);
    expect(await part(zip, "word/footer1.xml")).toContain(">内部资料<");
    expect(await part(zip, "word/document.xml")).toContain('descr="说明"');
  });

  it("treats CR and CRLF as line breaks", async () => {
    const text = await textOf(await docxBytes({ title: "标题", blocks: [{ kind: "paragraph", text: "第一段\r\n第二段\r第三段" }] }));
    expect(linesOf(text)).toEqual(["标题", "第一段", "第二段", "第三段"]);
  });
});

describe("docx: loaded on first use", () => {
  it("has no value import of docx, only import type, and loads it with import()", async () => {
    const source = await readFile(new URL("../../packages/tabular/docx.ts", import.meta.url), "utf8");
    const docxImports = source.split("\n").filter((line) => /^import\b.*\bfrom\s+["']docx["']/.test(line));
    expect(docxImports.length).toBeGreaterThan(0);
    for (const line of docxImports) expect(line).toMatch(/^import type /);
    expect(source).not.toMatch(/^export\b.*\bfrom\s+["']docx["']/m);
    expect(source).toContain('import("docx")');
  });

  it("does not load docx when the module is imported, only when the first document is written", async () => {
    // A fresh Node records what the module graph loads: docx must first appear after docxBytes is called.
    const script = `
      import { registerHooks } from "node:module";
      const loaded = [];
      registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
      const hasDocx = () => loaded.some((url) => url.includes("/node_modules/docx/"));
      const { docxBytes } = await import("#tabular/docx");
      const before = hasDocx();
      const bytes = await docxBytes({ title: "标题", blocks: [] });
      console.log(JSON.stringify({ before, after: hasDocx(), size: bytes.length }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      cwd: new URL("../..", import.meta.url),
    });
    const seen = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    expect(seen.before).toBe(false);
    expect(seen.after).toBe(true);
    expect(seen.size).toBeGreaterThan(1000);
  });
});
