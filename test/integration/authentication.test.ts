// Credentials: bearer JWTs verified against the signing key, API keys by stored hash; every failure is a
// clear 401/403/400 in the caller's language, never a 500.
import { exportJWK, generateKeyPair, importJWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { localAudience, localIssuer, localOperatorAudience, localOperatorIssuer } from "#local/dev-keys";
import { createHarness, type Harness, manualClock } from "#test/support/harness";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

interface SignOptions {
  issuer?: string;
  audience?: string;
  /** Relative (`1h`, `-2h`) or a NumericDate. */
  expiresIn?: string | number;
  foreignKey?: boolean;
  /** A NumericDate; `null` leaves the claim out. Default: now. */
  iat?: number | null;
  /** The JOSE header's `typ`; absent unless given. */
  typ?: string;
  /** Any JSON value; default "someone". */
  subject?: unknown;
  /** Whose dev key signs: default the file's harness. */
  by?: Harness;
}

const operators = { issuer: localOperatorIssuer, audience: localOperatorAudience };
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function signWith(claims: Record<string, unknown>, options: SignOptions = {}) {
  const keys = (options.by ?? h).keys;
  const jwk = options.foreignKey ? await exportJWK((await generateKeyPair("ES256", { extractable: true })).privateKey) : keys.privateJwk;
  const key = await importJWK(jwk, "ES256");
  // A subject of any JSON type, as a forged or misconfigured issuer might send it.
  const payload: Record<string, unknown> = { ...claims, sub: options.subject ?? "someone" };
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: "ES256", kid: String(keys.privateJwk.kid), ...(options.typ !== undefined ? { typ: options.typ } : {}) })
    .setIssuer(options.issuer ?? localIssuer)
    .setAudience(options.audience ?? localAudience)
    .setExpirationTime(options.expiresIn ?? "1h");
  if (options.iat !== null) jwt.setIssuedAt(options.iat);
  return jwt.sign(key);
}

const official = { "custom:tenant_id": "320312", "custom:role": "viewer" };

describe("who am I", () => {
  it("tells a user its tenant, role and permissions", async () => {
    const res = await h.request("GET", "/v1/me", { token: await h.token("inspector", "320312", "inspector-li") });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: "user",
      subject: "inspector-li",
      role: "inspector",
      tenant: { id: "320312", name: "铜山区", level: "district", parentId: "320300", status: "active" },
      canManageApiKeys: false,
      canManageTenants: false,
    });
    expect(res.body.permissions).toContain("hazards:write");
    expect(res.body.permissions).not.toContain("rubrics:write");
    expect(res.body.permissions).not.toContain("audit:read");
  });

  it("tells a portal its key's scopes", async () => {
    const key = await h.addApiKey("320312", ["enterprises:read", "hazards:read"]);
    const res = await h.request("GET", "/v1/me", { apiKey: key.token });
    expect(res.body).toMatchObject({ kind: "api-key", subject: key.id, role: null, permissions: ["enterprises:read", "hazards:read"] });
  });

  it("tells a platform operator it has no tenant", async () => {
    const res = await h.request("GET", "/v1/me", { token: await h.platformToken() });
    expect(res.body).toMatchObject({ kind: "platform", tenant: null, canManageTenants: true, permissions: [] });
  });
});

