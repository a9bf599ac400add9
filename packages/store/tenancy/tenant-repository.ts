// Tenants in DynamoDB: the tenant item lives in the tenant's own partition (`T#<id>` / `TENANT`), written with its
// audit record on the tenant's session; the platform registry that platform operators list and the public pages
// ask (`PLATFORM#TENANTS`, listed through gsi1) holds a copy of it, written on the platform session only — a
// tenant session never writes a platform key, index keys included (write-guard.ts).
import { ConditionalCheckFailedException, type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { childPrefix, isDivisionCode } from "#core/kernel/division-code";
import { DomainError, errors } from "#core/kernel/errors";
import type { WriteContext } from "#core/kernel/ports";
import type { TenantRepository } from "#core/tenancy/ports";
import type { Tenant } from "#core/tenancy/tenant";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, platformTenantsPartition, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { queryPage, readItem } from "#store/dynamo/reads";
import { createItem, fromItem, putItem, replaceItem, toItem, updateItem } from "#store/dynamo/writes";

export function dynamoTenantRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): TenantRepository {
  const item = (tenant: Tenant) => ({ ...tenant, _type: "tenant" });

  /**
   * Writes `tenant` into the platform registry unless the registry already has this version or a later one (two
   * changes racing may register in either order). It follows the tenant's own write, which cannot share its
   * transaction (one session each); should it fail, the request fails, and the tenant's next change, or the create
   * retried, registers it.
   */
  async function register(tenant: Tenant): Promise<void> {
    try {
      await putItem({ client: clients.forPlatform(), tableName }, "platform", {
        Item: toItem({ ...tenant, _type: "tenant-registry", ...keys.tenantRegistryEntry(tenantScope(tenant.id)) }),
        ConditionExpression: "attribute_not_exists(pk) OR #v < :v",
        ExpressionAttributeNames: { "#v": "version" },
        ExpressionAttributeValues: marshall({ ":v": tenant.version }),
      });
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Takes a tenant item of an older table out of the registry index (its own entry now stands for it there): only
   * index keys go, at the version read, so no field of the tenant changes and nothing needs an audit record.
   */
  async function leaveRegistryIndex(client: DynamoDBClient, scope: TenantScope, version: unknown): Promise<void> {
    try {
      await updateItem({ client, tableName }, scope, {
        Key: marshall(keys.tenant(scope)),
        UpdateExpression: "REMOVE gsi1pk, gsi1sk",
        ConditionExpression: "#v = :v",
        ExpressionAttributeNames: { "#v": "version" },
        ExpressionAttributeValues: marshall({ ":v": version }),
      });
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error; // changed meanwhile: its update did it
    }
  }

  async function create(tenant: Tenant, write: WriteContext): Promise<void> {
    const scope = tenantScope(tenant.id);
    const client = await clients.forTenant(tenant.id);
    try {
      await createItem({ client, tableName }, scope, keys.tenant(scope), item(tenant), write, () =>
        errors.conflict("tenant_exists", { zh: `租户 ${tenant.id} 已存在`, en: `Tenant ${tenant.id} already exists` }, { id: tenant.id }),
      );
    } catch (error) {
      // A create retried after its registry write failed (or a tenant stored before the registry had entries of
      // its own): register the tenant as stored; an entry of this version or a later one is left as it is.
      if (error instanceof DomainError && error.code === "tenant_exists") {
        const found = await client.send(
          new GetItemCommand({ TableName: tableName, Key: marshall(keys.tenant(scope)), ConsistentRead: true }),
        );
        const stored = found.Item ? unmarshall(found.Item) : undefined;
        if (stored) {
          await register(fromItem<Tenant>(stored));
          if (stored.gsi1pk !== undefined) await leaveRegistryIndex(client, scope, stored.version);
        }
      }
      throw error;
    }
    await register(tenant);
  }

  async function update(next: Tenant, expectedVersion: number, write: WriteContext): Promise<void> {
    const scope = tenantScope(next.id);
    const client = await clients.forTenant(next.id);
    // The tenant item no longer carries registry index keys: an older item rewritten here leaves gsi1, and its
    // registry entry takes its place.
    await replaceItem({ client, tableName }, scope, keys.tenant(scope), item(next), expectedVersion, write, (current) =>
      current === undefined ? errors.notFound("tenant", next.id) : errors.stale("tenant", next.id, expectedVersion, current),
    );
    await register(next);
  }

  return {
    async save(tenantId, { before, after }, write) {
      if (tenantId !== after.id) throw new Error(`tenant ${after.id} saved as ${tenantId}`);
      if (before === undefined) await create(after, write);
      else await update(after, before.version, write);
    },
    async get(id) {
      return readItem<Tenant>(await clients.forTenant(id), tableName, keys.tenant(tenantScope(id)));
    },
    async registered(id) {
      // The tenant's registry entry, read on the platform session (no AssumeRole for an unknown id) from the
      // PLATFORM# partition that only the platform session can write, consistently: a suspension counts at once.
      if (!isDivisionCode(id)) return undefined;
      const { pk, sk } = keys.tenantRegistryEntry(tenantScope(id));
      const found = await clients
        .forPlatform()
        .send(new GetItemCommand({ TableName: tableName, Key: marshall({ pk, sk }), ConsistentRead: true }));
      return found.Item ? fromItem<Tenant>(unmarshall(found.Item)) : undefined;
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
    async childrenOf(cityId, page) {
      // A district's code starts with its city's (tenant-service.ts checks it), so its entry sorts under that prefix.
      return queryPage(
        clients.forPlatform(),
        cursors,
        {
          scope: "PLATFORM",
          name: `tenants:children:${cityId}`,
          input: {
            TableName: tableName,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
            FilterExpression: "parentId = :city",
            ExpressionAttributeValues: marshall({ ":pk": platformTenantsPartition, ":prefix": childPrefix(cityId), ":city": cityId }),
          },
        },
        page,
        (stored) => fromItem<Tenant>(stored),
      );
    },
  };
}
