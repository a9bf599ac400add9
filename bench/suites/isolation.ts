// Reliability: the isolation property at full size (test/reliability/isolation-run.ts; npm test runs 1,000):
// ≥ 10,000 attempts by another city's district on the victim's ids, filters, cursors and records, through the
// deployed handler chain on a scratch table. The figures: attempts by kind, answers by status, crossings, and
// whether the victim's partition moved.
import { mintDevToken } from "#local/dev-keys";
import { localClient } from "#store/dynamo/client-provider";
import type { Send } from "#test/reliability/fuzz-run";
import { runIsolation } from "#test/reliability/isolation-run";
import { prepareIsolationTarget, victimTenant } from "#test/reliability/isolation-target";
import { type OpenApiDocument, operationsOf } from "#test/reliability/openapi-operations";
import { tableDigest } from "#test/reliability/table-digest";
import { invoke } from "../support/lambda-event.ts";
import { statusTable, table } from "../support/markdown.ts";
import { onScratchTable } from "../support/scratch-suite.ts";
import type { Suite } from "../support/suite.ts";

export const isolationSuite: Suite = {
  name: "isolation",
  report: "reliability",
  async run(context) {
    return onScratchTable(context, "isolation", async ({ fixture, scratch, app }) => {
      const send: Send = async (request) => {
        const result = await invoke(app, {
          method: request.method,
          path: request.url,
          headers: request.headers,
          ...(request.body !== undefined ? { rawBody: request.body } : {}),
        });
        const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        return { status: result.statusCode, contentType: headers["content-type"] ?? "", text: result.body };
      };
      const doc = JSON.parse((await send({ operationId: "doc", mutation: "none", method: "GET", url: "/openapi.json", headers: {} })).text);
      const operations = operationsOf(doc as OpenApiDocument);
      const target = await prepareIsolationTarget(send, {
        token: (role, tenantId) =>
          mintDevToken(fixture.keys, { role, ...(tenantId ? { tenantId } : {}), subject: `bench-${role}-${tenantId ?? "platform"}` }),
      });
      const digestClient = localClient(scratch.endpoint);
      try {
        const partition = `T#${victimTenant}#`;
        const before = await tableDigest(digestClient, scratch.tableName, partition);
        const seed = `bench-isolation-${new Date().toISOString().slice(0, 10)}`;
        const attempts = context.quick ? 1_000 : 10_000;
        const t0 = performance.now();
        const figures = await runIsolation({ seed, attempts, operations, send, ...target, concurrency: 8 });
        const seconds = (performance.now() - t0) / 1000;
        const after = await tableDigest(digestClient, scratch.tableName, partition);
        const kinds: Record<string, string> = {
          path: "the victim's id in the path",
          filter: "the victim's ids as query filters",
          cursor: "the victim's cursors",
          body: "writes naming the victim's records in the body",
          plain: "the same operations without the victim's ids",
        };
        return [
          "## Isolation",
          "",
          `Tenant 350581 (a district of another city) with its tenant-admin, an inspector and an API key of every scope, against tenant ${victimTenant}'s records, seed \`${seed}\`, through the deployed handler chain (test/reliability/isolation-run.ts). A crossing is an answer holding the victim's marker text (in every name and description it has), a success on a path naming a victim's record, or a write naming its records that succeeded. \`npm test\` runs 1,000 attempts (test/reliability/isolation.test.ts).`,
          "",
          table(
            ["attempts", "operations covered", "crossings", "victim's partition changed", "time"],
            [
              [
                figures.attempts.toLocaleString("en-US"),
                `${figures.operations} / ${operations.filter((o) => o.secured).length} secured`,
                String(figures.crossings.length),
                after.digest === before.digest
                  ? `no (${after.items} items before and after)`
                  : `YES (${before.items} → ${after.items} items)`,
                `${seconds.toFixed(1)} s`,
              ],
            ],
            ["r", "r", "r", "l", "r"],
          ),
          "",
          table(
            ["attempt", "count"],
            Object.entries(figures.byKind).map(([kind, n]) => [kinds[kind] ?? kind, n.toLocaleString("en-US")]),
            ["l", "r"],
          ),
          "",
          statusTable(figures.byStatus),
          "",
          ...(figures.crossings.length > 0
            ? [
                "Crossings:",
                "",
                ...figures.crossings.slice(0, 20).map((c) => `- ${c.method} ${c.url.slice(0, 120)}: ${c.status}, ${c.why}`),
                "",
              ]
            : []),
        ].join("\n");
      } finally {
        digestClient.destroy();
      }
    });
  },
};
