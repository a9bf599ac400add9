// The ports of the hazards domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/hazards/. Nothing here knows about AWS or HTTP.

import type { Hazard, HazardFilter, HazardSummary } from "#core/hazards/hazard";
import type { KeyHazardList, KeyHazardListFilter, KeyHazardListSummary } from "#core/hazards/key-hazard-list";
import type { Page, PageRequest, WriteContext } from "#core/kernel/ports";

export interface HazardRepository {
  /**
   * Creates (before undefined) or replaces at before.version (412 when stale), with its list entries and counters.
   * A hazard created from an assessment finding (`after.sourceRef`) is the only one for it: conflict
   * `finding_has_hazard` (details.hazardId) otherwise.
   */
  save(tenantId: string, change: { before: Hazard | undefined; after: Hazard }, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<Hazard | undefined>;
  /** Hazards by id (any number), in no particular order; missing ids are left out. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Hazard[]>;
  /** Newest found first; with `overdue`, open hazards whose deadline is before `today`, longest overdue first. */
  list(tenantId: string, filter: HazardFilter, today: string, page: PageRequest): Promise<Page<HazardSummary>>;
  /** The per-day counter rows of a scope (`all`, `town#…`, `industry#…`) for hazards found from `from` to `to`. */
  counters(tenantId: string, scope: string, from: string, to: string): Promise<Record<string, number>[]>;
}

export interface KeyHazardListRepository {
  /** Conflict `key_list_exists` (details.id) when the department already published one for the half month. */
  publish(tenantId: string, list: KeyHazardList, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<KeyHazardList | undefined>;
  /** Newest half month first. */
  list(tenantId: string, filter: KeyHazardListFilter, page: PageRequest): Promise<Page<KeyHazardListSummary>>;
}

/**
 * The escalation of a district's hazard to its city (联合攻坚), as hazards need it; the escalation domain's joint
 * tackling list implements it. A change of an escalated hazard is saved together with the city's snapshot of it,
 * and a hazard is read with the item it was escalated to. `Item` is that item: opaque to hazards.
 */
export interface HazardEscalations<Item> {
  saveHazard(districtId: string, change: { before: Hazard; after: Hazard }, write: WriteContext): Promise<void>;
  /** The item as `actingTenantId` (the district itself) may read it. */
  get(actingTenantId: string, cityId: string, districtId: string, hazardId: string): Promise<Item | undefined>;
}
