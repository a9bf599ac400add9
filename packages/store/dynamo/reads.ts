// The read patterns every repository shares: one item by key (strongly consistent), and one page of a
// Query resumed from and continued by a signed cursor bound to the scope and the query.
import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Page, PageRequest } from "#core/kernel/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { type Key, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { fromItem } from "#store/dynamo/writes";

export async function readItem<T>(client: DynamoDBClient, tableName: string, key: Key): Promise<T | undefined> {
  const result = await client.send(new GetItemCommand({ TableName: tableName, Key: marshall(key), ConsistentRead: true }));
  return result.Item ? fromItem<T>(unmarshall(result.Item)) : undefined;
}

/** Largest BatchGetItem request. */
const batchGetKeys = 100;

/**
 * Items by key, any number (BatchGetItem, 100 keys a call, strongly consistent), retrying what DynamoDB leaves
 * unprocessed; in no particular order, missing ones left out.
 */
export async function readMany<T>(client: DynamoDBClient, tableName: string, itemKeys: readonly Key[]): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < itemKeys.length; i += batchGetKeys) {
    let wanted = itemKeys.slice(i, i + batchGetKeys).map((key) => marshall(key));
    for (let attempt = 0; wanted.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`${wanted.length} item(s) left unread after retries`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 25));
      const result = await client.send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: wanted, ConsistentRead: true } } }));
      for (const item of result.Responses?.[tableName] ?? []) found.push(fromItem<T>(unmarshall(item)));
      wanted = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}

export interface PageQuery {
  /** `T#<id>` or `PLATFORM`: whose data the cursor may page through. */
  readonly scope: string;
  /** A stable description of the query (its partition and filters): a cursor only resumes the same query. */
  readonly name: string;
  readonly input: Omit<QueryCommandInput, "Limit" | "ExclusiveStartKey">;
}

export async function queryPage<T>(
  client: DynamoDBClient,
  cursors: CursorCodec,
  query: PageQuery,
  page: PageRequest,
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const start = page.cursor ? await cursors.decode(query.scope, query.name, page.cursor) : undefined;
  const result = await client.send(new QueryCommand({ ...query.input, Limit: page.limit, ExclusiveStartKey: start }));
  const items = (result.Items ?? []).map((item) => map(unmarshall(item)));
  const nextCursor = result.LastEvaluatedKey ? await cursors.encode(query.scope, query.name, result.LastEvaluatedKey) : null;
  return { items, nextCursor };
}

/** A page of one of a tenant's own partitions (table key `pk`), in sort-key order or newest first. */
export async function tenantPartitionPage<T>(
  store: { clients: ClientProvider; cursors: CursorCodec; tableName: string },
  tenantId: string,
  partition: { name: string; pk: (scope: TenantScope) => string; newestFirst?: boolean },
  page: PageRequest,
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const scope = tenantScope(tenantId);
  return queryPage(
    await store.clients.forTenant(tenantId),
    store.cursors,
    {
      scope: scope.prefix,
      name: partition.name,
      input: {
        TableName: store.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": partition.pk(scope) }),
        ...(partition.newestFirst ? { ScanIndexForward: false } : {}),
      },
    },
    page,
    map,
  );
}

/**
 * Every item of one partition (a unit's awards, its accidents: a handful), newest sort key first, strongly consistent;
 * only those whose sort key starts with `skPrefix`, when given.
 */
export async function partitionItems<T>(client: DynamoDBClient, tableName: string, pk: string, skPrefix?: string): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        ConsistentRead: true,
        KeyConditionExpression: skPrefix === undefined ? "pk = :pk" : "pk = :pk AND begins_with(sk, :prefix)",
        ScanIndexForward: false,
        ExpressionAttributeValues: marshall(skPrefix === undefined ? { ":pk": pk } : { ":pk": pk, ":prefix": skPrefix }),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) items.push(fromItem<T>(unmarshall(item)));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item of one gsi1 partition (a city's lists of what its districts keep under it), without the table's attributes. */
export async function gsi1Items<T>(client: DynamoDBClient, tableName: string, gsi1pk: string): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": gsi1pk }),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) items.push(fromItem<T>(unmarshall(item)));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
