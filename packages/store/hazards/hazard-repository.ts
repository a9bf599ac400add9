// Hazards in DynamoDB: each in its own partition; one list entry per list it belongs to (all, unit, host, town,
// industry, severity, state) sorted by found date then id, and an `open` list sorted by deadline for the overdue
// view. The hazard and its entries change in one transaction.
import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { type Hazard, type HazardFilter, type HazardSummary, hazardCampaignWork, summarizeHazard } from "#core/hazards/hazard";
import { counterDelta, figureDimensions } from "#core/hazards/hazard-figures";
import type { HazardRepository } from "#core/hazards/ports";
import { errors } from "#core/kernel/errors";
import { campaignTallySteps } from "#store/dynamo/campaign-tally";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { type Key, keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { entrySteps, filteredListPage, type ListDimension, listPlan } from "#store/dynamo/list-entries";
import { readItem, readMany } from "#store/dynamo/reads";
import { addCounters, putIfAbsent, type StoreTarget, type TransactionStep, transact, versionedPut } from "#store/dynamo/writes";

function entryKeys(scope: TenantScope, s: HazardSummary): Key[] {
  const lists = [
    "all",
    `unit#${s.enterpriseId}`,
    `town#${s.townId}`,
    `industry#${s.industry}`,
    `severity#${s.severity}`,
    `state#${s.state}`,
  ];
  if (s.hostId) lists.push(`host#${s.hostId}`);
  const found = lists.map((list) => keys.hazardListEntry(scope, list, s.foundOn, s.id));
  return s.state !== "closed" && s.deadline ? [...found, keys.hazardListEntry(scope, "open", s.deadline, s.id)] : found;
}

/**
 * The writes of a hazard's change: the hazard (created, or replaced at `before.version`), its list entries, its
 * counters, its campaign tally when it belongs to a campaign and, for a hazard made from an assessment finding, the
 * finding's uniqueness item. For one transaction.
 */
export function hazardSteps(
  t: StoreTarget,
  scope: TenantScope,
  { before, after }: { before: Hazard | undefined; after: Hazard },
): TransactionStep[] {
  const main = versionedPut(
    t,
    keys.hazard(scope, after.id),
    { ...after, _type: "hazard" },
    { type: "hazard", id: after.id },
    before?.version,
    () =>
      errors.conflict("hazard_exists", { zh: `隐患 ${after.id} 已存在`, en: `Hazard ${after.id} already exists` }, { hazardId: after.id }),
  );
  const previous = before ? summarizeHazard(before) : undefined;
  const summary = summarizeHazard(after);
  const entries = entrySteps(
    t,
    previous ? entryKeys(scope, previous) : [],
    entryKeys(scope, summary),
    !previous || JSON.stringify(previous) !== JSON.stringify(summary),
    { ...summary, _type: "hazard-entry" },
  );
  const delta = counterDelta(previous, summary);
  const counters: TransactionStep[] =
    Object.keys(delta).length === 0
      ? []
      : figureDimensions(summary).map((dimension) => ({
          item: addCounters(t, keys.hazardCounters(scope, dimension, summary.foundOn), { _type: "hazard-counters" }, delta),
        }));
  const source: TransactionStep[] =
    !before && after.sourceRef
      ? [
          {
            item: putIfAbsent(t, keys.hazardSource(scope, after.sourceRef.assessmentId, after.sourceRef.criterionId), {
              _type: "hazard-source",
              hazardId: after.id,
            }),
            onConditionFailed: (stored) =>
              errors.conflict(
                "finding_has_hazard",
                { zh: "该评估扣分项已生成隐患", en: "This finding already has a hazard" },
                { hazardId: stored?.hazardId ?? null },
              ),
          },
        ]
      : [];
  const campaign: TransactionStep[] = after.campaign
    ? campaignTallySteps(t, scope, [
        {
          link: after.campaign,
          enterpriseId: after.enterpriseId,
          workId: `hazard#${after.id}`,
          work: hazardCampaignWork(after),
          linking: !before,
        },
      ])
    : [];
  return [main, ...entries, ...counters, ...source, ...campaign];
}

/** Filters in the order a list partition is chosen: the most selective first. */
const dimensions: readonly ListDimension<HazardFilter>[] = [
  { filter: "enterpriseId", list: "unit", attribute: "enterpriseId" },
  { filter: "hostId", list: "host", attribute: "hostId" },
  { filter: "townId", list: "town", attribute: "townId" },
  { filter: "industry", list: "industry", attribute: "industry" },
  { filter: "state", list: "state", attribute: "state" },
  { filter: "severity", list: "severity", attribute: "severity" },
];

export function dynamoHazardRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): HazardRepository {
  return {
    async save(tenantId, change, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      await transact(t, scope, hazardSteps(t, scope, change), write);
    },

    async counters(tenantId, dimension, from, to) {
      const scope = tenantScope(tenantId);
      const client = await clients.forTenant(tenantId);
      const rows: Record<string, number>[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
            ExpressionAttributeValues: marshall({ ":pk": keys.hazardCounterRows(scope, dimension), ":from": from, ":to": to }),
            ExclusiveStartKey: start,
          }),
        );
        for (const item of result.Items ?? []) {
          const { pk: _pk, sk: _sk, _type, ...counters } = unmarshall(item);
          rows.push(counters as Record<string, number>);
        }
        start = result.LastEvaluatedKey;
      } while (start);
      return rows;
    },

    async getMany(tenantId, ids) {
      const scope = tenantScope(tenantId);
      return readMany<Hazard>(
        await clients.forTenant(tenantId),
        tableName,
        [...new Set(ids)].map((id) => keys.hazard(scope, id)),
      );
    },

    async get(tenantId, id) {
      return readItem<Hazard>(await clients.forTenant(tenantId), tableName, keys.hazard(tenantScope(tenantId), id));
    },

    async list(tenantId, filter, today, page) {
      const scope = tenantScope(tenantId);
      // Overdue hazards come from the open list, which sorts by deadline; the other filters are checked on it.
      const { list, where } = listPlan(dimensions, filter, {
        extra: filter.escalated === undefined ? [] : [filter.escalated ? "attribute_exists(escalated)" : "attribute_not_exists(escalated)"],
        ...(filter.overdue ? { list: "open" } : {}),
      });
      const values: Record<string, unknown> = { ":pk": keys.hazardListPartition(scope, list) };
      let keyCondition = "pk = :pk";
      if (filter.overdue) {
        keyCondition += " AND sk < :today"; // `open` entries sort by deadline: before today is overdue
        values[":today"] = today;
      }
      return filteredListPage<HazardSummary>(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: `hazards:${list}:${JSON.stringify(filter)}:${filter.overdue ? today : ""}`,
          input: {
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: keyCondition,
            ScanIndexForward: filter.overdue === true,
            ...where.input,
            ExpressionAttributeValues: marshall({ ...values, ...where.values }),
          },
        },
        page,
      );
    },
  };
}
