// The state of an awarded star (pure), from the award and the unit's evidence now: revoked by an official,
// expired after its validity, suspended while a revocation trigger has fired that no official has seen and
// reinstated, otherwise active. The stored state is kept equal to this after every change of evidence. A held
// award is "renewed" when the same star is awarded to the unit again (复评): the new award replaces it.
import { addDays, monthsBefore } from "#core/kernel/china-time";
import { type FiredTrigger, firedTriggers } from "#core/stars/star-evaluation";
import type { UnitEvidence } from "#core/stars/star-evidence";
import type { Star } from "#core/stars/star-scheme";

export const awardStates = ["active", "suspended", "revoked", "expired", "renewed"] as const;
export type AwardState = (typeof awardStates)[number];

export interface AwardTerms {
  /** The day (Asia/Shanghai) the star was awarded. */
  readonly awardedOn: string;
  /** The last day the award is valid. */
  readonly validUntil: string;
  /** Firings an official reviewed and reinstated the star over (FiredTrigger.key). */
  readonly reinstatedOver: readonly string[];
  readonly revoked: boolean;
}

/** The recorded state as of `today`: a held award past its last valid day is expired, before the weekly refresh records it. */
export function awardStateOn(award: { readonly state: AwardState; readonly validUntil: string }, today: string): AwardState {
  return (award.state === "active" || award.state === "suspended") && today > award.validUntil ? "expired" : award.state;
}

/** The last valid day of an award made on `awardedOn` for `months` months: 2026-12-02, 12 → 2027-12-01. */
export function validUntil(awardedOn: string, months: number): string {
  return addDays(monthsBefore(awardedOn, -months), -1);
}

export interface AwardStatus {
  readonly state: AwardState;
  /** The firings behind a suspension (empty otherwise). */
  readonly fired: readonly FiredTrigger[];
}

export function awardStatus(terms: AwardTerms, star: Star, evidence: UnitEvidence): AwardStatus {
  if (terms.revoked) return { state: "revoked", fired: [] };
  if (evidence.today > terms.validUntil) return { state: "expired", fired: [] };
  const fired = firedTriggers(star, evidence, terms.awardedOn).filter((f) => !terms.reinstatedOver.includes(f.key));
  return { state: fired.length > 0 ? "suspended" : "active", fired };
}

/**
 * The first day on which the award's state could change with no change to the data: the day after its
 * validity, and the day after the deadline of each open hazard a hazard-overdue trigger watches. The weekly
 * refresh re-derives only the awards whose day has come, so its cost follows the expiries and deadlines, not
 * the tenant's size; every other change of state comes from a change of data, re-derived in that request.
 */
export function nextCheckOn(terms: AwardTerms, star: Star, evidence: UnitEvidence): string | null {
  if (terms.revoked || evidence.today > terms.validUntil) return null;
  const days = [addDays(terms.validUntil, 1)];
  for (const trigger of star.triggers) {
    if (trigger.type !== "hazard-overdue") continue;
    for (const h of evidence.hazards) {
      const watched = trigger.severity === "any" || h.severity === "major";
      if (watched && h.state !== "closed" && h.deadline !== null && h.deadline >= evidence.today) days.push(addDays(h.deadline, 1));
    }
  }
  return days.sort()[0] ?? null;
}
