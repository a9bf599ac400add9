// The Anquan DynamoDB table, built from the store's one table definition so CDK and DynamoDB Local cannot drift.
import { type CfnElement, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { tableDefinition } from "#store/dynamo/table";

export class DataStore extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    const stringKey = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

    this.table = new dynamodb.Table(this, "Table", {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      // ~3,000 tenants with spiky, office-hours traffic: on-demand avoids capacity planning per tenant.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // AWS-managed KMS key (alias/aws/dynamodb) rather than a customer-managed one: the table is never shared
      // across accounts, key use is still logged in CloudTrail, it exists identically in aws and aws-cn, and it
      // removes the failure mode where a disabled or deleted CMK makes every tenant's data unreadable. Switch to
      // `CUSTOMER_MANAGED` if a contract requires customer-controlled key revocation.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // The webhook trigger reads new change-feed records from it (infra/jobs.ts).
      stream: dynamodb.StreamViewType[tableDefinition.streamViewType],
      // Regulatory records: a stack deletion or replacement must never take the data with it.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /** Every index of the table, for IAM statements (queries on a GSI are authorised against this ARN). */
  get indexesArn(): string {
    return `${this.table.tableArn}/index/*`;
  }

  /** How cdk-nag names the index wildcard in IAM5 findings, so acknowledgements can name that one finding. */
  get nagIndexesResource(): string {
    const logicalId = Stack.of(this).getLogicalId(this.table.node.defaultChild as CfnElement);
    return `Resource::<${logicalId}.Arn>/index/*`;
  }
}
