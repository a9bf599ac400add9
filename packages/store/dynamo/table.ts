// The one definition of the Anquan table: keys, indexes and TTL. CDK (infra/) and the local bootstrap
// (packages/local) both build the table from this object, so the two cannot drift.
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export const tableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  /**
   * Overloaded indexes. Every index partition key begins with the tenant prefix (`T#<id>#…`), except the
   * platform registry of tenants (`PLATFORM#…`), so IAM `dynamodb:LeadingKeys` confines index queries too. IAM does
   * not check the index keys a write sets: the store's write guard (write-guard.ts) does, for every index here.
   */
  globalSecondaryIndexes: [
    { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    { indexName: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  ] satisfies readonly IndexDefinition[],
  /** Epoch seconds; rate-limit windows and idempotency records expire through it. */
  timeToLiveAttribute: "ttl",
  /**
   * New items on the stream: in AWS a new change-feed record starts its tenant's webhook dispatcher. DynamoDB Local
   * is created without it (nothing reads it there, the local ticker stands in, and it slows every write by a quarter).
   */
  streamViewType: "NEW_IMAGE",
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]["indexName"];

/** The CreateTable request for DynamoDB Local (on-demand, same keys and indexes as the CDK table; no stream). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyNames = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const index of tableDefinition.globalSecondaryIndexes) {
    keyNames.add(index.partitionKey);
    keyNames.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [...keyNames].map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: "HASH" },
      { AttributeName: tableDefinition.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}
