// Calendar arithmetic in China Standard Time (core/kernel/china-time.ts): the date of an instant turns at midnight
// in Shanghai (16:00 UTC the day before), ISO weeks are numbered by their Thursday (so 2026-W01 starts on
// 29 December 2025, and 2020 and 2026 have a W53), months end on their own last day (leap years included).
// Deadlines, overdue hazards, placard checks and the weekly refresh all stand on these; a day off is a wrong
// report. Worked examples at the edges, then laws over any instant and any week (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  chinaDate,
  daysBetween,
  isIsoWeek,
  isoWeekOf,
  isoWeekPattern,
  monthsBefore,
  nextWeek,
  previousWeek,
  weekEnd,
  weekStart,
} from "#core/kernel/china-time";

const hour = 3600 * 1000;
const day = 24 * hour;
/** Midnight in Shanghai at the start of `date`. */
const shanghaiMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday

/** Instants from 1971 to 2099, where every year has four digits. */
const anyInstant = fc.date({ min: new Date("1971-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true });
/** Any real ISO week in that span. */
const anyWeek = anyInstant.map(isoWeekOf);

describe("the date in China of an instant", () => {
  it("turns at 16:00 UTC: midnight in Shanghai", () => {
    expect(chinaDate(new Date("2026-03-01T15:59:59.999Z"))).toBe("2026-03-01");
    expect(chinaDate(new Date("2026-03-01T16:00:00.000Z"))).toBe("2026-03-02");
    expect(chinaDate(shanghaiMidnight("2026-03-02"))).toBe("2026-03-02");
  });

  it("crosses a year end eight hours before UTC does", () => {
    expect(chinaDate(new Date("2025-12-31T15:59:59.999Z"))).toBe("2025-12-31");
    expect(chinaDate(new Date("2025-12-31T16:00:00.000Z"))).toBe("2026-01-01");
  });

  it("has a 29 February in leap years only (2024 and 2000, not 2023 nor 2100)", () => {
    expect(chinaDate(new Date("2024-02-28T16:00:00Z"))).toBe("2024-02-29");
    expect(chinaDate(new Date("2024-02-29T16:00:00Z"))).toBe("2024-03-01");
    expect(chinaDate(new Date("2023-02-28T16:00:00Z"))).toBe("2023-03-01");
    expect(chinaDate(new Date("2000-02-28T16:00:00Z"))).toBe("2000-02-29");
    expect(chinaDate(new Date("2100-02-28T16:00:00Z"))).toBe("2100-03-01");
  });

  it("reading a date at Shanghai midnight and writing it again gives the same date, for any date", () => {
    fc.assert(
      fc.property(anyInstant, (at) => {
        const date = chinaDate(at);
        expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(chinaDate(shanghaiMidnight(date))).toBe(date);
        // and the instant lies in the 24 hours its date names
        const start = shanghaiMidnight(date).getTime();
        expect(at.getTime() >= start && at.getTime() < start + day).toBe(true);
      }),
    );
  });
});

describe("ISO weeks in China", () => {
  it("numbers 2026-W01 from Monday 29 December 2025 (2026's first Thursday is 1 January)", () => {
    expect(isoWeekOf(shanghaiMidnight("2025-12-28"))).toBe("2025-W52");
    expect(isoWeekOf(shanghaiMidnight("2025-12-29"))).toBe("2026-W01");
    expect(isoWeekOf(shanghaiMidnight("2026-01-04"))).toBe("2026-W01");
    expect(isoWeekOf(shanghaiMidnight("2026-01-05"))).toBe("2026-W02");
    expect(weekStart("2026-W01").toISOString()).toBe("2025-12-28T16:00:00.000Z");
    expect(weekEnd("2026-W01").toISOString()).toBe("2026-01-04T16:00:00.000Z");
  });

  it("gives 2020 a week 53 that runs into 2021 (1–3 January 2021 are 2020-W53)", () => {
    expect(isoWeekOf(shanghaiMidnight("2020-12-31"))).toBe("2020-W53");
    expect(isoWeekOf(shanghaiMidnight("2021-01-03"))).toBe("2020-W53");
    expect(isoWeekOf(shanghaiMidnight("2021-01-04"))).toBe("2021-W01");
    expect(weekStart("2020-W53").toISOString()).toBe("2020-12-27T16:00:00.000Z");
    expect(nextWeek("2020-W53")).toBe("2021-W01");
    expect(previousWeek("2021-W01")).toBe("2020-W53");
  });

  it("puts 1 January in the previous year's last week when it falls on a Friday to Sunday", () => {
    expect(isoWeekOf(shanghaiMidnight("2021-01-01"))).toBe("2020-W53"); // Friday
    expect(isoWeekOf(shanghaiMidnight("2022-01-01"))).toBe("2021-W52"); // Saturday
    expect(isoWeekOf(shanghaiMidnight("2023-01-01"))).toBe("2022-W52"); // Sunday
    expect(isoWeekOf(shanghaiMidnight("2024-01-01"))).toBe("2024-W01"); // Monday
    expect(isoWeekOf(shanghaiMidnight("2025-12-31"))).toBe("2026-W01"); // Wednesday, in the week of 2026's first Thursday
  });

  it("switches weeks at Monday 00:00 in Shanghai, i.e. Sunday 16:00 UTC", () => {
    expect(isoWeekOf(new Date("2026-11-22T15:59:59.999Z"))).toBe("2026-W47");
    expect(isoWeekOf(new Date("2026-11-22T16:00:00.000Z"))).toBe("2026-W48");
  });

  it("knows which years have a week 53: 2020 and 2026 (Thursday new years) and 2015; not 2021, 2024 nor 2025", () => {
    expect(isIsoWeek("2020-W53")).toBe(true);
    expect(isIsoWeek("2015-W53")).toBe(true);
    expect(isIsoWeek("2026-W53")).toBe(true);
    expect(isoWeekOf(shanghaiMidnight("2027-01-03"))).toBe("2026-W53");
    expect(isIsoWeek("2021-W53")).toBe(false);
    expect(isIsoWeek("2024-W53")).toBe(false);
    expect(isIsoWeek("2025-W53")).toBe(false);
  });

  it("refuses what is not a week: W00, W54, a missing zero, other shapes", () => {
    for (const bad of ["2026-W00", "2026-W54", "2026-W1", "2026W01", "2026-w01", "26-W01", "2026-W01 ", ""]) {
      expect(isIsoWeek(bad)).toBe(false);
    }
    expect(() => weekStart("2026-13")).toThrow("not an ISO week");
  });

  it("the week of any instant contains it", () => {
    fc.assert(
      fc.property(anyInstant, (at) => {
        const week = isoWeekOf(at);
        expect(week).toMatch(isoWeekPattern);
        expect(isIsoWeek(week)).toBe(true);
        expect(weekStart(week).getTime()).toBeLessThanOrEqual(at.getTime());
        expect(at.getTime()).toBeLessThan(weekEnd(week).getTime());
      }),
    );
  });

  it("every week starts on a Monday at midnight in Shanghai and lasts 7 days", () => {
    fc.assert(
      fc.property(anyWeek, (week) => {
        const start = weekStart(week);
        expect((start.getTime() + 8 * hour) % day).toBe(0);
        expect(weekdayOf(chinaDate(start))).toBe(1);
        expect(weekEnd(week).getTime() - start.getTime()).toBe(7 * day);
      }),
    );
  });

  it("consecutive weeks are 7 days apart, and next and previous undo each other", () => {
    fc.assert(
      fc.property(anyWeek, (week) => {
        const next = nextWeek(week);
        expect(weekStart(next).getTime() - weekStart(week).getTime()).toBe(7 * day);
        expect(weekStart(next).getTime()).toBe(weekEnd(week).getTime());
        expect(previousWeek(next)).toBe(week);
        expect(nextWeek(previousWeek(week))).toBe(week);
        expect(next > week).toBe(true); // week names sort in time order (the store relies on it)
      }),
    );
  });

  it("formatting a week's start then reading it back is the identity", () => {
    fc.assert(
      fc.property(anyWeek, (week) => {
        expect(isoWeekOf(weekStart(week))).toBe(week);
      }),
    );
  });

  it("a year has week 53 exactly when it starts or ends on a Thursday", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1971, max: 2099 }), (year) => {
        const thursday = weekdayOf(`${year}-01-01`) === 4 || weekdayOf(`${year}-12-31`) === 4;
        expect(isIsoWeek(`${year}-W53`)).toBe(thursday);
        expect(isIsoWeek(`${year}-W52`)).toBe(true);
      }),
    );
  });
});

