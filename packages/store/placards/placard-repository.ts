// Placards in DynamoDB: one tenant partition of placards (newest first), a token item per placard for the
// public page, checks in the placard's own partition; gsi1 lists active placards by last check (the due list),
// gsi2 a unit's placards, gsi3 the ones to replace. Every change is one transaction with its audit record; one that
// makes a placard counted or not (active, of a live unit), or moves a counted one to its unit's new town, also moves
// the unit's count of active placards and the town it counts in (conditioned on both as read, tried again if another
// placard of the unit moved them first) and the tenant's and the towns' counts of active placards and covered units.
import { marshall } from "@aws-sdk/util-dynamodb";
import { errors } from "#core/kernel/errors";
import type { WriteContext } from "#core/kernel/ports";
import { type Placard, type PlacardCheck, storedPlacard } from "#core/placards/placard";
import { replacementReasons } from "#core/placards/placard-replacement";
import type { PlacardMutation, PlacardRepository } from "#core/placards/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { partitionItems, queryPage, readItem, tenantPartitionPage } from "#store/dynamo/reads";
import {
  addCounters,
  fromItem,
  put,
  putIfAbsent,
  type StoreTarget,
  stillThere,
  type TransactionStep,
  transact,
  versionedPut,
} from "#store/dynamo/writes";

/** Sorts a placard saved without its unit's town (a revocation never reads the unit) after every town. */
const noTown = "~";

/**
 * Whether the counts count the placard: active, and of a live unit — its town is null while its unit is deleted
 * (placard-upkeep.ts), undefined on a placard last saved before towns were kept, which counts as it always did.
 */
const counted = (p: Placard | undefined): boolean => p !== undefined && p.status === "active" && p.townId !== null;

/** The unit's count of active placards changed between its read and the transaction: read it again and retry. */
class UnitCountMoved extends Error {}

const countRetries = 5;

