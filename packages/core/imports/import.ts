// Register imports (导入): an official's Excel/CSV file checked row by row, then applied by credit code. The
// job record carries the status, progress and checkpoint; every rejected row is kept with its row number,
// column and reason. "all-or-nothing" (default) imports nothing when any row is rejected; "valid-only" imports
// the rows that pass.

import { z } from "zod";
import { idPattern } from "#core/kernel/ids";
import { singleLine } from "#core/kernel/text";

export const importModes = ["all-or-nothing", "valid-only"] as const;
export type ImportMode = (typeof importModes)[number];

export const importStatuses = ["awaiting-upload", "queued", "validating", "importing", "completed", "rejected", "failed"] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const finishedStatuses: ReadonlySet<ImportStatus> = new Set(["completed", "rejected", "failed"]);

export const ImportIdSchema = z.string().regex(idPattern, "an import id (26 characters)");

export const fileFormats = ["xlsx", "csv"] as const;

export const StartImportSchema = z.strictObject({
  fileName: singleLine(200)
    // Any case, spelled out: a regex flag does not survive into the OpenAPI pattern (it came out as "…$/i").
    .regex(/\.([xX][lL][sS][xX]|[cC][sS][vV])$/, "a .xlsx or .csv file name")
    .meta({ example: "贾汪区企业台账2026.xlsx" }),
  mode: z.enum(importModes).default("all-or-nothing").meta({
    description: "all-or-nothing: a file with any rejected row imports nothing | valid-only: import the rows that pass",
  }),
});

const CountsSchema = z.object({
  rowsRead: z.number().int().meta({ description: "Data rows read so far (blank rows are skipped)" }),
  valid: z.number().int(),
  rejected: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type ImportCounts = z.infer<typeof CountsSchema>;
export const zeroCounts: ImportCounts = { rowsRead: 0, valid: 0, rejected: 0, created: 0, updated: 0, unchanged: 0 };

export const ImportJobSchema = z.object({
  id: ImportIdSchema,
  fileName: z.string(),
  format: z.enum(fileFormats),
  mode: z.enum(importModes),
  status: z.enum(importStatuses),
  phase: z.enum(["validate", "apply"]).nullable().meta({ description: "Which pass is running: checking every row, then applying" }),
  counts: CountsSchema,
  totalRows: z.number().int().nullable().meta({ description: "Known after the check pass" }),
  bytes: z.number().int().nullable(),
  sha256: z.string().nullable().meta({ description: "SHA-256 (hex) of the file being imported; null until uploaded" }),
  fileRevision: z.string().nullable().meta({ description: "Which upload this import reads; null until uploaded" }),
  fileEtag: z
    .string()
    .nullable()
    .meta({
      description:
        "Storage's tag (ETag) of the stored file, pinned when the import was queued: every read of the check and apply passes " +
        "reads exactly that file, or the import fails with file_replaced; null until uploaded (and for imports queued before pinning)",
    }),
  /** The last row (as numbered in the file) whose outcome is saved; a resumed run starts after it. */
  checkpointRow: z.number().int(),
  headers: z
    .object({
      matched: z.record(z.string(), z.string()),
      unknown: z.array(z.string()),
      retired: z
        .array(z.object({ field: z.string(), column: z.string(), message: z.object({ zh: z.string(), en: z.string() }) }))
        .optional()
        .meta({ description: "Columns of the file that imports no longer read (e.g. 开展星级评定), each with why and what to do instead" }),
    })
    .nullable()
    .meta({ description: "Which file column fed which field, and columns that were ignored" }),
  error: z.object({ code: z.string(), message: z.object({ zh: z.string(), en: z.string() }) }).nullable(),
  createdBy: z.object({ kind: z.string(), id: z.string(), role: z.string().optional(), person: z.string().optional() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  version: z.number().int().positive(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

export const ImportRejectionSchema = z.object({
  row: z.number().int().meta({ description: "Row number as Excel shows it" }),
  field: z.string().meta({ description: "Field key (name, creditCode, firstResponsible.phone…)" }),
  column: z.string().nullable().meta({ description: "The file's header for that field, when it had one" }),
  code: z.string(),
  message: z.object({ zh: z.string(), en: z.string() }),
  value: z.string().nullable(),
});
export type ImportRejection = z.infer<typeof ImportRejectionSchema>;

export const ImportAcceptedRowSchema = z.object({
  row: z.number().int().meta({ description: "Row number as Excel shows it" }),
  creditCode: z.string(),
  enterpriseId: z.string().meta({ description: "The unit the row created or matched" }),
  outcome: z.enum(["created", "updated", "unchanged"]),
});
export type ImportAcceptedRow = z.infer<typeof ImportAcceptedRowSchema>;

/**
 * Why an import failed when its job failed on every delivery (SQS's three, then the dead-letter queue; locally the
 * in-process queue's tries). Its checkpoint is kept: a tenant-admin resumes it from there (POST …/resume).
 */
export const deadLettered: NonNullable<ImportJob["error"]> = {
  code: "dead_lettered",
  message: {
    zh: "导入任务连续多次运行失败，已停止；已检查和已导入的行均保留。租户管理员可从检查点继续导入（POST /v1/imports/{id}/resume）",
    en:
      "The import's job failed on every try and was stopped; the rows already checked and applied are kept. A tenant-admin " +
      "can resume it from its checkpoint (POST /v1/imports/{id}/resume)",
  },
};

/**
 * What resuming a dead-lettered import makes of it: back to the status of the pass it was in (queued, validating
 * or importing), without its error, so the job goes on after its checkpoint; undefined for any other import.
 */
export function resumed(job: ImportJob, now: string): ImportJob | undefined {
  if (job.status !== "failed" || job.error?.code !== deadLettered.code) return undefined;
  const status = job.phase === "apply" ? "importing" : job.phase === "validate" ? "validating" : "queued";
  return { ...job, status, error: null, finishedAt: null, updatedAt: now, version: job.version + 1 };
}

/** Largest import file accepted (through the API or uploaded straight to storage). */
export const maxImportBytes = 64 * 1024 * 1024;

/**
 * Where an import's file is kept in the tenant's blob store: each upload under a key of its own (BlobStore's
 * rule), the job naming the one it imports; jobs queued before revisions existed read the revision-less key.
 */
export function importFileKey(id: string, format: (typeof fileFormats)[number], revision: string | null): string {
  return revision === null ? `imports/${id}.${format}` : `imports/${id}/${revision}.${format}`;
}

/** Where a direct upload to storage lands before POST …/start checks it and keeps it (BlobStore.uploadForm). */
export const importUploadKey = (id: string, format: (typeof fileFormats)[number]) => `uploads/imports/${id}.${format}`;
