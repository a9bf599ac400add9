// The weekly base-data refresh rolls counts forward (core/weekly/weekly.ts): last week's snapshot plus the net
// effect of this week's change feed must equal counting the register afresh at the end of the week — otherwise
// the published figures drift a little further from the register every week and nobody notices. Checked as a
// fast-check law over random registers and random weeks of creates, updates, confirmations, deletes and
// restores (also rolling back from today, as the job does when there is no earlier snapshot, and several weeks
// netted at once, as it does after a gap), then on the edge cases by hand: a unit created and deleted in one
// week, a unit moved between towns, a host and its lessees (厂中厂).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ChangeFeedEntry,
  type DimensionValues,
  noValue,
  productionStatuses,
  riskLevels,
  sizeClasses,
} from "#core/register/enterprise";
import { applyNet, type Counts, count, countsOf, emptyCounts, netChanges, type StoredSnapshot } from "#core/weekly/weekly";

// ---------------------------------------------------------------------------------------------------------------
// A register as a model: units with their dimension values, and the change feed its changes write.

interface ModelUnit {
  values: DimensionValues;
  deleted: boolean;
  version: number;
  moveInDate: string | null;
  moveOutDate: string | null;
  reviewedAt: string;
}

type Op =
  | { kind: "create"; values: DimensionValues; moveInDate: string | null }
  | { kind: "update"; pick: number; values: DimensionValues; moveInDate: string | null; moveOutDate: string | null }
  | { kind: "confirm"; pick: number }
  | { kind: "delete"; pick: number }
  | { kind: "restore"; pick: number; values: DimensionValues };

class Register {
  readonly units = new Map<string, ModelUnit>();
  private next = 0;
  private clock = Date.parse("2026-01-05T00:00:00Z");

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  live(): [string, ModelUnit][] {
    return [...this.units].filter(([, u]) => !u.deleted);
  }

  /** Applies one operation (skipped when it has nothing to act on) and returns the feed entry it writes. */
  apply(op: Op): ChangeFeedEntry | undefined {
    const at = this.tick();
    if (op.kind === "create") {
      const id = `u${String(this.next++).padStart(4, "0")}`;
      this.units.set(id, { values: op.values, deleted: false, version: 1, moveInDate: op.moveInDate, moveOutDate: null, reviewedAt: at });
      return {
        enterpriseId: id,
        version: 1,
        at,
        action: "create",
        before: null,
        after: op.values,
        moveInDate: { from: null, to: op.moveInDate },
        moveOutDate: { from: null, to: null },
        reviewedAt: { from: null, to: at },
      };
    }
    const pool = op.kind === "restore" ? [...this.units].filter(([, u]) => u.deleted) : this.live();
    const picked = pool[op.pick % Math.max(pool.length, 1)];
    if (!picked) return undefined;
    const [id, unit] = picked;
    const before = unit.deleted ? null : unit.values;
    const was = { moveInDate: unit.moveInDate, moveOutDate: unit.moveOutDate, reviewedAt: unit.reviewedAt };
    if (op.kind === "update") {
      unit.values = op.values;
      unit.moveInDate = op.moveInDate;
      unit.moveOutDate = op.moveOutDate;
    } else if (op.kind === "delete") unit.deleted = true;
    else if (op.kind === "restore") {
      unit.deleted = false;
      unit.values = op.values;
    }
    unit.version++;
    unit.reviewedAt = at;
    return {
      enterpriseId: id,
      version: unit.version,
      at,
      action: op.kind,
      before,
      after: unit.deleted ? null : unit.values,
      moveInDate: { from: was.moveInDate, to: unit.moveInDate },
      moveOutDate: { from: was.moveOutDate, to: unit.moveOutDate },
      reviewedAt: { from: was.reviewedAt, to: at },
    };
  }

  /** The register counted afresh: what the snapshot must equal. */
  recount(): Counts {
    const counts = emptyCounts();
    for (const [, u] of this.live()) count(counts, u.values, 1);
    return counts;
  }
}

