// Suite "exports": an export job of a register of 100,000 units (POST /v1/exports, then the worker), as CSV and as
// .xlsx: time, rows a second, the file's size and peak memory while the worker streams the rows from DynamoDB Local
// through the spreadsheet writer into the file blob store. The register is seeded straight into the store (the
// current records and the `all` list the export reads); the job is created through the API.
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { DynamoDBClient, WriteRequest } from "@aws-sdk/client-dynamodb";
import { createApp } from "#api/app";
import { silentLogger } from "#api/deps";
import { ulid } from "#core/kernel/ids";
import type { JobMessage } from "#core/kernel/work";
import { summarize } from "#core/register/enterprise";
import { mintDevToken } from "#local/dev-keys";
import { localDeps } from "#local/local-deps";
import { localClient } from "#store/dynamo/client-provider";
import { keys, tenantScope } from "#store/dynamo/keys";
import { batchWrite, toItem } from "#store/dynamo/writes";
import { appCaller } from "../support/api.ts";
import { table } from "../support/markdown.ts";
import { type MemoryPeak, mebibytes, sampleMemory } from "../support/memory.ts";
import { benchRateLimits } from "../support/rate-limits.ts";
import { addPlaces, type Place, storedUnit } from "../support/register-data.ts";
import { scratchTable } from "../support/scratch-table.ts";
import type { Suite } from "../support/suite.ts";

const tenantId = "320312";
const scope = tenantScope(tenantId);

/** The register's current records and its `all` list, as packages/store/register/enterprise-repository.ts writes them. */
async function seedRegister(target: { client: DynamoDBClient; tableName: string }, count: number, places: readonly Place[]): Promise<void> {
  const at = Date.parse("2026-11-01T02:00:00Z");
  const chunk = 500;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      const to = Math.min(count, from + chunk);
      next = to;
      const requests: WriteRequest[] = [];
      for (let i = from; i < to; i++) {
        const unit = storedUnit(i + 1, places[i % places.length] as Place, ulid(at + i), new Date(at).toISOString(), null);
        const current = { ...unit, _type: "enterprise", gsi1pk: keys.enterprisesByReview(scope), gsi1sk: `${unit.reviewedAt}#${unit.id}` };
        requests.push({ PutRequest: { Item: toItem({ ...current, ...keys.enterprise(scope, unit.id) }) } });
        requests.push({
          PutRequest: {
            Item: toItem({ ...summarize(unit), _type: "enterprise-entry", ...keys.enterpriseListEntry(scope, "all", unit.name, unit.id) }),
          },
        });
      }
      await batchWrite(target, scope, requests);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

interface Run {
  readonly format: "csv" | "xlsx";
  readonly seconds: number;
  readonly rows: number;
  readonly bytes: number;
  readonly memory: MemoryPeak;
}

export const exportsSuite: Suite = {
  name: "exports",
  async run(context) {
    const size = context.quick ? 2_000 : 100_000;
    const fixture = await context.dynamo();
    const scratch = await scratchTable(fixture, "exports");
    const blobDir = join(context.workDir, "export-blobs");
    rmSync(blobDir, { recursive: true, force: true });
    const plain = localClient(fixture.endpoint);
    const deps = localDeps({
      endpoint: fixture.endpoint,
      tableName: scratch.tableName,
      keys: fixture.keys,
      client: plain,
      blobDir,
      logger: silentLogger,
      rateLimits: benchRateLimits,
    });
    try {
      const token = await mintDevToken(fixture.keys, { role: "tenant-admin", tenantId, subject: "bench-exports" });
      // The API queues the job; the suite runs it itself, measured, as the worker would.
      const sent: JobMessage[] = [];
      const app = createApp({ ...deps, queue: { send: async (messages) => void sent.push(...messages) } });
      const call = appCaller(app, token);
      const places = await addPlaces(call, 8, 3);
      const t0 = performance.now();
      await seedRegister({ client: plain, tableName: scratch.tableName }, size, places);
      context.log(`exports: seeded ${size.toLocaleString("en-US")} units in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

      const runs: Run[] = [];
      for (const format of ["csv", "xlsx"] as const) {
        const job = (await call("POST", "/v1/exports", { list: "enterprises", format }, 202)) as { id: string };
        const message = sent.pop();
        if (message?.kind !== "export" || message.exportId !== job.id) throw new Error("exports: the job was not queued");
        const memory = sampleMemory();
        const started = performance.now();
        await deps.jobs.run(message, { remainingMs: () => Number.POSITIVE_INFINITY });
        const seconds = (performance.now() - started) / 1000;
        const peak = memory.stop();
        const done = await deps.exports.get(tenantId, job.id);
        if (done?.state !== "done" || done.rows !== size) throw new Error(`exports ${format}: ${JSON.stringify(done)}`);
        context.log(`exports ${format}: ${done.rows.toLocaleString("en-US")} rows in ${seconds.toFixed(0)} s`);
        runs.push({ format, seconds, rows: done.rows, bytes: done.bytes ?? 0, memory: peak });
      }

      const csv = runs.find((r) => r.format === "csv") as Run;
      const perRow = csv.bytes / csv.rows;
      return [
        `## Exports: a register of ${size.toLocaleString("en-US")} units as an export job`,
        "",
        `POST /v1/exports \`{"list":"enterprises"}\` through the app, then the job run by \`localDeps(…).jobs.run\` (the path the ` +
          "in-process queue takes), reading DynamoDB Local (a page of 100 list entries, then their records in one BatchGetItem) " +
          "and writing the file blob store in a folder. Peak memory: sampled every 20 ms, minus the baseline after a full GC.",
        "",
        table(
          ["format", "rows", "time", "rows/s", "file", "peak RSS", "peak heap", "heap after major GC"],
          runs.map((r) => [
            r.format,
            r.rows.toLocaleString("en-US"),
            `${r.seconds.toFixed(1)} s`,
            Math.round(r.rows / r.seconds).toLocaleString("en-US"),
            mebibytes(r.bytes),
            mebibytes(r.memory.rss),
            mebibytes(r.memory.heapUsed),
            mebibytes(r.memory.heapAfterGc),
          ]),
          ["l", "r", "r", "r", "r", "r", "r", "r"],
        ),
        "",
        `Reading: memory stays at a page of rows and the writer's buffers whatever the register's size — the file goes to ` +
          `storage as it is written. A CSV row is ${perRow.toFixed(0)} bytes, so the synchronous export's limit of 20,000 rows ` +
          `is about ${mebibytes(perRow * 20_000)} of CSV, under API Gateway and Lambda's 6 MB.`,
        "",
      ].join("\n");
    } finally {
      plain.destroy();
      rmSync(blobDir, { recursive: true, force: true });
      await scratch.drop();
    }
  },
};
