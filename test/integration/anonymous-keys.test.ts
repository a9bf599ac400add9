// Anonymous X-Api-Key values: anyone can shape `aq_<code>_<26>_<43>`. Before anything else the tenant registry
// (platform session) is asked whether the tenant exists and is active; an unknown or suspended tenant, or a code
// that is no division code at all, is 401 invalid_api_key like a wrong secret, and opens no tenant session.
import { randomBytes } from "node:crypto";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";

let h: Harness;
/** Every tenant a session was asked for (in AWS: an AssumeRole each, cached per tenant). */
const sessionsAsked: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  const forTenant = h.sessions.forTenant.bind(h.sessions);
  h.sessions.forTenant = (tenantId) => {
    sessionsAsked.push(tenantId);
    return forTenant(tenantId);
  };
});

const keyId = () => randomBytes(16).toString("hex").slice(0, 26);
const secret = () => randomBytes(32).toString("base64url");
const anonymousKey = (code: string) => `aq_${code}_${keyId()}_${secret()}`;

/** 1,000 distinct well-formed division codes that are no tenant here (Beijing's 110101…, Tianjin's 120101…). */
const unknownTenants = Array.from({ length: 1_000 }, (_, i) => String((i < 500 ? 110101 : 120101 - 500) + i));

async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += 25) await Promise.all(items.slice(i, i + 25).map(run));
}

describe("API keys of tenants that do not exist", () => {
  it("1,000 anonymous keys for unknown tenants are 401 invalid_api_key and ask for no tenant session", async () => {
    const before = sessionsAsked.length;
    const codes: string[] = [];
    await inBatches(unknownTenants, async (code) => {
      const res = await h.request("GET", "/v1/me", { apiKey: anonymousKey(code) });
      codes.push(`${res.status} ${res.body.error?.code}`);
    });
    expect(new Set(codes)).toEqual(new Set(["401 invalid_api_key"]));
    expect(sessionsAsked.slice(before)).toEqual([]);
  });

  it("1,000 unknown key ids of a real tenant read only that tenant", async () => {
    const before = sessionsAsked.length;
    await inBatches(
      Array.from({ length: 1_000 }, () => anonymousKey("320312")),
      async (key) => {
        const res = await h.request("GET", "/v1/me", { apiKey: key });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe("invalid_api_key");
      },
    );
    expect(new Set(sessionsAsked.slice(before))).toEqual(new Set(["320312"]));
  });

  it("a suspended tenant's key is 401 invalid_api_key, like a wrong secret, without a tenant session", async () => {
    await h.addTenant("330100", "杭州市");
    const key = await h.addApiKey("330100", ["enterprises:read"]);
    expect((await h.request("GET", "/v1/me", { apiKey: key.token })).status).toBe(200);
    const suspend = await h.request("PATCH", "/v1/tenants/330100", { token: await h.platformToken(), body: { status: "suspended" } });
    expect(suspend.status).toBe(200);
    const before = sessionsAsked.length;
    for (const token of [key.token, anonymousKey("330100")]) {
      const res = await h.request("GET", "/v1/me", { apiKey: token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("invalid_api_key");
    }
    expect(sessionsAsked.slice(before)).toEqual([]);
  });
});

describe("the registry an API key's tenant is checked in", () => {
  it("is the platform's own entry: an index entry forged into a tenant's partition makes no tenant known", async () => {
    // Written past the store (whose guard refuses it) as stolen tenant credentials could: the registry index keys
    // on an item of 320312's own partition, naming a tenant 130102 that does not exist.
    await h.client.send(
      new PutItemCommand({
        TableName: h.tableName,
        Item: marshall({
          pk: "T#320312#FORGED",
          sk: "x",
          gsi1pk: "PLATFORM#TENANTS",
          gsi1sk: "130102",
          id: "130102",
          name: "伪造",
          level: "city",
          status: "active",
          version: 99,
        }),
      }),
    );
    const before = sessionsAsked.length;
    const res = await h.request("GET", "/v1/me", { apiKey: anonymousKey("130102") });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("invalid_api_key");
    expect(sessionsAsked.slice(before)).toEqual([]);
  });
});

describe("API keys whose tenant part is no division code", () => {
  it("are 401 invalid_api_key, never a 500", async () => {
    for (const code of ["999999", "000000", "990000", "100000", "090101"]) {
      const res = await h.request("GET", "/v1/me", { apiKey: anonymousKey(code) });
      expect(res.status, code).toBe(401);
      expect(res.body.error.code, code).toBe("invalid_api_key");
    }
    expect((await h.request("GET", "/v1/me", { apiKey: anonymousKey("110101") })).status).toBe(401);
  });
});
