// Reports as .docx in the format Chinese officials expect of an official document (公文, after GB/T 9704): A4 with
// its margins, the title in 方正小标宋简体 二号, body text in 仿宋_GB2312 三号 at a fixed 28pt line, headings numbered
// 一、 (黑体) and （一） (楷体_GB2312), page numbers as "— 1 —". A pure renderer: a small block model in, bytes out.
// docx is loaded on first use, so a Lambda that never writes a report never pays for loading it.
import type * as Docx from "docx";

export type DocCell = string | number | null;

export type DocBlock =
  /**
   * `text` without its ordinal: level 1 is numbered 一、二、…, level 2 （一）（二）…, restarting under each level 1.
   * `numbered: false` sets a heading of that level without an ordinal, counted by none (前言 before 一、).
   */
  | { kind: "heading"; level: 1 | 2; text: string; numbered?: boolean }
  /** Body text; each line of `text` is a paragraph. "note" is a muted, smaller remark (本节暂无数据). */
  | { kind: "paragraph"; text: string; emphasis?: "note" }
  /**
   * A bordered table across the text width, its header row repeated on each page. `width` is a column's share of
   * that width, in characters (as for the spreadsheet exports); without it the column is sized to its longest text.
   * A null cell shows as "—".
   */
  | {
      kind: "table";
      columns: readonly { header: string; width?: number; align?: "left" | "right" }[];
      rows: readonly (readonly DocCell[])[];
      caption?: string;
    }
  /** Items without ordinals: they are numbered 1. 2. …, the level below （一） in an official document. */
  | { kind: "list"; items: readonly string[] }
  /** A PNG, centred, shrunk to fit the text width and height if larger (sizes at 96 pixels to the inch). */
  | { kind: "image"; png: Uint8Array; widthPx: number; heightPx: number; alt: string };

export interface OfficialDocument {
  /** Centred in 方正小标宋简体 二号; a line break in it breaks the title's lines there. */
  title: string;
  /** Under the title, e.g. issuing body and date, centred in 楷体_GB2312 三号. */
  subtitle?: string;
  blocks: readonly DocBlock[];
  /** A small centred line in the footer, under the page number ("— 1 —"), which every page has. */
  footerText?: string;
}

type DocxModule = typeof Docx;
type FileChild = Docx.Paragraph | Docx.Table;

let docxModule: Promise<DocxModule> | undefined;

function loadDocx(): Promise<DocxModule> {
  docxModule ??= import("docx").catch((error: unknown) => {
    docxModule = undefined; // a failed load is tried again next time rather than remembered
    throw error;
  });
  return docxModule;
}

export async function docxBytes(doc: OfficialDocument): Promise<Uint8Array> {
  const docx = await loadDocx();
  const { Document, Packer } = docx;
  const children: FileChild[] = [...titleParagraphs(docx, doc), ...bodyOf(docx, doc.blocks)];
  const document = new Document({
    title: singleLine(doc.title),
    // docx signs a document "Un-named" unless told otherwise; a report names no author.
    creator: "",
    lastModifiedBy: "",
    styles: { default: { document: { run: { ...bodyRun, language: { value: "en-US", eastAsia: "zh-CN" } }, paragraph: bodyParagraph } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: a4.width, height: a4.height },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(21), gutter: 0 },
          },
        },
        footers: { default: footerOf(docx, doc.footerText) },
        children,
      },
    ],
  });
  // docx writes an empty font table; ours names the fonts with the fallbacks Word and WPS look for when one is missing.
  return Packer.pack(document, "uint8array", false, [{ path: "word/fontTable.xml", data: fontTableXml }]);
}

// ---- measures (Word counts twips, 1/20 pt; run sizes in half-points) ----

const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);
const a4 = { width: 11906, height: 16838 };
const textWidthTwips = a4.width - mm(28) - mm(26); // 156 mm
const textHeightTwips = a4.height - mm(37) - mm(35); // 225 mm
const twipsToPx = (twips: number) => (twips / 1440) * 96;
const pt = (points: number) => points * 2;
const size = { er: pt(22), san: pt(16), si: pt(14), xiaosi: pt(12), wu: pt(10.5), footer: pt(9) };
const lineExact = (points: number) => ({ line: points * 20, lineRule: "exact" as const });
/** Two characters of the body's 三号: the first-line indent of every body paragraph. */
const indentTwoChars = { firstLineChars: 200, firstLine: 2 * 16 * 20 };

