// The stars' part of one week's snapshot: the previous snapshot's star counts rolled forward by the stars' change
// feed of every week since, up to this one; without an earlier snapshot that has them, the awards held now (the
// `state#active` and `state#suspended` list entries) rolled back by the feed of the weeks after. Memory holds the
// awards changed in those weeks and the counters — never the tenant's awards. The star sweep runs before it
// (jobs/runner.ts), so every expiry up to the run is in the feed, in the week the star lapsed.
import { nextWeek } from "#core/kernel/china-time";
import { pagesOf } from "#core/kernel/paging";
import type { StoredSnapshot } from "#core/weekly/weekly";
import {
  type AwardNet,
  applyAwardNet,
  awardMovements,
  countAward,
  emptyStarCounts,
  netAwardChanges,
  type StarCounts,
  starCountsOf,
  type WeeklyStarCounts,
} from "#core/weekly/weekly-star-counts";
import type { JobDeps } from "#jobs/deps";

export async function weeklyStarCounts(
  deps: JobDeps,
  tenantId: string,
  week: string,
  current: string,
  previous: StoredSnapshot | undefined,
): Promise<WeeklyStarCounts> {
  const movements = awardMovements([]);
  /** The net changes of the weeks from `from` to `to` inclusive; this week's movements counted on the way. */
  const netOf = async (from: string, to: string) => {
    const net = new Map<string, AwardNet>();
    for (let w = from; w <= to; w = nextWeek(w)) {
      for await (const changes of pagesOf((page) => deps.starAwards.changeFeed(tenantId, w, page))) {
        netAwardChanges(changes, net);
        if (w === week) awardMovements(changes, movements);
      }
    }
    return net;
  };

  const since = previous?.snapshot.stars;
  let counts: StarCounts;
  if (previous && since) {
    counts = starCountsOf(since);
    applyAwardNet(counts, await netOf(nextWeek(previous.snapshot.week), week), 1);
  } else {
    // No earlier snapshot with star counts: count the awards held now, then take back what changed after the week.
    counts = emptyStarCounts();
    for (const state of ["active", "suspended"] as const) {
      for await (const awards of pagesOf((page) => deps.starAwards.list(tenantId, { state }, page))) {
        for (const award of awards) countAward(counts, award, 1);
      }
    }
    await netOf(week, week);
    applyAwardNet(counts, await netOf(nextWeek(week), current), -1);
  }
  return { ...counts, movements, basis: since ? "previous-snapshot" : "recount" };
}
