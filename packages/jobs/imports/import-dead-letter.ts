// An import whose job message reached the dead-letter queue (it failed on every delivery; locally, on every try of
// the in-process queue): the import is ended failed with `dead_lettered`, in Chinese and English, instead of
// staying "importing" for ever. Its checkpoint, counts and rows are kept, so a tenant-admin's resume
// (core/imports/import-service.ts) goes on from there.
import { deadLettered, finishedStatuses, type ImportJob } from "#core/imports/import";
import { auditEntry, diff } from "#core/kernel/audit";
import { isStale } from "#core/kernel/concurrency";
import { auditSource } from "#core/kernel/context";
import type { JobDeps } from "#jobs/deps";
import { principalOf } from "#jobs/imports/import-run";

/**
 * Fails the import of a dead-lettered message, as the official who started it (as its job's own saves are). An
 * import already finished (or never queued) is left as it is; so is one that another run saved meanwhile (a
 * duplicate message still running it), which that run finishes or fails itself.
 */
export async function failDeadLettered(deps: JobDeps, tenantId: string, importId: string): Promise<void> {
  const job = await deps.imports.get(tenantId, importId);
  if (!job || finishedStatuses.has(job.status) || job.status === "awaiting-upload") return;
  const { clock, ids } = deps;
  const now = clock.now().toISOString();
  const next: ImportJob = { ...job, status: "failed", error: deadLettered, finishedAt: now, updatedAt: now, version: job.version + 1 };
  const ctx = { principal: principalOf(job, tenantId), requestId: `import-${importId}` };
  const audit = auditEntry(auditSource(ctx, clock, ids), "import.failed", { type: "import", id: importId }, diff(job, next));
  try {
    await deps.imports.save(tenantId, { before: job, after: next }, { audit });
    deps.logger.error("Import failed on every try: marked failed (dead_lettered)", {
      tenantId,
      importId,
      checkpointRow: job.checkpointRow,
    });
  } catch (error) {
    if (!isStale(error)) throw error;
    deps.logger.warn("A dead-lettered import was saved by another run meanwhile; left to that run", { tenantId, importId });
  }
}
