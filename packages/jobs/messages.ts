// What a job run gets and gives back. The messages themselves and the queue port are core's (#core/kernel/work), as
// the API enqueues imports too; re-exported here for the workers.
import type { JobMessage } from "#core/kernel/work";

export { type JobMessage, JobMessageSchema, type JobQueue } from "#core/kernel/work";

/** What a run of one message came to: finished, or stopped at a checkpoint to go on in a new message. */
export type JobOutcome =
  | { readonly done: true }
  | { readonly done: false; readonly continueWith: JobMessage; readonly delaySeconds?: number };

/** How long the current run may still take (a Lambda's remaining time; unbounded locally). */
export interface JobBudget {
  remainingMs(): number;
}
