// A record the worker receives from the job dead-letter queue: a job message that failed three deliveries. It is
// not run again. Its job is ended visibly where it can be (an import is failed, with its checkpoint kept for a
// resume); any other message goes on to the held dead letters, where it waits for an operator (alarmed, kept 14
// days, redriven to the job queue from the SQS console: docs/deployment.md). A failure here is redelivered, and
// after three receives SQS moves the message to the held dead letters itself.
import type { JobLogger } from "#jobs/deps";
import type { JobMessage, JobQueue } from "#jobs/messages";
import type { JobRunner } from "#jobs/runner";

export interface DeadLetterDeps {
  readonly runner: Pick<JobRunner, "deadLetter">;
  /** The held dead letters: where messages no job could end visibly wait for the operators. */
  readonly held: JobQueue;
  readonly logger: JobLogger;
}

/** Ends one dead-lettered job message visibly, or keeps it in the held dead letters. */
export async function endDeadLetter({ runner, held, logger }: DeadLetterDeps, messageId: string, message: JobMessage): Promise<void> {
  if (await runner.deadLetter(message)) {
    logger.error("Dead-lettered job ended visibly", { messageId, ...message });
    return;
  }
  await held.send([message]);
  logger.error("Dead-lettered job kept for the operators in the held dead letters", { messageId, ...message });
}
