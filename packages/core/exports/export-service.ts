// Use cases on export jobs: ask for one (checked at once: the list's read permission, its filter, and the list's
// own checks, by reading its first row), follow it, list the tenant's, and fetch its file through a signed link.
// The rows themselves are written by the export job (packages/jobs/exports), as the caller who asked.
import {
  type ExportJob,
  type ExportView,
  exportContentTypes,
  exportFileKey,
  exportKeepMs,
  exportLinkMs,
  exportView,
  stateAt,
} from "#core/exports/export-job";
import {
  CreateExportSchema,
  type ExportSheets,
  type ExportSourceDeps,
  exportFamilies,
  exportSheets,
  requestOf,
} from "#core/exports/export-sources";
import type { ExportLinks, ExportRepository } from "#core/exports/ports";
import { auditEntry, diff } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import { idPattern } from "#core/kernel/ids";
import type { BlobStore, IdempotencyClaim, Page, PageRequest } from "#core/kernel/ports";
import { permits, requireTenantAccess, type TenantPrincipal } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { JobQueue } from "#core/kernel/work";

export interface ExportServiceDeps extends ExportSourceDeps {
  readonly exports: ExportRepository;
  readonly exportLinks: ExportLinks;
  readonly blobs: BlobStore;
  readonly queue: JobQueue;
}

/** What a download link leads to: the file, a link past its time (410), or nothing the platform knows (404). */
export type LinkedExportFile =
  | { state: "ok"; body: AsyncIterable<Uint8Array>; contentType: string; fileName: string; asciiName: string }
  | { state: "expired"; expiresAt: string }
  | { state: "unknown" };

export type ExportService = ReturnType<typeof createExportService>;

/** The caller as a tenant's: platform operators never read a tenant's data. */
function tenantPrincipal(ctx: RequestContext): TenantPrincipal {
  if (ctx.principal.kind === "platform") {
    throw errors.forbidden("insufficient_permission", {
      zh: "平台管理员不能读取租户的导出任务",
      en: "Platform operators cannot read a tenant's exports",
    });
  }
  return ctx.principal;
}

