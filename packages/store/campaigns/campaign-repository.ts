// Campaigns in DynamoDB: each in its own partition — the definition (`META`, with its key item ids as a string set
// for the work's condition checks, store/dynamo/campaign-tally.ts), a tally per unit in scope (`UNIT#<id>`), its
// expert visits (`VISIT#<id>`) and its draws (`SAMPLE#<stage>`) — and one list entry per campaign in the tenant's
// list partition. A definition changes in one transaction with its audit record; a visit with its unit's tally.
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { type Campaign, type CampaignUnit, summarizeCampaign } from "#core/campaigns/campaign";
import type { CampaignSample } from "#core/campaigns/campaign-sample";
import type { ExpertVisit } from "#core/campaigns/expert-visit";
import { visitCampaignWork } from "#core/campaigns/expert-visit";
import type { CampaignRepository } from "#core/campaigns/ports";
import type { ReviewGrant } from "#core/campaigns/review-grant";
import { errors } from "#core/kernel/errors";
import { campaignTallySteps } from "#store/dynamo/campaign-tally";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { escalationScope, keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { gsi1Items, partitionItems, queryPage, readItem, tenantPartitionPage } from "#store/dynamo/reads";
import {
  createItem,
  deleteItem,
  fromItem,
  put,
  putIfAbsent,
  remove,
  type StoreTarget,
  transact,
  updateItem,
  versionedPut,
} from "#store/dynamo/writes";

/** Scope resolution writes this many unit tallies at once. */
const concurrency = 16;

function definitionItem(c: Campaign): Record<string, unknown> {
  const ids = c.catalogue.items.map((i) => i.id);
  // A string set cannot be empty: a campaign without items has no attribute, and no key item passes its check.
  return { ...c, _type: "campaign", ...(ids.length > 0 ? { keyItemIds: new Set(ids) } : {}) };
}

function toCampaign(item: Record<string, unknown>): Campaign {
  const { keyItemIds: _ids, ...campaign } = item;
  return campaign as unknown as Campaign;
}

function toUnit(item: Record<string, unknown>): CampaignUnit {
  return {
    enterpriseId: String(item.enterpriseId),
    name: String(item.name),
    townId: String(item.townId),
    inScope: item.inScope !== false,
    work: (item.work ?? {}) as CampaignUnit["work"],
  };
}

async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += concurrency) await Promise.all(items.slice(i, i + concurrency).map(run));
}

