// Reliability: the bad-input suite at full size (test/reliability/fuzz-run.ts; npm test runs 3 per operation):
// ≥ 5,000 malformed requests generated from /openapi.json through the deployed handler chain, a tenth sent twice at
// once, on a scratch table whose digest must not move. The figure: how many were refused with a 4xx and the error
// shape, and how many wrote anything.
import { mintDevToken } from "#local/dev-keys";
import { localClient } from "#store/dynamo/client-provider";
import { type Answer, runFuzz, type Send } from "#test/reliability/fuzz-run";
import { prepareFuzzTarget } from "#test/reliability/fuzz-target";
import { type OpenApiDocument, operationsOf } from "#test/reliability/openapi-operations";
import { tableDigest } from "#test/reliability/table-digest";
import { invoke } from "../support/lambda-event.ts";
import { table } from "../support/markdown.ts";
import { onScratchTable } from "../support/scratch-suite.ts";
import type { Suite } from "../support/suite.ts";

export const badInputSuite: Suite = {
  name: "bad-input",
  report: "reliability",
  async run(context) {
    return onScratchTable(context, "bad-input", async ({ fixture, scratch, app }) => {
      const send: Send = async (request): Promise<Answer> => {
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
      const target = await prepareFuzzTarget(send, {
        admin: await mintDevToken(fixture.keys, { role: "tenant-admin", tenantId: "320312" }),
        operator: await mintDevToken(fixture.keys, { role: "platform-admin" }),
      });
      const digestClient = localClient(scratch.endpoint);
      try {
        const before = await tableDigest(digestClient, scratch.tableName);
        const seed = `bench-${new Date().toISOString().slice(0, 10)}`;
        const requests = context.quick ? 500 : Math.max(5_000, operations.length * 26);
        const t0 = performance.now();
        const figures = await runFuzz({ seed, requests, operations, ...target, send, concurrency: 8 });
        const seconds = (performance.now() - t0) / 1000;
        const after = await tableDigest(digestClient, scratch.tableName);
        const refused = figures.requests - figures.failures.length;
        const statuses = Object.entries(figures.byStatus).sort(([a], [b]) => Number(a) - Number(b));
        const mutations = Object.entries(figures.byMutation).sort(([, a], [, b]) => b - a);
        return [
          "## Bad input",
          "",
          `Malformed requests generated from the app's own \`/openapi.json\` (${operations.length} operations), seed \`${seed}\`, through the deployed handler chain on a scratch table: each breaks one declared rule (test/reliability/malformed-requests.ts). ${figures.concurrentPairs} of them were sent twice at the same time. \`npm test\` runs the same generator at 3 per operation (test/reliability/bad-input.test.ts).`,
          "",
          table(
            ["requests", "operations covered", "refused 4xx with the error shape", "other answers", "table changed", "time"],
            [
              [
                figures.requests.toLocaleString("en-US"),
                `${figures.operations} / ${operations.length}`,
                `${refused.toLocaleString("en-US")} (${((refused / figures.requests) * 100).toFixed(2)} %)`,
                String(figures.failures.length),
                after.digest === before.digest
                  ? `no (${after.items} items before and after)`
                  : `YES (${before.items} → ${after.items} items)`,
                `${seconds.toFixed(1)} s`,
              ],
            ],
            ["r", "r", "r", "r", "l", "r"],
          ),
          "",
          table(
            ["status", "answers"],
            statuses.map(([status, n]) => [status, String(n)]),
            ["l", "r"],
          ),
          "",
          table(
            ["rule broken", "requests"],
            mutations.map(([kind, n]) => [`\`${kind}\``, String(n)]),
            ["l", "r"],
          ),
          "",
          ...(figures.failures.length > 0
            ? [
                "Answers that were not a refusal:",
                "",
                ...figures.failures
                  .slice(0, 20)
                  .map((f) => `- ${f.request.method} ${f.request.url.slice(0, 120)} (${f.request.mutation}): ${f.why}`),
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