const values: fc.Arbitrary<DimensionValues> = fc.record({
  town: fc.constantFrom("t1", "t2", "t3"),
  grid: fc.constantFrom(noValue, "g1", "g2", "g3"),
  industry: fc.constantFrom("13", "26", "33"),
  size: fc.constantFrom(...sizeClasses),
  risk: fc.constantFrom(noValue, ...riskLevels),
  status: fc.constantFrom(...productionStatuses),
  venue: fc.constantFrom(noValue, "eatery", "hostel"),
  host: fc.constantFrom(noValue, noValue, "h1", "h2"),
});
const moveDate = fc.option(fc.constantFrom("2025-06-01", "2026-01-06", "2026-02-01"), { nil: null });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), values, moveInDate: moveDate }),
  fc.record({ kind: fc.constant("update" as const), pick: fc.nat(), values, moveInDate: moveDate, moveOutDate: moveDate }),
  fc.record({ kind: fc.constant("confirm" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("restore" as const), pick: fc.nat(), values }),
);
const history = fc.record({
  initial: fc.array(values, { maxLength: 20 }),
  weeks: fc.array(fc.array(op, { maxLength: 15 }), { minLength: 1, maxLength: 6 }),
});

/** Builds the register, then runs the weeks: the feed of each week and the recount at each week's end. */
function run(initial: readonly DimensionValues[], weeks: readonly Op[][]) {
  const register = new Register();
  for (const v of initial) register.apply({ kind: "create", values: v, moveInDate: null });
  const start = register.recount();
  const feeds: ChangeFeedEntry[][] = [];
  const ends: Counts[] = [];
  for (const ops of weeks) {
    feeds.push(ops.map((o) => register.apply(o)).filter((e): e is ChangeFeedEntry => e !== undefined));
    ends.push(register.recount());
  }
  return { register, start, feeds, ends };
}

/** A snapshot as the store keeps it, and read back for next week (the job's path between runs). */
function stored(counts: Counts): StoredSnapshot {
  const { total, lesseesByHost, ...byDimension } = counts;
  return {
    lesseesByHost,
    snapshot: {
      week: "2026-W02",
      from: "",
      to: "",
      total,
      counts: byDimension,
      hosts: Object.keys(lesseesByHost).length,
      lessees: 0,
      movements: { created: 0, movedIn: 0, movedOut: 0, changed: 0, confirmed: 0, deleted: 0 },
      stale: { afterDays: 90, units: 0, byTown: {} },
      placardsDue: { total: 0, byTown: {} },
      basis: "previous-snapshot",
      generatedAt: "",
    },
  };
}

