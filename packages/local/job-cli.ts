// `npm run job -- weekly-refresh [--tenant 320312] [--week 2026-W47]`: runs the weekly base-data refresh locally
// (default: every active tenant, the last finished week), on the database `npm start` uses — through the running
// server's DynamoDB Local when there is one, else by starting DynamoDB Local on the same data folder.
// `npm run job -- supervision-backfill [--tenant 320312] [--force]`: backfills the key-target list (once per
// tenant; `--force` re-derives every unit again, to repair the list).
// `npm run job -- monthly-report [--tenant 320312] [--month 2026-11] [--force]`: builds and mails the monthly
// report (default: every active tenant, districts before their cities, the last finished month). A month already
// sent is not sent again; `--force` sends it again as a resend. Mail goes to <DATA_DIR>/outbox as .eml files.
// `npm run job -- import-resume --tenant 320312 --import <id>`: resumes an import its job's failures stopped
// (failed, dead_lettered) from its checkpoint, as the tenant's administrator would (POST /v1/imports/{id}/resume),
// and runs it here to its end.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { createImportService } from "#core/imports/import-service";
import { addMonths, isIsoWeek, isMonth, isoWeekOf, monthOf, previousWeek } from "#core/kernel/china-time";
import { DomainError } from "#core/kernel/errors";
import { allOf } from "#core/kernel/paging";
import { systemClock } from "#core/kernel/system-clock";
import type { JobMessage, JobOutcome } from "#jobs/messages";
import { ensureTable } from "#local/bootstrap";
import { loadDevKeys } from "#local/dev-keys";
import { type RunningDynamo, startDynamoLocal } from "#local/dynamodb-local";
import { localDeps } from "#local/local-deps";
import { endpointFile } from "#local/server";
import { localClient } from "#store/dynamo/client-provider";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tenant: { type: "string" },
    week: { type: "string" },
    month: { type: "string" },
    force: { type: "boolean", default: false },
    import: { type: "string" },
  },
});
const usage =
  "usage: npm run job -- weekly-refresh [--tenant 320312] [--week 2026-W47]\n" +
  "       npm run job -- supervision-backfill [--tenant 320312] [--force]\n" +
  "       npm run job -- monthly-report [--tenant 320312] [--month 2026-11] [--force]\n" +
  "       npm run job -- import-resume --tenant 320312 --import <import id>";
const job = positionals[0];
if (job !== "weekly-refresh" && job !== "supervision-backfill" && job !== "monthly-report" && job !== "import-resume") {
  console.error(usage);
  process.exit(2);
}
if (job === "import-resume" && (!values.tenant || !values.import)) {
  console.error(`import-resume needs --tenant and --import\n${usage}`);
  process.exit(2);
}
const week = values.week ?? previousWeek(isoWeekOf(systemClock.now()));
const month = values.month ?? addMonths(monthOf(systemClock.now()), -1);
if (!isMonth(month)) {
  console.error(`not a month: ${month}\n${usage}`);
  process.exit(2);
}
if (!isIsoWeek(week)) {
  console.error(`not an ISO week: ${week}\n${usage}`);
  process.exit(2);
}

