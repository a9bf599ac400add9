// `npm start` end to end: the real start script as a child process (its own DynamoDB Local, its own data
// folder), spoken to over real HTTP, with tokens from the real token CLI; then stopped by SIGINT (clean exit,
// DynamoDB Local gone) or killed by SIGKILL (the java guard still takes DynamoDB Local down).
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const execFileAsync = promisify(execFile);

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  readonly dynamoPort: number;
  readonly token: string;
  /** DynamoDB Local's java processes, seen once the API was ready. */
  readonly javaPids: number[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

const running = new Set<Started>();
const tempDirs: string[] = [];

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "anquan-e2e-"));
  tempDirs.push(dir);
  return dir;
}

function childEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.PORT;
  return env;
}

/** Spawns `node packages/local/start.ts …` and resolves once it printed its ready line and dev token. */
async function startApi(dataDir: string, extraArgs: string[] = ["--in-memory"], timeoutMs = 60_000): Promise<Started> {
  const child = spawn(process.execPath, ["packages/local/start.ts", "--port", "0", ...extraArgs], {
    cwd: root,
    env: childEnv(dataDir),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once("exit", (code, signal) => resolveExit({ code, signal })),
  );
  // Track it before it is ready, so a failed start is still cleaned up.
  const placeholder = { child, exited, output: () => out } as Started;
  running.add(placeholder);

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = /Anquan API ready in \d+ ms at (http:\/\/127\.0\.0\.1:(\d+))\s*\n/.exec(out);
    const dynamo = /DynamoDB Local: http:\/\/127\.0\.0\.1:(\d+) /.exec(out);
    const token = /Dev token \([^)]*\):\s*\n(\S+)\n/.exec(out);
    if (ready?.[1] && ready[2] && dynamo?.[1] && token?.[1]) {
      running.delete(placeholder);
      const started: Started = {
        child,
        url: ready[1],
        port: Number(ready[2]),
        dynamoPort: Number(dynamo[1]),
        token: token[1],
        javaPids: javaPidsOnPort(Number(dynamo[1])),
        exited,
        output: () => out,
      };
      running.add(started);
      return started;
    }
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited early (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) throw new Error(`npm start not ready in ${timeoutMs} ms:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends a signal and waits for the process to exit. */
async function stopApi(started: Started, signal: NodeJS.Signals = "SIGINT", timeoutMs = 20_000) {
  started.child.kill(signal);
  const result = await Promise.race([
    started.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit ${timeoutMs} ms after ${signal}`)), timeoutMs)),
  ]);
  return result; // stays in `running`: cleanUp still checks its DynamoDB port
}

/** Pids of java processes (DynamoDB Local) whose command line has `-port <port>`. */
function javaPidsOnPort(port: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue; // gone meanwhile
    }
    const isJava = args[0] === "java" || args[0]?.endsWith("/java");
    const at = args.indexOf("-port");
    if (isJava && at >= 0 && args[at + 1] === String(port)) pids.push(Number(entry));
  }
  return pids;
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.setTimeout(2_000);
    socket.once("connect", () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolveConnect(false);
    });
    socket.once("error", () => resolveConnect(false));
  });
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, interval = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, interval));
  }
}

