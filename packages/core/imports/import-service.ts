// Use cases on imports: open one (then upload its file, to the API or straight to storage), start it, follow
// its progress and read its rejected rows. The rows themselves are checked and applied by the import job.
// Every upload is stored under a key of its own and the job is switched to it by one versioned save, so of two
// uploads at once exactly one is imported; the other is refused (409) and its file deleted.

import {
  type fileFormats,
  type ImportAcceptedRow,
  type ImportJob,
  type ImportRejection,
  importFileKey,
  importUploadKey,
  maxImportBytes,
  resumed,
  StartImportSchema,
  zeroCounts,
} from "#core/imports/import";
import type { ImportRepository } from "#core/imports/ports";
import { auditEntry, diff } from "#core/kernel/audit";
import { isStale } from "#core/kernel/concurrency";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors } from "#core/kernel/errors";
import type { BlobStore, Clock, DirectUpload, IdGenerator, Page, PageRequest, StoredBlob } from "#core/kernel/ports";
import { actorOf, requireTenantAccess, requireTenantAdmin } from "#core/kernel/principal";
import { savedDespite } from "#core/kernel/record-files";
import { parseOrThrow } from "#core/kernel/validation";
import type { JobQueue } from "#core/kernel/work";

export interface ImportServiceDeps {
  readonly imports: ImportRepository;
  readonly blobs: BlobStore;
  readonly queue: JobQueue;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type ImportService = ReturnType<typeof createImportService>;

/** How long a direct-upload form stays valid (within the signing session's cached credentials). */
const uploadFormSeconds = 900;

export function createImportService(deps: ImportServiceDeps) {
  const { imports, blobs, clock, ids } = deps;

  async function load(tenantId: string, id: string): Promise<ImportJob> {
    const job = await imports.get(tenantId, id);
    if (!job) throw errors.notFound("import", id);
    return job;
  }

  /** Saves the job (created when `before` is undefined) with its audit record, `import.<action>`. */
  async function saveJob(ctx: RequestContext, tenantId: string, before: ImportJob | undefined, after: ImportJob, action: string) {
    const audit = auditEntry(auditSource(ctx, clock, ids), `import.${action}`, { type: "import", id: after.id }, diff(before, after));
    await imports.save(tenantId, { before, after }, { audit });
  }

  async function replace(ctx: RequestContext, tenantId: string, job: ImportJob, patch: Partial<ImportJob>): Promise<ImportJob> {
    const next: ImportJob = { ...job, ...patch, updatedAt: clock.now().toISOString(), version: job.version + 1 };
    await saveJob(ctx, tenantId, job, next, "queue");
    return next;
  }

  function awaitingUpload(job: ImportJob) {
    if (job.status !== "awaiting-upload") {
      throw errors.conflict("import_already_started", {
        zh: "该导入任务已开始，不能再上传文件",
        en: "This import has started; its file cannot be replaced",
      });
    }
  }

  /**
   * Queues the import on the file just stored under `revision`: one versioned save from awaiting-upload. When
   * another upload won that save first, this one is refused (409) and its file deleted; nothing of it is imported.
   */
  async function queueStored(
    ctx: RequestContext,
    tenantId: string,
    job: ImportJob,
    revision: string,
    stored: StoredBlob,
  ): Promise<ImportJob> {
    const key = importFileKey(job.id, job.format, revision);
    let queued: ImportJob;
    try {
      if (stored.bytes === 0) throw errors.badRequest("empty_file", { zh: "导入文件为空", en: "The import file is empty" });
      let current = job;
      for (;;) {
        try {
          queued = await replace(ctx, tenantId, current, {
            status: "queued",
            bytes: stored.bytes,
            sha256: stored.sha256,
            fileRevision: revision,
            // Pinned here: the job reads exactly this file, whatever may come under its key later.
            fileEtag: stored.etag,
          });
          break;
        } catch (error) {
          if (!isStale(error)) throw error;
          current = await load(tenantId, job.id);
          awaitingUpload(current); // another upload won: refused
        }
      }
    } catch (error) {
      // A save whose answer was lost may have been applied: the record is read again before the file is deleted.
      let recorded: ImportJob | undefined;
      const applied = await savedDespite(error, {
        applied: async () => {
          // Only this upload's save names its revision.
          const stored = await load(tenantId, job.id);
          recorded = stored.fileRevision === revision ? stored : undefined;
          return recorded !== undefined;
        },
        discard: () => blobs.delete(tenantId, key),
      });
      if (!applied || !recorded) throw error;
      queued = recorded;
    }
    await deps.queue.send([{ kind: "import", tenantId, importId: job.id }]);
    return queued;
  }

  return {
    /** Opens an import for `fileName`; the file is uploaded next (PUT …/file, or the form when storage offers one). */
    async open(ctx: RequestContext, raw: unknown): Promise<{ job: ImportJob; upload: DirectUpload | undefined; contentType: string }> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const input = parseOrThrow(StartImportSchema, raw);
      const now = clock.now().toISOString();
      const format = input.fileName.toLowerCase().endsWith(".csv") ? "csv" : "xlsx";
      const job: ImportJob = {
        id: ids.next(),
        fileName: input.fileName,
        format,
        mode: input.mode,
        status: "awaiting-upload",
        phase: null,
        counts: zeroCounts,
        totalRows: null,
        bytes: null,
        sha256: null,
        fileRevision: null,
        fileEtag: null,
        checkpointRow: 0,
        headers: null,
        error: null,
        createdBy: actorOf(principal),
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
        version: 1,
      };
      await saveJob(ctx, principal.tenantId, undefined, job, "open");
      const contentType = format === "csv" ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      return {
        job,
        contentType,
        upload: await blobs.uploadForm(principal.tenantId, importUploadKey(job.id, format), contentType, uploadFormSeconds, maxImportBytes),
      };
    },

    /** Stores the file sent to the API and starts the import. `format` is what the file's bytes turned out to be. */
    async upload(
      ctx: RequestContext,
      id: string,
      format: (typeof fileFormats)[number],
      body: AsyncIterable<Uint8Array>,
    ): Promise<ImportJob> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const job = await load(principal.tenantId, id);
      awaitingUpload(job);
      if (format !== job.format) {
        throw errors.badRequest("file_format_mismatch", {
          zh: `文件内容是 ${format.toUpperCase()}，与文件名 ${job.fileName} 不符`,
          en: `The file is ${format.toUpperCase()}, not what its name ${job.fileName} says`,
        });
      }
      const revision = ids.next();
      const stored = await blobs.put(
        principal.tenantId,
        importFileKey(id, job.format, revision),
        body,
        "application/octet-stream",
        maxImportBytes,
      );
      return queueStored(ctx, principal.tenantId, job, revision, stored);
    },

