// Awarded stars in DynamoDB: each award in its own partition (read by id), and a copy per unit in the unit's
// partition, so a unit's stars are one Query; and an entry per held award by the day it is due a re-derivation
// (nextCheckOn), the weekly sweep's worklist. All are written in the same transaction as the award.
import { marshall } from "@aws-sdk/util-dynamodb";
import type { StarAwardRepository } from "#core/stars/ports";
import type { StarAward } from "#core/stars/star-award-record";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { partitionItems, queryPage, readItem } from "#store/dynamo/reads";
import { put, remove, type StoreTarget, type TransactionStep, transact, versionedPut } from "#store/dynamo/writes";

/** The due entry of an award: moved when its nextCheckOn moves, dropped when it has none (revoked, expired). */
export function dueSteps(t: StoreTarget, scope: TenantScope, before: StarAward | undefined, after: StarAward): TransactionStep[] {
  if (before?.nextCheckOn === after.nextCheckOn) return [];
  const steps: TransactionStep[] = [];
  if (before?.nextCheckOn) steps.push({ item: remove(t, keys.starAwardDue(scope, before.nextCheckOn, before.id)) });
  if (after.nextCheckOn) {
    const entry = { _type: "star-award-due", awardId: after.id, enterpriseId: after.enterpriseId, nextCheckOn: after.nextCheckOn };
    steps.push({ item: put(t, keys.starAwardDue(scope, after.nextCheckOn, after.id), entry) });
  }
  return steps;
}

export function dynamoStarAwardRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): StarAwardRepository {
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
          ...dueSteps(t, scope, before, after),
        ],
        write,
      );
    },

    async get(tenantId, id) {
      return readItem<StarAward>(await clients.forTenant(tenantId), tableName, keys.starAward(tenantScope(tenantId), id));
    },

    async due(tenantId, day, page) {
      const scope = tenantScope(tenantId);
      return queryPage(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: `star-awards-due:${day}`,
          input: {
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: "pk = :pk AND sk <= :last",
            ExpressionAttributeValues: marshall({ ":pk": keys.starAwardsDue(scope), ":last": `${day}#\uffff` }),
          },
        },
        page,
        (item) => ({ awardId: String(item.awardId), enterpriseId: String(item.enterpriseId), nextCheckOn: String(item.nextCheckOn) }),
      );
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
