// IAM is the second wall: a tenant session reaches only its own keys and files, only the API and the job worker
// may open one, and the functions' own credentials reach no tenant's keys (the API's and the dispatchers' only
// the platform partition).
import { Match, type Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { lambdaFunction, onlyLogicalId, roleStatements, synthAnquan } from "./synth-anquan.ts";

const { global, china } = synthAnquan();

/** Everything a TransactWriteItems/TransactGetItems is authorised through, plus the plain item operations. */
const itemActions = [
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DeleteItem",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:UpdateItem",
];

function tableAndIndexes(template: Template) {
  const table = onlyLogicalId(template, "AWS::DynamoDB::Table");
  const tableArn = { "Fn::GetAtt": [table, "Arn"] };
  return [tableArn, { "Fn::Join": ["", [tableArn, "/index/*"]] }];
}

const apiRoleId = (template: Template) => lambdaFunction(template, "anquan-api").roleId;

const isDynamo = (statement: Record<string, any>) => [statement.Action].flat().some((a: string) => a.startsWith("dynamodb:"));

/** The one role carrying the inline policy `policyName`. */
function roleWithPolicy(template: Template, policyName: string) {
  const roles = template.findResources("AWS::IAM::Role", {
    Properties: { Policies: Match.arrayWith([Match.objectLike({ PolicyName: policyName })]) },
  });
  const [entry] = Object.entries(roles);
  if (!entry || Object.keys(roles).length !== 1) throw new Error(`expected exactly one role with the policy ${policyName}`);
  return { id: entry[0], properties: entry[1].Properties };
}

const tenantRole = (template: Template) => roleWithPolicy(template, "TenantItems");
const escalationRole = (template: Template) => roleWithPolicy(template, "EscalationItems");

/** The trust of a session role: the API's and the worker's roles only, each given tag six characters, no other tag. */
function trustedSessionOpeners(template: Template, tags: string[]) {
  return {
    Effect: "Allow",
    Action: ["sts:AssumeRole", "sts:TagSession"],
    Principal: {
      AWS: [{ "Fn::GetAtt": [apiRoleId(template), "Arn"] }, { "Fn::GetAtt": [lambdaFunction(template, "anquan-worker").roleId, "Arn"] }],
    },
    Condition: {
      StringLike: Object.fromEntries(tags.map((tag) => [`aws:RequestTag/${tag}`, "??????"])),
      "ForAllValues:StringEquals": { "aws:TagKeys": tags },
    },
  };
}

function assumeTenantAccess(template: Template) {
  return {
    Sid: "AssumeTenantAccess",
    Effect: "Allow",
    Action: ["sts:AssumeRole", "sts:TagSession"],
    // CDK orders the two ARNs by logical id.
    Resource: [{ "Fn::GetAtt": [escalationRole(template).id, "Arn"] }, { "Fn::GetAtt": [tenantRole(template).id, "Arn"] }],
  };
}

describe.each([
  ["Anquan", global],
  ["Anquan-cn", china],
])("tenant isolation in %s", (_name, template) => {
  it("confines a tenant session to partition keys T#<tenant> and T#<tenant>#…, on the table and its indexes", () => {
    const { properties } = tenantRole(template);
    expect(properties.Policies.filter((p: { PolicyName: string }) => p.PolicyName === "TenantItems")).toEqual([
      {
        PolicyName: "TenantItems",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "TenantKeysOnly",
              Effect: "Allow",
              Action: itemActions,
              Resource: tableAndIndexes(template),
              Condition: {
                "ForAllValues:StringLike": {
                  // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, resolved by IAM, not JS.
                  "dynamodb:LeadingKeys": ["T#${aws:PrincipalTag/tenant}", "T#${aws:PrincipalTag/tenant}#*"],
                },
              },
            },
          ],
        },
      },
    ]);
  });

  it("lets only the API function's and the job worker's roles assume it, with exactly one six-character tenant session tag", () => {
    const { properties } = tenantRole(template);
    expect(properties.AssumeRolePolicyDocument.Statement).toEqual([trustedSessionOpeners(template, ["tenant"])]);
  });

  it("confines an escalation session to the district's keys and its one partition under its city, T#<parent>#UP#<tenant>", () => {
    const { properties } = escalationRole(template);
    expect(properties.Policies).toEqual([
      {
        PolicyName: "EscalationItems",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DistrictKeys",
              Effect: "Allow",
              Action: itemActions,
              Resource: tableAndIndexes(template),
              Condition: {
                "ForAllValues:StringLike": {
                  // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, resolved by IAM, not JS.
                  "dynamodb:LeadingKeys": ["T#${aws:PrincipalTag/tenant}", "T#${aws:PrincipalTag/tenant}#*"],
                },
              },
            },
            {
              // Exact partition, and no Delete, BatchWrite or ConditionCheck there.
              Sid: "ItsCityPartitionOnly",
              Effect: "Allow",
              Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
              Resource: tableAndIndexes(template),
              Condition: {
                "ForAllValues:StringLike": {
                  // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, resolved by IAM, not JS.
                  "dynamodb:LeadingKeys": ["T#${aws:PrincipalTag/parent}#UP#${aws:PrincipalTag/tenant}"],
                },
              },
            },
          ],
        },
      },
    ]);
  });

  it("lets the same two roles open an escalation session, only with both a six-character tenant and parent tag", () => {
    const { properties } = escalationRole(template);
    expect(properties.AssumeRolePolicyDocument.Statement).toEqual([trustedSessionOpeners(template, ["tenant", "parent"])]);
    for (const service of ["anquan-api", "anquan-worker"] as const) {
      expect(lambdaFunction(template, service).properties.Environment.Variables.ESCALATION_ACCESS_ROLE_ARN).toEqual({
        "Fn::GetAtt": [escalationRole(template).id, "Arn"],
      });
    }
  });

  it("gives the API function's own role only the platform partition and the right to open tenant sessions", () => {
    const statements = roleStatements(template, apiRoleId(template));
    expect(statements.filter(isDynamo)).toEqual([
      {
        Sid: "PlatformKeysOnly",
        Effect: "Allow",
        Action: itemActions,
        Resource: tableAndIndexes(template),
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["PLATFORM#*"] } },
      },
    ]);
    expect(statements).toContainEqual(assumeTenantAccess(template));
  });

  it("gives the job worker's role no table access of its own, only the right to open tenant sessions", () => {
    const statements = roleStatements(template, lambdaFunction(template, "anquan-worker").roleId);
    expect(statements.filter(isDynamo)).toEqual([]);
    expect(statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("s3:")))).toEqual([]);
    expect(statements).toContainEqual(assumeTenantAccess(template));
  });

  it.each([
    ["weekly", "anquan-dispatch"],
    ["monthly", "anquan-monthly-dispatch"],
    ["webhook sweep's", "anquan-webhook-sweep"],
  ] as const)("lets the %s dispatcher only read the platform partition, and open no tenant session", (_which, service) => {
    const statements = roleStatements(template, lambdaFunction(template, service).roleId);
    expect(statements.filter(isDynamo)).toEqual([
      {
        Sid: "ReadPlatformKeysOnly",
        Effect: "Allow",
        Action: ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"],
        Resource: tableAndIndexes(template),
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["PLATFORM#*"] } },
      },
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/sts:|s3:/);
  });

  it("confines a tenant session's files to tenants/<tenant>/ in the blob bucket", () => {
    const bucketArn = { "Fn::GetAtt": [onlyLogicalId(template, "AWS::S3::Bucket"), "Arn"] };
    const { properties } = tenantRole(template);
    const files = properties.Policies.find((p: { PolicyName: string }) => p.PolicyName === "TenantFiles");
    expect(files.PolicyDocument.Statement).toEqual([
      {
        Sid: "TenantFilesOnly",
        Effect: "Allow",
        Action: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject", "s3:PutObjectTagging"],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, resolved by IAM, not JS.
        Resource: { "Fn::Join": ["", [bucketArn, "/tenants/${aws:PrincipalTag/tenant}/*"]] },
      },
      {
        Sid: "ListTenantFilesOnly",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: bucketArn,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, resolved by IAM, not JS.
        Condition: { StringLike: { "s3:prefix": ["tenants/${aws:PrincipalTag/tenant}/*"] } },
      },
    ]);
  });

  it("grants S3 object access to no other role", () => {
    const policies = Object.values(template.findResources("AWS::IAM::Policy")).map((p) => p.Properties.PolicyDocument);
    const otherRoles = Object.entries(template.findResources("AWS::IAM::Role")).filter(([id]) => id !== tenantRole(template).id);
    expect(otherRoles.map(([id]) => id)).toContain(escalationRole(template).id);
    const inline = otherRoles.flatMap(([, r]) => (r.Properties.Policies ?? []).map((p: { PolicyDocument: object }) => p.PolicyDocument));
    const statements = [...policies, ...inline].flatMap((document) => document.Statement);
    expect(statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("s3:")))).toEqual([]);
  });

  it("grants no Scan, and no DynamoDB access without a LeadingKeys condition, anywhere in the stack", () => {
    expect(JSON.stringify(template.toJSON())).not.toMatch(/dynamodb:(Scan|\*)/);
    const policies = Object.values(template.findResources("AWS::IAM::Policy")).map((p) => p.Properties.PolicyDocument);
    const inline = Object.values(template.findResources("AWS::IAM::Role")).flatMap((r) =>
      (r.Properties.Policies ?? []).map((p: { PolicyDocument: object }) => p.PolicyDocument),
    );
    const statements = [...policies, ...inline].flatMap((document) => document.Statement);
    // The webhook trigger's stream reads are the one exception: they name the table's stream (ListStreams, which
    // lists stream ARNs, has no resource of its own) and read change records, never an item by key.
    const streamActions = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"];
    const isStream = (statement: Record<string, any>) => [statement.Action].flat().every((a: string) => streamActions.includes(a));
    const dynamo = statements.filter(isDynamo).filter((statement) => !isStream(statement));
    expect(dynamo).toHaveLength(7);
    const trigger = roleStatements(template, lambdaFunction(template, "anquan-webhook-trigger").roleId).filter(isDynamo);
    expect(statements.filter(isDynamo).filter(isStream)).toEqual(trigger);
    expect(trigger.flatMap((statement) => [statement.Resource].flat())).toEqual(
      expect.arrayContaining(["*", { "Fn::GetAtt": [onlyLogicalId(template, "AWS::DynamoDB::Table"), "StreamArn"] }]),
    );
    for (const statement of dynamo) {
      expect(statement.Condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]).toBeDefined();
    }
  });
});
