// "Dynamic zeroing" (动态清零) figures: of the hazards found in a date range — how many, how many closed, open,
// overdue today, the rectification rates (all and major) and the median days to close. They are answered from
// per-day counters kept as hazards change (one counter row per found-on day per tenant, town and industry), so a
// range costs one Query per dimension, never a read of every hazard. `contribution` is what one hazard adds to its
// day's row; a change adds the difference between its contributions after and before. A recount from the hazards
// themselves (`recount`) computes the same figures the slow way, to prove the counters right.

import { z } from "zod";
import type { HazardSummary } from "#core/hazards/hazard";
import { daysBetween } from "#core/kernel/china-time";
import { formatCenti, formatRate, rateOf } from "#core/kernel/decimal";
import { idPattern } from "#core/kernel/ids";
import { DateSchema } from "#core/register/enterprise";

/** Counter names: fixed ones, `cd_<days>` (closed after that many days) and `od_<date>` (open with that deadline). */
export type Counters = Record<string, number>;

export function contribution(h: HazardSummary): Counters {
  const closed = h.state === "closed";
  const major = h.severity === "major";
  const counters: Counters = { found: 1, major: major ? 1 : 0, closed: closed ? 1 : 0, closedMajor: closed && major ? 1 : 0 };
  if (closed && h.closedOn) counters[`cd_${daysBetween(h.foundOn, h.closedOn)}`] = 1;
  if (!closed && h.deadline) counters[`od_${h.deadline}`] = 1;
  return counters;
}

/** after − before, zeros left out; empty when the change moves no counter. */
export function counterDelta(before: HazardSummary | undefined, after: HazardSummary): Counters {
  const delta: Counters = { ...contribution(after) };
  for (const [name, value] of Object.entries(before ? contribution(before) : {})) delta[name] = (delta[name] ?? 0) - value;
  return Object.fromEntries(Object.entries(delta).filter(([, v]) => v !== 0));
}

/** The counter rows a hazard's change updates: the tenant's, its town's and its industry's. */
export function figureDimensions(h: Pick<HazardSummary, "townId" | "industry">): string[] {
  return ["all", `town#${h.townId}`, `industry#${h.industry}`];
}

export const HazardFiguresQuerySchema = z.strictObject({
  from: DateSchema.meta({ description: "Found on or after (YYYY-MM-DD)" }),
  to: DateSchema.meta({ description: "Found on or before" }),
  townId: z.string().regex(idPattern).optional(),
  industry: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  recount: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .meta({ description: "true: count the hazards themselves (slow; reads every hazard of the tenant) — for checking" }),
});
export type HazardFiguresQuery = z.output<typeof HazardFiguresQuerySchema>;

export const HazardFiguresSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    scope: z.string().meta({ description: "all, town#<id> or industry#<division>" }),
    asOf: z.string().meta({ description: "Today in China: what overdue is measured against" }),
    found: z.number().int(),
    closed: z.number().int(),
    open: z.number().int(),
    overdue: z.number().int(),
    rectificationRate: z.string().nullable().meta({ description: "closed / found in percent (2 decimals, half up); null when none found" }),
    majorFound: z.number().int(),
    majorClosed: z.number().int(),
    majorRectificationRate: z.string().nullable(),
    medianDaysToClose: z.string().nullable().meta({ description: "Of the closed ones; .5 when the middle falls between two" }),
  })
  .meta({ id: "HazardFigures" });
export type HazardFigures = z.infer<typeof HazardFiguresSchema>;

function rate(part: number, whole: number): string | null {
  return whole === 0 ? null : formatRate(rateOf(part, whole));
}

/** The figures of summed counters, as of `today`. */
export function figuresOf(counters: Counters, meta: { from: string; to: string; scope: string; today: string }): HazardFigures {
  const get = (name: string) => counters[name] ?? 0;
  let overdue = 0;
  const closeDays: [number, number][] = [];
  for (const [name, count] of Object.entries(counters)) {
    if (name.startsWith("od_") && name.slice(3) < meta.today) overdue += count;
    if (name.startsWith("cd_") && count > 0) closeDays.push([Number(name.slice(3)), count]);
  }
  closeDays.sort((a, b) => a[0] - b[0]);
  return {
    from: meta.from,
    to: meta.to,
    scope: meta.scope,
    asOf: meta.today,
    found: get("found"),
    closed: get("closed"),
    open: get("found") - get("closed"),
    overdue,
    rectificationRate: rate(get("closed"), get("found")),
    majorFound: get("major"),
    majorClosed: get("closedMajor"),
    majorRectificationRate: rate(get("closedMajor"), get("major")),
    medianDaysToClose: median(closeDays),
  };
}

/** The median of a histogram [(value, count)] sorted by value, exact (halves shown as .5). */
function median(histogram: readonly [number, number][]): string | null {
  const total = histogram.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [value, count] of histogram) {
      seen += count;
      if (seen > rank) return value;
    }
    return histogram.at(-1)?.[0] ?? 0;
  };
  const low = at(Math.floor((total - 1) / 2));
  const high = at(Math.floor(total / 2));
  return formatCenti(BigInt(low + high) * 50n);
}

/** Adds counter rows together. */
export function sumCounters(rows: Iterable<Counters>): Counters {
  const sum: Counters = {};
  for (const row of rows) for (const [name, value] of Object.entries(row)) sum[name] = (sum[name] ?? 0) + value;
  return sum;
}

/** The same counters from the hazards themselves (those found in the range, in the scope). */
export function recount(
  hazards: Iterable<HazardSummary>,
  query: { from: string; to: string; townId?: string | undefined; industry?: string | undefined },
): Counters {
  const rows: Counters[] = [];
  for (const h of hazards) {
    if (h.foundOn < query.from || h.foundOn > query.to) continue;
    if (query.townId !== undefined && h.townId !== query.townId) continue;
    if (query.industry !== undefined && h.industry !== query.industry) continue;
    rows.push(contribution(h));
  }
  return sumCounters(rows);
}
