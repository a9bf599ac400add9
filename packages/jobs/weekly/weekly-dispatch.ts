// The Monday 02:00 (Asia/Shanghai) fan-out: one weekly-refresh message per active tenant for the ISO week that
// has just ended, and one key-target backfill message (jobs/supervision), which does nothing once the tenant's list
// is backfilled by the rules in force. Tenants are read a page at a time and sent in batches, so the fan-out's
// memory is one page.
import { isoWeekOf, previousWeek } from "#core/kernel/china-time";
import type { Clock } from "#core/kernel/ports";
import type { TenantRepository } from "#core/tenancy/ports";
import type { JobMessage, JobQueue } from "#jobs/messages";

export async function weeklyDispatch(deps: {
  tenants: TenantRepository;
  queue: JobQueue;
  clock: Clock;
}): Promise<{ week: string; tenants: number }> {
  const week = previousWeek(isoWeekOf(deps.clock.now()));
  let cursor: string | undefined;
  let sent = 0;
  do {
    const page = await deps.tenants.list({ limit: 100, cursor });
    const active = page.items.filter((t) => t.status === "active");
    const messages = active.flatMap((t): JobMessage[] => [
      { kind: "weekly-refresh", tenantId: t.id, week },
      { kind: "supervision-backfill", tenantId: t.id },
    ]);
    if (messages.length > 0) await deps.queue.send(messages);
    sent += active.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { week, tenants: sent };
}
