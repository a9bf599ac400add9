// Webhooks in DynamoDB. A tenant's endpoints and its dispatch cursor share one partition (`T#<id>#WH`: `EP#<id>`,
// `CURSOR`); each endpoint's deliveries have their own (`T#<id>#WHD#<endpoint>`), sorted by the change's position,
// kept 35 days. Endpoint changes go through `transact` with their audit record; the deliveries' tries and the cursor
// are single conditional updates (the dispatcher's and the sender's bookkeeping, made safe against a second worker
// doing the same). The platform's list of tenants with an enabled endpoint (`PLATFORM#WEBHOOKS`) is written on the
// platform session, after the tenant's own write, as the tenant registry is.
import { ConditionalCheckFailedException, QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { errors } from "#core/kernel/errors";
import type { WebhookRepository } from "#core/webhooks/ports";
import { triesKept, type WebhookDeliveryRecord } from "#core/webhooks/webhook-delivery";
import type { WebhookEndpointRecord } from "#core/webhooks/webhook-endpoint";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, platformWebhookTenant, platformWebhookTenantsPartition, tenantScope } from "#store/dynamo/keys";
import { queryPage, readItem } from "#store/dynamo/reads";
import { batchWrite, fromItem, putItem, removeIfVersion, toItem, transact, updateItem, versionedPut } from "#store/dynamo/writes";

/** Deliveries (and their tries) are kept this long; the feed keeps the changes for replays far longer. */
const deliveryKeptSeconds = 35 * 86_400;

