// Star schemes in DynamoDB: the scheme records in one tenant partition, each scheme's versions in its own
// partition, saved together as drafted definitions (store/dynamo/drafts.ts: a published version is immutable).
import { marshall } from "@aws-sdk/util-dynamodb";
import { errors } from "#core/kernel/errors";
import type { StarSchemeRepository } from "#core/stars/ports";
import type { StarScheme, StarSchemeVersion } from "#core/stars/star-scheme";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { saveDrafted } from "#store/dynamo/drafts";
import { keys, tenantScope } from "#store/dynamo/keys";
import { filteredListPage } from "#store/dynamo/list-entries";
import { readItem } from "#store/dynamo/reads";

export function dynamoStarSchemeRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): StarSchemeRepository {
  return {
    async save(tenantId, m, write) {
      const scope = tenantScope(tenantId);
      const { before, after, version } = m;
      await saveDrafted(
        { client: await clients.forTenant(tenantId), tableName },
        scope,
        {
          head: { key: keys.starScheme(scope, after.id), item: { ...after, _type: "star-scheme" }, beforeVersion: before?.version },
          entity: { type: "star scheme", id: after.id },
          version: { key: keys.starSchemeVersion(scope, after.id, version.version), item: { ...version, _type: "star-scheme-version" } },
          published: () =>
            errors.conflict("scheme_version_published", {
              zh: `星级评定方案第 ${version.version} 版已发布，不能修改`,
              en: `Version ${version.version} of the star scheme is published and cannot change`,
            }),
        },
        write,
      );
    },

    async get(tenantId, id) {
      return readItem<StarScheme>(await clients.forTenant(tenantId), tableName, keys.starScheme(tenantScope(tenantId), id));
    },

    async list(tenantId, page) {
      const scope = tenantScope(tenantId);
      return filteredListPage<StarScheme>(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: "star-schemes",
          input: {
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: "pk = :pk",
            ScanIndexForward: false,
            ExpressionAttributeValues: marshall({ ":pk": keys.starSchemes(scope) }),
          },
        },
        page,
      );
    },

    async version(tenantId, id, version) {
      return readItem<StarSchemeVersion>(
        await clients.forTenant(tenantId),
        tableName,
        keys.starSchemeVersion(tenantScope(tenantId), id, version),
      );
    },
  };
}
