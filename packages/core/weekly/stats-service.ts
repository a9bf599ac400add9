// Reading the weekly refresh's results: the trend of snapshots over a span of weeks (two years by default, to
// compare this year with last: 近两年变化规律), one week's snapshot, and a week's worklist per town. The star counts
// in a snapshot are shown to callers who may read stars.
import { isIsoWeek, isoWeekOf, previousWeek, weekStart } from "#core/kernel/china-time";
import type { RequestContext } from "#core/kernel/context";
import { errors, problem } from "#core/kernel/errors";
import type { Clock, Page, PageRequest } from "#core/kernel/ports";
import { permits, requireTenantAccess, type TenantPrincipal } from "#core/kernel/principal";
import type { SnapshotRepository } from "#core/weekly/ports";
import type { WeeklySnapshot, WorklistItem } from "#core/weekly/weekly";

export type StatsService = ReturnType<typeof createStatsService>;

/** Weeks in two years, and one more so the same week of two years ago is included. */
const twoYearsOfWeeks = 105;

/** The snapshot as `principal` may see it: without the star counts unless it may read stars. */
function visible(principal: TenantPrincipal, snapshot: WeeklySnapshot): WeeklySnapshot {
  if (permits(principal, "stars", "read")) return snapshot;
  const { stars: _stars, ...rest } = snapshot;
  return rest;
}

export function createStatsService(deps: { snapshots: SnapshotRepository; clock: Clock }) {
  const lastFinishedWeek = () => previousWeek(isoWeekOf(deps.clock.now()));

  function week(path: string, value: string): string {
    if (!isIsoWeek(value))
      throw errors.validation([
        problem(path, "invalid_week", `「${value}」不是有效的 ISO 周（如 2026-W47）`, `"${value}" is not an ISO week such as 2026-W47`),
      ]);
    return value;
  }

  return {
    async trend(
      ctx: RequestContext,
      range: { from?: string | undefined; to?: string | undefined },
      page: PageRequest,
    ): Promise<Page<WeeklySnapshot> & { from: string; to: string }> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      const to = range.to === undefined ? lastFinishedWeek() : week("to", range.to);
      let from = range.from === undefined ? undefined : week("from", range.from);
      if (from === undefined) {
        from = to;
        for (let i = 1; i < twoYearsOfWeeks; i++) from = previousWeek(from);
      }
      if (weekStart(from) > weekStart(to))
        throw errors.validation([problem("from", "from_after_to", "起始周晚于结束周", "from is after to")]);
      const found = await deps.snapshots.range(principal.tenantId, from, to, page);
      return { items: found.items.map((s) => visible(principal, s)), nextCursor: found.nextCursor, from, to };
    },

    async week(ctx: RequestContext, value: string): Promise<WeeklySnapshot> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      const stored = await deps.snapshots.get(principal.tenantId, week("week", value));
      if (!stored) throw errors.notFound("snapshot", value);
      return visible(principal, stored.snapshot);
    },

    async worklist(ctx: RequestContext, value: string, townId: string | undefined, page: PageRequest): Promise<Page<WorklistItem>> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      return deps.snapshots.worklist(principal.tenantId, week("week", value), townId, page);
    },
  };
}
