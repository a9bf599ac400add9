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
  /**
   * The stars due a re-derivation, then the week's snapshot and worklist: the sweep first, so that the expiries it
   * records are in the stars' change feed the snapshot counts (each in the week the star lapsed).
   */
  const weekly = async (message: Extract<JobMessage, { kind: "weekly-refresh" }>) => {
    await runStarSweep(deps, message.tenantId);
    return runWeeklyRefresh(deps, message.tenantId, message.week);
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
