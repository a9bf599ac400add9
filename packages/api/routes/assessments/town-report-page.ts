// A town's standardization report as one standalone HTML page, rendered from the same block model as its .docx
// (#core/assessments/town-report-document): headings numbered here as the .docx writer numbers them (一、 then
// （一）, restarting under each; 前言 unnumbered), tables with their captions, a print layout on A4. No script, no
// fonts or images fetched, every value escaped (units' names and the officials' text are user input); the one
// stylesheet is allowed by its hash, so the page runs nothing else even when saved and opened elsewhere.
import { escapeHtml, stylesheetOnlyPolicy } from "#api/public-page";
import type { ReportBlock, ReportCell, ReportDocument } from "#core/assessments/town-report-document";
// Only the numeral rule: the .docx writer loads its library when a document is written, never on import.
import { chineseNumber } from "#tabular/docx";

// The only stylesheet of the page: its exact text is hashed into the CSP, and the markup has no style attributes
// (a hash does not cover them). Fonts are the official ones where installed, else the system's CJK serif.
const style = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#eceef1;color:#1f2329;font:16pt/1.75 "仿宋_GB2312","FangSong_GB2312","仿宋","FangSong","STFangsong","Noto Serif CJK SC","Source Han Serif SC","SimSun",serif;overflow-wrap:anywhere}
main{max-width:210mm;margin:16px auto;padding:25mm 26mm 30mm 28mm;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{margin:0 0 12px;text-align:center;font:22pt/1.5 "方正小标宋简体","小标宋","FZXiaoBiaoSong-B05S","SimSun","Noto Serif CJK SC",serif}
.subtitle{margin:0 0 28px;text-indent:0;text-align:center;font-family:"楷体_GB2312","KaiTi_GB2312","楷体","KaiTi","STKaiti",serif;font-size:13pt;color:#4e5969}
h2{margin:24px 0 6px;font:16pt/1.75 "黑体","SimHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif}
h3{margin:16px 0 6px;font:16pt/1.75 "楷体_GB2312","KaiTi_GB2312","楷体","KaiTi","STKaiti",serif;font-weight:600}
p{margin:0;text-indent:2em}
p.note{color:#86909c;font-size:13pt}
ol{margin:4px 0 4px 2em;padding:0 0 0 1em}
table{width:100%;margin:10px 0 16px;border-collapse:collapse;font-size:11pt;line-height:1.5}
caption{padding:0 0 4px;font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-size:12pt}
th,td{padding:4px 6px;border:1px solid #1f2329;vertical-align:top;text-align:left}
th{background:#f2f3f5;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
footer{max-width:210mm;margin:0 auto 24px;text-align:center;color:#86909c;font-size:10pt}
@page{size:A4;margin:25mm 26mm 30mm 28mm}
@media print{body{background:#fff}main{margin:0;padding:0;max-width:none;box-shadow:none}table{page-break-inside:auto}tr{page-break-inside:avoid}}
`;

const policy = stylesheetOnlyPolicy(style);

/** Headers of the report page: only its own stylesheet, nothing fetched or framed, no referrer. */
export function reportPageHeaders(): Record<string, string> {
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": policy,
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
  };
}

const lines = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");

function cellHtml(tag: "td" | "th", value: ReportCell | string, right: boolean): string {
  const text = value === null || value === "" ? "—" : String(value);
  return `<${tag}${right ? ' class="num"' : ""}>${escapeHtml(text)}</${tag}>`;
}

function tableHtml(block: Extract<ReportBlock, { kind: "table" }>): string {
  const right = block.columns.map((c) => c.align === "right");
  const caption = block.caption ? `<caption>${escapeHtml(block.caption)}</caption>` : "";
  const head = `<thead><tr>${block.columns.map((c, i) => cellHtml("th", c.header, right[i] ?? false)).join("")}</tr></thead>`;
  const body = block.rows.map((row) => `<tr>${row.map((cell, i) => cellHtml("td", cell, right[i] ?? false)).join("")}</tr>`).join("");
  return `<table>${caption}${head}<tbody>${body}</tbody></table>`;
}

/** Numbers headings as an official document does: 一、 at level 1, （一） at level 2 restarting under each. */
function headingNumbers() {
  let level1 = 0;
  let level2 = 0;
  return (block: Extract<ReportBlock, { kind: "heading" }>): string => {
    if (block.numbered === false) return "";
    if (block.level === 1) {
      level1++;
      level2 = 0;
      return `${chineseNumber(level1)}、`;
    }
    level2++;
    return `（${chineseNumber(level2)}）`;
  };
}

function blockHtml(block: ReportBlock, numberOf: ReturnType<typeof headingNumbers>): string {
  if (block.kind === "heading") {
    const tag = block.level === 1 ? "h2" : "h3";
    return `<${tag}>${numberOf(block)}${escapeHtml(block.text)}</${tag}>`;
  }
  if (block.kind === "paragraph") {
    const cls = block.emphasis === "note" ? ' class="note"' : "";
    return lines(block.text)
      .map((line) => `<p${cls}>${escapeHtml(line)}</p>`)
      .join("");
  }
  if (block.kind === "table") return tableHtml(block);
  return `<ol>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ol>`;
}

export function renderReportPage(doc: ReportDocument): string {
  const numberOf = headingNumbers();
  const body = doc.blocks.map((block) => blockHtml(block, numberOf));
  const title = lines(doc.title);
  const subtitle = doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : "";
  const footer = doc.footerText ? `<footer>${escapeHtml(doc.footerText)}</footer>` : "";
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeHtml(title.join(""))}</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>${title.map(escapeHtml).join("<br>")}</h1>
${subtitle}
${body.join("\n")}
</main>
${footer}
</body>
</html>
`;
}