export function createExportService(deps: ExportServiceDeps, sheets: ExportSheets = exportSheets(deps)) {
  const { exports, clock, ids } = deps;

  /** The tenant's job `id`, readable by the caller (who needs the read permission of the job's list). */
  async function load(ctx: RequestContext, id: string): Promise<{ tenantId: string; job: ExportJob }> {
    const { tenantId } = tenantPrincipal(ctx);
    const job = idPattern.test(id) ? await exports.get(tenantId, id) : undefined;
    if (!job) throw errors.notFound("export", id);
    requireTenantAccess(ctx.principal, exportFamilies[job.list], "read");
    return { tenantId, job };
  }

  /**
   * The job as answered: with a fresh download link while it is done and not expired. A job found past its expiry
   * has its file deleted and is recorded expired (where the storage has no lifecycle rule of its own to do it).
   */
  async function answer(tenantId: string, job: ExportJob): Promise<ExportView> {
    const now = clock.now();
    if (stateAt(job, now) === "expired") {
      if (job.state !== "expired") await expire(tenantId, job);
      return exportView(job, now, null);
    }
    if (job.state !== "done" || job.runId === null) return exportView(job, now, null);
    const expiresAt = new Date(Math.min(now.getTime() + exportLinkMs, Date.parse(job.expiresAt))).toISOString();
    const token = await deps.exportLinks.sign({ tenantId, exportId: job.id, runId: job.runId, expiresAt });
    return exportView(job, now, { url: `/p/${tenantId}/export-files/${token}`, expiresAt });
  }

  async function expire(tenantId: string, job: ExportJob): Promise<void> {
    if (job.file) await deps.blobs.delete(tenantId, job.file);
    const now = clock.now().toISOString();
    // Lost to the worker or another reader: whoever won recorded it; the file is gone either way.
    await exports.transition(tenantId, {
      before: job,
      after: { ...job, state: "expired", file: null, runId: null, leaseUntil: null, updatedAt: now, version: job.version + 1 },
    });
  }

  return {
    /**
     * Queues an export of `raw` (CreateExportSchema) as the caller. Whatever would make the job fail at once is
     * refused now instead: the read permission (403), the filter (400), and what the list's own checks refuse —
     * an unknown town (422), a key hazard list that is not there (404), a city-only list (409) — by reading the
     * list's first row the way the worker will.
     */
    async start(ctx: RequestContext, raw: unknown, claim: IdempotencyClaim | undefined): Promise<CreateOutcome<ExportView>> {
      const request = parseOrThrow(CreateExportSchema, raw);
      const principal = requireTenantAccess(ctx.principal, exportFamilies[request.list], "read");
      const given = (raw as { filter?: Record<string, unknown> }).filter ?? {};
      return idempotentCreate(deps.idempotency, principal.tenantId, claim, async (claim) => {
        const rows = sheets(request).rows(ctx);
        try {
          await rows.next();
        } finally {
          await rows.return(undefined);
        }
        const at = clock.now();
        const job: ExportJob = {
          id: ids.next(),
          list: request.list,
          format: request.format,
          filter: given,
          keyHazardListId: request.list === "key-hazard-list" ? request.keyHazardListId : null,
          state: "queued",
          rows: 0,
          bytes: null,
          sha256: null,
          file: null,
          principal,
          requestId: ctx.requestId,
          createdAt: at.toISOString(),
          updatedAt: at.toISOString(),
          startedAt: null,
          finishedAt: null,
          expiresAt: new Date(at.getTime() + exportKeepMs).toISOString(),
          error: null,
          runId: null,
          leaseUntil: null,
          attempts: 0,
          version: 1,
        };
        const body = exportView(job, at, null);
        const asked = { list: job.list, format: job.format, filter: job.filter, keyHazardListId: job.keyHazardListId };
        const audit = auditEntry(auditSource(ctx, clock, ids), "export.create", { type: "export", id: job.id }, diff(undefined, asked));
        await exports.create(principal.tenantId, job, { audit, idempotency: idempotencyWrite(claim, 202, body) });
        await deps.queue.send([{ kind: "export", tenantId: principal.tenantId, exportId: job.id }]);
        return { status: 202, body };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<ExportView> {
      const { tenantId, job } = await load(ctx, id);
      return answer(tenantId, job);
    },

    /**
     * The tenant's jobs, newest first: only those of lists the caller may read, so a page may be short (follow
     * nextCursor). Done jobs carry a fresh link each.
     */
    async list(ctx: RequestContext, page: PageRequest): Promise<Page<ExportView>> {
      const principal = tenantPrincipal(ctx);
      const found = await exports.list(principal.tenantId, page);
      const readable = found.items.filter((job) => permits(principal, exportFamilies[job.list], "read"));
      return { items: await Promise.all(readable.map((job) => answer(principal.tenantId, job))), nextCursor: found.nextCursor };
    },

    /**
     * The file a download link names, while the link holds: made by the platform for this tenant (the one in the
     * link's path), not expired, and naming the run whose file the job still holds. No principal: the link is the
     * credential.
     */
    async linkedFile(tenantId: string, token: string): Promise<LinkedExportFile> {
      const claims = await deps.exportLinks.verify(token);
      if (!claims || claims.tenantId !== tenantId) return { state: "unknown" };
      const now = clock.now();
      if (now.getTime() >= Date.parse(claims.expiresAt)) return { state: "expired", expiresAt: claims.expiresAt };
      const job = await exports.get(tenantId, claims.exportId);
      if (!job || job.runId !== claims.runId) return { state: "unknown" };
      if (stateAt(job, now) === "expired") return { state: "expired", expiresAt: job.expiresAt };
      if (job.state !== "done" || !job.file) return { state: "unknown" };
      const body = await deps.blobs.get(tenantId, exportFileKey(job, job.runId));
      if (!body) return { state: "unknown" };
      const sheet = sheets(requestOf(job));
      return {
        state: "ok",
        body,
        contentType: exportContentTypes[job.format],
        fileName: `${sheet.title}-${chinaDate(new Date(job.createdAt))}.${job.format}`,
        asciiName: `${sheet.asciiName}.${job.format}`,
      };
    },
  };
}
