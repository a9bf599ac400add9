// Ids sort by creation time, so lists ordered by id are ordered by age.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ulid } from "#core/kernel/ids";

describe("ulid", () => {
  it("is 26 lower-case Crockford characters and sorts like its timestamp", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), fc.integer({ min: 0, max: 2 ** 47 }), (a, b) => {
        const x = ulid(a);
        const y = ulid(b);
        expect(x).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
        if (a < b) expect(x < y).toBe(true);
      }),
    );
  });
});
