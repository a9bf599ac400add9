// The worker's handling of an SQS batch, with a real runner stand-in of our own interface (no AWS): a malformed
// message is dropped, a job out of time continues in a new message, a failing job is reported for redelivery
// without redoing the others, and the job is given the invocation's time less the reserve. Records from the job
// dead-letter queue are not run: each is ended visibly (an import failed), or kept in the held dead letters.
import { describe, expect, it } from "vitest";
import type { JobMessage } from "#core/kernel/work";
import type { JobOutcome } from "#jobs/messages";
import { sqsJobBatch } from "#jobs/sqs-job-queue";

const quiet = { info() {}, warn() {}, error() {} };
const record = (messageId: string, body: unknown, eventSourceARN = "arn:aws:sqs:cn-north-1:1:jobs") => ({
  messageId,
  body: typeof body === "string" ? body : JSON.stringify(body),
  eventSourceARN,
});

describe("sqsJobBatch", () => {
  it("drops malformed messages, continues unfinished jobs, and reports only the failed one", async () => {
    const ran: string[] = [];
    const sent: JobMessage[] = [];
    const budgets: number[] = [];
    const runner = {
      deadLetter: async () => false,
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

describe("sqsJobBatch on records from the job dead-letter queue", () => {
  const deadLetters = "arn:aws:sqs:cn-north-1:1:dead-letters";
  const anImport = { kind: "import", tenantId: "320312", importId: "01jabcdefghjkmnpqrstvwxyz0" } as const;

  it("runs none: ends each visibly when its kind can be (an import failed), keeps the others in the held dead letters", async () => {
    const ran: JobMessage[] = [];
    const ended: JobMessage[] = [];
    const held: JobMessage[] = [];
    const runner = {
      async run(message: JobMessage): Promise<JobOutcome> {
        ran.push(message);
        return { done: true };
      },
      async deadLetter(message: JobMessage) {
        if (message.tenantId === "320300") throw new Error("table unavailable");
        ended.push(message);
        return message.kind === "import";
      },
    };
    const handler = sqsJobBatch({
      runner,
      queue: { send: async () => expect.unreachable("no continuation of a dead letter") },
      logger: quiet,
      deadLetters: { queueArn: deadLetters, held: { send: async (m) => void held.push(...m) } },
    });
    const weekly = { kind: "weekly-refresh", tenantId: "320312", week: "2026-W47" } as const;
    const result = await handler(
      {
        Records: [
          record("a", anImport, deadLetters),
          record("b", weekly, deadLetters),
          record("c", { ...anImport, tenantId: "320300" }, deadLetters),
          record("d", "not json", deadLetters),
        ],
      },
      { getRemainingTimeInMillis: () => 900_000 },
    );
    expect(ran).toEqual([]);
    expect(ended).toEqual([anImport, weekly]);
    expect(held).toEqual([weekly]);
    // A failure to end it is redelivered (and after three receives SQS moves it to the held dead letters itself).
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "c" }]);
  });

  it("without a dead-letter queue configured, runs every record as a job", async () => {
    const ran: JobMessage[] = [];
    const runner = {
      deadLetter: async () => expect.unreachable("not a dead letter"),
      async run(message: JobMessage): Promise<JobOutcome> {
        ran.push(message);
        return { done: true };
      },
    };
    const handler = sqsJobBatch({ runner, queue: { send: async () => {} }, logger: quiet });
    await handler({ Records: [record("a", anImport, deadLetters)] }, { getRemainingTimeInMillis: () => 900_000 });
    expect(ran).toEqual([anImport]);
  });
});
