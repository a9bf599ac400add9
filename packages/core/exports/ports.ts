// The ports of the exports domain: the job records (DynamoDB in packages/store/exports/) and the signed download
// links to their files. Nothing here knows about AWS or HTTP.
import type { ExportJob } from "#core/exports/export-job";
import type { Change, Page, PageRequest, WriteContext } from "#core/kernel/ports";

export interface ExportRepository {
  /** Creates the job with its audit (and idempotency) record. */
  create(tenantId: string, job: ExportJob, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<ExportJob | undefined>;
  /** Newest first. */
  list(tenantId: string, page: PageRequest): Promise<Page<ExportJob>>;
  /**
   * Replaces the job while it is still at `before.version`: true when it was, false when someone else moved it
   * first (another run, a GET that found it expired). The worker's state changes are these conditional writes.
   */
  transition(tenantId: string, change: Change<ExportJob>): Promise<boolean>;
  /**
   * Records the rows written so far and moves the run's lease on, while run `runId` still holds the job (running,
   * same run); false when it does not any more. Leaves the version alone: a progress update is no state change.
   */
  progress(tenantId: string, id: string, update: { runId: string; rows: number; at: string; leaseUntil: string }): Promise<boolean>;
}

export interface ExportLinkClaims {
  readonly tenantId: string;
  readonly exportId: string;
  /** The run whose file the link names. */
  readonly runId: string;
  readonly expiresAt: string;
}

export interface ExportLinks {
  sign(claims: ExportLinkClaims): Promise<string>;
  /** The claims of a link the platform made, expired or not; undefined for anything else. */
  verify(token: string): Promise<ExportLinkClaims | undefined>;
}
