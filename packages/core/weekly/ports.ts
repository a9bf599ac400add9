// The ports of the weekly domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/weekly/. Nothing here knows about AWS or HTTP.

import type { Page, PageRequest } from "#core/kernel/ports";
import type { StoredSnapshot, WeeklySnapshot, WorklistItem } from "#core/weekly/weekly";

export interface SnapshotRepository {
  /** Writes (or rewrites) the week's snapshot. */
  save(tenantId: string, stored: StoredSnapshot): Promise<void>;
  get(tenantId: string, week: string): Promise<StoredSnapshot | undefined>;
  /** The latest snapshot of a week before `week`, if any. */
  latestBefore(tenantId: string, week: string): Promise<StoredSnapshot | undefined>;
  /** Snapshots from `from` to `to` (inclusive), oldest first. */
  range(tenantId: string, from: string, to: string, page: PageRequest): Promise<Page<WeeklySnapshot>>;
  clearWorklist(tenantId: string, week: string): Promise<void>;
  addWorklist(tenantId: string, week: string, items: readonly WorklistItem[]): Promise<void>;
  worklist(tenantId: string, week: string, townId: string | undefined, page: PageRequest): Promise<Page<WorklistItem>>;
}
