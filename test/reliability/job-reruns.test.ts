// Jobs under re-runs, duplicate deliveries and a worker killed part-way (an import's are in
// test/integration/import-races.test.ts): whatever happened to earlier runs, the weekly refresh ends with the same
// snapshot and worklist as one clean run — no item twice, none missing — and the monthly report, killed at any of
// its writes or just after a mail was accepted, ends sent, with its files, each recipient holding one message (a
// mail the worker died after sending comes again with the same Message-ID, which mail clients show once).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMonths } from "#core/kernel/china-time";
import type { BlobStore, Mailer } from "#core/kernel/ports";
import type { ReportRepository } from "#core/reports/ports";
import type { SnapshotRepository } from "#core/weekly/ports";
import type { WeeklySnapshot, WorklistItem } from "#core/weekly/weekly";
import type { JobDeps } from "#jobs/deps";
import { createJobRunner, type JobRunner } from "#jobs/runner";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";
import { type SmtpSink, startSmtpSink } from "#test/support/smtp-sink";

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
        clearWorklist: async (...args) => {
          kill();
          return real.clearWorklist(...args);
        },
        addWorklist: async (...args) => {
          kill();
          return real.addWorklist(...args);
        },
        save: async (...args) => {
          kill();
          return real.save(...args);
        },
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

describe("the monthly report", () => {
  let sink: SmtpSink;
  let m: Harness;
  const monthClock = manualClock(new Date("2026-11-02T02:00:00Z"));
  const unbounded = { remainingMs: () => Number.POSITIVE_INFINITY };

  beforeAll(async () => {
    sink = await startSmtpSink();
    m = await createHarness({ clock: monthClock, mailer: sink.mailer() });
  }, 120_000);
  afterAll(() => sink.close());

  it("ends sent with its files after a kill at any write or just after a mail was accepted, each recipient holding one message", async () => {
    const district = "320312";
    const recipients = 2;
    let finished = false;
    // Each kill point gets a month of its own (the tenant exists from 2025-01): a sent month never runs again.
    for (let killAt = 1, month = 1; !finished; killAt++, month++) {
      const monthId = addMonths("2025-01", month - 1);
      expect(monthId < "2026-11", "more kill points than months to run them in").toBe(true);
      let n = 0;
      const kill = () => {
        if (++n === killAt) throw new Killed(`killed at step ${killAt}`);
      };
      const deps = m.deps as unknown as JobDeps;
      const reports: ReportRepository = {
        ...deps.reports,
        create: async (...args) => {
          kill();
          return deps.reports.create(...args);
        },
        save: async (...args) => {
          kill();
          return deps.reports.save(...args);
        },
      };
      const blobs: BlobStore = {
        ...deps.blobs,
        put: async (...args) => {
          kill();
          return deps.blobs.put(...args);
        },
      };
      const mailer: Mailer = {
        ...deps.mailer,
        send: async (message) => {
          kill();
          const receipt = await deps.mailer.send(message);
          kill(); // the worker dies after the relay accepted the mail, before it records the delivery
          return receipt;
        },
      };
      const before = sink.arrived.length;
      const dying = createJobRunner({ ...deps, reports, blobs, mailer });
      // A kill inside a send is a send that failed to the job, which records it and throws for the queue to retry.
      const outcome = await dying.run({ kind: "monthly-report", tenantId: district, month: monthId }, unbounded).then(
        () => "finished",
        (error: unknown) =>
          error instanceof Killed || (error instanceof Error && error.message.includes("killed at step"))
            ? "killed"
            : Promise.reject(error),
      );
      finished = outcome === "finished";
      // The queue delivers the message again once the dead worker's lease has run out.
      monthClock.advance(6 * 60_000);
      await m.deps.jobs.run({ kind: "monthly-report", tenantId: district, month: monthId }, unbounded);
      const record = await m.deps.reports.get(district, monthId);
      expect(record?.state, `${monthId}, killed at step ${killAt}`).toBe("sent");
      expect(record?.files.map((f) => f.name).sort()).toEqual(["lists.xlsx", "mail.html", "report.docx", "trend.png"]);
      const mails = sink.arrived
        .slice(before)
        .filter((a) => a.mail.subject?.includes(`${monthId.slice(0, 4)}年${Number(monthId.slice(5))}月`));
      const byRecipient = new Map<string, Set<string>>();
      for (const a of mails) for (const to of a.to) byRecipient.set(to, (byRecipient.get(to) ?? new Set()).add(String(a.mail.messageId)));
      expect(byRecipient.size, `${monthId}, killed at step ${killAt}`).toBe(recipients);
      for (const ids of byRecipient.values()) expect(ids.size).toBe(1);
    }
  }, 240_000);
});
