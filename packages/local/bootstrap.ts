// Makes a fresh DynamoDB Local usable: creates the table from the store's definition (if absent) and seeds
// the demo tenants through the real use cases, so a re-run changes nothing.
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import type { AppDeps } from "#api/deps";
import { DomainError } from "#core/kernel/errors";
import { createTenantService } from "#core/tenancy/tenant-service";
import { createTableInput } from "#store/dynamo/table";

export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<"created" | "exists"> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return "exists";
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  return "created";
}

/** 徐州市 (city) and its district 铜山区, where the factory-within-factory (厂中厂) campaign this register serves began. */
export const demoTenants = [
  { id: "320300", name: "徐州市", level: "city", parentId: null, reportRecipients: ["anjian.duty@xuzhou.example"] },
  {
    id: "320312",
    name: "铜山区",
    level: "district",
    parentId: "320300",
    reportRecipients: ["anjian.duty@tongshan.example", "zhang.wei@tongshan.example"],
  },
] as const;

/**
 * When the demo tenants were opened: far enough back that every month a newcomer asks a monthly report for
 * (`npm run job -- monthly-report`, by default last month) is one they existed in.
 */
export const demoTenantsOpened = new Date("2025-01-01T00:00:00+08:00");

export async function seedDemoTenants(deps: AppDeps): Promise<void> {
  const tenants = createTenantService({ ...deps, clock: { now: () => demoTenantsOpened } });
  const ctx = { principal: { kind: "platform", subject: "local-bootstrap", role: "platform-admin" } as const, requestId: "bootstrap" };
  for (const tenant of demoTenants) {
    try {
      await tenants.create(ctx, tenant);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === "tenant_exists")) throw error;
    }
  }
}
