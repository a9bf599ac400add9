// List entries: the pattern behind every filtered list (units, assessments, hazards). An entity has one small entry
// per list it belongs to (`all`, `town#<id>`, `stage#draft`…), each carrying its summary, so a filter is a Query of
// one partition: the most selective one the filter names (listPlan), with the filter's other fields checked
// server-side. These helpers keep the entries in step with the entity inside its transaction, choose the
// partition, and read a page of it.
import type { DynamoDBClient, QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Page, PageRequest } from "#core/kernel/ports";
import type { CursorCodec } from "#store/dynamo/cursor";
import type { Key, TenantScope } from "#store/dynamo/keys";
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

export type ListFilter = Pick<QueryCommandInput, "FilterExpression" | "ExpressionAttributeNames">;

/**
 * The filter of a list Query: each field given a value must equal it (`#field = :field`; the value `nullAs`, when
 * given, asks for a null attribute instead), and so must the `extra` conditions (which name attributes directly).
 * Names and values only for what is used: DynamoDB refuses an empty or unused ExpressionAttributeNames.
 */
export function equalityFilter(
  fields: Readonly<Record<string, unknown>>,
  extra: readonly string[] = [],
  nullAs?: string,
): { input: ListFilter; values: Record<string, unknown> } {
  const used = Object.entries(fields).filter(([, value]) => value !== undefined);
  const isNull = (value: unknown) => nullAs !== undefined && value === nullAs;
  const conditions = [
    ...used.map(([field, value]) => (isNull(value) ? `attribute_type(#${field}, :${field})` : `#${field} = :${field}`)),
    ...extra,
  ];
  return {
    input: {
      ...(conditions.length > 0 ? { FilterExpression: conditions.join(" AND ") } : {}),
      ...(used.length > 0 ? { ExpressionAttributeNames: Object.fromEntries(used.map(([field]) => [`#${field}`, field])) } : {}),
    },
    values: Object.fromEntries(used.map(([field, value]) => [`:${field}`, isNull(value) ? "NULL" : value])),
  };
}

/**
 * One dimension a list can be filtered by: the filter's field, the list partition it names (`<list>#<value>`),
 * and the summary attribute a list entry is checked against when another dimension's partition serves the query.
 * A repository declares its dimensions most selective first.
 */
export interface ListDimension<F> {
  readonly filter: keyof F & string;
  readonly list: string;
  readonly attribute: string;
}

/**
 * How a filtered list is read: from the partition of the first (most selective) dimension the filter gives a value
 * (or `all`; or the `list` named, such as a list in another order), with the other given dimensions — and the
 * `extra` conditions — checked server-side.
 */
export function listPlan<F>(
  dimensions: readonly ListDimension<F>[],
  filter: F,
  options: { extra?: readonly string[]; nullAs?: string; list?: string } = {},
): { list: string; chosen: ListDimension<F> | undefined; where: ReturnType<typeof equalityFilter> } {
  const given = (d: ListDimension<F>) => filter[d.filter] !== undefined && filter[d.filter] !== null;
  const chosen = options.list === undefined ? dimensions.find(given) : undefined;
  const list = options.list ?? (chosen ? `${chosen.list}#${String(filter[chosen.filter])}` : "all");
  const rest = Object.fromEntries(dimensions.filter((d) => d !== chosen && given(d)).map((d) => [d.attribute, filter[d.filter]]));
  return { list, chosen, where: equalityFilter(rest, options.extra, options.nullAs) };
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

/**
 * One page of a tenant's list partition `pk`, newest sort key first, strongly consistent, with `where` checked
 * server-side (a page may come back short with a cursor): the read of most filtered lists. `name` describes the
 * query for its cursors.
 */
export async function newestFirstPage<T>(
  store: { readonly client: DynamoDBClient; readonly cursors: CursorCodec; readonly tableName: string },
  scope: TenantScope,
  query: { readonly name: string; readonly pk: string; readonly where: ReturnType<typeof equalityFilter> },
  page: PageRequest,
): Promise<Page<T>> {
  return filteredListPage<T>(
    store.client,
    store.cursors,
    {
      scope: scope.prefix,
      name: query.name,
      input: {
        TableName: store.tableName,
        ConsistentRead: true,
        KeyConditionExpression: "pk = :pk",
        ScanIndexForward: false,
        ...query.where.input,
        ExpressionAttributeValues: marshall({ ":pk": query.pk, ...query.where.values }),
      },
    },
    page,
  );
}
