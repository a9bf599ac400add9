// The job queue on SQS. `sqsJobQueue` puts messages on it (the dispatcher's fan-out, imports started by the API,
// a job's continuation); `sqsJobBatch` runs what the worker receives and reports failures per message, so one
// tenant's failure redelivers only that tenant's message. The worker drains the job dead-letter queue too: its
// records are not run but ended visibly or kept for the operators (sqs-dead-letters.ts).
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { JobLogger } from "#jobs/deps";
import { type JobMessage, JobMessageSchema, type JobQueue } from "#jobs/messages";
import type { JobRunner } from "#jobs/runner";
import { endDeadLetter } from "#jobs/sqs-dead-letters";

/** SendMessageBatch takes at most ten entries. */
const batchLimit = 10;

export function sqsJobQueue(queueUrl: string, client = new SQSClient({})): JobQueue {
  /** Sends up to ten messages; returns those SQS refused, with its reason. */
  async function sendBatch(messages: readonly JobMessage[], delaySeconds?: number): Promise<{ message: JobMessage; reason: string }[]> {
    const { Failed = [] } = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((message, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(message),
          ...(delaySeconds ? { DelaySeconds: Math.min(900, delaySeconds) } : {}),
        })),
      }),
    );
    return Failed.flatMap((entry) => {
      const message = messages[Number(entry.Id)];
      return message ? [{ message, reason: entry.Code ?? entry.Message ?? "unknown" }] : [];
    });
  }

  return {
    async send(messages, options) {
      const refused: { message: JobMessage; reason: string }[] = [];
      for (let start = 0; start < messages.length; start += batchLimit) {
        const failed = await sendBatch(messages.slice(start, start + batchLimit), options?.delaySeconds);
        // A refused entry is often throttling or a transient error: one more try, then give up loudly.
        if (failed.length > 0)
          refused.push(
            ...(await sendBatch(
              failed.map((entry) => entry.message),
              options?.delaySeconds,
            )),
          );
      }
      if (refused.length > 0) {
        const names = refused.map(({ message, reason }) => `${message.kind} ${message.tenantId} (${reason})`);
        throw new Error(`SQS refused ${refused.length} job message(s): ${names.join(", ")}`);
      }
    },
  };
}

/** The parts of Lambda's SQS event, context and partial batch response that the worker uses. */
export interface SqsBatch {
  readonly Records: readonly { readonly messageId: string; readonly body: string; readonly eventSourceARN?: string }[];
}
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}
export interface InvocationTime {
  getRemainingTimeInMillis(): number;
}

export interface JobBatchDeps {
  readonly runner: JobRunner;
  /** Where a job that ran out of time continues. */
  readonly queue: JobQueue;
  readonly logger: JobLogger;
  /** Time kept back from the job to save its checkpoint and send the continuation (default 30 s). */
  readonly reserveMs?: number;
  /** The job dead-letter queue (records from it are dead letters, not jobs to run) and the held dead letters. */
  readonly deadLetters?: { readonly queueArn: string; readonly held: JobQueue };
}

/** The body of the SQS-triggered worker: each record is one job message, run within the invocation's time. */
export function sqsJobBatch({ runner, queue, logger, reserveMs = 30_000, deadLetters }: JobBatchDeps) {
  return async (event: SqsBatch, context: InvocationTime): Promise<SqsBatchResponse> => {
    const batchItemFailures: SqsBatchResponse["batchItemFailures"] = [];
    for (const { messageId, body, eventSourceARN } of event.Records) {
      const message = parseMessage(body);
      if (message === undefined) {
        // Redelivery cannot repair it, so it is dropped rather than left to fill the dead-letter queue.
        logger.error("Dropping a malformed job message", { messageId, body: body.slice(0, 1000) });
        continue;
      }
      const job = { messageId, ...message };
      if (deadLetters && eventSourceARN === deadLetters.queueArn) {
        try {
          await endDeadLetter({ runner, held: deadLetters.held, logger }, messageId, message);
        } catch (error) {
          logger.error("Ending a dead-lettered job failed; SQS will deliver it again", { ...job, error });
          batchItemFailures.push({ itemIdentifier: messageId });
        }
        continue;
      }
      try {
        const outcome = await runner.run(message, { remainingMs: () => context.getRemainingTimeInMillis() - reserveMs });
        if (!outcome.done) {
          // Sent before this message is deleted: if sending fails, SQS redelivers it and the job resumes anyway.
          await queue.send([outcome.continueWith], outcome.delaySeconds ? { delaySeconds: outcome.delaySeconds } : undefined);
          logger.info("Job continues in a new message", { ...job, continueWith: outcome.continueWith });
        }
      } catch (error) {
        logger.error("Job failed; SQS will deliver it again", { ...job, error });
        batchItemFailures.push({ itemIdentifier: messageId });
      }
    }
    return { batchItemFailures };
  };
}

function parseMessage(body: string): JobMessage | undefined {
  try {
    const parsed = JobMessageSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
