// Leases (core/kernel/rate-lease.ts): processes take requests from one shared GCRA bucket a few at a time. However
// the requests fall on the processes, no 60 s span lets more through than the bucket's limit + burst and a
// lifetime's worth of the limit; a steady caller keeps its rate; a busy process writes the bucket far less often
// than once per request, and a quiet one takes a single request at a time.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RateBucket, RateLimiter } from "#core/kernel/ports";
import { defaultLeaseOptions, leaseCeiling, leasedRateLimiter } from "#core/kernel/rate-lease";
import { burstOf, takeFromBucket } from "#core/kernel/rate-limit";
import { mostInAnySpan } from "#test/support/spans";

const minute = 60_000;
const bucket: RateBucket = { tenantId: "320312", subject: "key:k1" };

/** The shared bucket, kept as the store keeps it (one timestamp, the same rule), counting its writes. */
function sharedBucket(): RateLimiter & { writes: number; cellsTaken: number[] } {
  let tat: number | undefined;
  const shared = {
    writes: 0,
    cellsTaken: [] as number[],
    async hit(_bucket: RateBucket, limit: number, now: Date, cells = 1) {
      const taken = takeFromBucket(tat, now, limit, cells);
      if (taken.allowed) {
        tat = taken.tat;
        shared.writes++;
        shared.cellsTaken.push(cells);
      }
      return taken;
    },
  };
  return shared;
}

describe("leased throttling", () => {
  it("never lets more than limit + burst + a lifetime's worth through in any 60 s span, over any number of processes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1200 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4_000 }), fc.nat()), { maxLength: 500 }),
        async (limit, processes, arrivals) => {
          const shared = sharedBucket();
          const leased = Array.from({ length: processes }, () => leasedRateLimiter(shared));
          let at = Date.parse("2026-11-25T02:00:00Z");
          const through: number[] = [];
          for (const [gap, which] of arrivals) {
            at += gap;
            const decision = await leased[which % processes]?.hit(bucket, limit, new Date(at));
            if (decision?.allowed) through.push(at);
          }
          const extra = Math.floor((limit * defaultLeaseOptions.lifetimeMs) / minute);
          expect(mostInAnySpan(through, minute)).toBeLessThanOrEqual(limit + burstOf(limit) + extra);
        },
      ),
      { seed: 20261204, numRuns: 200 },
    );
  });

  it("lets a steady caller at its limit through every time, and writes about once per lease", async () => {
    const shared = sharedBucket();
    const leased = leasedRateLimiter(shared);
    const start = Date.parse("2026-11-25T02:00:00Z");
    const limit = 600; // one every 100 ms; a lease holds at most a second's worth, 10
    const answers = [];
    for (let i = 0; i < 1200; i++) answers.push(await leased.hit(bucket, limit, new Date(start + i * 100)));
    expect(answers.every((a) => a.allowed)).toBe(true);
    expect(leaseCeiling(limit, defaultLeaseOptions)).toBe(10);
    expect(Math.max(...shared.cellsTaken)).toBe(10);
    expect(shared.writes).toBeLessThan(1200 / 5);
  });

  it("takes one request at a time for a quiet caller, so a quiet process holds nothing it will not use", async () => {
    const shared = sharedBucket();
    const leased = leasedRateLimiter(shared);
    const start = Date.parse("2026-11-25T02:00:00Z");
    for (let i = 0; i < 50; i++) expect((await leased.hit(bucket, 600, new Date(start + i * 5_000))).allowed).toBe(true);
    expect(shared.cellsTaken.every((cells) => cells === 1)).toBe(true);
  });

  it("counts what a lease holds in RateLimit-Remaining, as the bucket alone would, and refuses past the burst", async () => {
    const shared = sharedBucket();
    const leased = leasedRateLimiter(shared);
    const at = new Date("2026-11-25T02:00:00Z");
    const burst = burstOf(600);
    for (let i = 0; i < burst; i++) expect(await leased.hit(bucket, 600, at)).toMatchObject({ allowed: true, remaining: burst - 1 - i });
    expect(await leased.hit(bucket, 600, at)).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
  });
});
