// The floor of the bench (issue 18): the least a Lambda handler that reads one item can be — one DynamoDB client,
// one GetItem, no framework, no auth. It is bundled by bench/support/bundles.ts exactly like functions/*.ts (the
// stack's esbuild options, the same @aws-sdk/client-dynamodb), so every size and cold-init figure can be read as
// "× floor". Not under functions/: it is never deployed.
import { type AttributeValue, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";

/** The read itself, shared with the warm-latency suite's in-process floor. */
export async function getOneItem(client: DynamoDBClient, tableName: string, key: Record<string, AttributeValue>): Promise<boolean> {
  const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item !== undefined;
}

const client = new DynamoDBClient({});
const tableName = process.env.TABLE_NAME ?? "";

export const handler = async (event: { pathParameters?: Record<string, string | undefined> }) => {
  const id = event.pathParameters?.id ?? "";
  const found = await getOneItem(client, tableName, { pk: { S: "FLOOR" }, sk: { S: id } });
  return { statusCode: found ? 200 : 404, body: "{}" };
};
