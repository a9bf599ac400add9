// Reads idempotency records (written by writes.ts in the create's own transaction).
import type { IdempotencyStore } from "#core/kernel/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import { keys, tenantScope } from "#store/dynamo/keys";
import { readItem } from "#store/dynamo/reads";

interface StoredRecord {
  readonly fingerprint: string;
  readonly status: number;
  /** The answer as JSON text, so any shape of body survives DynamoDB's type system unchanged. */
  readonly body: string;
}

export function dynamoIdempotencyStore(clients: ClientProvider, tableName: string): IdempotencyStore {
  return {
    async get(tenantId, key) {
      const stored = await readItem<StoredRecord>(
        await clients.forTenant(tenantId),
        tableName,
        keys.idempotency(tenantScope(tenantId), key),
      );
      return stored && { key, fingerprint: stored.fingerprint, status: stored.status, body: JSON.parse(stored.body) };
    },
  };
}
