// The worker's handling of an SQS batch, with a real runner stand-in of our own interface (no AWS): a malformed
// message is dropped, a job out of time continues in a new message, a failing job is reported for redelivery
// without redoing the others, and the job is given the invocation's time less the reserve.
import { describe, expect, it } from "vitest";
import type { JobMessage } from "#core/kernel/work";
import type { JobOutcome } from "#jobs/messages";
import { sqsJobBatch } from "#jobs/sqs-job-queue";

const quiet = { info() {}, warn() {}, error() {} };
const record = (messageId: string, body: unknown) => ({ messageId, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("sqsJobBatch", () => {
  it("drops malformed messages, continues unfinished jobs, and reports only the failed one", async () => {
    const ran: string[] = [];
    const sent: JobMessage[] = [];
    const budgets: number[] = [];
    const runner = {
      async run(message: JobMessage, budget: { remainingMs(): number }): Promise<JobOutcome> {
        ran.push(message.tenantId);
        budgets.push(budget.remainingMs());
        if (message.tenantId === "320300") throw new Error("boom");
        if (message.kind === "import") return { done: false, continueWith: message };
        return { done: true };
      },
    };
    const handler = sqsJobBatch({ runner, queue: { send: async (m) => void sent.push(...m) }, logger: quiet, reserveMs: 30_000 });
    const result = await handler(
      {
        Records: [
          record("a", "not json"),
          record("b", { kind: "weekly-refresh", tenantId: "999999", week: "2026-W47" }),
          record("c", { kind: "weekly-refresh", tenantId: "320312", week: "2026-W47" }),
          record("d", { kind: "weekly-refresh", tenantId: "320300", week: "2026-W47" }),
          record("e", { kind: "import", tenantId: "320312", importId: "01jabcdefghjkmnpqrstvwxyz0" }),
        ],
      },
      { getRemainingTimeInMillis: () => 900_000 },
    );
    expect(ran).toEqual(["320312", "320300", "320312"]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "d" }]);
    expect(sent).toEqual([{ kind: "import", tenantId: "320312", importId: "01jabcdefghjkmnpqrstvwxyz0" }]);
    expect(budgets).toEqual([870_000, 870_000, 870_000]);
  });
});
