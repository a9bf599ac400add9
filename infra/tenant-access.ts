// IAM as the second wall (ARCHITECTURE.md, STYLE.md #4): the API reaches tenant data only through
// TenantAccessRole, assumed per tenant with an STS session tag, and `dynamodb:LeadingKeys` confines that session
// to keys that start with its own tenant. The API function's own role can touch nothing but the platform partition.
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { acknowledge } from "./acknowledge.ts";
import type { DataStore } from "./data.ts";

/**
 * Item-level actions on the table and its indexes; Scan is deliberately absent (no Scan in a request path).
 * TransactWriteItems and TransactGetItems have no permission of their own: IAM authorises each Put, Update,
 * Delete and Get inside a transaction as PutItem, UpdateItem, DeleteItem and GetItem, and each ConditionCheck as
 * ConditionCheckItem ("Using IAM with DynamoDB transactions", DynamoDB Developer Guide). So listing those per-item
 * actions below is what allows transactions, and LeadingKeys is checked for every item in them.
 */
export const itemActions = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:BatchWriteItem",
] as const;

/** The session tag that carries the tenant id; the store sets it when it assumes TenantAccessRole. */
export const tenantTagKey = "tenant";

/**
 * A tenant session may only use partition keys `T#<tenant>` and `T#<tenant>#…`. The `#` after the id matters:
 * a bare `T#<tenant>*` would also let tenant 123456 reach tenant 1234567. IAM substitutes the policy variable
 * from the session tag at request time.
 */
export const tenantLeadingKeys = [`T#\${aws:PrincipalTag/${tenantTagKey}}`, `T#\${aws:PrincipalTag/${tenantTagKey}}#*`];

/** The platform registry of tenants (gsi1 partition `PLATFORM#TENANTS`) and other platform items. */
export const platformLeadingKeys = ["PLATFORM#*"];

function leadingKeysStatement(data: DataStore, leadingKeys: string[], sid: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: [...itemActions],
    resources: [data.table.tableArn, data.indexesArn],
    conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": leadingKeys } },
  });
}

const indexWildcardReason =
  "`<table>/index/*` names this table's own indexes (queries on a GSI are authorised against the index ARN), " +
  "and every statement carrying it is confined by a dynamodb:LeadingKeys condition to one key prefix.";

export interface TenantAccessProps {
  readonly data: DataStore;
  /** The API function's role: the only principal allowed to assume TenantAccessRole. */
  readonly apiRole: iam.Role;
}

export class TenantAccess extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TenantAccessProps) {
    super(scope, id);
    const { data, apiRole } = props;

    this.role = new iam.Role(this, "TenantAccessRole", {
      description: "Anquan: per-tenant DynamoDB access, confined by the `tenant` session tag",
      assumedBy: new iam.PrincipalWithConditions(new iam.SessionTagsPrincipal(apiRole), {
        // Six characters, so the tag is present and cannot be empty or a wildcard-sized prefix of another id.
        StringLike: { [`aws:RequestTag/${tenantTagKey}`]: "??????" },
        // Only the tenant tag may be set, so no other tag can be smuggled into the session.
        "ForAllValues:StringEquals": { "aws:TagKeys": [tenantTagKey] },
      }),
      inlinePolicies: {
        TenantItems: new iam.PolicyDocument({
          statements: [leadingKeysStatement(data, tenantLeadingKeys, "TenantKeysOnly")],
        }),
      },
    });
    acknowledge(this.role, `AwsSolutions-IAM5[${data.nagIndexesResource}]`, indexWildcardReason);

    // A separate policy resource (not inline on apiRole), because TenantAccessRole's trust names apiRole.
    apiRole.addToPrincipalPolicy(leadingKeysStatement(data, platformLeadingKeys, "PlatformKeysOnly"));
    apiRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "AssumeTenantAccess",
        actions: ["sts:AssumeRole", "sts:TagSession"],
        resources: [this.role.roleArn],
      }),
    );
    acknowledge(apiRole, `AwsSolutions-IAM5[${data.nagIndexesResource}]`, indexWildcardReason);
  }
}
