// Background jobs in AWS: a Monday 02:00 Asia/Shanghai schedule starts the weekly dispatcher and one on the 1st of
// each month at 06:00 the monthly one; each fans out to an encrypted SSL-only queue with a dead-letter queue; the
// worker drains it one message at a time and reports failures per message; tenant files live in a private bucket
// whose uploads expire.
import type { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { cursorSecretId, lambdaFunction, onlyLogicalId, onlyResource, resourceNamed, roleStatements, synthAnquan } from "./synth-anquan.ts";

const { global, china } = synthAnquan();

function queues(template: Template) {
  const all = template.findResources("AWS::SQS::Queue");
  const byPrefix = (prefix: string) => {
    const ids = Object.keys(all).filter((id) => id.startsWith(prefix));
    if (ids.length !== 1 || ids[0] === undefined) throw new Error(`expected one queue ${prefix}*, found ${ids.length}`);
    return { id: ids[0], properties: all[ids[0]]?.Properties };
  };
  return {
    count: Object.keys(all).length,
    jobs: byPrefix("JobsQueue"),
    deadLetters: byPrefix("JobsDeadLetters"),
    heldDeadLetters: byPrefix("JobsHeldDeadLetters"),
    dispatchDeadLetters: byPrefix("JobsDispatchDeadLetters"),
  };
}

const arnOf = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });

/** The properties of the only resource of a type that `test` picks. */
function resourceWhere(template: Template, type: string, test: (properties: Record<string, any>) => boolean): Record<string, any> {
  const found = Object.values(template.findResources(type))
    .map((resource) => resource.Properties as Record<string, any>)
    .filter(test);
  if (found.length !== 1 || !found[0]) throw new Error(`expected one ${type} that matches, found ${found.length}`);
  return found[0];
}

