// `npm run job -- weekly-refresh [--tenant 320312] [--week 2026-W47]`: runs the weekly base-data refresh locally
// (default: every active tenant, the last finished week), on the database `npm start` uses — through the running
// server's DynamoDB Local when there is one, else by starting DynamoDB Local on the same data folder.
// `npm run job -- supervision-backfill [--tenant 320312] [--force]`: backfills the key-target list (once per
// tenant; `--force` re-derives every unit again, to repair the list).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { isIsoWeek, isoWeekOf, previousWeek } from "#core/kernel/china-time";
import { DomainError } from "#core/kernel/errors";
import { allOf } from "#core/kernel/paging";
import { systemClock } from "#core/kernel/system-clock";
import { ensureTable } from "#local/bootstrap";
import { loadDevKeys } from "#local/dev-keys";
import { type RunningDynamo, startDynamoLocal } from "#local/dynamodb-local";
import { localDeps } from "#local/local-deps";
import { endpointFile } from "#local/server";
import { localClient } from "#store/dynamo/client-provider";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { tenant: { type: "string" }, week: { type: "string" }, force: { type: "boolean", default: false } },
});
const usage =
  "usage: npm run job -- weekly-refresh [--tenant 320312] [--week 2026-W47]\n" +
  "       npm run job -- supervision-backfill [--tenant 320312] [--force]";
const job = positionals[0];
if (job !== "weekly-refresh" && job !== "supervision-backfill") {
  console.error(usage);
  process.exit(2);
}
const week = values.week ?? previousWeek(isoWeekOf(systemClock.now()));
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
  const tenants = values.tenant
    ? [values.tenant]
    : (await allOf((page) => deps.tenants.list(page))).filter((t) => t.status === "active").map((t) => t.id);
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
    await deps.jobs.run({ kind: "weekly-refresh", tenantId, week }, unbounded);
    const stored = await deps.snapshots.get(tenantId, week);
    const s = stored?.snapshot;
    console.log(
      `${tenantId} ${week}: ${s?.total ?? 0} units, ${s?.movements.changed ?? 0} changed, ${s?.stale.units ?? 0} stale, ` +
        `${s?.placardsDue.total ?? 0} placards due (${s?.basis}, ${Math.round(performance.now() - started)} ms)`,
    );
  }
} catch (error) {
  console.error(error instanceof DomainError ? `${error.code}: ${error.text.en}` : error);
  process.exitCode = 1;
} finally {
  await own?.stop();
}