export function dynamoCampaignRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): CampaignRepository {
  const target = async (tenantId: string): Promise<{ scope: TenantScope; t: StoreTarget }> => ({
    scope: tenantScope(tenantId),
    t: { client: await clients.forTenant(tenantId), tableName },
  });
  const entry = (t: StoreTarget, scope: TenantScope, c: Campaign) => ({
    item: put(t, keys.campaignListEntry(scope, c.id), { ...summarizeCampaign(c), _type: "campaign-entry" }),
  });

  async function units(tenantId: string, id: string): Promise<CampaignUnit[]> {
    const { scope, t } = await target(tenantId);
    const items = await partitionItems<Record<string, unknown>>(t.client, tableName, keys.campaignPartition(scope, id), "UNIT#");
    return items.map(toUnit);
  }

  return {
    async create(tenantId, campaign, write) {
      const { scope, t } = await target(tenantId);
      await transact(
        t,
        scope,
        [
          versionedPut(t, keys.campaign(scope, campaign.id), definitionItem(campaign), { type: "campaign", id: campaign.id }, undefined),
          entry(t, scope, campaign),
        ],
        write,
      );
    },

    async replace(tenantId, before, after, write) {
      const { scope, t } = await target(tenantId);
      await transact(
        t,
        scope,
        [
          versionedPut(t, keys.campaign(scope, after.id), definitionItem(after), { type: "campaign", id: after.id }, before.version),
          entry(t, scope, after),
        ],
        write,
      );
    },

    async get(tenantId, id) {
      const { scope, t } = await target(tenantId);
      const item = await readItem<Record<string, unknown>>(t.client, tableName, keys.campaign(scope, id));
      return item ? toCampaign(item) : undefined;
    },

    async list(tenantId, page) {
      return tenantPartitionPage(
        { clients, cursors, tableName },
        tenantId,
        { name: "campaigns", pk: keys.campaignList, newestFirst: true },
        page,
        (item) => fromItem(item),
      );
    },

    async resolveScope(tenantId, id, wanted, at) {
      const { scope, t } = await target(tenantId);
      const now = new Map(wanted.map((u) => [u.enterpriseId, u]));
      const had = await units(tenantId, id);
      await inBatches([...now.values()], (u) =>
        updateItem(t, scope, {
          Key: marshall(keys.campaignUnit(scope, id, u.enterpriseId)),
          UpdateExpression:
            "SET #type = :type, enterpriseId = :id, #name = :name, townId = :town, inScope = :true, #work = if_not_exists(#work, :empty)",
          ExpressionAttributeNames: { "#type": "_type", "#name": "name", "#work": "work" },
          ExpressionAttributeValues: marshall({
            ":type": "campaign-unit",
            ":id": u.enterpriseId,
            ":name": u.name,
            ":town": u.townId,
            ":true": true,
            ":empty": {},
          }),
        }),
      );
      // A unit that left the scope goes, unless work of the campaign names it (checked where it cannot race).
      await inBatches(
        had.filter((u) => !now.has(u.enterpriseId)),
        async (u) => {
          const key = marshall(keys.campaignUnit(scope, id, u.enterpriseId));
          try {
            await deleteItem(t, scope, {
              Key: key,
              ConditionExpression: "size(#work) = :zero",
              ExpressionAttributeNames: { "#work": "work" },
              ExpressionAttributeValues: marshall({ ":zero": 0 }),
            });
          } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
            await updateItem(t, scope, {
              Key: key,
              UpdateExpression: "SET inScope = :false",
              ExpressionAttributeValues: marshall({ ":false": false }),
            });
          }
        },
      );
      await updateItem(t, scope, {
        Key: marshall(keys.campaign(scope, id)),
        UpdateExpression: "SET #units = :units, scopeResolvedAt = :at",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#units": "units" },
        ExpressionAttributeValues: marshall({ ":units": now.size, ":at": at }),
      });
    },

    units,

    async unit(tenantId, id, enterpriseId) {
      const { scope, t } = await target(tenantId);
      const item = await readItem<Record<string, unknown>>(t.client, tableName, keys.campaignUnit(scope, id, enterpriseId));
      return item ? toUnit(item) : undefined;
    },

    async recordVisit(tenantId, visit, write) {
      const { scope, t } = await target(tenantId);
      await transact(
        t,
        scope,
        [
          versionedPut(
            t,
            keys.campaignVisit(scope, visit.campaignId, visit.id),
            { ...visit, _type: "expert-visit" },
            { type: "expert visit", id: visit.id },
            undefined,
          ),
          ...campaignTallySteps(t, scope, [
            {
              link: { campaignId: visit.campaignId, keyItemId: null },
              enterpriseId: visit.enterpriseId,
              workId: `expert-visit#${visit.id}`,
              work: visitCampaignWork(visit),
              linking: true,
            },
          ]),
        ],
        write,
      );
    },

    async getVisit(tenantId, id, visitId) {
      const { scope, t } = await target(tenantId);
      return readItem<ExpertVisit>(t.client, tableName, keys.campaignVisit(scope, id, visitId));
    },

    async visits(tenantId, id, page) {
      const { scope, t } = await target(tenantId);
      return queryPage(
        t.client,
        cursors,
        {
          scope: scope.prefix,
          name: `campaign-visits:${id}`,
          input: {
            TableName: tableName,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :visit)",
            ScanIndexForward: false,
            ExpressionAttributeValues: marshall({ ":pk": keys.campaignPartition(scope, id), ":visit": "VISIT#" }),
          },
        },
        page,
        (item) => fromItem<ExpertVisit>(item),
      );
    },

    async recordSample(tenantId, campaignId, sample, write) {
      const { scope, t } = await target(tenantId);
      await createItem(
        t,
        scope,
        keys.campaignSample(scope, campaignId, sample.stageId),
        { ...sample, _type: "campaign-sample" },
        write,
        () =>
          errors.conflict("sample_drawn", {
            zh: `阶段 ${sample.stageId} 已抽取验收样本，不能重新抽取`,
            en: `The units of stage ${sample.stageId} are already drawn; a draw is made once`,
          }),
      );
    },

    async grantReview(districtId, grant, write) {
      const district = tenantScope(districtId);
      const city = tenantScope(grant.cityId);
      const t = { client: await clients.forEscalation(districtId, grant.cityId), tableName };
      await transact(
        t,
        escalationScope(district, city),
        [
          {
            item: putIfAbsent(t, keys.campaignReviewGrant(district, grant.campaignId), { ...grant, _type: "campaign-review-grant" }),
            onConditionFailed: () =>
              errors.conflict("review_granted", {
                zh: "该专项行动已交由上级市复核",
                en: "The campaign's review is already granted to the city",
              }),
          },
          {
            item: put(t, keys.campaignReviewNotice(city, districtId, grant.campaignId), {
              ...grant,
              _type: "campaign-review-notice",
              gsi1pk: keys.campaignReviewIndex(city),
              gsi1sk: `${districtId}#${grant.campaignId}`,
            }),
          },
        ],
        write,
      );
    },

    async revokeReview(districtId, grant, write) {
      const district = tenantScope(districtId);
      const city = tenantScope(grant.cityId);
      const t = { client: await clients.forEscalation(districtId, grant.cityId), tableName };
      await transact(
        t,
        escalationScope(district, city),
        [
          { item: remove(t, keys.campaignReviewGrant(district, grant.campaignId)) },
          // The district's session may not delete under its city (infra/leading-keys.ts): the notice is replaced by
          // one without its index keys, which drops it from the city's list.
          {
            item: put(t, keys.campaignReviewNotice(city, districtId, grant.campaignId), {
              ...grant,
              _type: "campaign-review-notice",
              revokedAt: write.audit.at,
            }),
          },
        ],
        write,
      );
    },

    async reviewGrant(districtId, campaignId) {
      const { scope, t } = await target(districtId);
      return readItem<ReviewGrant>(t.client, tableName, keys.campaignReviewGrant(scope, campaignId));
    },

    async reviewsOf(cityId) {
      return gsi1Items<ReviewGrant>(await clients.forTenant(cityId), tableName, keys.campaignReviewIndex(tenantScope(cityId)));
    },

    async noteReview(cityId, write) {
      const { scope, t } = await target(cityId);
      await transact(t, scope, [], write);
    },

    async samples(tenantId, id) {
      const { scope, t } = await target(tenantId);
      return partitionItems<CampaignSample>(t.client, tableName, keys.campaignPartition(scope, id), "SAMPLE#");
    },
  };
}
