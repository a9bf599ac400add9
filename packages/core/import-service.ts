// Use cases on imports: open one (then upload its file, to the API or straight to storage), start it, follow
// its progress and read its rejected rows. The rows themselves are checked and applied by the import job.
import type { RequestContext } from "#core/context";
import { errors } from "#core/errors";
import {
  type fileFormats,
  type ImportAcceptedRow,
  type ImportJob,
  type ImportRejection,
  importFileKey,
  maxImportBytes,
  StartImportSchema,
  zeroCounts,
} from "#core/import";
import type { BlobStore, Clock, DirectUpload, IdGenerator, ImportRepository, Page, PageRequest } from "#core/ports";
import { actorOf, requireTenantAccess } from "#core/principal";
import { parseOrThrow } from "#core/validation";
import type { JobQueue } from "#core/work";

export interface ImportServiceDeps {
  readonly imports: ImportRepository;
  readonly blobs: BlobStore;
  readonly queue: JobQueue;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type ImportService = ReturnType<typeof createImportService>;

/** How long a direct-upload URL stays valid (within the signing session's cached credentials). */
const uploadUrlSeconds = 900;

export function createImportService(deps: ImportServiceDeps) {
  const { imports, blobs, clock, ids } = deps;

  async function load(tenantId: string, id: string): Promise<ImportJob> {
    const job = await imports.get(tenantId, id);
    if (!job) throw errors.notFound("import", id);
    return job;
  }

  async function replace(tenantId: string, job: ImportJob, patch: Partial<ImportJob>): Promise<ImportJob> {
    const next: ImportJob = { ...job, ...patch, updatedAt: clock.now().toISOString(), version: job.version + 1 };
    await imports.save(tenantId, next, job.version);
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

  async function startStored(tenantId: string, job: ImportJob, bytes: number): Promise<ImportJob> {
    if (bytes === 0) throw errors.badRequest("empty_file", { zh: "导入文件为空", en: "The import file is empty" });
    if (bytes > maxImportBytes) {
      throw errors.badRequest("file_too_large", {
        zh: `导入文件超过 ${maxImportBytes / 1024 / 1024} MiB，请拆分后导入`,
        en: `The import file exceeds ${maxImportBytes / 1024 / 1024} MiB; split it`,
      });
    }
    const queued = await replace(tenantId, job, { status: "queued", bytes });
    await deps.queue.send([{ kind: "import", tenantId, importId: job.id }]);
    return queued;
  }

  return {
    /** Opens an import for `fileName`; the file is uploaded next (PUT …/file, or `uploadUrl` when storage offers one). */
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
        checkpointRow: 0,
        headers: null,
        error: null,
        createdBy: actorOf(principal),
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
        version: 1,
      };
      await imports.save(principal.tenantId, job, 0);
      const contentType = format === "csv" ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      return {
        job,
        contentType,
        upload: await blobs.uploadUrl(principal.tenantId, importFileKey(job.id, format), contentType, uploadUrlSeconds),
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
      const { bytes } = await blobs.put(principal.tenantId, importFileKey(id, job.format), body, "application/octet-stream");
      return startStored(principal.tenantId, job, bytes);
    },

    /** Starts an import whose file went straight to storage (uploadUrl). */
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
      const bytes = await blobs.size(principal.tenantId, importFileKey(id, job.format));
      if (bytes === undefined) {
        throw errors.conflict("file_not_uploaded", { zh: "尚未上传导入文件", en: "The import file has not been uploaded yet" });
      }
      return startStored(principal.tenantId, job, bytes);
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
