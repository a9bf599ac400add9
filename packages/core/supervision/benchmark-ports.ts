// The ports of benchmark enterprises (标杆企业): what their use cases need from storage, implemented over DynamoDB
// in packages/store/supervision/benchmark-enterprise-repository.ts. Nothing here knows about AWS or HTTP.
import type { Page, PageRequest, WriteContext } from "#core/kernel/ports";
import type { BenchmarkEnterprise, BenchmarkFilter, BenchmarkTally } from "#core/supervision/benchmark-enterprise";

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
