// The write patterns every repository shares: create-if-absent and replace-if-version, each in one
// TransactWriteItems with its audit record (and idempotency record), so a change is never saved without its
// audit trail nor half-written. Every write of the store is sent from here, and each first passes the write guard
// (write-guard.ts): a write whose partition key or index partition keys leave its scope is refused unsent.
import { randomUUID } from "node:crypto";
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DeleteItemCommandOutput,
  type DynamoDBClient,
  PutItemCommand,
  type PutItemCommandInput,
  type PutItemCommandOutput,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { changeSendTimeoutMs } from "#core/changes/change-feed-service";
import { errors } from "#core/kernel/errors";
import { IdempotencyRace } from "#core/kernel/idempotency";
import type { WriteContext } from "#core/kernel/ports";
import { systemClock } from "#core/kernel/system-clock";
import { changeRecords, changesOf, type Tombstone } from "#store/dynamo/change-records";
import { type Key, keys, type TenantScope } from "#store/dynamo/keys";
import { sendSettled } from "#store/dynamo/settled-transaction";
import { guardBatch, guardItem, guardKey, guardTransaction, guardUpdate, type WriteScope } from "#store/dynamo/write-guard";
import { cancelledTransiently } from "#store/kernel/storage-busy";

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

/** One write of a transaction, and the error to throw when its condition fails (given the stored item). */
export interface TransactionStep {
  readonly item: TransactWriteItem;
  readonly onConditionFailed?: (stored: Record<string, unknown> | undefined) => Error;
  /** Set on the step that deletes a resource of the change feed for good (a Put records itself). */
  readonly tombstone?: Tombstone;
}

/**
 * Runs `steps` with the audit record (and idempotency record) of `write`, and the change feed's records of what
 * they change (change-records.ts), as one TransactWriteItems: all or nothing. A failed condition becomes its
 * step's error; a lost idempotency race becomes IdempotencyRace. A step outside `scope` (an escalation scope for
 * a district writing under its city) refuses the whole transaction.
 *
 * The feed's records are positioned at the instant each try is sent, and a try carrying them is given up after
 * `changeSendTimeoutMs`, which is what lets the feed answer every change older than its settle window in order,
 * once and for all (core/changes/change-feed-service.ts). A try given up (or whose answer a timeout or a dropped
 * connection lost) may still have committed, so its outcome is asked by sending it again with its token
 * (settled-transaction.ts): the caller learns what happened, never a 5xx for a saved change. What that second
 * send applies is at the first send's position, at most a second or two past the time limit, inside the settle
 * window's margin (docs/reliability.md, "Open").
 */
