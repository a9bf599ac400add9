// Reads a tenant's change feed (`T#<id>#CHG`, by position): strongly consistent Queries between two positions,
// filtered by type when asked, until a page is full, the range is read, or a few Queries have been spent.
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Change } from "#core/changes/change";
import type { ChangeFeedRepository } from "#core/changes/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import { keys, tenantScope } from "#store/dynamo/keys";
import { fromItem } from "#store/dynamo/writes";

/** Queries one page may spend (a filter keeping few types reads past many others); the cursor resumes there. */
const queriesPerPage = 5;

function changeOf(item: Record<string, unknown>): Change {
  return {
    position: String(item.sk),
    type: item.type as Change["type"],
    id: String(item.id),
    action: item.action as Change["action"],
    version: Number(item.version),
    at: String(item.at),
    actor: { kind: item.actor as Change["actor"]["kind"] },
    resource: item.resource ? fromItem<Record<string, unknown>>(item.resource as Record<string, unknown>) : null,
  };
}

export function dynamoChangeFeedRepository(clients: ClientProvider, tableName: string): ChangeFeedRepository {
  return {
    async read(tenantId, { after, before, types, limit }) {
      const client = await clients.forTenant(tenantId);
      const pk = keys.changes(tenantScope(tenantId));
      const items: Change[] = [];
      let from = after;
      for (let query = 0; query < queriesPerPage; query++) {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            ConsistentRead: true,
            // BETWEEN is inclusive: `from` itself (the change last answered) is skipped below, and no change sits
            // exactly at `before` (a bare instant; every change's position has its write id after the instant).
            KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :before",
            ...(types
              ? {
                  FilterExpression: `#type IN (${types.map((_, i) => `:t${i}`).join(", ")})`,
                  ExpressionAttributeNames: { "#type": "type" },
                }
              : {}),
            ExpressionAttributeValues: marshall({
              ":pk": pk,
              ":from": from,
              ":before": before,
              ...Object.fromEntries((types ?? []).map((type, i) => [`:t${i}`, type])),
            }),
            // One more than the page needs: `from` itself may come back first.
            Limit: limit - items.length + 1,
          }),
        );
        for (const raw of result.Items ?? []) {
          const item = unmarshall(raw);
          if (item.sk === from || items.length === limit) continue;
          items.push(changeOf(item));
        }
        const last = result.LastEvaluatedKey ? String(unmarshall(result.LastEvaluatedKey).sk) : undefined;
        if (!last)
          return { items, readTo: items.length === limit ? (items.at(-1)?.position ?? before) : before, exhausted: items.length < limit };
        if (items.length === limit) return { items, readTo: items.at(-1)?.position ?? last, exhausted: false };
        from = last;
      }
      return { items, readTo: from, exhausted: false };
    },
  };
}
