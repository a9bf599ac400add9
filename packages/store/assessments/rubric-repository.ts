// Tenant rubrics in DynamoDB: the rubric records in one tenant partition, each rubric's versions in its own
// partition, saved together as drafted definitions (store/dynamo/drafts.ts: a published version is immutable).
import { marshall } from "@aws-sdk/util-dynamodb";
import type { RubricRepository } from "#core/assessments/ports";
import type { Rubric, RubricVersion } from "#core/assessments/rubric";
import { errors } from "#core/kernel/errors";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { saveDrafted } from "#store/dynamo/drafts";
import { keys, tenantScope } from "#store/dynamo/keys";
import { equalityFilter, filteredListPage } from "#store/dynamo/list-entries";
import { readItem } from "#store/dynamo/reads";

export function dynamoRubricRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): RubricRepository {
  return {
    async save(tenantId, m, write) {
      const scope = tenantScope(tenantId);
      const { before, after, version } = m;
      await saveDrafted(
        { client: await clients.forTenant(tenantId), tableName },
        scope,
        {
          head: { key: keys.rubric(scope, after.id), item: { ...after, _type: "rubric" }, beforeVersion: before?.version },
          entity: { type: "rubric", id: after.id },
          version: { key: keys.rubricVersion(scope, after.id, version.version), item: { ...version, _type: "rubric-version" } },
          published: () =>
            errors.conflict("rubric_version_published", {
              zh: `评分细则第 ${version.version} 版已发布，不能修改`,
              en: `Version ${version.version} of the rubric is published and cannot change`,
            }),
        },
        write,
      );
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
