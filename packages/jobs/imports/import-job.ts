// Runs an import in two passes over the stored file, never holding more than a chunk of rows: first every row
// is checked (rejections saved as found), then — unless the file is rejected as a whole — the valid rows are
// applied by credit code. Progress and a checkpoint row are saved after every chunk; a run that stops (time
// budget, crash, redelivery) resumes after the checkpoint. Re-applying a row is harmless: upsert by credit
// code leaves an equal unit unchanged, and the row is still reported as this import first applied it
// (import-apply.ts). Of two runs at once (a duplicate delivery), the first to save the job goes on. The steps are named, over one explicit state (import-run.ts): open the
// file, check its header, restore what earlier runs left, then per chunk check or apply and checkpoint, and finish.
import type { ImportAcceptedRow, ImportRejection } from "#core/imports/import";
import { DomainError } from "#core/kernel/errors";
import type { JobDeps } from "#jobs/deps";
import { applyChunk } from "#jobs/imports/import-apply";
import { checkChunk, checkHeader, restoreProgress } from "#jobs/imports/import-check";
import {
  columns,
  failJob,
  type ImportRun,
  jobFile,
  LeaseLost,
  type RunOutcome,
  rejectionsOf,
  saveJob,
  startRun,
} from "#jobs/imports/import-run";
import type { JobBudget, JobOutcome } from "#jobs/messages";
import type { openTable, SheetRow } from "#tabular/read";

/** Rows per checkpoint by default: what a crash may cost to redo. */
const defaultChunkRows = 200;
/** A run stops at a checkpoint when less time than this is left. */
const reserveMs = 20_000;

/** One chunk of the pass the run is in, then its checkpoint: rejections, accepted rows, counts and the last row. */
async function processChunk(run: ImportRun, rows: readonly SheetRow[]): Promise<void> {
  if (rows.length === 0) return;
  const { counts } = run;
  let rejections: ImportRejection[] = [];
  let accepted: ImportAcceptedRow[] = [];
  if (run.phase === "validate") {
    for (const c of await checkChunk(run, rows)) {
      counts.rowsRead++;
      if (c.row) counts.valid++;
      else {
        counts.rejected++;
        rejections.push(...rejectionsOf(c.sheet, c.problems));
      }
    }
  } else {
    ({ rejections, accepted } = await applyChunk(run, rows));
  }
  await checkpoint(run, rows, rejections, accepted);
}

/** Saves what a chunk found, then the job's counts and checkpoint row: a resumed run starts after that row. */
async function checkpoint(
  run: ImportRun,
  rows: readonly SheetRow[],
  rejections: readonly ImportRejection[],
  accepted: ImportAcceptedRow[],
): Promise<void> {
  await run.deps.imports.addRejections(run.tenantId, run.importId, rejections);
  await run.deps.imports.addAccepted(
    run.tenantId,
    run.importId,
    accepted.sort((a, b) => a.row - b.row),
  );
  const last = rows[rows.length - 1] as SheetRow;
  await saveJob(run, { counts: { ...run.counts }, checkpointRow: last.rowNumber });
}

/** The end of a pass: a check pass rejects the file (all-or-nothing) or starts applying; an apply pass completes. */
async function finishPass(run: ImportRun, headerRow: number, budget: JobBudget): Promise<JobOutcome> {
  const { counts } = run;
  const now = run.deps.clock.now().toISOString();
  if (run.phase === "validate") {
    if (counts.rejected > 0 && run.job.mode === "all-or-nothing") {
      await saveJob(run, { status: "rejected", totalRows: counts.rowsRead, finishedAt: now });
      return { done: true };
    }
    // The apply pass re-reads from the header; its rejections are the check pass's, so counts carry over.
    await saveJob(run, { status: "importing", phase: "apply", totalRows: counts.rowsRead, checkpointRow: headerRow });
    return runPass(run.deps, run.tenantId, run.importId, budget);
  }
  const partial =
    run.job.mode === "all-or-nothing" && counts.rejected > 0
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
  await saveJob(run, { status: "completed", finishedAt: now, ...partial });
  return { done: true };
}

export async function runImport(deps: JobDeps, tenantId: string, importId: string, budget: JobBudget): Promise<JobOutcome> {
  try {
    return await runPass(deps, tenantId, importId, budget);
  } catch (error) {
    if (!(error instanceof LeaseLost)) throw error;
    // A duplicate delivery (or a redrive while a run was still going): the run that saved first goes on from its
    // checkpoint. What this one wrote meanwhile is what that one writes — the same units, outcomes and rejections —
    // so it stops as done rather than failing, which would only send its message round again towards the DLQ.
    deps.logger.warn("Import run stops: another run of this import saved first", { tenantId, importId });
    return { done: true };
  }
}

/** One pass of the run (the check pass goes on into the apply pass). */
async function runPass(deps: JobDeps, tenantId: string, importId: string, budget: JobBudget): Promise<JobOutcome> {
  const run = await startRun(deps, tenantId, importId);
  if (!run) return { done: true };

  // The file as it was stored when the import was queued (import-run.ts jobFile): another file under its key, or a
  // file that cannot be read, fails the import with that reason; a redelivery would meet the same.
  let opened: Awaited<ReturnType<typeof openTable>> | undefined;
  let stopped: RunOutcome | undefined;
  try {
    const source = await jobFile(run);
    if (!source) return failJob(run, "file_missing", "导入文件不存在，请重新上传", "The import file is missing; upload it again");
    // The readers (exceljs, csv-parse) load with the first import, not at the worker's cold start.
    const { openTable } = await import("#tabular/read");
    opened = await openTable(source, run.job.format, columns, { startAfterRow: run.job.checkpointRow });
    stopped = (await checkHeader(run, opened)) ?? (await restoreProgress(run, opened));
  } catch (error) {
    await opened?.rows.return(undefined);
    if (error instanceof DomainError) return failJob(run, error.code, error.text.zh, error.text.en);
    throw error;
  }
  if (stopped) return stopped;
  const table = opened;

  const chunkRows = deps.importChunkRows ?? defaultChunkRows;
  let pending: SheetRow[] = [];
  try {
    for await (const row of table.rows) {
      pending.push(row);
      if (pending.length >= chunkRows) {
        await processChunk(run, pending);
        pending = [];
        if (budget.remainingMs() < reserveMs) {
          await table.rows.return(undefined);
          return { done: false, continueWith: { kind: "import", tenantId, importId } };
        }
      }
    }
  } catch (error) {
    // A file that turns out unreadable part-way (bad bytes, a broken zip) fails the import with the reader's
    // reason; nothing is retried, as a redelivery would read the same bytes.
    if (error instanceof DomainError) return failJob(run, error.code, error.text.zh, error.text.en);
    throw error;
  }
  await processChunk(run, pending);
  return finishPass(run, table.headerRow, budget);
}
