// The stars' change feed: each save that moves an award's state (awarded, suspended, restored, reinstated,
// revoked, expired) writes one entry, in the same transaction, into the ISO week the change took effect. The
// weekly refresh rolls its star counts forward from the previous snapshot by these entries, so its cost follows
// the week's changes, not the number of awards.
import { addDays, chinaDayStart } from "#core/kernel/china-time";
import type { AwardState } from "#core/stars/star-award";
import type { StarAward } from "#core/stars/star-award-record";

export interface StarAwardChange {
  readonly awardId: string;
  /** The award's version after the change: a later change of the same award has a higher one. */
  readonly version: number;
  /** The town and the star as awarded (neither changes afterwards). */
  readonly townId: string;
  readonly labelCode: string;
  /** null for a new award. */
  readonly from: AwardState | null;
  readonly to: AwardState;
  /**
   * When the change took effect: the save's time; for an expiry, 00:00 (Asia/Shanghai) of the first day after the
   * award's validity, which may be before the save — the sweep records expiries when it runs, and the week the
   * star lapsed counts it as lapsed.
   */
  readonly at: string;
}

/** The feed entry of a save of `after` (a new award when `before` is undefined); none when the state did not move. */
export function awardChange(before: StarAward | undefined, after: StarAward): StarAwardChange | undefined {
  if (before && before.state === after.state) return undefined;
  const lapsed = chinaDayStart(addDays(after.validUntil, 1)).toISOString();
  return {
    awardId: after.id,
    version: after.version,
    townId: after.townId,
    labelCode: after.labelCode,
    from: before?.state ?? null,
    to: after.state,
    at: after.state === "expired" && lapsed < after.updatedAt ? lapsed : after.updatedAt,
  };
}
