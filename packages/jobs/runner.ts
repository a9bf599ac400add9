// Runs one job message: the dispatch point shared by the Lambda worker (functions/worker.ts) and the local
// in-process queue. Each job kind lives in its own module; this file only routes.

export type { JobDeps, JobLogger } from "#jobs/deps";

import type { JobDeps } from "#jobs/deps";
import { runImport } from "#jobs/imports/import-job";
import type { JobBudget, JobMessage, JobOutcome } from "#jobs/messages";
import { runStarSweep } from "#jobs/stars/star-sweep";
import { runWeeklyRefresh } from "#jobs/weekly/weekly-refresh";

export interface JobRunner {
  run(message: JobMessage, budget: JobBudget): Promise<JobOutcome>;
}

export function createJobRunner(deps: JobDeps): JobRunner {
  /** The week's snapshot and worklist, then the stars due a re-derivation. */
  const weekly = async (message: Extract<JobMessage, { kind: "weekly-refresh" }>) => {
    const outcome = await runWeeklyRefresh(deps, message.tenantId, message.week);
    if (outcome.done) await runStarSweep(deps, message.tenantId);
    return outcome;
  };
  return {
    async run(message, budget) {
      const started = performance.now();
      const outcome = message.kind === "import" ? await runImport(deps, message.tenantId, message.importId, budget) : await weekly(message);
      deps.logger.info("job", { ...message, done: outcome.done, ms: Math.round(performance.now() - started) });
      return outcome;
    },
  };
}
