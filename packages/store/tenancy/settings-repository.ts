// A tenant's settings: one item in the tenant's own partition (`T#<id>` / `SETTINGS`); absent means defaults.
import { errors } from "#core/kernel/errors";
import type { SettingsRepository } from "#core/tenancy/ports";
import { defaultSettings, type Settings } from "#core/tenancy/settings";
import type { ClientProvider } from "#store/dynamo/client-provider";
import { keys, tenantScope } from "#store/dynamo/keys";
import { readItem } from "#store/dynamo/reads";
import { putIfAbsent, putIfVersion, transact } from "#store/dynamo/writes";

export function dynamoSettingsRepository(clients: ClientProvider, tableName: string): SettingsRepository {
  return {
    async get(tenantId) {
      const stored = await readItem<Settings>(await clients.forTenant(tenantId), tableName, keys.settings(tenantScope(tenantId)));
      return { ...defaultSettings, ...stored };
    },
    async save(tenantId, { before, after: next }, write) {
      const expectedVersion = before?.version ?? 0;
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const item = { ...next, _type: "settings" };
      const key = keys.settings(scope);
      await transact(
        t,
        scope,
        [
          {
            item: expectedVersion === 0 ? putIfAbsent(t, key, item) : putIfVersion(t, key, item, expectedVersion),
            onConditionFailed: (stored) =>
              errors.stale("settings", tenantId, expectedVersion, typeof stored?.version === "number" ? stored.version : 0),
          },
        ],
        write,
      );
    },
  };
}
