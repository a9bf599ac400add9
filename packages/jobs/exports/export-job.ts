// Runs an export job: claims it (a conditional write: of two deliveries at once exactly one wins), streams the list's
// rows from its domain's `exportRows` generator through the spreadsheet writer into the blob store — one page of
// rows in memory, never the list — reporting progress every few thousand rows or seconds, and records it done with
// its file, or failed with the reason. Each run writes a file of its own (`exports/<id>/<runId>`), and only the run
// that still holds the job may record it done, so a redelivered message never leaves a second file behind: it finds
// the job finished (nothing to do), held by a live run (nothing to do), or left by a dead run (it deletes that
// run's file, if any, and starts over).
import { type ExportJob, exportContentTypes, exportFileKey, maxExportBytes, stateAt } from "#core/exports/export-job";
import { type ExportSheets, exportSheets, requestOf } from "#core/exports/export-sources";
import { DomainError } from "#core/kernel/errors";
import type { JobDeps } from "#jobs/deps";
import type { JobBudget, JobMessage, JobOutcome } from "#jobs/messages";

/** Progress is recorded after this many rows, or this much time, whichever comes first: not per row. */
const progressEveryRows = 2000;
const progressEveryMs = 5000;
/** A run's hold on the job lasts this long past its last progress update: a run that died is taken over after it. */
const leaseMs = 5 * 60 * 1000;
/** Runs a job may start before it is failed (each died, or was cut off by the queue). */
const maxAttempts = 3;
/** A run with less time than this left stops and fails the job (a stream cannot be resumed in a new message). */
const reserveMs = 30_000;

const done: JobOutcome = { done: true };

/** Why a run stopped writing before the rows ran out. */
class Stopped extends Error {
  readonly why: "lost" | "out-of-time";
  constructor(why: "lost" | "out-of-time") {
    super(`export run stopped: ${why}`);
    this.why = why;
  }
}

interface Run {
  readonly deps: JobDeps;
  readonly tenantId: string;
  /** The job as this run claimed it (progress updates leave its version as it is). */
  readonly job: ExportJob & { runId: string };
}

function iso(deps: JobDeps, plusMs = 0): string {
  return new Date(deps.clock.now().getTime() + plusMs).toISOString();
}

/** Ends the claimed job (done, failed): false when the run no longer held it. */
function finish(run: Run, patch: Partial<ExportJob>): Promise<boolean> {
  const now = iso(run.deps);
  const after: ExportJob = { ...run.job, ...patch, leaseUntil: null, updatedAt: now, finishedAt: now, version: run.job.version + 1 };
  return run.deps.exports.transition(run.tenantId, { before: run.job, after });
}

async function fail(run: Run, code: string, message: { zh: string; en: string }): Promise<JobOutcome> {
  await finish(run, { state: "failed", error: { code, message } });
  return done;
}

/** Claims the job for a new run, or says why there is nothing to run. */
async function claim(deps: JobDeps, tenantId: string, exportId: string): Promise<Run | undefined> {
  const job = await deps.exports.get(tenantId, exportId);
  if (!job || job.state === "done" || job.state === "failed" || job.state === "expired") return undefined;
  const now = deps.clock.now();
  const dead = job.runId;
  const dropDeadFile = async () => {
    if (dead) await deps.blobs.delete(tenantId, exportFileKey(job, dead));
  };
  const ended = (patch: Partial<ExportJob>) =>
    deps.exports.transition(tenantId, {
      before: job,
      after: { ...job, ...patch, runId: null, leaseUntil: null, updatedAt: now.toISOString(), version: job.version + 1 },
    });
  if (stateAt(job, now) === "expired") {
    if (await ended({ state: "expired" })) await dropDeadFile();
    return undefined;
  }
  // Another run holds it and is alive: its own message comes back if it dies.
  if (job.state === "running" && job.leaseUntil !== null && Date.parse(job.leaseUntil) > now.getTime()) return undefined;
  if (job.attempts >= maxAttempts) {
    const error = {
      code: "export_attempts_exhausted",
      message: {
        zh: `导出已尝试 ${job.attempts} 次均未完成，请缩小筛选范围后重新导出`,
        en: `The export did not finish in ${job.attempts} attempts; narrow the filter and export again`,
      },
    };
    if (await ended({ state: "failed", error, finishedAt: now.toISOString() })) await dropDeadFile();
    return undefined;
  }
  const runId = deps.ids.next();
  const claimed: ExportJob & { runId: string } = {
    ...job,
    state: "running",
    runId,
    leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
    attempts: job.attempts + 1,
    rows: 0,
    startedAt: job.startedAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    version: job.version + 1,
  };
  if (!(await deps.exports.transition(tenantId, { before: job, after: claimed }))) return undefined;
  await dropDeadFile(); // a run that died after storing its file but before recording it
  return { deps, tenantId, job: claimed };
}

