// The key-target list's backfill as a job: once per tenant (a marker records the rules it used; later messages
// stop there unless forced), a page of units at a time, continuing in a new message when the run's time is short.
// Sent for every tenant by the weekly dispatch and by `npm start`, and by `npm run job -- supervision-backfill`.
import { backfillStart, targetBackfill } from "#core/supervision/supervision-target-backfill";
import { createTargetUpkeep } from "#core/supervision/supervision-target-upkeep";
import type { JobDeps } from "#jobs/deps";
import type { JobBudget, JobMessage, JobOutcome } from "#jobs/messages";

/** Time kept for one more page (100 units, a few reads each) before the run continues in a new message. */
const pageReserveMs = 60_000;

export async function runTargetBackfill(
  deps: JobDeps,
  message: Extract<JobMessage, { kind: "supervision-backfill" }>,
  budget: JobBudget,
): Promise<JobOutcome> {
  const { tenantId } = message;
  const run = targetBackfill(deps, createTargetUpkeep(deps));
  if (!message.at && !message.force && (await run.done(tenantId))) return { done: true };
  let at = message.at ?? backfillStart;
  for (;;) {
    if (budget.remainingMs() < pageReserveMs) return { done: false, continueWith: { ...message, at } };
    const next = await run.step(tenantId, at);
    at = next.at;
    if (next.finished) break;
  }
  await run.finish(tenantId, at);
  deps.logger.info("supervision target backfill", { tenantId, units: at.units, changed: at.changed });
  return { done: true };
}
