// The weekly base-data refresh of one tenant for one finished ISO week (Asia/Shanghai): the snapshot (counts by
// dimension rolled forward from the previous snapshot by the week's change feed; a full count only when there is
// no earlier snapshot; the awarded stars likewise, weekly-star-counts.ts), the units left unreviewed at the week's
// end, and the week's worklist per town. Memory holds the units changed in the week (and since), a page of the
// register, and counters — never the tenant.
import { chinaDate, isoWeekOf, monthsBefore, nextWeek, previousWeek, weekEnd, weekStart } from "#core/kernel/china-time";
import { errors } from "#core/kernel/errors";
import { pagesOf } from "#core/kernel/paging";
import type { Page, PageRequest } from "#core/kernel/ports";
import { dimensionValues } from "#core/register/enterprise";
import { applyNet, type Counts, count, countsOf, emptyCounts, type NetChange, netChanges, type WorklistItem } from "#core/weekly/weekly";
import type { JobDeps } from "#jobs/deps";
import type { JobOutcome } from "#jobs/messages";
import { weeklyStarCounts } from "#jobs/weekly/weekly-star-counts";

const dayMs = 24 * 3600 * 1000;
const pageSize = 100;

async function eachPage<T>(
  read: (page: PageRequest) => Promise<Page<T>>,
  use: (items: readonly T[]) => Promise<void> | void,
): Promise<void> {
  for await (const items of pagesOf(read)) await use(items);
}

export async function runWeeklyRefresh(deps: JobDeps, tenantId: string, week: string): Promise<JobOutcome> {
  const current = isoWeekOf(deps.clock.now());
  if (week >= current) {
    throw errors.badRequest("week_not_finished", {
      zh: `${week} 尚未结束，只能汇总已结束的周`,
      en: `${week} has not ended yet; only finished weeks are summarised`,
    });
  }
  const { enterprises, snapshots } = deps;
  const settings = await deps.settings.get(tenantId);

  /** The net changes of the weeks from `from` to `to` inclusive, in time order. */
  const netOf = async (from: string, to: string, into = new Map<string, NetChange>()) => {
    for (let w = from; w <= to; w = nextWeek(w)) {
      await eachPage(
        (page) => enterprises.changeFeed(tenantId, w, page),
        (items) => void netChanges(items, into),
      );
    }
    return into;
  };

  const later = week < current ? await netOf(nextWeek(week), current) : new Map<string, NetChange>();
  const thisWeek = await netOf(week, week);
  const previous = await snapshots.latestBefore(tenantId, week);
  let counts: Counts;
  if (previous) {
    counts = countsOf(previous);
    if (nextWeek(previous.snapshot.week) < week) applyNet(counts, await netOf(nextWeek(previous.snapshot.week), previousWeek(week)), 1);
    applyNet(counts, thisWeek, 1);
  } else {
    // No earlier snapshot: count the register as it is now, then take back what changed after the week.
    counts = emptyCounts();
    await eachPage(
      (page) => enterprises.list(tenantId, { deleted: false }, page),
      (items) => {
        for (const unit of items) count(counts, dimensionValues(unit), 1);
      },
    );
    applyNet(counts, later, -1);
  }

  // Units not reviewed for staleAfterDays at the week's end. A unit changed since then is judged by what it
  // was at the week's end (the feed keeps its reviewedAt before the change); the rest by the stale index.
  const end = weekEnd(week);
  const cutoff = new Date(end.getTime() - settings.staleAfterDays * dayMs).toISOString();
  const staleByTown: Record<string, number> = {};
  let staleUnits = 0;
  let worklist: WorklistItem[] = [];
  const flush = async (force = false) => {
    if (worklist.length >= pageSize || (force && worklist.length > 0)) {
      await snapshots.addWorklist(tenantId, week, worklist);
      worklist = [];
    }
  };
  await snapshots.clearWorklist(tenantId, week);
  const stale = async (townId: string, enterpriseId: string, name: string, since: string) => {
    staleUnits++;
    staleByTown[townId] = (staleByTown[townId] ?? 0) + 1;
    worklist.push({ townId, kind: "stale-unit", enterpriseId, name, placardId: null, since });
    await flush();
  };
  await eachPage(
    (page) => enterprises.stale(tenantId, cutoff, page),
    async (units) => {
      for (const unit of units) if (!later.has(unit.id)) await stale(unit.townId, unit.id, unit.name, unit.reviewedAt);
    },
  );
  for (const [id, change] of later) {
    if (change.before === null || change.reviewedAtBefore === null || change.reviewedAtBefore >= cutoff) continue;
    const unit = await enterprises.get(tenantId, id);
    await stale(change.before.town, id, unit?.name ?? id, change.reviewedAtBefore);
  }

  // Placards due for a check by the week's last day (active placards of live units).
  const dueBy = monthsBefore(chinaDate(new Date(end.getTime() - 1)), settings.placardCheckMonths);
  const dueByTown: Record<string, number> = {};
  let due = 0;
  await eachPage(
    (page) => deps.placards.due(tenantId, dueBy, undefined, page),
    async (placards) => {
      for (const placard of placards) {
        const unit = await enterprises.get(tenantId, placard.enterpriseId);
        if (!unit || unit.deletedAt !== null) continue;
        due++;
        dueByTown[unit.townId] = (dueByTown[unit.townId] ?? 0) + 1;
        worklist.push({
          townId: unit.townId,
          kind: "placard-due",
          enterpriseId: unit.id,
          name: unit.name,
          placardId: placard.id,
          since: placard.lastCheckedOn,
        });
        await flush();
      }
    },
  );
  await flush(true);

  const stars = await weeklyStarCounts(deps, tenantId, week, current, previous);
  const changes = [...thisWeek.values()];
  const { total, lesseesByHost, ...byDimension } = counts;
  await snapshots.save(tenantId, {
    lesseesByHost,
    snapshot: {
      week,
      from: weekStart(week).toISOString(),
      to: end.toISOString(),
      total,
      counts: byDimension,
      hosts: Object.keys(lesseesByHost).length,
      lessees: Object.values(lesseesByHost).reduce((a, b) => a + b, 0),
      movements: {
        created: changes.filter((c) => c.actions.has("create")).length,
        movedIn: changes.filter((c) => c.movedIn).length,
        movedOut: changes.filter((c) => c.movedOut).length,
        changed: changes.filter((c) => ["create", "update", "delete", "restore"].some((a) => c.actions.has(a as "create"))).length,
        confirmed: changes.filter((c) => c.actions.has("confirm")).length,
        deleted: changes.filter((c) => c.before !== null && c.after === null).length,
      },
      stale: { afterDays: settings.staleAfterDays, units: staleUnits, byTown: staleByTown },
      placardsDue: { total: due, byTown: dueByTown },
      basis: previous ? "previous-snapshot" : "recount",
      stars,
      generatedAt: deps.clock.now().toISOString(),
    },
  });
  deps.logger.info("weekly refresh", {
    tenantId,
    week,
    total,
    changed: thisWeek.size,
    stale: staleUnits,
    placardsDue: due,
    starsHeld: stars.held,
  });
  return { done: true };
}
