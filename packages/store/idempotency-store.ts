// Reads idempotency records (written by writes.ts in the create's own transaction).
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { IdempotencyStore } from "#core/ports";
import type { ClientProvider } from "#store/client-provider";
import { keys, tenantScope } from "#store/keys";

export function dynamoIdempotencyStore(clients: ClientProvider, tableName: string): IdempotencyStore {
  return {
    async get(tenantId, key) {
      const client = await clients.forTenant(tenantId);
      const result = await client.send(
        new GetItemCommand({ TableName: tableName, Key: marshall(keys.idempotency(tenantScope(tenantId), key)), ConsistentRead: true }),
      );
      if (!result.Item) return undefined;
      const stored = unmarshall(result.Item);
      return { key, fingerprint: String(stored.fingerprint), status: Number(stored.status), body: JSON.parse(String(stored.body)) };
    },
  };
}
