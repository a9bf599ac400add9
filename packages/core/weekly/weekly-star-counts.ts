// The stars in the weekly snapshot: the awards held at the week's end (active or suspended, and the suspended ones
// apart) by town, by star (label code) and by both, and the week's movements. Like the register's counts they roll
// forward from the previous snapshot by the week's change feed (core/stars/star-award-change.ts), so the cost
// follows the awards that changed, and the same week always yields the same counts.
import { z } from "zod";
import type { AwardState } from "#core/stars/star-award";
import type { StarAwardChange } from "#core/stars/star-award-change";

const Tally = z.record(z.string(), z.number().int());

export const WeeklyStarCountsSchema = z
  .object({
    held: z.number().int().meta({ description: "Awards held at the end of the week: active or suspended" }),
    suspended: z.number().int().meta({ description: "Of those, suspended (暂停)" }),
    byTown: Tally.meta({ description: "Held awards by town (the unit's town when the star was awarded)" }),
    byLabel: Tally.meta({ description: "Held awards by star, by its label code" }),
    byTownAndLabel: z.record(z.string(), Tally).meta({ description: "Held awards by town, then label code" }),
    suspendedByTown: Tally,
    suspendedByLabel: Tally,
    movements: z
      .object({
        awarded: z.number().int(),
        suspended: z.number().int().meta({ description: "Active awards suspended this week" }),
        restored: z.number().int().meta({ description: "Suspended awards active again (reinstated, or the firing gone)" }),
        revoked: z.number().int(),
        expired: z.number().int().meta({ description: "Awards whose validity ended this week" }),
        renewed: z.number().int().meta({ description: "Held awards replaced by a renewal of the same star (复评) this week" }),
      })
      .meta({ description: "The week's changes of award state" }),
    basis: z.enum(["previous-snapshot", "recount"]).meta({ description: "Rolled forward from the previous week, or counted afresh" }),
  })
  .meta({ id: "WeeklyStarCounts" });
export type WeeklyStarCounts = z.infer<typeof WeeklyStarCountsSchema>;

/** What the counts roll on: the published counts without the week's movements. */
export type StarCounts = Omit<WeeklyStarCounts, "movements" | "basis">;

/** An award as the counts see it. */
export interface CountedAward {
  readonly townId: string;
  readonly labelCode: string;
  readonly state: AwardState;
}

export function emptyStarCounts(): StarCounts {
  return { held: 0, suspended: 0, byTown: {}, byLabel: {}, byTownAndLabel: {}, suspendedByTown: {}, suspendedByLabel: {} };
}

export function starCountsOf(published: WeeklyStarCounts): StarCounts {
  const { movements: _m, basis: _b, ...counts } = published;
  return structuredClone(counts);
}

function bump(table: Record<string, number>, key: string, sign: 1 | -1): void {
  const next = (table[key] ?? 0) + sign;
  if (next === 0) delete table[key];
  else table[key] = next;
}

/** Adds (+1) or removes (-1) one award; awards not held (expired, revoked) count nowhere. Zero entries are dropped. */
export function countAward(counts: StarCounts, award: CountedAward, sign: 1 | -1): void {
  if (award.state !== "active" && award.state !== "suspended") return;
  counts.held += sign;
  bump(counts.byTown, award.townId, sign);
  bump(counts.byLabel, award.labelCode, sign);
  const town = counts.byTownAndLabel[award.townId] ?? {};
  counts.byTownAndLabel[award.townId] = town;
  bump(town, award.labelCode, sign);
  if (Object.keys(town).length === 0) delete counts.byTownAndLabel[award.townId];
  if (award.state === "suspended") {
    counts.suspended += sign;
    bump(counts.suspendedByTown, award.townId, sign);
    bump(counts.suspendedByLabel, award.labelCode, sign);
  }
}

/** An award's state before its first change in a span of weeks and after its last (null: not yet awarded). */
export interface AwardNet {
  before: CountedAward | null;
  after: CountedAward;
  firstVersion: number;
  lastVersion: number;
}

/** The net effect of feed entries per award; memory follows the number of awards changed. */
export function netAwardChanges(changes: Iterable<StarAwardChange>, into = new Map<string, AwardNet>()): Map<string, AwardNet> {
  for (const c of changes) {
    const from = c.from === null ? null : { townId: c.townId, labelCode: c.labelCode, state: c.from };
    const to = { townId: c.townId, labelCode: c.labelCode, state: c.to };
    const known = into.get(c.awardId);
    if (!known) {
      into.set(c.awardId, { before: from, after: to, firstVersion: c.version, lastVersion: c.version });
      continue;
    }
    if (c.version < known.firstVersion) Object.assign(known, { before: from, firstVersion: c.version });
    if (c.version > known.lastVersion) Object.assign(known, { after: to, lastVersion: c.version });
  }
  return into;
}

/** Rolls counts forward (1) or back (-1) by net changes. */
export function applyAwardNet(counts: StarCounts, changes: Map<string, AwardNet>, direction: 1 | -1): void {
  for (const change of changes.values()) {
    const [from, to] = direction === 1 ? [change.before, change.after] : [change.after, change.before];
    if (from) countAward(counts, from, -1);
    if (to) countAward(counts, to, 1);
  }
}

/** Counts the changes of state into `into` (an award suspended and restored in one week counts in both). */
export function awardMovements(
  changes: Iterable<StarAwardChange>,
  into: WeeklyStarCounts["movements"] = { awarded: 0, suspended: 0, restored: 0, revoked: 0, expired: 0, renewed: 0 },
): WeeklyStarCounts["movements"] {
  for (const c of changes) {
    if (c.from === null) into.awarded++;
    else if (c.to === "suspended") into.suspended++;
    else if (c.to === "active") into.restored++;
    else into[c.to]++;
  }
  return into;
}
