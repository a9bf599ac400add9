// A town's assessment summary (镇街汇总, assessments/assessment-summary.ts): of the town's enterprise assessments
// against one rubric, each unit's latest submitted or verified one counts once; the average is the exact sum over
// the units rounded half up to 0.01 (85.5 and 85.51 average to 85.51, where binary floating point says 85.50);
// lowest and highest; the distribution in bands of each unit's own maximum; and the ten criteria that lost the
// most points. Worked examples, then laws over any set of list entries (fast-check): the average lies between
// lowest and highest, the bands count every unit once, and the order the entries are read in changes nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AssessmentStatus, AssessmentSummary } from "#core/assessments/assessment";
import { summarizeTown } from "#core/assessments/assessment-summary";
import { centi, formatCenti } from "#core/kernel/decimal";

const townId = "01jtown0000000000000000001";
const rubricId = "shishi-enterprise-2024";

let serial = 0;
/** A list entry: a submitted assessment of `targetId` with `total` out of 100, unless told otherwise. */
function entry(targetId: string, total: string | null, more: Partial<AssessmentSummary> = {}): AssessmentSummary {
  serial++;
  return {
    id: `01jassess${String(serial).padStart(17, "0")}`,
    targetType: "enterprise",
    targetId,
    targetName: `单位${targetId}`,
    townId,
    rubricId,
    rubricVersion: 1,
    rubricTitle: "企业安全生产标准化评分细则",
    stage: "verification",
    status: "submitted",
    assessedOn: "2026-03-01",
    assessorName: "李四",
    total,
    maxTotal: "100",
    complete: true,
    failed: 0,
    deductions: [],
    updatedAt: "2026-03-01T02:00:00.000Z",
    ...more,
  };
}

const titles = (criterionId: string, version: number) => `细则${criterionId}（第${version}版）`;
const summary = (entries: readonly AssessmentSummary[]) => summarizeTown(townId, rubricId, entries, titles);
const bands = (s: ReturnType<typeof summary>) => Object.fromEntries(s.distribution.map((d) => [d.band, d.units]));

