// Lambda entry of the monthly fan-out, run by EventBridge Scheduler on the 1st of each month at 06:00
// Asia/Shanghai: one monthly-report message per active tenant, districts before cities. Wiring only; the work is
// monthlyDispatch in packages/jobs.

import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { systemClock } from "#core/kernel/system-clock";
import { monthlyDispatch } from "#jobs/reports/monthly-dispatch";
import { sqsJobQueue } from "#jobs/sqs-job-queue";
import { awsPlatformTenants, requiredEnv } from "#store/aws/aws-environment";

const logger = new Logger();
const tenants = awsPlatformTenants();
const queue = sqsJobQueue(requiredEnv("JOB_QUEUE_URL"));

export const handler = middy(async () => {
  const dispatched = await monthlyDispatch({ tenants, queue, clock: systemClock });
  logger.info("Monthly reports dispatched", dispatched);
  return dispatched;
}).use(injectLambdaContext(logger, { resetKeys: true }));
