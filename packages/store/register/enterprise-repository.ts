// The register in DynamoDB. A unit's partition holds its current record and its history; the credit code has
// a uniqueness item; every list filter is its own partition of list entries (one per unit per dimension
// value, carrying the summary), so each filter is a Query on a designed access pattern, never a Scan.
import { type AttributeValue, type DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { isoWeekOf } from "#core/kernel/china-time";
import { errors } from "#core/kernel/errors";
import type { Page, PageRequest } from "#core/kernel/ports";
import {
  type ChangeFeedEntry,
  type Dimension,
  dimensionValues,
  type Enterprise,
  type EnterpriseChange,
  type EnterpriseFilter,
  type EnterpriseSummary,
  noStandardization,
  noValue,
  summarize,
} from "#core/register/enterprise";
import type { EnterpriseMutation, EnterpriseRepository } from "#core/register/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { clearDeleting, deletionRefused, markDeleting, putUnderLease } from "#store/dynamo/deletion-lease";
import { type Key, keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { entrySteps, filteredListPage, type ListDimension, listPlan } from "#store/dynamo/list-entries";
import { queryPage, readItem, readMany } from "#store/dynamo/reads";
import { fromItem, put, putIfAbsent, remove, type StoreTarget, type TransactionStep, transact, versionedPut } from "#store/dynamo/writes";
import { referenceCheck } from "#store/register/reference-checks";

/** The list partitions a live unit has an entry in. A unit without a host has no `host` entry. */
function listsOf(unit: Enterprise): string[] {
  if (unit.deletedAt !== null) return ["deleted"];
  const values = dimensionValues(unit);
  const lists = ["all"];
  for (const [dimension, value] of Object.entries(values) as [Dimension, string][]) {
    if (dimension === "host" && value === noValue) continue;
    lists.push(`${dimension}#${value}`);
  }
  return lists;
}

/** Units stored before the standardization profile existed read as not started. */
function withProfile<T extends Enterprise | undefined>(unit: T): T {
  return unit && !unit.standardization ? { ...unit, standardization: noStandardization } : unit;
}

/** The dimensions of the register's lists, most selective first (`none` asks for units without a value). */
const dimensions: readonly (ListDimension<EnterpriseFilter> & { list: Dimension; attribute: keyof EnterpriseSummary })[] = [
  { filter: "hostId", list: "host", attribute: "hostId" },
  { filter: "gridId", list: "grid", attribute: "gridId" },
  { filter: "townId", list: "town", attribute: "townId" },
  { filter: "venueType", list: "venue", attribute: "venueType" },
  { filter: "industry", list: "industry", attribute: "divisionCode" },
  { filter: "riskLevel", list: "risk", attribute: "riskLevel" },
  { filter: "sizeClass", list: "size", attribute: "sizeClass" },
  { filter: "productionStatus", list: "status", attribute: "productionStatus" },
];

export function dynamoEnterpriseRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): EnterpriseRepository {
  async function target(tenantId: string): Promise<StoreTarget & { scope: TenantScope }> {
    return { client: await clients.forTenant(tenantId), tableName, scope: tenantScope(tenantId) };
  }

  function unitEntrySteps(t: StoreTarget, scope: TenantScope, before: Enterprise | undefined, after: Enterprise): TransactionStep[] {
    const entry = (unit: Enterprise, list: string): Key => keys.enterpriseListEntry(scope, list, unit.name, unit.id);
    const summaryChanged = !before || JSON.stringify(summarize(before)) !== JSON.stringify(summarize(after));
    return entrySteps(
      t,
      before ? listsOf(before).map((list) => entry(before, list)) : [],
      listsOf(after).map((list) => entry(after, list)),
      summaryChanged,
      { ...summarize(after), _type: "enterprise-entry" },
    );
  }

  function creditCodeSteps(t: StoreTarget, scope: TenantScope, before: Enterprise | undefined, after: Enterprise): TransactionStep[] {
    const claim: TransactionStep = {
      item: putIfAbsent(t, keys.creditCode(scope, after.creditCode), { enterpriseId: after.id, name: after.name, _type: "credit-code" }),
      onConditionFailed: (stored) =>
        errors.conflict(
          "credit_code_taken",
          {
            zh: `统一社会信用代码 ${after.creditCode} 已登记为「${String(stored?.name ?? "")}」`,
            en: `Credit code ${after.creditCode} is already registered as "${String(stored?.name ?? "")}"`,
          },
          { creditCode: after.creditCode, existingId: stored?.enterpriseId ?? null, existingName: stored?.name ?? null },
        ),
    };
    if (!before) return [claim];
    if (before.creditCode !== after.creditCode) return [{ item: remove(t, keys.creditCode(scope, before.creditCode)) }, claim];
    if (before.name !== after.name) {
      return [
        { item: put(t, keys.creditCode(scope, after.creditCode), { enterpriseId: after.id, name: after.name, _type: "credit-code" }) },
      ];
    }
    return [];
  }

  /** Checks of the town, grid and host the unit starts referencing (store/register/reference-checks.ts). */
  function referenceSteps(t: StoreTarget, scope: TenantScope, m: EnterpriseMutation, now: string): TransactionStep[] {
    const { before, after, references } = m;
    const changed = (name: "townId" | "gridId" | "hostId") => !before || before.deletedAt !== null || before[name] !== after[name];
    const steps: TransactionStep[] = [];
    if (after.deletedAt !== null) return steps;
    if (changed("townId")) steps.push(referenceCheck(t, keys.town(scope, references.townId), now));
    if (references.gridId !== null && changed("gridId")) steps.push(referenceCheck(t, keys.grid(scope, references.gridId), now));
    if (references.host && changed("hostId")) {
      steps.push(referenceCheck(t, keys.enterprise(scope, references.host.id), now, references.host.version));
    }
    return steps;
  }

  function currentItem(scope: TenantScope, unit: Enterprise) {
    return {
      ...unit,
      _type: "enterprise",
      ...(unit.deletedAt === null ? { gsi1pk: keys.enterprisesByReview(scope), gsi1sk: `${unit.reviewedAt}#${unit.id}` } : {}),
    };
  }

  /** A page of the register's list partition `list` (its name order; `namePrefix` a range of it), `where` checked. */
  async function pageOfList(
    client: DynamoDBClient,
    scope: TenantScope,
    list: string,
    filter: EnterpriseFilter,
    where: ReturnType<typeof listPlan>["where"],
    page: PageRequest,
  ): Promise<Page<EnterpriseSummary>> {
    const values: Record<string, unknown> = { ":pk": keys.enterpriseListPartition(scope, list), ...where.values };
    let keyCondition = "pk = :pk";
    if (filter.namePrefix) {
      keyCondition += " AND begins_with(sk, :prefix)";
      values[":prefix"] = filter.namePrefix;
    }
    const name = `enterprises:${list}:${filter.namePrefix ?? ""}:${JSON.stringify(where.values)}`;
    return filteredListPage<EnterpriseSummary>(
      client,
      cursors,
      {
        scope: scope.prefix,
        name,
        input: {
          TableName: tableName,
          ConsistentRead: true,
          KeyConditionExpression: keyCondition,
          ...where.input,
          ExpressionAttributeValues: marshall(values),
        },
      },
      page,
    );
  }

  return {
    async save(tenantId, m, write) {
      const t = await target(tenantId);
      const { scope } = t;
      const { before, after } = m;
      const key = keys.enterprise(scope, after.id);
      // A soft deletion under its lease replaces the unit only while it still holds that lease (and the version).
      const current: TransactionStep =
        m.lease && before
          ? {
              item: putUnderLease(t, key, currentItem(scope, after), before.version, m.lease),
              onConditionFailed: (stored) => deletionRefused({ type: "enterprise", id: after.id, version: before.version }, stored),
            }
          : versionedPut(t, key, currentItem(scope, after), { type: "enterprise", id: after.id }, before?.version, () =>
              errors.conflict("enterprise_exists", { zh: "单位已存在", en: "The unit already exists" }),
            );
      const history: TransactionStep = {
        item: put(t, keys.enterpriseVersion(scope, after.id, after.version), {
          _type: "enterprise-change",
          change: m.change,
          feed: m.feed,
          gsi1pk: keys.enterpriseChangeFeed(scope, isoWeekOf(new Date(m.feed.at))),
          gsi1sk: `${m.feed.at}#${after.id}#${String(after.version).padStart(10, "0")}`,
        }),
      };
      const steps = [
        current,
        ...creditCodeSteps(t, scope, before, after),
        history,
        ...unitEntrySteps(t, scope, before, after),
        ...referenceSteps(t, scope, m, write.audit.at),
      ];
      await transact(t, scope, steps, write);
    },

    async markDeleting(tenantId, unit, lease) {
      const t = await target(tenantId);
      await markDeleting(
        t,
        t.scope,
        keys.enterprise(t.scope, unit.id),
        { type: "enterprise", id: unit.id, version: unit.version },
        lease,
        lease.at,
      );
    },

    async clearDeleting(tenantId, id, lease) {
      const t = await target(tenantId);
      await clearDeleting(t, t.scope, keys.enterprise(t.scope, id), lease);
    },

    async get(tenantId, id) {
      const t = await target(tenantId);
      return withProfile(await readItem<Enterprise>(t.client, tableName, keys.enterprise(t.scope, id)));
    },

    async getMany(tenantId, ids) {
      const t = await target(tenantId);
      const units = await readMany<Enterprise>(
        t.client,
        tableName,
        [...new Set(ids)].map((id) => keys.enterprise(t.scope, id)),
      );
      return units.map(withProfile);
    },

    async idByCreditCode(tenantId, creditCode) {
      const t = await target(tenantId);
      const found = await readItem<{ enterpriseId: string }>(t.client, tableName, keys.creditCode(t.scope, creditCode));
      return found?.enterpriseId;
    },

    async list(tenantId, filter, page) {
      const t = await target(tenantId);
      if (filter.deleted) return pageOfList(t.client, t.scope, "deleted", filter, listPlan([], filter).where, page);
      if (filter.creditCode !== undefined) {
        // One unit at most: the uniqueness item names it; the other filters still apply.
        const found = await readItem<{ enterpriseId: string }>(t.client, tableName, keys.creditCode(t.scope, filter.creditCode));
        const unit = found ? await readItem<Enterprise>(t.client, tableName, keys.enterprise(t.scope, found.enterpriseId)) : undefined;
        const matches =
          unit !== undefined &&
          unit.deletedAt === null &&
          (!filter.namePrefix || unit.name.startsWith(filter.namePrefix)) &&
          dimensions.every(({ filter: f, attribute }) => {
            const wanted = filter[f];
            if (wanted === undefined) return true;
            const actual = summarize(unit)[attribute];
            return wanted === noValue ? actual === null : actual === wanted;
          });
        return { items: matches ? [summarize(unit)] : [], nextCursor: null };
      }
      const { list, where } = listPlan(dimensions, filter, { nullAs: noValue });
      return pageOfList(t.client, t.scope, list, filter, where, page);
    },

    async history(tenantId, id, page) {
      const t = await target(tenantId);
      return queryPage(
        t.client,
        cursors,
        {
          scope: t.scope.prefix,
          name: `enterprise-history:${id}`,
          input: {
            TableName: tableName,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :v)",
            ExpressionAttributeValues: marshall({ ":pk": keys.enterprisePartition(t.scope, id), ":v": "V#" }),
            ScanIndexForward: false,
          },
        },
        page,
        (stored) => stored.change as EnterpriseChange,
      );
    },

    async countInTown(tenantId, townId) {
      const t = await target(tenantId);
      let count = 0;
      let start: Record<string, AttributeValue> | undefined;
      do {
        // Select COUNT returns no items: DynamoDB still reads the town's list entries, 1 MB a page.
        const result = await t.client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": keys.enterpriseListPartition(t.scope, `town#${townId}`) }),
            Select: "COUNT",
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        count += result.Count ?? 0;
        start = result.LastEvaluatedKey;
      } while (start);
      return count;
    },

    async lesseeCounts(tenantId, hostId) {
      const t = await target(tenantId);
      const byRiskLevel: Record<string, number> = {};
      let total = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const result = await t.client.send(
          new QueryCommand({
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": keys.enterpriseListPartition(t.scope, `host#${hostId}`) }),
            ProjectionExpression: "riskLevel",
            ...(start ? { ExclusiveStartKey: marshall(start) } : {}),
          }),
        );
        for (const item of result.Items ?? []) {
          const risk = (unmarshall(item).riskLevel as string | null | undefined) ?? noValue;
          byRiskLevel[risk] = (byRiskLevel[risk] ?? 0) + 1;
          total++;
        }
        start = result.LastEvaluatedKey ? unmarshall(result.LastEvaluatedKey) : undefined;
      } while (start);
      return { total, byRiskLevel };
    },

    async stale(tenantId, cutoff, page) {
      const t = await target(tenantId);
      return queryPage(
        t.client,
        cursors,
        {
          scope: t.scope.prefix,
          name: `enterprises-stale:${cutoff}`,
          input: {
            TableName: tableName,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk AND gsi1sk < :cutoff",
            ExpressionAttributeValues: marshall({ ":pk": keys.enterprisesByReview(t.scope), ":cutoff": cutoff }),
          },
        },
        page,
        (stored) => withProfile(fromItem<Enterprise>(stored)),
      );
    },

    async changeFeed(tenantId, week, page) {
      const t = await target(tenantId);
      return queryPage(
        t.client,
        cursors,
        {
          scope: t.scope.prefix,
          name: `enterprise-feed:${week}`,
          input: {
            TableName: tableName,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": keys.enterpriseChangeFeed(t.scope, week) }),
          },
        },
        page,
        (stored) => stored.feed as ChangeFeedEntry,
      );
    },
  };
}
