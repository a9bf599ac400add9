// The DynamoDB side of the benches: an in-memory DynamoDB Local, the table built from the store's definition,
// the demo tenants seeded through the real use cases, and dev signing keys to mint tokens with.
import { join } from "node:path";
import { silentLogger } from "#api/deps";
import { ensureTable, seedDemoTenants } from "#local/bootstrap";
import { type DevKeys, loadDevKeys } from "#local/dev-keys";
import { type RunningDynamo, startDynamoLocal } from "#local/dynamodb-local";
import { localDeps } from "#local/local-deps";
import { localClient } from "#store/dynamo/client-provider";

export interface DynamoFixture {
  readonly endpoint: string;
  readonly tableName: string;
  readonly keys: DevKeys;
  readonly running: RunningDynamo;
}

export const benchTableName = "anquan-bench";

export async function startDynamoFixture(workDir: string): Promise<DynamoFixture> {
  const running = await startDynamoLocal();
  try {
    const keys = await loadDevKeys(join(workDir, "keys"));
    const client = localClient(running.endpoint);
    try {
      await ensureTable(client, benchTableName);
    } finally {
      client.destroy();
    }
    await seedDemoTenants(localDeps({ endpoint: running.endpoint, tableName: benchTableName, keys, logger: silentLogger }));
    return { endpoint: running.endpoint, tableName: benchTableName, keys, running };
  } catch (error) {
    await running.stop();
    throw error;
  }
}