const dataDir = process.env.DATA_DIR ?? ".data";
async function reachable(endpoint: string): Promise<boolean> {
  const client = localClient(endpoint, { maxAttempts: 1 });
  try {
    await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

let own: RunningDynamo | undefined;
let endpoint = (() => {
  try {
    return readFileSync(join(dataDir, endpointFile), "utf8").trim();
  } catch {
    return "";
  }
})();
if (!endpoint || !(await reachable(endpoint))) {
  own = await startDynamoLocal({ dataDir: join(dataDir, "dynamodb") });
  endpoint = own.endpoint;
}
try {
  const tableName = "anquan";
  await ensureTable(localClient(endpoint), tableName);
  const deps = localDeps({
    endpoint,
    tableName,
    keys: await loadDevKeys(dataDir),
    blobDir: join(dataDir, "blobs"),
    outboxDir: join(dataDir, "outbox"),
  });
  if (job === "import-resume") {
    const tenantId = values.tenant as string;
    const importId = values.import as string;
    const ctx = { principal: { kind: "user", tenantId, subject: "job-cli", role: "tenant-admin" } as const, requestId: "job-cli" };
    const resumed = await createImportService(deps).resume(ctx, importId);
    console.log(`${tenantId} import ${importId}: resumed as ${resumed.status} from row ${resumed.checkpointRow}`);
    await deps.queue.idle();
    const after = await deps.imports.get(tenantId, importId);
    const c = after?.counts;
    console.log(
      `${tenantId} import ${importId}: ${after?.status}${after?.error ? ` (${after.error.code}: ${after.error.message.zh} / ${after.error.message.en})` : ""}, ` +
        `${c?.rowsRead} rows read, ${c?.created} created, ${c?.updated} updated, ${c?.unchanged} unchanged, ${c?.rejected} rejected`,
    );
  }
  const active = job === "import-resume" ? [] : (await allOf((page) => deps.tenants.list(page))).filter((t) => t.status === "active");
  // Districts first: a city's monthly report contains what its districts delivered.
  active.sort((a, b) => Number(a.parentId === null) - Number(b.parentId === null));
  const tenants = job === "import-resume" ? [] : values.tenant ? [values.tenant] : active.map((t) => t.id);
  for (const tenantId of tenants) {
    const started = performance.now();
    const unbounded = { remainingMs: () => Number.POSITIVE_INFINITY };
    if (job === "supervision-backfill") {
      await deps.jobs.run({ kind: "supervision-backfill", tenantId, force: values.force ?? false }, unbounded);
      const marker = await deps.supervisionTargets.backfill(tenantId);
      console.log(
        `${tenantId}: key targets backfilled by rules v${marker?.rulesVersion}, ${marker?.units ?? 0} units re-derived, ` +
          `${marker?.changed ?? 0} changed (${Math.round(performance.now() - started)} ms)`,
      );
      continue;
    }
    if (job === "monthly-report") {
      const before = await deps.reports.get(tenantId, month);
      const generation = values.force && before ? before.generation + 1 : undefined;
      let message: JobMessage | undefined = { kind: "monthly-report", tenantId, month, ...(generation ? { generation } : {}) };
      // A city still waiting for a district (run alone with --tenant) goes on after a short wait, then without it.
      while (message) {
        const outcome: JobOutcome = await deps.jobs.run(message, unbounded);
        message = outcome.done ? undefined : outcome.continueWith;
        if (message) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const record = await deps.reports.get(tenantId, month);
      const sent = record?.deliveries.filter((d) => d.state === "sent").length ?? 0;
      console.log(
        !record
          ? `${tenantId} ${month}: no report (see the log above)`
          : before && before.generation === record.generation && before.state === record.state
            ? `${tenantId} ${month}: already ${record.state} (generation ${record.generation}); --force sends it again`
            : `${tenantId} ${month}: ${record.state}, ${sent} of ${record.recipients.length} recipients` +
              `${record.generation > 1 ? ` (resend ${record.generation - 1})` : ""} (${Math.round(performance.now() - started)} ms)`,
      );
      continue;
    }
    await deps.jobs.run({ kind: "weekly-refresh", tenantId, week }, unbounded);
    const stored = await deps.snapshots.get(tenantId, week);
    const s = stored?.snapshot;
    console.log(
      `${tenantId} ${week}: ${s?.total ?? 0} units, ${s?.movements.changed ?? 0} changed, ${s?.stale.units ?? 0} stale, ` +
        `${s?.placardsDue.total ?? 0} placards due (${s?.basis}, ${Math.round(performance.now() - started)} ms)`,
    );
  }
} catch (error) {
  console.error(
    error instanceof DomainError
      ? [
          `${error.code}: ${error.text.zh} / ${error.text.en}`,
          ...error.problems.map((p) => `  ${p.path}: ${p.message.zh} / ${p.message.en}`),
        ].join("\n")
      : error,
  );
  process.exitCode = 1;
} finally {
  await own?.stop();
}
if (job === "monthly-report") console.log(`Mail written to ${join(dataDir, "outbox")}`);
