// List entries: the pattern behind every filtered list (units, assessments). An entity has one small entry per
// list it belongs to (`all`, `town#<id>`, `stage#draft`…), each carrying its summary, so a filter is a Query
// of one partition. These helpers keep the entries in step with the entity inside its transaction, and read a
// page of a list whose remaining filters are applied server-side.
import type { DynamoDBClient, QueryCommandInput } from "@aws-sdk/client-dynamodb";
import type { Page, PageRequest } from "#core/kernel/ports";
import type { CursorCodec } from "#store/dynamo/cursor";
import type { Key } from "#store/dynamo/keys";
import { queryPage } from "#store/dynamo/reads";
import { fromItem, put, remove, type StoreTarget, type TransactionStep } from "#store/dynamo/writes";

/**
 * The writes that move an entity's entries from `oldKeys` to `newKeys`: entries it left are deleted, new ones
 * written, and kept ones rewritten only when the summary changed (`changed`).
 */
export function entrySteps(
  t: StoreTarget,
  oldKeys: readonly Key[],
  newKeys: readonly Key[],
  changed: boolean,
  entry: Record<string, unknown>,
): TransactionStep[] {
  const id = (k: Key) => `${k.pk}\n${k.sk}`;
  const kept = new Set(newKeys.map(id));
  const had = new Set(oldKeys.map(id));
  const steps: TransactionStep[] = oldKeys.filter((k) => !kept.has(id(k))).map((k) => ({ item: remove(t, k) }));
  for (const k of newKeys) if (changed || !had.has(id(k))) steps.push({ item: put(t, k, entry) });
  return steps;
}

/**
 * The filter of a list Query: each field given a value must equal it (`#field = :field`), and so must the `extra`
 * conditions (which name attributes directly). Names and values only for what is used: DynamoDB refuses an empty
 * or unused ExpressionAttributeNames.
 */
export function equalityFilter(
  fields: Readonly<Record<string, unknown>>,
  extra: readonly string[] = [],
): { input: Pick<QueryCommandInput, "FilterExpression" | "ExpressionAttributeNames">; values: Record<string, unknown> } {
  const used = Object.entries(fields).filter(([, value]) => value !== undefined);
  const conditions = [...used.map(([field]) => `#${field} = :${field}`), ...extra];
  return {
    input: {
      ...(conditions.length > 0 ? { FilterExpression: conditions.join(" AND ") } : {}),
      ...(used.length > 0 ? { ExpressionAttributeNames: Object.fromEntries(used.map(([field]) => [`#${field}`, field])) } : {}),
    },
    values: Object.fromEntries(used.map(([field, value]) => [`:${field}`, value])),
  };
}

/** Queries per list request at most; a page may come back short (with a cursor) when filters are sparse. */
const maxQueriesPerPage = 10;

/**
 * One page of a list partition with a FilterExpression: Queries until the page is full, the partition ends,
 * or `maxQueriesPerPage` is reached; the cursor resumes where the last Query stopped.
 */
export async function filteredListPage<T>(
  client: DynamoDBClient,
  cursors: CursorCodec,
  query: { scope: string; name: string; input: Omit<QueryCommandInput, "Limit" | "ExclusiveStartKey"> },
  page: PageRequest,
): Promise<Page<T>> {
  const items: T[] = [];
  let cursor = page.cursor;
  for (let n = 0; n < maxQueriesPerPage; n++) {
    const result = await queryPage(client, cursors, query, { limit: page.limit - items.length, cursor }, (stored) => fromItem<T>(stored));
    items.push(...result.items);
    cursor = result.nextCursor ?? undefined;
    if (result.nextCursor === null || items.length >= page.limit) break;
  }
  return { items, nextCursor: cursor ?? null };
}
