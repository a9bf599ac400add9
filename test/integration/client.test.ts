// The typed client (packages/client) through HTTP → app → DynamoDB Local: a portal lists and creates with an
// official's token or an API key, gets the API's errors as data, and can't reach another tenant; and the committed
// client is what `npm run client` writes from today's document (it fails when someone changed the API and not the
// client).
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anquanClient, createTown, getMe, listTowns } from "#client/index";
import { createHarness, type Harness } from "#test/support/harness";

const root = resolve(import.meta.dirname, "../..");
let h: Harness;
const inProcess: typeof fetch = async (input, init) => h.app.fetch(new Request(input, init));

beforeAll(async () => {
  h = await createHarness();
});

describe("the typed client", () => {
  it("calls the API with an official's token: who am I, create a town, list it", async () => {
    const client = anquanClient({ baseUrl: "http://anquan.test", token: await h.token("tenant-admin", "320312"), fetch: inProcess });
    const me = await getMe({ client });
    expect(me.response?.status).toBe(200);
    expect(me.data).toMatchObject({ kind: "user", role: "tenant-admin", tenant: { id: "320312" } });
    const created = await createTown({ client, body: { name: "客户端镇", kind: "town" } });
    expect(created.response?.status).toBe(201);
    const listed = await listTowns({ client });
    expect(listed.data?.items.map((t) => t.name)).toContain("客户端镇");
  });

  it("calls with an API key, gets errors as data, and sees only its own tenant", async () => {
    const key = await h.addApiKey("320312", ["tenant:read"]);
    const client = anquanClient({ baseUrl: "http://anquan.test", apiKey: key.token, fetch: inProcess });
    const listed = await listTowns({ client });
    expect(listed.response?.status, JSON.stringify(listed.error)).toBe(200);
    expect(listed.data?.items.some((t) => t.name === "客户端镇")).toBe(true);
    const refused = await createTown({ client, body: { name: "不可", kind: "town" } });
    expect(refused.response?.status).toBe(403);
    expect(refused.error).toMatchObject({ error: { code: "insufficient_permission" } });
    const other = anquanClient({ baseUrl: "http://anquan.test", token: await h.token("tenant-admin", "320300"), fetch: inProcess });
    expect((await listTowns({ client: other })).data?.items.some((t) => t.name === "客户端镇")).toBe(false);
    const anonymous = anquanClient({ baseUrl: "http://anquan.test", fetch: inProcess });
    expect((await getMe({ client: anonymous })).response?.status).toBe(401);
  });
});

describe("the committed client", () => {
  const fresh = mkdtempSync(join(tmpdir(), "anquan-client-"));
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  const filesOf = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesOf(path) : [path];
    });

  it("is what npm run client writes from today's document", { timeout: 120_000 }, async () => {
    await promisify(execFile)(process.execPath, [join(root, "packages/local/client-cli.ts"), fresh], { cwd: root });
    const committed = join(root, "packages/client");
    const written = filesOf(fresh)
      .map((f) => relative(fresh, f))
      .sort();
    expect(written).toContain("openapi.json");
    for (const file of written) {
      expect(readFileSync(join(committed, file), "utf8"), `${file}: run npm run client and commit what it writes`).toBe(
        readFileSync(join(fresh, file), "utf8"),
      );
    }
    const kept = filesOf(join(committed, "generated"))
      .map((f) => relative(committed, f))
      .sort();
    expect(kept).toEqual(written.filter((f) => f.startsWith("generated")));
  });
});
