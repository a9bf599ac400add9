// The joint tackling list (联合攻坚清单) in DynamoDB. Each item lives under the city, in the partition its district
// shares with it (`T#<city>#UP#<district>`), and carries the index keys of the city's lists across districts
// (gsi1 all, gsi2 by state, gsi3 by department; newest escalated first). A district's escalation writes its hazard
// and the item in one transaction on its escalation session, in an escalation scope (the write guard lets it reach
// only that partition of the city, with only the city's joint tackling index keys); the city's steps write the
// item on the city's session, in its own scope.
import { marshall } from "@aws-sdk/util-dynamodb";
import { hazardSnapshot, type JointTackling, type JointTacklingFilter } from "#core/escalation/joint-tackling";
import type { JointTacklingRepository } from "#core/escalation/ports";
import { isStale } from "#core/kernel/concurrency";
import { type DomainError, errors } from "#core/kernel/errors";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { escalationScope, keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { equalityFilter, filteredListPage } from "#store/dynamo/list-entries";
import { readItem } from "#store/dynamo/reads";
import { type TransactionStep, transact, versionedPut } from "#store/dynamo/writes";
import { hazardSteps } from "#store/hazards/hazard-repository";

/** Rounds an escalated hazard's edit may lose to other changes of its item before it gives up (the caller gets 409). */
const itemAttempts = 6;

function stored(city: TenantScope, item: JointTackling): Record<string, unknown> {
  const order = `${item.escalatedAt}#${item.id}`;
  return {
    ...item,
    _type: "joint-tackling",
    gsi1pk: keys.jointTacklingIndex(city, "all"),
    gsi1sk: order,
    gsi2pk: keys.jointTacklingIndex(city, `state#${item.state}`),
    gsi2sk: order,
    ...(item.department ? { gsi3pk: keys.jointTacklingIndex(city, `dept#${item.department}`), gsi3sk: order } : {}),
  };
}

/** The first instant of a China date, and the last one, as stored ISO times (UTC). */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const dayEnd = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000 - 1).toISOString();

