// The monthly report as officials read it in their mail clients (Outlook, Foxmail, QQ and 163 web mail): an HTML
// part laid out with tables and inline styles only — no script, no style sheet, no remote image — and a plain-text
// part with the same content for clients that show no HTML.
import { chineseMonth } from "#core/kernel/china-time";
import type { ContentBlock, ReportContent } from "#jobs/reports/monthly-content";
import { chineseNumber } from "#tabular/docx";

/** The Content-ID the trend chart's inline PNG carries (the HTML refers to it as cid:…). */
export const chartCid = "trend-chart@anquan";

/** The chart's size in the mail, in CSS pixels (the PNG has twice as many, for sharp screens). */
export const chartSize = { width: 640, height: 280 } as const;

/** Each heading's ordinal, as the .docx numbers them: 一、二、… and （一）（二）… restarting under each level 1. */
function numbered(blocks: readonly ContentBlock[]): ContentBlock[] {
  let first = 0;
  let second = 0;
  return blocks.map((block) => {
    if (block.kind !== "heading") return block;
    if (block.level === 1) {
      second = 0;
      return { ...block, text: `${chineseNumber(++first)}、${block.text}` };
    }
    return { ...block, text: `（${chineseNumber(++second)}）${block.text}` };
  });
}

const shortMonth = (month: string) => `${Number(month.slice(5))}月`;

// On every cell: Outlook for Windows does not pass a table's font down to its cells. Kept short, as it repeats.
const font = "font-family:'Microsoft YaHei',SimSun,sans-serif";
const cellStyle = "border:1px solid #c8ced6;padding:3px 5px;font-size:13px;";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const cellText = (value: string | number | null) => (value === null ? "" : String(value));

function htmlBlock(block: ContentBlock): string {
  switch (block.kind) {
    case "heading":
      return block.level === 1
        ? `<tr><td style="${font};font-size:17px;font-weight:bold;color:#1d3557;padding:18px 0 6px 0;">${escapeHtml(block.text)}</td></tr>`
        : `<tr><td style="${font};font-size:15px;font-weight:bold;color:#333333;padding:12px 0 4px 0;">${escapeHtml(block.text)}</td></tr>`;
    case "paragraph":
      return `<tr><td style="${font};font-size:14px;line-height:22px;color:#333333;padding:2px 0 6px 0;">${escapeHtml(block.text)}</td></tr>`;
    case "table": {
      const head = block.columns
        .map((c) => `<th align="${c.align ?? "left"}" style="${cellStyle}${font};background:#eef2f7;">${escapeHtml(c.header)}</th>`)
        .join("");
      const rows = block.rows
        .map(
          (row) =>
            `<tr>${row
              .map(
                (value, i) =>
                  `<td align="${block.columns[i]?.align ?? "left"}" style="${cellStyle}${font};">${escapeHtml(cellText(value))}</td>`,
              )
              .join("")}</tr>`,
        )
        .join("");
      return `<tr><td style="padding:4px 0 8px 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;"><tr>${head}</tr>${rows}</table></td></tr>`;
    }
    case "chart": {
      // The image first; its legend in HTML (the PNG carries no text but digits), and the figures as a small table
      // underneath for clients that block images and for screen readers.
      const legend = block.legend
        .map(
          (s) =>
            `<span style="display:inline-block;width:14px;height:3px;background:${s.color};vertical-align:middle;"></span>` +
            `<span style="${font};font-size:12px;color:#333333;vertical-align:middle;">&nbsp;${escapeHtml(s.name)}&nbsp;&nbsp;&nbsp;</span>`,
        )
        .join("");
      const small = "border:1px solid #c8ced6;padding:2px 3px;font-size:11px;line-height:14px;";
      const header = ["", ...block.points.map((p) => shortMonth(p.month))]
        .map((h) => `<th align="right" style="${small}${font};background:#eef2f7;">${escapeHtml(h)}</th>`)
        .join("");
      const rows = block.legend
        .map(
          (s, i) =>
            `<tr><td style="${small}${font};white-space:nowrap;">${escapeHtml(s.name)}</td>${block.points
              .map((p) => `<td align="right" style="${small}${font};">${escapeHtml(cellText(p.values[i] ?? null))}</td>`)
              .join("")}</tr>`,
        )
        .join("");
      return (
        `<tr><td style="${font};font-size:13px;color:#333333;padding:8px 0 2px 0;">${escapeHtml(block.alt)}</td></tr>` +
        `<tr><td style="padding:2px 0;">${legend}</td></tr>` +
        `<tr><td style="padding:2px 0 4px 0;"><img src="cid:${chartCid}" width="${chartSize.width}" height="${chartSize.height}" alt="${escapeHtml(block.alt)}" style="display:block;width:${chartSize.width}px;max-width:100%;height:auto;border:0;"></td></tr>` +
        `<tr><td style="padding:0 0 8px 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;"><tr>${header}</tr>${rows}</table></td></tr>`
      );
    }
  }
}

