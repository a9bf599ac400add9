// IAM is the second wall: a tenant session reaches only its own keys, only the API function may open one, and
// the function's own credentials reach nothing but the platform partition.
import type { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { onlyLogicalId, synthAnquan } from "./synth-anquan.ts";

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

function apiRoleId(template: Template): string {
  const fn = Object.values(template.findResources("AWS::Lambda::Function"))[0];
  return fn?.Properties.Role["Fn::GetAtt"][0];
}

function tenantRole(template: Template) {
  const roles = template.findResources("AWS::IAM::Role", {
    Properties: { Policies: [{ PolicyName: "TenantItems" }] },
  });
  const [entry] = Object.entries(roles);
  if (!entry || Object.keys(roles).length !== 1) throw new Error("expected exactly one tenant access role");
  return { id: entry[0], properties: entry[1].Properties };
}

describe.each([
  ["Anquan", global],
  ["Anquan-cn", china],
])("tenant isolation in %s", (_name, template) => {
  it("confines a tenant session to partition keys T#<tenant> and T#<tenant>#…, on the table and its indexes", () => {
    const { properties } = tenantRole(template);
    expect(properties.Policies).toEqual([
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

  it("lets only the API function's role assume it, with exactly one six-character tenant session tag", () => {
    const { properties } = tenantRole(template);
    expect(properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Principal: { AWS: { "Fn::GetAtt": [apiRoleId(template), "Arn"] } },
        Condition: {
          StringLike: { "aws:RequestTag/tenant": "??????" },
          "ForAllValues:StringEquals": { "aws:TagKeys": ["tenant"] },
        },
      },
    ]);
  });

  it("gives the API function's own role only the platform partition and the right to open tenant sessions", () => {
    const policies = template.findResources("AWS::IAM::Policy", {
      Properties: { Roles: [{ Ref: apiRoleId(template) }] },
    });
    const statements = Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const dynamo = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("dynamodb:")));
    expect(dynamo).toEqual([
      {
        Sid: "PlatformKeysOnly",
        Effect: "Allow",
        Action: itemActions,
        Resource: tableAndIndexes(template),
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["PLATFORM#*"] } },
      },
    ]);
    expect(statements).toContainEqual({
      Sid: "AssumeTenantAccess",
      Effect: "Allow",
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Resource: { "Fn::GetAtt": [tenantRole(template).id, "Arn"] },
    });
  });

  it("grants no Scan, and no DynamoDB access without a LeadingKeys condition, anywhere in the stack", () => {
    expect(JSON.stringify(template.toJSON())).not.toMatch(/dynamodb:(Scan|\*)/);
    const policies = Object.values(template.findResources("AWS::IAM::Policy")).map((p) => p.Properties.PolicyDocument);
    const inline = Object.values(template.findResources("AWS::IAM::Role")).flatMap((r) =>
      (r.Properties.Policies ?? []).map((p: { PolicyDocument: object }) => p.PolicyDocument),
    );
    const statements = [...policies, ...inline].flatMap((document) => document.Statement);
    const dynamo = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("dynamodb:")));
    expect(dynamo).toHaveLength(2);
    for (const statement of dynamo) {
      expect(statement.Condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]).toBeDefined();
    }
  });
});
