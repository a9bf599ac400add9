// The throttling rule (GCRA, a token bucket kept as one timestamp): `limit` a minute with a burst of a sixth of it,
// so no span of 60 s lets more than limit + burst through — there is no window boundary to double across.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { burstOf, takeFromBucket } from "#core/kernel/rate-limit";

const minute = 60_000;

function run(limit: number, arrivals: readonly number[]) {
  let tat: number | undefined;
  return arrivals.map((at) => {
    const taken = takeFromBucket(tat, at, limit);
    if (taken.allowed) tat = taken.tat;
    return { at, ...taken };
  });
}

describe("takeFromBucket", () => {
  it("lets the burst through at once, then one request every 60/limit s", () => {
    const at = Date.parse("2026-11-25T02:00:59Z");
    const answers = run(
      600,
      Array.from({ length: 102 }, () => at),
    );
    expect(burstOf(600)).toBe(100);
    expect(answers.filter((a) => a.allowed)).toHaveLength(100);
    expect(answers[0]).toMatchObject({ allowed: true, limit: 600, remaining: 99 });
    expect(answers[99]).toMatchObject({ allowed: true, remaining: 0 });
    expect(answers[100]).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    const tat = answers[99]?.tat;
    expect(takeFromBucket(tat, at + 99, 600).allowed).toBe(false);
    expect(takeFromBucket(tat, at + 100, 600).allowed).toBe(true);
  });

  it("never lets more than limit + burst through in any 60 s span", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1200 }), fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 600 }), (limit, gaps) => {
        let at = Date.parse("2026-11-25T02:00:00Z");
        const allowed = run(
          limit,
          gaps.map((gap) => (at += gap)),
        )
          .filter((a) => a.allowed)
          .map((a) => a.at);
        for (let i = 0, j = 0; i < allowed.length; i++) {
          while ((allowed[i] ?? 0) - (allowed[j] ?? 0) >= minute) j++;
          expect(i - j + 1).toBeLessThanOrEqual(limit + burstOf(limit));
        }
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });

  it("lets a steady caller at its limit through every time", () => {
    const start = Date.parse("2026-11-25T02:00:00Z");
    for (const limit of [1, 5, 7, 60, 600, 100_000]) {
      const every = minute / limit;
      const answers = run(
        limit,
        Array.from({ length: 500 }, (_, i) => start + Math.ceil(i * every)),
      );
      expect(
        answers.every((a) => a.allowed),
        String(limit),
      ).toBe(true);
    }
  });

  it("starts afresh a bucket written by a clock far ahead of ours, instead of locking its caller out", () => {
    const at = Date.parse("2026-11-25T02:00:00Z");
    let tat: number | undefined;
    for (let i = 0; i < 10; i++) tat = takeFromBucket(tat, at + 15 * 24 * 3600_000, 60).tat;
    expect(takeFromBucket(tat, at, 60)).toMatchObject({ allowed: true, remaining: 9 });
    // A few seconds of skew between instances is no such case: the burst used up stays used up.
    expect(takeFromBucket(tat, at + 15 * 24 * 3600_000 - 5_000, 60).allowed).toBe(false);
  });

  it("says when the bucket is whole again and when the next request may come", () => {
    const at = Date.parse("2026-11-25T02:00:00Z");
    const first = takeFromBucket(undefined, at, 6); // burst 1, one every 10 s
    expect(first).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 10 });
    const second = takeFromBucket(first.tat, at + 2_500, 6);
    expect(second).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 8, resetSeconds: 8 });
  });

  it("takes several requests at once all or none, as that many single requests at the same instant would be", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6000 }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 1000 }),
        (limit, gaps, wanted) => {
          const cells = Math.min(wanted, burstOf(limit));
          let at = Date.parse("2026-11-25T02:00:00Z");
          let tat: number | undefined;
          for (const gap of gaps) {
            at += gap;
            let one: number | undefined = tat;
            let all = true;
            for (let i = 0; i < cells && all; i++) {
              const single = takeFromBucket(one, at, limit);
              all = single.allowed;
              if (single.allowed) one = single.tat;
            }
            const together = takeFromBucket(tat, at, limit, cells);
            expect(together.allowed).toBe(all);
            if (together.allowed) {
              expect(together.tat).toBe(one);
              tat = together.tat;
            }
          }
        },
      ),
      { seed: 20261204, numRuns: 300 },
    );
  });
});
