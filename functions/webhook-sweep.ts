// Lambda entry of the 5-minute webhook sweep (EventBridge Scheduler): one webhook-dispatch message per tenant listed
// with an enabled endpoint, so that deliveries never depend on the stream alone. Wiring only; the work is
// sweepWebhookTenants in packages/jobs.
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { sqsJobQueue } from "#jobs/sqs-job-queue";
import { sweepWebhookTenants } from "#jobs/webhooks/webhook-triggers";
import { awsPlatformWebhooks, requiredEnv } from "#store/aws/aws-environment";

const logger = new Logger();
const webhooks = awsPlatformWebhooks();
const queue = sqsJobQueue(requiredEnv("JOB_QUEUE_URL"));

export const handler = middy(async () => {
  const tenants = await sweepWebhookTenants(webhooks, queue);
  logger.info("Webhook sweep dispatched", { tenants });
  return { tenants };
}).use(injectLambdaContext(logger, { resetKeys: true }));