describe("months back from a date", () => {
  it("keeps the day of the month when the earlier month has it", () => {
    expect(monthsBefore("2026-05-15", 3)).toBe("2026-02-15");
    expect(monthsBefore("2026-01-15", 1)).toBe("2025-12-15");
    expect(monthsBefore("2026-11-30", 12)).toBe("2025-11-30");
    expect(monthsBefore("2026-03-31", 0)).toBe("2026-03-31");
  });

  it("clamps to the month's last day: 28 February, 29 in a leap year, 30 April", () => {
    expect(monthsBefore("2026-03-31", 1)).toBe("2026-02-28");
    expect(monthsBefore("2024-03-31", 1)).toBe("2024-02-29");
    expect(monthsBefore("2024-02-29", 12)).toBe("2023-02-28");
    expect(monthsBefore("2026-05-31", 1)).toBe("2026-04-30");
    expect(monthsBefore("2026-12-31", 10)).toBe("2026-02-28");
  });

  it("always lands on a real date exactly that many months back, never later in the month than the start", () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 0, max: 120 }), (at, months) => {
        const date = chinaDate(at);
        const back = monthsBefore(date, months);
        expect(chinaDate(shanghaiMidnight(back))).toBe(back); // a real calendar date
        const [y, m, d] = date.split("-").map(Number) as [number, number, number];
        const [by, bm, bd] = back.split("-").map(Number) as [number, number, number];
        expect(y * 12 + m - (by * 12 + bm)).toBe(months);
        expect(bd).toBeLessThanOrEqual(d);
        if (bd < d) expect(addDays(back, 1).slice(5, 7)).not.toBe(back.slice(5, 7)); // clamped only to the month's end
        expect(back <= date).toBe(true);
      }),
    );
  });
});

describe("days between calendar dates", () => {
  it("counts across month ends, leap days and year ends", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2023-02-28", "2023-03-01")).toBe(1);
    expect(daysBetween("2025-12-31", "2026-01-01")).toBe(1);
    expect(daysBetween("2026-03-01", "2026-02-01")).toBe(-28);
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });

  it("adding n days then counting the days between gives n back", () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: -3650, max: 3650 }), (at, n) => {
        const date = chinaDate(at);
        const later = addDays(date, n);
        expect(daysBetween(date, later)).toBe(n);
        expect(addDays(later, -n)).toBe(date);
        expect(shanghaiMidnight(later).getTime() - shanghaiMidnight(date).getTime()).toBe(n * day);
      }),
    );
  });
});