describe("a town's assessment summary", () => {
  it("with no assessments counts nothing and has no average", () => {
    expect(summary([])).toEqual({
      townId,
      rubricId,
      assessments: 0,
      unitsAssessed: 0,
      verified: 0,
      average: null,
      lowest: null,
      highest: null,
      distribution: [
        { band: "<60%", units: 0 },
        { band: "60–70%", units: 0 },
        { band: "70–80%", units: 0 },
        { band: "80–90%", units: 0 },
        { band: "≥90%", units: 0 },
      ],
      mostDeducted: [],
    });
  });

  it("averages exactly and rounds half up to 0.01: 85.5 and 85.51 give 85.51, 70.1 and 70.11 give 70.11", () => {
    expect(summary([entry("a", "85.5"), entry("b", "85.51")]).average).toBe("85.51");
    expect(((85.5 + 85.51) / 2).toFixed(2)).toBe("85.50"); // what averaging in floating point would have said
    expect(summary([entry("a", "70.1"), entry("b", "70.11")]).average).toBe("70.11");
    expect(summary([entry("a", "80.01"), entry("b", "80.02")]).average).toBe("80.02");
    expect(summary([entry("a", "90"), entry("b", "85.5"), entry("c", "80.25")]).average).toBe("85.25");
    expect(summary([entry("a", "90"), entry("b", "85"), entry("c", "85")]).average).toBe("86.67"); // 86.666…
    expect(summary([entry("a", "90"), entry("b", "90"), entry("c", "85")]).average).toBe("88.33"); // 88.333…
    expect(summary([entry("a", "0.01"), entry("b", "0")]).average).toBe("0.01"); // 0.005 rounds up
    expect(summary([entry("a", "100"), entry("b", "100")]).average).toBe("100");
  });

  it("reports the lowest and highest totals in canonical decimals", () => {
    const s = summary([entry("a", "72.5"), entry("b", "98"), entry("c", "61.25")]);
    expect(s).toMatchObject({ lowest: "61.25", highest: "98", unitsAssessed: 3 });
  });

  it("counts each unit once, by its latest submitted or verified assessment (the later id on the same day)", () => {
    const entries = [
      entry("a", "60", { assessedOn: "2026-01-10" }),
      entry("a", "95", { assessedOn: "2026-03-01", status: "verified" }),
      entry("a", "70", { assessedOn: "2026-02-01" }),
      entry("b", "80", { assessedOn: "2026-03-05" }),
      entry("b", "81", { assessedOn: "2026-03-05" }), // same day, later id: this one
      entry("c", "50", { assessedOn: "2026-04-01", status: "draft" }), // a newer draft does not count
      entry("c", "75", { assessedOn: "2026-01-01" }),
    ];
    const s = summary(entries);
    expect(s).toMatchObject({ assessments: 6, unitsAssessed: 3, verified: 1, lowest: "75", highest: "95", average: "83.67" });
  });

  it("leaves out drafts, returned ones, other rubrics, towns assessed as targets, and checklists without a total", () => {
    const s = summary([
      entry("a", "90"),
      entry("b", "10", { status: "draft" }),
      entry("c", "10", { status: "returned" }),
      entry("d", "10", { rubricId: "another-rubric" }),
      entry("e", "10", { targetType: "town" }),
      entry("f", null, { maxTotal: null }),
    ]);
    expect(s).toMatchObject({ assessments: 1, unitsAssessed: 1, average: "90", lowest: "90", highest: "90" });
  });

  it("puts each unit in a band by its share of its own maximum, the lower edge included", () => {
    const s = summary([
      entry("a", "59.99"),
      entry("b", "60"),
      entry("c", "69.99"),
      entry("d", "70"),
      entry("e", "89.99"),
      entry("f", "90"),
      entry("g", "100"),
      entry("h", "45", { maxTotal: "50" }), // 90 % of its own maximum
      entry("i", "29.99", { maxTotal: "50" }), // just under 60 %
      entry("j", "0"),
    ]);
    expect(bands(s)).toEqual({ "<60%": 3, "60–70%": 2, "70–80%": 1, "80–90%": 1, "≥90%": 3 });
  });

  it("ranks criteria by points lost over all units, then by units, then by id; ten at most; titles from the latest version", () => {
    const lost = (criterionId: string, deduction: string | null) => ({ criterionId, deduction });
    const entries = [
      entry("a", "80", { deductions: [lost("1.1", "5"), lost("2.1", "2.5"), lost("3.1", "2")] }),
      entry("b", "85", { deductions: [lost("1.1", "3"), lost("2.1", "2.5")], rubricVersion: 2 }),
      entry("c", "90", { deductions: [lost("3.1", "3"), lost("4.1", "1"), lost("5.1", "1")] }),
      entry("c", "10", { assessedOn: "2026-01-01", deductions: [lost("9.9", "90")] }), // an earlier one: not counted
      entry("d", "99", { deductions: [lost("6.1", null), lost("5.1", "1"), lost("4.1", "1")] }), // a checklist failure loses no points
    ];
    const s = summary(entries);
    expect(s.mostDeducted).toEqual([
      { criterionId: "1.1", title: "细则1.1（第2版）", units: 2, points: "8" },
      { criterionId: "2.1", title: "细则2.1（第2版）", units: 2, points: "5" },
      { criterionId: "3.1", title: "细则3.1（第1版）", units: 2, points: "5" },
      { criterionId: "4.1", title: "细则4.1（第1版）", units: 2, points: "2" },
      { criterionId: "5.1", title: "细则5.1（第1版）", units: 2, points: "2" },
      { criterionId: "6.1", title: "细则6.1（第1版）", units: 1, points: "0" },
    ]);
    const twelve = Array.from({ length: 12 }, (_, i) => lost(`c${String(i).padStart(2, "0")}`, String(i + 1)));
    const top = summary([entry("a", "22", { deductions: twelve })]).mostDeducted;
    expect(top.map((d) => d.criterionId)).toEqual(["c11", "c10", "c09", "c08", "c07", "c06", "c05", "c04", "c03", "c02"]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Laws over any entries

const cents = (max: number) => fc.integer({ min: 0, max }).map((c) => formatCenti(BigInt(c)));
const anyEntry = fc
  .record({
    target: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"),
    status: fc.constantFrom<AssessmentStatus>("draft", "submitted", "verified", "returned", "submitted", "verified"),
    day: fc.integer({ min: 1, max: 28 }),
    max: fc.constantFrom("100", "50", "2.5"),
    share: fc.integer({ min: 0, max: 10000 }),
    rubric: fc.constantFrom(rubricId, rubricId, rubricId, "other"),
    deductions: fc.uniqueArray(
      fc.record({ criterionId: fc.constantFrom("1.1", "1.2", "2.1", "3.4", "10.1"), deduction: fc.option(cents(500)) }),
      {
        selector: (d) => d.criterionId,
        maxLength: 4,
      },
    ),
  })
  .map((r) => {
    const total = formatCenti((centi(r.max) * BigInt(r.share)) / 10000n); // 0 … max
    return entry(r.target, total, {
      status: r.status,
      assessedOn: `2026-02-${String(r.day).padStart(2, "0")}`,
      maxTotal: r.max,
      rubricId: r.rubric,
      deductions: r.deductions,
    });
  });
const anyEntries = fc.array(anyEntry, { maxLength: 25 });

describe("the town summary's laws", () => {
  it("the average lies between the lowest and the highest total, within half a hundredth of the exact mean", () => {
    fc.assert(
      fc.property(anyEntries, (entries) => {
        const s = summary(entries);
        if (s.unitsAssessed === 0) {
          expect([s.average, s.lowest, s.highest]).toEqual([null, null, null]);
          return;
        }
        const [avg, low, high] = [s.average, s.lowest, s.highest].map((t) => centi(t ?? "")) as [bigint, bigint, bigint];
        expect(low <= avg && avg <= high).toBe(true);
        const latest = new Map<string, AssessmentSummary>();
        for (const e of entries.filter((x) => x.rubricId === rubricId && (x.status === "submitted" || x.status === "verified"))) {
          const held = latest.get(e.targetId);
          if (!held || e.assessedOn > held.assessedOn || (e.assessedOn === held.assessedOn && e.id > held.id)) latest.set(e.targetId, e);
        }
        const totals = [...latest.values()].map((e) => centi(e.total ?? ""));
        const n = BigInt(totals.length);
        const sum = totals.reduce((a, b) => a + b, 0n);
        // |avg − sum/n| ≤ 1/2 hundredth, i.e. |2·n·avg − 2·sum| ≤ n
        const gap = 2n * n * avg - 2n * sum;
        expect(gap <= n && -gap <= n).toBe(true);
        expect(s.unitsAssessed).toBe(totals.length);
      }),
      { numRuns: 300 },
    );
  });

  it("the distribution counts every unit exactly once", () => {
    fc.assert(
      fc.property(anyEntries, (entries) => {
        const s = summary(entries);
        expect(s.distribution.reduce((a, d) => a + d.units, 0)).toBe(s.unitsAssessed);
        expect(s.verified).toBeLessThanOrEqual(s.unitsAssessed);
        expect(s.assessments).toBeGreaterThanOrEqual(s.unitsAssessed);
      }),
      { numRuns: 300 },
    );
  });

  it("the ranked criteria are at most ten, by points lost then units, and each names units that are counted", () => {
    fc.assert(
      fc.property(anyEntries, (entries) => {
        const ranked = summary(entries).mostDeducted;
        expect(ranked.length).toBeLessThanOrEqual(10);
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1], ranked[i]] as [(typeof ranked)[number], (typeof ranked)[number]];
          const [pa, pb] = [centi(a.points), centi(b.points)];
          expect(pa > pb || (pa === pb && a.units >= b.units)).toBe(true);
        }
        for (const d of ranked) expect(d.units).toBeLessThanOrEqual(summary(entries).unitsAssessed);
      }),
      { numRuns: 200 },
    );
  });

  it("the order the entries are read in changes nothing", () => {
    fc.assert(
      fc.property(
        anyEntries.chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length }))),
        ([entries, shuffled]) => {
          expect(summary(shuffled)).toEqual(summary(entries));
        },
      ),
      { numRuns: 200 },
    );
  });
});
