// The real local server as the end-to-end tests run it: `node packages/local/start.ts --port 0 …` as a child
// process with its own data folder (its own DynamoDB Local, its own dev key), started and stopped by signal, and
// whatever a test leaves behind (the node process, DynamoDB Local's java) killed afterwards.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach } from "vitest";

/** The repository's root: the child processes run there, as `npm start` does. */
export const root = resolve(import.meta.dirname, "../..");

export interface StartedApi {
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

const running = new Set<StartedApi>();
const tempDirs: string[] = [];

/** A fresh data folder (DATA_DIR), removed after the test file. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "anquan-e2e-"));
  tempDirs.push(dir);
  return dir;
}

/** The environment of a child process working on `dataDir`: this one's, with DATA_DIR set and no PORT. */
export function childEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.PORT;
  return env;
}

/** Spawns `node packages/local/start.ts …` and resolves once it printed its ready line and dev token. */
export async function startApi(dataDir: string, extraArgs: string[] = ["--in-memory"], timeoutMs = 60_000): Promise<StartedApi> {
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
  const placeholder = { child, exited, output: () => out } as StartedApi;
  running.add(placeholder);

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = /Anquan API ready in \d+ ms at (http:\/\/127\.0\.0\.1:(\d+))\s*\n/.exec(out);
    const dynamo = /DynamoDB Local: http:\/\/127\.0\.0\.1:(\d+) /.exec(out);
    const token = /Dev token \([^)]*\):\s*\n(\S+)\n/.exec(out);
    if (ready?.[1] && ready[2] && dynamo?.[1] && token?.[1]) {
      running.delete(placeholder);
      const started: StartedApi = {
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
export async function stopApi(started: StartedApi, signal: NodeJS.Signals = "SIGINT", timeoutMs = 20_000) {
  started.child.kill(signal);
  const result = await Promise.race([
    started.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit ${timeoutMs} ms after ${signal}`)), timeoutMs)),
  ]);
  return result; // stays in `running`: cleanUp still checks its DynamoDB port
}

/** Pids of java processes (DynamoDB Local) whose command line has `-port <port>`. */
export function javaPidsOnPort(port: number): number[] {
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

export function acceptsConnections(port: number): Promise<boolean> {
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

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, interval = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, interval));
  }
}

export function alive(pid: number): boolean {
  try {
    // A zombie (state Z) has already let go of its sockets.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
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

/** Call once at a test file's top: after each test its servers are gone, after the file its data folders too. */
export function cleanUpLocalServers() {
  afterEach(cleanUp);
  afterAll(async () => {
    await cleanUp();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}
