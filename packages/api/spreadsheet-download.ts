// Answers a request with a spreadsheet streamed from rows: .xlsx, or CSV in UTF-8 with a BOM. The first row is
// read before answering, so an error raised by the rows' source (403, 400) is an error answer, not a broken file.
// The writer (exceljs) is loaded on first use only: it is large, and most cold starts never need it.
import type { Context } from "hono";
import type { AppEnv } from "#api/env";
import { chinaDate } from "#core/kernel/china-time";

export async function spreadsheetDownload(
  c: Context<AppEnv>,
  rows: AsyncGenerator<Record<string, string>>,
  file: {
    readonly format: "xlsx" | "csv";
    readonly columns: readonly { key: string; header: string; width?: number }[];
    /** Sheet name and the start of the file name, in Chinese (企业台账, 隐患清单…). */
    readonly title: string;
    /** The file name for clients that cannot read UTF-8 names (register, hazards…). */
    readonly asciiName: string;
  },
): Promise<Response> {
  const first = await rows.next();
  async function* all() {
    if (!first.done) yield first.value;
    yield* rows;
  }
  const { csvBytes, xlsxBytes } = await import("#tabular/write");
  const columns = [...file.columns];
  const bytes = file.format === "csv" ? csvBytes(columns, all()) : xlsxBytes(columns, all(), { sheetName: file.title });
  const name = `${file.title}-${chinaDate(c.get("receivedAt"))}.${file.format}`;
  return c.body(ReadableStream.from(bytes), 200, {
    "Content-Type": file.format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Content-Disposition": `attachment; filename="${file.asciiName}.${file.format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}