describe("rolling the weekly snapshot forward", () => {
  it("week by week from a snapshot with each week's change feed equals recounting the register at each week's end", () => {
    fc.assert(
      fc.property(history, ({ initial, weeks }) => {
        const { start, feeds, ends } = run(initial, weeks);
        let snapshot = stored(start);
        feeds.forEach((feed, w) => {
          const counts = countsOf(snapshot);
          applyNet(counts, netChanges(feed), 1);
          expect(counts).toEqual(ends[w]);
          snapshot = stored(counts);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("rolling back from today's recount by the weeks since gives each week's counts (the job's first snapshot)", () => {
    fc.assert(
      fc.property(history, ({ initial, weeks }) => {
        const { register, start, feeds, ends } = run(initial, weeks);
        for (let w = -1; w < feeds.length; w++) {
          const later = new Map();
          for (const feed of feeds.slice(w + 1)) netChanges(feed, later);
          const counts = register.recount();
          applyNet(counts, later, -1);
          expect(counts).toEqual(w === -1 ? start : ends[w]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("netting several weeks at once, page by page, equals rolling them one at a time (the job after a gap)", () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 5 }), ({ initial, weeks }, pageSize) => {
        const { start, feeds, ends } = run(initial, weeks);
        const all = feeds.flat();
        const net = new Map();
        for (let i = 0; i < all.length; i += pageSize) netChanges(all.slice(i, i + pageSize), net); // a page at a time
        const counts = structuredClone(start);
        applyNet(counts, net, 1);
        expect(counts).toEqual(ends[ends.length - 1]);
        expect(net.size).toBe(new Set(all.map((e) => e.enterpriseId)).size); // one entry per unit changed
      }),
      { numRuns: 200 },
    );
  });

  it("equal registers give equal counts: nothing of a value no unit has any more is left behind, not even a zero", () => {
    fc.assert(
      fc.property(history, ({ initial, weeks }) => {
        const { register, ends } = run(initial, weeks);
        const final = ends[ends.length - 1] as Counts;
        const tables = [final.town, final.grid, final.industry, final.size, final.risk, final.status, final.venue, final.lesseesByHost];
        for (const table of tables) for (const n of Object.values(table)) expect(n).toBeGreaterThan(0);
        // Every dimension adds up to the total.
        for (const table of tables.slice(0, 7)) expect(Object.values(table).reduce((a, b) => a + b, 0)).toBe(final.total);
        expect(final.total).toBe(register.live().length);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Edge cases, by hand

const base: DimensionValues = {
  town: "t1",
  grid: "g1",
  industry: "33",
  size: "small-micro",
  risk: "yellow",
  status: "producing",
  venue: noValue,
  host: noValue,
};

function entry(
  id: string,
  action: ChangeFeedEntry["action"],
  before: DimensionValues | null,
  after: DimensionValues | null,
  extra: Partial<ChangeFeedEntry> = {},
): ChangeFeedEntry {
  return {
    enterpriseId: id,
    version: 1,
    at: "2026-01-06T02:00:00.000Z",
    action,
    before,
    after,
    moveInDate: { from: null, to: null },
    moveOutDate: { from: null, to: null },
    reviewedAt: { from: before ? "2025-06-01T00:00:00.000Z" : null, to: "2026-01-06T02:00:00.000Z" },
    ...extra,
  };
}

function countsFor(...units: DimensionValues[]): Counts {
  const counts = emptyCounts();
  for (const u of units) count(counts, u, 1);
  return counts;
}

describe("the weekly counts in the edge cases", () => {
  it("count adds a unit under each dimension, and taking it away leaves no zero behind", () => {
    const counts = countsFor(base, { ...base, town: "t2", risk: noValue });
    expect(counts).toEqual({
      total: 2,
      town: { t1: 1, t2: 1 },
      grid: { g1: 2 },
      industry: { "33": 2 },
      size: { "small-micro": 2 },
      risk: { yellow: 1, none: 1 },
      status: { producing: 2 },
      venue: { none: 2 },
      lesseesByHost: {},
    });
    count(counts, { ...base, town: "t2", risk: noValue }, -1);
    expect(counts).toEqual(countsFor(base));
    count(counts, base, -1);
    expect(counts).toEqual(emptyCounts());
  });

  it("a unit created and deleted in the same week nets to nothing, but the week still knows it was created", () => {
    const net = netChanges([entry("u1", "create", null, base), entry("u1", "delete", base, null)]);
    expect(net.get("u1")).toEqual({
      before: null,
      after: null,
      actions: new Set(["create", "delete"]),
      movedIn: false,
      movedOut: false,
      reviewedAtBefore: null,
    });
    const counts = countsFor(base);
    applyNet(counts, net, 1);
    expect(counts).toEqual(countsFor(base));
  });

  it("a unit deleted then restored in one week is counted once, where it was restored to", () => {
    const restored = { ...base, town: "t3", grid: noValue };
    const net = netChanges([entry("u1", "delete", base, null), entry("u1", "restore", null, restored)]);
    const counts = countsFor(base);
    applyNet(counts, net, 1);
    expect(counts).toEqual(countsFor(restored));
  });

  it("a unit moved between towns leaves the old town (gone if it was its only unit) and joins the new one; the total stays", () => {
    const moved = { ...base, town: "t2", grid: "g9" };
    const counts = countsFor(base, { ...base, grid: "g2" });
    applyNet(counts, netChanges([entry("u1", "update", base, moved)]), 1);
    expect(counts.total).toBe(2);
    expect(counts.town).toEqual({ t1: 1, t2: 1 });
    expect(counts.grid).toEqual({ g2: 1, g9: 1 });
    // moved on again the same week: only where it ended counts
    applyNet(counts, netChanges([entry("u1", "update", moved, { ...moved, town: "t3" })]), 1);
    expect(counts.town).toEqual({ t1: 1, t3: 1 });
    applyNet(counts, netChanges([entry("u2", "update", { ...base, grid: "g2" }, { ...base, town: "t3", grid: "g2" })]), 1);
    expect(counts.town).toEqual({ t3: 2 });
    expect(counts.town).not.toHaveProperty("t1");
  });

  it("ten changes of one unit in a week are one net change: its state before the first and after the last", () => {
    const states = Array.from({ length: 11 }, (_, i) => ({ ...base, industry: String(10 + i) }));
    const feed = states.slice(1).map((after, i) => entry("u1", i === 9 ? "confirm" : "update", states[i] ?? null, after));
    const net = netChanges(feed);
    expect(net.size).toBe(1);
    expect(net.get("u1")).toMatchObject({ before: states[0], after: states[10], actions: new Set(["update", "confirm"]) });
  });

  it("a host's lessees are counted per host: a new lessee adds to its host, a lessee that leaves takes itself away", () => {
    const lessee = { ...base, host: "h1" };
    const counts = countsFor(base, lessee);
    expect(counts.lesseesByHost).toEqual({ h1: 1 });
    applyNet(counts, netChanges([entry("u3", "create", null, { ...lessee, town: "t2" })]), 1);
    expect(counts.lesseesByHost).toEqual({ h1: 2 });
    applyNet(counts, netChanges([entry("u2", "update", lessee, { ...lessee, host: "h2" })]), 1);
    expect(counts.lesseesByHost).toEqual({ h1: 1, h2: 1 });
    applyNet(
      counts,
      netChanges([entry("u2", "update", { ...lessee, host: "h2" }, base), entry("u3", "delete", { ...lessee, town: "t2" }, null)]),
      1,
    );
    expect(counts.lesseesByHost).toEqual({});
    expect(counts.total).toBe(2);
  });

  it("a move-in or move-out counts when the week records a date, not when it clears or keeps one", () => {
    const dates = (moveIn: [string | null, string | null], moveOut: [string | null, string | null] = [null, null]) => ({
      moveInDate: { from: moveIn[0], to: moveIn[1] },
      moveOutDate: { from: moveOut[0], to: moveOut[1] },
    });
    const net = netChanges([
      entry("in", "update", base, base, dates([null, "2026-01-06"])),
      entry("changed", "update", base, base, dates(["2025-01-01", "2026-01-06"])),
      entry("cleared", "update", base, base, dates(["2025-01-01", null])),
      entry("kept", "update", base, base, dates(["2025-01-01", "2025-01-01"], ["2025-02-01", "2025-02-01"])),
      entry("out", "update", base, base, dates([null, null], [null, "2026-01-07"])),
      entry("later", "update", base, base),
      entry("later", "update", base, base, dates([null, "2026-01-08"])),
    ]);
    const flags = Object.fromEntries([...net].map(([id, c]) => [id, `${c.movedIn ? "in" : "-"}/${c.movedOut ? "out" : "-"}`]));
    expect(flags).toEqual({ in: "in/-", changed: "in/-", cleared: "-/-", kept: "-/-", out: "-/out", later: "in/-" });
  });

  it("keeps when a unit was reviewed before the week's first change (for staleness at the week's end)", () => {
    const net = netChanges([
      entry("u1", "update", base, base, { reviewedAt: { from: "2025-03-01T00:00:00.000Z", to: "2026-01-06T01:00:00.000Z" } }),
      entry("u1", "confirm", base, base, { reviewedAt: { from: "2026-01-06T01:00:00.000Z", to: "2026-01-07T01:00:00.000Z" } }),
      entry("u2", "create", null, base),
    ]);
    expect(net.get("u1")?.reviewedAtBefore).toBe("2025-03-01T00:00:00.000Z");
    expect(net.get("u2")?.reviewedAtBefore).toBeNull();
  });

  it("a stored snapshot reads back as counts to roll on from, without the roll changing what is stored", () => {
    const before = countsFor(base, { ...base, host: "h1" });
    const kept = stored(before);
    const counts = countsOf(kept);
    expect(counts).toEqual(before);
    count(counts, { ...base, town: "t9", host: "h1" }, 1);
    expect(kept.snapshot.counts.town).toEqual({ t1: 2 });
    expect(kept.lesseesByHost).toEqual({ h1: 1 });
    expect(countsOf(kept)).toEqual(before);
  });
});