async function conditional(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export function dynamoWebhookRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): WebhookRepository {
  const target = async (tenantId: string) => ({ client: await clients.forTenant(tenantId), tableName });
  const endpointItem = (endpoint: WebhookEndpointRecord) => ({ ...endpoint, _type: "webhook-endpoint" });

  async function allEndpoints(tenantId: string): Promise<WebhookEndpointRecord[]> {
    const scope = tenantScope(tenantId);
    const client = await clients.forTenant(tenantId);
    const found: WebhookEndpointRecord[] = [];
    let start: Record<string, never> | undefined;
    do {
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          ConsistentRead: true,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :ep)",
          ExpressionAttributeValues: marshall({ ":pk": keys.webhooks(scope), ":ep": "EP#" }),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) found.push(fromItem<WebhookEndpointRecord>(unmarshall(item)));
      start = out.LastEvaluatedKey as typeof start;
    } while (start);
    return found;
  }

  const deliveryKey = (tenantId: string, endpointId: string, deliveryId: string) => {
    const position = Buffer.from(deliveryId, "base64url").toString("utf8");
    return keys.webhookDelivery(tenantScope(tenantId), endpointId, position);
  };

  return {
    async saveEndpoint(tenantId, { before, after }, write, options) {
      const scope = tenantScope(tenantId);
      const t = await target(tenantId);
      const steps = [
        versionedPut(
          t,
          keys.webhookEndpoint(scope, after.id),
          endpointItem(after),
          { type: "webhook-endpoint", id: after.id },
          before?.version,
          () => errors.conflict("webhook_exists", { zh: "推送地址编号冲突，请重试", en: "Webhook endpoint id collision; retry" }),
        ),
      ];
      if (before === undefined && options?.cursorStart) {
        // The tenant's first endpoint starts the dispatcher at the feed's horizon; a later one leaves it where it is.
        steps.push({
          item: {
            Update: {
              TableName: tableName,
              Key: marshall(keys.webhookCursor(scope)),
              UpdateExpression: "SET #p = if_not_exists(#p, :p), #t = :t",
              ExpressionAttributeNames: { "#p": "position", "#t": "_type" },
              ExpressionAttributeValues: marshall({ ":p": options.cursorStart, ":t": "webhook-cursor" }),
            },
          },
        });
      }
      await transact(t, scope, steps, write);
    },
    async deleteEndpoint(tenantId, endpoint, write) {
      const scope = tenantScope(tenantId);
      const t = await target(tenantId);
      await transact(
        t,
        scope,
        [
          {
            item: removeIfVersion(t, keys.webhookEndpoint(scope, endpoint.id), endpoint.version),
            onConditionFailed: (stored) =>
              stored === undefined
                ? errors.notFound("webhook endpoint", endpoint.id)
                : errors.stale(
                    "webhook-endpoint",
                    endpoint.id,
                    endpoint.version,
                    typeof stored.version === "number" ? stored.version : undefined,
                  ),
          },
        ],
        write,
      );
    },
    async audit(tenantId, write) {
      await transact(await target(tenantId), tenantScope(tenantId), [], write);
    },
    async getEndpoint(tenantId, id) {
      return readItem<WebhookEndpointRecord>(await clients.forTenant(tenantId), tableName, keys.webhookEndpoint(tenantScope(tenantId), id));
    },
    async listEndpoints(tenantId, page) {
      const scope = tenantScope(tenantId);
      return queryPage(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: "webhook-endpoints",
          input: {
            TableName: tableName,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :ep)",
            ExpressionAttributeValues: marshall({ ":pk": keys.webhooks(scope), ":ep": "EP#" }),
          },
        },
        page,
        (stored) => fromItem<WebhookEndpointRecord>(stored),
      );
    },
    allEndpoints,
    async markFailing(tenantId, endpointId, at) {
      const scope = tenantScope(tenantId);
      await conditional(async () =>
        updateItem(await target(tenantId), scope, {
          Key: marshall(keys.webhookEndpoint(scope, endpointId)),
          UpdateExpression: "SET failingSince = :at",
          ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(failingSince) OR attribute_type(failingSince, :null))",
          ExpressionAttributeValues: marshall({ ":at": at, ":null": "NULL" }),
        }),
      );
    },
    async clearFailing(tenantId, endpointId) {
      const scope = tenantScope(tenantId);
      await conditional(async () =>
        updateItem(await target(tenantId), scope, {
          Key: marshall(keys.webhookEndpoint(scope, endpointId)),
          UpdateExpression: "SET failingSince = :null",
          ConditionExpression: "attribute_exists(pk) AND attribute_type(failingSince, :s)",
          ExpressionAttributeValues: { ":null": { NULL: true }, ":s": { S: "S" } },
        }),
      );
    },

    async dispatchCursor(tenantId) {
      const found = await readItem<{ position?: string }>(
        await clients.forTenant(tenantId),
        tableName,
        keys.webhookCursor(tenantScope(tenantId)),
      );
      return found?.position;
    },
    async advanceCursor(tenantId, from, to) {
      const scope = tenantScope(tenantId);
      return conditional(async () =>
        updateItem(await target(tenantId), scope, {
          Key: marshall(keys.webhookCursor(scope)),
          UpdateExpression: "SET #p = :to, #t = :t",
          ConditionExpression: from === undefined ? "attribute_not_exists(#p)" : "#p = :from",
          ExpressionAttributeNames: { "#p": "position", "#t": "_type" },
          ExpressionAttributeValues: marshall({ ":to": to, ":t": "webhook-cursor", ...(from === undefined ? {} : { ":from": from }) }),
        }),
      );
    },

    async createDelivery(tenantId, delivery) {
      const scope = tenantScope(tenantId);
      const position = Buffer.from(delivery.id, "base64url").toString("utf8");
      const ttl = Math.floor(Date.parse(delivery.createdAt) / 1000) + deliveryKeptSeconds;
      return conditional(async () =>
        putItem(await target(tenantId), scope, {
          Item: toItem({ ...delivery, ...keys.webhookDelivery(scope, delivery.endpointId, position), _type: "webhook-delivery", ttl }),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },
    async getDelivery(tenantId, endpointId, deliveryId) {
      return readItem<WebhookDeliveryRecord>(await clients.forTenant(tenantId), tableName, deliveryKey(tenantId, endpointId, deliveryId));
    },
    async listDeliveries(tenantId, endpointId, page) {
      const scope = tenantScope(tenantId);
      return queryPage(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: `webhook-deliveries:${endpointId}`,
          input: {
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ScanIndexForward: false,
            ExpressionAttributeValues: marshall({ ":pk": keys.webhookDeliveries(scope, endpointId) }),
          },
        },
        page,
        (stored) => fromItem<WebhookDeliveryRecord>(stored),
      );
    },
    async claimTry(tenantId, delivery, round, tryNumber, now, leaseUntil) {
      const scope = tenantScope(tenantId);
      return conditional(async () =>
        updateItem(await target(tenantId), scope, {
          Key: marshall(deliveryKey(tenantId, delivery.endpointId, delivery.id)),
          UpdateExpression: "SET leaseUntil = :until",
          ConditionExpression:
            "#round = :round AND nextTry = :try AND #state = :pending AND " +
            "(attribute_not_exists(leaseUntil) OR attribute_type(leaseUntil, :null) OR leaseUntil < :now)",
          ExpressionAttributeNames: { "#round": "round", "#state": "state" },
          ExpressionAttributeValues: marshall({
            ":until": leaseUntil,
            ":round": round,
            ":try": tryNumber,
            ":pending": "pending",
            ":null": "NULL",
            ":now": now,
          }),
        }),
      );
    },
    async recordTry(tenantId, delivery, round, result, state) {
      const scope = tenantScope(tenantId);
      const t = await target(tenantId);
      const key = deliveryKey(tenantId, delivery.endpointId, delivery.id);
      const stored = await readItem<WebhookDeliveryRecord>(t.client, tableName, key);
      if (!stored || stored.round !== round || stored.nextTry !== result.try) return;
      const tries = [...stored.tries, result].slice(-triesKept);
      await conditional(async () =>
        updateItem(t, scope, {
          Key: marshall(key),
          UpdateExpression: "SET tries = :tries, nextTry = :next, #state = :state, updatedAt = :at, leaseUntil = :null",
          ConditionExpression: "#round = :round AND nextTry = :try",
          ExpressionAttributeNames: { "#round": "round", "#state": "state" },
          ExpressionAttributeValues: {
            ...marshall(
              { ":tries": tries, ":next": result.try + 1, ":state": state, ":at": result.at, ":round": round, ":try": result.try },
              { removeUndefinedValues: true, convertClassInstanceToMap: false },
            ),
            ":null": { NULL: true },
          },
        }),
      );
    },
    async restartDelivery(tenantId, endpointId, deliveryId, at) {
      const scope = tenantScope(tenantId);
      const t = await target(tenantId);
      const key = deliveryKey(tenantId, endpointId, deliveryId);
      for (let attempt = 0; attempt < 5; attempt++) {
        const stored = await readItem<WebhookDeliveryRecord>(t.client, tableName, key);
        if (!stored) return undefined;
        const round = stored.round + 1;
        const moved = await conditional(async () =>
          updateItem(t, scope, {
            Key: marshall(key),
            UpdateExpression: "SET #round = :next, nextTry = :one, #state = :pending, updatedAt = :at, leaseUntil = :null",
            ConditionExpression: "#round = :round",
            ExpressionAttributeNames: { "#round": "round", "#state": "state" },
            ExpressionAttributeValues: {
              ...marshall({ ":next": round, ":one": 1, ":pending": "pending", ":at": at, ":round": stored.round }),
              ":null": { NULL: true },
            },
          }),
        );
        if (moved) return round;
      }
      throw errors.concurrentUpdate("webhook-delivery", deliveryId);
    },

    async syncRegistry(tenantId) {
      const scope = tenantScope(tenantId);
      const enabled = (await allEndpoints(tenantId)).some((endpoint) => endpoint.state === "enabled");
      const platform = { client: clients.forPlatform(), tableName };
      const key = platformWebhookTenant(scope);
      if (enabled) {
        await putItem(platform, "platform", { Item: toItem({ ...key, _type: "webhook-tenant", tenantId }) });
      } else {
        await batchWrite(platform, "platform", [{ DeleteRequest: { Key: marshall(key) } }]);
      }
    },
    async registeredTenants() {
      const client = clients.forPlatform();
      const tenants: string[] = [];
      let start: Record<string, never> | undefined;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": platformWebhookTenantsPartition }),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of out.Items ?? []) tenants.push(String(unmarshall(item).sk));
        start = out.LastEvaluatedKey as typeof start;
      } while (start);
      return tenants;
    },
  };
}
