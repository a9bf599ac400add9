// A report's block model (#core/assessments/town-report-document) answered as the caller asked: the standalone HTML
// page, or the official-format .docx as an attachment named in Chinese (with an ASCII name for older clients). The
// town's standardization report and a campaign's summary report are both answered here.
import type { Context } from "hono";
import { townReportDocx } from "#api/routes/assessments/town-report-docx";
import { renderReportPage, reportPageHeaders } from "#api/routes/assessments/town-report-page";
import type { ReportDocument } from "#core/assessments/town-report-document";

export const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export async function reportResponse(
  c: Context,
  document: ReportDocument,
  format: "html" | "docx",
  file: { readonly asciiName: string; readonly name: string },
): Promise<Response> {
  if (format === "html") return c.body(renderReportPage(document), 200, reportPageHeaders());
  const bytes = await townReportDocx(document);
  return c.body(ReadableStream.from([bytes]), 200, {
    "Content-Type": docxType,
    "Content-Length": String(bytes.byteLength),
    "Content-Disposition": `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
  });
}
