// IAM as the second wall (docs/deployment.md, "Tenant isolation in AWS"): the API and the job worker reach tenant data and files
// only through TenantAccessRole, assumed per tenant with an STS session tag; `dynamodb:LeadingKeys` confines that
// session to keys that start with its own tenant, and an S3 resource to `tenants/<its tenant>/`. The functions' own
// roles touch no tenant's keys: the API's and the dispatchers' reach only the platform partition.
import { type CfnElement, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { acknowledge } from "./acknowledge.ts";
import type { DataStore } from "./data.ts";
import {
  escalationSession,
  type KeysStatement,
  parentTagKey,
  platformLeadingKeys,
  platformSession,
  readActions,
  tenantSession,
  tenantTagKey,
} from "./leading-keys.ts";

/** A tenant session's folder in the blob bucket; the trailing `/` keeps tenant 123456 out of 1234567's. */
export const tenantFilesPrefix = `tenants/\${aws:PrincipalTag/${tenantTagKey}}/`;

function leadingKeysStatement(data: DataStore, { sid, leadingKeys, actions }: KeysStatement): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: [...actions],
    resources: [data.table.tableArn, data.indexesArn],
    conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [...leadingKeys] } },
  });
}

const indexWildcardReason =
  "`<table>/index/*` names this table's own indexes (queries on a GSI are authorised against the index ARN), " +
  "and every statement carrying it is confined by a dynamodb:LeadingKeys condition to one key prefix.";

const tenantFilesReason =
  `\`${tenantFilesPrefix}*\` is one tenant's folder: IAM fills in the tenant from the session tag, ` +
  "so a tenant session can read and write only the files under its own tenant id.";

export interface TenantAccessProps {
  readonly data: DataStore;
  /** Tenant files; a tenant session reaches only its own folder. */
  readonly blobs: s3.Bucket;
  /** The only principals allowed to assume TenantAccessRole: the API function's and the job worker's roles. */
  readonly sessionRoles: readonly iam.Role[];
  /** Roles that read and write the platform partition (the tenant registry): the API function's. */
  readonly platformRoles: readonly iam.Role[];
  /** Roles that only read it: the weekly and the monthly dispatchers, which list the tenants. */
  readonly platformReaders: readonly iam.Role[];
}

export class TenantAccess extends Construct {
  readonly role: iam.Role;
  /** Assumed with tags `tenant=<district>` and `parent=<city>` when a district escalates to its city. */
  readonly escalationRole: iam.Role;

  constructor(scope: Construct, id: string, props: TenantAccessProps) {
    super(scope, id);
    const { data, blobs } = props;

    const [first, ...others] = props.sessionRoles.map((role) => new iam.SessionTagsPrincipal(role));
    if (!first) throw new Error("TenantAccess needs at least one role that opens tenant sessions");
    const sessionOpeners = others.length > 0 ? new iam.CompositePrincipal(first, ...others) : first;
    /** Six characters per tag, so each is present and cannot be empty or a wildcard-sized prefix of another id; no other tag. */
    const taggedWith = (tags: string[]) =>
      new iam.PrincipalWithConditions(sessionOpeners, {
        StringLike: Object.fromEntries(tags.map((tag) => [`aws:RequestTag/${tag}`, "??????"])),
        "ForAllValues:StringEquals": { "aws:TagKeys": tags },
      });
    this.role = new iam.Role(this, "TenantAccessRole", {
      description: "Anquan: per-tenant DynamoDB and S3 access, confined by the `tenant` session tag",
      assumedBy: taggedWith([tenantTagKey]),
      inlinePolicies: {
        TenantItems: new iam.PolicyDocument({
          statements: tenantSession.map((statement) => leadingKeysStatement(data, statement)),
        }),
        TenantFiles: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: "TenantFilesOnly",
              // PutObject also authorises the multipart upload calls (create, upload part, complete). DeleteObject
              // removes a file once a record no longer names it (a replaced upload, a checked direct upload).
              actions: ["s3:GetObject", "s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload", "s3:DeleteObject"],
              resources: [blobs.arnForObjects(`${tenantFilesPrefix}*`)],
            }),
            new iam.PolicyStatement({
              // S3 answers 403, not 404, for a missing file without a list right; listing its own folder lets the
              // blob store tell a missing file from a denied one.
              sid: "ListTenantFilesOnly",
              actions: ["s3:ListBucket"],
              resources: [blobs.bucketArn],
              conditions: { StringLike: { "s3:prefix": [`${tenantFilesPrefix}*`] } },
            }),
          ],
        }),
      },
    });
    acknowledge(this.role, `AwsSolutions-IAM5[${data.nagIndexesResource}]`, indexWildcardReason);
    acknowledge(this.role, `AwsSolutions-IAM5[${nagTenantFilesResource(blobs)}]`, tenantFilesReason);

    // Table items only: the city's side of an escalation never reads the district's files, nor the district the city's.
    this.escalationRole = new iam.Role(this, "EscalationAccessRole", {
      description: "Anquan: a district's keys plus its one joint tackling partition under its parent city (tags tenant, parent)",
      assumedBy: taggedWith([tenantTagKey, parentTagKey]),
      inlinePolicies: {
        EscalationItems: new iam.PolicyDocument({
          statements: escalationSession.map((statement) => leadingKeysStatement(data, statement)),
        }),
      },
    });
    acknowledge(this.escalationRole, `AwsSolutions-IAM5[${data.nagIndexesResource}]`, indexWildcardReason);

    // Separate policy resources (not inline on the roles), because TenantAccessRole's trust names them.
    for (const role of props.platformRoles) {
      for (const statement of platformSession) role.addToPrincipalPolicy(leadingKeysStatement(data, statement));
      acknowledge(role, `AwsSolutions-IAM5[${data.nagIndexesResource}]`, indexWildcardReason);
    }
    for (const role of props.platformReaders) {
      role.addToPrincipalPolicy(
        leadingKeysStatement(data, { sid: "ReadPlatformKeysOnly", leadingKeys: platformLeadingKeys, actions: readActions }),
      );
      acknowledge(role, `AwsSolutions-IAM5[${data.nagIndexesResource}]`, indexWildcardReason);
    }
    for (const role of props.sessionRoles) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: "AssumeTenantAccess",
          actions: ["sts:AssumeRole", "sts:TagSession"],
          resources: [this.role.roleArn, this.escalationRole.roleArn],
        }),
      );
    }
  }
}

/** How cdk-nag names the tenant-folder wildcard in IAM5 findings. */
function nagTenantFilesResource(blobs: s3.Bucket): string {
  const logicalId = Stack.of(blobs).getLogicalId(blobs.node.defaultChild as CfnElement);
  return `Resource::<${logicalId}.Arn>/${tenantFilesPrefix.replace("${", "<").replace("}", ">")}*`;
}
