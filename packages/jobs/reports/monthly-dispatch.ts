// The fan-out on the 1st of each month, 06:00 Asia/Shanghai: one monthly-report message per active tenant for the
// calendar month that has just ended. Districts go first, as they are read; cities and other tenants without a
// parent go after them, held back ten minutes, so their districts' figures are usually in before a city's report
// starts (a city whose districts are late waits in its own job). Tenants are read a page at a time; only the ids
// of the parentless ones are kept until the end, so the fan-out's memory is a page and a list of ids.
import { addMonths, monthOf } from "#core/kernel/china-time";
import type { Clock } from "#core/kernel/ports";
import type { TenantRepository } from "#core/tenancy/ports";
import type { JobMessage, JobQueue } from "#jobs/messages";

/** How long the cities' messages wait behind their districts' (SQS allows at most 900 s). */
export const cityDelaySeconds = 600;

export async function monthlyDispatch(deps: {
  tenants: TenantRepository;
  queue: JobQueue;
  clock: Clock;
}): Promise<{ month: string; districts: number; cities: number }> {
  const month = addMonths(monthOf(deps.clock.now()), -1);
  const report = (tenantId: string): JobMessage => ({ kind: "monthly-report", tenantId, month });
  const cities: string[] = [];
  let districts = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.tenants.list({ limit: 100, cursor });
    const active = page.items.filter((t) => t.status === "active");
    const children = active.filter((t) => t.parentId);
    for (const t of active) if (!t.parentId) cities.push(t.id);
    if (children.length > 0) await deps.queue.send(children.map((t) => report(t.id)));
    districts += children.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (cities.length > 0) await deps.queue.send(cities.map(report), { delaySeconds: cityDelaySeconds });
  return { month, districts, cities: cities.length };
}
