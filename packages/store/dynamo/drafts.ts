// Versioned definitions with drafts (rubrics, star schemes): the head record and the one version a change
// writes, in one transaction. A version item may be replaced only while it is a draft, so a published version
// is immutable even against a racing writer; the head record is versioned for If-Match.
import { marshall } from "@aws-sdk/util-dynamodb";
import type { WriteContext } from "#core/kernel/ports";
import type { Key, TenantScope } from "#store/dynamo/keys";
import { type StoreTarget, type TransactionStep, toItem, transact, versionedPut } from "#store/dynamo/writes";

export interface DraftedSave {
  readonly head: { readonly key: Key; readonly item: Record<string, unknown>; readonly beforeVersion: number | undefined };
  readonly entity: { readonly type: string; readonly id: string };
  readonly version: { readonly key: Key; readonly item: Record<string, unknown> };
  /** The conflict when the version written is already published. */
  readonly published: () => Error;
}

export async function saveDrafted(target: StoreTarget, scope: TenantScope, save: DraftedSave, write: WriteContext): Promise<void> {
  const head = versionedPut(target, save.head.key, save.head.item, save.entity, save.head.beforeVersion);
  const versionStep: TransactionStep = {
    item: {
      Put: {
        TableName: target.tableName,
        Item: toItem({ ...save.version.item, ...save.version.key }),
        ConditionExpression: "attribute_not_exists(pk) OR #s = :draft",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: marshall({ ":draft": "draft" }),
      },
    },
    onConditionFailed: save.published,
  };
  await transact(target, scope, [head, versionStep], write);
}