// ---- fonts ----

const font = {
  fangsong: "仿宋_GB2312",
  heiti: "黑体",
  kaiti: "楷体_GB2312",
  xiaobiaosong: "方正小标宋简体",
  songti: "宋体",
  latin: "Times New Roman",
};

/**
 * Every run names its East Asian font, and its Latin font for digits and letters. The eastAsia hint makes the
 * characters both scripts share (“ ” — …) take the Chinese font, full width, as officials type them.
 */
function fontsOf(eastAsia: string, latin = font.latin): Docx.IRunOptions["font"] {
  return { ascii: latin, hAnsi: latin, cs: latin, eastAsia, hint: "eastAsia" };
}

const bodyRun = { font: fontsOf(font.fangsong), size: size.san };
const bodyParagraph = { spacing: { before: 0, after: 0, ...lineExact(28) } };

const fontTableXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
  fontEntry(font.fangsong, "仿宋", "86", "modern", "fixed") +
  fontEntry(font.heiti, "SimHei", "86", "modern", "fixed") +
  fontEntry(font.kaiti, "楷体", "86", "modern", "fixed") +
  // Without 方正小标宋 a GB2312 serif takes its place: 小标宋 under its older name, else SimSun (宋体).
  fontEntry(font.xiaobiaosong, "小标宋", "86", "roman", "variable") +
  fontEntry(font.songti, "SimSun", "86", "auto", "variable") +
  fontEntry(font.latin, undefined, "00", "roman", "variable") +
  "</w:fonts>";

function fontEntry(name: string, altName: string | undefined, charset: string, family: string, pitch: string): string {
  const alt = altName ? `<w:altName w:val="${altName}"/>` : "";
  return `<w:font w:name="${name}">${alt}<w:charset w:val="${charset}"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`;
}

// ---- text ----

/**
 * What XML 1.0 cannot hold, or a document should not: controls (C0, DEL, C1) but tab and line breaks, lone
 * surrogates (with the `u` flag a pair is one code point, so only lone ones match) and noncharacters — the rule
 * core/kernel/text applies where text enters, applied again here so text stored before it, or built by a job,
 * cannot leave Word unable to open the file.
 */
const unfit = /(?![\t\n\r])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/gu;

/** Text fit for a document, its line breaks as \n. */
export function documentText(text: string): string {
  return text.replace(unfit, "").replace(/\r\n?/g, "\n");
}

function singleLine(text: string): string {
  return documentText(text)
    .replace(/[\t\n\u2028\u2029]+/g, " ")
    .trim();
}

function linesOf(text: string): string[] {
  return documentText(text)
    .split(/[\n\u2028\u2029]/)
    .filter((line) => line.trim() !== "");
}

/** A run of text; a tab in it is a tab stop, as typed. */
function runOf(docx: DocxModule, text: string, options: Docx.IRunOptions): Docx.TextRun {
  const parts = text.split("\t");
  const children = parts.flatMap((part, index) => (index === 0 ? [part] : [new docx.Tab(), part])).filter((child) => child !== "");
  return new docx.TextRun({ ...options, children });
}

// ---- numbering ----

const digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五; beyond 9999 the Arabic number. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) return String(n);
  if (n < 20 && n >= 10) return `十${n === 10 ? "" : digits[n - 10]}`;
  const units = ["千", "百", "十", ""];
  const places = String(n).padStart(4, "0").split("").map(Number);
  let out = "";
  let pendingZero = false;
  places.forEach((digit, index) => {
    if (digit === 0) {
      if (out !== "") pendingZero = true;
      return;
    }
    if (pendingZero) out += "零";
    pendingZero = false;
    out += `${digits[digit]}${units[index]}`;
  });
  return out;
}

// ---- blocks ----

