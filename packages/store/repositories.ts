// All DynamoDB implementations of core's ports, built over one table and one client provider.

import { dynamoApiKeyRepository } from "#store/api-key-repository";
import { dynamoAuditLog } from "#store/audit-log";
import type { ClientProvider } from "#store/client-provider";
import type { CursorCodec } from "#store/cursor";
import { dynamoIdempotencyStore } from "#store/idempotency-store";
import { dynamoRateLimiter } from "#store/rate-limiter";
import { dynamoTenantRepository } from "#store/tenant-repository";

export interface StoreConfig {
  readonly clients: ClientProvider;
  readonly tableName: string;
  readonly cursors: CursorCodec;
}

export function dynamoRepositories({ clients, tableName, cursors }: StoreConfig) {
  return {
    tenants: dynamoTenantRepository(clients, tableName, cursors),
    apiKeys: dynamoApiKeyRepository(clients, tableName, cursors),
    audit: dynamoAuditLog(clients, tableName, cursors),
    idempotency: dynamoIdempotencyStore(clients, tableName),
    rateLimiter: dynamoRateLimiter(clients, tableName),
  };
}