describe.each([
  ["Anquan", global],
  ["Anquan-cn", china],
])("jobs in %s", (_name, template) => {
  const worker = lambdaFunction(template, "anquan-worker");
  const dispatcher = lambdaFunction(template, "anquan-dispatch");
  const monthlyDispatcher = lambdaFunction(template, "anquan-monthly-dispatch");
  const webhookSweep = lambdaFunction(template, "anquan-webhook-sweep");
  const webhookTrigger = lambdaFunction(template, "anquan-webhook-trigger");
  const q = queues(template);

  it("has exactly the weekly, the monthly and the webhook sweep's schedule", () => {
    expect(Object.keys(template.findResources("AWS::Scheduler::Schedule"))).toHaveLength(3);
  });

  describe.each([
    ["weekly", "JobsWeeklyRefresh", "every Monday at 02:00", "cron(0 2 ? * MON *)", dispatcher],
    ["monthly", "JobsMonthlyReports", "on the 1st of each month at 06:00", "cron(0 6 1 * ? *)", monthlyDispatcher],
  ])("the %s schedule", (_which, prefix, when, cron, target) => {
    const schedule = resourceNamed(template, "AWS::Scheduler::Schedule", prefix).properties;

    it(`fires ${when} Shanghai time`, () => {
      expect(schedule.ScheduleExpression).toBe(cron);
      expect(schedule.ScheduleExpressionTimezone).toBe("Asia/Shanghai");
      expect(schedule.State).toBe("ENABLED");
    });

    it("invokes its dispatcher, retries, and parks what still fails in the dispatch dead-letter queue", () => {
      expect(schedule.Target.Arn).toEqual(arnOf(target.id));
      expect(schedule.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      expect(schedule.Target.DeadLetterConfig).toEqual({ Arn: arnOf(q.dispatchDeadLetters.id) });
      expect(target.properties.DeadLetterConfig).toEqual({ TargetArn: arnOf(q.dispatchDeadLetters.id) });
    });

    it("uses a role only the scheduler of this account can assume, allowed to invoke only the dispatchers", () => {
      const roleId = schedule.Target.RoleArn["Fn::GetAtt"][0];
      const role = template.findResources("AWS::IAM::Role")[roleId]?.Properties;
      expect(role.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({
          Principal: { Service: "scheduler.amazonaws.com" },
          Condition: { StringEquals: expect.objectContaining({ "aws:SourceAccount": { Ref: "AWS::AccountId" } }) },
        }),
      ]);
      const invoked = roleStatements(template, roleId)
        .filter((s) => s.Action === "lambda:InvokeFunction")
        .flatMap((s) => s.Resource);
      const versions = (id: string) => [arnOf(id), { "Fn::Join": ["", [arnOf(id), ":*"]] }];
      expect(invoked).toEqual(expect.arrayContaining(versions(target.id)));
      expect(invoked).toHaveLength(6);
      expect(invoked).toEqual(
        expect.arrayContaining([...versions(dispatcher.id), ...versions(monthlyDispatcher.id), ...versions(webhookSweep.id)]),
      );
    });
  });

  describe("the webhook triggers", () => {
    it("sweep every 5 minutes through the dispatchers' scheduler role, parking failures in the dispatch dead-letter queue", () => {
      const schedule = resourceNamed(template, "AWS::Scheduler::Schedule", "JobsWebhookSweepSchedule").properties;
      expect(schedule.ScheduleExpression).toBe("rate(5 minutes)");
      expect(schedule.State).toBe("ENABLED");
      expect(schedule.Target.Arn).toEqual(arnOf(webhookSweep.id));
      expect(schedule.Target.DeadLetterConfig).toEqual({ Arn: arnOf(q.dispatchDeadLetters.id) });
    });

    it("read the table's stream, new change-feed records only, and send to the job queue", () => {
      const table = onlyLogicalId(template, "AWS::DynamoDB::Table");
      expect(onlyResource(template, "AWS::DynamoDB::Table").StreamSpecification).toEqual({ StreamViewType: "NEW_IMAGE" });
      const mapping = resourceWhere(template, "AWS::Lambda::EventSourceMapping", (p) => p.FunctionName?.Ref === webhookTrigger.id);
      expect(mapping.EventSourceArn).toEqual({ "Fn::GetAtt": [table, "StreamArn"] });
      expect(mapping.StartingPosition).toBe("LATEST");
      expect(mapping.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([
        { eventName: ["INSERT"], dynamodb: { NewImage: { _type: { S: ["change"] } } } },
      ]);
      expect(mapping.DestinationConfig.OnFailure.Destination).toEqual(arnOf(q.dispatchDeadLetters.id));
      expect(webhookTrigger.properties).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"] });
      expect(Object.keys(webhookTrigger.properties.Environment.Variables)).not.toContain("TABLE_NAME");
      // It sends dispatch messages to the job queue (and failed batches' records to the dispatch dead letters).
      const actions = roleStatements(template, webhookTrigger.roleId)
        .filter((s) => JSON.stringify(s.Resource).includes(q.jobs.id))
        .flatMap((s) => [s.Action].flat());
      expect(actions).toContain("sqs:SendMessage");
      expect(actions).not.toContain("sqs:ReceiveMessage");
    });
  });

  describe("the queues", () => {
    it("are the job queue, its dead-letter queue and the held dead letters, and the dispatch dead-letter queue, all SQS-encrypted and SSL-only", () => {
      expect(q.count).toBe(4);
      for (const { id, properties } of [q.jobs, q.deadLetters, q.heldDeadLetters, q.dispatchDeadLetters]) {
        expect(properties.SqsManagedSseEnabled).toBe(true);
        const policies = Object.values(template.findResources("AWS::SQS::QueuePolicy")).filter((p) =>
          JSON.stringify(p.Properties.Queues).includes(id),
        );
        expect(policies.flatMap((p) => p.Properties.PolicyDocument.Statement)).toContainEqual(
          expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        );
      }
    });

    it("redrive a job message after three failed deliveries to a dead-letter queue kept 14 days", () => {
      expect(q.jobs.properties.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(q.deadLetters.id), maxReceiveCount: 3 });
      expect(q.deadLetters.properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      expect(q.dispatchDeadLetters.properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    });

    it("send a dead letter its consumer could not handle in three receives on to the held dead letters, kept 14 days", () => {
      expect(q.deadLetters.properties.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(q.heldDeadLetters.id), maxReceiveCount: 3 });
      expect(q.heldDeadLetters.properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      expect(q.heldDeadLetters.properties.RedrivePolicy).toBeUndefined();
      // Lambda refuses an SQS event source whose visibility timeout is shorter than the function's.
      expect(q.deadLetters.properties.VisibilityTimeout).toBe(6 * worker.properties.Timeout);
    });

    it("hide a message in flight for six worker timeouts, so a running job is not delivered twice", () => {
      expect(q.jobs.properties.VisibilityTimeout).toBe(6 * worker.properties.Timeout);
      expect(q.jobs.properties.VisibilityTimeout).toBeLessThanOrEqual(12 * 3600);
    });
  });

  describe("the worker", () => {
    it("runs on nodejs24.x, arm64, 1 GiB, for Lambda's full 15 minutes", () => {
      expect(worker.properties).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        MemorySize: 1024,
        Timeout: 900,
        Handler: "index.handler",
      });
    });

    it("is told where the table, tenant role, signing key, bucket, queue and the API's public address are", () => {
      expect(worker.properties.Environment.Variables).toEqual({
        TABLE_NAME: { Ref: onlyLogicalId(template, "AWS::DynamoDB::Table") },
        TENANT_ACCESS_ROLE_ARN: { "Fn::GetAtt": [expect.stringMatching(/^TenantAccessTenantAccessRole/), "Arn"] },
        ESCALATION_ACCESS_ROLE_ARN: { "Fn::GetAtt": [expect.stringMatching(/^TenantAccessEscalationAccessRole/), "Arn"] },
        CURSOR_SECRET_ARN: { Ref: cursorSecretId(template) },
        BLOB_BUCKET: { Ref: onlyLogicalId(template, "AWS::S3::Bucket") },
        JOB_QUEUE_URL: { Ref: q.jobs.id },
        JOB_DEAD_LETTERS_ARN: arnOf(q.deadLetters.id),
        JOB_HELD_DEAD_LETTERS_URL: { Ref: q.heldDeadLetters.id },
        MAIL_TRANSPORT: expect.stringMatching(/^(ses|smtp)$/),
        MAIL_FROM: expect.any(String),
        ...(template === china ? { SMTP_SECRET_ARN: { Ref: expect.stringMatching(/^MailSmtpRelay/) } } : {}),
        // The monthly mail's download links lead to the HTTP API's stage URL (no custom domain in these stacks).
        PUBLIC_BASE_URL: {
          "Fn::Join": ["", expect.arrayContaining([expect.objectContaining({ Ref: expect.stringMatching(/^HttpApi/) })])],
        },
        POWERTOOLS_SERVICE_NAME: "anquan-worker",
        LOG_LEVEL: "INFO",
        NODE_OPTIONS: "--enable-source-maps",
      });
    });

    it("takes one message at a time from the job queue and reports failures per message", () => {
      const mapping = resourceWhere(
        template,
        "AWS::Lambda::EventSourceMapping",
        (p) => p.FunctionName?.Ref === worker.id && JSON.stringify(p.EventSourceArn) === JSON.stringify(arnOf(q.jobs.id)),
      );
      expect(mapping.FunctionName).toEqual({ Ref: worker.id });
      expect(mapping.BatchSize).toBe(1);
      expect(mapping.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
      expect(mapping.ScalingConfig.MaximumConcurrency).toBeGreaterThanOrEqual(2);
    });

    it("drains the job dead-letter queue too, one message at a time, reporting failures per message", () => {
      const mapping = resourceWhere(
        template,
        "AWS::Lambda::EventSourceMapping",
        (p) => JSON.stringify(p.EventSourceArn) === JSON.stringify(arnOf(q.deadLetters.id)),
      );
      expect(mapping.FunctionName).toEqual({ Ref: worker.id });
      expect(mapping.BatchSize).toBe(1);
      expect(mapping.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    });

    it("may consume the job queue and its dead letters, send continuations to the one and what it keeps to the held dead letters", () => {
      const sqs = roleStatements(template, worker.roleId).filter((s) => [s.Action].flat().some((a: string) => a.startsWith("sqs:")));
      const actionsOn = (id: string) =>
        sqs.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(arnOf(id))).flatMap((s) => [s.Action].flat());
      expect(actionsOn(q.jobs.id)).toEqual(expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage"]));
      expect(actionsOn(q.deadLetters.id)).toEqual(expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage"]));
      expect(actionsOn(q.deadLetters.id)).not.toContain("sqs:SendMessage");
      expect(actionsOn(q.heldDeadLetters.id)).toContain("sqs:SendMessage");
      expect(actionsOn(q.heldDeadLetters.id)).not.toContain("sqs:ReceiveMessage");
      // Nothing else: every SQS statement names one of the three.
      expect(
        sqs.every((s) =>
          [q.jobs.id, q.deadLetters.id, q.heldDeadLetters.id].some((id) => JSON.stringify(s.Resource) === JSON.stringify(arnOf(id))),
        ),
      ).toBe(true);
    });
  });

  describe.each([
    ["weekly", dispatcher, "anquan-dispatch"],
    ["monthly", monthlyDispatcher, "anquan-monthly-dispatch"],
    ["webhook sweep", webhookSweep, "anquan-webhook-sweep"],
  ])("the %s dispatcher", (_which, fn, service) => {
    it("runs for at most a minute and is told where the table, cursor key and queue are", () => {
      expect(fn.properties).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"], Timeout: 60 });
      expect(fn.properties.Environment.Variables).toEqual({
        TABLE_NAME: { Ref: onlyLogicalId(template, "AWS::DynamoDB::Table") },
        CURSOR_SECRET_ARN: { Ref: cursorSecretId(template) },
        JOB_QUEUE_URL: { Ref: q.jobs.id },
        POWERTOOLS_SERVICE_NAME: service,
        LOG_LEVEL: "INFO",
        NODE_OPTIONS: "--enable-source-maps",
      });
    });

    it("may send to the job queue but not consume it", () => {
      const actions = roleStatements(template, fn.roleId)
        .filter((s) => JSON.stringify(s.Resource) === JSON.stringify(arnOf(q.jobs.id)))
        .flatMap((s) => [s.Action].flat());
      expect(actions).toContain("sqs:SendMessage");
      expect(actions).not.toContain("sqs:ReceiveMessage");
    });
  });

  describe("the blob bucket", () => {
    const bucket = onlyResource(template, "AWS::S3::Bucket");

    it("is private, encrypted, unversioned, and survives a stack deletion", () => {
      expect(bucket.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
        { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
      ]);
      expect(bucket.VersioningConfiguration).toBeUndefined();
      template.hasResource("AWS::S3::Bucket", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
    });

    it("refuses every request that is not over TLS", () => {
      const policy = onlyResource(template, "AWS::S3::BucketPolicy");
      expect(policy.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: "Deny",
          Action: "s3:*",
          Principal: { AWS: "*" },
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      );
    });

    it("expires temporary tenant files (tagged: imports) after 30 days, export files (tagged) after 7 as their jobs, never untagged ones (evidence), and abandoned multipart uploads after one", () => {
      expect(bucket.LifecycleConfiguration.Rules).toHaveLength(3);
      expect(bucket.LifecycleConfiguration.Rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Prefix: "tenants/",
            TagFilters: [{ Key: "retention", Value: "temporary" }],
            ExpirationInDays: 30,
            Status: "Enabled",
          }),
          expect.objectContaining({
            Prefix: "tenants/",
            TagFilters: [{ Key: "retention", Value: "export" }],
            ExpirationInDays: 7,
            Status: "Enabled",
          }),
          expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: "Enabled" }),
        ]),
      );
    });

    it("accepts browser form POSTs (presigned uploads) and nothing else cross-origin", () => {
      expect(bucket.CorsConfiguration.CorsRules).toEqual([
        expect.objectContaining({ AllowedMethods: ["POST"], AllowedHeaders: ["Content-Type"], AllowedOrigins: ["*"] }),
      ]);
    });
  });
});

describe("browser uploads", () => {
  it("come only from the API's CORS origins when they are configured", () => {
    const origins = ["https://app.anquan.example"];
    const { global: configured } = synthAnquan({ corsAllowOrigins: origins });
    expect(onlyResource(configured, "AWS::S3::Bucket").CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual(origins);
    expect(onlyResource(configured, "AWS::ApiGatewayV2::Api").CorsConfiguration.AllowOrigins).toEqual(origins);
  });
});
