// The key-target list (差异化监管) in DynamoDB: each target unit's row in its own partition (read before a
// re-derivation, replaced only at the version read), and list entries carrying the row — one in `all` per unit,
// one in `reason#<code>` per unit and reason — sorted by town, then name, then id. Every filter is then one Query
// of one partition, a town a `begins_with` of its sort keys: no filter expression, no page cut short. The row and
// its entries move in one transaction with the audit record, and so does the count of target units when a row comes
// or goes (the monthly report reads the count, not the list).
import { marshall } from "@aws-sdk/util-dynamodb";
import { errors } from "#core/kernel/errors";
import type { SupervisionTargetRepository, TargetBackfill } from "#core/supervision/ports";
import type { SupervisionTarget } from "#core/supervision/supervision-target";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { entrySteps } from "#store/dynamo/list-entries";
import { queryPage, readItem } from "#store/dynamo/reads";
import {
  addCounters,
  fromItem,
  put,
  removeIfVersion,
  type StoreTarget,
  type TransactionStep,
  transact,
  versionedPut,
} from "#store/dynamo/writes";

function entryKeys(scope: TenantScope, row: SupervisionTarget | undefined) {
  if (!row) return [];
  const lists = ["all", ...row.reasons.map((r) => `reason#${r.code}`)];
  return lists.map((list) => keys.supervisionTargetListEntry(scope, list, row.townId, row.enterpriseName, row.enterpriseId));
}

export function dynamoSupervisionTargetRepository(
  clients: ClientProvider,
  tableName: string,
  cursors: CursorCodec,
): SupervisionTargetRepository {
  async function target(tenantId: string): Promise<StoreTarget & { scope: TenantScope }> {
    return { client: await clients.forTenant(tenantId), tableName, scope: tenantScope(tenantId) };
  }

  /** The row's own write: created, replaced or deleted only while the stored row is still `before`. */
  function rowStep(
    t: StoreTarget,
    scope: TenantScope,
    enterpriseId: string,
    before: SupervisionTarget | undefined,
    after: SupervisionTarget | undefined,
  ): TransactionStep[] {
    const key = keys.supervisionTarget(scope, enterpriseId);
    const stale = (stored: Record<string, unknown> | undefined) =>
      errors.stale(
        "supervision target",
        enterpriseId,
        before?.version ?? 0,
        typeof stored?.version === "number" ? stored.version : undefined,
      );
    if (after)
      return [
        versionedPut(
          t,
          key,
          { ...after, _type: "supervision-target" },
          { type: "supervision target", id: enterpriseId },
          before?.version,
          () => stale(undefined),
        ),
      ];
    if (!before) return [];
    return [{ item: removeIfVersion(t, key, before.version), onConditionFailed: stale }];
  }

  return {
    async get(tenantId, enterpriseId) {
      const t = await target(tenantId);
      return readItem<SupervisionTarget>(t.client, tableName, keys.supervisionTarget(t.scope, enterpriseId));
    },

    async save(tenantId, enterpriseId, { before, after }, write) {
      const t = await target(tenantId);
      const entry = after ? { ...after, _type: "supervision-target-entry" } : {};
      await transact(
        t,
        t.scope,
        [
          ...rowStep(t, t.scope, enterpriseId, before, after),
          ...entrySteps(t, entryKeys(t.scope, before), entryKeys(t.scope, after), true, entry),
          ...(Boolean(after) === Boolean(before)
            ? []
            : [
                {
                  item: addCounters(
                    t,
                    keys.supervisionTargetCount(t.scope),
                    { _type: "supervision-target-count" },
                    { targets: after ? 1 : -1 },
                  ),
                },
              ]),
        ],
        write,
      );
    },

    async list(tenantId, filter, page) {
      const t = await target(tenantId);
      const list = filter.reason ? `reason#${filter.reason}` : "all";
      const values: Record<string, string> = { ":pk": keys.supervisionTargetListPartition(t.scope, list) };
      if (filter.townId) values[":town"] = `${filter.townId}#`;
      return queryPage(
        t.client,
        cursors,
        {
          scope: t.scope.prefix,
          name: `supervision-targets:${list}:${filter.townId ?? ""}`,
          input: {
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: filter.townId ? "pk = :pk AND begins_with(sk, :town)" : "pk = :pk",
            ExpressionAttributeValues: marshall(values),
          },
        },
        page,
        (stored) => fromItem<SupervisionTarget>(stored),
      );
    },

    async count(tenantId) {
      const t = await target(tenantId);
      const stored = await readItem<{ targets?: number }>(t.client, tableName, keys.supervisionTargetCount(t.scope));
      return stored?.targets ?? 0;
    },

    async backfill(tenantId) {
      const t = await target(tenantId);
      return readItem<TargetBackfill>(t.client, tableName, keys.supervisionTargetBackfill(t.scope));
    },

    async saveBackfill(tenantId, state, write) {
      const t = await target(tenantId);
      await transact(
        t,
        t.scope,
        [{ item: put(t, keys.supervisionTargetBackfill(t.scope), { ...state, _type: "supervision-target-backfill" }) }],
        write,
      );
    },
  };
}
