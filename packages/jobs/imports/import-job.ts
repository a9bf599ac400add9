// Runs an import in two passes over the stored file, never holding more than a chunk of rows: first every row
// is checked (rejections saved as found), then — unless the file is rejected as a whole — the valid rows are
// applied by credit code. Progress and a checkpoint row are saved after every chunk; a run that stops (time
// budget, crash, redelivery) resumes after the checkpoint. Re-applying a row is harmless: upsert by credit
// code leaves an equal unit unchanged. The job's version doubles as a lease: a second runner loses at save.

import { columnOf, fieldsOf, type ImportRow, type PlaceLookup, parseImportRow } from "#core/imports/enterprise-import";
import {
  type ImportAcceptedRow,
  type ImportCounts,
  type ImportJob,
  type ImportRejection,
  importFileKey,
  zeroCounts,
} from "#core/imports/import";
import { DomainError, errors, type FieldProblem, problem } from "#core/kernel/errors";
import { allOf, pagesOf } from "#core/kernel/paging";
import type { Principal } from "#core/kernel/principal";
import { createEnterpriseService } from "#core/register/enterprise-service";
import { columnHeaders, registerColumns } from "#core/register/register-sheet";
import type { Grid, Town } from "#core/register/town";
import type { JobDeps } from "#jobs/deps";
import type { JobBudget, JobOutcome } from "#jobs/messages";
import { type ColumnSpec, openTable, type SheetRow } from "#tabular/read";

/** Rows per checkpoint by default: what a crash may cost to redo. */
const defaultChunkRows = 200;
/** Units applied at once within a chunk. */
const applyConcurrency = 8;
/** Register lookups (credit code, host) at once within a chunk. */
const lookupConcurrency = 16;

