// The check pass of an import: the file's header (required columns there, none twice), then each chunk of rows —
// a row's own fields, a dry run of its upsert against the register, and the rules that depend on the rows above it
// (duplicate credit codes, a host registered only by an earlier row) — and, for a run that resumes, the state the
// rows before its checkpoint left (rejected rows, accepted credit codes), rebuilt from what was saved and the file.
import { fieldsOf, type ImportRow, parseImportRow } from "#core/imports/enterprise-import";
import { type FieldProblem, problem } from "#core/kernel/errors";
import { pagesOf } from "#core/kernel/paging";
import { columnHeaders, retiredColumns } from "#core/register/register-sheet";
import { columns, failJob, hostIdOf, type ImportRun, jobFile, type RunOutcome, saveJob } from "#jobs/imports/import-run";
import type { openTable, SheetRow } from "#tabular/read";

/** Register lookups (credit code, host) at once within a chunk. */
const lookupConcurrency = 16;

export interface Checked {
  readonly sheet: SheetRow;
  row?: ImportRow;
  readonly problems: FieldProblem[];
  /** The row's host (if any) is in the register already. */
  hostRegistered?: boolean;
}

type Table = Awaited<ReturnType<typeof openTable>>;

function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The fields a registered unit changes in: only those the file has columns for. */
export function fieldsOfRun(run: ImportRun): ReadonlySet<string> {
  return fieldsOf(Object.keys(run.job.headers?.matched ?? {}));
}

/** The fields of a row whose host is known only from the file: everything but the host link. */
function withoutHost(fields: ReadonlySet<string>): ReadonlySet<string> {
  return new Set([...fields].filter((f) => f !== "hostId"));
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * On a job's first run: fails it when required columns are missing or one is given twice, else records which
 * column fed which field and starts the check pass. Undefined when the run goes on.
 */
export async function checkHeader(run: ImportRun, table: Table): Promise<RunOutcome | undefined> {
  if (run.job.headers !== null) return undefined;
  const { header } = table;
  if (header.missing.length > 0 || header.duplicate.length > 0) {
    await table.rows.return(undefined);
    const names = (keys: string[]) => keys.map((k) => columnHeaders.get(k) ?? k);
    return header.missing.length > 0
      ? failJob(
          run,
          "missing_columns",
          `缺少必需的列：${names(header.missing).join("、")}`,
          `Required columns missing: ${names(header.missing).join(", ")}`,
        )
      : failJob(
          run,
          "duplicate_columns",
          `以下字段出现在多列中：${names(header.duplicate).join("、")}`,
          `Columns given twice: ${names(header.duplicate).join(", ")}`,
        );
  }
  const retiredNotice = new Map(retiredColumns.map((c) => [c.key, c.notice]));
  const found = Object.entries(header.columns);
  const matched = Object.fromEntries(found.filter(([key]) => !retiredNotice.has(key)).map(([key, index]) => [key, columnLetter(index)]));
  const retired = found.flatMap(([key, index]) => {
    const message = retiredNotice.get(key);
    return message ? [{ field: key, column: columnLetter(index), message }] : [];
  });
  await saveJob(run, {
    status: "validating",
    phase: "validate",
    headers: { matched, unknown: header.unknown, ...(retired.length > 0 ? { retired } : {}) },
    checkpointRow: table.headerRow,
  });
  return undefined;
}

/**
 * For a run that resumes: the rows already rejected (saved with their reasons), and — in the check pass — the
 * credit codes of accepted rows above the checkpoint, read again from the file. Memory follows the rejected rows,
 * not the file. Undefined when the run goes on.
 */
export async function restoreProgress(run: ImportRun, table: Table): Promise<RunOutcome | undefined> {
  const { deps, tenantId, importId, job } = run;
  if (run.phase === "apply" || job.checkpointRow > table.headerRow) {
    for await (const items of pagesOf((page) => deps.imports.rejections(tenantId, importId, page)))
      for (const r of items) run.rejectedRows.add(r.row);
  }
  if (run.phase === "validate" && job.checkpointRow > table.headerRow) {
    const again = await jobFile(run);
    if (!again) return failJob(run, "file_missing", "导入文件不存在，请重新上传", "The import file is missing; upload it again");
    const { openTable } = await import("#tabular/read");
    const prefix = await openTable(again, job.format, columns);
    for await (const row of prefix.rows) {
      if (row.rowNumber > job.checkpointRow) {
        await prefix.rows.return(undefined);
        break;
      }
      const parsed = parseImportRow(row.values, run.places).row;
      if (parsed && !run.rejectedRows.has(row.rowNumber) && !run.seen.has(parsed.input.creditCode))
        run.seen.set(parsed.input.creditCode, row.rowNumber);
    }
  }
  return undefined;
}

/**
 * The check pass over a chunk: each row's own fields, then — a few at a time — a dry run of its upsert against
 * the register (deleted unit, town/grid, dates, host and cycles), then in row order the rules that depend on
 * the rows above it (duplicate codes, a host registered only by an earlier row of the file).
 */
export async function checkChunk(run: ImportRun, rows: readonly SheetRow[]): Promise<Checked[]> {
  const fields = fieldsOfRun(run);
  const checked: Checked[] = rows.map((sheet) => {
    const parsed = parseImportRow(sheet.values, run.places);
    return parsed.row ? { sheet, row: parsed.row, problems: [] } : { sheet, problems: parsed.problems };
  });
  await inParallel(checked, lookupConcurrency, async (c) => {
    if (!c.row) return;
    const hostId = await hostIdOf(run, c.row.hostCreditCode);
    c.hostRegistered = hostId !== undefined;
    // A host known only from the file is not in the register yet: its link is checked below instead.
    c.problems.push(
      ...(await run.service.checkUpsert(
        run.ctx,
        { ...c.row.input, hostId: hostId ?? null },
        hostId === undefined ? withoutHost(fields) : fields,
      )),
    );
  });
  for (const c of checked) {
    if (!c.row) continue;
    const code = c.row.input.creditCode;
    const first = run.seen.get(code);
    if (first !== undefined && first < c.sheet.rowNumber) {
      c.problems.unshift(
        problem("creditCode", "duplicate_in_file", `与第 ${first} 行的统一社会信用代码重复`, `Same credit code as row ${first}`),
      );
    }
    const host = c.row.hostCreditCode;
    const hostRow = host === null ? undefined : run.seen.get(host);
    if (host !== null && !c.hostRegistered && !(hostRow !== undefined && hostRow < c.sheet.rowNumber)) {
      c.problems.push(
        problem(
          "hostCreditCode",
          "unknown_host",
          "出租方未登记：须已在台账中，或在本文件中位于承租方之前且无误",
          "Host not registered: it must be in the register, or in a valid earlier row of this file",
        ),
      );
    }
    if (c.problems.length > 0) delete c.row;
    else run.seen.set(code, c.sheet.rowNumber);
  }
  return checked;
}