    /** Starts an import whose file went straight to storage (the upload form): checked, kept, queued. */
    async start(ctx: RequestContext, id: string): Promise<ImportJob> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const job = await load(principal.tenantId, id);
      if (job.status === "queued") {
        // Starting again is safe: a job that never reached the queue (a failed send) is sent now; a job already
        // running ignores the extra message (its version is its lease).
        await deps.queue.send([{ kind: "import", tenantId: principal.tenantId, importId: id }]);
        return job;
      }
      if (job.status !== "awaiting-upload") return job;
      const uploadKey = importUploadKey(id, job.format);
      const uploaded = await blobs.get(principal.tenantId, uploadKey);
      if (uploaded === undefined) {
        throw errors.conflict("file_not_uploaded", { zh: "尚未上传导入文件", en: "The import file has not been uploaded yet" });
      }
      // Copied to a key of the API's own: a second POST to the form can change the upload, never what is imported.
      const revision = ids.next();
      const stored = await blobs.put(
        principal.tenantId,
        importFileKey(id, job.format, revision),
        uploaded,
        "application/octet-stream",
        maxImportBytes,
      );
      const queued = await queueStored(ctx, principal.tenantId, job, revision, stored);
      await blobs.delete(principal.tenantId, uploadKey).catch(() => undefined);
      return queued;
    },

    /**
     * Resumes an import its job's failures stopped (`dead_lettered`) from its checkpoint: a tenant-admin's call, once
     * what made every try fail is mended. Any other import: 409 naming no allowed move.
     */
    async resume(ctx: RequestContext, id: string): Promise<ImportJob> {
      const principal = requireTenantAdmin(ctx.principal);
      const job = await load(principal.tenantId, id);
      const next = resumed(job, clock.now().toISOString());
      if (!next) {
        const state = job.error ? `${job.status} (${job.error.code})` : job.status;
        throw errors.conflict(
          "illegal_transition",
          {
            zh: `导入任务当前状态为 ${state}，不能继续；允许的操作：无。只有连续多次运行失败而停止（dead_lettered）的导入才能继续`,
            en: `The import is ${state}; it cannot resume. Allowed: none. Only an import stopped after failing on every try (dead_lettered) can be resumed`,
          },
          { status: job.status, errorCode: job.error?.code ?? null, allowed: [] },
        );
      }
      // A concurrent resume or a dead letter saved meanwhile loses here (409 version_mismatch); nothing is sent twice.
      await saveJob(ctx, principal.tenantId, job, next, "resume");
      await deps.queue.send([{ kind: "import", tenantId: principal.tenantId, importId: id }]);
      return next;
    },

    async get(ctx: RequestContext, id: string): Promise<ImportJob> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      return load(principal.tenantId, id);
    },

    async list(ctx: RequestContext, page: PageRequest): Promise<Page<ImportJob>> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      return imports.list(principal.tenantId, page);
    },

    async accepted(ctx: RequestContext, id: string, page: PageRequest): Promise<Page<ImportAcceptedRow>> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      await load(principal.tenantId, id);
      return imports.accepted(principal.tenantId, id, page);
    },

    async rejections(ctx: RequestContext, id: string, page: PageRequest): Promise<Page<ImportRejection>> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      await load(principal.tenantId, id);
      return imports.rejections(principal.tenantId, id, page);
    },
  };
}
