// The API function runs the one handler on nodejs24.x/arm64 and is told, through its environment, everything
// it needs to find the table, the tenant role, the cursor key, the token issuer, the blob bucket and the job queue.
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { cursorSecretId, lambdaFunction, onlyLogicalId, onlyResource, roleStatements, synthAnquan } from "./synth-anquan.ts";

const { global, china } = synthAnquan();

describe.each([
  ["Anquan", global],
  ["Anquan-cn", china],
])("the %s API function", (_name, template) => {
  const fn = lambdaFunction(template, "anquan-api").properties;

  it("runs ESM on nodejs24.x, arm64, 1 GiB, 10 s", () => {
    expect(fn.Runtime).toBe("nodejs24.x");
    expect(fn.Architectures).toEqual(["arm64"]);
    expect(fn.MemorySize).toBe(1024);
    expect(fn.Timeout).toBe(10);
    expect(fn.Handler).toBe("index.handler");
  });

  it("is configured entirely through its environment", () => {
    const table = onlyLogicalId(template, "AWS::DynamoDB::Table");
    const secret = cursorSecretId(template);
    expect(fn.Environment.Variables).toEqual({
      TABLE_NAME: { Ref: table },
      TENANT_ACCESS_ROLE_ARN: { "Fn::GetAtt": [expect.stringMatching(/^TenantAccessTenantAccessRole/), "Arn"] },
      ESCALATION_ACCESS_ROLE_ARN: { "Fn::GetAtt": [expect.stringMatching(/^TenantAccessEscalationAccessRole/), "Arn"] },
      CURSOR_SECRET_ARN: { Ref: secret },
      BLOB_BUCKET: { Ref: onlyLogicalId(template, "AWS::S3::Bucket") },
      JOB_QUEUE_URL: { Ref: expect.stringMatching(/^JobsQueue/) },
      OIDC_ISSUER: expect.anything(),
      OIDC_AUDIENCE: expect.anything(),
      OPERATOR_OIDC_ISSUER: expect.anything(),
      OPERATOR_OIDC_AUDIENCE: expect.anything(),
      OPERATOR_OIDC_JWKS_URL: expect.anything(),
      TENANT_CLAIM: "custom:tenant_id",
      ROLE_CLAIM: "custom:role",
      DEPARTMENTS_CLAIM: "custom:departments",
      DOCS_ASSETS_DIR: "swagger-ui",
      POWERTOOLS_SERVICE_NAME: "anquan-api",
      LOG_LEVEL: "INFO",
      NODE_OPTIONS: "--enable-source-maps",
    });
  });

  it("logs to its own log group, kept for a year", () => {
    const logGroup = template.findResources("AWS::Logs::LogGroup")[fn.LoggingConfig.LogGroup.Ref];
    expect(logGroup).toMatchObject({ Properties: { RetentionInDays: 365 }, DeletionPolicy: "Retain" });
  });

  it("may read the cursor signing key and put import jobs on the queue", () => {
    const statements = roleStatements(template, lambdaFunction(template, "anquan-api").roleId);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        Resource: { Ref: cursorSecretId(template) },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(["sqs:SendMessage"]),
        Resource: { "Fn::GetAtt": [expect.stringMatching(/^JobsQueue/), "Arn"] },
      }),
    );
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith("sqs:Receive"))).toEqual([]);
  });

  it("uses no AWS managed policy (logs go only to its own log group)", () => {
    template.allResourcesProperties("AWS::IAM::Role", { ManagedPolicyArns: Match.absent() });
  });
});

describe("the cursor signing key", () => {
  it("is a generated random string", () => {
    const secret = onlyResource(global, "AWS::SecretsManager::Secret");
    expect(secret.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
  });
});
