// The ports of differentiated supervision (差异化监管) — the key-target list and benchmark enterprises (标杆企业):
// what their use cases need from storage, implemented over DynamoDB in packages/store/supervision/. Nothing here
// knows about AWS or HTTP.
import type { Page, PageRequest, WriteContext } from "#core/kernel/ports";
import type { BenchmarkEnterprise, BenchmarkFilter, BenchmarkTally } from "#core/supervision/benchmark-enterprise";
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
  /** How many units are key targets now: a count kept by every save, read in one GetItem (the monthly report's). */
  count(tenantId: string): Promise<number>;
  backfill(tenantId: string): Promise<TargetBackfill | undefined>;
  saveBackfill(tenantId: string, state: TargetBackfill, write: WriteContext): Promise<void>;
}

export interface BenchmarkEnterpriseRepository {
  /**
   * Stores a new designation with its list entries, the unit's slot for the year — a second standing designation
   * of the unit for the year is a conflict (`already_benchmark`, naming the standing one) — and one more on its
   * town's counter for the year, in one transaction.
   */
  designate(tenantId: string, designation: BenchmarkEnterprise, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<BenchmarkEnterprise | undefined>;
  /** Saves a withdrawal (if still at `before.version`): the record, its entries, the slot released, the counter moved. */
  withdraw(tenantId: string, before: BenchmarkEnterprise, after: BenchmarkEnterprise, write: WriteContext): Promise<void>;
  /** A year's designations, newest first; one town's, and/or in one state. */
  list(tenantId: string, filter: BenchmarkFilter, page: PageRequest): Promise<Page<BenchmarkEnterprise>>;
  /** A year's counters, one per town that had a designation that year. */
  tallies(tenantId: string, year: number): Promise<BenchmarkTally[]>;
  /** One town's counter for a year (zeros when it had none). */
  tally(tenantId: string, year: number, townId: string): Promise<BenchmarkTally>;
}
