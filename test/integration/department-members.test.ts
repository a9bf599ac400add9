// Who publishes a key hazard list (重点隐患清单) in a department's name, through HTTP → app → DynamoDB Local: the
// department's members — by the token's departments claim (custom:departments, a comma-separated string or an
// array) or by a membership the tenant-admin records at /v1/departments/{department}/members — a tenant-admin,
// and API keys issued for the department. Anyone else is 403 naming the department, in Chinese and English.
// Membership changes are audited; memberships and claims never cross tenants.
import { importJWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { localAudience, localIssuer } from "#local/dev-keys";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
const tenant = "320312";
const otherTenant = "320300";
const housing = "住建局";
const emergency = "应急管理局";
let h: Harness;
let admin: string;
let hazardId: string;
let half = 0;

/** A half month not yet published for (one list per department and half month): back from 2026-11-2. */
function nextPeriod(): string {
  const n = half++;
  const month = new Date(Date.UTC(2026, 10 - Math.floor(n / 2), 1)).toISOString().slice(0, 7);
  return `${month}-${n % 2 === 0 ? 2 : 1}`;
}

const path = (department: string, subject?: string) =>
  `/v1/departments/${encodeURIComponent(department)}/members${subject === undefined ? "" : `/${encodeURIComponent(subject)}`}`;

function publish(credential: { token?: string; apiKey?: string }, department: string, language = "en") {
  return h.request("POST", "/v1/key-hazard-lists", {
    ...credential,
    headers: { "accept-language": language },
    body: { department, period: nextPeriod(), hazardIds: [hazardId] },
  });
}

/** An official's ID token with the departments claim as given (any JSON: an issuer may send an array). */
async function tokenWithClaim(subject: string, departments: unknown, tenantId = tenant) {
  const key = await importJWK(h.keys.privateJwk, "ES256");
  return new SignJWT({ "custom:tenant_id": tenantId, "custom:role": "inspector", "custom:departments": departments, token_use: "id" })
    .setProtectedHeader({ alg: "ES256", kid: String(h.keys.privateJwk.kid), typ: "JWT" })
    .setIssuer(localIssuer)
    .setAudience(localAudience)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(key);
}

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", tenant, "admin-wang");
  const place = await addPlace(h, admin, "柳新镇");
  const unit = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) })).body;
  const hazard = await h.request("POST", "/v1/hazards", {
    token: admin,
    body: {
      enterpriseId: unit.id,
      category: "建筑施工",
      description: "脚手架未设置连墙件",
      severity: "general",
      source: "inspection",
      foundBy: { name: "李检查" },
      foundOn: "2026-11-20",
    },
  });
  hazardId = hazard.body.id;
  const settings = await h.request("PATCH", "/v1/settings", { token: admin, body: { departments: [emergency, housing] } });
  if (settings.status !== 200) throw new Error(JSON.stringify(settings.body));
});

describe("publishing in a department's name", () => {
  it("is refused to an official of no department: 403 not_department_member naming it, in English and Chinese", async () => {
    const outsider = await h.token("inspector", tenant, "inspector-zhao");
    const en = await publish({ token: outsider }, housing);
    expect(en.status).toBe(403);
    expect(en.body.error).toMatchObject({ code: "not_department_member", details: { department: housing } });
    expect(en.body.error.message).toBe(`Only members of "${housing}" (or a tenant-admin) may publish a key hazard list in its name`);
    const zh = await publish({ token: outsider }, housing, "zh-CN");
    expect(zh.body.error.message).toBe(`只有「${housing}」的成员（或租户管理员）才能以该部门名义发布重点隐患清单`);
    expect((await h.request("GET", "/v1/key-hazard-lists", { token: outsider })).body.items).toEqual([]);
  });

  it("an unknown department is still 422 (the department first), not 403", async () => {
    const outsider = await h.token("inspector", tenant, "inspector-zhao");
    const res = await publish({ token: outsider }, "交通局");
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields[0]).toMatchObject({ path: "department", code: "unknown_department" });
  });

  it("is allowed to members by the token's claim, a comma-separated string or an array, and only for the departments it names", async () => {
    const byString = await h.token("inspector", tenant, "inspector-sun", [housing]);
    expect((await publish({ token: byString }, housing)).status).toBe(201);
    expect((await publish({ token: byString }, emergency)).status).toBe(403);

    const both = await tokenWithClaim("inspector-qian", ` ${housing}，${emergency} ,`);
    expect((await publish({ token: both }, emergency)).status).toBe(201);
    const byArray = await tokenWithClaim("inspector-zhou", [emergency]);
    expect((await publish({ token: byArray }, emergency)).status).toBe(201);
    expect((await publish({ token: byArray }, housing)).status).toBe(403);

    const me = await h.request("GET", "/v1/me", { token: byArray });
    expect(me.body.departments).toEqual([emergency]);
  });

  it("a malformed departments claim makes the token invalid (401), as a bad tenant or role claim does", async () => {
    for (const claim of [42, [housing, 7], { name: housing }]) {
      const res = await h.request("GET", "/v1/me", { token: await tokenWithClaim("inspector-bad", claim) });
      expect(res.status, JSON.stringify(claim)).toBe(401);
      expect(res.body.error.code).toBe("invalid_claims");
    }
  });

  it("is allowed to a tenant-admin for any of the tenant's departments", async () => {
    expect((await publish({ token: admin }, housing)).status).toBe(201);
    expect((await publish({ token: admin }, emergency)).status).toBe(201);
  });
});

