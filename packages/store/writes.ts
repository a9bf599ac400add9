// The write patterns every repository shares: create-if-absent and replace-if-version, each in one
// TransactWriteItems with its audit record (and idempotency record), so a change is never saved without its
// audit trail nor half-written.
import {
  type DynamoDBClient,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { IdempotencyRace } from "#core/idempotency";
import type { WriteContext } from "#core/ports";
import { type Key, keys, type TenantScope } from "#store/keys";

const idempotencyTtlSeconds = 24 * 3600;

export interface StoreTarget {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

export function toItem(value: Record<string, unknown>) {
  return marshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: false });
}

function sideEffects(target: StoreTarget, scope: TenantScope, write: WriteContext): TransactWriteItem[] {
  const items: TransactWriteItem[] = [
    {
      Put: {
        TableName: target.tableName,
        Item: toItem({ ...keys.audit(scope, write.audit.at, write.audit.id), _type: "audit", entry: write.audit }),
      },
    },
  ];
  if (write.idempotency) {
    const { claim, status, body } = write.idempotency;
    items.push({
      Put: {
        TableName: target.tableName,
        Item: toItem({
          ...keys.idempotency(scope, claim.key),
          _type: "idempotency",
          fingerprint: claim.fingerprint,
          status,
          body: JSON.stringify(body),
          ttl: Math.floor(Date.parse(write.audit.at) / 1000) + idempotencyTtlSeconds,
        }),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    });
  }
  return items;
}

function reasons(error: unknown): { code: string | undefined; item: Record<string, unknown> | undefined }[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((r) => ({ code: r.Code, item: r.Item ? unmarshall(r.Item) : undefined }));
}

/** Puts `item` at `key` unless something is there; `onExists` names the conflict. */
export async function createItem(
  target: StoreTarget,
  scope: TenantScope,
  key: Key,
  item: Record<string, unknown>,
  write: WriteContext,
  onExists: () => Error,
): Promise<void> {
  try {
    await target.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: target.tableName, Item: toItem({ ...item, ...key }), ConditionExpression: "attribute_not_exists(pk)" } },
          ...sideEffects(target, scope, write),
        ],
      }),
    );
  } catch (error) {
    const why = reasons(error);
    if (why?.[0]?.code === "ConditionalCheckFailed") throw onExists();
    if (why?.[2]?.code === "ConditionalCheckFailed") throw new IdempotencyRace();
    throw error;
  }
}

/** Replaces the item at `key` if its stored `version` is `expectedVersion`; `onStale` gets the stored version. */
export async function replaceItem(
  target: StoreTarget,
  scope: TenantScope,
  key: Key,
  item: Record<string, unknown>,
  expectedVersion: number,
  write: WriteContext,
  onStale: (currentVersion: number | undefined) => Error,
): Promise<void> {
  try {
    await target.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: target.tableName,
              Item: toItem({ ...item, ...key }),
              ConditionExpression: "#v = :expected",
              ExpressionAttributeNames: { "#v": "version" },
              ExpressionAttributeValues: marshall({ ":expected": expectedVersion }),
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          },
          ...sideEffects(target, scope, write),
        ],
      }),
    );
  } catch (error) {
    const why = reasons(error);
    if (why?.[0]?.code === "ConditionalCheckFailed") {
      const stored = why[0].item?.version;
      throw onStale(typeof stored === "number" ? stored : undefined);
    }
    throw error;
  }
}

/** Drops the table's own attributes (keys, index keys, type tag, TTL) from a stored item. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const entity: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name === "pk" || name === "sk" || name === "_type" || name === "ttl" || /^gsi\d+(pk|sk)$/.test(name)) continue;
    entity[name] = value;
  }
  return entity as T;
}
