// The deletion lease in DynamoDB: an attribute `deletingUntil` (an ISO instant) set on an item that others
// reference while its deletion checks that nothing does (core/kernel/deletion-lease.ts says why this order is
// safe). Setting it is not a change of the record: no version bump, no audit, no change-feed record, and it never
// reaches an answer (fromItem leaves it out). A write of the whole item (an edit) drops it, and moves the version, so
// the deletion's own delete — conditioned on that version and its lease — is then refused.
import { ConditionalCheckFailedException, type TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { type DeletionLease, deletionInProgress, deletionTimedOut } from "#core/kernel/deletion-lease";
import { type EntityName, errors } from "#core/kernel/errors";
import type { Key, TenantScope } from "#store/dynamo/keys";
import { type StoreTarget, toItem, updateItem } from "#store/dynamo/writes";

/** The attribute holding a deletion's lease: the instant it ends. */
export const leaseAttribute = "deletingUntil";

/** What the store keeps of a deletion's lease: while `until` has not passed, nothing may start referencing the item. */
type Lease = Pick<DeletionLease, "until">;

/** The record a deletion holds: which one, at the version it checks. */
export interface LeasedEntity {
  readonly type: EntityName;
  readonly id: string;
  readonly version: number;
}

const free = "(attribute_not_exists(#lease) OR #lease < :now)";

/** Whether `stored` is held by a deletion's lease at `now` (ISO instants compare as strings). */
export function leaseHolds(stored: Record<string, unknown> | undefined, now: string): boolean {
  const until = stored?.[leaseAttribute];
  return typeof until === "string" && until >= now;
}

/**
 * The check a write that starts referencing the item at `key` carries in its transaction: the item is there (at
 * `version`, when given) and no deletion holds a lease on it at `now`, the write's own time. The stored item comes
 * back on failure (leaseHolds tells a lease from a missing or changed item).
 */
export function referable(target: StoreTarget, key: Key, now: string, version?: number): TransactWriteItem {
  return {
    ConditionCheck: {
      TableName: target.tableName,
      Key: marshall(key),
      ConditionExpression: version === undefined ? `attribute_exists(pk) AND ${free}` : `#v = :v AND ${free}`,
      ExpressionAttributeNames: { "#lease": leaseAttribute, ...(version === undefined ? {} : { "#v": "version" }) },
      ExpressionAttributeValues: marshall({ ":now": now, ...(version === undefined ? {} : { ":v": version }) }),
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    },
  };
}

/**
 * Sets `lease` on the item at `key` if it is at `version` and no other deletion holds it at `now`. Refused: 404 when
 * it is gone, 412 `version_mismatch` when it changed, 409 `deletion_in_progress` when another deletion holds it.
 */
export async function markDeleting(
  target: StoreTarget,
  scope: TenantScope,
  key: Key,
  entity: LeasedEntity,
  lease: Lease,
  now: string,
): Promise<void> {
  try {
    await updateItem(target, scope, {
      Key: marshall(key),
      UpdateExpression: "SET #lease = :until",
      ConditionExpression: `#v = :v AND ${free}`,
      ExpressionAttributeNames: { "#lease": leaseAttribute, "#v": "version" },
      ExpressionAttributeValues: marshall({ ":until": lease.until, ":v": entity.version, ":now": now }),
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const stored = error.Item ? unmarshall(error.Item) : undefined;
    if (!stored) throw errors.notFound(entity.type, entity.id);
    if (stored.version !== entity.version) {
      throw errors.stale(entity.type, entity.id, entity.version, typeof stored.version === "number" ? stored.version : undefined);
    }
    throw deletionInProgress(entity);
  }
}

/**
 * Takes `lease` off the item at `key`, if it is still there and still this lease (an edit may have replaced the
 * item, another deletion may hold it after this lease expired): a refused deletion frees the item at once.
 */
export async function clearDeleting(target: StoreTarget, scope: TenantScope, key: Key, lease: Lease): Promise<void> {
  try {
    await updateItem(target, scope, {
      Key: marshall(key),
      UpdateExpression: "REMOVE #lease",
      ConditionExpression: "#lease = :until",
      ExpressionAttributeNames: { "#lease": leaseAttribute },
      ExpressionAttributeValues: marshall({ ":until": lease.until }),
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** The condition of a deletion's final write: the item is still at `version` and still holds this `lease`. */
function underLease(version: number, lease: Lease) {
  return {
    ConditionExpression: "#v = :expected AND #lease = :until",
    ExpressionAttributeNames: { "#v": "version", "#lease": leaseAttribute },
    ExpressionAttributeValues: marshall({ ":expected": version, ":until": lease.until }),
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
  };
}

/**
 * Why a deletion's final write was refused, given the stored item: 404 when gone, 412 `version_mismatch` when an
 * edit came in between, else 409 `deletion_timed_out` (its lease ran out and was lifted or taken by another).
 */
export function deletionRefused(entity: LeasedEntity, stored: Record<string, unknown> | undefined): Error {
  if (!stored) return errors.notFound(entity.type, entity.id);
  if (stored.version !== entity.version) {
    return errors.stale(entity.type, entity.id, entity.version, typeof stored.version === "number" ? stored.version : undefined);
  }
  return deletionTimedOut(entity);
}

/** Deletes the item at `key` if it is still at `version` and still holds `lease` (a town's or grid's deletion). */
export function removeUnderLease(target: StoreTarget, key: Key, version: number, lease: Lease): TransactWriteItem {
  return { Delete: { TableName: target.tableName, Key: marshall(key), ...underLease(version, lease) } };
}

/** Replaces the item at `key` if it is still at `version` and still holds `lease` (a unit's soft deletion). */
export function putUnderLease(
  target: StoreTarget,
  key: Key,
  item: Record<string, unknown>,
  version: number,
  lease: Lease,
): TransactWriteItem {
  return { Put: { TableName: target.tableName, Item: toItem({ ...item, ...key }), ...underLease(version, lease) } };
}
