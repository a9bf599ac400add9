// `npm run client`: regenerates packages/client — the OpenAPI document the app serves (packages/client/openapi.json)
// and the typed TypeScript client Hey API generates from it (packages/client/generated/). The app is built without
// serving anything: the document comes from its routes alone. test/integration/client.test.ts fails when the
// committed client is not what this would write.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createApp } from "#api/app";
import { loadDevKeys } from "#local/dev-keys";
import { localDeps } from "#local/local-deps";

const root = resolve(import.meta.dirname, "../..");
const out = resolve(process.argv[2] ?? join(root, "packages/client"));

const scratch = mkdtempSync(join(tmpdir(), "anquan-client-"));
try {
  // Nothing is asked of DynamoDB: the document is made from the routes, so no database needs to run.
  const deps = localDeps({
    endpoint: "http://127.0.0.1:9",
    tableName: "unused",
    keys: await loadDevKeys(scratch),
    blobDir: scratch,
    outboxDir: scratch,
  });
  const doc = await (await createApp(deps).request("/openapi.json")).json();
  writeFileSync(join(out, "openapi.json"), `${JSON.stringify(doc, null, 2)}\n`);
  const { createClient } = await import("@hey-api/openapi-ts");
  await createClient({
    input: join(out, "openapi.json"),
    // .ts imports: the project runs TypeScript directly (Node type stripping), with no build step to rename them.
    output: { path: join(out, "generated"), clean: true, importFileExtension: ".ts" },
    plugins: ["@hey-api/client-fetch", "@hey-api/typescript", "@hey-api/sdk"],
    logs: { level: "silent" },
  });
  console.log(`client written to ${join(out, "generated")}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
