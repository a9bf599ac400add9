// The rule for a change sent without If-Match (core/concurrency.ts): worked out again while a concurrent change wins
// its versioned save, a bounded number of times, then 409 concurrent_update; with If-Match, the 412 stands.
import { describe, expect, it } from "vitest";
import { withoutPrecondition } from "#core/kernel/concurrency";
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

  it("gives up after six lost rounds with 409 concurrent_update naming the record", async () => {
    let rounds = 0;
    const outcome = withoutPrecondition(undefined, async () => {
      rounds++;
      throw stale();
    });
    await expect(outcome).rejects.toMatchObject({ kind: "conflict", code: "concurrent_update", details: { entity: "hazard", id: "h1" } });
    expect(rounds).toBe(6);
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
