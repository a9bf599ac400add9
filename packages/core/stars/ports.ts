// The ports of the stars domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/stars/. Nothing here knows about AWS or HTTP.
import type { Page, PageRequest, WriteContext } from "#core/kernel/ports";
import type { ShamFlag } from "#core/stars/sham-flag";
import type { StarApplication, StarApplicationFilter, StarApplicationSummary } from "#core/stars/star-application";
import type { StarApplicationFile } from "#core/stars/star-attestation";
import type { StarAwardChange } from "#core/stars/star-award-change";
import type { StarAward, StarAwardFilter, StarAwardSummary } from "#core/stars/star-award-record";
import type { StarScheme, StarSchemeVersion } from "#core/stars/star-scheme";

/**
 * A change to a star scheme, saved atomically: the scheme record (created when `before` is undefined, else
 * replaced if still at `before.version`) and the one version it writes, never a published one (conflict
 * `scheme_version_published`).
 */
export interface StarSchemeMutation {
  readonly before: StarScheme | undefined;
  readonly after: StarScheme;
  readonly version: StarSchemeVersion;
}

export interface StarSchemeRepository {
  save(tenantId: string, mutation: StarSchemeMutation, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<StarScheme | undefined>;
  /** Newest first. */
  list(tenantId: string, page: PageRequest): Promise<Page<StarScheme>>;
  version(tenantId: string, id: string, version: number): Promise<StarSchemeVersion | undefined>;
}

export interface StarApplicationRepository {
  /**
   * Stores a new application with its list entries and a slot per unit and scheme that makes a second pending
   * application of the unit for the scheme a conflict (`application_pending`, naming the pending one).
   */
  create(tenantId: string, application: StarApplication, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<StarApplication | undefined>;
  /**
   * Saves the review of a pending application (if still at `before.version`): the application, its list entries,
   * the pending slot released, and the stars awarded, each with its entries, and their change-feed entry.
   */
  review(
    tenantId: string,
    before: StarApplication,
    after: StarApplication,
    awards: readonly StarAward[],
    write: WriteContext,
  ): Promise<void>;
  /** Newest first; one unit's, and/or in one status. */
  list(tenantId: string, filter: StarApplicationFilter, page: PageRequest): Promise<Page<StarApplicationSummary>>;
  /** Replaces the pending application (an attestation added) if still at `before.version`, with its list entries. */
  save(tenantId: string, change: { before: StarApplication; after: StarApplication }, write: WriteContext): Promise<void>;
  /** Records an evidence file uploaded to the application (its bytes already stored). */
  addFile(tenantId: string, file: StarApplicationFile, write: WriteContext): Promise<void>;
  /** The application's file `fileId`, if it has one. */
  file(tenantId: string, applicationId: string, fileId: string): Promise<StarApplicationFile | undefined>;
}

export interface StarAwardRepository {
  /**
   * Replaces the award (and its copy in the unit's partition) if still at `before.version`, with its list and due
   * entries and, when its state moves, its change-feed entry (awardChange).
   */
  save(tenantId: string, change: { before: StarAward; after: StarAward }, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<StarAward | undefined>;
  /** Held awards whose nextCheckOn is on or before `day`, earliest first. */
  due(tenantId: string, day: string, page: PageRequest): Promise<Page<{ awardId: string; enterpriseId: string; nextCheckOn: string }>>;
  /** Awards newest first, by town, star (label code), scheme and state (as recorded). */
  list(tenantId: string, filter: StarAwardFilter, page: PageRequest): Promise<Page<StarAwardSummary>>;
  /** Every award of the unit, newest first (a unit holds a few). */
  ofEnterprise(tenantId: string, enterpriseId: string): Promise<StarAward[]>;
  /**
   * The scheme's awards recorded active or suspended and valid on `today` (YYYY-MM-DD), newest first: the public
   * star roll. A page ends between two units' runs of consecutive awards (the stars awarded in one review), unless
   * one run fills it, so a unit's stars of one review are shown together.
   */
  heldOfScheme(tenantId: string, schemeId: string, today: string, page: PageRequest): Promise<Page<StarAwardSummary>>;
  /** The changes of award state that took effect in one ISO week (Asia/Shanghai), in time order. */
  changeFeed(tenantId: string, week: string, page: PageRequest): Promise<Page<StarAwardChange>>;
}

export interface ShamFlagRepository {
  get(tenantId: string, enterpriseId: string): Promise<ShamFlag | undefined>;
  /** Sets the unit's mark (conflict `already_flagged` when one stands). */
  flag(tenantId: string, flag: ShamFlag, write: WriteContext): Promise<void>;
  /** Clears the mark if still at `flag.version`. */
  clear(tenantId: string, flag: ShamFlag, write: WriteContext): Promise<void>;
}