export async function runExport(
  deps: JobDeps,
  message: Extract<JobMessage, { kind: "export" }>,
  budget: JobBudget,
  sheets: ExportSheets = exportSheets(deps),
): Promise<JobOutcome> {
  const run = await claim(deps, message.tenantId, message.exportId);
  if (!run) return done;
  const { job, tenantId } = run;
  const key = exportFileKey(job, job.runId);
  let rows = 0;
  try {
    const sheet = sheets(requestOf(job));
    // The worker reads as the official (or key) who asked, with the permissions they had then.
    const source = sheet.rows({ principal: job.principal, requestId: `export-${job.id}` });
    let since = performance.now();
    let reported = 0;
    const counted = async function* () {
      for await (const row of source) {
        yield row;
        rows++;
        if (rows - reported < progressEveryRows && performance.now() - since < progressEveryMs) continue;
        if (budget.remainingMs() < reserveMs) throw new Stopped("out-of-time");
        const held = await deps.exports.progress(tenantId, job.id, {
          runId: job.runId,
          rows,
          at: iso(deps),
          leaseUntil: iso(deps, leaseMs),
        });
        if (!held) throw new Stopped("lost");
        reported = rows;
        since = performance.now();
      }
    };
    const columns = [...sheet.columns];
    // The spreadsheet writers (exceljs and its streams) load with the first export, not at the worker's cold start.
    const { csvBytes, xlsxBytes } = await import("#tabular/write");
    const bytes = job.format === "csv" ? csvBytes(columns, counted()) : xlsxBytes(columns, counted(), { sheetName: sheet.title });
    // Nothing appears under the key unless the whole file was stored (BlobStore's rule).
    const stored = await deps.blobs.put(tenantId, key, bytes, exportContentTypes[job.format], maxExportBytes);
    const recorded = await finish(run, { state: "done", rows, bytes: stored.bytes, sha256: stored.sha256, file: key, error: null });
    // Another run took the job over meanwhile (this one stalled past its lease): its file is the one, not this.
    if (!recorded) await deps.blobs.delete(tenantId, key);
    return done;
  } catch (error) {
    if (error instanceof Stopped && error.why === "lost") return done;
    if (error instanceof Stopped) {
      return fail(run, "export_out_of_time", {
        zh: `导出在写入 ${rows} 行后超出运行时限，请缩小筛选范围后重新导出`,
        en: `The export ran out of time after ${rows} rows; narrow the filter and export again`,
      });
    }
    // What the list itself refuses (its key hazard list deleted, a town gone, the file too large) fails the job;
    // a redelivery would meet the same.
    if (error instanceof DomainError) return fail(run, error.code, error.text);
    // Anything else (storage or DynamoDB failing) may pass: the job goes back to the queue's retry, unheld.
    await deps.exports.transition(tenantId, {
      before: job,
      after: { ...job, state: "queued", leaseUntil: null, updatedAt: iso(deps), version: job.version + 1 },
    });
    throw error;
  }
}
