// Weekly snapshots and worklists in DynamoDB. Snapshots sit in one tenant partition sorted by ISO week, so a
// two-year trend is one Query; they expire (TTL) three years after their week, keeping at least two years.
// A week's worklist is its own partition, sorted by town, rewritten whole when the week is run again.
import { QueryCommand, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { weekEnd } from "#core/kernel/china-time";
import type { SnapshotRepository } from "#core/weekly/ports";
import type { StoredSnapshot, WeeklySnapshot, WorklistItem } from "#core/weekly/weekly";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, tenantScope } from "#store/dynamo/keys";
import { queryPage, readItem } from "#store/dynamo/reads";
import { batchWrite, fromItem, putItem, toItem } from "#store/dynamo/writes";

const keepSeconds = 3 * 366 * 24 * 3600;

function toStored(item: Record<string, unknown>): StoredSnapshot {
  const { lesseesByHost, ...snapshot } = fromItem<WeeklySnapshot & { lesseesByHost: Record<string, number> }>(item);
  return { snapshot, lesseesByHost };
}

export function dynamoSnapshotRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): SnapshotRepository {
  const writeAll = async (tenantId: string, requests: WriteRequest[]) =>
    batchWrite({ client: await clients.forTenant(tenantId), tableName }, tenantScope(tenantId), requests);

  return {
    async save(tenantId, stored) {
      const scope = tenantScope(tenantId);
      const ttl = Math.floor(weekEnd(stored.snapshot.week).getTime() / 1000) + keepSeconds;
      await putItem({ client: await clients.forTenant(tenantId), tableName }, scope, {
        Item: toItem({
          ...stored.snapshot,
          lesseesByHost: stored.lesseesByHost,
          ...keys.snapshot(scope, stored.snapshot.week),
          _type: "snapshot",
          ttl,
        }),
      });
    },

    async get(tenantId, week) {
      const item = await readItem<Record<string, unknown>>(
        await clients.forTenant(tenantId),
        tableName,
        keys.snapshot(tenantScope(tenantId), week),
      );
      return item ? toStored(item) : undefined;
    },

    async latestBefore(tenantId, week) {
      const client = await clients.forTenant(tenantId);
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND sk < :week",
          ExpressionAttributeValues: marshall({ ":pk": keys.snapshots(tenantScope(tenantId)), ":week": week }),
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const item = result.Items?.[0];
      return item ? toStored(unmarshall(item)) : undefined;
    },

    async range(tenantId, from, to, page) {
      const scope = tenantScope(tenantId);
      return queryPage(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: `snapshots:${from}:${to}`,
          input: {
            TableName: tableName,
            KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
            ExpressionAttributeValues: marshall({ ":pk": keys.snapshots(scope), ":from": from, ":to": to }),
          },
        },
        page,
        (item) => toStored(item).snapshot,
      );
    },

    async clearWorklist(tenantId, week) {
      const scope = tenantScope(tenantId);
      const client = await clients.forTenant(tenantId);
      let start: Record<string, unknown> | undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": keys.worklist(scope, week) }),
            ProjectionExpression: "pk, sk",
            ...(start ? { ExclusiveStartKey: marshall(start) } : {}),
          }),
        );
        await writeAll(
          tenantId,
          (result.Items ?? []).map((Key) => ({ DeleteRequest: { Key } })),
        );
        start = result.LastEvaluatedKey ? unmarshall(result.LastEvaluatedKey) : undefined;
      } while (start);
    },

    async addWorklist(tenantId, week, items) {
      const scope = tenantScope(tenantId);
      await writeAll(
        tenantId,
        items.map((item) => ({ PutRequest: { Item: toItem({ ...item, ...keys.worklistItem(scope, week, item), _type: "worklist" }) } })),
      );
    },

    async worklist(tenantId, week, townId, page) {
      const scope = tenantScope(tenantId);
      const values: Record<string, string> = { ":pk": keys.worklist(scope, week) };
      if (townId) values[":town"] = `${townId}#`;
      return queryPage(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: `worklist:${week}:${townId ?? ""}`,
          input: {
            TableName: tableName,
            KeyConditionExpression: townId ? "pk = :pk AND begins_with(sk, :town)" : "pk = :pk",
            ExpressionAttributeValues: marshall(values),
          },
        },
        page,
        (item) => fromItem<WorklistItem>(item),
      );
    },
  };
}