describe("memberships the tenant-admin records", () => {
  it("let an official publish while they last: added (201), renamed (200), listed, removed (204) — every change audited", async () => {
    const subject = "inspector-wu";
    const official = await h.token("inspector", tenant, subject);
    expect((await publish({ token: official }, housing)).status).toBe(403);

    const added = await h.request("PUT", path(housing, subject), { token: admin, body: { name: "吴建国" } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ department: housing, subject, name: "吴建国", addedBy: "admin-wang", version: 1 });
    expect(added.headers.get("etag")).toBe('"1"');
    expect((await publish({ token: official }, housing)).status).toBe(201);
    expect((await publish({ token: official }, emergency)).status).toBe(403);

    const same = await h.request("PUT", path(housing, subject), { token: admin, body: { name: "吴建国" } });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);
    const renamed = await h.request("PUT", path(housing, subject), { token: admin, body: { name: "吴建国（科长）" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "吴建国（科长）", version: 2 });
    const bare = await h.request("PUT", path(housing, "inspector-zheng"), { token: admin });
    expect(bare.status).toBe(201);
    expect(bare.body.name).toBeNull();

    const listed = await h.request("GET", path(housing), { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((m: { subject: string }) => m.subject)).toEqual(["inspector-wu", "inspector-zheng"]);
    expect((await h.request("GET", path(emergency), { token: admin })).body.items).toEqual([]);

    const stale = await h.request("DELETE", path(housing, subject), { token: admin, headers: { "if-match": '"1"' } });
    expect(stale.status).toBe(412);
    const removed = await h.request("DELETE", path(housing, subject), { token: admin, headers: { "if-match": '"2"' } });
    expect(removed.status).toBe(204);
    expect((await publish({ token: official }, housing)).status).toBe(403);
    expect((await h.request("DELETE", path(housing, subject), { token: admin })).status).toBe(404);

    const audit = await h.request("GET", "/v1/audit?limit=100", { token: admin });
    const trail = audit.body.items.filter(
      (e: { entity: { type: string; id: string } }) => e.entity.type === "department-member" && e.entity.id === `${housing}/${subject}`,
    );
    // One record per change (the PUT that changed nothing wrote none); the manual clock stands still, so by action.
    expect(trail.map((e: { action: string }) => e.action).sort()).toEqual([
      "department-member.add",
      "department-member.remove",
      "department-member.update",
    ]);
    const of = (action: string) => trail.find((e: { action: string }) => e.action === action);
    expect(of("department-member.add")).toMatchObject({
      actor: { kind: "user", id: "admin-wang" },
      changes: { subject: { from: null, to: subject } },
    });
    expect(of("department-member.update").changes).toEqual({ name: { from: "吴建国", to: "吴建国（科长）" } });
    expect(of("department-member.remove").changes).toMatchObject({
      subject: { from: subject, to: null },
      department: { from: housing, to: null },
    });
  });

  it("are kept by the tenant-admin only, for the tenant's departments, with a well-formed subject", async () => {
    const inspector = await h.token("inspector", tenant, "inspector-li", [housing]);
    for (const [method, url] of [
      ["PUT", path(housing, "inspector-li")],
      ["GET", path(housing)],
      ["DELETE", path(housing, "inspector-zheng")],
    ] as const) {
      const res = await h.request(method, url, { token: inspector });
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.body.error.code).toBe("tenant_admin_only");
    }
    const unknown = await h.request("PUT", path("交通局", "inspector-li"), { token: admin });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.fields[0]).toMatchObject({ path: "department", code: "unknown_department" });
    expect((await h.request("GET", path("交通局"), { token: admin })).status).toBe(422);
    expect((await h.request("PUT", path(housing, "has space"), { token: admin })).status).toBe(400);
    expect((await h.request("PUT", path(housing, "x"), { token: admin, body: { name: "a\nb" } })).status).toBe(400);
  });
});

