// Key hazard lists in DynamoDB: the list in its own partition, a small entry per list (newest half month first)
// for listing, and a slot item per department and half month that makes a second list for it a conflict. All
// three are written in one transaction with the audit record.
import { marshall } from "@aws-sdk/util-dynamodb";
import type { KeyHazardList, KeyHazardListSummary } from "#core/hazards/key-hazard-list";
import type { KeyHazardListRepository } from "#core/hazards/ports";
import { errors } from "#core/kernel/errors";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, tenantScope } from "#store/dynamo/keys";
import { filteredListPage } from "#store/dynamo/list-entries";
import { readItem } from "#store/dynamo/reads";
import { putIfAbsent, transact } from "#store/dynamo/writes";

export function dynamoKeyHazardListRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): KeyHazardListRepository {
  return {
    async publish(tenantId, list, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const entry: KeyHazardListSummary = {
        id: list.id,
        department: list.department,
        period: list.period,
        hazards: list.hazards.length,
        publishedAt: list.publishedAt,
      };
      await transact(
        t,
        scope,
        [
          {
            item: putIfAbsent(t, keys.keyHazardListSlot(scope, list.period, list.department), {
              _type: "key-hazard-list-slot",
              listId: list.id,
            }),
            onConditionFailed: (stored) =>
              errors.conflict(
                "key_list_exists",
                {
                  zh: `${list.department} 已发布 ${list.period} 的重点隐患清单`,
                  en: `${list.department} already published its key hazard list for ${list.period}`,
                },
                { id: stored?.listId ?? null },
              ),
          },
          { item: putIfAbsent(t, keys.keyHazardList(scope, list.id), { ...list, _type: "key-hazard-list" }) },
          { item: putIfAbsent(t, keys.keyHazardListEntry(scope, list.period, list.id), { ...entry, _type: "key-hazard-list-entry" }) },
        ],
        write,
      );
    },

    async get(tenantId, id) {
      return readItem<KeyHazardList>(await clients.forTenant(tenantId), tableName, keys.keyHazardList(tenantScope(tenantId), id));
    },

    async list(tenantId, filter, page) {
      const scope = tenantScope(tenantId);
      const values: Record<string, unknown> = { ":pk": keys.keyHazardListEntries(scope) };
      let keyCondition = "pk = :pk";
      if (filter.period) {
        keyCondition += " AND begins_with(sk, :period)";
        values[":period"] = `${filter.period}#`;
      }
      if (filter.department) values[":department"] = filter.department;
      return filteredListPage<KeyHazardListSummary>(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: `key-hazard-lists:${JSON.stringify(filter)}`,
          input: {
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: keyCondition,
            ScanIndexForward: false,
            ...(filter.department ? { FilterExpression: "department = :department" } : {}),
            ExpressionAttributeValues: marshall(values),
          },
        },
        page,
      );
    },
  };
}
