// Lambda entry of the weekly fan-out, run by EventBridge Scheduler on Mondays 02:00 Asia/Shanghai: one
// weekly-refresh message per active tenant. Wiring only; the work is weeklyDispatch in packages/jobs.

import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import middy from "@middy/core";
import { systemClock } from "#core/kernel/system-clock";
import { sqsJobQueue } from "#jobs/sqs-job-queue";
import { weeklyDispatch } from "#jobs/weekly/weekly-dispatch";
import { requiredEnv } from "#store/aws/aws-environment";
import { secretsManagerSecret } from "#store/aws/aws-secret";
import { staticClientProvider } from "#store/dynamo/client-provider";
import { hmacCursorCodec } from "#store/dynamo/cursor";
import { dynamoTenantRepository } from "#store/tenancy/tenant-repository";

const env = requiredEnv;
const logger = new Logger();

// Only the platform registry is read (tenants.list); the function's role can reach no tenant's keys, so it
// needs no tenant sessions and one client serves.
const tenants = dynamoTenantRepository(
  staticClientProvider(new DynamoDBClient({})),
  env("TABLE_NAME"),
  hmacCursorCodec(secretsManagerSecret(env("CURSOR_SECRET_ARN"))),
);
const queue = sqsJobQueue(env("JOB_QUEUE_URL"));

export const handler = middy(async () => {
  const dispatched = await weeklyDispatch({ tenants, queue, clock: systemClock });
  logger.info("Weekly refresh dispatched", dispatched);
  return dispatched;
}).use(injectLambdaContext(logger, { resetKeys: true }));
