// The stars' counts in the weekly snapshot roll forward by the stars' change feed (core/weekly/weekly-star-counts.ts):
// last week's counts plus the net effect of this week's changes must equal counting the awards held at the week's
// end, and the awards held now less the net effect of the weeks after must equal it too (the job's recount).
// Checked as a fast-check law over random weeks of awards, suspensions, restorations, revocations and expiries.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AwardState } from "#core/stars/star-award";
import type { StarAwardChange } from "#core/stars/star-award-change";
import {
  applyAwardNet,
  awardMovements,
  countAward,
  emptyStarCounts,
  netAwardChanges,
  type StarCounts,
} from "#core/weekly/weekly-star-counts";

type Op =
  | { kind: "award"; town: string; label: string; suspended: boolean }
  | { kind: "suspend" | "restore" | "revoke" | "expire"; pick: number };

interface ModelAward {
  townId: string;
  labelCode: string;
  state: AwardState;
  version: number;
}

const town = fc.constantFrom("t1", "t2", "t3");
const label = fc.constantFrom("SS-STAR-1", "SS-STAR-2", "TS-RESP");
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("award" as const), town, label, suspended: fc.boolean() }),
  fc.record({ kind: fc.constantFrom("suspend" as const, "restore" as const, "revoke" as const, "expire" as const), pick: fc.nat() }),
);

/** Applies one operation to the awards (skipped when none fits) and returns the feed entry it writes. */
function apply(awards: Map<string, ModelAward>, o: Op, at: string): StarAwardChange | undefined {
  if (o.kind === "award") {
    const id = `a${awards.size}`;
    const award = { townId: o.town, labelCode: o.label, state: (o.suspended ? "suspended" : "active") as AwardState, version: 1 };
    awards.set(id, award);
    return { awardId: id, version: 1, townId: o.town, labelCode: o.label, from: null, to: award.state, at };
  }
  const fits: Record<typeof o.kind, AwardState[]> = {
    suspend: ["active"],
    restore: ["suspended"],
    revoke: ["active", "suspended"],
    expire: ["active", "suspended"],
  };
  const candidates = [...awards].filter(([, a]) => fits[o.kind].includes(a.state));
  const picked = candidates[o.pick % Math.max(candidates.length, 1)];
  if (!picked) return undefined;
  const [id, award] = picked;
  const to: AwardState = { suspend: "suspended", restore: "active", revoke: "revoked", expire: "expired" }[o.kind] as AwardState;
  const change = { awardId: id, version: award.version + 2, townId: award.townId, labelCode: award.labelCode, from: award.state, to, at };
  Object.assign(award, { state: to, version: award.version + 2 }); // versions skip, as saves that move only nextCheckOn do
  return change;
}

function recount(awards: Map<string, ModelAward>): StarCounts {
  const counts = emptyStarCounts();
  for (const a of awards.values()) countAward(counts, a, 1);
  return counts;
}

describe("rolling star counts forward", () => {
  it("last week's counts plus this week's feed equal a recount, and so does rolling back from today", () => {
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 25 }), { minLength: 1, maxLength: 6 }), (weeks) => {
        const awards = new Map<string, ModelAward>();
        const feeds: StarAwardChange[][] = [];
        const atWeekEnd: StarCounts[] = [];
        let rolled = emptyStarCounts();
        for (const [w, ops] of weeks.entries()) {
          const feed = ops.flatMap((o, i) => apply(awards, o, `2026-W${w}#${i}`) ?? []);
          feeds.push(feed);
          applyAwardNet(rolled, netAwardChanges(feed), 1);
          expect(rolled).toEqual(recount(awards));
          atWeekEnd.push(structuredClone(rolled));
          const moved = awardMovements(feed);
          expect(Object.values(moved).reduce((a, b) => a + b, 0)).toBe(feed.length);
          rolled = structuredClone(rolled);
        }
        const now = recount(awards);
        for (let w = 0; w < weeks.length; w++) {
          const back = structuredClone(now);
          const later = new Map();
          for (const feed of feeds.slice(w + 1)) netAwardChanges(feed, later);
          applyAwardNet(back, later, -1);
          expect(back).toEqual(atWeekEnd[w]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("nets an award's week from its first change to its last, whatever order the entries come in", () => {
    const entry = (version: number, from: AwardState | null, to: AwardState): StarAwardChange => ({
      awardId: "a",
      version,
      townId: "t1",
      labelCode: "SS-STAR-1",
      from,
      to,
      at: "2026-11-20T00:00:00.000Z",
    });
    const net = netAwardChanges([entry(4, "suspended", "expired"), entry(1, null, "active"), entry(2, "active", "suspended")]);
    expect(net.get("a")).toMatchObject({ before: null, after: { state: "expired" } });
    const counts = emptyStarCounts();
    applyAwardNet(counts, net, 1);
    expect(counts).toEqual(emptyStarCounts()); // awarded and lapsed in one span: counted nowhere
    expect(awardMovements([entry(1, null, "suspended"), entry(2, "suspended", "active"), entry(3, "active", "revoked")])).toEqual({
      awarded: 1,
      suspended: 0,
      restored: 1,
      revoked: 1,
      expired: 0,
      renewed: 0,
    });
  });
});
