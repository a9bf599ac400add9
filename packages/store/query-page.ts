// One page of a Query, resumed from and continued by a signed cursor bound to the scope and the query.
import { type DynamoDBClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Page, PageRequest } from "#core/ports";
import type { CursorCodec } from "#store/cursor";

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