describe("API keys", () => {
  it("act for the departments they were issued for, and for no other (not for their issuer's)", async () => {
    const key = await h.addApiKey(tenant, ["hazards:write", "hazards:read"], { departments: [housing] });
    expect(key).toMatchObject({ departments: [housing] });
    expect((await publish({ apiKey: key.token }, housing)).status).toBe(201);
    const refused = await publish({ apiKey: key.token }, emergency);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: "not_department_member", details: { department: emergency } });
    expect(refused.body.error.message).toBe(
      `This API key is not issued for "${emergency}": only a key issued for the department may publish a key hazard list in its name`,
    );
    // Issued by a tenant-admin, who may publish for every department: the key still acts for none it was not issued for.
    const plain = await h.addApiKey(tenant, ["hazards:write"]);
    expect((await h.request("GET", `/v1/api-keys/${plain.id}`, { token: admin })).body.departments).toEqual([]);
    expect((await publish({ apiKey: plain.token }, housing)).status).toBe(403);
    const me = await h.request("GET", "/v1/me", { apiKey: key.token });
    expect(me.body.departments).toEqual([housing]);
  });

  it("are issued only for the tenant's departments (422 naming each other one)", async () => {
    const res = await h.request("POST", "/v1/api-keys", {
      token: admin,
      body: { name: "交通局门户", scopes: ["hazards:write"], departments: [housing, "交通局", "水利局"] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual([
      "departments.1:unknown_department",
      "departments.2:unknown_department",
    ]);
  });
});

describe("tenant isolation", () => {
  it("a membership in one tenant lets nobody publish in another that names the same department", async () => {
    const subject = "inspector-he";
    expect((await h.request("PUT", path(housing, subject), { token: admin })).status).toBe(201);
    const cityAdmin = await h.token("tenant-admin", otherTenant, "admin-city");
    await h.request("PATCH", "/v1/settings", { token: cityAdmin, body: { departments: [housing] } });
    const place = await addPlace(h, cityAdmin, "潘塘街道");
    const unit = (await h.request("POST", "/v1/enterprises", { token: cityAdmin, body: enterpriseBody(2, place) })).body;
    const theirHazard = await h.request("POST", "/v1/hazards", {
      token: cityAdmin,
      body: {
        enterpriseId: unit.id,
        category: "建筑施工",
        description: "塔吊限位失效",
        severity: "general",
        source: "inspection",
        foundBy: { name: "张检查" },
        foundOn: "2026-11-20",
      },
    });
    // The same subject signed in to the other tenant: not a member there.
    const there = await h.token("inspector", otherTenant, subject);
    const publishThere = () =>
      h.request("POST", "/v1/key-hazard-lists", {
        token: there,
        body: { department: housing, period: "2026-11-2", hazardIds: [theirHazard.body.id] },
      });
    const res = await publishThere();
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("not_department_member");
    // The other tenant's admin sees none of this tenant's members, and cannot remove them.
    expect((await h.request("GET", path(housing), { token: cityAdmin })).body.items).toEqual([]);
    expect((await h.request("DELETE", path(housing, subject), { token: cityAdmin })).status).toBe(404);
    expect((await h.request("GET", path(housing), { token: admin })).body.items.map((m: { subject: string }) => m.subject)).toContain(
      subject,
    );
    // Its own membership is its own: recorded there, it lets the subject publish there.
    expect((await h.request("PUT", path(housing, subject), { token: cityAdmin })).status).toBe(201);
    expect((await h.request("GET", path(housing), { token: cityAdmin })).body.items).toHaveLength(1);
    expect((await publishThere()).status).toBe(201);
  });

  it("a claim is read in the token's own tenant: a key of one tenant is no member of another's department", async () => {
    const key = await h.addApiKey(tenant, ["hazards:write"], { departments: [housing] });
    const cityAdmin = await h.token("tenant-admin", otherTenant, "admin-city");
    // The key names its tenant: whatever it sends, it publishes in its own tenant, never in the other.
    const published = await publish({ apiKey: key.token }, housing);
    expect(published.status).toBe(201);
    const theirs = await h.request("GET", "/v1/key-hazard-lists", { token: cityAdmin });
    expect(theirs.body.items.map((l: { id: string }) => l.id)).not.toContain(published.body.id);
  });
});
