// Star applications in DynamoDB: the application in its own partition, a small entry per list (all, and the
// unit's) for listing newest first, and a pending slot per unit and scheme that makes a second pending
// application a conflict. Written in one transaction with the audit record.

import type { CampaignTally } from "#core/kernel/campaign-work";
import { errors } from "#core/kernel/errors";
import type { StarApplicationRepository } from "#core/stars/ports";
import { applicationCampaignWork, type StarApplication, summarizeApplication } from "#core/stars/star-application";
import type { StarApplicationFile } from "#core/stars/star-attestation";
import { awardCampaignWork, type StarAward } from "#core/stars/star-award-record";
import { campaignTallySteps } from "#store/dynamo/campaign-tally";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { equalityFilter, newestFirstPage } from "#store/dynamo/list-entries";
import { readItem } from "#store/dynamo/reads";
import { put, putIfAbsent, remove, type StoreTarget, type TransactionStep, transact, versionedPut } from "#store/dynamo/writes";
import { awardEntrySteps, changeSteps, dueSteps } from "#store/stars/star-award-repository";

const lists = (a: { enterpriseId: string }) => ["all", `ent#${a.enterpriseId}`];

/** The application replaced if still at `before.version`, with its list entries. */
function changedSteps(t: StoreTarget, scope: TenantScope, before: StarApplication, after: StarApplication): TransactionStep[] {
  const entry = { ...summarizeApplication(after), _type: "star-application-entry" };
  return [
    versionedPut(
      t,
      keys.starApplication(scope, after.id),
      { ...after, _type: "star-application" },
      { type: "star application", id: after.id },
      before.version,
    ),
    ...lists(after).map((list) => ({ item: put(t, keys.starApplicationEntry(scope, list, after.id), entry) })),
  ];
}

/** The campaign tallies of an application and the awards made on it, when it is a campaign's. */
function tallies(a: StarApplication, awards: readonly StarAward[], linking: boolean): CampaignTally[] {
  if (!a.campaign) return [];
  const link = a.campaign;
  return [
    { link, enterpriseId: a.enterpriseId, workId: `star-application#${a.id}`, work: applicationCampaignWork(a), linking },
    ...awards.map((award) => ({
      link,
      enterpriseId: a.enterpriseId,
      workId: `star-award#${award.id}`,
      work: awardCampaignWork(award),
      linking: false,
    })),
  ];
}

export function dynamoStarApplicationRepository(
  clients: ClientProvider,
  tableName: string,
  cursors: CursorCodec,
): StarApplicationRepository {
  return {
    async create(tenantId, application, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const entry = { ...summarizeApplication(application), _type: "star-application-entry" };
      await transact(
        t,
        scope,
        [
          {
            item: putIfAbsent(t, keys.starApplicationPending(scope, application.enterpriseId, application.scheme.id), {
              _type: "star-application-pending",
              applicationId: application.id,
            }),
            onConditionFailed: (stored) =>
              errors.conflict(
                "application_pending",
                {
                  zh: `${application.enterpriseName} 已有待审核的该方案星级评定申请`,
                  en: `${application.enterpriseName} already has a pending application for this scheme`,
                },
                { id: stored?.applicationId ?? null },
              ),
          },
          { item: putIfAbsent(t, keys.starApplication(scope, application.id), { ...application, _type: "star-application" }) },
          ...lists(application).map((list) => ({ item: putIfAbsent(t, keys.starApplicationEntry(scope, list, application.id), entry) })),
          ...campaignTallySteps(t, scope, tallies(application, [], true)),
        ],
        write,
      );
    },

    async review(tenantId, before, after, awards, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      await transact(
        t,
        scope,
        [
          ...changedSteps(t, scope, before, after),
          { item: remove(t, keys.starApplicationPending(scope, after.enterpriseId, after.scheme.id)) },
          ...awards.flatMap((award) => [
            { item: putIfAbsent(t, keys.starAward(scope, award.id), { ...award, _type: "star-award" }) },
            { item: putIfAbsent(t, keys.starAwardOfUnit(scope, award.enterpriseId, award.id), { ...award, _type: "star-award-of-unit" }) },
            ...dueSteps(t, scope, undefined, award),
            ...awardEntrySteps(t, scope, undefined, award),
          ]),
          ...changeSteps(
            t,
            scope,
            awards.map((after) => ({ before: undefined, after })),
            write,
          ),
          ...campaignTallySteps(t, scope, tallies(after, awards, false)),
        ],
        write,
      );
    },

    async save(tenantId, { before, after }, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      await transact(
        t,
        scope,
        [...changedSteps(t, scope, before, after), ...campaignTallySteps(t, scope, tallies(after, [], false))],
        write,
      );
    },

    async addFile(tenantId, file, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const item = putIfAbsent(t, keys.starApplicationFile(scope, file.applicationId, file.id), {
        ...file,
        _type: "star-application-file",
      });
      await transact(t, scope, [{ item }], write);
    },

    async file(tenantId, applicationId, fileId) {
      const key = keys.starApplicationFile(tenantScope(tenantId), applicationId, fileId);
      return readItem<StarApplicationFile>(await clients.forTenant(tenantId), tableName, key);
    },

    async get(tenantId, id) {
      return readItem<StarApplication>(await clients.forTenant(tenantId), tableName, keys.starApplication(tenantScope(tenantId), id));
    },

    async list(tenantId, filter, page) {
      const scope = tenantScope(tenantId);
      return newestFirstPage(
        { client: await clients.forTenant(tenantId), cursors, tableName },
        scope,
        {
          name: `star-applications:${JSON.stringify(filter)}`,
          pk: keys.starApplicationList(scope, filter.enterpriseId ? `ent#${filter.enterpriseId}` : "all"),
          where: equalityFilter({ status: filter.status }),
        },
        page,
      );
    },
  };
}