export async function transact(
  target: StoreTarget,
  scope: TenantScope,
  steps: readonly TransactionStep[],
  write: WriteContext,
): Promise<void> {
  const changes = changesOf(scope, steps);
  const fixed = [...steps.map((s) => s.item), ...sideEffects(target, scope, write)];
  for (let attempt = 1; ; attempt++) {
    // The wall clock, never a test's clock: positions are the order of sends, read back on the feed's wall clock.
    const sentAt = systemClock.now();
    const items = [...fixed, ...changeRecords(target.tableName, scope, changes, write, sentAt)];
    guardTransaction(scope, items);
    try {
      const command = new TransactWriteItemsCommand({ TransactItems: items, ClientRequestToken: randomUUID() });
      await sendSettled(target.client, command, changes.length > 0 ? changeSendTimeoutMs : undefined);
      return;
    } catch (error) {
      const why = reasons(error);
      if (!why) throw error;
      for (const [index, reason] of why.entries()) {
        if (reason.code !== "ConditionalCheckFailed") continue;
        const step = steps[index];
        if (step?.onConditionFailed) throw step.onConditionFailed(reason.item);
        if (index === steps.length + 1 && write.idempotency) throw new IdempotencyRace();
      }
      // Another transaction touched one of the same items at the same moment (or a partition throttled): nothing
      // was written, and trying again is safe. Bulk imports write many units of one town at once.
      const transient = why.every((r) => r.code !== undefined && cancelledTransiently(r.code));
      if (!transient || attempt >= conflictRetries) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}

/** A transaction cancelled only by conflicts with concurrent transactions is retried this many times. */
const conflictRetries = 6;

/** Puts `item` at `key` unless something is there; `onExists` names the conflict. */
export async function createItem(
  target: StoreTarget,
  scope: TenantScope,
  key: Key,
  item: Record<string, unknown>,
  write: WriteContext,
  onExists: () => Error,
): Promise<void> {
  await transact(target, scope, [{ item: putIfAbsent(target, key, item), onConditionFailed: onExists }], write);
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
  await transact(
    target,
    scope,
    [
      {
        item: putIfVersion(target, key, item, expectedVersion),
        onConditionFailed: (stored) => onStale(typeof stored?.version === "number" ? stored.version : undefined),
      },
    ],
    write,
  );
}

/**
 * The main write of an entity's change: a create (`beforeVersion` undefined; `onExists` names the conflict) or a
 * replace while the stored version is still `beforeVersion` (else 412 `version_mismatch` naming the entity).
 */
export function versionedPut(
  target: StoreTarget,
  key: Key,
  item: Record<string, unknown>,
  entity: { readonly type: string; readonly id: string },
  beforeVersion: number | undefined,
  onExists?: () => Error,
): TransactionStep {
  if (beforeVersion === undefined) return { item: putIfAbsent(target, key, item), ...(onExists ? { onConditionFailed: onExists } : {}) };
  return {
    item: putIfVersion(target, key, item, beforeVersion),
    onConditionFailed: (stored) =>
      errors.stale(entity.type, entity.id, beforeVersion, typeof stored?.version === "number" ? stored.version : undefined),
  };
}

export function putIfAbsent(target: StoreTarget, key: Key, item: Record<string, unknown>): TransactWriteItem {
  return {
    Put: {
      TableName: target.tableName,
      Item: toItem({ ...item, ...key }),
      ConditionExpression: "attribute_not_exists(pk)",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    },
  };
}

export function putIfVersion(target: StoreTarget, key: Key, item: Record<string, unknown>, expectedVersion: number): TransactWriteItem {
  return {
    Put: {
      TableName: target.tableName,
      Item: toItem({ ...item, ...key }),
      ConditionExpression: "#v = :expected",
      ExpressionAttributeNames: { "#v": "version" },
      ExpressionAttributeValues: marshall({ ":expected": expectedVersion }),
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    },
  };
}

/** Deletes the item at `key` if its stored `version` is `expectedVersion` (the stored item comes back on failure). */
export function removeIfVersion(target: StoreTarget, key: Key, expectedVersion: number): TransactWriteItem {
  return {
    Delete: {
      TableName: target.tableName,
      Key: marshall(key),
      ConditionExpression: "#v = :expected",
      ExpressionAttributeNames: { "#v": "version" },
      ExpressionAttributeValues: marshall({ ":expected": expectedVersion }),
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    },
  };
}

export function put(target: StoreTarget, key: Key, item: Record<string, unknown>): TransactWriteItem {
  return { Put: { TableName: target.tableName, Item: toItem({ ...item, ...key }) } };
}

export function remove(target: StoreTarget, key: Key): TransactWriteItem {
  return { Delete: { TableName: target.tableName, Key: marshall(key) } };
}

/**
 * Adds `delta` to a counter row (created on first use), one atomic ADD per counter, and sets its `attributes`
 * (its `_type`, and what names the row: the key alone does not survive `fromItem`).
 */
export function addCounters(
  t: StoreTarget,
  key: Key,
  attributes: Readonly<Record<string, string>>,
  delta: Readonly<Record<string, number>>,
): TransactWriteItem {
  const set = Object.entries(attributes);
  const add = Object.entries(delta);
  return {
    Update: {
      TableName: t.tableName,
      Key: marshall(key),
      UpdateExpression: `SET ${set.map((_, i) => `#s${i} = :s${i}`).join(", ")} ADD ${add.map((_, i) => `#c${i} :c${i}`).join(", ")}`,
      ExpressionAttributeNames: Object.fromEntries([
        ...set.map(([name], i) => [`#s${i}`, name]),
        ...add.map(([name], i) => [`#c${i}`, name]),
      ]),
      ExpressionAttributeValues: marshall(
        Object.fromEntries([...set.map(([, value], i) => [`:s${i}`, value]), ...add.map(([, value], i) => [`:c${i}`, value])]),
      ),
    },
  };
}

/** A check that the item at `key` still exists (and is at `version`, when given), without writing it. */
export function stillThere(target: StoreTarget, key: Key, version?: number): TransactWriteItem {
  return {
    ConditionCheck: {
      TableName: target.tableName,
      Key: marshall(key),
      ConditionExpression: version === undefined ? "attribute_exists(pk)" : "#v = :v",
      ...(version === undefined
        ? {}
        : { ExpressionAttributeNames: { "#v": "version" }, ExpressionAttributeValues: marshall({ ":v": version }) }),
    },
  };
}

/**
 * Drops the table's own attributes (keys, index keys, type tag, TTL, a deletion's lease `deletingUntil`:
 * deletion-lease.ts) from a stored item. So the lease never reaches an answer, and an edit — a read, then a Put of
 * the whole item — drops it.
 */
export function fromItem<T>(item: Record<string, unknown>): T {
  const entity: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name === "pk" || name === "sk" || name === "_type" || name === "ttl" || name === "deletingUntil" || /^gsi\d+(pk|sk)$/.test(name)) {
      continue;
    }
    entity[name] = value;
  }
  return entity as T;
}

