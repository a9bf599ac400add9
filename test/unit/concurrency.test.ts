// The rule for a change sent without If-Match (core/concurrency.ts): worked out again while a concurrent change wins
// its versioned save, for a bounded time, then 409 concurrent_update; with If-Match, the 412 stands.
import { describe, expect, it, vi } from "vitest";
import { retryForMs, withoutPrecondition } from "#core/kernel/concurrency";
import { errors } from "#core/kernel/errors";

const stale = () => errors.stale("hazard", "h1", 3, 4);

describe("a change without a precondition", () => {
  it("is worked out again after losing its save, and answers what the round that won returns", async () => {
    let rounds = 0;
    const result = await withoutPrecondition(undefined, async () => {
      rounds++;
      if (rounds < 3) throw stale();
      return "saved";
    });
    expect({ result, rounds }).toEqual({ result: "saved", rounds: 3 });
  });

  it("keeps trying past six lost rounds until retryForMs has passed, then 409 concurrent_update naming the record", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
    try {
      const started = performance.now();
      let rounds = 0;
      let lastTry = 0;
      const outcome = withoutPrecondition(undefined, async () => {
        rounds++;
        lastTry = performance.now() - started;
        throw stale();
      });
      const settled = expect(outcome).rejects.toMatchObject({
        kind: "conflict",
        code: "concurrent_update",
        details: { entity: "hazard", id: "h1" },
      });
      await vi.runAllTimersAsync();
      await settled;
      // Six rounds take well under a second; the change kept losing for the whole window before giving up.
      expect(rounds).toBeGreaterThan(6);
      expect(lastTry).toBeGreaterThanOrEqual(retryForMs);
    } finally {
      vi.useRealTimers();
    }
  });

  it("lets the changes that lost on one record retry in turn, one at a time, until every one is saved", async () => {
    // A record saved at a version: a change reads it, yields (its I/O), and saves only if it is still that version.
    let version = 0;
    let retrying = 0;
    let mostAtOnce = 0;
    const tries = new Map<number, number>();
    const write = (writer: number) =>
      withoutPrecondition(undefined, async () => {
        const round = (tries.get(writer) ?? 0) + 1;
        tries.set(writer, round);
        if (round > 1) mostAtOnce = Math.max(mostAtOnce, ++retrying);
        try {
          const read = version;
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (version !== read) throw errors.stale("assessment", "a1", read, version);
          version = read + 1;
          return version;
        } finally {
          if (round > 1) retrying--;
        }
      });
    const saved = await Promise.all(Array.from({ length: 12 }, (_, i) => write(i)));
    expect([...saved].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(mostAtOnce).toBe(1);
  });

  it("keeps each tenant's turns its own: two tenants' records of one entity and id retry side by side", async () => {
    // Each tenant's record loses its first save; the second round of each yields, and both tenants' second rounds
    // must be running at once (turns are per tenant), where one tenant's would wait behind the other's.
    let inSecondRound = 0;
    let mostAtOnce = 0;
    const write = (tenantId: string) => {
      let round = 0;
      return withoutPrecondition(
        undefined,
        async () => {
          round++;
          if (round === 1) throw errors.stale("town", "350581001", 1, 2);
          mostAtOnce = Math.max(mostAtOnce, ++inSecondRound);
          await new Promise((resolve) => setTimeout(resolve, 30));
          inSecondRound--;
          return tenantId;
        },
        tenantId,
      );
    };
    expect(await Promise.all([write("350581"), write("320312")])).toEqual(["350581", "320312"]);
    expect(mostAtOnce).toBe(2);
  });

  it("with If-Match is not retried: the 412 is what was asked for", async () => {
    let rounds = 0;
    await expect(
      withoutPrecondition(3, async () => {
        rounds++;
        throw stale();
      }),
    ).rejects.toMatchObject({ code: "version_mismatch" });
    expect(rounds).toBe(1);
  });

  it("passes every other error through at once", async () => {
    let rounds = 0;
    const refused = errors.conflict("illegal_transition", { zh: "不允许", en: "not allowed" });
    await expect(
      withoutPrecondition(undefined, async () => {
        rounds++;
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(rounds).toBe(1);
  });
});
