// Awarded stars in DynamoDB: each award in its own partition (read by id), and a copy per unit in the unit's
// partition, so a unit's stars are one Query. Both are written by the same transaction (application review).

import type { StarAwardRepository } from "#core/stars/ports";
import type { StarAward } from "#core/stars/star-award-record";
import type { ClientProvider } from "#store/dynamo/client-provider";
import { keys, tenantScope } from "#store/dynamo/keys";
import { partitionItems, readItem } from "#store/dynamo/reads";
import { put, transact, versionedPut } from "#store/dynamo/writes";

export function dynamoStarAwardRepository(clients: ClientProvider, tableName: string): StarAwardRepository {
  return {
    async save(tenantId, { before, after }, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      await transact(
        t,
        scope,
        [
          versionedPut(
            t,
            keys.starAward(scope, after.id),
            { ...after, _type: "star-award" },
            { type: "star award", id: after.id },
            before.version,
          ),
          { item: put(t, keys.starAwardOfUnit(scope, after.enterpriseId, after.id), { ...after, _type: "star-award-of-unit" }) },
        ],
        write,
      );
    },

    async get(tenantId, id) {
      return readItem<StarAward>(await clients.forTenant(tenantId), tableName, keys.starAward(tenantScope(tenantId), id));
    },

    async ofEnterprise(tenantId, enterpriseId) {
      return partitionItems<StarAward>(
        await clients.forTenant(tenantId),
        tableName,
        keys.starAwardsOfUnit(tenantScope(tenantId), enterpriseId),
      );
    },
  };
}
