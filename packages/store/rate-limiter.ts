// Per-key throttling shared by every Lambda instance: a counter per subject per one-minute window, bumped
// atomically (UpdateItem ADD) and expired by TTL. One write per throttled request.
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { RateLimiter } from "#core/ports";
import type { ClientProvider } from "#store/client-provider";
import { keys, tenantScope } from "#store/keys";
import { updateItem } from "#store/writes";

const windowSeconds = 60;

export function dynamoRateLimiter(clients: ClientProvider, tableName: string): RateLimiter {
  return {
    async hit(tenantId, subject, limit, now) {
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      const scope = tenantScope(tenantId);
      const result = await updateItem({ client: await clients.forTenant(tenantId), tableName }, scope, {
        Key: marshall(keys.rateWindow(scope, subject, windowStart)),
        UpdateExpression: "ADD #count :one SET #ttl = :ttl",
        ExpressionAttributeNames: { "#count": "count", "#ttl": "ttl" },
        ExpressionAttributeValues: marshall({ ":one": 1, ":ttl": windowStart + 2 * windowSeconds }),
        ReturnValues: "UPDATED_NEW",
      });
      const count = Number(unmarshall(result.Attributes ?? {}).count ?? 1);
      return {
        allowed: count <= limit,
        limit,
        remaining: Math.max(0, limit - count),
        resetSeconds: windowStart + windowSeconds - nowSeconds,
      };
    },
  };
}
