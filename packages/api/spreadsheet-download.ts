// Answers a request with a spreadsheet streamed from rows: .xlsx, or CSV in UTF-8 with a BOM. The first row is
// read before answering, so an error raised by the rows' source (403, 400) is an error answer, not a broken file.
// A list longer than the request's row limit is refused with 413 `export_too_large`, pointing at POST /v1/exports.
// The writer (exceljs) is loaded on first use only: it is large, and most cold starts never need it.
import type { Context } from "hono";
import type { AppEnv } from "#api/env";
import { chinaDate } from "#core/kernel/china-time";
import { DomainError } from "#core/kernel/errors";

/**
 * Rows a synchronous export serves at most (AppDeps.syncExportRowsLimit overrides it). In AWS an answer must fit
 * API Gateway and Lambda's 6 MB and 30 s: 20,000 register rows are about 4 MB of CSV and less as .xlsx (BENCHMARKS.md, "Exports").
 */
export const syncExportRowsLimit = 20_000;

export function exportTooLarge(rowsLimit: number): DomainError {
  return new DomainError(
    "payload_too_large",
    "export_too_large",
    {
      zh: `该清单超过 ${rowsLimit} 行，无法直接下载；请通过 POST /v1/exports 创建导出任务`,
      en: `The list has more than ${rowsLimit} rows, too many to download at once; create an export job with POST /v1/exports`,
    },
    { details: { rowsLimit, use: "/v1/exports" } },
  );
}

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
  // The headers go out with the first bytes, and then a 413 can no longer be answered: so the rows are read up to
  // one past the limit before answering, and held (at most `limit` rows of short strings, a few MB at 20,000). No
  // list keeps a count that every filter could use, and reading the rows is what the answer costs anyway.
  const limit = c.get("syncExportRowsLimit");
  const held: Record<string, string>[] = [];
  for (;;) {
    const next = await rows.next();
    if (next.done) break;
    if (held.length === limit) {
      await rows.return(undefined);
      throw exportTooLarge(limit);
    }
    held.push(next.value);
  }
  const { csvBytes, xlsxBytes } = await import("#tabular/write");
  const columns = [...file.columns];
  const all = (async function* () {
    yield* held;
  })();
  const bytes = file.format === "csv" ? csvBytes(columns, all) : xlsxBytes(columns, all, { sheetName: file.title });
  const name = `${file.title}-${chinaDate(c.get("receivedAt"))}.${file.format}`;
  return c.body(ReadableStream.from(bytes), 200, {
    "Content-Type": file.format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Content-Disposition": `attachment; filename="${file.asciiName}.${file.format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}
