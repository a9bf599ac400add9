// The local stand-in for SQS: a message is run in this process right after it is sent, continued while its
// job asks to, and retried (like a redelivery) a few times when the job throws. Jobs resume from their own
// checkpoints, exactly as they do when the Lambda worker runs them. After its last try a message is dead-lettered
// as in AWS (the job queue's dead-letter queue, which the worker drains): its job is ended visibly where it can be
// (an import is failed, `dead_lettered`), and every dead letter is kept in `deadLetters()`. A delay is kept in
// milliseconds where SQS keeps it in seconds (a city waiting 900 s for its districts waits 0.9 s here), so the
// order holds and nobody waits.
import type { JobMessage, JobQueue } from "#core/kernel/work";
import type { JobRunner } from "#jobs/runner";

const sleep = (delaySeconds: number) => new Promise<void>((resolve) => setTimeout(resolve, delaySeconds));

export interface InProcessQueue extends JobQueue {
  /** Resolves when every message sent so far has been run (tests and the CLI wait on it). */
  idle(): Promise<void>;
  /** The messages that failed every try, oldest first (SQS's dead-letter queue, as far as this process saw). */
  deadLetters(): readonly JobMessage[];
}

/** `attempts`: tries of a message before it is dead-lettered (SQS's maxReceiveCount, infra/jobs.ts: 3). */
export function inProcessQueue(
  runner: () => JobRunner,
  log: (message: string, extra: Record<string, unknown>) => void,
  attempts = 3,
): InProcessQueue {
  const running = new Set<Promise<void>>();
  const dead: JobMessage[] = [];

  async function deadLetter(message: JobMessage): Promise<void> {
    dead.push(message);
    try {
      const ended = await runner().deadLetter(message);
      log(ended ? "job dead-lettered: ended visibly" : "job dead-lettered: kept", { message, attempts });
    } catch (error) {
      log("job dead-lettered: ending it failed", { message, error: String(error) });
    }
  }

  async function run(first: JobMessage): Promise<void> {
    let message: JobMessage | undefined = first;
    for (let attempt = 1; message; ) {
      const current: JobMessage = message;
      try {
        const outcome = await runner().run(current, { remainingMs: () => Number.POSITIVE_INFINITY });
        message = outcome.done ? undefined : outcome.continueWith;
        if (!outcome.done && outcome.delaySeconds) await sleep(outcome.delaySeconds);
        attempt = 1;
      } catch (error) {
        log("job failed", { message: current, attempt, error: String(error) });
        if (++attempt > attempts) return deadLetter(current);
      }
    }
  }

  return {
    async send(messages, options) {
      for (const message of messages) {
        const start = options?.delaySeconds ? sleep(options.delaySeconds) : new Promise<void>((resolve) => setImmediate(resolve));
        const task: Promise<void> = start.then(() => run(message));
        running.add(task);
        void task.finally(() => running.delete(task));
      }
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    deadLetters: () => [...dead],
  };
}
