// The ports of the register domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/register/. Nothing here knows about AWS or HTTP.

import type { DeletionLease } from "#core/kernel/deletion-lease";
import type { Change, Page, PageRequest, WriteContext } from "#core/kernel/ports";
import type { Accident } from "#core/register/accident";
import type { ChangeFeedEntry, Enterprise, EnterpriseChange, EnterpriseFilter, EnterpriseSummary } from "#core/register/enterprise";
import type { Grid, Town } from "#core/register/town";

/**
 * A change to one unit of the register, saved atomically: the unit itself (created when `before` is undefined,
 * else replaced if still at `before.version`), its history entry, its change-feed entry for the weekly refresh,
 * and checks that the town, grid and host it starts referencing still exist and are not being deleted (the host at
 * the version that was read): 409 `reference_being_deleted` / `reference_changed` otherwise.
 */
export interface EnterpriseMutation {
  readonly before: Enterprise | undefined;
  readonly after: Enterprise;
  readonly change: EnterpriseChange;
  readonly feed: ChangeFeedEntry;
  readonly references: { readonly townId: string; readonly gridId: string | null; readonly host: Enterprise | null };
  /** A soft deletion's lease (#core/kernel/deletion-lease): the unit is replaced only while it still holds it. */
  readonly lease?: DeletionLease;
}

/** A record at the version a deletion read. */
export interface Versioned {
  readonly id: string;
  readonly version: number;
}

export interface LesseeCounts {
  readonly total: number;
  readonly byRiskLevel: Readonly<Record<string, number>>;
}

export interface EnterpriseRepository {
  /** Conflict `credit_code_taken` (naming the registered unit) when the code is taken; `version_mismatch` when stale. */
  save(tenantId: string, mutation: EnterpriseMutation, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<Enterprise | undefined>;
  /** Units by id (any number), in no particular order; missing ids are left out. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Enterprise[]>;
  /** The id of the unit registered under a credit code (deleted units keep their code). */
  idByCreditCode(tenantId: string, creditCode: string): Promise<string | undefined>;
  list(tenantId: string, filter: EnterpriseFilter, page: PageRequest): Promise<Page<EnterpriseSummary>>;
  history(tenantId: string, id: string, page: PageRequest): Promise<Page<EnterpriseChange>>;
  /** Lessees of the host (not deleted), strongly consistent. */
  lesseeCounts(tenantId: string, hostId: string): Promise<LesseeCounts>;
  /**
   * Sets a deletion's lease on the unit at `unit.version` (#core/kernel/deletion-lease): 412 when it changed,
   * 409 `deletion_in_progress` when another deletion holds it.
   */
  markDeleting(tenantId: string, unit: Versioned, lease: DeletionLease): Promise<void>;
  /** Takes the lease off the unit, if it still holds it. */
  clearDeleting(tenantId: string, id: string, lease: DeletionLease): Promise<void>;
  /**
   * How many units (not deleted) the town has now: its list partition counted (no items returned, but every entry
   * read, 1 MB a page), so the cost follows the town's size. For figures asked now and then, not per unit.
   */
  countInTown(tenantId: string, townId: string): Promise<number>;
  /** Units (not deleted) whose reviewedAt is before `cutoff`, oldest first. */
  stale(tenantId: string, cutoff: string, page: PageRequest): Promise<Page<Enterprise>>;
  /** The change feed of one ISO week (Asia/Shanghai), in time order. */
  changeFeed(tenantId: string, week: string, page: PageRequest): Promise<Page<ChangeFeedEntry>>;
}

export interface TownRepository {
  /** Conflict `town_name_taken` when the name is used in the tenant. */
  saveTown(tenantId: string, change: Change<Town>, write: WriteContext): Promise<void>;
  getTown(tenantId: string, id: string): Promise<Town | undefined>;
  listTowns(tenantId: string, page: PageRequest): Promise<Page<Town>>;
  /** Deletes the town while it is at `town.version` and holds `lease` (#core/kernel/deletion-lease). */
  deleteTown(tenantId: string, town: Town, lease: DeletionLease, write: WriteContext): Promise<void>;
  /**
   * Conflict `grid_name_taken` when the name is used in the town; a grid created, or moved to another town or
   * parent, checks that town and parent grid in its transaction (409 `reference_being_deleted` / `reference_changed`).
   */
  saveGrid(tenantId: string, change: Change<Grid>, write: WriteContext): Promise<void>;
  getGrid(tenantId: string, id: string): Promise<Grid | undefined>;
  listGrids(tenantId: string, townId: string | undefined, page: PageRequest): Promise<Page<Grid>>;
  /** Every grid of the town, strongly consistent (what a deletion checks; listGrids by town reads an index). */
  gridsOfTown(tenantId: string, townId: string): Promise<Grid[]>;
  /** Deletes the grid while it is at `grid.version` and holds `lease`. */
  deleteGrid(tenantId: string, grid: Grid, lease: DeletionLease, write: WriteContext): Promise<void>;
  /**
   * Sets a deletion's lease on the town or grid at `record.version`: 412 when it changed, 409
   * `deletion_in_progress` when another deletion holds it.
   */
  markDeleting(tenantId: string, kind: "town" | "grid", record: Versioned, lease: DeletionLease): Promise<void>;
  /** Takes the lease off the town or grid, if it still holds it. */
  clearDeleting(tenantId: string, kind: "town" | "grid", id: string, lease: DeletionLease): Promise<void>;
}

export interface AccidentRepository {
  /** Stores a new accident record of a unit (records are never changed). */
  record(tenantId: string, accident: Accident, write: WriteContext): Promise<void>;
  /** Every accident of the unit, newest first. */
  ofEnterprise(tenantId: string, enterpriseId: string): Promise<Accident[]>;
}