describe("refused credentials", () => {
  it("401 without a credential, with a bilingual message", async () => {
    const zh = await h.request("GET", "/v1/me");
    expect(zh.status).toBe(401);
    expect(zh.headers.get("www-authenticate")).toContain("Bearer");
    expect(zh.body.error.code).toBe("missing_credentials");
    expect(zh.body.error.message).toMatch(/缺少凭证/);
    const en = await h.request("GET", "/v1/me", { headers: { "accept-language": "en" } });
    expect(en.body.error.message).toMatch(/No credential/);
  });

  it("401 for tokens that are malformed, foreign-signed, expired, for another audience or issuer", async () => {
    const tokens = [
      "not-a-jwt",
      await signWith({ "custom:tenant_id": "320312", "custom:role": "tenant-admin" }, { foreignKey: true }),
      await signWith({ "custom:tenant_id": "320312", "custom:role": "tenant-admin" }, { expiresIn: "-2h" }),
      await signWith({ "custom:tenant_id": "320312", "custom:role": "tenant-admin" }, { audience: "someone-else" }),
      await signWith({ "custom:tenant_id": "320312", "custom:role": "tenant-admin" }, { issuer: "https://evil.example" }),
    ];
    for (const token of tokens) {
      const res = await h.request("GET", "/v1/me", { token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("invalid_token");
    }
  });

  it("401 when the claims lack a valid tenant or role", async () => {
    for (const claims of [
      { "custom:role": "tenant-admin" },
      { "custom:tenant_id": "320312", "custom:role": "superuser" },
      { "custom:tenant_id": "abc", "custom:role": "viewer" },
    ]) {
      const res = await h.request("GET", "/v1/me", { token: await signWith(claims) });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("invalid_claims");
    }
  });

  it("403 for a well-formed credential of a tenant that does not exist", async () => {
    const res = await h.request("GET", "/v1/me", { token: await h.token("tenant-admin", "110000") });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("tenant_unknown");
  });

  it("400 when both a bearer token and an API key are sent; 401 for a bad Authorization scheme", async () => {
    const key = await h.addApiKey("320312", ["enterprises:read"]);
    const both = await h.request("GET", "/v1/me", { token: await h.token("viewer", "320312"), apiKey: key.token });
    expect(both.status).toBe(400);
    expect(both.body.error.code).toBe("ambiguous_credentials");
    const basic = await h.request("GET", "/v1/me", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(basic.status).toBe(401);
    expect(basic.body.error.code).toBe("invalid_authorization_header");
  });
});

describe("platform operators come from their own issuer", () => {
  it("refuses a tenant-issuer token with the platform-admin role, with or without a tenant claim", async () => {
    for (const claims of [{ "custom:role": "platform-admin" }, { "custom:role": "platform-admin", "custom:tenant_id": "320312" }]) {
      const res = await h.request("GET", "/v1/tenants", { token: await signWith(claims) });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("invalid_claims");
    }
  });

  it("refuses an operator-issuer token that carries a tenant claim or a tenant role", async () => {
    for (const claims of [
      { "custom:tenant_id": "320312" },
      { "custom:role": "platform-admin", "custom:tenant_id": "320312" },
      { "custom:role": "tenant-admin" },
    ]) {
      const res = await h.request("GET", "/v1/tenants", { token: await signWith(claims, operators) });
      expect(res.status, JSON.stringify(claims)).toBe(401);
      expect(res.body.error.code).toBe("invalid_claims");
    }
  });

  it("takes an operator-issuer token as a platform operator, who manages tenants", async () => {
    for (const token of [await signWith({}, operators), await h.platformToken()]) {
      const res = await h.request("GET", "/v1/tenants?limit=1", { token });
      expect(res.status).toBe(200);
      const me = await h.request("GET", "/v1/me", { token });
      expect(me.body).toMatchObject({ kind: "platform", role: "platform-admin", tenant: null });
    }
  });

  it("refuses an operator-issuer token for the officials' audience, and an officials' token for the operators' audience", async () => {
    const crossed = [
      await signWith({}, { issuer: localOperatorIssuer, audience: localAudience }),
      await signWith(official, { issuer: localIssuer, audience: localOperatorAudience }),
    ];
    for (const token of crossed) expect((await h.request("GET", "/v1/me", { token })).status).toBe(401);
  });
});

describe("token lifetimes, types and subjects", () => {
  it("accepts an ID token of at most a day, issued now or earlier", async () => {
    for (const token of [
      await signWith(official),
      await signWith(official, { iat: nowSeconds() - 3600, expiresIn: nowSeconds() + 23 * 3600 }),
      await signWith({ ...official, token_use: "id" }, { typ: "JWT" }),
    ]) {
      expect((await h.request("GET", "/v1/me", { token })).status).toBe(200);
    }
  });

  it("refuses a token issued in the future, one living longer than a day, and one without iat", async () => {
    const now = nowSeconds();
    const year = 365 * 24 * 3600;
    for (const [what, token] of [
      ["iat a year ahead", await signWith(official, { iat: now + year, expiresIn: now + year + 3600 })],
      ["iat 10 minutes ahead", await signWith(official, { iat: now + 600 })],
      ["exp in 100 years", await signWith(official, { expiresIn: now + 100 * year })],
      ["25 hours", await signWith(official, { iat: now - 3600, expiresIn: now + 24 * 3600 })],
      ["no iat", await signWith(official, { iat: null })],
      ["an operator's, no iat", await signWith({}, { ...operators, iat: null })],
    ] as const) {
      const res = await h.request("GET", "/v1/me", { token });
      expect(res.status, what).toBe(401);
      expect(res.body.error.code, what).toBe("invalid_token");
    }
  });

  it("refuses access tokens (token_use) and JOSE types other than JWT", async () => {
    for (const [what, token] of [
      ["token_use access", await signWith({ ...official, token_use: "access" })],
      ["token_use refresh", await signWith({ ...official, token_use: "refresh" })],
      ["token_use a number", await signWith({ ...official, token_use: 1 })],
      ["typ at+jwt", await signWith(official, { typ: "at+jwt" })],
      ["typ JWE", await signWith(official, { typ: "JWE" })],
    ] as const) {
      const res = await h.request("GET", "/v1/me", { token });
      expect(res.status, what).toBe(401);
      expect(res.body.error.code, what).toBe("invalid_token");
    }
  });

  it("refuses a subject that is not a non-empty string (it would be recorded as the actor)", async () => {
    for (const subject of [{ id: "admin" }, 42, ["a"], ""]) {
      const res = await h.request("GET", "/v1/me", { token: await signWith(official, { subject }) });
      expect(res.status, JSON.stringify(subject)).toBe(401);
      expect(res.body.error.code).toBe("invalid_claims");
    }
  });

  it("checks times against the app's clock, so a pinned clock pins token validity", async () => {
    const clock = manualClock(new Date("2031-01-01T00:00:00Z"));
    const pinned = await createHarness({ clock, tokenClock: clock });
    const at = Math.floor(clock.now().getTime() / 1000);
    const future = await signWith(official, { iat: at - 60, expiresIn: at + 3600, by: pinned });
    expect((await pinned.request("GET", "/v1/me", { token: future })).status).toBe(200);
    expect((await pinned.request("GET", "/v1/me", { token: await pinned.token("viewer", "320312") })).status).toBe(200);
    // On the wall clock the same token was issued years ahead; a token of today has long expired on the pinned clock.
    const wallClock = await createHarness({ keys: pinned.keys });
    expect((await wallClock.request("GET", "/v1/me", { token: future })).status).toBe(401);
    expect((await pinned.request("GET", "/v1/me", { token: await signWith(official, { by: pinned }) })).status).toBe(401);
  });
});

describe("bad requests never reach a 500", () => {
  it("malformed JSON, wrong content type, wrong types, oversized bodies, unknown routes", async () => {
    const platform = await h.platformToken();
    const malformed = await h.request("POST", "/v1/tenants", {
      token: platform,
      rawBody: '{"id": "3203',
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("malformed_json");

    const form = await h.request("POST", "/v1/tenants", {
      token: platform,
      rawBody: "id=320300",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe("unsupported_media_type");

    const types = await h.request("POST", "/v1/tenants", { token: platform, body: { id: 320300, name: ["x"], level: null } });
    expect(types.status).toBe(400);
    expect(types.body.error.details.fields.map((f: { code: string }) => f.code)).toEqual(["invalid_type", "invalid_type", "invalid_value"]);

    const array = await h.request("POST", "/v1/tenants", { token: platform, body: [1, 2] });
    expect(array.status).toBe(400);

    const huge = await h.request("POST", "/v1/tenants", {
      token: platform,
      body: { id: "350500", name: "x".repeat(2 * 1024 * 1024), level: "city" },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("payload_too_large");

    const nowhere = await h.request("GET", "/v1/nowhere", { token: platform });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error.code).toBe("not_found");

    const badIfMatch = await h.request("PATCH", "/v1/tenants/320312", { token: platform, body: {}, headers: { "if-match": "yesterday" } });
    expect(badIfMatch.status).toBe(400);
    expect(badIfMatch.body.error.code).toBe("invalid_if_match");
  });

  it("the health check and the OpenAPI document need no credential", async () => {
    const health = await h.request("GET", "/health");
    expect(health.status).toBe(200);
    expect(health.body.status).toBe("ok");
    const doc = await h.request("GET", "/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(["/health", "/v1/me", "/v1/tenants", "/v1/tenants/{id}", "/v1/api-keys", "/v1/api-keys/{id}", "/v1/audit"]),
    );
    expect(doc.body.components.schemas).toHaveProperty("Tenant");
    expect(doc.body.components.schemas).toHaveProperty("Error");
    expect(doc.body.components.securitySchemes).toHaveProperty("bearerAuth");
    expect(doc.body.paths["/v1/tenants"].post.requestBody.content["application/json"].schema).toBeDefined();
    // The register, placards, imports and the weekly refresh are documented, with their schemas.
    const register = {
      "/v1/enterprises": ["get", "post"],
      "/v1/enterprises/{id}": ["get", "patch", "delete"],
      "/v1/enterprises/{id}/history": ["get"],
      "/v1/enterprises/{id}/lessees": ["get"],
      "/v1/enterprises/{id}/confirm": ["post"],
      "/v1/enterprises/{id}/restore": ["post"],
      "/v1/enterprises/export": ["get"],
      "/v1/towns": ["get", "post"],
      "/v1/grids": ["get", "post"],
      "/v1/settings": ["get", "patch"],
      "/v1/placards": ["get", "post"],
      "/v1/placards/{id}/checks": ["get", "post"],
      "/v1/placards/{id}/revoke": ["post"],
      "/v1/placards/{id}/qr.svg": ["get"],
      "/v1/placards/{id}/qr.png": ["get"],
      "/p/{tenantId}/{token}": ["get"],
      "/p/{tenantId}/stars/{schemeId}": ["get"],
      "/v1/imports": ["get", "post"],
      "/v1/imports/file": ["post"],
      "/v1/imports/{id}": ["get"],
      "/v1/imports/{id}/file": ["put"],
      "/v1/imports/{id}/start": ["post"],
      "/v1/imports/{id}/rejections": ["get"],
      "/v1/imports/{id}/accepted": ["get"],
      "/v1/stats/weekly": ["get"],
      "/v1/stats/weekly/{week}": ["get"],
      "/v1/worklists/{week}": ["get"],
    };
    for (const [path, methods] of Object.entries(register)) {
      expect(Object.keys(doc.body.paths[path] ?? {}).sort(), path).toEqual(expect.arrayContaining(methods));
    }
    for (const schema of [
      "Enterprise",
      "EnterpriseSummary",
      "CreateEnterprise",
      "Placard",
      "ImportJob",
      "ImportRejection",
      "WeeklySnapshot",
    ]) {
      expect(doc.body.components.schemas, schema).toHaveProperty(schema);
    }
    expect(doc.body.paths["/p/{tenantId}/{token}"].get.security).toEqual([]);
    expect(doc.body.paths["/p/{tenantId}/stars/{schemeId}"].get.security).toEqual([]);
  });
});
