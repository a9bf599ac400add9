// Builds a tenant's monthly report from the aggregates the system keeps — never by reading every hazard or unit:
// hazard figures from the per-day counter rows (one Query per scope and month), the new major and the longest
// overdue hazards from the hazard lists (a page each), the escalation lists from their own partitions, register
// movements from the change feed of the month's weeks, totals from the weekly snapshots, assessments from the
// verified list of the month, stars from their change feed, campaigns from their unit tallies (monthly-campaigns.ts).
// Memory holds counter rows of one scope at a time, the month's list pages and one campaign's units, so it does not
// grow with the tenant.
import type { AssessmentRepository } from "#core/assessments/ports";
import type { CampaignRepository } from "#core/campaigns/ports";
import type { JointTackling } from "#core/escalation/joint-tackling";
import type { CoordinationRequestRepository, JointTacklingRepository } from "#core/escalation/ports";
import type { HazardSummary } from "#core/hazards/hazard";
import { type Counters, figuresOf, sumCounters } from "#core/hazards/hazard-figures";
import type { HazardRepository, KeyHazardListRepository } from "#core/hazards/ports";
import { addMonths, chinaDate, daysBetween, isoWeekOf, monthDates, monthStart, nextWeek } from "#core/kernel/china-time";
import { averageCenti, centi, formatRate, rateOf, sumCenti } from "#core/kernel/decimal";
import { allOf, pagesOf } from "#core/kernel/paging";
import type { PlacardRepository } from "#core/placards/ports";
import { industryByCode } from "#core/register/industry";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import { monthlyCampaigns } from "#core/reports/monthly-campaigns";
import type { ComparedFigures, DistrictFigures, MonthlyReport, ReportHazard, ReportRecord, TrendPoint } from "#core/reports/monthly-report";
import type { StarAwardRepository } from "#core/stars/ports";
import type { SupervisionTargetRepository } from "#core/supervision/ports";
import type { Tenant } from "#core/tenancy/tenant";
import type { SnapshotRepository } from "#core/weekly/ports";
import type { WeeklySnapshot } from "#core/weekly/weekly";

/** A hazard as the report's lists show it: its town by name, and how many days it is overdue on `today`. */
export function reportHazard(h: HazardSummary, townNames: ReadonlyMap<string, string>, today: string): ReportHazard {
  const overdue = h.state !== "closed" && h.deadline !== null && h.deadline < today;
  return {
    id: h.id,
    enterpriseName: h.enterpriseName,
    townName: townNames.get(h.townId) ?? h.townId,
    category: h.category,
    description: h.description,
    severity: h.severity,
    state: h.state,
    foundOn: h.foundOn,
    deadline: h.deadline,
    daysOverdue: overdue && h.deadline ? daysBetween(h.deadline, today) : null,
  };
}

export interface MonthlySources {
  readonly hazards: HazardRepository;
  readonly keyHazardLists: KeyHazardListRepository;
  readonly jointTackling: JointTacklingRepository;
  readonly coordinationRequests: CoordinationRequestRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly snapshots: SnapshotRepository;
  readonly assessments: AssessmentRepository;
  readonly starAwards: StarAwardRepository;
  readonly supervisionTargets: SupervisionTargetRepository;
  readonly placards: PlacardRepository;
  readonly campaigns: CampaignRepository;
}

export interface MonthlyInput {
  readonly tenant: Tenant;
  readonly month: string;
  readonly now: Date;
  /** The tenant's earlier reports (any of the eleven months before): the trend's points. */
  readonly earlier: readonly ReportRecord[];
  /** A city's districts and what each delivered for the month. */
  readonly districts: readonly { readonly id: string; readonly name: string; readonly figures: DistrictFigures | undefined }[];
}

/** Rows the longest-overdue list shows. */
const longestOverdueRows = 10;
/** Joint tackling items the report lists (the counts cover all). */
const jointTacklingRows = 50;
/** Counter-row queries in flight at once. */
const parallelQueries = 8;

