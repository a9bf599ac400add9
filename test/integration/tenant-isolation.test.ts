// Tenant B's credentials try tenant A's data by id, list, filter, cursor and write, and all fail. B is A's
// own parent city (320300 above 320312): being the parent grants nothing over the child's data.
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";

let h: Harness;
let adminA: string;
let adminB: string;
let keyOfA: { id: string; token: string };
let auditorB: { id: string; token: string };

beforeAll(async () => {
  h = await createHarness();
  adminA = await h.token("tenant-admin", "320312", "admin-a");
  adminB = await h.token("tenant-admin", "320300", "admin-b");
  keyOfA = await h.addApiKey("320312", ["enterprises:read", "audit:read"]);
  for (let i = 0; i < 3; i++) await h.addApiKey("320312", ["enterprises:read"]);
  auditorB = await h.addApiKey("320300", ["audit:read"]);
});

describe("B cannot reach A's data", () => {
  it("by id: A's key is not found for B, and stays untouched by B's writes", async () => {
    const read = await h.request("GET", `/v1/api-keys/${keyOfA.id}`, { token: adminB });
    expect(read.status).toBe(404);
    const revoke = await h.request("DELETE", `/v1/api-keys/${keyOfA.id}`, { token: adminB });
    expect(revoke.status).toBe(404);
    const stillA = await h.request("GET", `/v1/api-keys/${keyOfA.id}`, { token: adminA });
    expect(stillA.body).toMatchObject({ status: "active", version: 1 });
    expect((await h.request("GET", "/v1/me", { apiKey: keyOfA.token })).status).toBe(200);
  });

  it("by list: B's lists hold only B's keys and B's audit records", async () => {
    const keys = await h.request("GET", "/v1/api-keys?limit=100", { token: adminB });
    expect(keys.body.items.map((k: { id: string }) => k.id)).toEqual([auditorB.id]);
    const audit = await h.request("GET", "/v1/audit?limit=100", { apiKey: auditorB.token });
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBeGreaterThan(0);
    for (const entry of audit.body.items) expect(entry.entity.id).not.toBe(keyOfA.id);
    expect(JSON.stringify(audit.body)).not.toContain("admin-a");
  });

  it("by filter: naming A in query, header or body changes nothing or is refused", async () => {
    const viaQuery = await h.request("GET", "/v1/audit?limit=100&tenant=320312&tenantId=320312", { apiKey: auditorB.token });
    expect(JSON.stringify(viaQuery.body)).not.toContain("admin-a");
    const viaHeader = await h.request("GET", "/v1/me", { token: adminB, headers: { "x-tenant-id": "320312" } });
    expect(viaHeader.body.tenant.id).toBe("320300");
    const viaBody = await h.request("POST", "/v1/api-keys", {
      token: adminB,
      body: { name: "x", scopes: ["audit:read"], tenantId: "320312" },
    });
    expect(viaBody.status).toBe(400);
    expect(viaBody.body.error.details.fields[0]).toMatchObject({ path: "tenantId", code: "unknown_field" });
  });

  it("by cursor: A's cursors are refused for B, and for any other query", async () => {
    const pageA = await h.request("GET", "/v1/api-keys?limit=1", { token: adminA });
    const cursorA = pageA.body.nextCursor as string;
    expect(cursorA).toBeTruthy();
    const asB = await h.request("GET", `/v1/api-keys?limit=1&cursor=${encodeURIComponent(cursorA)}`, { token: adminB });
    expect(asB.status).toBe(400);
    expect(asB.body.error.code).toBe("invalid_cursor");
    const otherQuery = await h.request("GET", `/v1/audit?limit=1&cursor=${encodeURIComponent(cursorA)}`, { token: adminA });
    expect(otherQuery.status).toBe(400);
    // The cursor still works where it belongs.
    const next = await h.request("GET", `/v1/api-keys?limit=1&cursor=${encodeURIComponent(cursorA)}`, { token: adminA });
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).not.toBe(pageA.body.items[0].id);
  });

  it("by credential: A's key id under B's tenant prefix, or B's secret, opens nothing", async () => {
    const swapped = keyOfA.token.replace("aq_320312_", "aq_320300_");
    expect((await h.request("GET", "/v1/me", { apiKey: swapped })).status).toBe(401);
    const secretB = auditorB.token.split("_").slice(3).join("_");
    const mixed = `aq_320312_${keyOfA.id}_${secretB}`;
    expect((await h.request("GET", "/v1/me", { apiKey: mixed })).status).toBe(401);
  });

  it("the platform operator manages tenants but reads no tenant's data", async () => {
    const platform = await h.platformToken();
    const audit = await h.request("GET", "/v1/audit", { token: platform });
    expect(audit.status).toBe(403);
    expect((await h.request("GET", `/v1/api-keys/${keyOfA.id}`, { token: platform })).status).toBe(403);
  });
});