function titleParagraphs(docx: DocxModule, doc: OfficialDocument): Docx.Paragraph[] {
  const { AlignmentType, Paragraph, TextRun } = docx;
  const lines = linesOf(doc.title);
  const titleRun = { font: fontsOf(font.xiaobiaosong, font.xiaobiaosong), size: size.er };
  const subtitle = doc.subtitle === undefined ? "" : singleLine(doc.subtitle);
  const title = new Paragraph({
    alignment: AlignmentType.CENTER,
    // A blank 28pt line after the title block, as officials leave one before the text.
    spacing: { before: 0, after: subtitle === "" ? 560 : 0, ...lineExact(35) },
    keepNext: true,
    children: lines.map((line, index) => new TextRun({ ...titleRun, text: line, ...(index > 0 ? { break: 1 } : {}) })),
  });
  if (subtitle === "") return [title];
  return [
    title,
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 560, ...lineExact(28) },
      keepNext: true,
      children: [runOf(docx, subtitle, { font: fontsOf(font.kaiti), size: size.san })],
    }),
  ];
}

function bodyOf(docx: DocxModule, blocks: readonly DocBlock[]): FileChild[] {
  const out: FileChild[] = [];
  let first = 0;
  let second = 0;
  for (const block of blocks) {
    switch (block.kind) {
      case "heading":
        if (block.numbered === false) {
          out.push(headingOf(docx, "", block.text, block.level === 1 ? font.heiti : font.kaiti, block.level - 1));
        } else if (block.level === 1) {
          first += 1;
          second = 0;
          out.push(headingOf(docx, `${chineseNumber(first)}、`, block.text, font.heiti, 0));
        } else {
          second += 1;
          out.push(headingOf(docx, `（${chineseNumber(second)}）`, block.text, font.kaiti, 1));
        }
        break;
      case "paragraph":
        out.push(...paragraphsOf(docx, block.text, block.emphasis));
        break;
      case "table":
        out.push(...tableOf(docx, block));
        break;
      case "list":
        out.push(...listOf(docx, block.items));
        break;
      case "image":
        out.push(imageOf(docx, block));
        break;
    }
  }
  return out;
}

function headingOf(docx: DocxModule, ordinal: string, text: string, eastAsia: string, outlineLevel: number): Docx.Paragraph {
  return new docx.Paragraph({
    indent: indentTwoChars,
    keepNext: true,
    keepLines: true,
    outlineLevel, // Word's navigation pane and a table of contents see the headings without Word's blue heading styles
    children: [runOf(docx, `${ordinal}${singleLine(text)}`, { font: fontsOf(eastAsia), size: size.san })],
  });
}

function paragraphsOf(docx: DocxModule, text: string, emphasis: "note" | undefined): Docx.Paragraph[] {
  const run: Docx.IRunOptions = emphasis === "note" ? { font: fontsOf(font.fangsong), size: size.si, color: "7F7F7F" } : bodyRun;
  return linesOf(text).map((line) => new docx.Paragraph({ indent: indentTwoChars, children: [runOf(docx, line, run)] }));
}

function listOf(docx: DocxModule, items: readonly string[]): Docx.Paragraph[] {
  return items.map(
    (item, index) =>
      new docx.Paragraph({
        indent: indentTwoChars,
        children: [runOf(docx, `${index + 1}.${linesOf(item).join(" ")}`, bodyRun)],
      }),
  );
}

type TableBlock = Extract<DocBlock, { kind: "table" }>;

function cellText(cell: DocCell | undefined): string {
  if (cell === null || cell === undefined) return "—";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "—";
  return cell;
}

