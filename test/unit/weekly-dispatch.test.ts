// The Monday fan-out (jobs/weekly/weekly-dispatch.ts): for every active tenant, a page at a time, the weekly refresh
// of the week just ended and the key-target backfill (which does nothing once the tenant is backfilled);
// suspended tenants get neither.
import { describe, expect, it } from "vitest";
import type { JobMessage } from "#core/kernel/work";
import type { TenantRepository } from "#core/tenancy/ports";
import type { Tenant } from "#core/tenancy/tenant";
import { weeklyDispatch } from "#jobs/weekly/weekly-dispatch";

const tenant = (id: string, status: "active" | "suspended" = "active") => ({ id, status }) as Tenant;

describe("the weekly dispatch", () => {
  it("sends each active tenant its weekly refresh and its key-target backfill, page by page", async () => {
    const pages = [[tenant("320300"), tenant("320312", "suspended")], [tenant("350581")]];
    const tenants = {
      async list(page: { cursor?: string }) {
        const n = page.cursor ? Number(page.cursor) : 0;
        return { items: pages[n] ?? [], nextCursor: n + 1 < pages.length ? String(n + 1) : null };
      },
    } as unknown as TenantRepository;
    const sent: JobMessage[][] = [];
    const result = await weeklyDispatch({
      tenants,
      queue: { send: async (messages) => void sent.push([...messages]) },
      clock: { now: () => new Date("2026-11-30T02:00:00+08:00") },
    });
    expect(result).toEqual({ week: "2026-W48", tenants: 2 });
    expect(sent).toEqual([
      [
        { kind: "weekly-refresh", tenantId: "320300", week: "2026-W48" },
        { kind: "supervision-backfill", tenantId: "320300" },
      ],
      [
        { kind: "weekly-refresh", tenantId: "350581", week: "2026-W48" },
        { kind: "supervision-backfill", tenantId: "350581" },
      ],
    ]);
  });
});
