// The files of a monthly report — the HTML mail, the trend chart as a PNG, the .xlsx lists and the .docx report —
// and the mail made of them. The writers (exceljs, docx, nodemailer behind the port) load on first use: a worker
// that runs imports or the weekly refresh never pays for them.
import { chinaDate, chineseDate, chineseMonth } from "#core/kernel/china-time";
import { defaultAttachmentLimitBytes, type Mailer, type MailMessage } from "#core/kernel/ports";
import { type MonthlyReport, type ReportFileName, reportFileTypes } from "#core/reports/monthly-report";
import type { JobDeps } from "#jobs/deps";
import { monthlyContent, type ReportContent } from "#jobs/reports/monthly-content";
import { monthlyDocx } from "#jobs/reports/monthly-docx";
import { chartCid, chartSize, type MailLink, monthlyMail } from "#jobs/reports/monthly-mail";
import { monthlyWorkbook } from "#jobs/reports/monthly-workbook";
import { trendChartPng } from "#tabular/trend-chart";

/** What the mail attaches, by file: the name an official sees. */
const attachmentNames: Partial<Record<ReportFileName, (report: MonthlyReport) => string>> = {
  "report.docx": (r) => `${r.tenantName}${chineseMonth(r.month)}安全生产监管月度报告.docx`,
  "lists.xlsx": (r) => `${r.tenantName}${chineseMonth(r.month)}清单.xlsx`,
};

/** How long a mail's download links serve their files: a week from the report's making. */
export const linkDays = 7;

/** When the links of a report expire (fixed by the report, so every try signs the same links). */
function linksExpireAt(report: MonthlyReport): Date {
  return new Date(Date.parse(report.generatedAt) + linkDays * 24 * 3600 * 1000);
}

/** Whether these files are too large to attach through this transport (the mail then carries links). */
export function tooLargeToAttach(mailer: Mailer, files: Partial<Record<ReportFileName, Uint8Array>>): boolean {
  const bytes = (files["report.docx"]?.byteLength ?? 0) + (files["lists.xlsx"]?.byteLength ?? 0);
  return bytes > (mailer.attachmentLimitBytes ?? defaultAttachmentLimitBytes);
}

/**
 * The download links of a report too large to attach: signed for this tenant, generation and file, expiring
 * `linkDays` after the report was made — the same links on every try, so every recipient's mail is the same.
 */
export async function fileLinks(
  deps: Pick<JobDeps, "reportLinks" | "publicBaseUrl">,
  report: MonthlyReport,
  generation: number,
): Promise<MailLink[]> {
  const expiresAt = linksExpireAt(report);
  const base = deps.publicBaseUrl.replace(/\/$/, "");
  return Promise.all(
    (["report.docx", "lists.xlsx"] as const).map(async (name) => {
      const token = await deps.reportLinks.sign({
        tenantId: report.tenantId,
        month: report.month,
        generation,
        name,
        expiresAt: expiresAt.toISOString(),
      });
      return {
        label: `下载${name === "report.docx" ? "月度报告（.docx）" : "清单（.xlsx）"}`,
        url: `${base}/p/${report.tenantId}/report-files/${token}`,
      };
    }),
  );
}

function footer(report: MonthlyReport, links: readonly MailLink[]): string[] {
  const lines = [
    `本报告由安全生产监管平台于${chinaDate(new Date(report.generatedAt))}根据系统汇总数据自动生成；隐患未整改、逾期等状态截至${report.asOf}。`,
  ];
  if (links.length > 0) {
    const until = chineseDate(chinaDate(linksExpireAt(report)));
    lines.push(`附件较大未随邮件发送，请通过以下链接下载（有效期至${until}）；过期后请登录平台在“月度报告”中查看。`);
  } else {
    lines.push("附件：月度报告（.docx）、清单（.xlsx，逾期隐患、新增重大隐患、联合攻坚、提请协调、重点隐患清单、专项行动）。");
  }
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

/** Builds every file of the report (generation `generation` of the month's). */
export async function monthlyFiles(
  deps: Pick<JobDeps, "hazards" | "reportLinks" | "publicBaseUrl" | "mailer">,
  report: MonthlyReport,
  generation: number,
): Promise<Partial<Record<ReportFileName, Uint8Array>>> {
  const content = monthlyContent(report);
  const png = chartOf(content);
  const xlsx = await monthlyWorkbook(deps.hazards, report);
  const docx = await monthlyDocx(content, png, footer(report, []).slice(0, 1));
  const links = tooLargeToAttach(deps.mailer, { "report.docx": docx, "lists.xlsx": xlsx }) ? await fileLinks(deps, report, generation) : [];
  const { html } = monthlyMail(content, { footer: footer(report, links), links });
  return {
    "report.docx": docx,
    "lists.xlsx": xlsx,
    "mail.html": Buffer.from(html, "utf8"),
    ...(png ? { "trend.png": png } : {}),
  };
}

/**
 * The mail of a built report, the same for every recipient and every try (made from the files kept); `links` (from
 * fileLinks) when the attachments are too large to send. The sender adds the envelope: Message-ID, From, To.
 */
export function mailOf(
  report: MonthlyReport,
  files: Partial<Record<ReportFileName, Uint8Array>>,
  links: readonly MailLink[],
): Omit<MailMessage, "messageId" | "from" | "to"> {
  const content = monthlyContent(report);
  const { text } = monthlyMail(content, { footer: footer(report, links), links });
  const png = files["trend.png"];
  const attached = links.length > 0 ? [] : (["report.docx", "lists.xlsx"] as const);
  return {
    subject: `${content.title}${content.subtitle}`,
    text,
    html: Buffer.from(files["mail.html"] ?? new Uint8Array()).toString("utf8"),
    attachments: [
      ...(png ? [{ filename: "trend.png", contentType: "image/png", content: png, cid: chartCid }] : []),
      ...attached.flatMap((name) => {
        const content = files[name];
        return content ? [{ filename: attachmentNames[name]?.(report) ?? name, contentType: reportFileTypes[name], content }] : [];
      }),
    ],
  };
}