interface Checked {
  readonly sheet: SheetRow;
  row?: ImportRow;
  readonly problems: FieldProblem[];
  /** The row's host (if any) is in the register already. */
  hostRegistered?: boolean;
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
/** A run stops at a checkpoint when less time than this is left. */
const reserveMs = 20_000;

const columns: ColumnSpec[] = registerColumns.map((c) => ({
  key: c.key,
  headers: [...c.headers],
  ...(c.required ? { required: true } : {}),
}));

function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function principalOf(job: ImportJob, tenantId: string): Principal {
  return job.createdBy.kind === "api-key"
    ? {
        kind: "api-key",
        tenantId,
        keyId: job.createdBy.id,
        scopes: ["enterprises:read", "enterprises:write"],
        createdBy: job.createdBy.person ?? job.createdBy.id,
      }
    : { kind: "user", tenantId, subject: job.createdBy.id, role: (job.createdBy.role ?? "inspector") as "inspector" };
}

/** The tenant's towns and grids by name and id: read once per run (a tenant has hundreds, not millions). */
async function loadPlaces(deps: JobDeps, tenantId: string): Promise<PlaceLookup & { towns: Map<string, Town>; grids: Map<string, Grid> }> {
  const towns = await allOf((page) => deps.towns.listTowns(tenantId, page));
  const grids = await allOf((page) => deps.towns.listGrids(tenantId, undefined, page));
  const townIds = new Map(towns.map((t) => [t.id, t]));
  const gridIds = new Map(grids.map((g) => [g.id, g]));
  const townNames = new Map(towns.map((t) => [t.name, t.id]));
  const gridNames = new Map(grids.map((g) => [`${g.townId}\n${g.name}`, g.id]));
  return {
    towns: townIds,
    grids: gridIds,
    townByName: (name) => townNames.get(name),
    gridByName: (townId, name) => gridNames.get(`${townId}\n${name}`),
    townById: (id) => townIds.has(id),
    gridById: (townId, id) => gridIds.get(id)?.townId === townId,
  };
}

function rejectionsOf(row: SheetRow, problems: readonly FieldProblem[]): ImportRejection[] {
  return problems.map((p) => {
    const field = columnOf(p.path);
    return {
      row: row.rowNumber,
      field,
      column: columnHeaders.get(field) ?? null,
      code: p.code,
      message: p.message,
      value: row.values[field] ?? null,
    };
  });
}

export async function runImport(deps: JobDeps, tenantId: string, importId: string, budget: JobBudget): Promise<JobOutcome> {
  let job = await deps.imports.get(tenantId, importId);
  if (!job || (job.status !== "queued" && job.status !== "validating" && job.status !== "importing")) return { done: true };

  const save = async (patch: Partial<ImportJob>) => {
    const now = deps.clock.now().toISOString();
    const next: ImportJob = { ...(job as ImportJob), ...patch, updatedAt: now, version: (job as ImportJob).version + 1 };
    await deps.imports.save(tenantId, next, (job as ImportJob).version);
    job = next;
  };
  const fail = (code: string, zh: string, en: string) =>
    save({ status: "failed", error: { code, message: { zh, en } }, finishedAt: deps.clock.now().toISOString() }).then(
      () => ({ done: true }) as const,
    );

  // The upload the job was queued on (jobs queued before revisions existed have none).
  const file = () => deps.blobs.get(tenantId, importFileKey(importId, (job as ImportJob).format, (job as ImportJob).fileRevision ?? null));
  const source = await file();
  if (!source) return fail("file_missing", "导入文件不存在，请重新上传", "The import file is missing; upload it again");

  const places = await loadPlaces(deps, tenantId);
  const cachedTowns = {
    ...deps.towns,
    getTown: async (_t: string, id: string) => places.towns.get(id),
    getGrid: async (_t: string, id: string) => places.grids.get(id),
  };
  const service = createEnterpriseService({ ...deps, towns: cachedTowns });
  const ctx = { principal: principalOf(job, tenantId), requestId: `import-${importId}` };

  let table: Awaited<ReturnType<typeof openTable>>;
  try {
    table = await openTable(source, job.format, columns, { startAfterRow: job.checkpointRow });
  } catch (error) {
    if (error instanceof DomainError) return fail(error.code, error.text.zh, error.text.en);
    throw error;
  }
  if (job.headers === null) {
    const { header } = table;
    if (header.missing.length > 0 || header.duplicate.length > 0) {
      await table.rows.return(undefined);
      const names = (keys: string[]) => keys.map((k) => columnHeaders.get(k) ?? k);
      return header.missing.length > 0
        ? fail(
            "missing_columns",
            `缺少必需的列：${names(header.missing).join("、")}`,
            `Required columns missing: ${names(header.missing).join(", ")}`,
          )
        : fail(
            "duplicate_columns",
            `以下字段出现在多列中：${names(header.duplicate).join("、")}`,
            `Columns given twice: ${names(header.duplicate).join(", ")}`,
          );
    }
    const matched = Object.fromEntries(Object.entries(header.columns).map(([key, index]) => [key, columnLetter(index)]));
    await save({ status: "validating", phase: "validate", headers: { matched, unknown: header.unknown }, checkpointRow: table.headerRow });
  }

  const counts: ImportCounts = { ...zeroCounts, ...job.counts };
  // A registered unit changes only in the fields the file has columns for.
  const fields = fieldsOf(Object.keys(job.headers?.matched ?? {}));
  const phase = job.phase ?? "validate";

  // Rows already rejected (saved with their reasons): skipped by the apply pass, and left out when the codes of
  // earlier accepted rows are rebuilt after a resume. Memory follows the rejected rows, not the file.
  const rejectedRows = new Set<number>();
  if (phase === "apply" || job.checkpointRow > table.headerRow) {
    for await (const items of pagesOf((page) => deps.imports.rejections(tenantId, importId, page)))
      for (const r of items) rejectedRows.add(r.row);
  }
  // Credit codes of accepted rows above the current one: a later row with the same code is a duplicate, and a
  // lessee may name a host from a row above it. Rebuilt from the file when a check pass resumes.
  const seen = new Map<string, number>();
  if (phase === "validate" && job.checkpointRow > table.headerRow) {
    const again = await file();
    if (!again) return fail("file_missing", "导入文件不存在，请重新上传", "The import file is missing; upload it again");
    const prefix = await openTable(again, job.format, columns);
    for await (const row of prefix.rows) {
      if (row.rowNumber > job.checkpointRow) {
        await prefix.rows.return(undefined);
        break;
      }
      const parsed = parseImportRow(row.values, places).row;
      if (parsed && !rejectedRows.has(row.rowNumber) && !seen.has(parsed.input.creditCode))
        seen.set(parsed.input.creditCode, row.rowNumber);
    }
  }

  const hostIdOf = async (code: string | null) =>
    code === null ? null : ((await deps.enterprises.idByCreditCode(tenantId, code)) ?? undefined);

  /**
   * The check pass over a chunk: each row's own fields, then — a few at a time — a dry run of its upsert against
   * the register (deleted unit, town/grid, dates, host and cycles), then in row order the rules that depend on
   * the rows above it (duplicate codes, a host registered only by an earlier row of the file).
   */
  const checkChunk = async (rows: readonly SheetRow[]): Promise<Checked[]> => {
    const checked: Checked[] = rows.map((sheet) => {
      const parsed = parseImportRow(sheet.values, places);
      return parsed.row ? { sheet, row: parsed.row, problems: [] } : { sheet, problems: parsed.problems };
    });
    await inParallel(checked, lookupConcurrency, async (c) => {
      if (!c.row) return;
      const hostId = await hostIdOf(c.row.hostCreditCode);
      c.hostRegistered = hostId !== undefined;
      // A host known only from the file is not in the register yet: its link is checked below instead.
      c.problems.push(
        ...(await service.checkUpsert(
          ctx,
          { ...c.row.input, hostId: hostId ?? null },
          hostId === undefined ? withoutHost(fields) : fields,
        )),
      );
    });
    for (const c of checked) {
      if (!c.row) continue;
      const code = c.row.input.creditCode;
      const first = seen.get(code);
      if (first !== undefined && first < c.sheet.rowNumber) {
        c.problems.unshift(
          problem("creditCode", "duplicate_in_file", `与第 ${first} 行的统一社会信用代码重复`, `Same credit code as row ${first}`),
        );
      }
      const host = c.row.hostCreditCode;
      const hostRow = host === null ? undefined : seen.get(host);
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
      else seen.set(code, c.sheet.rowNumber);
    }
    return checked;
  };

  const accepted: ImportAcceptedRow[] = [];
  const apply = async (row: SheetRow, parsed: ImportRow): Promise<ImportRejection[]> => {
    try {
      const hostId = await hostIdOf(parsed.hostCreditCode);
      if (hostId === undefined) {
        throw errors.unprocessable([problem("hostCreditCode", "unknown_host", "出租方未登记", "Host not registered")]);
      }
      const { outcome, unit } = await service.upsert(ctx, { ...parsed.input, hostId }, fields);
      counts[outcome]++;
      accepted.push({ row: row.rowNumber, creditCode: unit.creditCode, enterpriseId: unit.id, outcome });
      return [];
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // Only a change to the register since the check pass (or a concurrent edit) gets here.
      counts.rejected++;
      counts.valid--;
      rejectedRows.add(row.rowNumber);
      const problems = error.problems.length > 0 ? error.problems : [{ path: "row", code: error.code, message: error.text }];
      return rejectionsOf(row, problems);
    }
  };

  let pending: SheetRow[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const rejections: ImportRejection[] = [];
    if (phase === "validate") {
      for (const c of await checkChunk(pending)) {
        counts.rowsRead++;
        if (c.row) counts.valid++;
        else {
          counts.rejected++;
          rejections.push(...rejectionsOf(c.sheet, c.problems));
        }
      }
    } else {
      // The rows the check pass accepted, applied in order a few at a time; a lessee waits for its host when
      // both are in the same group.
      let group: { sheet: SheetRow; row: ImportRow }[] = [];
      const applyGroup = async () => {
        for (const r of await Promise.all(group.map((g) => apply(g.sheet, g.row)))) rejections.push(...r);
        group = [];
      };
      for (const sheet of pending) {
        const row = rejectedRows.has(sheet.rowNumber) ? undefined : parseImportRow(sheet.values, places).row;
        if (!row) continue;
        const host = row.hostCreditCode;
        if (group.length >= applyConcurrency || (host !== null && group.some((g) => g.row.input.creditCode === host))) await applyGroup();
        group.push({ sheet, row });
      }
      await applyGroup();
    }
    await deps.imports.addRejections(tenantId, importId, rejections);
    await deps.imports.addAccepted(
      tenantId,
      importId,
      accepted.splice(0).sort((a, b) => a.row - b.row),
    );
    const last = pending[pending.length - 1] as SheetRow;
    pending = [];
    await save({ counts: { ...counts }, checkpointRow: last.rowNumber });
  };

  try {
    for await (const row of table.rows) {
      pending.push(row);
      if (pending.length >= (deps.importChunkRows ?? defaultChunkRows)) {
        await flush();
        if (budget.remainingMs() < reserveMs) {
          await table.rows.return(undefined);
          return { done: false, continueWith: { kind: "import", tenantId, importId } };
        }
      }
    }
  } catch (error) {
    // A file that turns out unreadable part-way (bad bytes, a broken zip) fails the import with the reader's
    // reason; nothing is retried, as a redelivery would read the same bytes.
    if (error instanceof DomainError) return fail(error.code, error.text.zh, error.text.en);
    throw error;
  }
  await flush();

  const now = deps.clock.now().toISOString();
  if (phase === "validate") {
    if (counts.rejected > 0 && job.mode === "all-or-nothing") {
      await save({ status: "rejected", totalRows: counts.rowsRead, finishedAt: now });
      return { done: true };
    }
    // The apply pass re-reads from the header; its rejections are the check pass's, so counts carry over.
    await save({ status: "importing", phase: "apply", totalRows: counts.rowsRead, checkpointRow: table.headerRow });
    return runImport(deps, tenantId, importId, budget);
  }
  const partial =
    job.mode === "all-or-nothing" && counts.rejected > 0
      ? {
          error: {
            code: "partially_applied",
            message: {
              zh: `检查通过后台账被修改，${counts.rejected} 行未能导入，其余已导入`,
              en: `The register changed after the check: ${counts.rejected} row(s) could not be applied; the rest were`,
            },
          },
        }
      : {};
  await save({ status: "completed", finishedAt: now, ...partial });
  return { done: true };
}
