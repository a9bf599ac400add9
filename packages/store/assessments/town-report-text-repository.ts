// What officials wrote for towns' standardization reports, in DynamoDB: one item per town in the tenant's partition
// `T#<id>#TOWNRPT` / `<town>`, versioned for If-Match, written with its audit record and a check that the town is
// still there (a town deleted while its text is saved takes no text with it into limbo).
import type { TownReportTextRepository } from "#core/assessments/ports";
import type { TownReportText } from "#core/assessments/town-report-text";
import { errors } from "#core/kernel/errors";
import type { ClientProvider } from "#store/dynamo/client-provider";
import { keys, tenantScope } from "#store/dynamo/keys";
import { readItem } from "#store/dynamo/reads";
import { stillThere, transact, versionedPut } from "#store/dynamo/writes";

export function dynamoTownReportTextRepository(clients: ClientProvider, tableName: string): TownReportTextRepository {
  return {
    async get(tenantId, townId) {
      return readItem<TownReportText>(await clients.forTenant(tenantId), tableName, keys.townReportText(tenantScope(tenantId), townId));
    },

    async save(tenantId, { before, after }, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const entity = { type: "town report text", id: after.townId };
      // A create that finds a record (another official saved first) is stale as well: it was written at version 0.
      const onExists = () => errors.stale(entity.type, entity.id, 0, undefined);
      await transact(
        t,
        scope,
        [
          versionedPut(
            t,
            keys.townReportText(scope, after.townId),
            { ...after, _type: "town-report-text" },
            entity,
            before?.version,
            onExists,
          ),
          { item: stillThere(t, keys.town(scope, after.townId)), onConditionFailed: () => errors.notFound("town", after.townId) },
        ],
        write,
      );
    },
  };
}
