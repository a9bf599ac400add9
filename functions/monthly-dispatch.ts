// Lambda entry of the monthly fan-out, run by EventBridge Scheduler on the 1st of each month at 06:00
// Asia/Shanghai: one monthly-report message per active tenant, districts before cities. Wiring only; the work is
// monthlyDispatch in packages/jobs.

import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import middy from "@middy/core";
import { systemClock } from "#core/kernel/system-clock";
import { monthlyDispatch } from "#jobs/reports/monthly-dispatch";
import { sqsJobQueue } from "#jobs/sqs-job-queue";
import { requiredEnv } from "#store/aws/aws-environment";
import { secretsManagerSecret } from "#store/aws/aws-secret";
import { staticClientProvider } from "#store/dynamo/client-provider";
import { hmacCursorCodec } from "#store/dynamo/cursor";
import { dynamoTenantRepository } from "#store/tenancy/tenant-repository";

const env = requiredEnv;
const logger = new Logger();

// Only the platform registry is read (tenants.list), as by the weekly dispatcher: one client, no tenant sessions.
const tenants = dynamoTenantRepository(
  staticClientProvider(new DynamoDBClient({})),
  env("TABLE_NAME"),
  hmacCursorCodec(secretsManagerSecret(env("CURSOR_SECRET_ARN"))),
);
const queue = sqsJobQueue(env("JOB_QUEUE_URL"));

export const handler = middy(async () => {
  const dispatched = await monthlyDispatch({ tenants, queue, clock: systemClock });
  logger.info("Monthly reports dispatched", dispatched);
  return dispatched;
}).use(injectLambdaContext(logger, { resetKeys: true }));
