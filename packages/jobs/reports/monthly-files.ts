// The files of a monthly report — the HTML mail, the trend chart as a PNG, the .xlsx lists and the .docx report —
// and the mail made of them. The writers (exceljs, docx, nodemailer behind the port) load on first use: a worker
// that runs imports or the weekly refresh never pays for them.
import { chinaDate, chineseMonth } from "#core/kernel/china-time";
import type { MailMessage } from "#core/kernel/ports";
import { type MonthlyReport, type ReportFileName, reportFileTypes } from "#core/reports/monthly-report";
import type { JobDeps } from "#jobs/deps";
import { monthlyContent, type ReportContent } from "#jobs/reports/monthly-content";
import { monthlyDocx } from "#jobs/reports/monthly-docx";
import { chartCid, chartSize, monthlyMail } from "#jobs/reports/monthly-mail";
import { monthlyWorkbook } from "#jobs/reports/monthly-workbook";
import { trendChartPng } from "#tabular/trend-chart";

/** What the mail attaches, by file: the name an official sees. */
const attachmentNames: Partial<Record<ReportFileName, (report: MonthlyReport) => string>> = {
  "report.docx": (r) => `${r.tenantName}${chineseMonth(r.month)}安全生产监管月度报告.docx`,
  "lists.xlsx": (r) => `${r.tenantName}${chineseMonth(r.month)}清单.xlsx`,
};

/**
 * Attachments over this many bytes (together) are left out of the mail, which then names where to read them: SES
 * takes 40 MB a message, many government relays 10 MB, and base64 grows a file by a third.
 */
export const attachmentLimitBytes = 7 * 1024 * 1024;

function footer(report: MonthlyReport, linked: boolean): string[] {
  const lines = [
    `本报告由安全生产监管平台于${chinaDate(new Date(report.generatedAt))}根据系统汇总数据自动生成；隐患未整改、逾期等状态截至${report.asOf}。`,
  ];
  lines.push(
    linked
      ? `附件较大未随邮件发送，请登录平台在“月度报告”中查看：GET /v1/reports/monthly/${report.month}/files/report.docx 及 lists.xlsx。`
      : "附件：月度报告（.docx）、清单（.xlsx，逾期隐患、新增重大隐患、联合攻坚、提请协调、重点隐患清单）。",
  );
  lines.push("如需停止接收，请联系本单位平台管理员修改报告接收人。");
  return lines;
}

/** The trend chart block's PNG (twice the mail's pixel size, for sharp screens), or undefined without one. */
function chartOf(content: ReportContent): Uint8Array | undefined {
  const chart = content.blocks.find((block) => block.kind === "chart");
  if (!chart || chart.points.length === 0) return undefined;
  return trendChartPng({
    labels: chart.points.map((p) => p.month),
    series: chart.legend.map((s, i) => ({ name: s.name, color: s.color, values: chart.points.map((p) => p.values[i] ?? null) })),
    ...chartSize,
    scale: 2,
  });
}

/** Builds every file of the report. */
export async function monthlyFiles(
  deps: Pick<JobDeps, "hazards">,
  report: MonthlyReport,
): Promise<Partial<Record<ReportFileName, Uint8Array>>> {
  const content = monthlyContent(report);
  const png = chartOf(content);
  const xlsx = await monthlyWorkbook(deps.hazards, report);
  const docx = await monthlyDocx(content, png, footer(report, false).slice(0, 1));
  const linked = xlsx.byteLength + docx.byteLength > attachmentLimitBytes;
  const { html } = monthlyMail(content, { footer: footer(report, linked) });
  return {
    "report.docx": docx,
    "lists.xlsx": xlsx,
    "mail.html": Buffer.from(html, "utf8"),
    ...(png ? { "trend.png": png } : {}),
  };
}

/** The mail of a built report to one recipient, from the files kept (so every try sends the same mail). */
export function mailOf(
  report: MonthlyReport,
  files: Partial<Record<ReportFileName, Uint8Array>>,
  envelope: { messageId: string; from: string; to: string },
): MailMessage {
  const attachable = (["report.docx", "lists.xlsx"] as const).flatMap((name) => {
    const content = files[name];
    return content ? [{ name, content }] : [];
  });
  const linked = attachable.reduce((sum, file) => sum + file.content.byteLength, 0) > attachmentLimitBytes;
  const content = monthlyContent(report);
  const { text } = monthlyMail(content, { footer: footer(report, linked) });
  const png = files["trend.png"];
  return {
    messageId: envelope.messageId,
    from: envelope.from,
    to: [envelope.to],
    subject: `${content.title}${content.subtitle}`,
    text,
    html: Buffer.from(files["mail.html"] ?? new Uint8Array()).toString("utf8"),
    attachments: [
      ...(png ? [{ filename: "trend.png", contentType: "image/png", content: png, cid: chartCid }] : []),
      ...(linked
        ? []
        : attachable.map(({ name, content }) => ({
            filename: attachmentNames[name]?.(report) ?? name,
            contentType: reportFileTypes[name],
            content,
          }))),
    ],
  };
}
