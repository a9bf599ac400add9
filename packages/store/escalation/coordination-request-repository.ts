// A city's coordination requests (提请协调清单) in DynamoDB: one partition per tenant, sorted by id (ULIDs, so by
// filing time); a city files a few a month, so its lists read that one partition with filters.
import { marshall } from "@aws-sdk/util-dynamodb";
import type { CoordinationRequest } from "#core/escalation/coordination-request";
import type { CoordinationRequestRepository } from "#core/escalation/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, tenantScope } from "#store/dynamo/keys";
import { equalityFilter, filteredListPage } from "#store/dynamo/list-entries";
import { readItem } from "#store/dynamo/reads";
import { transact, versionedPut } from "#store/dynamo/writes";

export function dynamoCoordinationRequestRepository(
  clients: ClientProvider,
  tableName: string,
  cursors: CursorCodec,
): CoordinationRequestRepository {
  return {
    async save(tenantId, { before, after }, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const main = versionedPut(
        t,
        keys.coordinationRequest(scope, after.id),
        { ...after, _type: "coordination-request" },
        { type: "coordination-request", id: after.id },
        before?.version,
      );
      await transact(t, scope, [main], write);
    },

    async get(tenantId, id) {
      return readItem<CoordinationRequest>(
        await clients.forTenant(tenantId),
        tableName,
        keys.coordinationRequest(tenantScope(tenantId), id),
      );
    },

    async list(tenantId, filter, page) {
      const scope = tenantScope(tenantId);
      const where = equalityFilter(filter);
      return filteredListPage<CoordinationRequest>(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: `coordination:${JSON.stringify(filter)}`,
          input: {
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: "pk = :pk",
            ScanIndexForward: false,
            ...where.input,
            ExpressionAttributeValues: marshall({ ":pk": keys.coordinationRequests(scope), ...where.values }),
          },
        },
        page,
      );
    },
  };
}
