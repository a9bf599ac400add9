// The ports of the placards domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/placards/. Nothing here knows about AWS or HTTP.

import type { Page, PageRequest, WriteContext } from "#core/kernel/ports";
import type { Placard, PlacardCheck } from "#core/placards/placard";
import type { Enterprise } from "#core/register/enterprise";

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
  /**
   * Active placards with a reason to be replaced (placard-replacement.ts), by town then id; `townId`: one town's.
   * A placard is in this list from the save that gives it a reason until the save that takes the last one away.
   */
  toReplace(tenantId: string, townId: string | undefined, page: PageRequest): Promise<Page<Placard>>;
  /** Active placards, and the units that have at least one, in total and per town: counts kept by every save, one Query. */
  coverage(tenantId: string): Promise<PlacardCoverage>;
}

export interface PlacardCoverage {
  readonly activePlacards: number;
  /**
   * Units with at least one active placard. A deleted unit's placards leave the counts when it is deleted (its public
   * page says revoked) and return if it is restored; those of a unit deleted before this rule count until revoked.
   */
  readonly coveredUnits: number;
  /**
   * The same per town, the unit's town (placards move with their unit). Towns without a placard have no row; placards
   * last saved before towns were kept count in the totals only.
   */
  readonly byTown: readonly { readonly townId: string; readonly activePlacards: number; readonly coveredUnits: number }[];
}

/** A star a unit holds now, as its public page shows it (a suspension's reasons stay private). */
export interface PublicStar {
  readonly schemeId: string;
  /** The scheme's title as of the version awarded. */
  readonly schemeTitle: string;
  readonly starName: string;
  /** YYYY-MM-DD (Asia/Shanghai). */
  readonly awardedOn: string;
  /** The last valid day. */
  readonly validUntil: string;
  readonly plaqueNumber: string | null;
  /** Suspended pending review: shown as such. */
  readonly suspended: boolean;
}

/**
 * The stars a unit holds today — active or suspended, none past its last valid day — for its placard page.
 * Stars use placards, not the reverse: the stars domain implements this and `api/app.ts` wires it in.
 */
export interface HeldStars {
  of(tenantId: string, enterpriseId: string): Promise<PublicStar[]>;
}
