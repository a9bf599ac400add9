// API keys in DynamoDB, one partition per tenant (`T#<id>#APIKEY`), sorted by key id (creation time).
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { errors } from "#core/kernel/errors";
import { type ApiKeyRecord, withDepartments } from "#core/tenancy/api-key";
import type { ApiKeyRepository } from "#core/tenancy/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, tenantScope } from "#store/dynamo/keys";
import { readItem, tenantPartitionPage } from "#store/dynamo/reads";
import { createItem, fromItem, replaceItem, updateItem } from "#store/dynamo/writes";

const touchIntervalMs = 60_000;

export function dynamoApiKeyRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): ApiKeyRepository {
  return {
    async save(tenantId, { before, after }, write) {
      const scope = tenantScope(tenantId);
      const client = await clients.forTenant(tenantId);
      const key = keys.apiKey(scope, after.id);
      const item = { ...after, _type: "api-key" };
      if (before === undefined) {
        await createItem({ client, tableName }, scope, key, item, write, () =>
          errors.conflict("api_key_exists", { zh: "API 密钥编号冲突，请重试", en: "API key id collision; retry" }),
        );
        return;
      }
      await replaceItem({ client, tableName }, scope, key, item, before.version, write, (current) =>
        current === undefined ? errors.notFound("api-key", after.id) : errors.stale("api-key", after.id, before.version, current),
      );
    },
    async get(tenantId, keyId) {
      const stored = await readItem<ApiKeyRecord>(await clients.forTenant(tenantId), tableName, keys.apiKey(tenantScope(tenantId), keyId));
      return stored && withDepartments(stored);
    },
    list: (tenantId, page) =>
      tenantPartitionPage({ clients, cursors, tableName }, tenantId, { name: "api-keys", pk: keys.apiKeys }, page, (stored) =>
        withDepartments(fromItem<ApiKeyRecord>(stored)),
      ),
    async touch(tenantId, keyId, at) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      try {
        await updateItem(t, scope, {
          Key: marshall(keys.apiKey(scope, keyId)),
          UpdateExpression: "SET lastUsedAt = :now",
          // At most once a minute, whatever the number of Lambda instances serving the key.
          ConditionExpression: "attribute_exists(pk) AND (attribute_type(lastUsedAt, :null) OR lastUsedAt < :threshold)",
          ExpressionAttributeValues: marshall({
            ":now": at.toISOString(),
            ":null": "NULL",
            ":threshold": new Date(at.getTime() - touchIntervalMs).toISOString(),
          }),
        });
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
