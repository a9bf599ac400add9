// Tenant rubrics in DynamoDB: the rubric records in one tenant partition, each rubric's versions in its own
// partition. A version item may be replaced only while it is a draft, so a published version is immutable
// even against a racing writer; the rubric record is versioned for If-Match.
import { marshall } from "@aws-sdk/util-dynamodb";
import type { RubricRepository } from "#core/assessments/ports";
import type { Rubric, RubricVersion } from "#core/assessments/rubric";
import { errors } from "#core/kernel/errors";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, tenantScope } from "#store/dynamo/keys";
import { equalityFilter, filteredListPage } from "#store/dynamo/list-entries";
import { readItem } from "#store/dynamo/reads";
import { type TransactionStep, toItem, transact, versionedPut } from "#store/dynamo/writes";

export function dynamoRubricRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): RubricRepository {
  return {
    async save(tenantId, m, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const { before, after, version } = m;
      const head = versionedPut(
        t,
        keys.rubric(scope, after.id),
        { ...after, _type: "rubric" },
        { type: "rubric", id: after.id },
        before?.version,
      );
      const versionKey = keys.rubricVersion(scope, after.id, version.version);
      const versionStep: TransactionStep = {
        item: {
          Put: {
            TableName: tableName,
            Item: toItem({ ...version, ...versionKey, _type: "rubric-version" }),
            ConditionExpression: "attribute_not_exists(pk) OR #s = :draft",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: marshall({ ":draft": "draft" }),
          },
        },
        onConditionFailed: () =>
          errors.conflict("rubric_version_published", {
            zh: `评分细则第 ${version.version} 版已发布，不能修改`,
            en: `Version ${version.version} of the rubric is published and cannot change`,
          }),
      };
      await transact(t, scope, [head, versionStep], write);
    },

    async get(tenantId, id) {
      return readItem<Rubric>(await clients.forTenant(tenantId), tableName, keys.rubric(tenantScope(tenantId), id));
    },

    async list(tenantId, filter, page) {
      const scope = tenantScope(tenantId);
      const where = equalityFilter(filter);
      return filteredListPage<Rubric>(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: `rubrics:${JSON.stringify(filter)}`,
          input: {
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: "pk = :pk",
            ScanIndexForward: false,
            ...where.input,
            ExpressionAttributeValues: marshall({ ":pk": keys.rubrics(scope), ...where.values }),
          },
        },
        page,
      );
    },

    async version(tenantId, id, version) {
      return readItem<RubricVersion>(await clients.forTenant(tenantId), tableName, keys.rubricVersion(tenantScope(tenantId), id, version));
    },
  };
}
