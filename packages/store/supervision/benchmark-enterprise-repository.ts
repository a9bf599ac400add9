// Benchmark enterprises (标杆企业) in DynamoDB: each designation in its own partition; list entries per year —
// `all` and `town#<id>` — carrying the whole (small) record, newest first; the unit's slot for the year while a
// designation stands, which makes a second one a conflict; and a counter per year and town (designated,
// withdrawn) moved by an atomic ADD. All in one transaction with the audit record, so the count never drifts.
import { errors } from "#core/kernel/errors";
import { type BenchmarkEnterprise, type BenchmarkTally, benchmarkCampaignWork } from "#core/supervision/benchmark-enterprise";
import type { BenchmarkEnterpriseRepository } from "#core/supervision/ports";
import { campaignTallySteps } from "#store/dynamo/campaign-tally";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { equalityFilter, newestFirstPage } from "#store/dynamo/list-entries";
import { partitionItems, readItem } from "#store/dynamo/reads";
import {
  addCounters,
  put,
  putIfAbsent,
  remove,
  type StoreTarget,
  type TransactionStep,
  transact,
  versionedPut,
} from "#store/dynamo/writes";

const lists = (d: BenchmarkEnterprise) => ["all", `town#${d.townId}`];

function entrySteps(t: StoreTarget, scope: TenantScope, d: BenchmarkEnterprise): TransactionStep[] {
  return lists(d).map((list) => ({ item: put(t, keys.benchmarkListEntry(scope, d.year, list, d.id), { ...d, _type: "benchmark-entry" }) }));
}

const counter = (t: StoreTarget, scope: TenantScope, d: BenchmarkEnterprise, delta: Record<string, number>): TransactionStep => ({
  item: addCounters(t, keys.benchmarkCounter(scope, d.year, d.townId), { _type: "benchmark-counter", townId: d.townId }, delta),
});

/** The designation's campaign tally, when it counts for a campaign. */
function tally(t: StoreTarget, scope: TenantScope, d: BenchmarkEnterprise, linking: boolean): TransactionStep[] {
  if (!d.campaign) return [];
  return campaignTallySteps(t, scope, [
    {
      link: d.campaign,
      enterpriseId: d.enterpriseId,
      workId: `benchmark#${d.id}`,
      work: benchmarkCampaignWork(d),
      linking,
    },
  ]);
}

function toTally(item: Record<string, unknown>, townId: string): BenchmarkTally {
  return { townId, designated: Number(item.designated ?? 0), withdrawn: Number(item.withdrawn ?? 0) };
}

export function dynamoBenchmarkEnterpriseRepository(
  clients: ClientProvider,
  tableName: string,
  cursors: CursorCodec,
): BenchmarkEnterpriseRepository {
  const target = async (tenantId: string) => ({
    scope: tenantScope(tenantId),
    t: { client: await clients.forTenant(tenantId), tableName },
  });

  return {
    async designate(tenantId, designation, write) {
      const { scope, t } = await target(tenantId);
      await transact(
        t,
        scope,
        [
          {
            item: putIfAbsent(t, keys.benchmarkSlot(scope, designation.year, designation.enterpriseId), {
              _type: "benchmark-slot",
              designationId: designation.id,
            }),
            onConditionFailed: (stored) =>
              errors.conflict(
                "already_benchmark",
                {
                  zh: `${designation.enterpriseName} 已认定为 ${designation.year} 年度标杆企业`,
                  en: `${designation.enterpriseName} is already a benchmark enterprise of ${designation.year}`,
                },
                { id: stored?.designationId ?? null },
              ),
          },
          versionedPut(
            t,
            keys.benchmarkEnterprise(scope, designation.id),
            { ...designation, _type: "benchmark-enterprise" },
            { type: "benchmark enterprise", id: designation.id },
            undefined,
          ),
          ...entrySteps(t, scope, designation),
          counter(t, scope, designation, { designated: 1 }),
          ...tally(t, scope, designation, true),
        ],
        write,
      );
    },

    async get(tenantId, id) {
      return readItem<BenchmarkEnterprise>(
        await clients.forTenant(tenantId),
        tableName,
        keys.benchmarkEnterprise(tenantScope(tenantId), id),
      );
    },

    async withdraw(tenantId, before, after, write) {
      const { scope, t } = await target(tenantId);
      await transact(
        t,
        scope,
        [
          versionedPut(
            t,
            keys.benchmarkEnterprise(scope, after.id),
            { ...after, _type: "benchmark-enterprise" },
            { type: "benchmark enterprise", id: after.id },
            before.version,
          ),
          ...entrySteps(t, scope, after),
          { item: remove(t, keys.benchmarkSlot(scope, after.year, after.enterpriseId)) },
          counter(t, scope, after, { designated: -1, withdrawn: 1 }),
          ...tally(t, scope, after, false),
        ],
        write,
      );
    },

    async list(tenantId, filter, page) {
      const scope = tenantScope(tenantId);
      const list = filter.townId ? `town#${filter.townId}` : "all";
      return newestFirstPage(
        { client: await clients.forTenant(tenantId), cursors, tableName },
        scope,
        {
          name: `benchmark-enterprises:${filter.year}:${list}:${filter.state ?? ""}`,
          pk: keys.benchmarkListPartition(scope, filter.year, list),
          where: equalityFilter({ state: filter.state }),
        },
        page,
      );
    },

    async tallies(tenantId, year) {
      const items = await partitionItems<Record<string, unknown>>(
        await clients.forTenant(tenantId),
        tableName,
        keys.benchmarkCounters(tenantScope(tenantId), year),
      );
      return items.map((item) => toTally(item, String(item.townId)));
    },

    async tally(tenantId, year, townId) {
      const item = await readItem<Record<string, unknown>>(
        await clients.forTenant(tenantId),
        tableName,
        keys.benchmarkCounter(tenantScope(tenantId), year, townId),
      );
      return toTally(item ?? {}, townId);
    },
  };
}
