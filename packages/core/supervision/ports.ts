// The ports of the key-target list (差异化监管): what its use cases need from storage, implemented over DynamoDB in
// packages/store/supervision/. Nothing here knows about AWS or HTTP.
import type { Page, PageRequest, WriteContext } from "#core/kernel/ports";
import type { SupervisionTarget, SupervisionTargetFilter } from "#core/supervision/supervision-target";

/** Where a tenant's backfill of the list stands: done with the rules of `rulesVersion`. */
export interface TargetBackfill {
  readonly rulesVersion: number;
  readonly completedAt: string;
  /** Units re-derived, and how many of them changed. */
  readonly units: number;
  readonly changed: number;
}

export interface SupervisionTargetRepository {
  /** The unit's row while it is a key target. */
  get(tenantId: string, enterpriseId: string): Promise<SupervisionTarget | undefined>;
  /**
   * Replaces the unit's row with its list entries, in one transaction: created when `before` is undefined, deleted
   * when `after` is, else replaced — each only if the stored row is still `before` (`version_mismatch` otherwise).
   */
  save(
    tenantId: string,
    enterpriseId: string,
    change: { before: SupervisionTarget | undefined; after: SupervisionTarget | undefined },
    write: WriteContext,
  ): Promise<void>;
  /** By town, then unit name: all, one town's, one reason's, or one reason's in one town — each one Query. */
  list(tenantId: string, filter: SupervisionTargetFilter, page: PageRequest): Promise<Page<SupervisionTarget>>;
  backfill(tenantId: string): Promise<TargetBackfill | undefined>;
  saveBackfill(tenantId: string, state: TargetBackfill, write: WriteContext): Promise<void>;
}
