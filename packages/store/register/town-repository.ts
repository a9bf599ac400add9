// Towns and grids in DynamoDB. Each lives in its tenant's town or grid partition (`ID#<id>`) next to a name
// guard (`NAME#…`) that keeps names unique in one transaction; grids are also indexed by town (gsi1). A grid's
// guard (`NAME#<town>#<name>`) also makes the town's grids a strongly consistent read of the base table, which a
// deletion needs (the index is only eventually consistent). Deletions run under a lease (#core/kernel/deletion-lease).
import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { DeletionLease } from "#core/kernel/deletion-lease";
import { errors } from "#core/kernel/errors";
import type { Change, Page, PageRequest, WriteContext } from "#core/kernel/ports";
import type { TownRepository } from "#core/register/ports";
import type { Grid, Town } from "#core/register/town";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { clearDeleting, deletionRefused, markDeleting, removeUnderLease } from "#store/dynamo/deletion-lease";
import { type Key, keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { queryPage, readItem, readMany } from "#store/dynamo/reads";
import { fromItem, putIfAbsent, putIfVersion, remove, type StoreTarget, type TransactionStep, transact } from "#store/dynamo/writes";
import { referenceCheck } from "#store/register/reference-checks";

interface Named {
  readonly id: string;
  readonly name: string;
  readonly version: number;
}

interface Kind<T extends Named> {
  readonly entity: "town" | "grid";
  readonly key: (s: TenantScope, id: string) => Key;
  readonly nameKey: (s: TenantScope, item: T) => Key;
  readonly item: (s: TenantScope, item: T) => Record<string, unknown>;
  readonly nameTaken: (item: T) => Error;
  /** What a save starts referencing (created, or moved to it): checked in the save's transaction. */
  readonly references: (s: TenantScope, before: T | undefined, after: T) => Key[];
}

const townKind: Kind<Town> = {
  entity: "town",
  key: keys.town,
  nameKey: (s, town) => keys.townName(s, town.name),
  item: (_s, town) => ({ ...town, _type: "town" }),
  nameTaken: (town) =>
    errors.conflict(
      "town_name_taken",
      { zh: `镇（街道）「${town.name}」已存在`, en: `Town "${town.name}" already exists` },
      { name: town.name },
    ),
  references: () => [],
};

const gridKind: Kind<Grid> = {
  entity: "grid",
  key: keys.grid,
  nameKey: (s, grid) => keys.gridName(s, grid.townId, grid.name),
  item: (s, grid) => ({ ...grid, _type: "grid", gsi1pk: keys.gridsOfTown(s, grid.townId), gsi1sk: `${grid.name}#${grid.id}` }),
  nameTaken: (grid) =>
    errors.conflict(
      "grid_name_taken",
      { zh: `该镇（街道）已有网格「${grid.name}」`, en: `The town already has a grid "${grid.name}"` },
      { name: grid.name },
    ),
  references: (s, before, grid) => [
    ...(before?.townId !== grid.townId ? [keys.town(s, grid.townId)] : []),
    ...(grid.parentGridId !== null && before?.parentGridId !== grid.parentGridId ? [keys.grid(s, grid.parentGridId)] : []),
  ],
};

export function dynamoTownRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): TownRepository {
  async function target(tenantId: string): Promise<StoreTarget & { scope: TenantScope }> {
    return { client: await clients.forTenant(tenantId), tableName, scope: tenantScope(tenantId) };
  }

  /** A create (`before` undefined) or an update, with the name guard moved when the name changes. */
  function save<T extends Named>(kind: Kind<T>) {
    return (tenantId: string, { before, after }: Change<T>, write: WriteContext) =>
      before === undefined ? create(kind, tenantId, after, write) : update(kind, tenantId, before, after, write);
  }

  async function create<T extends Named>(kind: Kind<T>, tenantId: string, value: T, write: WriteContext) {
    const t = await target(tenantId);
    const guard = { _type: `${kind.entity}-name`, id: value.id };
    await transact(
      t,
      t.scope,
      [
        { item: putIfAbsent(t, kind.key(t.scope, value.id), kind.item(t.scope, value)) },
        { item: putIfAbsent(t, kind.nameKey(t.scope, value), guard), onConditionFailed: () => kind.nameTaken(value) },
        ...kind.references(t.scope, undefined, value).map((key) => referenceCheck(t, key, write.audit.at)),
      ],
      write,
    );
  }

  async function update<T extends Named>(kind: Kind<T>, tenantId: string, before: T, next: T, write: WriteContext) {
    const t = await target(tenantId);
    const steps: TransactionStep[] = [
      {
        item: putIfVersion(t, kind.key(t.scope, next.id), kind.item(t.scope, next), before.version),
        onConditionFailed: (stored) =>
          errors.stale(kind.entity, next.id, before.version, typeof stored?.version === "number" ? stored.version : undefined),
      },
    ];
    const oldName = kind.nameKey(t.scope, before);
    const newName = kind.nameKey(t.scope, next);
    if (oldName.sk !== newName.sk) {
      steps.push(
        { item: remove(t, oldName) },
        { item: putIfAbsent(t, newName, { _type: `${kind.entity}-name`, id: next.id }), onConditionFailed: () => kind.nameTaken(next) },
      );
    }
    steps.push(...kind.references(t.scope, before, next).map((key) => referenceCheck(t, key, write.audit.at)));
    await transact(t, t.scope, steps, write);
  }

  function destroy<T extends Named>(kind: Kind<T>) {
    return async (tenantId: string, value: T, lease: DeletionLease, write: WriteContext) => {
      const t = await target(tenantId);
      const key = kind.key(t.scope, value.id);
      await transact(
        t,
        t.scope,
        [
          {
            item: removeUnderLease(t, key, value.version, lease),
            onConditionFailed: (stored) => deletionRefused({ type: kind.entity, id: value.id, version: value.version }, stored),
            tombstone: { type: kind.entity, id: value.id, version: value.version + 1 },
          },
          { item: remove(t, kind.nameKey(t.scope, value)) },
        ],
        write,
      );
    };
  }

  function get<T>(key: (s: TenantScope, id: string) => Key) {
    return async (tenantId: string, id: string): Promise<T | undefined> => {
      const t = await target(tenantId);
      return readItem<T>(t.client, tableName, key(t.scope, id));
    };
  }

  const keyOf = (kind: "town" | "grid") => (kind === "town" ? keys.town : keys.grid);

  return {
    async markDeleting(tenantId, kind, record, lease) {
      const t = await target(tenantId);
      await markDeleting(
        t,
        t.scope,
        keyOf(kind)(t.scope, record.id),
        { type: kind, id: record.id, version: record.version },
        lease,
        lease.at,
      );
    },

    async clearDeleting(tenantId, kind, id, lease) {
      const t = await target(tenantId);
      await clearDeleting(t, t.scope, keyOf(kind)(t.scope, id), lease);
    },

    async gridsOfTown(tenantId, townId) {
      const t = await target(tenantId);
      const ids: string[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        // The town's name guards (`NAME#<town>#<name>`, written in each grid's own transaction): a prefix of the key.
        const out = await t.client.send(
          new QueryCommand({
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :names)",
            ExpressionAttributeValues: marshall({ ":pk": keys.grids(t.scope), ":names": keys.gridName(t.scope, townId, "").sk }),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of out.Items ?? []) ids.push(String(unmarshall(item).id));
        start = out.LastEvaluatedKey;
      } while (start);
      const grids = await readMany<Grid>(
        t.client,
        tableName,
        ids.map((id) => keys.grid(t.scope, id)),
      );
      // In name order, as the guards are; a grid moved away between the two reads is no longer the town's.
      const order = new Map(ids.map((id, i) => [id, i]));
      return grids.filter((g) => g.townId === townId).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    },

    saveTown: save(townKind),
    getTown: get<Town>(keys.town),
    deleteTown: destroy(townKind),
    saveGrid: save(gridKind),
    getGrid: get<Grid>(keys.grid),
    deleteGrid: destroy(gridKind),

    async listTowns(tenantId: string, page: PageRequest): Promise<Page<Town>> {
      const t = await target(tenantId);
      return queryPage(
        t.client,
        cursors,
        {
          scope: t.scope.prefix,
          name: "towns",
          input: {
            TableName: tableName,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :id)",
            ExpressionAttributeValues: marshall({ ":pk": keys.towns(t.scope), ":id": "ID#" }),
          },
        },
        page,
        (stored) => fromItem<Town>(stored),
      );
    },

    async listGrids(tenantId: string, townId: string | undefined, page: PageRequest): Promise<Page<Grid>> {
      const t = await target(tenantId);
      const input = townId
        ? {
            TableName: tableName,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": keys.gridsOfTown(t.scope, townId) }),
          }
        : {
            TableName: tableName,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :id)",
            ExpressionAttributeValues: marshall({ ":pk": keys.grids(t.scope), ":id": "ID#" }),
          };
      return queryPage(t.client, cursors, { scope: t.scope.prefix, name: `grids:${townId ?? ""}`, input }, page, (stored) =>
        fromItem<Grid>(stored),
      );
    },
  };
}