export function dynamoPlacardRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): PlacardRepository {
  async function target(tenantId: string): Promise<StoreTarget & { scope: TenantScope }> {
    return { client: await clients.forTenant(tenantId), tableName, scope: tenantScope(tenantId) };
  }

  function item(scope: TenantScope, p: Placard) {
    return {
      ...p,
      _type: "placard",
      gsi2pk: keys.placardsOfUnit(scope, p.enterpriseId),
      gsi2sk: p.id,
      ...(p.status === "active" ? { gsi1pk: keys.placardsDue(scope), gsi1sk: `${p.lastCheckedOn}#${p.id}` } : {}),
      ...(p.townId !== null && replacementReasons(p).length > 0
        ? { gsi3pk: keys.placardsToReplace(scope), gsi3sk: `${p.townId ?? noTown}#${p.id}` }
        : {}),
    };
  }

  /** The placard's own writes, with `counts` (the unit's and the tenant's counts when it becomes active or revoked). */
  async function saveOnce(
    t: StoreTarget & { scope: TenantScope },
    m: PlacardMutation,
    write: WriteContext,
    counts: readonly TransactionStep[],
  ): Promise<void> {
    const { scope } = t;
    const { before, after } = m;
    const steps: TransactionStep[] = [
      versionedPut(t, keys.placard(scope, after.id), item(scope, after), { type: "placard", id: after.id }, before?.version),
      ...counts,
    ];
    if (!before)
      steps.push({ item: putIfAbsent(t, keys.placardToken(scope, after.publicToken), { _type: "placard-token", placardId: after.id }) });
    if (m.check)
      steps.push({
        item: put(t, keys.placardCheck(scope, after.id, m.check.checkedOn, m.check.id), { ...m.check, _type: "placard-check" }),
      });
    if (m.enterprise) {
      steps.push({
        item: stillThere(t, keys.enterprise(scope, m.enterprise.id), m.enterprise.version),
        onConditionFailed: () =>
          errors.conflict("reference_changed", {
            zh: "所属单位刚被修改或删除，请刷新后重试",
            en: "The placard's unit was just changed or deleted; reload and retry",
          }),
      });
    }
    await transact(t, scope, steps, write);
  }

  /**
   * The unit's count of active placards set from the value read to that plus `delta`, with the town it counts in (only
   * if both are still as read), and the counts it moves: the tenant's — one placard more or less, one covered unit
   * more or less when the unit's count leaves or reaches 0 — and its towns' — the placard's town before and after
   * (it moves with its unit), and the town the unit is counted covered in. A placard or unit count saved before towns
   * were kept names none: it counts in no town until its next save gives it one.
   */
  async function countSteps(
    t: StoreTarget & { scope: TenantScope },
    before: Placard | undefined,
    after: Placard,
    delta: number,
  ): Promise<TransactionStep[]> {
    const key = keys.placardUnitCount(t.scope, after.enterpriseId);
    const stored = await readItem<{ active?: number; townId?: string }>(t.client, tableName, key);
    const read = stored?.active ?? 0;
    const readTown = stored?.townId ?? null;
    const next = Math.max(0, read + delta);
    const nextTown = counted(after) ? (after.townId ?? readTown) : readTown;
    const covered = read === 0 && next > 0 ? 1 : read > 0 && next === 0 ? -1 : 0;

    const towns = new Map<string, { active: number; units: number }>();
    const bump = (townId: string | null | undefined, counter: "active" | "units", by: number) => {
      if (!townId) return;
      const counts = towns.get(townId) ?? { active: 0, units: 0 };
      counts[counter] += by;
      towns.set(townId, counts);
    };
    if (counted(before)) bump(before?.townId, "active", -1);
    if (counted(after)) bump(after.townId, "active", 1);
    if (read > 0) bump(readTown, "units", -1);
    if (next > 0) bump(nextTown, "units", 1);

    const condition = [
      read === 0 ? "(attribute_not_exists(active) OR active = :read)" : "active = :read",
      readTown === null ? "attribute_not_exists(townId)" : "townId = :readTown",
    ].join(" AND ");
    const steps: TransactionStep[] = [
      {
        item: {
          Update: {
            TableName: tableName,
            Key: marshall(key),
            UpdateExpression: `SET active = :next, #type = :type${nextTown === null ? "" : ", townId = :town"}`,
            ConditionExpression: condition,
            ExpressionAttributeNames: { "#type": "_type" },
            ExpressionAttributeValues: marshall({
              ":next": next,
              ":read": read,
              ":type": "placard-unit-count",
              ...(readTown === null ? {} : { ":readTown": readTown }),
              ...(nextTown === null ? {} : { ":town": nextTown }),
            }),
          },
        },
        onConditionFailed: () => new UnitCountMoved(),
      },
    ];
    if (delta !== 0 || covered !== 0)
      steps.push({ item: addCounters(t, keys.placardCount(t.scope), { _type: "placard-count" }, { active: delta, units: covered }) });
    for (const [townId, counts] of towns) {
      if (counts.active === 0 && counts.units === 0) continue;
      steps.push({
        item: addCounters(t, keys.placardTownCount(t.scope, townId), { _type: "placard-town-count", townId }, counts),
      });
    }
    return steps;
  }

  return {
    async save(tenantId, m, write) {
      const t = await target(tenantId);
      const { before, after } = m;
      const delta = (counted(after) ? 1 : 0) - (counted(before) ? 1 : 0);
      // A counted placard that takes its unit's (new) town moves the towns' counts though the tenant's stay.
      const moved = counted(after) && counted(before) && (before?.townId ?? null) !== (after.townId ?? null);
      for (let attempt = 1; ; attempt++) {
        try {
          return await saveOnce(t, m, write, delta === 0 && !moved ? [] : await countSteps(t, before, after, delta));
        } catch (error) {
          if (!(error instanceof UnitCountMoved)) throw error;
          if (attempt >= countRetries)
            throw errors.conflict("unit_placards_busy", {
              zh: "该单位的公示牌正被同时修改，请稍后重试",
              en: "The unit's placards are being changed at the same time; retry shortly",
            });
        }
      }
    },

    async coverage(tenantId) {
      const t = await target(tenantId);
      // The tenant's row and its towns' share one partition: one Query.
      const rows = await partitionItems<{ _type?: string; townId?: string; active?: number; units?: number }>(
        t.client,
        tableName,
        keys.placardCount(t.scope).pk,
      );
      // Never below 0: a placard made before the counts were kept, then revoked, takes one off a count it was never on.
      const count = (n: number | undefined) => Math.max(0, n ?? 0);
      const tenant = rows.find((row) => row.townId === undefined);
      return {
        activePlacards: count(tenant?.active),
        coveredUnits: count(tenant?.units),
        byTown: rows
          .filter((row): row is typeof row & { townId: string } => row.townId !== undefined)
          .map((row) => ({ townId: row.townId, activePlacards: count(row.active), coveredUnits: count(row.units) })),
      };
    },

    async get(tenantId, id) {
      const t = await target(tenantId);
      const stored = await readItem<Placard>(t.client, tableName, keys.placard(t.scope, id));
      return stored && storedPlacard(stored);
    },

    async byToken(tenantId, token) {
      const t = await target(tenantId);
      const pointer = await readItem<{ placardId: string }>(t.client, tableName, keys.placardToken(t.scope, token));
      const stored = pointer ? await readItem<Placard>(t.client, tableName, keys.placard(t.scope, pointer.placardId)) : undefined;
      return stored && storedPlacard(stored);
    },

    async list(tenantId, enterpriseId, page) {
      if (enterpriseId === undefined) {
        return tenantPartitionPage(
          { clients, cursors, tableName },
          tenantId,
          { name: "placards", pk: keys.placards, newestFirst: true },
          page,
          (stored) => storedPlacard(fromItem<Placard>(stored)),
        );
      }
      const t = await target(tenantId);
      return queryPage(
        t.client,
        cursors,
        {
          scope: t.scope.prefix,
          name: `placards-of:${enterpriseId}`,
          input: {
            TableName: tableName,
            IndexName: "gsi2",
            KeyConditionExpression: "gsi2pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": keys.placardsOfUnit(t.scope, enterpriseId) }),
            ScanIndexForward: false,
          },
        },
        page,
        (stored) => storedPlacard(fromItem<Placard>(stored)),
      );
    },

    async due(tenantId, cutoff, enterpriseId, page) {
      const t = await target(tenantId);
      // Dates sort as text; `~` sorts after every id character, so `<= cutoff#~` keeps the cutoff day itself.
      const input =
        enterpriseId === undefined
          ? {
              TableName: tableName,
              IndexName: "gsi1",
              KeyConditionExpression: "gsi1pk = :pk AND gsi1sk <= :cutoff",
              ExpressionAttributeValues: marshall({ ":pk": keys.placardsDue(t.scope), ":cutoff": `${cutoff}#~` }),
            }
          : {
              // One unit's placards are a handful: its partition, filtered to the due ones.
              TableName: tableName,
              IndexName: "gsi2",
              KeyConditionExpression: "gsi2pk = :pk",
              FilterExpression: "#s = :active AND lastCheckedOn <= :cutoff",
              ExpressionAttributeNames: { "#s": "status" },
              ExpressionAttributeValues: marshall({
                ":pk": keys.placardsOfUnit(t.scope, enterpriseId),
                ":active": "active",
                ":cutoff": cutoff,
              }),
            };
      return queryPage(
        t.client,
        cursors,
        { scope: t.scope.prefix, name: `placards-due:${cutoff}:${enterpriseId ?? ""}`, input },
        page,
        (stored) => storedPlacard(fromItem<Placard>(stored)),
      );
    },

    async toReplace(tenantId, townId, page) {
      const t = await target(tenantId);
      const pk = keys.placardsToReplace(t.scope);
      return queryPage(
        t.client,
        cursors,
        {
          scope: t.scope.prefix,
          name: `placards-to-replace:${townId ?? ""}`,
          input: {
            TableName: tableName,
            IndexName: "gsi3",
            ...(townId === undefined
              ? { KeyConditionExpression: "gsi3pk = :pk", ExpressionAttributeValues: marshall({ ":pk": pk }) }
              : {
                  KeyConditionExpression: "gsi3pk = :pk AND begins_with(gsi3sk, :town)",
                  ExpressionAttributeValues: marshall({ ":pk": pk, ":town": `${townId}#` }),
                }),
          },
        },
        page,
        (stored) => storedPlacard(fromItem<Placard>(stored)),
      );
    },

    async checks(tenantId, id, page) {
      return tenantPartitionPage(
        { clients, cursors, tableName },
        tenantId,
        { name: `placard-checks:${id}`, pk: (s) => keys.placardChecks(s, id), newestFirst: true },
        page,
        (stored) => fromItem<PlacardCheck>(stored),
      );
    },
  };
}
