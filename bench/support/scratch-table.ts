// A table of its own for a suite that writes a lot (thousands of units): created in the run's DynamoDB Local
// with the demo tenants, and dropped afterwards, so suites neither see each other's data nor keep its memory.
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { silentLogger } from "#api/deps";
import type { Clock } from "#core/kernel/ports";
import { ensureTable, seedDemoTenants } from "#local/bootstrap";
import type { DevKeys } from "#local/dev-keys";
import { localDeps } from "#local/local-deps";
import { localClient } from "#store/dynamo/client-provider";
import type { DynamoFixture } from "./dynamo-fixture.ts";

/** Where localDeps finds a table: what the fixture and a scratch table both are. */
export interface LocalTable {
  readonly endpoint: string;
  readonly tableName: string;
  readonly keys: DevKeys;
}

export interface ScratchTable extends LocalTable {
  drop(): Promise<void>;
}

/**
 * `clock` is when the demo tenants are created (default: now): a suite that reports on past months seeds them
 * earlier, since a month before a tenant existed is refused.
 */
export async function scratchTable(fixture: DynamoFixture, purpose: string, clock?: Clock): Promise<ScratchTable> {
  const tableName = `anquan-bench-${purpose}-${Date.now().toString(36)}`;
  const client = localClient(fixture.endpoint);
  try {
    await ensureTable(client, tableName);
    await seedDemoTenants(
      localDeps({ endpoint: fixture.endpoint, tableName, keys: fixture.keys, client, logger: silentLogger, ...(clock ? { clock } : {}) }),
    );
  } finally {
    client.destroy();
  }
  return {
    endpoint: fixture.endpoint,
    tableName,
    keys: fixture.keys,
    async drop() {
      const admin = localClient(fixture.endpoint);
      try {
        await admin.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        admin.destroy();
      }
    },
  };
}
