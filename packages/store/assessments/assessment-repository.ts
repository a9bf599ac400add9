// Assessments in DynamoDB: each in its own partition; one list entry per list it belongs to (all, stage,
// status, town, rubric, target), sorted by assessment date then id and carrying the summary, so every list
// and the town summary is a Query of one partition. The entity and its entries change in one transaction.
import { marshall } from "@aws-sdk/util-dynamodb";
import { type Assessment, type AssessmentFilter, type AssessmentSummary, assessmentCampaignWork } from "#core/assessments/assessment";
import type { AssessmentRepository } from "#core/assessments/ports";
import { centi } from "#core/kernel/decimal";
import { errors } from "#core/kernel/errors";
import { campaignTallySteps } from "#store/dynamo/campaign-tally";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { type Key, keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { entrySteps, filteredListPage, type ListDimension, listPlan } from "#store/dynamo/list-entries";
import { readItem } from "#store/dynamo/reads";
import { removeIfVersion, type StoreTarget, type TransactionStep, transact, versionedPut } from "#store/dynamo/writes";

function listsOf(s: AssessmentSummary): string[] {
  return ["all", `stage#${s.stage}`, `status#${s.status}`, `town#${s.townId}`, `rubric#${s.rubricId}`, `target#${s.targetId}`];
}

/** Totals as fixed-width text (hundredths, 9 digits): a score range is a string BETWEEN, exact. */
export function totalKey(total: string): string {
  return centi(total).toString().padStart(9, "0");
}

/** The dimensions of the assessment lists, most selective first. */
const dimensions: readonly ListDimension<AssessmentFilter>[] = [
  { filter: "targetId", list: "target", attribute: "targetId" },
  { filter: "townId", list: "town", attribute: "townId" },
  { filter: "rubricId", list: "rubric", attribute: "rubricId" },
  { filter: "stage", list: "stage", attribute: "stage" },
  { filter: "status", list: "status", attribute: "status" },
];

/** The campaign tally of an assessment of a campaign: its summary's work (null: discarded), for the same transaction. */
function tally(t: StoreTarget, scope: TenantScope, a: Assessment, summary: AssessmentSummary | null, linking: boolean): TransactionStep[] {
  if (!a.campaign) return [];
  const work = summary === null ? null : assessmentCampaignWork(summary);
  return campaignTallySteps(t, scope, [{ link: a.campaign, enterpriseId: a.target.id, workId: `assessment#${a.id}`, work, linking }]);
}

export function dynamoAssessmentRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): AssessmentRepository {
  return {
    async save(tenantId, m, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const { before, after } = m;
      const main = versionedPut(
        t,
        keys.assessment(scope, after.id),
        { ...after, _type: "assessment" },
        { type: "assessment", id: after.id },
        before?.version,
      );
      const entry = (s: AssessmentSummary, list: string): Key => keys.assessmentListEntry(scope, list, s.assessedOn, s.id);
      const previous = m.previousSummary;
      const changed = !previous || JSON.stringify(previous) !== JSON.stringify(m.summary);
      const entries = entrySteps(
        t,
        previous ? listsOf(previous).map((list) => entry(previous, list)) : [],
        listsOf(m.summary).map((list) => entry(m.summary, list)),
        changed,
        { ...m.summary, ...(m.summary.total === null ? {} : { totalKey: totalKey(m.summary.total) }), _type: "assessment-entry" },
      );
      await transact(t, scope, [main, ...entries, ...tally(t, scope, after, m.summary, !before)], write);
    },

    async discard(tenantId, assessment, summary, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const main: TransactionStep = {
        item: removeIfVersion(t, keys.assessment(scope, assessment.id), assessment.version),
        onConditionFailed: () => errors.stale("assessment", assessment.id, assessment.version, undefined),
        tombstone: { type: "assessment", id: assessment.id, version: assessment.version + 1 },
      };
      const entries = entrySteps(
        t,
        listsOf(summary).map((list) => keys.assessmentListEntry(scope, list, summary.assessedOn, summary.id)),
        [],
        false,
        {},
      );
      await transact(t, scope, [main, ...entries, ...tally(t, scope, assessment, null, false)], write);
    },

    async get(tenantId, id) {
      return readItem<Assessment>(await clients.forTenant(tenantId), tableName, keys.assessment(tenantScope(tenantId), id));
    },

    async list(tenantId, filter, page) {
      const scope = tenantScope(tenantId);
      const { keyCondition, values, totals } = rangeOf(filter);
      const { list, where } = listPlan(dimensions, filter, { extra: totals });
      values[":pk"] = keys.assessmentListPartition(scope, list);
      const name = `assessments:${list}:${JSON.stringify(filter)}`;
      return filteredListPage<AssessmentSummary>(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name,
          input: {
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: keyCondition,
            ScanIndexForward: false,
            ...where.input,
            ExpressionAttributeValues: marshall({ ...values, ...where.values }),
          },
        },
        page,
      );
    },
  };
}

/** The date range (the list entries' sort key) and the score range (a filter on `totalKey`) of a list query. */
function rangeOf(filter: AssessmentFilter) {
  const values: Record<string, unknown> = {};
  let keyCondition = "pk = :pk";
  // Dates sort as text; `~` sorts after every id character, so `<= to#~` keeps the last day itself.
  if (filter.from !== undefined && filter.to !== undefined) {
    keyCondition += " AND sk BETWEEN :from AND :to";
    values[":from"] = filter.from;
    values[":to"] = `${filter.to}#~`;
  } else if (filter.from !== undefined) {
    keyCondition += " AND sk >= :from";
    values[":from"] = filter.from;
  } else if (filter.to !== undefined) {
    keyCondition += " AND sk <= :to";
    values[":to"] = `${filter.to}#~`;
  }
  const totals: string[] = [];
  if (filter.minTotal !== undefined) {
    values[":minTotal"] = totalKey(filter.minTotal);
    totals.push("totalKey >= :minTotal");
  }
  if (filter.maxTotal !== undefined) {
    values[":maxTotal"] = totalKey(filter.maxTotal);
    totals.push("totalKey <= :maxTotal");
  }
  return { keyCondition, values, totals };
}
