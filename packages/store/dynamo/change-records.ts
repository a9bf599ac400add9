// The change feed's records, derived from the steps of a transaction: every Put of a feed type's item (its
// `_type` one of core's change types) is a create or update of that resource — or its deletion, for a unit
// marked deleted — and every step carrying a `tombstone` deletes one. Deriving them here, where every write is
// sent from, is what makes the feed complete: no use case can save a resource and forget to record it.
import type { AttributeValue, TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { type ChangeAction, type ChangeType, isChangeType } from "#core/changes/change";
import { changeRetentionDays } from "#core/changes/change-feed-service";
import { changePosition } from "#core/changes/feed-position";
import type { WriteContext } from "#core/kernel/ports";
import { keys, type TenantScope } from "#store/dynamo/keys";

/** A hard deletion's record: which resource, and the version its deletion makes (one past the last saved). */
export interface Tombstone {
  readonly type: ChangeType;
  readonly id: string;
  readonly version: number;
}

/** The table's own attributes (a deletion's lease too: deletion-lease.ts), left out of the resource a record carries. */
const tableAttribute = /^(pk|sk|_type|ttl|deletingUntil|gsi\d+(pk|sk))$/;

/** The records' TTL: some days past the retention, so every change inside it is still there to read. */
const keptSeconds = (changeRetentionDays + 10) * 86_400;

interface Derived {
  readonly type: ChangeType;
  readonly id: string;
  readonly version: number;
  readonly action: ChangeAction;
  readonly resource: Record<string, AttributeValue> | undefined;
}

function fromPut(item: Record<string, AttributeValue>, scope: TenantScope): Derived | undefined {
  const type = item._type?.S;
  if (!type || !isChangeType(type)) return undefined;
  const version = Number(item.version?.N ?? 0);
  const resource: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) if (!tableAttribute.test(name)) resource[name] = value;
  // A unit is deleted by marking it (it can be restored): to the feed that is its deletion.
  const deleted = type === "enterprise" && item.deletedAt !== undefined && item.deletedAt.NULL !== true;
  return {
    type,
    id: item.id?.S ?? scope.tenantId,
    version,
    action: deleted ? "deleted" : version === 1 ? "created" : "updated",
    resource: deleted ? undefined : resource,
  };
}

/** What the steps of one transaction changed, in step order. */
export function changesOf(
  scope: TenantScope,
  steps: readonly { readonly item: TransactWriteItem; readonly tombstone?: Tombstone | undefined }[],
): Derived[] {
  const changes: Derived[] = [];
  for (const step of steps) {
    if (step.tombstone) changes.push({ ...step.tombstone, action: "deleted", resource: undefined });
    else if (step.item.Put?.Item) {
      const change = fromPut(step.item.Put.Item, scope);
      if (change) changes.push(change);
    }
  }
  return changes;
}

/** The Puts recording `changes` in the tenant's feed, at positions sent at `sentAt`. */
export function changeRecords(
  tableName: string,
  scope: TenantScope,
  changes: readonly Derived[],
  write: WriteContext,
  sentAt: Date,
): TransactWriteItem[] {
  const ttl = String(Math.floor(sentAt.getTime() / 1000) + keptSeconds);
  return changes.map((change, index) => {
    const position = changePosition(sentAt, write.audit.id, index);
    const key = keys.change(scope, position);
    return {
      Put: {
        TableName: tableName,
        Item: {
          pk: { S: key.pk },
          sk: { S: key.sk },
          _type: { S: "change" },
          type: { S: change.type },
          id: { S: change.id },
          action: { S: change.action },
          version: { N: String(change.version) },
          at: { S: write.audit.at },
          actor: { S: write.audit.actor.kind },
          resource: change.resource ? { M: change.resource } : { NULL: true },
          ttl: { N: ttl },
        },
      },
    };
  });
}
