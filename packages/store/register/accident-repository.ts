// A unit's accident records in DynamoDB: one partition per unit (ids time-ordered), written once with the audit
// record and never changed.
import type { Accident } from "#core/register/accident";
import type { AccidentRepository } from "#core/register/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import { keys, tenantScope } from "#store/dynamo/keys";
import { partitionItems } from "#store/dynamo/reads";
import { putIfAbsent, transact } from "#store/dynamo/writes";

export function dynamoAccidentRepository(clients: ClientProvider, tableName: string): AccidentRepository {
  return {
    async record(tenantId, accident, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      await transact(
        t,
        scope,
        [{ item: putIfAbsent(t, keys.accident(scope, accident.enterpriseId, accident.id), { ...accident, _type: "accident" }) }],
        write,
      );
    },

    async ofEnterprise(tenantId, enterpriseId) {
      return partitionItems<Accident>(await clients.forTenant(tenantId), tableName, keys.accidents(tenantScope(tenantId), enterpriseId));
    },
  };
}
