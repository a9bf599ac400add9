// Reads an imported register (.xlsx, or .csv in UTF-8 or GB18030) row by row in bounded memory: finds the header
// under any title rows, maps columns by their Chinese or English names, and skips rows already done on a resume.
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { CsvError, type Parser, parse as parseCsv } from "csv-parse";
import ExcelJS from "exceljs";
import { DomainError } from "#core/kernel/errors";
import { startsWith, type TabularFormat } from "#tabular/detect";
import { type ColumnSpec, type HeaderMatch, matchHeader } from "#tabular/headers";

export { detectFormat, type TabularFormat } from "#tabular/detect";
export type { ColumnSpec, HeaderMatch } from "#tabular/headers";

export interface SheetRow {
  /** As Excel shows it: the header row is 1 when nothing sits above it. */
  rowNumber: number;
  /** By column key; trimmed; empty cells and absent columns are "". */
  values: Record<string, string>;
}

export interface OpenTableOptions {
  /** Rows numbered up to this one are skipped without being converted: the resume point after a crash. */
  startAfterRow?: number;
  /** How many rows from the top may hold the header (title rows such as "XX区企业台账" sit above it). */
  headerSearchRows?: number;
}

export interface OpenedTable {
  header: HeaderMatch;
  headerRow: number;
  /** CSV only: how the bytes were decoded. */
  encoding?: "utf-8" | "gb18030";
  /** The data rows, read lazily; wholly blank rows are left out. Iterate to the end or call `return()`. */
  rows: AsyncGenerator<SheetRow>;
}

/** One physical row; `cells` converts on demand so that rows skipped on a resume cost nothing. */
interface RawRow {
  readonly number: number;
  cells(): string[];
}

export async function openTable(
  source: AsyncIterable<Uint8Array>,
  format: TabularFormat,
  columns: ColumnSpec[],
  options: OpenTableOptions = {},
): Promise<OpenedTable> {
  const searchRows = options.headerSearchRows ?? 10;
  const table = format === "xlsx" ? { encoding: undefined, rows: xlsxRows(source) } : await csvTable(source);
  const raw = table.rows;
  const needed = Math.min(2, columns.length);
  let found: { header: HeaderMatch; headerRow: number } | undefined;
  for (let next = await raw.next(); !next.done && next.value.number <= searchRows; next = await raw.next()) {
    const header = matchHeader(next.value.cells(), columns);
    if (Object.keys(header.columns).length >= needed) {
      found = { header, headerRow: next.value.number };
      break;
    }
  }
  if (!found) {
    await raw.return(undefined);
    throw noHeaderRow(columns, searchRows);
  }
  const rows = dataRows(raw, found.header, columns, options.startAfterRow ?? 0);
  return table.encoding ? { ...found, encoding: table.encoding, rows } : { ...found, rows };
}

async function* dataRows(
  raw: AsyncGenerator<RawRow>,
  header: HeaderMatch,
  columns: readonly ColumnSpec[],
  startAfterRow: number,
): AsyncGenerator<SheetRow> {
  try {
    for (let next = await raw.next(); !next.done; next = await raw.next()) {
      if (next.value.number <= startAfterRow) continue;
      const cells = next.value.cells();
      if (cells.every((cell) => cell.trim() === "")) continue;
      const values: Record<string, string> = {};
      for (const { key } of columns) {
        const index = header.columns[key];
        values[key] = index === undefined ? "" : (cells[index] ?? "").trim();
      }
      yield { rowNumber: next.value.number, values };
    }
  } finally {
    await raw.return(undefined);
  }
}

// ---- CSV ----------------------------------------------------------------------------------------------------

const sniffBytes = 64 * 1024;
const maxRecordChars = 1024 * 1024; // an unclosed quote must not swallow the whole file into memory

async function csvTable(source: AsyncIterable<Uint8Array>) {
  const chunks = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < sniffBytes) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    size += next.value.length;
  }
  const first = Buffer.concat(head);
  try {
    const encoding = sniffEncoding(first, ended);
    return { encoding, rows: csvRows(first, chunks, encoding) };
  } catch (error) {
    await chunks.return?.();
    throw error;
  }
}

function sniffEncoding(head: Uint8Array, ended: boolean): "utf-8" | "gb18030" {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return "utf-8";
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) throw invalidEncoding(undefined, "utf-16");
  try {
    // Streaming mode lets a multi-byte character cut at the sniff boundary pass.
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, sniffBytes), { stream: !ended || head.length > sniffBytes });
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

