// Reliability: the concurrent-writers suite at full size (test/reliability/concurrent-writers.ts; npm test runs 16):
// 100 writers at once, without If-Match, on one unit, one hazard, one assessment, one joint tackling item and one
// rubric draft, through the deployed handler chain on a scratch table. The figures: accepted, reported lost
// (409 concurrent_update), failures, and what did not hold.
import { mintDevToken } from "#local/dev-keys";
import { type ApiSend, parsedBody, requestHeaders } from "#test/reliability/concurrent-api";
import { concurrentTargets } from "#test/reliability/concurrent-targets";
import { type ConcurrentFigures, runConcurrentWriters } from "#test/reliability/concurrent-writers";
import { functionTimeoutMs, invoke } from "../support/lambda-event.ts";
import { table } from "../support/markdown.ts";
import { onScratchTable } from "../support/scratch-suite.ts";
import type { Suite } from "../support/suite.ts";

/**
 * Each invocation's budget (middy cuts a request off at it, as the function's timeout would). Not the function's
 * 10 s: here the 100 writers of a record share one process and one DynamoDB Local on a small machine, which runs
 * transactions one at a time, so the last of them waits behind the other 99's tries (slowest answers ≈ 14 s for the
 * unit, whose change is the heaviest transaction); at 10 s middy's timeout ends the run instead of answering. In AWS
 * each writer is its own function instance on DynamoDB, which does not queue them. `CONCURRENT_BUDGET_MS` overrides.
 */
const budgetMs = Number(process.env.CONCURRENT_BUDGET_MS ?? 60_000);

export const concurrentWritersSuite: Suite = {
  name: "concurrent-writers",
  report: "reliability",
  async run(context) {
    return onScratchTable(context, "concurrent-writers", async ({ fixture, app }) => {
      const send: ApiSend = async (request) => {
        const result = await invoke(
          app,
          {
            method: request.method,
            path: request.path,
            headers: requestHeaders(request),
            ...(request.body !== undefined ? { rawBody: JSON.stringify(request.body) } : {}),
          },
          budgetMs,
        );
        const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        return { status: result.statusCode, body: parsedBody(result.body), requestId: headers["x-request-id"] };
      };
      const writers = context.quick ? 16 : 100;
      const rows: ConcurrentFigures[] = [];
      for (const target of concurrentTargets) {
        context.log(`concurrent-writers: ${target.name}, ${writers} writers`);
        rows.push(
          await runConcurrentWriters({
            send,
            token: (role, tenantId, subject) => mintDevToken(fixture.keys, { role, tenantId, subject }),
            writers,
            target,
            budgetMs,
          }),
        );
      }
      // Failed answers are counted in the table (one line each would bury the rest); everything else is listed.
      const failedAnswer = /^writer \d+: [45]\d\d /;
      const violations = rows.flatMap((r) => r.violations.filter((v) => !failedAnswer.test(v)).map((v) => `${r.target}: ${v}`));
      const failed = rows.flatMap((r) => {
        const codes = new Map<string, number>();
        for (const v of r.violations.filter((v) => failedAnswer.test(v))) {
          const what = v
            .replace(/^writer \d+: /, "")
            .replace(/"requestId":"[^"]*"/, "")
            .slice(0, 120);
          codes.set(what, (codes.get(what) ?? 0) + 1);
        }
        return [...codes].map(([what, n]) => `${r.target}: ${n} × ${what}`);
      });
      return [
        "## Concurrent writers",
        "",
        `${writers} writers send their change to one record at the same moment, without If-Match, through the deployed handler chain on a scratch table (test/reliability/concurrent-writers.ts, the records and changes in concurrent-targets.ts). An answer is accepted (2xx), reported lost (409 \`concurrent_update\`: the caller knows it did not land) or a failure (anything else, 5xx included, or slower than the per-request budget, ${budgetMs / 1000} s${budgetMs === functionTimeoutMs ? ", the function's timeout" : ` instead of the function's ${functionTimeoutMs / 1000} s timeout`}). What must hold: every accepted change in the final state (where all writers set one slot, the last version's value, and each accepted value in the change record of its version); one version per accepted change; exactly one audit record per accepted change by its request id, none for a lost one; the change feed with each version once and no lost value; list entries and counters agreeing with the record. \`npm test\` runs 16 writers per record (test/reliability/concurrent-writers.test.ts).`,
        "",
        `Per-request budget: ${budgetMs / 1000} s, not the function's ${functionTimeoutMs / 1000} s timeout. The writers of a record run in one process against one DynamoDB Local, which runs transactions one at a time: the last writer waits behind the others' tries (the unit's change is the heaviest transaction), and at ${functionTimeoutMs / 1000} s middy's timeout ends the run instead of answering. In AWS each writer is its own function instance on DynamoDB, which does not queue them; so these times are this machine's, not the service's.`,
        "",
        table(
          ["record", "writers", "accepted", "reported lost", "failures", "slowest answer", "all answered in", "violations"],
          rows.map((r) => [
            r.target,
            String(r.writers),
            String(r.accepted),
            String(r.reportedLost),
            String(Object.values(r.failures).reduce((a, b) => a + b, 0)),
            `${(r.slowestMs / 1000).toFixed(1)} s`,
            `${r.seconds.toFixed(1)} s`,
            String(r.violations.length),
          ]),
          ["l", "r", "r", "r", "r", "r", "r", "r"],
        ),
        "",
        ...(failed.length > 0 ? ["Failed answers:", "", ...failed.map((v) => `- ${v}`), ""] : []),
        ...(violations.length > 0 ? ["What else did not hold:", "", ...violations.slice(0, 30).map((v) => `- ${v}`), ""] : []),
      ].join("\n");
    });
  },
};
