// Lambda entry of the weekly fan-out, run by EventBridge Scheduler on Mondays 02:00 Asia/Shanghai: one
// weekly-refresh message per active tenant. Wiring only; the work is weeklyDispatch in packages/jobs.

import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { systemClock } from "#core/kernel/system-clock";
import { sqsJobQueue } from "#jobs/sqs-job-queue";
import { weeklyDispatch } from "#jobs/weekly/weekly-dispatch";
import { awsPlatformTenants, requiredEnv } from "#store/aws/aws-environment";

const logger = new Logger();
const tenants = awsPlatformTenants();
const queue = sqsJobQueue(requiredEnv("JOB_QUEUE_URL"));

export const handler = middy(async () => {
  const dispatched = await weeklyDispatch({ tenants, queue, clock: systemClock });
  logger.info("Weekly refresh dispatched", dispatched);
  return dispatched;
}).use(injectLambdaContext(logger, { resetKeys: true }));
