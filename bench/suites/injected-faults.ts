// Reliability: the injected-faults property at full size (test/reliability/injected-faults.ts; npm test runs
// 120): seeded write requests and weekly refreshes whose DynamoDB calls (the real client over DynamoDB Local,
// below the SDK's retries) and blob store fail at random points — throttled, transactions cancelled, timeouts and
// connection resets before and after the request was applied — each compared with the state before it and with
// one clean application of it by the twin app. The figures: requests, faults by kind, answers, outcomes,
// violations (half changes, a 2xx that did not happen, throttling not 503 with Retry-After).
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { localClient } from "#store/dynamo/client-provider";
import { runInjectedFaults } from "#test/reliability/injected-faults";
import { statusTable, table } from "../support/markdown.ts";
import type { Suite } from "../support/suite.ts";

const kinds: Record<string, string> = {
  "throttled-once": "throttled on the first attempt (the SDK retries)",
  "throttled-exhausted": "throttled on every attempt (the SDK gives up)",
  "transaction-canceled": "transaction cancelled (conflict or throttled item)",
  "timeout-before": "timeout before sending, every attempt",
  "reset-before": "connection reset before sending, first attempt",
  "timeout-after": "timeout after the write was applied, first attempt",
  "reset-after": "connection reset after the write was applied, every attempt",
  "blob put-before": "file store: put failed before storing",
  "blob put-after": "file store: put stored, answer lost",
  "blob get-failed": "file store: read failed",
  "blob delete-failed": "file store: delete failed",
};

export const injectedFaultsSuite: Suite = {
  name: "injected-faults",
  report: "reliability",
  async run(context) {
    const fixture = await context.dynamo();
    const tableName = `anquan-bench-faults-${Date.now().toString(36)}`;
    const seed = `bench-faults-${new Date().toISOString().slice(0, 10)}`;
    const requests = context.quick ? 150 : 1_000;
    const t0 = performance.now();
    const client = localClient(fixture.endpoint);
    try {
      const figures = await runInjectedFaults({ endpoint: fixture.endpoint, tableName, seed, requests });
      const seconds = (performance.now() - t0) / 1000;
      const totalFaults = Object.values(figures.faultsByKind).reduce((a, b) => a + b, 0);
      return [
        "## Injected faults",
        "",
        `Seeded write requests of tenant 320312 (units created, changed, deleted and restored; hazards recorded and moved; assessments opened, evidence added and uploaded) and the weekly refresh, seed \`${seed}\`, on an app whose DynamoDB sessions (the real client over DynamoDB Local, a middleware below the SDK's retries) and file store fail at random points; 80 % of requests run with faults armed, at most 2 each (test/reliability/injected-faults.ts). After each, the whole table and every stored file are compared with the state before it and, when they moved, with one clean application of the same request (same ids) by a twin app on the same table. The app is called in process (the same createApp the Lambda handler wraps). \`npm test\` runs 120 (test/reliability/injected-faults.test.ts).`,
        "",
        table(
          ["requests", "job runs", "with a fault", "faults injected", "violations", "files left unnamed", "IAM denials", "time"],
          [
            [
              figures.requests.toLocaleString("en-US"),
              String(figures.jobs),
              figures.faulted.toLocaleString("en-US"),
              totalFaults.toLocaleString("en-US"),
              String(figures.violations.length),
              String(figures.orphanFiles.length),
              String(figures.denials.length),
              `${seconds.toFixed(1)} s`,
            ],
          ],
          ["r", "r", "r", "r", "r", "r", "r", "r"],
        ),
        "",
        table(
          ["fault", "injected"],
          Object.entries(figures.faultsByKind).map(([kind, n]) => [kinds[kind] ?? kind, n.toLocaleString("en-US")]),
          ["l", "r"],
        ),
        "",
        table(
          ["outcome", "count"],
          Object.entries(figures.outcomes)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([outcome, n]) => [outcome, n.toLocaleString("en-US")]),
          ["l", "r"],
        ),
        "",
        statusTable(figures.byStatus),
        "",
        ...(figures.violations.length > 0
          ? ["Violations:", "", ...figures.violations.slice(0, 20).map((v) => `- ${v.slice(0, 400)}`), ""]
          : []),
      ].join("\n");
    } finally {
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      client.destroy();
    }
  },
};