export function dynamoJointTacklingRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): JointTacklingRepository {
  /** The session of whoever acts: the city its own, a district its escalation session to that city. */
  const clientOf = (actingTenantId: string, cityId: string, districtId: string) =>
    actingTenantId === cityId ? clients.forTenant(cityId) : clients.forEscalation(districtId, cityId);
  /** The scope of whoever acts, to match: the city's own, or the district's escalating to the city. */
  const scopeOf = (actingTenantId: string, cityId: string) =>
    actingTenantId === cityId ? tenantScope(cityId) : escalationScope(tenantScope(actingTenantId), tenantScope(cityId));

  function replace(
    t: { client: Awaited<ReturnType<typeof clientOf>>; tableName: string },
    before: JointTackling | undefined,
    after: JointTackling,
  ) {
    const city = tenantScope(after.cityId);
    return versionedPut(
      t,
      keys.jointTackling(city, after.districtId, after.hazardId),
      stored(city, after),
      { type: "joint-tackling", id: after.id },
      before?.version,
      () => errors.conflict("already_escalated", { zh: "该隐患已提请联合攻坚", en: "This hazard is already escalated" }, { id: after.id }),
    );
  }

  /**
   * A page of a list: the partition that answers the most selective filter (one district's table partition, or the
   * city's department, state or all index), the date range on its sort key where it has one, the rest as conditions.
   */
  function page(
    actingTenantId: string,
    city: TenantScope,
    filter: JointTacklingFilter,
    request: Parameters<JointTacklingRepository["listIncoming"]>[2],
  ) {
    let index: { name?: string; pk: string; pkName: string; skName: string; dated: boolean };
    let equal: Record<string, string | undefined> = {};
    if (filter.districtId !== undefined) {
      index = { pk: keys.jointTacklingsOfDistrict(city, filter.districtId), pkName: "pk", skName: "sk", dated: false };
      equal = { state: filter.state, department: filter.department };
    } else if (filter.department !== undefined) {
      index = {
        name: "gsi3",
        pk: keys.jointTacklingIndex(city, `dept#${filter.department}`),
        pkName: "gsi3pk",
        skName: "gsi3sk",
        dated: true,
      };
      equal = { state: filter.state };
    } else if (filter.state !== undefined) {
      index = { name: "gsi2", pk: keys.jointTacklingIndex(city, `state#${filter.state}`), pkName: "gsi2pk", skName: "gsi2sk", dated: true };
    } else {
      index = { name: "gsi1", pk: keys.jointTacklingIndex(city, "all"), pkName: "gsi1pk", skName: "gsi1sk", dated: true };
    }
    const values: Record<string, unknown> = { ":pk": index.pk };
    let keyCondition = `${index.pkName} = :pk`;
    const dated: string[] = [];
    if (filter.from !== undefined || filter.to !== undefined) {
      values[":from"] = filter.from === undefined ? "0" : dayStart(filter.from);
      values[":to"] = filter.to === undefined ? "~" : `${dayEnd(filter.to)}~`;
      if (index.dated) keyCondition += ` AND ${index.skName} BETWEEN :from AND :to`;
      else dated.push("escalatedAt BETWEEN :from AND :to");
    }
    const where = equalityFilter(equal, dated);
    return async (client: Awaited<ReturnType<typeof clientOf>>) =>
      filteredListPage<JointTackling>(
        client,
        cursors,
        {
          scope: tenantScope(actingTenantId).prefix,
          name: `joint-tackling:${index.pk}:${JSON.stringify(filter)}`,
          input: {
            TableName: tableName,
            ...(index.name ? { IndexName: index.name } : { ConsistentRead: true }),
            KeyConditionExpression: keyCondition,
            ScanIndexForward: false,
            ...where.input,
            ExpressionAttributeValues: marshall({ ...values, ...where.values }),
          },
        },
        request,
      );
  }

  return {
    async escalate({ hazard, item }, write) {
      const district = escalationScope(tenantScope(item.after.districtId), tenantScope(item.after.cityId));
      const t = { client: await clients.forEscalation(item.after.districtId, item.after.cityId), tableName };
      await transact(t, district, [...hazardSteps(t, district, hazard), replace(t, item.before, item.after)], write);
    },

    async saveHazard(districtId, { before, after }, write) {
      const to = after.escalatedTo;
      if (!to) throw new Error(`hazard ${after.id} is not escalated`);
      const city = tenantScope(to.cityId);
      const district = escalationScope(tenantScope(districtId), city);
      const t = { client: await clients.forEscalation(districtId, to.cityId), tableName };
      const key = keys.jointTackling(city, districtId, after.id);
      for (let attempt = 1; ; attempt++) {
        // The item is written whole (read, then replaced at the version read), so the change feed records its new
        // version as it records every other: a partial update would move the item on with no record of it.
        const item = await readItem<JointTackling>(t.client, tableName, key);
        if (!item) {
          throw errors.conflict(
            "escalation_not_found",
            { zh: "该隐患提请的联合攻坚事项不存在", en: "The joint tackling item this hazard was escalated to is missing" },
            { cityId: to.cityId, id: to.id },
          );
        }
        const snapshot = hazardSnapshot(after, item.hazard.townName);
        const changed = (Object.keys(snapshot) as (keyof typeof snapshot)[]).some((field) => snapshot[field] !== item.hazard[field]);
        const steps: TransactionStep[] = changed
          ? [replace(t, item, { ...item, hazard: snapshot, updatedAt: after.updatedAt, version: item.version + 1 })]
          : [];
        try {
          await transact(t, district, [...hazardSteps(t, district, { before, after }), ...steps], write);
          return;
        } catch (error) {
          // The item moved on under the edit (a comment, a city step): its snapshot is made again on the fresh item;
          // the hazard's own version check stands as the caller asked. A stale hazard goes up as it is.
          const staleItem = isStale(error) && (error as DomainError).details?.entity === "joint-tackling";
          if (!staleItem || attempt >= itemAttempts) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
        }
      }
    },

    async save(actingTenantId, { before, after }, write) {
      const t = { client: await clientOf(actingTenantId, after.cityId, after.districtId), tableName };
      await transact(t, scopeOf(actingTenantId, after.cityId), [replace(t, before, after)], write);
    },

    async get(actingTenantId, cityId, districtId, hazardId) {
      return readItem<JointTackling>(
        await clientOf(actingTenantId, cityId, districtId),
        tableName,
        keys.jointTackling(tenantScope(cityId), districtId, hazardId),
      );
    },

    async listIncoming(cityId, filter, request) {
      return page(cityId, tenantScope(cityId), filter, request)(await clients.forTenant(cityId));
    },

    async listOutgoing(districtId, cityId, filter, request) {
      return page(districtId, tenantScope(cityId), { ...filter, districtId }, request)(await clients.forEscalation(districtId, cityId));
    },
  };
}
