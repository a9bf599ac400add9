// The ports of the imports domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/imports/. Nothing here knows about AWS or HTTP.

import type { ImportAcceptedRow, ImportJob, ImportRejection } from "#core/imports/import";
import type { Change, Page, PageRequest, WriteContext } from "#core/kernel/ports";

export interface ImportRepository {
  /** Creates or replaces the job at before.version (`version_mismatch` when stale: the run's lease is lost). */
  save(tenantId: string, change: Change<ImportJob>, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<ImportJob | undefined>;
  /** Newest first. */
  list(tenantId: string, page: PageRequest): Promise<Page<ImportJob>>;
  /** Idempotent: a rejection is keyed by row and field, so a resumed run rewrites rather than repeats. */
  addRejections(tenantId: string, id: string, rejections: readonly ImportRejection[]): Promise<void>;
  rejections(tenantId: string, id: string, page: PageRequest): Promise<Page<ImportRejection>>;
  /** Idempotent like addRejections: keyed by row. */
  addAccepted(tenantId: string, id: string, rows: readonly ImportAcceptedRow[]): Promise<void>;
  accepted(tenantId: string, id: string, page: PageRequest): Promise<Page<ImportAcceptedRow>>;
}
