// The ports the use cases need. The store implements the repositories over DynamoDB; the local runtime and
// the Lambda wiring choose the implementations. Nothing here knows about AWS or HTTP.

import type { Assessment, AssessmentFilter, AssessmentSummary } from "#core/assessments/assessment";
import type { Rubric, RubricFilter, RubricVersion } from "#core/assessments/rubric";
import type { CoordinationFilter, CoordinationRequest } from "#core/escalation/coordination-request";
import type { JointTackling, JointTacklingFilter } from "#core/escalation/joint-tackling";
import type { Hazard, HazardFilter, HazardSummary } from "#core/hazards/hazard";
import type { KeyHazardList, KeyHazardListFilter, KeyHazardListSummary } from "#core/hazards/key-hazard-list";
import type { ImportAcceptedRow, ImportJob, ImportRejection } from "#core/imports/import";
import type { AuditEntry } from "#core/kernel/audit";
import type { RateDecision } from "#core/kernel/rate-limit";
import type { Placard, PlacardCheck } from "#core/placards/placard";
import type { ChangeFeedEntry, Enterprise, EnterpriseChange, EnterpriseFilter, EnterpriseSummary } from "#core/register/enterprise";
import type { Grid, Town } from "#core/register/town";
import type { ApiKeyRecord } from "#core/tenancy/api-key";
import type { Settings } from "#core/tenancy/settings";
import type { Tenant } from "#core/tenancy/tenant";
import type { StoredSnapshot, WeeklySnapshot, WorklistItem } from "#core/weekly/weekly";

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new unique id, sortable by creation time. */
  next(): string;
}

