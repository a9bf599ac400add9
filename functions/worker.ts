// Lambda entry of the job worker (SQS-triggered): configuration → dependencies → middy chain. No logic here.
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { ulidGenerator } from "#core/kernel/ids";
import { systemClock } from "#core/kernel/system-clock";
import { createJobRunner } from "#jobs/runner";
import { sqsJobBatch, sqsJobQueue } from "#jobs/sqs-job-queue";
import { awsStore, requiredEnv } from "#store/aws/aws-environment";
import { awsMailer } from "#store/aws/aws-mailer";

const logger = new Logger();

const queue = sqsJobQueue(requiredEnv("JOB_QUEUE_URL"));
const runner = createJobRunner({
  ...awsStore(),
  ...awsMailer(),
  publicBaseUrl: requiredEnv("PUBLIC_BASE_URL"),
  queue,
  clock: systemClock,
  ids: ulidGenerator(systemClock),
  logger,
});

// Records from the job dead-letter queue are dead letters: ended visibly or passed on to the held ones.
const deadLetters = { queueArn: requiredEnv("JOB_DEAD_LETTERS_ARN"), held: sqsJobQueue(requiredEnv("JOB_HELD_DEAD_LETTERS_URL")) };

export const handler = middy(sqsJobBatch({ runner, queue, logger, deadLetters })).use(injectLambdaContext(logger, { resetKeys: true }));
