// Tenants in DynamoDB: the tenant item lives in the tenant's own partition (`T#<id>` / `TENANT`) and is
// projected into the platform registry (index gsi1, `PLATFORM#TENANTS`) that platform operators list.
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { errors } from "#core/errors";
import type { TenantRepository } from "#core/ports";
import type { Tenant } from "#core/tenant";
import type { ClientProvider } from "#store/client-provider";
import type { CursorCodec } from "#store/cursor";
import { keys, platformTenantsPartition, tenantScope } from "#store/keys";
import { queryPage, readItem } from "#store/reads";
import { createItem, fromItem, replaceItem } from "#store/writes";

export function dynamoTenantRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): TenantRepository {
  const item = (tenant: Tenant) => ({ ...tenant, _type: "tenant", ...keys.tenantRegistryEntry(tenantScope(tenant.id)) });
  return {
    async create(tenant, write) {
      const scope = tenantScope(tenant.id);
      const client = await clients.forTenant(tenant.id);
      await createItem({ client, tableName }, scope, keys.tenant(scope), item(tenant), write, () =>
        errors.conflict("tenant_exists", { zh: `租户 ${tenant.id} 已存在`, en: `Tenant ${tenant.id} already exists` }, { id: tenant.id }),
      );
    },
    async get(id) {
      return readItem<Tenant>(await clients.forTenant(id), tableName, keys.tenant(tenantScope(id)));
    },
    async registered(id) {
      // The platform registry (gsi1), readable without a tenant session: no AssumeRole for an unknown id.
      const result = await clients.forPlatform().send(
        new QueryCommand({
          TableName: tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk AND gsi1sk = :id",
          ExpressionAttributeValues: marshall({ ":pk": platformTenantsPartition, ":id": id }),
        }),
      );
      const item = result.Items?.[0];
      return item ? fromItem<Tenant>(unmarshall(item)) : undefined;
    },
    async list(page) {
      return queryPage(
        clients.forPlatform(),
        cursors,
        {
          scope: "PLATFORM",
          name: "tenants",
          input: {
            TableName: tableName,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": platformTenantsPartition }),
          },
        },
        page,
        (stored) => fromItem<Tenant>(stored),
      );
    },
    async update(next, expectedVersion, write) {
      const scope = tenantScope(next.id);
      const client = await clients.forTenant(next.id);
      await replaceItem({ client, tableName }, scope, keys.tenant(scope), item(next), expectedVersion, write, (current) =>
        current === undefined ? errors.notFound("tenant", next.id) : errors.stale("tenant", next.id, expectedVersion, current),
      );
    },
  };
}