export interface MailParts {
  readonly html: string;
  readonly text: string;
}

/** A download link the mail carries instead of an attachment: what it is, and where. */
export interface MailLink {
  readonly label: string;
  readonly url: string;
}

export function monthlyMail(
  content: ReportContent,
  options: { readonly footer: readonly string[]; readonly links?: readonly MailLink[] },
): MailParts {
  const links = options.links ?? [];
  const blocks = numbered(content.blocks);
  const body = blocks.map((block) => htmlBlock(block)).join("\n");
  const footer = options.footer
    .map((line) => `<tr><td style="${font};font-size:12px;line-height:18px;color:#777777;">${escapeHtml(line)}</td></tr>`)
    .join("");
  const linkRows = links
    .map(
      (link) =>
        `<tr><td style="${font};font-size:13px;line-height:20px;padding:2px 0;"><a href="${escapeHtml(link.url)}" style="color:#1a5fb4;">${escapeHtml(link.label)}</a></td></tr>`,
    )
    .join("");
  const html = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(content.title)}</title></head>
<body style="margin:0;padding:0;background:#f4f6f9;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f6f9;"><tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:720px;background:#ffffff;border:1px solid #dde3ea;"><tr><td style="padding:20px 24px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td align="center" style="${font};font-size:22px;font-weight:bold;color:#b71c1c;padding:4px 0 2px 0;">${escapeHtml(content.title)}</td></tr>
<tr><td align="center" style="${font};font-size:15px;color:#333333;padding:0 0 10px 0;border-bottom:2px solid #b71c1c;">${escapeHtml(content.subtitle)}</td></tr>
${body}
<tr><td style="padding:16px 0 0 0;border-top:1px solid #dde3ea;"></td></tr>
${footer}
${linkRows}
</table></td></tr></table>
</td></tr></table>
</body></html>
`;
  return { html, text: monthlyText(content, blocks, [...options.footer, ...links.map((link) => `${link.label}：${link.url}`)]) };
}

function monthlyText(content: ReportContent, blocks: readonly ContentBlock[], footer: readonly string[]): string {
  const lines: string[] = [content.title, content.subtitle, ""];
  for (const block of blocks) {
    switch (block.kind) {
      case "heading":
        lines.push("", block.text);
        break;
      case "paragraph":
        lines.push(block.text);
        break;
      case "table":
        lines.push(block.columns.map((c) => c.header).join(" | "));
        for (const row of block.rows) lines.push(row.map(cellText).join(" | "));
        break;
      case "chart":
        lines.push(block.alt, ["月份", ...block.legend.map((s) => s.name)].join(" | "));
        for (const p of block.points)
          lines.push([chineseMonth(p.month), ...p.values.map((v) => (v === null ? "—" : String(v)))].join(" | "));
        break;
    }
  }
  lines.push("", ...footer);
  return `${lines.join("\n")}\n`;
}
