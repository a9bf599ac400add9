// Export jobs (导出任务): a list too large to answer in one request — the register, hazards, a key hazard list, joint
// tackling, awarded stars, key inspection targets — written by the worker into a file the caller downloads through
// a short-lived signed link. The record keeps what was asked (list, format, filter as given), who asked (the
// principal, which the worker runs as), the state, the rows written so far and, once done, which file holds them.
// A job and its file are kept 7 days.
import { z } from "zod";
import { idPattern } from "#core/kernel/ids";
import type { Principal } from "#core/kernel/principal";

export const exportLists = ["enterprises", "hazards", "key-hazard-list", "joint-tackling", "star-awards", "supervision-targets"] as const;
export type ExportList = (typeof exportLists)[number];

export const exportFormats = ["xlsx", "csv"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportStates = ["queued", "running", "done", "failed", "expired"] as const;
export type ExportState = (typeof exportStates)[number];

export const ExportIdSchema = z.string().regex(idPattern, "an export id (26 characters)");

/** How long a job and its file are kept after the job is created. */
export const exportKeepMs = 7 * 24 * 3600 * 1000;
/** How long a download link holds (never past the job's own expiry). */
export const exportLinkMs = 15 * 60 * 1000;
/** Largest file an export writes (a register of 100,000 units is about 20 MB as CSV, 14 MB as .xlsx: BENCHMARKS.md). */
export const maxExportBytes = 1024 * 1024 * 1024;

const LocalizedSchema = z.object({ zh: z.string(), en: z.string() });

/** The job as stored. `principal`, `runId`, `leaseUntil`, `attempts` and `file` are the worker's, never answered. */
export interface ExportJob {
  readonly id: string;
  readonly list: ExportList;
  readonly format: ExportFormat;
  /** The filter as the request gave it (before the list's schema transformed it): parsed again by the worker. */
  readonly filter: Readonly<Record<string, unknown>>;
  readonly keyHazardListId: string | null;
  readonly state: ExportState;
  readonly rows: number;
  readonly bytes: number | null;
  readonly sha256: string | null;
  /** The blob key of the finished file. */
  readonly file: string | null;
  /** Who asked, as authentication found them: the worker reads the list as this principal. */
  readonly principal: Principal;
  readonly requestId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly expiresAt: string;
  readonly error: { readonly code: string; readonly message: { readonly zh: string; readonly en: string } } | null;
  /** The run that holds the job while it is running (each run writes a file of its own: `exports/<id>/<runId>`). */
  readonly runId: string | null;
  /** Until when that run's hold stands without news from it (every progress update moves it on). */
  readonly leaseUntil: string | null;
  /** Runs started so far: a job whose runs keep dying is failed rather than retried for ever. */
  readonly attempts: number;
  readonly version: number;
}

/** A job as the API answers it. */
export const ExportSchema = z.object({
  id: ExportIdSchema,
  list: z.enum(exportLists),
  format: z.enum(exportFormats),
  filter: z.record(z.string(), z.unknown()).meta({ description: "The filter as it was given" }),
  keyHazardListId: z.string().nullable(),
  state: z.enum(exportStates).meta({
    description: "queued → running → done | failed; any job is expired 7 days after it was created (its file deleted)",
  }),
  rows: z.number().int().meta({ description: "Rows written so far (updated every few thousand rows or seconds), all of them when done" }),
  bytes: z.number().int().nullable().meta({ description: "Size of the file, when done" }),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().meta({ description: "When the job and its file are deleted" }),
  download: z
    .object({
      url: z.string().meta({ description: "The file, without a credential: the signed link is one" }),
      expiresAt: z
        .string()
        .meta({ description: "The link holds 15 minutes (never past the job's expiry): GET the job again for a new one" }),
    })
    .nullable()
    .meta({ description: "When done and not expired" }),
  error: z.object({ code: z.string(), message: LocalizedSchema }).nullable(),
});
export type ExportView = z.infer<typeof ExportSchema>;

/** The state as of `now`: whatever is stored, a job past its expiry is expired. */
export function stateAt(job: Pick<ExportJob, "state" | "expiresAt">, now: Date): ExportState {
  return now.getTime() >= Date.parse(job.expiresAt) ? "expired" : job.state;
}

export function exportView(job: ExportJob, now: Date, download: ExportView["download"]): ExportView {
  return {
    id: job.id,
    list: job.list,
    format: job.format,
    filter: { ...job.filter },
    keyHazardListId: job.keyHazardListId,
    state: stateAt(job, now),
    rows: job.rows,
    bytes: job.bytes,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    expiresAt: job.expiresAt,
    download,
    error: job.error,
  };
}

/** Where run `runId` of a job writes its file: a key of its own per run, so no run can overwrite another's file. */
export function exportFileKey(job: Pick<ExportJob, "id" | "format">, runId: string): string {
  return `exports/${job.id}/${runId}.${job.format}`;
}

export const exportContentTypes: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};
