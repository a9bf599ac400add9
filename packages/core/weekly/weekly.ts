// The weekly base-data refresh (底数每周动态更新): one snapshot per tenant per ISO week (Asia/Shanghai) with the
// register's counts by dimension, the week's movements, and how many units were left unreviewed, and the awarded
// stars by town and star (weekly-star-counts.ts); plus the week's worklist per town. Counts roll forward from the previous snapshot by the week's change feed, so the
// cost follows the changes, and the same week always yields the same snapshot.
import { z } from "zod";
import { type ChangeFeedEntry, type DimensionValues, noValue } from "#core/register/enterprise";
import { WeeklyStarCountsSchema } from "#core/weekly/weekly-star-counts";

/** Dimensions a snapshot counts (the host dimension is summarised as hosts and lessees). */
export const countedDimensions = ["town", "grid", "industry", "size", "risk", "status", "venue"] as const;
export type CountedDimension = (typeof countedDimensions)[number];
export type Counts = Record<CountedDimension, Record<string, number>> & { total: number; lesseesByHost: Record<string, number> };

export function emptyCounts(): Counts {
  return { total: 0, town: {}, grid: {}, industry: {}, size: {}, risk: {}, status: {}, venue: {}, lesseesByHost: {} };
}

/** Adds (+1) or removes (-1) one live unit's dimension values. Zero entries are dropped, so equal registers give equal counts. */
export function count(counts: Counts, values: DimensionValues, sign: 1 | -1): void {
  counts.total += sign;
  const bump = (table: Record<string, number>, key: string) => {
    const next = (table[key] ?? 0) + sign;
    if (next === 0) delete table[key];
    else table[key] = next;
  };
  for (const d of countedDimensions) bump(counts[d], values[d]);
  if (values.host !== noValue) bump(counts.lesseesByHost, values.host);
}

/**
 * The net effect of a week's feed per unit: its state before the week's first change and after the last. A
 * unit changed ten times in the week costs one entry here; memory follows the number of units changed.
 */
export function netChanges(entries: Iterable<ChangeFeedEntry>, into = new Map<string, NetChange>()): Map<string, NetChange> {
  for (const e of entries) {
    const known = into.get(e.enterpriseId);
    if (known) {
      known.after = e.after;
      known.actions.add(e.action);
      if (e.moveInDate.to !== e.moveInDate.from && e.moveInDate.to !== null) known.movedIn = true;
      if (e.moveOutDate.to !== e.moveOutDate.from && e.moveOutDate.to !== null) known.movedOut = true;
    } else {
      into.set(e.enterpriseId, {
        before: e.before,
        after: e.after,
        actions: new Set([e.action]),
        movedIn: e.moveInDate.to !== e.moveInDate.from && e.moveInDate.to !== null,
        movedOut: e.moveOutDate.to !== e.moveOutDate.from && e.moveOutDate.to !== null,
        reviewedAtBefore: e.reviewedAt.from,
      });
    }
  }
  return into;
}

export interface NetChange {
  before: DimensionValues | null;
  after: DimensionValues | null;
  actions: Set<ChangeFeedEntry["action"]>;
  movedIn: boolean;
  movedOut: boolean;
  /** reviewedAt before the first change (null for a unit created then). */
  reviewedAtBefore: string | null;
}

/** Rolls counts forward (sign 1) or back (sign -1) by net changes. */
export function applyNet(counts: Counts, changes: Map<string, NetChange>, direction: 1 | -1): void {
  for (const change of changes.values()) {
    const [from, to] = direction === 1 ? [change.before, change.after] : [change.after, change.before];
    if (from) count(counts, from, -1);
    if (to) count(counts, to, 1);
  }
}

const Tally = z.record(z.string(), z.number().int());

export const WeeklySnapshotSchema = z.object({
  week: z.string().meta({ example: "2026-W47" }),
  from: z.string().meta({ description: "Monday 00:00 Asia/Shanghai (ISO instant)" }),
  to: z.string().meta({ description: "The next Monday 00:00 (exclusive)" }),
  total: z.number().int().meta({ description: "Units in the register at the end of the week" }),
  counts: z.object({
    town: Tally,
    grid: Tally,
    industry: Tally.meta({ description: "By two-digit GB/T 4754 division" }),
    size: Tally,
    risk: Tally.meta({ description: "red/orange/yellow/blue/none" }),
    status: Tally,
    venue: Tally.meta({ description: "Nine-small-venue type or none" }),
  }),
  hosts: z.number().int().meta({ description: "Units hosting factory-within-factory lessees (厂中厂出租方)" }),
  lessees: z.number().int(),
  movements: z.object({
    created: z.number().int(),
    movedIn: z.number().int().meta({ description: "Units whose move-in date (进驻) was recorded this week" }),
    movedOut: z.number().int().meta({ description: "Units whose move-out date (迁出) was recorded this week" }),
    changed: z.number().int().meta({ description: "Units created, changed, deleted or restored this week" }),
    confirmed: z.number().int().meta({ description: "Units confirmed unchanged (核实) this week" }),
    deleted: z.number().int(),
  }),
  stale: z.object({
    afterDays: z.number().int(),
    units: z.number().int().meta({ description: "Units not changed or confirmed for more than afterDays at the end of the week" }),
    byTown: Tally,
  }),
  placardsDue: z.object({ total: z.number().int(), byTown: Tally }).meta({ description: "Placards due for a check when the job ran" }),
  basis: z.enum(["previous-snapshot", "recount"]).meta({ description: "Rolled forward from the previous week, or counted afresh" }),
  stars: WeeklyStarCountsSchema.optional().meta({
    description: "Awarded stars at the end of the week; absent in snapshots made before star counts, and for callers without stars:read",
  }),
  generatedAt: z.string(),
});
export type WeeklySnapshot = z.infer<typeof WeeklySnapshotSchema>;

export const WorklistItemSchema = z.object({
  townId: z.string(),
  kind: z.enum(["stale-unit", "placard-due"]),
  enterpriseId: z.string(),
  name: z.string().meta({ description: "Unit name" }),
  placardId: z.string().nullable(),
  since: z.string().meta({ description: "reviewedAt of a stale unit, lastCheckedOn of a due placard" }),
});
export type WorklistItem = z.infer<typeof WorklistItemSchema>;

/** A snapshot as kept: the published figures and the lessee counts per host that the next week rolls on from. */
export interface StoredSnapshot {
  readonly snapshot: WeeklySnapshot;
  readonly lesseesByHost: Record<string, number>;
}

export function countsOf(stored: StoredSnapshot): Counts {
  const { counts, total } = stored.snapshot;
  return structuredClone({ ...counts, total, lesseesByHost: stored.lesseesByHost });
}
