import { errors } from "#core/kernel/errors";
import type { ShamFlagRepository } from "#core/stars/ports";
import type { ShamFlag } from "#core/stars/sham-flag";
import type { ClientProvider } from "#store/dynamo/client-provider";
import { keys, tenantScope } from "#store/dynamo/keys";
import { readItem } from "#store/dynamo/reads";
import { putIfAbsent, removeIfVersion, transact } from "#store/dynamo/writes";

export function dynamoShamFlagRepository(clients: ClientProvider, tableName: string): ShamFlagRepository {
  return {
    async get(tenantId, enterpriseId) {
      return readItem<ShamFlag>(await clients.forTenant(tenantId), tableName, keys.shamFlag(tenantScope(tenantId), enterpriseId));
    },

    async flag(tenantId, flag, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      await transact(
        t,
        scope,
        [
          {
            item: putIfAbsent(t, keys.shamFlag(scope, flag.enterpriseId), { ...flag, _type: "sham-flag" }),
            onConditionFailed: () =>
              errors.conflict("already_flagged", {
                zh: "该单位已被标记为“纸上标准化”或假创建",
                en: "The unit is already marked as sham standardization",
              }),
          },
        ],
        write,
      );
    },

    async clear(tenantId, flag, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      await transact(
        t,
        scope,
        [
          {
            item: removeIfVersion(t, keys.shamFlag(scope, flag.enterpriseId), flag.version),
            onConditionFailed: () => errors.stale("sham flag", flag.enterpriseId, flag.version, undefined),
          },
        ],
        write,
      );
    },
  };
}
