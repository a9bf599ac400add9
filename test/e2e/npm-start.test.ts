// `npm start` end to end: the real start script as a child process (its own DynamoDB Local, its own data
// folder), spoken to over real HTTP, with tokens from the real token CLI; then stopped by SIGINT (clean exit,
// DynamoDB Local gone) or killed by SIGKILL (the java guard still takes DynamoDB Local down).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  acceptsConnections,
  alive,
  childEnv,
  cleanUpLocalServers,
  javaPidsOnPort,
  root,
  type StartedApi,
  startApi,
  stopApi,
  tempDataDir,
  waitFor,
} from "#test/support/local-server";

const execFileAsync = promisify(execFile);

cleanUpLocalServers();

/**
 * DynamoDB Local must be gone: the java processes seen for its port exited, none is left for `-port <port>`,
 * and the port refuses connections. After a graceful stop this holds the moment `npm start` has exited (the
 * guard waits for java); after SIGKILL the guard needs a moment to notice its stdin closing, so `withinMs`
 * allows polling. The java pids must be remembered beforehand: while the JVM shuts down its /proc cmdline can
 * already read empty though it still listens.
 */
async function expectDynamoGone({ dynamoPort: port, javaPids }: StartedApi, withinMs = 0) {
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
