// Awarded stars in DynamoDB: each award in its own partition (read by id), and a copy per unit in the unit's
// partition, so a unit's stars are one Query; and an entry per held award by the day it is due a re-derivation
// (nextCheckOn), the weekly sweep's worklist; list entries by town, star, scheme and state (the public star roll
// reads those by scheme); and, when the award's state moves, an entry of the stars' change feed for the weekly
// refresh. All are written in the same transaction as the award.
import { marshall } from "@aws-sdk/util-dynamodb";
import { isoWeekOf } from "#core/kernel/china-time";
import type { WriteContext } from "#core/kernel/ports";
import type { StarAwardRepository } from "#core/stars/ports";
import { awardChange, type StarAwardChange } from "#core/stars/star-award-change";
import {
  awardCampaignWork,
  type StarAward,
  type StarAwardFilter,
  type StarAwardSummary,
  summarizeAward,
} from "#core/stars/star-award-record";
import { campaignTallySteps } from "#store/dynamo/campaign-tally";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { entrySteps, filteredListPage, type ListDimension, listPlan, newestFirstPage } from "#store/dynamo/list-entries";
import { partitionItems, queryPage, readItem } from "#store/dynamo/reads";
import { put, remove, type StoreTarget, type TransactionStep, transact, versionedPut } from "#store/dynamo/writes";

const dimensions: readonly ListDimension<StarAwardFilter>[] = [
  { filter: "townId", list: "town", attribute: "townId" },
  { filter: "labelCode", list: "star", attribute: "labelCode" },
  { filter: "schemeId", list: "scheme", attribute: "schemeId" },
  { filter: "state", list: "state", attribute: "state" },
];

function entryKeys(scope: TenantScope, a: StarAwardSummary) {
  const lists = ["all", `town#${a.townId}`, `star#${a.labelCode}`, `scheme#${a.schemeId}`, `state#${a.state}`];
  return lists.map((list) => keys.starAwardListEntry(scope, list, a.awardedOn, a.id));
}

/** The list entries of an award, moved with its state (created when `before` is undefined). */
export function awardEntrySteps(t: StoreTarget, scope: TenantScope, before: StarAward | undefined, after: StarAward): TransactionStep[] {
  const previous = before ? summarizeAward(before) : undefined;
  const summary = summarizeAward(after);
  return entrySteps(
    t,
    previous ? entryKeys(scope, previous) : [],
    entryKeys(scope, summary),
    JSON.stringify(previous) !== JSON.stringify(summary),
    { ...summary, _type: "star-award-entry" },
  );
}

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

/** A changed award saved if still at `before.version`, with its unit copy, due entry and list entries. */
export function awardSaveSteps(
  t: StoreTarget,
  scope: TenantScope,
  { before, after }: { before: StarAward; after: StarAward },
): TransactionStep[] {
  return [
    versionedPut(
      t,
      keys.starAward(scope, after.id),
      { ...after, _type: "star-award" },
      { type: "star award", id: after.id },
      before.version,
    ),
    { item: put(t, keys.starAwardOfUnit(scope, after.enterpriseId, after.id), { ...after, _type: "star-award-of-unit" }) },
    ...dueSteps(t, scope, before, after),
    ...awardEntrySteps(t, scope, before, after),
    ...(after.campaign
      ? campaignTallySteps(t, scope, [
          {
            link: after.campaign,
            enterpriseId: after.enterpriseId,
            workId: `star-award#${after.id}`,
            work: awardCampaignWork(after),
            linking: false,
          },
        ])
      : []),
  ];
}

/**
 * The change-feed entry of one write: the awards' changes of state in it (none, no entry), in the week they took
 * effect — one item per write, so a review awarding ten stars adds one item to its transaction, not ten.
 */
export function changeSteps(
  t: StoreTarget,
  scope: TenantScope,
  saves: readonly { before: StarAward | undefined; after: StarAward }[],
  write: WriteContext,
): TransactionStep[] {
  const changes = saves.flatMap(({ before, after }) => awardChange(before, after) ?? []);
  const at = changes.map((c) => c.at).sort()[0];
  if (at === undefined) return [];
  const key = keys.starAwardChange(scope, isoWeekOf(new Date(at)), at, write.audit.id);
  return [{ item: put(t, key, { _type: "star-award-change", changes }) }];
}

export function dynamoStarAwardRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): StarAwardRepository {
  return {
    async save(tenantId, { before, after }, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      await transact(
        t,
        scope,
        [...awardSaveSteps(t, scope, { before, after }), ...changeSteps(t, scope, [{ before, after }], write)],
        write,
      );
    },

    async get(tenantId, id) {
      return readItem<StarAward>(await clients.forTenant(tenantId), tableName, keys.starAward(tenantScope(tenantId), id));
    },

    async list(tenantId, filter, page) {
      const scope = tenantScope(tenantId);
      const { list, where } = listPlan(dimensions, filter);
      return newestFirstPage<StarAwardSummary>(
        { client: await clients.forTenant(tenantId), cursors, tableName },
        scope,
        { name: `star-awards:${list}:${JSON.stringify(filter)}`, pk: keys.starAwardListPartition(scope, list), where },
        page,
      );
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

    async changeFeed(tenantId, week, page) {
      const scope = tenantScope(tenantId);
      const found = await queryPage(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: `star-award-changes:${week}`,
          input: {
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": keys.starAwardChanges(scope, week) }),
          },
        },
        page,
        (item) => item.changes as StarAwardChange[],
      );
      return { items: found.items.flat(), nextCursor: found.nextCursor };
    },

    async ofEnterprise(tenantId, enterpriseId) {
      return partitionItems<StarAward>(
        await clients.forTenant(tenantId),
        tableName,
        keys.starAwardsOfUnit(tenantScope(tenantId), enterpriseId),
      );
    },

    async heldOfScheme(tenantId, schemeId, today, page) {
      const scope = tenantScope(tenantId);
      const list = `scheme#${schemeId}`;
      // Not bound to the day: a next-page link followed after midnight still resumes.
      const name = `star-roll:${schemeId}`;
      const found = await filteredListPage<StarAwardSummary>(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name,
          input: {
            TableName: tableName,
            // An anonymous page cached a minute: eventually consistent reads (half the cost) are enough.
            KeyConditionExpression: "pk = :pk",
            ScanIndexForward: false,
            // Newest first also puts the held awards ahead of the expired and revoked ones the filter skips.
            FilterExpression: "#state IN (:active, :suspended) AND #validUntil >= :today",
            ExpressionAttributeNames: { "#state": "state", "#validUntil": "validUntil" },
            ExpressionAttributeValues: marshall({
              ":pk": keys.starAwardListPartition(scope, list),
              ":active": "active",
              ":suspended": "suspended",
              ":today": today,
            }),
          },
        },
        page,
      );
      // Hold the last unit's run back for the next page, which then starts with the whole of it.
      const { items } = found;
      const last = items.at(-1);
      let cut = items.length;
      while (cut > 0 && items[cut - 1]?.enterpriseId === last?.enterpriseId) cut--;
      const end = items[cut - 1];
      if (found.nextCursor === null || !end) return found;
      const resumeAfter = marshall(keys.starAwardListEntry(scope, list, end.awardedOn, end.id));
      return { items: items.slice(0, cut), nextCursor: await cursors.encode(scope.prefix, name, resumeAfter) };
    },
  };
}
