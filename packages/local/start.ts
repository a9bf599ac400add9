// `npm start`: serves the API on http://localhost:3000 (PORT overrides) over the embedded DynamoDB Local,
// data under .data/ (DATA_DIR overrides; --in-memory for a throwaway run), and prints a dev token.
// Ctrl-C stops the server and DynamoDB Local.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { demoTenants } from "#local/bootstrap";
import { mintDevToken } from "#local/dev-keys";
import { startLocalServer } from "#local/server";

const { values } = parseArgs({
  options: {
    "in-memory": { type: "boolean", default: false },
    port: { type: "string" },
    host: { type: "string" },
  },
});

const port = Number(values.port ?? process.env.PORT ?? 3000);
const dataDir = process.env.DATA_DIR ?? ".data";
const started = performance.now();
const server = await startLocalServer({ port, host: values.host ?? "127.0.0.1", dataDir, inMemory: values["in-memory"] ?? false });

const district = demoTenants[1];
const token = await mintDevToken(server.keys, { role: "tenant-admin", tenantId: district.id });
console.log(`
Anquan API ready in ${Math.round(performance.now() - started)} ms at ${server.url}
  DynamoDB Local: ${server.dynamo.endpoint} (${values["in-memory"] ? "in memory" : `data in ${dataDir}/dynamodb`})
  Docs:           ${server.url}/docs
  Mail outbox:    ${join(dataDir, "outbox")} (each mail sent is an .eml file a mail client opens)
  Demo tenants:   ${demoTenants.map((t) => `${t.id} ${t.name}`).join(", ")}

Dev token (tenant-admin of ${district.id} ${district.name}, valid 12 h):
${token}

Try:
  curl -s ${server.url}/v1/me -H "Authorization: Bearer ${token}"
More tokens: npm run token -- --tenant 320312 --role inspector   (or --role platform-admin)
`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the API and DynamoDB Local…`);
  await server.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