/** Runs `work` over `items`, `limit` at a time, keeping the order of the results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function within(at: string, from: Date, to: Date): boolean {
  return at >= from.toISOString() && at < to.toISOString();
}

/** The ISO weeks that overlap a month, in order. */
function weeksOf(month: string): string[] {
  const first = isoWeekOf(monthStart(month));
  const last = isoWeekOf(new Date(monthStart(addMonths(month, 1)).getTime() - 1));
  const weeks: string[] = [];
  for (let w = first; w <= last; w = nextWeek(w)) weeks.push(w);
  return weeks;
}

export function monthlyFigures(sources: MonthlySources) {
  const { hazards } = sources;

  async function countersOf(tenantId: string, scope: string, from: string, to: string): Promise<Counters> {
    return sumCounters(await hazards.counters(tenantId, scope, from, to));
  }

  /** A scope's figures of the hazards found in the month, the month before and the month a year before. */
  async function compared(
    tenantId: string,
    scope: string,
    month: string,
    today: string,
  ): Promise<ComparedFigures & { counters: Counters }> {
    const of = async (m: string) => {
      const { first, last } = monthDates(m);
      const counters = await countersOf(tenantId, scope, first, last);
      return { counters, figures: figuresOf(counters, { from: first, to: last, scope, today }) };
    };
    const [current, previous, yearAgo] = await Promise.all([of(month), of(addMonths(month, -1)), of(addMonths(month, -12))]);
    return { current: current.figures, previousMonth: previous.figures, yearAgo: yearAgo.figures, counters: current.counters };
  }

  /** Major hazards found in the month: newest first, read until the list passes the month's start. */
  async function newMajor(tenantId: string, month: string, today: string, townNames: ReadonlyMap<string, string>) {
    const { first, last } = monthDates(month);
    const found: ReportHazard[] = [];
    for await (const items of pagesOf((page) =>
      hazards.list(tenantId, { severity: "major", overdue: false, escalated: undefined }, today, page),
    )) {
      for (const h of items) if (h.foundOn >= first && h.foundOn <= last) found.push(reportHazard(h, townNames, today));
      if (items.some((h) => h.foundOn < first)) break;
    }
    return found;
  }

  async function longestOverdue(tenantId: string, today: string, townNames: ReadonlyMap<string, string>) {
    const page = await hazards.list(tenantId, { overdue: true, escalated: undefined }, today, { limit: longestOverdueRows });
    return page.items.map((h) => reportHazard(h, townNames, today));
  }

  async function escalation(tenant: Tenant, month: string) {
    const from = monthStart(month);
    const to = monthStart(addMonths(month, 1));
    const { first, last } = monthDates(month);
    // The month's two half months, each one Query of its sort keys (not every list the tenant ever published).
    const halves = await Promise.all(
      [1, 2].map((half) => allOf((page) => sources.keyHazardLists.list(tenant.id, { period: `${month}-${half}` }, page))),
    );
    const keyHazardLists = halves
      .flat()
      .sort((a, b) => a.period.localeCompare(b.period))
      .map((l) => ({ id: l.id, period: l.period, department: l.department, items: l.hazards }));

    // A city's incoming items from all its districts; a district's items at its city.
    const read = (filter: Parameters<JointTacklingRepository["listIncoming"]>[1]) =>
      tenant.level === "city" || tenant.parentId === null
        ? allOf((page) => sources.jointTackling.listIncoming(tenant.id, filter, page))
        : allOf((page) => sources.jointTackling.listOutgoing(tenant.id, tenant.parentId as string, filter, page));
    const opened = await read({ from: first, to: last });
    const open = [...(await read({ state: "escalated" })), ...(await read({ state: "assigned" }))];
    const resolved = (await read({ state: "resolved" })).filter((item) =>
      item.history.some((step) => step.action === "resolve" && within(step.at, from, to)),
    );
    const shown = new Map<string, JointTackling>();
    for (const item of [...opened, ...resolved, ...open]) if (shown.size < jointTacklingRows) shown.set(item.id, item);

    const requests = await allOf((page) => sources.coordinationRequests.list(tenant.id, { month }, page));
    return {
      keyHazardLists,
      jointTackling: {
        opened: opened.length,
        resolved: resolved.length,
        open: open.length,
        items: [...shown.values()].map((item) => ({
          hazardId: item.hazardId,
          districtId: item.districtId,
          enterpriseName: item.hazard.enterpriseName,
          description: item.hazard.description,
          state: item.state,
          department: item.department,
          response: item.response,
          escalatedAt: item.escalatedAt,
        })),
      },
      coordination: requests.map((r) => ({
        id: r.id,
        leader: r.leader.role,
        items: r.items.length,
        state: r.state,
        decision: r.decision?.text ?? null,
        submittedAt: r.submittedAt,
      })),
    };
  }

  /** The register's movements of the month (from the change feed of its weeks) and totals from its last snapshot. */
  async function register(tenantId: string, month: string, snapshot: WeeklySnapshot | undefined) {
    if (!snapshot) return null;
    const from = monthStart(month);
    const to = monthStart(addMonths(month, 1));
    let created = 0;
    let movedIn = 0;
    let movedOut = 0;
    let deleted = 0;
    const coverage = await sources.placards.coverage(tenantId);
    for (const week of weeksOf(month)) {
      for await (const entries of pagesOf((page) => sources.enterprises.changeFeed(tenantId, week, page))) {
        for (const e of entries) {
          if (!within(e.at, from, to)) continue;
          if (e.action === "create") created++;
          if (e.before !== null && e.after === null) deleted++;
          if (e.moveInDate.to !== e.moveInDate.from && e.moveInDate.to !== null) movedIn++;
          if (e.moveOutDate.to !== e.moveOutDate.from && e.moveOutDate.to !== null) movedOut++;
        }
      }
    }
    return {
      week: snapshot.week,
      total: snapshot.total,
      created,
      movedIn,
      movedOut,
      deleted,
      stale: snapshot.stale.units,
      placardsDue: snapshot.placardsDue.total,
      activePlacards: coverage.activePlacards,
      placardCoveredUnits: coverage.coveredUnits,
      placardCoverage: snapshot.total === 0 ? null : formatRate(rateOf(Math.min(coverage.coveredUnits, snapshot.total), snapshot.total)),
    };
  }

  async function assessments(tenantId: string, month: string, townNames: ReadonlyMap<string, string>) {
    const { first, last } = monthDates(month);
    const byTown = new Map<string, { verified: number; scored: bigint[] }>();
    let verified = 0;
    for await (const items of pagesOf((page) => sources.assessments.list(tenantId, { status: "verified", from: first, to: last }, page))) {
      for (const a of items) {
        verified++;
        const town = byTown.get(a.townId) ?? { verified: 0, scored: [] };
        town.verified++;
        if (a.total !== null) town.scored.push(centi(a.total));
        byTown.set(a.townId, town);
      }
    }
    return {
      verified,
      byTown: [...byTown]
        .map(([townId, t]) => ({
          townId,
          townName: townNames.get(townId) ?? townId,
          verified: t.verified,
          averageTotal: t.scored.length === 0 ? null : averageCenti(sumCenti(t.scored), t.scored.length),
        }))
        .sort((a, b) => a.townName.localeCompare(b.townName, "zh-CN")),
    };
  }

  async function stars(tenantId: string, month: string, snapshot: WeeklySnapshot | undefined) {
    const from = monthStart(month);
    const to = monthStart(addMonths(month, 1));
    const moved = { awarded: 0, suspended: 0, reinstated: 0, revoked: 0, expired: 0 };
    for (const week of weeksOf(month)) {
      for await (const changes of pagesOf((page) => sources.starAwards.changeFeed(tenantId, week, page))) {
        for (const c of changes) {
          if (!within(c.at, from, to)) continue;
          if (c.from === null) moved.awarded++;
          else if (c.to === "suspended") moved.suspended++;
          else if (c.to === "revoked") moved.revoked++;
          else if (c.to === "expired") moved.expired++;
          else if (c.to === "active" && c.from === "suspended") moved.reinstated++;
        }
      }
    }
    return { ...moved, held: snapshot?.stars?.held ?? null, supervisionTargets: await sources.supervisionTargets.count(tenantId) };
  }

  /** The last weekly snapshot of a week that started in the month or before. */
  async function lastSnapshotOf(tenantId: string, month: string): Promise<WeeklySnapshot | undefined> {
    const lastWeek = isoWeekOf(new Date(monthStart(addMonths(month, 1)).getTime() - 1));
    const stored = (await sources.snapshots.get(tenantId, lastWeek)) ?? (await sources.snapshots.latestBefore(tenantId, lastWeek));
    return stored?.snapshot;
  }

  function trendOf(month: string, earlier: readonly ReportRecord[], backlog: { open: number; overdue: number }): TrendPoint[] {
    const byMonth = new Map(earlier.map((r) => [r.month, r.backlog]));
    return Array.from({ length: 12 }, (_, i) => {
      const m = addMonths(month, i - 11);
      const point = m === month ? backlog : byMonth.get(m);
      return { month: m, open: point?.open ?? null, overdue: point?.overdue ?? null };
    });
  }

  return {
    async build(input: MonthlyInput): Promise<{ report: MonthlyReport; district: DistrictFigures }> {
      const { tenant, month } = input;
      const today = chinaDate(input.now);
      const { last } = monthDates(month);
      const towns = await allOf((page) => sources.towns.listTowns(tenant.id, page));
      const townNames = new Map(towns.map((t) => [t.id, t.name]));
      const snapshot = await lastSnapshotOf(tenant.id, month);

      const tenantFigures = await compared(tenant.id, "all", month, today);
      const byTown = await mapLimited(towns, parallelQueries, async (t) => ({
        townId: t.id,
        townName: t.name,
        figures: (({ counters: _, ...f }) => f)(await compared(tenant.id, `town#${t.id}`, month, today)),
      }));
      const industries = Object.keys(snapshot?.counts.industry ?? {})
        .filter((code) => /^\d{2}$/.test(code))
        .sort();
      const byIndustry = (
        await mapLimited(industries, parallelQueries, async (code) => ({
          industry: code,
          industryName: industryByCode(code)?.name ?? code,
          figures: (({ counters: _, ...f }) => f)(await compared(tenant.id, `industry#${code}`, month, today)),
        }))
      ).filter((row) => row.figures.current.found + row.figures.previousMonth.found + row.figures.yearAgo.found > 0);

      const all = figuresOf(await countersOf(tenant.id, "all", "0000-01-01", last), { from: "0000-01-01", to: last, scope: "all", today });
      const backlog = { open: all.open, overdue: all.overdue };
      const major = await newMajor(tenant.id, month, today, townNames);
      const escalated = await escalation(tenant, month);
      const verified = await assessments(tenant.id, month, townNames);
      const { counters, ...tenantCompared } = tenantFigures;
      const report: MonthlyReport = {
        tenantId: tenant.id,
        tenantName: tenant.name,
        month,
        asOf: today,
        hazards: {
          tenant: tenantCompared,
          byTown,
          byIndustry,
          backlog,
          trend: trendOf(month, input.earlier, backlog),
          newMajor: major,
          longestOverdue: await longestOverdue(tenant.id, today, townNames),
        },
        escalation: escalated,
        register: await register(tenant.id, month, snapshot),
        assessments: verified,
        stars: await stars(tenant.id, month, snapshot),
        districts: input.districts.map((d) => ({ districtId: d.id, districtName: d.name, figures: d.figures ?? null })),
        campaigns: await monthlyCampaigns(sources.campaigns, tenant.id, month, input.now, townNames),
        generatedAt: input.now.toISOString(),
      };
      const closeDays = Object.fromEntries(
        Object.entries(counters)
          .filter(([name, count]) => name.startsWith("cd_") && count > 0)
          .map(([name, count]) => [name.slice(3), count]),
      );
      const district: DistrictFigures = {
        districtId: tenant.id,
        districtName: tenant.name,
        month,
        hazards: tenantCompared.current,
        closeDays,
        backlog,
        newMajor: major.length,
        jointTackling: {
          opened: escalated.jointTackling.opened,
          resolved: escalated.jointTackling.resolved,
          open: escalated.jointTackling.open,
        },
        registerTotal: report.register?.total ?? null,
        assessmentsVerified: verified.verified,
        starsAwarded: report.stars.awarded,
        generatedAt: report.generatedAt,
      };
      return { report, district };
    },
  };
}