function alive(pid: number): boolean {
  try {
    // A zombie (state Z) has already let go of its sockets.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

/**
 * DynamoDB Local must be gone: the java processes seen for its port exited, none is left for `-port <port>`,
 * and the port refuses connections. After a graceful stop this holds the moment `npm start` has exited (the
 * guard waits for java); after SIGKILL the guard needs a moment to notice its stdin closing, so `withinMs`
 * allows polling. The java pids must be remembered beforehand: while the JVM shuts down its /proc cmdline can
 * already read empty though it still listens.
 */
async function expectDynamoGone({ dynamoPort: port, javaPids }: Started, withinMs = 0) {
  const gone = await waitFor(
    async () => !javaPids.some(alive) && javaPidsOnPort(port).length === 0 && !(await acceptsConnections(port)),
    withinMs,
    50,
  );
  expect(gone, `DynamoDB Local still up on ${port}: java ${[...javaPids.filter(alive), ...javaPidsOnPort(port)].join(", ")}`).toBe(true);
}

async function cliToken(dataDir: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, ["packages/local/token-cli.ts", ...args], {
    cwd: root,
    env: childEnv(dataDir),
    timeout: 20_000,
  });
  const token = stdout.trim();
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  return token;
}

async function call(url: string, token: string | undefined, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (init.body) headers.set("content-type", "application/json");
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

/** Kills whatever a test left behind: the node process, then any java still serving its DynamoDB port. */
async function cleanUp() {
  for (const started of [...running]) {
    running.delete(started);
    if (started.child.exitCode === null && started.child.signalCode === null) {
      started.child.kill("SIGKILL");
      await Promise.race([started.exited, new Promise((r) => setTimeout(r, 5_000))]);
    }
    if (started.dynamoPort) {
      await waitFor(() => !started.javaPids.some(alive) && javaPidsOnPort(started.dynamoPort).length === 0, 5_000);
      for (const pid of [...started.javaPids.filter(alive), ...javaPidsOnPort(started.dynamoPort)]) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  }
}

afterEach(cleanUp);
afterAll(async () => {
  await cleanUp();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe("npm start (packages/local/start.ts)", () => {
  it("serves the API on the port it prints, accepts dev and CLI tokens, and stops cleanly on SIGINT", { timeout: 120_000 }, async () => {
    const dataDir = tempDataDir();
    const api = await startApi(dataDir);

    // --port 0 picks a free port, and the printed URL names it.
    expect(api.port).toBeGreaterThan(0);
    expect(api.output()).toContain(`Docs:           ${api.url}/docs`);
    expect(api.javaPids).toHaveLength(1);

    const health = await call(`${api.url}/health`, undefined);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "ok" });

    // The printed dev token: tenant-admin of 320312.
    const me = await call(`${api.url}/v1/me`, api.token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: "user", role: "tenant-admin", tenant: { id: "320312", name: "铜山区" }, canManageApiKeys: true });

    // The token CLI signs with the same data folder's key.
    const inspector = await cliToken(dataDir, "--tenant", "320312", "--role", "inspector");
    const inspectorMe = await call(`${api.url}/v1/me`, inspector);
    expect(inspectorMe.status).toBe(200);
    expect(inspectorMe.body).toMatchObject({ role: "inspector", tenant: { id: "320312" }, canManageApiKeys: false });

    const forbidden = await call(`${api.url}/v1/api-keys`, inspector, {
      method: "POST",
      body: JSON.stringify({ name: "portal", scopes: ["enterprises:read"] }),
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ error: { code: expect.any(String), requestId: expect.any(String) } });

    const platform = await cliToken(dataDir, "--role", "platform-admin");
    const tenants = await call(`${api.url}/v1/tenants?limit=100`, platform);
    expect(tenants.status).toBe(200);
    const ids = (tenants.body.items as { id: string }[]).map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(["320300", "320312"]));

    // A token from another data folder's key is refused.
    const stranger = await cliToken(tempDataDir(), "--role", "platform-admin");
    expect((await call(`${api.url}/v1/tenants`, stranger)).status).toBe(401);

    // SIGINT: exit code 0, the API port and the DynamoDB Local port closed, no java left for that port.
    const exit = await stopApi(api, "SIGINT");
    expect(exit, api.output()).toEqual({ code: 0, signal: null });
    expect(api.output()).toContain("SIGINT: stopping the API and DynamoDB Local");
    expect(await acceptsConnections(api.port)).toBe(false);
    await expectDynamoGone(api);
  });

  it("keeps data in DATA_DIR across a restart", { timeout: 150_000 }, async () => {
    const dataDir = tempDataDir();
    const first = await startApi(dataDir, []);
    expect(first.output()).toContain(`data in ${dataDir}/dynamodb`);
    const platform = await cliToken(dataDir, "--role", "platform-admin");

    const created = await call(`${first.url}/v1/tenants`, platform, {
      method: "POST",
      body: JSON.stringify({ id: "350500", name: "泉州市", level: "city" }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ id: "350500", name: "泉州市", level: "city" });

    expect(await stopApi(first, "SIGINT")).toEqual({ code: 0, signal: null });
    await expectDynamoGone(first);

    const second = await startApi(dataDir, []);
    // The same key (dev-keys.json in DATA_DIR), so the earlier CLI token still works.
    const tenant = await call(`${second.url}/v1/tenants/350500`, platform);
    expect(tenant.status).toBe(200);
    expect(tenant.body).toMatchObject({ id: "350500", name: "泉州市", level: "city", status: "active" });
    const list = await call(`${second.url}/v1/tenants?limit=100`, platform);
    expect((list.body.items as { id: string }[]).map((t) => t.id)).toEqual(expect.arrayContaining(["320300", "320312", "350500"]));

    expect(await stopApi(second, "SIGINT")).toEqual({ code: 0, signal: null });
    await expectDynamoGone(second);
  });

  it("takes DynamoDB Local down when node dies by SIGKILL (java guard)", { timeout: 120_000 }, async () => {
    const api = await startApi(tempDataDir());
    expect(api.javaPids).toHaveLength(1);
    expect(await acceptsConnections(api.dynamoPort)).toBe(true);

    const exit = await stopApi(api, "SIGKILL");
    expect(exit).toEqual({ code: null, signal: "SIGKILL" });

    await expectDynamoGone(api, 5_000);
  });
});
