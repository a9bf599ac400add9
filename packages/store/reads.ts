// The read patterns every repository shares: one item by key (strongly consistent), and one page of a
// Query resumed from and continued by a signed cursor bound to the scope and the query.
import { type DynamoDBClient, GetItemCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Page, PageRequest } from "#core/ports";
import type { ClientProvider } from "#store/client-provider";
import type { CursorCodec } from "#store/cursor";
import { type Key, type TenantScope, tenantScope } from "#store/keys";
import { fromItem } from "#store/writes";

export async function readItem<T>(client: DynamoDBClient, tableName: string, key: Key): Promise<T | undefined> {
  const result = await client.send(new GetItemCommand({ TableName: tableName, Key: marshall(key), ConsistentRead: true }));
  return result.Item ? fromItem<T>(unmarshall(result.Item)) : undefined;
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
