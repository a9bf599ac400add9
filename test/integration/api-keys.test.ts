// Portals' API keys: issued by a tenant-admin only, shown once, stored hashed, scoped, revocable, last use
// recorded. Their throttling is in throttling.test.ts.
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";

let h: Harness;
let admin: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.token("tenant-admin", "320312", "admin-wang");
});

describe("issuing keys", () => {
  it("shows the token once and stores only its hash", async () => {
    const res = await h.request("POST", "/v1/api-keys", {
      token: admin,
      body: { name: "省风险报告系统", scopes: ["hazards:read", "enterprises:read"] },
    });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^aq_320312_[0-9a-z]{26}_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({
      name: "省风险报告系统",
      scopes: ["enterprises:read", "hazards:read"],
      status: "active",
      rateLimitPerMinute: 600,
      createdBy: "admin-wang",
    });
    expect(res.headers.get("cache-control")).toBe("no-store");

    const read = await h.request("GET", `/v1/api-keys/${res.body.id}`, { token: admin });
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("token");
    expect(JSON.stringify(read.body)).not.toContain(res.body.token.slice(-43));

    const stored = await h.client.send(
      new GetItemCommand({ TableName: h.tableName, Key: { pk: { S: "T#320312#APIKEY" }, sk: { S: res.body.id } } }),
    );
    const item = unmarshall(stored.Item ?? {});
    expect(item.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(item)).not.toContain(res.body.token.slice(-43));
  });

  it("an idempotent retry answers the same key without the token, and creates nothing more", async () => {
    const body = { name: "town dashboard", scopes: ["enterprises:read"] };
    const first = await h.request("POST", "/v1/api-keys", { token: admin, body, headers: { "idempotency-key": "dash-1" } });
    const retry = await h.request("POST", "/v1/api-keys", { token: admin, body, headers: { "idempotency-key": "dash-1" } });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.token).toBeUndefined();
    const list = await h.request("GET", "/v1/api-keys?limit=100", { token: admin });
    expect(list.body.items.filter((k: { name: string }) => k.name === "town dashboard")).toHaveLength(1);
  });

  it("rejects unknown scopes and empty names with field errors", async () => {
    const res = await h.request("POST", "/v1/api-keys", { token: admin, body: { name: " ", scopes: ["everything:write"] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(["name", "scopes.0"]);
  });

  it("only a tenant-admin may manage keys", async () => {
    const key = await h.addApiKey("320312", ["enterprises:read", "enterprises:write", "audit:read"]);
    for (const cred of [
      { token: await h.token("inspector", "320312") },
      { token: await h.token("viewer", "320312") },
      { apiKey: key.token },
      { token: await h.platformToken() },
    ]) {
      const create = await h.request("POST", "/v1/api-keys", { ...cred, body: { name: "x", scopes: ["enterprises:read"] } });
      expect(create.status).toBe(403);
      expect((await h.request("GET", "/v1/api-keys", cred)).status).toBe(403);
      expect((await h.request("DELETE", `/v1/api-keys/${key.id}`, cred)).status).toBe(403);
    }
  });
});

describe("using keys", () => {
  it("grants exactly the key's scopes", async () => {
    const auditor = await h.addApiKey("320312", ["audit:read"]);
    const reader = await h.addApiKey("320312", ["enterprises:read"]);
    expect((await h.request("GET", "/v1/audit?limit=1", { apiKey: auditor.token })).status).toBe(200);
    const denied = await h.request("GET", "/v1/audit?limit=1", { apiKey: reader.token });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: "insufficient_permission", details: { required: "audit:read" } });
  });

  it("a revoked key stops working at once; revoking is audited and idempotent", async () => {
    const key = await h.addApiKey("320312", ["enterprises:read"]);
    expect((await h.request("GET", "/v1/me", { apiKey: key.token })).status).toBe(200);
    const revoke = await h.request("DELETE", `/v1/api-keys/${key.id}`, { token: admin, headers: { "if-match": '"1"' } });
    expect(revoke.status).toBe(200);
    expect(revoke.body).toMatchObject({ status: "revoked", version: 2 });
    const after = await h.request("GET", "/v1/me", { apiKey: key.token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("invalid_api_key");
    expect((await h.request("DELETE", `/v1/api-keys/${key.id}`, { token: admin })).body.status).toBe("revoked");

    const audit = await h.request("GET", "/v1/audit?limit=20", { token: admin });
    const entry = audit.body.items.find(
      (e: { action: string; entity: { id: string } }) => e.action === "api-key.revoke" && e.entity.id === key.id,
    );
    expect(entry).toMatchObject({
      actor: { kind: "user", id: "admin-wang", role: "tenant-admin" },
      changes: { status: { from: "active", to: "revoked" } },
    });
  });

  it("a wrong secret, a tampered tenant, or an expired key is 401", async () => {
    const key = await h.addApiKey("320312", ["enterprises:read"]);
    const wrongSecret = `${key.token.slice(0, -4)}AAAA`;
    const otherTenant = key.token.replace("aq_320312_", "aq_320300_");
    for (const token of [wrongSecret, otherTenant, "aq_nonsense"]) {
      expect((await h.request("GET", "/v1/me", { apiKey: token })).status).toBe(401);
    }
    const expired = await h.addApiKey("320312", ["enterprises:read"], { expiresAt: "2020-01-01T00:00:00+08:00" });
    expect((await h.request("GET", "/v1/me", { apiKey: expired.token })).status).toBe(401);
  });

  it("records when a key was last used", async () => {
    const key = await h.addApiKey("320312", ["enterprises:read"]);
    expect((await h.request("GET", `/v1/api-keys/${key.id}`, { token: admin })).body.lastUsedAt).toBeNull();
    await h.request("GET", "/v1/me", { apiKey: key.token });
    const read = await h.request("GET", `/v1/api-keys/${key.id}`, { token: admin });
    expect(Date.parse(read.body.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});
