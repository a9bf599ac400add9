// The concurrent-writers property, small (the bench sends 100 writers per record for RELIABILITY.md): 16 writers
// at once, without If-Match, on one unit, one hazard, one assessment, one joint tackling item and one rubric draft.
// Every accepted change is in the final state (or, where all set one slot, in the change record of its version),
// every other was answered 409 concurrent_update; the audit trail has exactly one record per accepted change; list
// entries, counters and the change feed agree with the record.
import { beforeAll, describe, expect, it } from "vitest";
import { changeSettleMs } from "#core/changes/change-feed-service";
import { createHarness, type Harness } from "#test/support/harness";
import { appSender } from "./concurrent-api.ts";
import { concurrentTargets } from "./concurrent-targets.ts";
import { runConcurrentWriters } from "./concurrent-writers.ts";

const writers = Number(process.env.CONCURRENT_WRITERS ?? 16);
let h: Harness;

beforeAll(async () => {
  // The feed's clock runs ahead by the settle window, so what the writers wrote is in the feed at once.
  h = await createHarness({ feedClock: { now: () => new Date(Date.now() + changeSettleMs) } });
});

describe(`${writers} writers at once on one record, without If-Match`, () => {
  for (const target of concurrentTargets) {
    it(`${target.name}: every accepted change kept, audited once and in the feed; lists and counters agree`, {
      timeout: 120_000,
    }, async () => {
      const figures = await runConcurrentWriters({
        send: appSender(h.app),
        token: (role, tenantId, subject) => h.token(role, tenantId, subject),
        writers,
        target,
        feedSettled: async () => {},
      });
      console.info(JSON.stringify({ ...figures, violations: figures.violations.length }));
      expect(figures.violations).toEqual([]);
      expect(figures.accepted + figures.reportedLost).toBe(writers);
      expect(figures.accepted).toBeGreaterThan(0);
    });
  }
});