async function* csvRows(head: Uint8Array, rest: AsyncIterator<Uint8Array>, encoding: "utf-8" | "gb18030"): AsyncGenerator<RawRow> {
  // The strict decoder decides; the lenient one, fed the same bytes, shows where the bad bytes start.
  const strict = new TextDecoder(encoding, { fatal: true });
  const lenient = new TextDecoder(encoding);
  const records: string[][] = [];
  let parser: Parser | undefined;
  let rowNumber = 0;

  const feed = async (text: string) => {
    parser ??= csvParser(text, records);
    const target = parser;
    if (text) await new Promise<void>((resolve, reject) => target.write(text, (error) => (error ? reject(error) : resolve())));
  };
  function* parsed(): Generator<RawRow> {
    for (const record of records.splice(0)) {
      rowNumber += 1;
      yield { number: rowNumber, cells: () => record.map(unguardFormula) };
    }
  }

  try {
    for (let bytes: Uint8Array | undefined = head; bytes; bytes = await nextChunk(rest)) {
      const loose = lenient.decode(bytes, { stream: true });
      let text: string;
      try {
        text = strict.decode(bytes, { stream: true });
      } catch {
        const bad = loose.indexOf("\uFFFD");
        await feed(bad < 0 ? loose : loose.slice(0, bad));
        yield* parsed();
        throw invalidEncoding(rowNumber + 1, encoding);
      }
      await feed(text);
      yield* parsed();
    }
    try {
      await feed(strict.decode());
    } catch {
      throw invalidEncoding(rowNumber + 1, encoding);
    }
    parser ??= csvParser("", records);
    parser.end();
    await finished(parser);
    yield* parsed();
  } catch (error) {
    throw error instanceof CsvError ? malformedCsv(rowNumber + records.length + 1, error) : error;
  } finally {
    parser?.destroy();
    await rest.return?.();
  }
}

function csvParser(firstText: string, records: string[][]): Parser {
  const parser = parseCsv({
    delimiter: sniffDelimiter(firstText),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false, // a blank line is still a row in Excel's numbering
    max_record_size: maxRecordChars,
  });
  parser.on("data", (record: string[]) => records.push(record));
  parser.on("error", () => {}); // reported through the write callback and `finished`
  return parser;
}

/** Excel saves "Text (tab delimited)" as .txt; anything else is taken as comma-separated. */
function sniffDelimiter(text: string): "," | "\t" {
  let tabs = 0;
  let commas = 0;
  for (const char of text) {
    if (char === "\t") tabs += 1;
    else if (char === ",") commas += 1;
  }
  return tabs > commas ? "\t" : ",";
}

/** Undoes the apostrophe that our CSV export puts before formula-like text (see write.ts). */
function unguardFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

async function nextChunk(chunks: AsyncIterator<Uint8Array>): Promise<Uint8Array | undefined> {
  const next = await chunks.next();
  return next.done ? undefined : next.value;
}

// ---- XLSX ---------------------------------------------------------------------------------------------------

/** The parts of exceljs 4.4.0's streaming reader that its typings leave out. */
interface ReaderInternals {
  model?: { sheets?: { id: number | string }[] };
  _parseSharedStrings(entry: Readable): unknown;
  _parseWorksheet(iterator: AsyncIterable<Uint8Array | string>, sheetNo: string): unknown;
}

async function* xlsxRows(source: AsyncIterable<Uint8Array>): AsyncGenerator<RawRow> {
  // exceljs pipes its input into the unzipper, and pipe() does not pass errors on: a failing source would leave
  // it waiting for bytes forever. So a failed source just ends the input, and its own error is the one thrown.
  let sourceError: unknown;
  const input = Readable.from(endOnError(source, (error) => (sourceError ??= error)));
  readZipToItsEnd(input);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache", // number formats tell dates from numbers
    hyperlinks: "ignore", // a hyperlink cell's value is already its text
    entries: "ignore",
  });
  const internals = reader as unknown as ReaderInternals;
  decodeAcrossChunks(internals);
  try {
    for await (const sheet of reader) {
      const firstSheet = internals.model?.sheets?.[0];
      if (firstSheet && String(firstSheet.id) !== String((sheet as unknown as { id: unknown }).id)) continue;
      for await (const row of sheet) yield { number: row.number, cells: () => rowCells(row) };
      break;
    }
  } catch (error) {
    throw sourceError ?? (error instanceof DomainError ? error : unreadableXlsx(error));
  } finally {
    input.destroy();
  }
  if (sourceError) throw sourceError;
}

/**
 * exceljs pipes `input` into unzipper's Parse and stops reading entries at its 'end' event. But Parse also emits
 * 'end' as soon as its input is all written, while the last entries may still wait in its buffer; those were then
 * lost at random: for files exceljs itself writes, xl/workbook.xml, and the read failed with "Cannot read
 * properties of undefined (reading 'sheets')" (exceljs issue #3064). Only the end the stream itself reaches
 * (after the end-of-central-directory record, every entry handed out) is let through.
 */
