// What the table holds, as one digest: scanned whole (DynamoDB Local, a test's or a bench's own table), every item
// but the rate limiter's buckets (each request moves its caller's) hashed in key order. Equal digests before and
// after a run of refused requests mean that none of them wrote anything.
import { createHash } from "node:crypto";
import { type AttributeValue, type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";

export interface TableDigest {
  readonly items: number;
  readonly digest: string;
}

const isBookkeeping = (pk: string) => pk.includes("#RATE#");

/** The digest of the table, or of the items whose partition key starts with `partitionPrefix` (one tenant's: `T#320312#`). */
export async function tableDigest(client: DynamoDBClient, tableName: string, partitionPrefix = ""): Promise<TableDigest> {
  const rows: string[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const pk = item.pk?.S ?? "";
      if (isBookkeeping(pk) || !pk.startsWith(partitionPrefix)) continue;
      const sorted = Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)));
      rows.push(`${pk}\u0000${item.sk?.S ?? ""}\u0000${JSON.stringify(sorted)}`);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  rows.sort();
  const hash = createHash("sha256");
  for (const row of rows) hash.update(row).update("\n");
  return { items: rows.length, digest: hash.digest("hex") };
}
