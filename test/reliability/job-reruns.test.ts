// Jobs under re-runs, duplicate deliveries and a worker killed part-way, for the weekly refresh (the monthly
// report's re-runs and concurrent runs are in test/integration/monthly-report.test.ts; an import's in
// test/integration/import-races.test.ts): whatever happened to earlier runs, the week ends with the same snapshot
// and the same worklist as one clean run — no item twice, none missing.
import { beforeAll, describe, expect, it } from "vitest";
import type { SnapshotRepository } from "#core/weekly/ports";
import type { WeeklySnapshot, WorklistItem } from "#core/weekly/weekly";
import type { JobDeps } from "#jobs/deps";
import { createJobRunner, type JobRunner } from "#jobs/runner";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";

const clock = manualClock(new Date("2026-11-10T02:00:00Z"));
const tenantId = "320312";
const week = "2026-W47";
let h: Harness;
let token: string;

/** A job runner over the harness's dependencies whose snapshot repository `wrap` may change. */
function runner(wrap: (real: SnapshotRepository) => SnapshotRepository = (real) => real): JobRunner {
  return createJobRunner({ ...(h.deps as unknown as JobDeps), snapshots: wrap(h.deps.snapshots) });
}
const refresh = (jobs: JobRunner) => jobs.run({ kind: "weekly-refresh", tenantId, week }, { remainingMs: () => Number.POSITIVE_INFINITY });

async function state() {
  const snapshot = (await h.request("GET", `/v1/stats/weekly/${week}`, { token })).body as WeeklySnapshot;
  const { generatedAt: _g, basis: _b, stars, ...figures } = snapshot;
  const items: WorklistItem[] = [];
  let cursor: string | undefined;
  do {
    const page = (await h.request("GET", `/v1/worklists/${week}?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token })).body;
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const key = (i: WorklistItem) => `${i.townId}|${i.kind}|${i.enterpriseId}|${i.placardId}`;
  return { figures: { ...figures, stars: { ...stars, basis: null } }, worklist: items.map(key).sort() };
}

class Killed extends Error {}

beforeAll(async () => {
  h = await createHarness({ clock });
  token = await h.token("tenant-admin", tenantId);
  await h.request("PATCH", "/v1/settings", { token, body: { staleAfterDays: 3 } });
  // Enough units in two towns that the worklist is written in several batches (100 items each).
  for (const [townName, units] of [
    ["青山泉镇", 130],
    ["紫庄镇", 90],
  ] as const) {
    const place = await addPlace(h, token, townName);
    for (let i = 0; i < units; i++) {
      const res = await h.request("POST", "/v1/enterprises", {
        token,
        body: enterpriseBody(townName.length * 1000 + i + (units === 90 ? 500 : 0), place),
      });
      expect(res.status).toBe(201);
    }
  }
  clock.advance(14 * 24 * 3600 * 1000); // into W48: W47 is finished, every unit stale
});

describe("the weekly refresh", () => {
  it("ends with one clean run's snapshot and worklist after re-runs, duplicate deliveries and kills at every write", async () => {
    await refresh(runner());
    const clean = await state();
    expect(clean.worklist.length).toBeGreaterThan(200);
    expect(new Set(clean.worklist).size).toBe(clean.worklist.length);

    // A re-run, and the same message delivered to three workers at once.
    await refresh(runner());
    expect(await state()).toEqual(clean);
    await Promise.all([refresh(runner()), refresh(runner()), refresh(runner())]);
    expect(await state()).toEqual(clean);

    // A worker killed at each of the job's writes in turn (after clearing, after each worklist batch, before the
    // snapshot): the queue delivers the message again and the next run completes it.
    let writes = 0;
    for (let killAt = 1; ; killAt++) {
      let n = 0;
      const kill = () => {
        if (++n === killAt) throw new Killed(`killed at write ${killAt}`);
      };
      const dying = runner((real) => ({
        ...real,
        clearWorklist: async (...args) => (kill(), real.clearWorklist(...args)),
        addWorklist: async (...args) => (kill(), real.addWorklist(...args)),
        save: async (...args) => (kill(), real.save(...args)),
      }));
      const outcome = await refresh(dying).then(
        () => "finished",
        (error: unknown) => (error instanceof Killed ? "killed" : Promise.reject(error)),
      );
      await refresh(runner());
      expect(await state()).toEqual(clean);
      if (outcome === "finished") {
        writes = killAt - 1;
        break;
      }
    }
    expect(writes).toBeGreaterThanOrEqual(4);
  }, 240_000);
});
