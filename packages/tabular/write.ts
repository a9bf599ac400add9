// Exports registers as files officials open in Excel or WPS: .xlsx written row by row, and CSV in UTF-8 with a
// BOM (without it Chinese Excel reads the file as GBK and shows mojibake). Rows stream through; none are held.
import { PassThrough } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";

export interface ExportColumn {
  key: string;
  header: string;
  /** In characters, as Excel measures column width. */
  width?: number;
}

export type ExportRow = Record<string, string | number | null | undefined>;

const csvBatchChars = 64 * 1024;
const rowsPerTurn = 64;

export async function* csvBytes(columns: ExportColumn[], rows: AsyncIterable<ExportRow>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let pending = `\uFEFF${csvLine(columns.map((column) => guardFormula(column.header)))}`;
  for await (const row of rows) {
    pending += csvLine(columns.map((column) => csvCell(row[column.key])));
    if (pending.length >= csvBatchChars) {
      yield encoder.encode(pending);
      pending = "";
    }
  }
  yield encoder.encode(pending);
}

function csvLine(cells: string[]): string {
  // csv-stringify quotes delimiters and quotes itself, but not a lone CR or LF inside a cell.
  return stringify([cells], { record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return guardFormula(value);
}

const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A spreadsheet runs text starting with = + - @ (or tab, CR) as a formula: an apostrophe in front keeps it text
 * (OWASP "CSV injection"). Plain numbers such as "-3" start with a sign too, and are left alone.
 */
function guardFormula(text: string): string {
  return formulaStart.test(text) && !plainNumber.test(text) ? `'${text}` : text;
}

export interface XlsxOptions {
  sheetName?: string;
  /** A bold line above the header, e.g. "贾汪区企业台账". */
  title?: string;
}

export async function* xlsxBytes(
  columns: ExportColumn[],
  rows: AsyncIterable<ExportRow>,
  options: XlsxOptions = {},
): AsyncGenerator<Uint8Array> {
  yield* workbookBytes([{ columns, rows, ...options }]);
}

/** One sheet of a workbook: its columns, its rows and, optionally, its name and a title line. */
export interface XlsxSheet extends XlsxOptions {
  columns: ExportColumn[];
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>;
}

/** A workbook of several sheets, written one after the other (a report's lists: one sheet per list). */
export async function* workbookBytes(sheets: readonly XlsxSheet[]): AsyncGenerator<Uint8Array> {
  const out = new PassThrough();
  const writing = writeWorkbook(out, sheets).catch((error: unknown) => {
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  try {
    for await (const chunk of out) yield chunk as Buffer;
  } finally {
    out.destroy(); // stops the writer when the consumer leaves early
    await writing;
  }
}

async function writeWorkbook(out: PassThrough, sheets: readonly XlsxSheet[]): Promise<void> {
  // Inline strings rather than a shared-strings table, which would grow with every distinct value.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  for (const [index, { columns, rows, ...options }] of sheets.entries()) {
    const headerRow = options.title ? 2 : 1;
    const sheet = workbook.addWorksheet(sheetName(options.sheetName, index), { views: [{ state: "frozen", ySplit: headerRow }] });
    // Text format keeps credit codes and phone numbers typed into these columns from becoming numbers.
    sheet.columns = columns.map((column) => ({ width: column.width ?? defaultWidth(column.header), style: { numFmt: "@" } }));
    if (options.title) {
      const title = sheet.addRow([options.title]);
      title.font = { bold: true, size: 14 };
      if (columns.length > 1) sheet.mergeCells(1, 1, 1, columns.length);
      title.commit();
    }
    const header = sheet.addRow(columns.map((column) => column.header));
    header.font = { bold: true };
    header.commit();
    let sinceTurn = 0;
    for await (const row of rows) {
      if (out.destroyed) return;
      // Strings go in as strings: exceljs writes a formula only for a { formula } value, so "=1+1" stays text.
      sheet.addRow(columns.map((column) => xlsxCell(row[column.key]))).commit();
      // Rows from memory arrive as microtasks only; zlib and the reader need turns of the event loop to keep up.
      sinceTurn += 1;
      if (sinceTurn >= rowsPerTurn) {
        sinceTurn = 0;
        await nextTurn();
      }
      if (out.writableNeedDrain) await drained(out);
    }
    sheet.commit();
  }
  await workbook.commit();
}

function xlsxCell(value: string | number | null | undefined): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  return value;
}

/** Excel refuses sheet names over 31 characters or containing \ / ? * [ ] : */
function sheetName(name: string | undefined, index = 0): string {
  return (
    (name ?? "")
      .replace(/[\\/?*[\]:]/g, " ")
      .trim()
      .slice(0, 31) || `Sheet${index + 1}`
  );
}

/** Chinese characters are about two widths wide. */
function defaultWidth(header: string): number {
  let width = 2;
  for (const char of header) width += char.charCodeAt(0) > 0xff ? 2 : 1;
  return Math.max(10, width);
}

function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}
