// Runs one job message: the dispatch point shared by the Lambda worker (functions/worker.ts) and the local
// in-process queue. Each job kind lives in its own module; this file only routes — over repositories wrapped, as
// the API's are, so that what a job changes (an import's units, the sweep's expiries) keeps the key-target list
// current (core/supervision/supervision-target-upkeep.ts) and the units' placards in step
// (core/placards/placard-upkeep.ts).

export type { JobDeps, JobLogger } from "#jobs/deps";

import { createPlacardUpkeep, withPlacardUpkeep } from "#core/placards/placard-upkeep";
import { createTargetUpkeep, withSupervisionTargets } from "#core/supervision/supervision-target-upkeep";
import type { JobDeps } from "#jobs/deps";
import { runCoordinationNotice } from "#jobs/escalation/coordination-notice";
import { runExport } from "#jobs/exports/export-job";
import { failDeadLettered } from "#jobs/imports/import-dead-letter";
import { runImport } from "#jobs/imports/import-job";
import type { JobBudget, JobMessage, JobOutcome } from "#jobs/messages";
import { runMonthlyReport } from "#jobs/reports/monthly-report-job";
import { runStarSweep } from "#jobs/stars/star-sweep";
import { runTargetBackfill } from "#jobs/supervision/supervision-target-backfill";
import { runWebhookDelivery } from "#jobs/webhooks/webhook-delivery";
import { runWebhookDispatch, runWebhookReplay } from "#jobs/webhooks/webhook-dispatch";
import { runWeeklyRefresh } from "#jobs/weekly/weekly-refresh";

export interface JobRunner {
  run(message: JobMessage, budget: JobBudget): Promise<JobOutcome>;
  /**
   * A message that failed on every delivery (the job dead-letter queue; locally, the in-process queue's last try):
   * ends its job visibly where its kind has a record to show it — an import is failed as `dead_lettered`, its
   * checkpoint kept for a resume — and answers true; false when its kind has none (it is kept for the operators).
   */
  deadLetter(message: JobMessage): Promise<boolean>;
}

export function createJobRunner(given: JobDeps): JobRunner {
  const failed = (what: string) => (error: unknown) =>
    given.logger.error(what, { error: error instanceof Error ? error.message : String(error) });
  // An import's changes of a unit's persons or town update its placards, as the API's do (core/placards/placard-upkeep.ts).
  const followed = withPlacardUpkeep(given, createPlacardUpkeep(given), failed("Updating a unit's placards after its change failed"));
  const deps = withSupervisionTargets(followed, createTargetUpkeep(followed), failed("Re-deriving a unit's key-target reasons failed"));
  /**
   * The stars due a re-derivation, then the week's snapshot and worklist: the sweep first, so that the expiries it
   * records are in the stars' change feed the snapshot counts (each in the week the star lapsed).
   */
  const weekly = async (message: Extract<JobMessage, { kind: "weekly-refresh" }>) => {
    await runStarSweep(deps, message.tenantId);
    return runWeeklyRefresh(deps, message.tenantId, message.week);
  };
  const route = (message: JobMessage, budget: JobBudget): Promise<JobOutcome> => {
    switch (message.kind) {
      case "import":
        return runImport(deps, message.tenantId, message.importId, budget);
      case "weekly-refresh":
        return weekly(message);
      case "supervision-backfill":
        return runTargetBackfill(deps, message, budget);
      case "monthly-report":
        return runMonthlyReport(deps, message);
      case "coordination-notice":
        return runCoordinationNotice(deps, message);
      case "export":
        return runExport(deps, message, budget);
      case "webhook-dispatch":
        return runWebhookDispatch(deps, message.tenantId, budget);
      case "webhook-delivery":
        return runWebhookDelivery(deps, message);
      case "webhook-replay":
        return runWebhookReplay(deps, message, budget);
    }
  };
  return {
    async run(message, budget) {
      const started = performance.now();
      const outcome = await route(message, budget);
      deps.logger.info("job", { ...message, done: outcome.done, ms: Math.round(performance.now() - started) });
      return outcome;
    },
    async deadLetter(message) {
      if (message.kind !== "import") return false;
      await failDeadLettered(deps, message.tenantId, message.importId);
      return true;
    },
  };
}