/** Unprocessed items of a batch write are retried with backoff this many times before giving up. */
const batchRetries = 8;

/**
 * Writes puts and deletes 25 at a time (BatchWriteItem), retrying what DynamoDB leaves unprocessed. For
 * derived, rewritable data only (worklists, import rejections): a batch is not a transaction. All of `requests`
 * are checked against `scope` before the first is sent.
 */
export async function batchWrite(target: StoreTarget, scope: WriteScope, requests: readonly WriteRequest[]): Promise<void> {
  guardBatch(scope, requests);
  const { client, tableName } = target;
  for (let i = 0; i < requests.length; i += 25) {
    let batch = requests.slice(i, i + 25);
    for (let attempt = 0; batch.length > 0; attempt++) {
      if (attempt > batchRetries) throw new Error(`${batch.length} batch write(s) left unprocessed after ${batchRetries} retries`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 25));
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: batch } }));
      batch = result.UnprocessedItems?.[tableName] ?? [];
    }
  }
}

/** One PutItem outside a transaction (job records, snapshots, the platform registry), checked against `scope`. */
export async function putItem(
  target: StoreTarget,
  scope: WriteScope,
  input: Omit<PutItemCommandInput, "TableName">,
): Promise<PutItemCommandOutput> {
  guardItem(scope, input.Item, "PutItem");
  return target.client.send(new PutItemCommand({ ...input, TableName: target.tableName }));
}

/** One UpdateItem outside a transaction (counters, last-used times), checked against `scope`. */
export async function updateItem(
  target: StoreTarget,
  scope: WriteScope,
  input: Omit<UpdateItemCommandInput, "TableName">,
): Promise<UpdateItemCommandOutput> {
  guardUpdate(scope, input, "UpdateItem");
  return target.client.send(new UpdateItemCommand({ ...input, TableName: target.tableName }));
}

/** One DeleteItem outside a transaction (derived data: a campaign's empty tally), checked against `scope`. */
export async function deleteItem(
  target: StoreTarget,
  scope: WriteScope,
  input: Omit<DeleteItemCommandInput, "TableName">,
): Promise<DeleteItemCommandOutput> {
  guardKey(scope, input.Key, "DeleteItem");
  return target.client.send(new DeleteItemCommand({ ...input, TableName: target.tableName }));
}