export interface PageRequest {
  readonly limit: number;
  /** Opaque, signed cursor from a previous page; bound to the tenant and the query. */
  readonly cursor?: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * An idempotency key sent with a create (`Idempotency-Key`). It is stored in the same transaction as the
 * created item, with the request's fingerprint and the response, so a retry replays the first answer.
 */
export interface IdempotencyClaim {
  readonly key: string;
  readonly fingerprint: string;
}

export interface IdempotencyRecord {
  readonly key: string;
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
}

export interface IdempotencyStore {
  get(tenantId: string, key: string): Promise<IdempotencyRecord | undefined>;
}

/** What a create writes besides its item: the audit entry, and the idempotency record when a key was sent. */
export interface WriteContext {
  readonly audit: AuditEntry;
  readonly idempotency?: { readonly claim: IdempotencyClaim; readonly status: number; readonly body: unknown } | undefined;
}

export interface TenantRepository {
  /** Conflict (`tenant_exists`) when the id is taken. */
  create(tenant: Tenant, write: WriteContext): Promise<void>;
  get(id: string): Promise<Tenant | undefined>;
  /** The tenant as the platform registry knows it (index, eventually consistent), read without a tenant session. */
  registered(id: string): Promise<Tenant | undefined>;
  list(page: PageRequest): Promise<Page<Tenant>>;
  /** Writes `next` if the stored version is still `expectedVersion`, else throws `version_mismatch`. */
  update(next: Tenant, expectedVersion: number, write: WriteContext): Promise<void>;
}

export interface ApiKeyRepository {
  create(record: ApiKeyRecord, write: WriteContext): Promise<void>;
  get(tenantId: string, keyId: string): Promise<ApiKeyRecord | undefined>;
  list(tenantId: string, page: PageRequest): Promise<Page<ApiKeyRecord>>;
  update(next: ApiKeyRecord, expectedVersion: number, write: WriteContext): Promise<void>;
  /** Records the last use; cheap and best effort (at most once a minute per key). */
  touch(tenantId: string, keyId: string, at: Date): Promise<void>;
}

/** Whose requests a bucket counts: a tenant's caller (or the tenant itself), or a platform operator. */
export type RateBucket = { readonly tenantId: string; readonly subject: string } | { readonly platform: true; readonly subject: string };

export interface RateLimiter {
  /** Takes one request from the bucket (core/rate-limit.ts: `limitPerMinute` a minute, a sixth of it at once). */
  hit(bucket: RateBucket, limitPerMinute: number, now: Date): Promise<RateDecision>;
}

export interface AuditLog {
  list(tenantId: string, page: PageRequest): Promise<Page<AuditEntry>>;
}

/**
 * A change to one unit of the register, saved atomically: the unit itself (created when `before` is undefined,
 * else replaced if still at `before.version`), its history entry, its change-feed entry for the weekly refresh,
 * and checks that the town, grid and host it references still exist (the host at the version that was read).
 */
export interface EnterpriseMutation {
  readonly before: Enterprise | undefined;
  readonly after: Enterprise;
  readonly change: EnterpriseChange;
  readonly feed: ChangeFeedEntry;
  readonly references: { readonly townId: string; readonly gridId: string | null; readonly host: Enterprise | null };
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
  lesseeCounts(tenantId: string, hostId: string): Promise<LesseeCounts>;
  /** Units (not deleted) whose reviewedAt is before `cutoff`, oldest first. */
  stale(tenantId: string, cutoff: string, page: PageRequest): Promise<Page<Enterprise>>;
  /** The change feed of one ISO week (Asia/Shanghai), in time order. */
  changeFeed(tenantId: string, week: string, page: PageRequest): Promise<Page<ChangeFeedEntry>>;
}

export interface TownRepository {
  /** Conflict `town_name_taken` when the name is used in the tenant. */
  createTown(tenantId: string, town: Town, write: WriteContext): Promise<void>;
  getTown(tenantId: string, id: string): Promise<Town | undefined>;
  listTowns(tenantId: string, page: PageRequest): Promise<Page<Town>>;
  updateTown(tenantId: string, before: Town, next: Town, write: WriteContext): Promise<void>;
  deleteTown(tenantId: string, town: Town, write: WriteContext): Promise<void>;
  /** Conflict `grid_name_taken` when the name is used in the town. */
  createGrid(tenantId: string, grid: Grid, write: WriteContext): Promise<void>;
  getGrid(tenantId: string, id: string): Promise<Grid | undefined>;
  listGrids(tenantId: string, townId: string | undefined, page: PageRequest): Promise<Page<Grid>>;
  updateGrid(tenantId: string, before: Grid, next: Grid, write: WriteContext): Promise<void>;
  deleteGrid(tenantId: string, grid: Grid, write: WriteContext): Promise<void>;
}

export interface SettingsRepository {
  get(tenantId: string): Promise<Settings>;
  /** Saves if the stored version is still `expectedVersion` (0: never saved). */
  save(tenantId: string, next: Settings, expectedVersion: number, write: WriteContext): Promise<void>;
}

export interface PlacardMutation {
  readonly before: Placard | undefined;
  readonly after: Placard;
  /** A check recorded with this change (POST /v1/placards/{id}/checks). */
  readonly check?: PlacardCheck;
  /** The live unit as read, when the change needs it to stay live (its version is guarded at save). */
  readonly enterprise?: Enterprise;
}

export interface PlacardRepository {
  /** Creates (before undefined) or replaces at before.version; `version_mismatch` when stale. */
  save(tenantId: string, mutation: PlacardMutation, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<Placard | undefined>;
  byToken(tenantId: string, token: string): Promise<Placard | undefined>;
  /** All placards (newest first), or one unit's. */
  list(tenantId: string, enterpriseId: string | undefined, page: PageRequest): Promise<Page<Placard>>;
  /** Active placards last checked on or before `cutoff` (YYYY-MM-DD), longest unchecked first. */
  due(tenantId: string, cutoff: string, enterpriseId: string | undefined, page: PageRequest): Promise<Page<Placard>>;
  checks(tenantId: string, id: string, page: PageRequest): Promise<Page<PlacardCheck>>;
}

/**
 * Files of a tenant (uploaded imports, assessment evidence), under keys the store prefixes with the tenant:
 * a local folder in development, S3 in AWS (tenant-scoped credentials, prefix `tenants/<id>/`). Files under
 * `imports/` and `uploads/` are temporary (storage may drop them 30 days after upload); every other file is kept.
 *
 * One rule keeps files whole whatever runs at once: a stored file is never overwritten. Every write goes to a key
 * never used before (the caller puts a fresh revision id in it), the record that names the key is switched by a
 * versioned save afterwards, and the file it replaced is deleted only once the switch is saved. A refused or
 * losing write therefore leaves the stored file and its record as they were.
 */
export interface BlobStore {
  /**
   * Stores `body` under `key`, which must not hold a file yet. Nothing appears under `key` unless the whole body
   * was stored; a body over `maxBytes` is refused (`file_too_large`) and leaves nothing.
   */
  put(
    tenantId: string,
    key: string,
    body: Uint8Array | AsyncIterable<Uint8Array>,
    contentType: string,
    maxBytes: number,
  ): Promise<StoredBlob>;
  /** Streams the file; undefined when there is none. */
  get(tenantId: string, key: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  /** Removes the file, if any. */
  delete(tenantId: string, key: string): Promise<void>;
  /**
   * A form the client may POST the file to directly (large uploads bypass the API's body limit), which storage
   * itself limits to 1…`maxBytes` bytes of `contentType`; or undefined when this store has none (locally the
   * API's own PUT …/file route serves instead). Direct uploads land under `uploads/`: the API checks them and
   * copies them to a key of its own (`put`) before any record names them, so a second POST to the same form can
   * never change a file a record describes.
   */
  uploadForm(
    tenantId: string,
    key: string,
    contentType: string,
    expiresSeconds: number,
    maxBytes: number,
  ): Promise<DirectUpload | undefined>;
}

/** What was stored: its size and its SHA-256 (hex), which records keep so a download can be checked. */
export interface StoredBlob {
  readonly bytes: number;
  readonly sha256: string;
}

/** An HTML-form upload (S3 presigned POST): send `fields`, then the file as the last field `file`, to `url`. */
export interface DirectUpload {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** Whether a blob key names a temporary file (see BlobStore). */
export function isTemporaryBlob(key: string): boolean {
  return key.startsWith("imports/") || key.startsWith("uploads/");
}

export interface ImportRepository {
  /** Creates (expectedVersion 0) or replaces the job at expectedVersion; `version_mismatch` when stale. */
  save(tenantId: string, job: ImportJob, expectedVersion: number): Promise<void>;
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

/**
 * A change to a tenant rubric, saved atomically: the rubric record (created when `before` is undefined, else
 * replaced if still at `before.version`) and the one version it writes. A version is only ever written while it
 * is a draft: a published version cannot be overwritten (conflict `rubric_version_published`).
 */
export interface RubricMutation {
  readonly before: Rubric | undefined;
  readonly after: Rubric;
  readonly version: RubricVersion;
}

export interface RubricRepository {
  save(tenantId: string, mutation: RubricMutation, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<Rubric | undefined>;
  /** Newest first; filters apply server-side to the tenant's rubrics (a handful to hundreds). */
  list(tenantId: string, filter: RubricFilter, page: PageRequest): Promise<Page<Rubric>>;
  version(tenantId: string, id: string, version: number): Promise<RubricVersion | undefined>;
}

/**
 * A change to an assessment, saved atomically with its list entries (one per list it belongs to, carrying its
 * summary): created when `before` is undefined, else replaced if still at `before.version`.
 */
export interface AssessmentMutation {
  readonly before: Assessment | undefined;
  readonly after: Assessment;
  readonly summary: AssessmentSummary;
  readonly previousSummary: AssessmentSummary | undefined;
}

export interface AssessmentRepository {
  save(tenantId: string, mutation: AssessmentMutation, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<Assessment | undefined>;
  /** Deletes a never-submitted draft with its list entries, if still at `assessment.version`. */
  discard(tenantId: string, assessment: Assessment, summary: AssessmentSummary, write: WriteContext): Promise<void>;
  /** Newest assessment date first; filters combine with AND (see AssessmentFilter). */
  list(tenantId: string, filter: AssessmentFilter, page: PageRequest): Promise<Page<AssessmentSummary>>;
}

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

/**
 * The joint tackling list: one item per escalated hazard, kept under the city tenant in a partition per district
 * (`T#<city>#UP#<district>`). The district reaches that one partition of its parent and nothing else of it; the
 * city reaches it as part of its own keys and nothing of the district's.
 */
export interface JointTacklingRepository {
  /**
   * District side, one transaction: the hazard (replaced at `hazard.before.version`, with its list entries) and the
   * item (created, or replaced at `item.before.version`), audited in the district's log. 412 when either is stale.
   */
  escalate(
    change: { hazard: { before: Hazard; after: Hazard }; item: { before: JointTackling | undefined; after: JointTackling } },
    write: WriteContext,
  ): Promise<void>;
  /**
   * District side: a change to an escalated hazard (as HazardRepository.save), and in the same transaction the item's
   * snapshot of the hazard when it changed (the item's version moves on, so a city step from an older read gets 412).
   */
  saveHazard(districtId: string, change: { before: Hazard; after: Hazard }, write: WriteContext): Promise<void>;
  /** Replaces the item at `before.version` (412 when stale), audited in the log of `actingTenantId` (city or district). */
  save(actingTenantId: string, change: { before: JointTackling; after: JointTackling }, write: WriteContext): Promise<void>;
  /** Read by the city or by the district (`actingTenantId` chooses the session). */
  get(actingTenantId: string, cityId: string, districtId: string, hazardId: string): Promise<JointTackling | undefined>;
  /** The city's items from all its districts (or one), newest escalated first. */
  listIncoming(cityId: string, filter: JointTacklingFilter, page: PageRequest): Promise<Page<JointTackling>>;
  /** A district's items at its city, newest hazard first. */
  listOutgoing(districtId: string, cityId: string, filter: JointTacklingFilter, page: PageRequest): Promise<Page<JointTackling>>;
}

/** A city's coordination requests (提请协调清单), all in one partition (a city files a few a month). */
export interface CoordinationRequestRepository {
  /** Creates (before undefined) or replaces at before.version (412 when stale). */
  save(
    tenantId: string,
    change: { before: CoordinationRequest | undefined; after: CoordinationRequest },
    write: WriteContext,
  ): Promise<void>;
  get(tenantId: string, id: string): Promise<CoordinationRequest | undefined>;
  /** Newest first. */
  list(tenantId: string, filter: CoordinationFilter, page: PageRequest): Promise<Page<CoordinationRequest>>;
}

export interface KeyHazardListRepository {
  /** Conflict `key_list_exists` (details.id) when the department already published one for the half month. */
  publish(tenantId: string, list: KeyHazardList, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<KeyHazardList | undefined>;
  /** Newest half month first. */
  list(tenantId: string, filter: KeyHazardListFilter, page: PageRequest): Promise<Page<KeyHazardListSummary>>;
}