function readZipToItsEnd(input: Readable): void {
  const pipe = input.pipe.bind(input);
  input.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    const zip = destination as unknown as Readable;
    const emit = zip.emit.bind(zip);
    zip.emit = (event: string | symbol, ...args: unknown[]) => (event === "end" && !zip.readableEnded ? false : emit(event, ...args));
    return pipe(destination, options);
  };
}

async function* endOnError<T>(items: AsyncIterable<T>, onError: (error: unknown) => void): AsyncGenerator<T> {
  try {
    yield* items;
  } catch (error) {
    onError(error);
  }
}

/**
 * exceljs decodes each inflated chunk to text on its own, so a Chinese character split between two chunks
 * turns into "��" (exceljs issues #2063, #2084). Hand its XML parser text decoded across chunk boundaries —
 * strictly: bytes that are not UTF-8 fail the file (invalid_encoding), as in a CSV, rather than becoming U+FFFD.
 */
function decodeAcrossChunks(reader: ReaderInternals): void {
  const parseSharedStrings = reader._parseSharedStrings.bind(reader);
  const parseWorksheet = reader._parseWorksheet.bind(reader);
  reader._parseSharedStrings = (entry) => parseSharedStrings(Readable.from(utf8Text(entry)));
  reader._parseWorksheet = (iterator, sheetNo) => parseWorksheet(utf8Text(iterator), sheetNo);
}

async function* utf8Text(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const chunk of chunks) {
      const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch (error) {
    throw error instanceof TypeError ? invalidEncoding(undefined, "utf-8") : error;
  }
}

function rowCells(row: ExcelJS.Row): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    cells[column - 1] = cellText(cell.value, cell.numFmt);
  });
  return Array.from(cells, (cell) => cell ?? "");
}

function cellText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return dateText(value);
  if ("richText" in value) return value.richText.map((run) => run.text ?? "").join("");
  if ("formula" in value || "sharedFormula" in value) {
    const result = value.result;
    // exceljs turns only plain cells into dates; a formula's cached result stays a serial number.
    if (typeof result === "number" && isDateFormat(numFmt)) return dateText(excelSerialDate(result));
    return result === undefined ? "" : cellText(result, numFmt);
  }
  if ("hyperlink" in value) return cellText(value.text as ExcelJS.CellValue, numFmt);
  return ""; // error values such as #N/A
}

// Excel shows 15 significant digits; this drops the binary noise (0.1 + 0.2) and never uses an exponent.
const plainNumber = new Intl.NumberFormat("en-US", { useGrouping: false, maximumSignificantDigits: 15 });

function numberText(value: number): string {
  if (!Number.isFinite(value)) return "";
  return value === 0 ? "0" : plainNumber.format(value);
}

/** Excel dates are naive local dates; exceljs hands them over as that wall-clock time in UTC. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function excelSerialDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000)); // 25569 = 1970-01-01 in Excel's 1900 system
}

function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhsb]/i.test(numFmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

// ---- shared -------------------------------------------------------------------------------------------------

function noHeaderRow(columns: readonly ColumnSpec[], searchRows: number): DomainError {
  const expected = columns.filter((spec) => spec.required).map((spec) => spec.headers[0] ?? spec.key);
  const names = expected.length > 0 ? expected : columns.map((spec) => spec.headers[0] ?? spec.key);
  return new DomainError(
    "unprocessable",
    "no_header_row",
    {
      zh: `前 ${searchRows} 行中未找到表头，表头应包含：${names.join("、")}`,
      en: `No header row in the first ${searchRows} rows; expected headers such as: ${names.join(", ")}`,
    },
    { details: { expected: names, searchedRows: searchRows } },
  );
}

function invalidEncoding(row: number | undefined, encoding: string): DomainError {
  const where = row === undefined ? { zh: "", en: "" } : { zh: `（第 ${row} 行）`, en: ` (row ${row})` };
  return new DomainError(
    "unprocessable",
    "invalid_encoding",
    {
      zh: `文件编码无法识别${where.zh}，请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 后重新上传`,
      en: `The file's text encoding could not be read${where.en}; save it as "CSV UTF-8" or .xlsx and upload again`,
    },
    { details: row === undefined ? { encoding } : { encoding, row } },
  );
}

function malformedCsv(row: number, error: CsvError): DomainError {
  const reason = error.message;
  return new DomainError(
    "unprocessable",
    "malformed_csv",
    { zh: `CSV 文件第 ${row} 行格式有误（请检查引号是否成对）`, en: `CSV row ${row} is malformed: ${reason}` },
    { details: { row, reason } },
  );
}

function unreadableXlsx(error: unknown): DomainError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DomainError(
    "unprocessable",
    "unreadable_xlsx",
    { zh: "无法读取该 Excel 文件，请用 Excel 或 WPS 另存为 .xlsx 后重新上传", en: `The .xlsx file could not be read: ${reason}` },
    { details: { reason } },
  );
}
