// A city's total of what its districts delivered (市级合计): counts add up; rates are recomputed from the sums, and
// the median days to close from the districts' merged histograms, so the total is exact, not an average of rates.
import { type Counters, figuresOf } from "#core/hazards/hazard-figures";
import type { DistrictFigures } from "#core/reports/monthly-report";

export function districtTotal(districts: readonly DistrictFigures[], today: string): DistrictFigures {
  const counters: Counters = {};
  const closeDays: Record<string, number> = {};
  const add = (name: string, value: number) => {
    counters[name] = (counters[name] ?? 0) + value;
  };
  let overdue = 0;
  for (const d of districts) {
    add("found", d.hazards.found);
    add("closed", d.hazards.closed);
    add("major", d.hazards.majorFound);
    add("closedMajor", d.hazards.majorClosed);
    overdue += d.hazards.overdue;
    for (const [days, count] of Object.entries(d.closeDays)) {
      closeDays[days] = (closeDays[days] ?? 0) + count;
      add(`cd_${days}`, count);
    }
  }
  const first = districts[0];
  const sum = (of: (d: DistrictFigures) => number) => districts.reduce((total, d) => total + of(d), 0);
  const registerTotals = districts.map((d) => d.registerTotal);
  return {
    districtId: "total",
    districtName: "合计",
    month: first?.month ?? "",
    hazards: {
      ...figuresOf(counters, { from: first?.hazards.from ?? "", to: first?.hazards.to ?? "", scope: "districts", today }),
      overdue,
    },
    closeDays,
    backlog: { open: sum((d) => d.backlog.open), overdue: sum((d) => d.backlog.overdue) },
    newMajor: sum((d) => d.newMajor),
    jointTackling: {
      opened: sum((d) => d.jointTackling.opened),
      resolved: sum((d) => d.jointTackling.resolved),
      open: sum((d) => d.jointTackling.open),
    },
    registerTotal: registerTotals.every((t) => t !== null) ? sum((d) => d.registerTotal ?? 0) : null,
    assessmentsVerified: sum((d) => d.assessmentsVerified),
    starsAwarded: sum((d) => d.starsAwarded),
    generatedAt:
      districts
        .map((d) => d.generatedAt)
        .sort()
        .at(-1) ?? "",
  };
}
