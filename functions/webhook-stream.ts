// Lambda entry of the webhook trigger on the table's stream (filtered to new change-feed records): one
// webhook-dispatch message per tenant in the batch, delayed until the changes have settled. Wiring only; the work
// is dispatchFromStream in packages/jobs.
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { sqsJobQueue } from "#jobs/sqs-job-queue";
import { dispatchFromStream, type StreamRecord } from "#jobs/webhooks/webhook-triggers";
import { requiredEnv } from "#store/aws/aws-environment";

const logger = new Logger();
const queue = sqsJobQueue(requiredEnv("JOB_QUEUE_URL"));

export const handler = middy(async (event: { Records: readonly StreamRecord[] }) => {
  const tenants = await dispatchFromStream(queue, event.Records);
  logger.info("Webhook dispatch sent from the stream", { records: event.Records.length, tenants });
  return { tenants };
}).use(injectLambdaContext(logger, { resetKeys: true }));
