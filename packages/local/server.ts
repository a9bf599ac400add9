// The local server: DynamoDB Local + table + demo tenants + createApp on @hono/node-server, plus the dev
// JWKS endpoint. Used by `npm start` and by the end-to-end tests.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createApp } from "#api/app";
import { allOf } from "#core/kernel/paging";
import { ensureTable, seedDemoTenants } from "#local/bootstrap";
import { type DevKeys, loadDevKeys } from "#local/dev-keys";
import { type RunningDynamo, startDynamoLocal } from "#local/dynamodb-local";
import { localDeps } from "#local/local-deps";
import { webhookTicker } from "#local/webhook-ticker";
import { localClient } from "#store/dynamo/client-provider";

/** Where a running server leaves its DynamoDB Local endpoint, under the data folder. */
export const endpointFile = "dynamodb-endpoint";

export interface LocalServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly tableName?: string;
}

export interface LocalServer {
  readonly url: string;
  readonly dynamo: RunningDynamo;
  readonly keys: DevKeys;
  close(): Promise<void>;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const tableName = options.tableName ?? "anquan";
  const keys = await loadDevKeys(options.dataDir);
  const dynamo = await startDynamoLocal({ dataDir: options.inMemory ? undefined : `${options.dataDir}/dynamodb` });
  try {
    const client = localClient(dynamo.endpoint);
    await ensureTable(client, tableName);
    client.destroy();
    const deps = localDeps({
      endpoint: dynamo.endpoint,
      tableName,
      keys,
      blobDir: join(options.dataDir, "blobs"),
      outboxDir: join(options.dataDir, "outbox"),
    });
    // `npm run job` finds the running database here instead of opening the same files a second time, or, for an
    // in-memory server, instead of refreshing another (empty) database under the data folder.
    writeFileSync(join(options.dataDir, endpointFile), dynamo.endpoint);
    await seedDemoTenants(deps);
    // Each tenant's key-target list is backfilled once (data from before it existed); a no-op on later starts.
    const tenants = await allOf((page) => deps.tenants.list(page));
    await deps.queue.send(tenants.map((t) => ({ kind: "supervision-backfill", tenantId: t.id })));
    const app = createApp(deps);
    // Where officials' tokens are verified from, as Cognito publishes its JWKS in AWS.
    app.get("/.well-known/jwks.json", (c) => c.json(keys.jwks));
    const host = options.host ?? "127.0.0.1";
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(s));
      s.once("error", reject);
    });
    const ticker = webhookTicker(deps, (message, extra) => deps.logger.error(message, extra));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : options.port;
    return {
      url: `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`,
      dynamo,
      keys,
      async close() {
        await ticker.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        rmSync(join(options.dataDir, endpointFile), { force: true });
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
