// The monthly fan-out (jobs/reports/monthly-dispatch.ts) over the real tenant registry in DynamoDB Local: one
// monthly-report message per active tenant for the month just ended in China, districts first as they are read,
// then the tenants without a parent (cities, a district on its own) held back ten minutes; suspended tenants get none.
import { beforeAll, describe, expect, it } from "vitest";
import type { JobMessage, JobQueue } from "#core/kernel/work";
import type { TenantRepository } from "#core/tenancy/ports";
import { cityDelaySeconds, monthlyDispatch } from "#jobs/reports/monthly-dispatch";
import { createHarness, type Harness, manualClock } from "#test/support/harness";

interface Sent {
  readonly messages: JobMessage[];
  readonly delaySeconds: number | undefined;
}

function recordingQueue(): JobQueue & { sent: Sent[] } {
  const sent: Sent[] = [];
  return { sent, send: async (messages, options) => void sent.push({ messages: [...messages], delaySeconds: options?.delaySeconds }) };
}

let h: Harness;
/** The registry read two tenants a page, so a district on a later page comes after a city on an earlier one. */
let smallPages: TenantRepository & { pages: number };

beforeAll(async () => {
  h = await createHarness();
  // Seeded: 徐州市 320300 and its district 铜山区 320312.
  await h.addTenant("420100", "武汉市");
  await h.addTenant("420106", "武昌区", "420100");
  await h.addTenant("420111", "洪山区", "420100");
  await h.addTenant("350581", "石狮市"); // a county-level tenant with no parent city on the platform
  await h.addTenant("320321", "丰县", "320300");
  const suspended = await h.request("PATCH", "/v1/tenants/420111", { token: await h.platformToken(), body: { status: "suspended" } });
  expect(suspended.status).toBe(200);
  const registry = h.deps.tenants;
  smallPages = {
    ...registry,
    pages: 0,
    list(page) {
      smallPages.pages += 1;
      return registry.list({ ...page, limit: 2 });
    },
  };
}, 60_000);

async function dispatchAt(instant: string) {
  const queue = recordingQueue();
  const result = await monthlyDispatch({ tenants: smallPages, queue, clock: manualClock(new Date(instant)) });
  return { result, sent: queue.sent };
}

const tenantsOf = (batches: Sent[]) => batches.flatMap((b) => b.messages.map((m) => m.tenantId)).sort();

describe("the monthly dispatch", () => {
  it("sends the districts first, without delay, then the parentless tenants held back behind them", async () => {
    smallPages.pages = 0;
    const { result, sent } = await dispatchAt("2026-11-30T22:00:00Z"); // 06:00 on 12-01 in China
    expect(result).toEqual({ month: "2026-11", districts: 3, cities: 3 });
    expect(smallPages.pages).toBeGreaterThan(2);

    const last = sent.at(-1) as Sent;
    const districtBatches = sent.slice(0, -1);
    expect(districtBatches.length).toBeGreaterThan(0);
    for (const batch of districtBatches) expect(batch.delaySeconds).toBeUndefined();
    expect(tenantsOf(districtBatches)).toEqual(["320312", "320321", "420106"]);
    expect(last.delaySeconds).toBe(cityDelaySeconds);
    expect(cityDelaySeconds).toBeGreaterThanOrEqual(300);
    expect(cityDelaySeconds).toBeLessThanOrEqual(900);
    expect(tenantsOf([last])).toEqual(["320300", "350581", "420100"]);

    for (const message of sent.flatMap((b) => b.messages)) {
      expect(message).toEqual({ kind: "monthly-report", tenantId: message.tenantId, month: "2026-11" });
    }
  });

  it("skips suspended tenants", async () => {
    const { sent } = await dispatchAt("2026-11-30T22:00:00Z");
    expect(tenantsOf(sent)).not.toContain("420111");
  });

  it("names the month just ended in China, not in UTC", async () => {
    // 16:30 UTC on 11-30 is already 00:30 on 12-01 in Asia/Shanghai: November has ended.
    expect((await dispatchAt("2026-11-30T16:30:00Z")).result.month).toBe("2026-11");
    // 15:30 UTC on 11-30 is 23:30 on 11-30 in China: November is still running, October is the month just ended.
    expect((await dispatchAt("2026-11-30T15:30:00Z")).result.month).toBe("2026-10");
    // New Year in China while UTC is still in December.
    expect((await dispatchAt("2026-12-31T22:00:00Z")).result.month).toBe("2026-12");
  });

  it("sends nothing when no tenant is active", async () => {
    const queue = recordingQueue();
    const none = { ...smallPages, list: async () => ({ items: [], nextCursor: null }) } as unknown as TenantRepository;
    const result = await monthlyDispatch({ tenants: none, queue, clock: manualClock(new Date("2026-12-01T00:00:00Z")) });
    expect(result).toEqual({ month: "2026-11", districts: 0, cities: 0 });
    expect(queue.sent).toEqual([]);
  });
});
