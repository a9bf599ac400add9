// The throttling rule, one for every caller: GCRA (the generic cell rate algorithm, a token bucket kept as one
// timestamp). A bucket of `limit` a minute lets a burst of a sixth of the limit (ten seconds' worth, at least one)
// through at once and then one request every 60/limit seconds, so no span of 60 s lets more than limit + burst
// through: unlike per-minute counters there is no window boundary to double across. The store keeps the timestamp
// (the bucket's "theoretical arrival time") and applies this rule with conditional writes.
import type { TenantRole } from "#core/kernel/principal";

/** Requests a minute, per caller and per tenant. */
export interface RateLimits {
  /** Each signed-in official, by role. */
  readonly perRole: Readonly<Record<TenantRole, number>>;
  /** Each platform operator. */
  readonly platformOperator: number;
  /** All callers of one tenant together (officials and API keys), so one tenant cannot starve the others. */
  readonly perTenant: number;
}

export const defaultRateLimits: RateLimits = {
  perRole: { "tenant-admin": 600, inspector: 600, viewer: 600 },
  platformOperator: 600,
  perTenant: 6_000,
};

export interface RateDecision {
  readonly allowed: boolean;
  /** Requests a minute. */
  readonly limit: number;
  /** Requests that may still come at once. */
  readonly remaining: number;
  /** Seconds until the whole burst is available again. */
  readonly resetSeconds: number;
  /** Seconds until the next request is let through (0 when this one was). */
  readonly retryAfterSeconds: number;
}

/** What one request takes from a bucket: the decision, and the bucket's new timestamp (µs) when allowed. */
export interface BucketTake extends RateDecision {
  readonly tat: number;
}

const minuteMicros = 60_000_000;

/** The burst: requests let through at once from a full bucket. */
export function burstOf(limitPerMinute: number): number {
  return Math.max(1, Math.ceil(limitPerMinute / 6));
}

/** Microseconds between two requests at the limit, rounded up so that rounding never raises the rate. */
export function intervalMicros(limitPerMinute: number): number {
  return Math.ceil(minuteMicros / limitPerMinute);
}

/** How far ahead of now the bucket's timestamp may be and a request still be let through (µs). */
export function toleranceMicros(limitPerMinute: number): number {
  return (burstOf(limitPerMinute) - 1) * intervalMicros(limitPerMinute);
}

export function toMicros(at: Date | number): number {
  return Math.floor((typeof at === "number" ? at : at.getTime()) * 1000);
}

const seconds = (micros: number) => Math.max(0, Math.ceil(micros / 1_000_000));

/**
 * A bucket's timestamp is never more than the tolerance and one interval ahead of the clock that wrote it. One
 * further ahead than that and a minute more was written by a clock ahead of ours (or ours went back): it is
 * started afresh rather than locking its caller out until our clock catches up.
 */
const clockSkewMicros = 60_000_000;

/** The latest timestamp a bucket can have been written with by a clock at most a minute ahead of `at` (µs). */
export function latestPlausibleTat(at: number, limitPerMinute: number): number {
  return at + toleranceMicros(limitPerMinute) + intervalMicros(limitPerMinute) + clockSkewMicros;
}

/** Whether a bucket with timestamp `tat` is as good as unused at `at`: never used, idle, or from another clock. */
export function isIdle(tat: number | undefined, at: number, limitPerMinute: number): boolean {
  return tat === undefined || tat <= at || tat > latestPlausibleTat(at, limitPerMinute);
}

/**
 * `cells` requests at `now` (ms; one unless a process takes several ahead, core/kernel/rate-lease.ts) against a
 * bucket whose timestamp is `tat` (µs; undefined for a bucket never used or long idle). Let through when the last
 * of them would be at most the tolerance ahead of now; the timestamp then moves `cells` intervals on from the later
 * of itself and now. `cells` is at most the burst.
 */
export function takeFromBucket(tat: number | undefined, now: Date | number, limitPerMinute: number, cells = 1): BucketTake {
  const at = toMicros(now);
  const interval = intervalMicros(limitPerMinute);
  const current = isIdle(tat, at, limitPerMinute) ? at : (tat ?? at);
  if (current - at > latestTakeAhead(limitPerMinute, cells)) {
    return {
      allowed: false,
      limit: limitPerMinute,
      remaining: 0,
      resetSeconds: seconds(current - at),
      retryAfterSeconds: Math.max(1, seconds(current - latestTakeAhead(limitPerMinute, cells) - at)),
      tat: current,
    };
  }
  const next = current + cells * interval;
  return decided(next, at, limitPerMinute);
}

/** How far ahead of now a busy bucket's timestamp may be for `cells` requests to be let through at once (µs). */
export function latestTakeAhead(limitPerMinute: number, cells: number): number {
  return toleranceMicros(limitPerMinute) - (cells - 1) * intervalMicros(limitPerMinute);
}

/** The decision for a request let through, given the bucket's new timestamp. */
export function decided(next: number, at: number, limitPerMinute: number): BucketTake {
  const interval = intervalMicros(limitPerMinute);
  return {
    allowed: true,
    limit: limitPerMinute,
    remaining: Math.max(0, Math.floor((at + toleranceMicros(limitPerMinute) + interval - next) / interval)),
    resetSeconds: seconds(next - at),
    retryAfterSeconds: 0,
    tat: next,
  };
}
