// Platform operators manage tenants through HTTP → app → DynamoDB Local: create, read, list, change,
// suspend; every rule violation is a clear error that changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";

let h: Harness;
let platform: string;

beforeAll(async () => {
  h = await createHarness();
  platform = await h.platformToken();
});

describe("creating tenants", () => {
  it("creates a city and a district under it, with defaults, ETag and Location", async () => {
    const city = await h.request("POST", "/v1/tenants", { token: platform, body: { id: "350500", name: "泉州市", level: "city" } });
    expect(city.status).toBe(201);
    expect(city.body).toMatchObject({
      id: "350500",
      name: "泉州市",
      level: "city",
      parentId: null,
      timeZone: "Asia/Shanghai",
      status: "active",
      reportRecipients: [],
      version: 1,
    });
    expect(city.headers.get("etag")).toBe('"1"');
    expect(city.headers.get("location")).toBe("/v1/tenants/350500");

    const district = await h.request("POST", "/v1/tenants", {
      token: platform,
      body: { id: "350581", name: "石狮市", level: "district", parentId: "350500", reportRecipients: ["ajj@shishi.gov.cn"] },
    });
    expect(district.status).toBe(201);
    expect(district.body).toMatchObject({ parentId: "350500", reportRecipients: ["ajj@shishi.gov.cn"] });

    const read = await h.request("GET", "/v1/tenants/350581", { token: platform });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(district.body);
  });

  it("refuses a duplicate id with 409 and leaves the first one as it was", async () => {
    await h.addTenant("440300", "深圳市");
    const again = await h.request("POST", "/v1/tenants", { token: platform, body: { id: "440300", name: "另一个", level: "city" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("tenant_exists");
    const read = await h.request("GET", "/v1/tenants/440300", { token: platform });
    expect(read.body.name).toBe("深圳市");
  });

  it("lists every invalid field at once, in the caller's language", async () => {
    const res = await h.request("POST", "/v1/tenants", {
      token: platform,
      headers: { "accept-language": "en-US,en;q=0.9" },
      body: { id: "12345", name: "", level: "province", timeZone: "Mars/Base", reportRecipients: ["not-mail"], extra: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.message).toBe("The request did not pass validation");
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(["extra", "id", "level", "name", "reportRecipients.0", "timeZone"]);
    expect(res.body.error.requestId).toBe(res.headers.get("x-request-id"));

    const zh = await h.request("POST", "/v1/tenants", { token: platform, body: { id: "12345", name: "x", level: "city" } });
    expect(zh.body.error.message).toBe("请求参数校验失败");
    expect(zh.body.error.details.fields[0]).toMatchObject({ path: "id", code: "invalid_division_code" });
    expect(zh.body.error.details.fields[0].message).toContain("行政区划代码");
  });

  it("checks the level against the code and the parent against the register (422)", async () => {
    const cases = [
      [{ id: "320300", name: "x", level: "district" }, "level_mismatch"],
      [{ id: "320382", name: "邳州市", level: "city" }, "level_mismatch"],
      [{ id: "320382", name: "邳州市", level: "district", parentId: "320500" }, "parent_code_mismatch"],
      [{ id: "370102", name: "历下区", level: "district", parentId: "370100" }, "parent_not_found"],
      [{ id: "320100", name: "南京市", level: "city", parentId: "320300" }, "parent_not_allowed"],
      [{ id: "320322", name: "沛县", level: "district", parentId: "320312" }, "parent_not_city"],
    ] as const;
    for (const [body, code] of cases) {
      const res = await h.request("POST", "/v1/tenants", { token: platform, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.details.fields[0].code).toBe(code);
      const read = await h.request("GET", `/v1/tenants/${body.id}`, { token: platform });
      if (body.id !== "320300") expect(read.status).toBe(404);
    }
  });

  it("replays an idempotent create and refuses the key for a different body", async () => {
    const body = { id: "330100", name: "杭州市", level: "city" };
    const first = await h.request("POST", "/v1/tenants", { token: platform, body, headers: { "idempotency-key": "create-hz-1" } });
    const retry = await h.request("POST", "/v1/tenants", { token: platform, body, headers: { "idempotency-key": "create-hz-1" } });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    const other = await h.request("POST", "/v1/tenants", {
      token: platform,
      body: { ...body, name: "杭州" },
      headers: { "idempotency-key": "create-hz-1" },
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
  });
});

describe("changing tenants", () => {
  it("applies If-Match, bumps the version, and answers 412 to a stale writer", async () => {
    await h.addTenant("310000", "上海市");
    const a = await h.request("PATCH", "/v1/tenants/310000", {
      token: platform,
      body: { name: "上海市人民政府" },
      headers: { "if-match": '"1"' },
    });
    expect(a.status).toBe(200);
    expect(a.body.version).toBe(2);
    expect(a.headers.get("etag")).toBe('"2"');
    const stale = await h.request("PATCH", "/v1/tenants/310000", {
      token: platform,
      body: { name: "旧名" },
      headers: { "if-match": '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: "version_mismatch", details: { expectedVersion: 1, currentVersion: 2 } });
    const read = await h.request("GET", "/v1/tenants/310000", { token: platform });
    expect(read.body.name).toBe("上海市人民政府");
  });

  it("refuses changing id or level, and unknown tenants are 404", async () => {
    const res = await h.request("PATCH", "/v1/tenants/320312", { token: platform, body: { level: "city" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0]).toMatchObject({ path: "level", code: "unknown_field" });
    const missing = await h.request("PATCH", "/v1/tenants/370100", { token: platform, body: { name: "济南市" } });
    expect(missing.status).toBe(404);
  });

  it("suspending a tenant shuts out all its credentials until it is reactivated", async () => {
    await h.addTenant("420100", "武汉市");
    const admin = await h.token("tenant-admin", "420100");
    const key = await h.addApiKey("420100", ["enterprises:read"]);
    expect((await h.request("GET", "/v1/me", { token: admin })).status).toBe(200);

    const suspend = await h.request("PATCH", "/v1/tenants/420100", { token: platform, body: { status: "suspended" } });
    expect(suspend.body.status).toBe("suspended");
    for (const cred of [{ token: admin }, { token: await h.token("viewer", "420100") }]) {
      const res = await h.request("GET", "/v1/me", cred);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("tenant_suspended");
    }
    // An API key can be sent by anyone: it learns nothing of the tenant, only that the key does not work.
    const portal = await h.request("GET", "/v1/me", { apiKey: key.token });
    expect(portal.status).toBe(401);
    expect(portal.body.error.code).toBe("invalid_api_key");
    // Another tenant is untouched.
    expect((await h.request("GET", "/v1/me", { token: await h.token("viewer", "320312") })).status).toBe(200);

    await h.request("PATCH", "/v1/tenants/420100", { token: platform, body: { status: "active" } });
    expect((await h.request("GET", "/v1/me", { apiKey: key.token })).status).toBe(200);
  });
});

describe("listing tenants", () => {
  it("pages through the registry with signed cursors, and rejects altered ones", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const page = await h.request("GET", `/v1/tenants${query}`, { token: platform });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((t: { id: string }) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toContain("320300");
    expect(seen).toContain("320312");
    expect(new Set(seen).size).toBe(seen.length);

    const first = await h.request("GET", "/v1/tenants?limit=1", { token: platform });
    const [payload, signature] = String(first.body.nextCursor).split(".");
    const forged = `${Buffer.from(JSON.stringify({ pk: { S: "T#999999" }, sk: { S: "TENANT" } })).toString("base64url")}.${signature}`;
    for (const bad of [forged, `${payload}.AAAA`, "garbage", `${payload}`]) {
      const res = await h.request("GET", `/v1/tenants?cursor=${encodeURIComponent(bad)}`, { token: platform });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_cursor");
    }
  });

  it("validates paging parameters", async () => {
    const res = await h.request("GET", "/v1/tenants?limit=1000", { token: platform });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe("query.limit");
  });
});

describe("who may manage tenants", () => {
  it("only platform-admin; tenant roles and API keys get 403", async () => {
    const key = await h.addApiKey("320312", ["tenant:read", "tenant:write"]);
    for (const cred of [
      { token: await h.token("tenant-admin", "320312") },
      { token: await h.token("inspector", "320312") },
      { token: await h.token("viewer", "320312") },
      { apiKey: key.token },
    ]) {
      expect((await h.request("GET", "/v1/tenants", cred)).status).toBe(403);
      expect((await h.request("GET", "/v1/tenants/320312", cred)).status).toBe(403);
      const create = await h.request("POST", "/v1/tenants", { ...cred, body: { id: "510100", name: "成都市", level: "city" } });
      expect(create.status).toBe(403);
      expect(create.body.error.code).toBe("platform_admin_only");
    }
    expect((await h.request("GET", "/v1/tenants/510100", { token: platform })).status).toBe(404);
  });
});
