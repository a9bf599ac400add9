// Throttling without a DynamoDB write on every request: each process takes requests from a shared bucket a few at a
// time (a lease) and lets its next requests through from what it holds. The shared bucket (store/kernel/
// rate-limiter.ts) stays the only authority: a lease is taken all or none under the same GCRA rule
// (core/kernel/rate-limit.ts), so together the processes can never take more than the bucket gives.
//
// A lease lives `lifetimeMs`: a request it lets through was taken from the bucket at most that long before, so in
// any 60 s span at most limit + burst + limit × lifetime / 60 s requests pass (1 s: 1.7 % of the limit more than the
// bucket alone would let through). What a lease still holds when it lapses is lost: a caller spread over many
// processes may be refused a little early, never let through beyond that bound. A lease's size follows the
// process's own pace (twice the last lease when that was used up within its lifetime, else what was used of it), so
// a quiet process takes one request at a time and a busy one writes about once per lease; it never holds more than
// a quarter of the burst, a lifetime's worth of the limit, or `maxCells`.
import { LruMap } from "#core/kernel/lru-map";
import type { RateBucket, RateLimiter } from "#core/kernel/ports";
import { burstOf, type RateDecision } from "#core/kernel/rate-limit";

export interface LeaseOptions {
  /** How long what a lease holds may be used, ms. */
  readonly lifetimeMs: number;
  /** The most requests one lease takes. */
  readonly maxCells: number;
  /** Buckets this process holds leases on (least recently used dropped first). */
  readonly buckets: number;
}

export const defaultLeaseOptions: LeaseOptions = { lifetimeMs: 1000, maxCells: 100, buckets: 10_000 };

interface Lease {
  readonly limit: number;
  readonly cells: number;
  /** Requests still held. */
  left: number;
  /** When what is held lapses (ms). */
  readonly until: number;
  /** The bucket's decision when the lease was taken (its `remaining` counts after all the lease's cells). */
  readonly decision: RateDecision;
}

/** The most cells one lease may take of a `limitPerMinute` bucket. */
export function leaseCeiling(limitPerMinute: number, options: LeaseOptions): number {
  const perLifetime = Math.floor((limitPerMinute * options.lifetimeMs) / 60_000);
  return Math.max(1, Math.min(Math.floor(burstOf(limitPerMinute) / 4), perLifetime, options.maxCells));
}

const bucketKey = (bucket: RateBucket) => ("platform" in bucket ? `P\n${bucket.subject}` : `T\n${bucket.tenantId}\n${bucket.subject}`);

export function leasedRateLimiter(shared: RateLimiter, options: LeaseOptions = defaultLeaseOptions): RateLimiter {
  const leases = new LruMap<string, Lease>(options.buckets);
  return {
    async hit(bucket, limit, now, cells = 1) {
      const key = bucketKey(bucket);
      const at = now.getTime();
      const held = leases.get(key);
      const current = held && held.limit === limit && at < held.until ? held : undefined;
      if (cells === 1 && current && current.left > 0) {
        current.left--;
        return { ...current.decision, remaining: current.decision.remaining + current.left };
      }
      // Used up within its lifetime: twice as many next time; lapsed: as many as were used in its lifetime.
      const lapsedUse = held && held.limit === limit ? held.cells - held.left : 1;
      const wanted = current ? 2 * current.cells : lapsedUse;
      const size = Math.max(cells, Math.min(leaseCeiling(limit, options), wanted));
      let taken = await shared.hit(bucket, limit, now, size);
      let got = size;
      if (!taken.allowed && size > cells) {
        // The bucket may not have a whole lease left but still this request.
        taken = await shared.hit(bucket, limit, now, cells);
        got = cells;
      }
      if (!taken.allowed) {
        leases.delete(key);
        return taken;
      }
      const left = got - cells;
      leases.set(key, { limit, cells: got, left, until: at + options.lifetimeMs, decision: taken });
      return { ...taken, remaining: taken.remaining + left };
    },
  };
}