/** Chinese characters are about two Latin widths wide. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) > 0xff ? 2 : 1;
  return width;
}

function columnTwips(block: TableBlock, texts: readonly (readonly string[])[]): number[] {
  const shares = block.columns.map((column, index) => {
    if (column.width !== undefined && Number.isFinite(column.width) && column.width > 0) return column.width;
    let widest = displayWidth(column.header);
    for (const row of texts) widest = Math.max(widest, ...(row[index] ?? "").split("\n").map(displayWidth));
    return Math.min(30, Math.max(4, widest + 2));
  });
  const total = shares.reduce((sum, share) => sum + share, 0);
  const twips = shares.map((share) => Math.floor((share / total) * textWidthTwips));
  const last = twips.length - 1;
  if (last >= 0) twips[last] = (twips[last] ?? 0) + textWidthTwips - twips.reduce((sum, width) => sum + width, 0);
  return twips;
}

function tableOf(docx: DocxModule, block: TableBlock): FileChild[] {
  const { AlignmentType, BorderStyle, HeightRule, Paragraph, Table, TableCell, TableLayoutType, TableRow, VerticalAlignTable, WidthType } =
    docx;
  const out: FileChild[] = [];
  if (block.caption !== undefined && singleLine(block.caption) !== "") {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        children: [runOf(docx, singleLine(block.caption), { font: fontsOf(font.heiti), size: size.si })],
      }),
    );
  }
  if (block.columns.length === 0) return out;
  const texts = block.rows.map((row) => block.columns.map((_, index) => documentText(cellText(row[index]))));
  const widths = columnTwips(block, texts);
  // Wide tables step down from 小四 to 五号 so more columns fit the 156 mm line.
  const textSize = block.columns.length > 6 ? size.wu : size.xiaosi;
  const cellOf = (text: string, index: number, header: boolean) => {
    const align = header ? AlignmentType.CENTER : block.columns[index]?.align === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT;
    const lines = text.split(/[\n\u2028\u2029]/);
    return new TableCell({
      width: { size: widths[index] ?? 0, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: lines.map(
        (line) =>
          new Paragraph({
            alignment: align,
            spacing: { before: 0, after: 0, line: 240, lineRule: "auto" },
            children: [runOf(docx, line, { font: fontsOf(font.fangsong), size: textSize, ...(header ? { bold: true } : {}) })],
          }),
      ),
    });
  };
  const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    height: { value: 400, rule: HeightRule.ATLEAST },
    children: block.columns.map((column, index) => cellOf(singleLine(column.header), index, true)),
  });
  const rows = texts.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        height: { value: 360, rule: HeightRule.ATLEAST },
        children: row.map((text, index) => cellOf(text, index, false)),
      }),
  );
  out.push(
    new Table({
      rows: [header, ...rows],
      width: { size: textWidthTwips, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    }),
  );
  // Half a line of space, so the text after a table does not touch its bottom border.
  out.push(new Paragraph({ spacing: { before: 0, after: 0, ...lineExact(14) }, children: [] }));
  return out;
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function imageOf(docx: DocxModule, block: Extract<DocBlock, { kind: "image" }>): Docx.Paragraph {
  if (!pngSignature.every((byte, index) => block.png[index] === byte)) throw new RangeError("docx image: the bytes are not a PNG");
  if (!(block.widthPx > 0 && block.heightPx > 0 && Number.isFinite(block.widthPx) && Number.isFinite(block.heightPx))) {
    throw new RangeError(`docx image: size ${block.widthPx}×${block.heightPx} px is not a size`);
  }
  // Never enlarged (a chart drawn for the page stays sharp), shrunk to the text block when larger.
  const scale = Math.min(1, twipsToPx(textWidthTwips) / block.widthPx, twipsToPx(textHeightTwips) / block.heightPx);
  const alt = singleLine(block.alt);
  return new docx.Paragraph({
    alignment: docx.AlignmentType.CENTER,
    // Auto line spacing: a fixed 28pt line would clip the picture to a 28pt strip.
    spacing: { before: 120, after: 120, line: 240, lineRule: "auto" },
    children: [
      new docx.ImageRun({
        type: "png",
        data: block.png,
        // Rounded down, so a picture the width of the text block stays inside it.
        transformation: { width: Math.max(1, Math.floor(block.widthPx * scale)), height: Math.max(1, Math.floor(block.heightPx * scale)) },
        altText: { name: alt, title: alt, description: alt },
      }),
    ],
  });
}

function footerOf(docx: DocxModule, footerText: string | undefined): Docx.Footer {
  const { AlignmentType, Footer, PageNumber, Paragraph, TextRun } = docx;
  // GB/T 9704: the page number in 4号 半角宋体 digits, an em dash either side.
  const pageRun = { font: fontsOf(font.songti, font.songti), size: size.si };
  const text = footerText === undefined ? "" : singleLine(footerText);
  const single = { before: 0, after: 0, line: 240, lineRule: "auto" as const };
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: single,
        children: [
          new TextRun({ ...pageRun, text: "— " }),
          new TextRun({ ...pageRun, children: [PageNumber.CURRENT] }),
          new TextRun({ ...pageRun, text: " —" }),
        ],
      }),
      ...(text === ""
        ? []
        : [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              spacing: single,
              children: [runOf(docx, text, { font: fontsOf(font.fangsong), size: size.footer, color: "7F7F7F" })],
            }),
          ]),
    ],
  });
}
