// Background jobs in AWS: the tenants' files (S3), the job queue (SQS, with a dead-letter queue), the worker that
// drains both — a dead letter is not run again but ended visibly (an import is failed, to be resumed from its
// checkpoint) or passed on to the held dead letters for the operators — and two schedules that start a one-message-per-tenant fan-out: Mondays 02:00 Asia/Shanghai the weekly
// refresh, the 1st of each month 06:00 the monthly reports. Webhooks: the table's stream (new change-feed records
// only) starts each tenant's dispatcher once its changes have settled, and a sweep every 5 minutes starts those of
// every tenant with an enabled endpoint, so that nothing depends on the stream alone.
// Tenant data and files are reached only through TenantAccessRole (tenant-access.ts).
import { type CfnElement, Duration, RemovalPolicy, Stack, TimeZone } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { FilterCriteria, FilterRule, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq, SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { acknowledge } from "./acknowledge.ts";
import { type BundledFunction, bundledFunction, functionEntry } from "./bundled-function.ts";

/** Lambda's maximum: an import of 50,000 rows runs in slices of this, each continuing in a new message. */
const workerTimeout = Duration.minutes(15);

/** Lambda's advice for an SQS event source is six times the function timeout; SQS allows at most 12 hours. */
const queueVisibility = Duration.seconds(Math.min(6 * workerTimeout.toSeconds(), Duration.hours(12).toSeconds()));

/** Enough for all tenants in a few minutes, while leaving the account's concurrency to the API. */
const workerMaxConcurrency = 50;

export interface JobsProps {
  readonly table: dynamodb.ITable;
  readonly cursorSecret: secretsmanager.ISecret;
  /** Origins the browser may upload from with a presigned URL: the API's CORS origins. */
  readonly allowOrigins?: string[];
}

export class Jobs extends Construct {
  readonly bucket: s3.Bucket;
  readonly queue: sqs.Queue;
  /** Job messages that failed three deliveries; the worker drains it (packages/jobs/sqs-dead-letters.ts). */
  readonly deadLetters: sqs.Queue;
  /** Dead letters no job could end visibly (or whose ending failed three times): they wait for an operator. */
  readonly heldDeadLetters: sqs.Queue;
  /** Weekly and monthly fan-outs that could not be started or failed after their retries. */
  readonly dispatchDeadLetters: sqs.Queue;
  readonly worker: BundledFunction;
  /** The weekly fan-out. */
  readonly dispatcher: BundledFunction;
  readonly schedule: scheduler.Schedule;
  readonly monthlyDispatcher: BundledFunction;
  readonly monthlySchedule: scheduler.Schedule;
  /** Reads the table's stream: one webhook-dispatch message per tenant with new changes. */
  readonly webhookTrigger: BundledFunction;
  /** Every 5 minutes, one webhook-dispatch message per tenant with an enabled endpoint. */
  readonly webhookSweep: BundledFunction;
  readonly webhookSchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, "Blobs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [
        // Only files tagged temporary (import files and direct uploads not yet checked, see packages/store/aws/s3-blob-store.ts)
        // expire; evidence is kept.
        { id: "ExpireTemporaryFiles", prefix: "tenants/", tagFilters: { retention: "temporary" }, expiration: Duration.days(30) },
        // Export files (tenants/<id>/exports/…, tagged by the store): their job expires 7 days after it was created,
        // before the file was written, so the file never goes before its job.
        { id: "ExpireExportFiles", prefix: "tenants/", tagFilters: { retention: "export" }, expiration: Duration.days(7) },
        { id: "AbortIncompleteUploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Browsers POST imports and evidence straight to S3 with a presigned form (its policy fixes key, size range,
      // content type and retention tag); the form's fields travel in the multipart body, not as headers.
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST],
          allowedOrigins: props.allowOrigins ?? ["*"],
          allowedHeaders: ["Content-Type"],
          exposedHeaders: ["ETag"],
          maxAge: Duration.days(1).toSeconds(),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.bucket,
      "AwsSolutions-S1",
      "Every object request is made with an STS session tagged with its tenant, and CloudTrail records each " +
        "AssumeRole with that tag; S3 data events can be added to the account trail where object-level audit is " +
        "required. Server access logs would need a second bucket for files that mostly expire within 30 days.",
    );

    const queueDefaults = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true };
    this.heldDeadLetters = new sqs.Queue(this, "HeldDeadLetters", { ...queueDefaults, retentionPeriod: Duration.days(14) });
    // Drained by the worker, so hidden in flight as long as the job queue (Lambda requires at least its timeout);
    // what the worker fails to end three times goes on to the held dead letters.
    this.deadLetters = new sqs.Queue(this, "DeadLetters", {
      ...queueDefaults,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: queueVisibility,
      deadLetterQueue: { queue: this.heldDeadLetters, maxReceiveCount: 3 },
    });
    this.queue = new sqs.Queue(this, "Queue", {
      ...queueDefaults,
      visibilityTimeout: queueVisibility,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 3 },
    });
    this.dispatchDeadLetters = new sqs.Queue(this, "DispatchDeadLetters", { ...queueDefaults, retentionPeriod: Duration.days(14) });

    this.worker = bundledFunction(new Construct(this, "Worker"), {
      entry: functionEntry("worker"),
      roleDescription: "Anquan job worker: the job queue; tenant data and files only through TenantAccessRole",
      service: "anquan-worker",
      timeout: workerTimeout,
      memorySize: 1024,
      environment: {
        TABLE_NAME: props.table.tableName,
        CURSOR_SECRET_ARN: props.cursorSecret.secretArn,
        BLOB_BUCKET: this.bucket.bucketName,
        JOB_QUEUE_URL: this.queue.queueUrl,
        JOB_DEAD_LETTERS_ARN: this.deadLetters.queueArn,
        JOB_HELD_DEAD_LETTERS_URL: this.heldDeadLetters.queueUrl,
      },
    });
    props.cursorSecret.grantRead(this.worker.role);
    // A job that runs out of time sends its continuation to the same queue.
    this.queue.grantSendMessages(this.worker.role);
    this.worker.function.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: workerMaxConcurrency }),
    );
    // Dead letters: each ended visibly (an import failed as dead_lettered) or passed on to the held dead letters.
    this.heldDeadLetters.grantSendMessages(this.worker.role);
    this.worker.function.addEventSource(
      new SqsEventSource(this.deadLetters, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 2 }),
    );

    // Each fan-out only lists the platform's tenants and sends to the queue. The scheduler invokes it
    // asynchronously: a run that still fails after Lambda's retries lands in the dispatch dead-letter queue.
    const dispatcher = (scope: string, entry: string, roleDescription: string, service: string) => {
      const fn = bundledFunction(new Construct(this, scope), {
        entry: functionEntry(entry),
        roleDescription,
        service,
        timeout: Duration.minutes(1),
        memorySize: 512,
        environment: {
          TABLE_NAME: props.table.tableName,
          CURSOR_SECRET_ARN: props.cursorSecret.secretArn,
          JOB_QUEUE_URL: this.queue.queueUrl,
        },
        deadLetterQueue: this.dispatchDeadLetters,
      });
      props.cursorSecret.grantRead(fn.role);
      this.queue.grantSendMessages(fn.role);
      return fn;
    };
    this.dispatcher = dispatcher(
      "Dispatcher",
      "weekly-dispatch",
      "Anquan weekly dispatcher: reads the platform tenant registry and sends to the job queue",
      "anquan-dispatch",
    );
    this.monthlyDispatcher = dispatcher(
      "MonthlyDispatcher",
      "monthly-dispatch",
      "Anquan monthly report dispatcher: reads the platform tenant registry and sends to the job queue",
      "anquan-monthly-dispatch",
    );

    this.webhookSweep = dispatcher(
      "WebhookSweep",
      "webhook-sweep",
      "Anquan webhook sweep: reads the platform's list of tenants with webhooks and sends to the job queue",
      "anquan-webhook-sweep",
    );

    // Only INSERTs of change-feed records reach the function (the filter is applied before it is invoked, and free),
    // so the stream's other traffic costs nothing. The messages wait until the changes have settled in the feed.
    this.webhookTrigger = bundledFunction(new Construct(this, "WebhookTrigger"), {
      entry: functionEntry("webhook-stream"),
      roleDescription: "Anquan webhook trigger: reads the table's stream and sends to the job queue",
      service: "anquan-webhook-trigger",
      timeout: Duration.minutes(1),
      memorySize: 256,
      environment: { JOB_QUEUE_URL: this.queue.queueUrl },
    });
    this.queue.grantSendMessages(this.webhookTrigger.role);
    this.webhookTrigger.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        onFailure: new SqsDlq(this.dispatchDeadLetters),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual("INSERT"),
            dynamodb: { NewImage: { _type: { S: FilterRule.isEqual("change") } } },
          }),
        ],
      }),
    );
    acknowledge(
      this.webhookTrigger.role,
      "AwsSolutions-IAM5[Resource::*]",
      "dynamodb:ListStreams has no resource of its own (it is authorised on *), added by the stream event source " +
        "beside the read actions that name this table's stream only; it lists stream ARNs, never data.",
    );

    // Our own role instead of the one the target would add at stack level, so its one finding is acknowledged here.
    const stack = Stack.of(this);
    const schedulerRole = new iam.Role(this, "SchedulerRole", {
      description: "Anquan: lets EventBridge Scheduler start the weekly and monthly dispatchers and the webhook sweep",
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        // Only schedules of this account's default group may use it (no confused deputy).
        conditions: {
          StringEquals: {
            "aws:SourceAccount": stack.account,
            "aws:SourceArn": stack.formatArn({ service: "scheduler", resource: "schedule-group", resourceName: "default" }),
          },
        },
      }),
    });
    for (const fn of [this.dispatcher, this.monthlyDispatcher, this.webhookSweep]) {
      const dispatcherId = stack.getLogicalId(fn.function.node.defaultChild as CfnElement);
      acknowledge(
        schedulerRole,
        `AwsSolutions-IAM5[Resource::<${dispatcherId}.Arn>:*]`,
        "`<dispatcher ARN>:*` names only the dispatcher's own versions and aliases; lambda:InvokeFunction is the only " +
          "action, added by the scheduler target alongside the unqualified function ARN.",
      );
    }
    // A re-run of either fan-out is harmless (jobs are idempotent per tenant and ISO week or month), so retry freely.
    const invoke = (fn: BundledFunction) =>
      new LambdaInvoke(fn.function, {
        role: schedulerRole,
        retryAttempts: 10,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.dispatchDeadLetters,
      });

    this.schedule = new scheduler.Schedule(this, "WeeklyRefresh", {
      description: "Anquan: weekly base-data refresh, one message per tenant, Mondays 02:00 Asia/Shanghai",
      schedule: scheduler.ScheduleExpression.cron({ minute: "0", hour: "2", weekDay: "MON", timeZone: TimeZone.ASIA_SHANGHAI }),
      target: invoke(this.dispatcher),
    });
    // The month just ended is complete by then, and the officials find the report at the start of their day.
    this.monthlySchedule = new scheduler.Schedule(this, "MonthlyReports", {
      description: "Anquan: monthly reports, one message per tenant (districts first), the 1st at 06:00 Asia/Shanghai",
      schedule: scheduler.ScheduleExpression.cron({ minute: "0", hour: "6", day: "1", timeZone: TimeZone.ASIA_SHANGHAI }),
      target: invoke(this.monthlyDispatcher),
    });
    // A missed or repeated sweep is harmless: each dispatcher resumes from its tenant's cursor.
    this.webhookSchedule = new scheduler.Schedule(this, "WebhookSweepSchedule", {
      description: "Anquan: webhook sweep, one dispatch message per tenant with an enabled endpoint, every 5 minutes",
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
      target: invoke(this.webhookSweep),
    });
  }
}
