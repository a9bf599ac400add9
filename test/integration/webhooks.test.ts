// Webhooks end to end: HTTP → app → DynamoDB Local → the dispatcher and the delivery jobs → a real receiver on
// loopback that checks every delivery with the Standard Webhooks reference verifier. Registration shows the secret
// once; a unit's create, update and delete arrive signed; a rotated secret signs alongside the new one for the
// overlap, then not; failures are retried and logged (status, timeout, redirect not followed, body cut); an endpoint
// failing for days is disabled with an audit record and a mail; SSRF targets are refused at registration and at
// send; replays keep the webhook-id; other tenants and inspectors cannot reach an endpoint.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeSettleMs } from "#core/changes/change-feed-service";
import type { HostResolver, ResolvedAddress } from "#core/webhooks/webhook-target";
import { dnsHostResolver } from "#store/webhooks/host-resolver";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";
import { type Received, startWebhookReceiver, type WebhookReceiver } from "#test/support/webhook-receiver";

const tenantId = "320312";
const unbounded = { remainingMs: () => Number.POSITIVE_INFINITY };
/** The feed a step ahead of the wall clock: what a test wrote is past the settle window at once. */
const feed = { now: () => new Date(Date.now() + changeSettleMs) };
/** Hosts the tests point their own way (a DNS answer that changes between registration and send); others go to DNS. */
const pinned = new Map<string, ResolvedAddress[]>();
const resolver: HostResolver = { resolve: async (host) => pinned.get(host) ?? dnsHostResolver.resolve(host) };

let receiver: WebhookReceiver;
let h: Harness;
let admin: string;
let place: Place;
let seq = 0;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  h = await createHarness({
    feedClock: feed,
    webhookTargets: "loopback-too",
    webhookResolver: resolver,
    webhookTiming: { timeoutMs: 300, retryScheduleMs: [0, 0] },
    webhookSecretOverlapMs: 1500,
  });
  admin = await h.token("tenant-admin", tenantId);
  place = await addPlace(h, admin, "推送镇");
}, 60_000);
afterAll(() => receiver.close());

async function register(harness: Harness, token: string, body: Record<string, unknown>) {
  const res = await harness.request("POST", "/v1/webhooks", { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string; version: number };
}

/** Runs the tenant's dispatcher and waits for every delivery (and retry) it started. */
async function dispatch(harness: Harness = h, tenant = tenantId) {
  await harness.deps.jobs.run({ kind: "webhook-dispatch", tenantId: tenant }, unbounded);
  await harness.deps.queue.idle();
}

async function log(harness: Harness, token: string, endpointId: string) {
  const res = await harness.request("GET", `/v1/webhooks/${endpointId}/deliveries?limit=100`, { token });
  expect(res.status).toBe(200);
  return res.body.items as any[];
}

/** A town only the endpoint subscribed to `town` sees; answers its id. */
async function town(harness: Harness = h, token = admin) {
  const res = await harness.request("POST", "/v1/towns", { token, body: { name: `推送测试镇${++seq}`, kind: "town" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const headersOf = (r: { headers: Record<string, unknown> }) => ({
  "webhook-id": String(r.headers["webhook-id"]),
  "webhook-timestamp": String(r.headers["webhook-timestamp"]),
  "webhook-signature": String(r.headers["webhook-signature"]),
});

/** The Standard Webhooks reference verifier's judgement of one received delivery. */
function verify(secret: string, received: Received | undefined): unknown {
  if (!received) throw new Error("nothing was received");
  return new Webhook(secret).verify(received.body, headersOf(received));
}

describe("webhook endpoints", () => {
  it("shows the secret once, in the Standard Webhooks format, and never again", async () => {
    const created = await register(h, admin, { url: receiver.url("/secret-once"), types: ["hazard.created"], description: "门户" });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), "base64").length).toBeGreaterThanOrEqual(24);
    const read = await h.request("GET", `/v1/webhooks/${created.id}`, { token: admin });
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('"1"');
    expect(read.body).toMatchObject({
      url: receiver.url("/secret-once"),
      types: ["hazard.created"],
      state: "enabled",
      description: "门户",
    });
    const listed = await h.request("GET", "/v1/webhooks", { token: admin });
    expect(listed.body.items.map((e: any) => e.id)).toContain(created.id);
    for (const text of [JSON.stringify(read.body), JSON.stringify(listed.body)]) {
      expect(text).not.toContain(created.secret);
      expect(text).not.toContain('secret"');
    }
    const audit = await h.request("GET", "/v1/audit?limit=100", { token: admin });
    expect(JSON.stringify(audit.body)).not.toContain(created.secret.slice(6));
    expect((await h.request("DELETE", `/v1/webhooks/${created.id}`, { token: admin, headers: { "if-match": '"1"' } })).status).toBe(204);
    expect((await h.request("GET", `/v1/webhooks/${created.id}`, { token: admin })).status).toBe(404);
  });

  it("refuses an unknown type, and changes with If-Match", async () => {
    const bad = await h.request("POST", "/v1/webhooks", { token: admin, body: { url: receiver.url("/x"), types: ["hazard.exploded"] } });
    expect(bad.status).toBe(400);
    const created = await register(h, admin, { url: receiver.url("/patch"), types: ["town"] });
    const stale = await h.request("PATCH", `/v1/webhooks/${created.id}`, {
      token: admin,
      body: { description: "x" },
      headers: { "if-match": '"9"' },
    });
    expect(stale.status).toBe(412);
    const changed = await h.request("PATCH", `/v1/webhooks/${created.id}`, {
      token: admin,
      body: { types: ["grid.created", "town"], enabled: false },
      headers: { "if-match": '"1"' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ types: ["grid.created", "town"], state: "disabled", disabledReason: "manual", version: 2 });
    expect((await h.request("DELETE", `/v1/webhooks/${created.id}`, { token: admin })).status).toBe(204);
  });

  it("is the tenant-admin's own: another tenant gets 404, an inspector 403", async () => {
    const created = await register(h, admin, { url: receiver.url("/mine"), types: ["town"] });
    const other = await h.token("tenant-admin", "320300");
    for (const [method, path] of [
      ["GET", `/v1/webhooks/${created.id}`],
      ["PATCH", `/v1/webhooks/${created.id}`],
      ["DELETE", `/v1/webhooks/${created.id}`],
      ["POST", `/v1/webhooks/${created.id}/secret/rotate`],
      ["GET", `/v1/webhooks/${created.id}/deliveries`],
    ] as const) {
      const res = await h.request(method, path, { token: other, ...(method === "PATCH" ? { body: { description: "x" } } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await h.request("GET", "/v1/webhooks", { token: other })).body.items).toEqual([]);
    const inspector = await h.token("inspector", tenantId, "inspector-9");
    expect((await h.request("GET", "/v1/webhooks", { token: inspector })).status).toBe(403);
    expect((await h.request("GET", `/v1/webhooks/${created.id}`, { token: inspector })).status).toBe(403);
    expect((await h.request("POST", "/v1/webhooks", { token: inspector, body: { url: receiver.url("/i") } })).status).toBe(403);
    await h.request("DELETE", `/v1/webhooks/${created.id}`, { token: admin });
  });
});

describe("deliveries", () => {
  it("sends a unit's create, update and delete, signed, with a thin body; a second dispatch sends nothing again", async () => {
    const start = (await h.request("GET", "/v1/changes?since=now", { token: admin })).body.nextCursor;
    const endpoint = await register(h, admin, { url: receiver.url("/units"), types: ["enterprise"] });
    const unit = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(7101, place) });
    expect(unit.status).toBe(201);
    expect(
      (await h.request("PATCH", `/v1/enterprises/${unit.body.id}`, { token: admin, body: { name: "徐州推送改名机械有限公司" } })).status,
    ).toBe(200);
    expect((await h.request("DELETE", `/v1/enterprises/${unit.body.id}`, { token: admin })).status).toBe(200);
    await dispatch();

    const got = receiver.received("/units");
    expect(got).toHaveLength(3);
    for (const r of got) {
      expect(r.headers["content-type"]).toBe("application/json");
      expect(Number(r.headers["webhook-timestamp"])).toBeCloseTo(Date.now() / 1000, -2);
      expect(() => verify(endpoint.secret, r)).not.toThrow();
    }
    expect(() => verify(`whsec_${Buffer.alloc(32, 1).toString("base64")}`, got[0])).toThrow();
    // Deliveries go out at once, not one after another: the feed positions they carry give the order.
    const positionOf = (body: any) => Buffer.from(body.data.position, "base64url").toString("utf8");
    const bodies = got.map((r) => JSON.parse(r.body)).sort((a, b) => (positionOf(a) < positionOf(b) ? -1 : 1));
    expect(bodies.map((b) => [b.type, b.data.version])).toEqual([
      ["enterprise.created", 1],
      ["enterprise.updated", 2],
      ["enterprise.deleted", 3],
    ]);
    expect(bodies[0]).toEqual({
      type: "enterprise.created",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        resourceType: "enterprise",
        id: unit.body.id,
        version: 1,
        url: `/v1/enterprises/${unit.body.id}`,
        position: expect.any(String),
      },
    });
    expect(bodies[2].data.url).toBeNull();
    // The positions are the feed's: the same changes, in the same order, as GET /v1/changes answers.
    const feedItems = (await h.request("GET", `/v1/changes?since=${start}&types=enterprise&limit=10`, { token: admin })).body.items;
    expect(bodies.map((b) => b.data.position)).toEqual(feedItems.map((c: any) => Buffer.from(c.position).toString("base64url")));
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(3);

    const deliveries = await log(h, admin, endpoint.id);
    expect(deliveries.map((d) => [d.change.action, d.state, d.tries.length, d.tries[0].status])).toEqual([
      ["deleted", "succeeded", 1, 200],
      ["updated", "succeeded", 1, 200],
      ["created", "succeeded", 1, 200],
    ]);
    expect(deliveries[0].tries[0]).toMatchObject({ try: 1, round: 0, error: null, responseExcerpt: "ok", latencyMs: expect.any(Number) });

    await dispatch();
    await h.deps.jobs.run({ kind: "webhook-dispatch", tenantId }, unbounded);
    await h.deps.queue.idle();
    expect(receiver.received("/units")).toHaveLength(3);

    // One delivery replayed: the same webhook-id, a new round of tries.
    const first = deliveries[2];
    const replayed = await h.request("POST", `/v1/webhooks/${endpoint.id}/deliveries/${first.id}/replay`, { token: admin });
    expect(replayed.status).toBe(202);
    await h.deps.queue.idle();
    const again = receiver.received("/units");
    expect(again).toHaveLength(4);
    expect(again[3]?.headers["webhook-id"]).toBe(first.webhookId);
    expect(() => verify(endpoint.secret, again[3])).not.toThrow();
    const after = (await log(h, admin, endpoint.id)).find((d) => d.id === first.id);
    expect(after.tries.map((t: any) => [t.round, t.try, t.status])).toEqual([
      [0, 1, 200],
      [1, 1, 200],
    ]);

    // Every change since a cursor delivered again, with the same ids.
    const since = await h.request("POST", `/v1/webhooks/${endpoint.id}/replay`, { token: admin, body: { since: start } });
    expect(since.status).toBe(202);
    await h.deps.queue.idle();
    const all = receiver.received("/units");
    expect(all).toHaveLength(7);
    expect(new Set(all.slice(4).map((r) => r.headers["webhook-id"]))).toEqual(new Set(got.map((r) => r.headers["webhook-id"])));
    const bad = await h.request("POST", `/v1/webhooks/${endpoint.id}/replay`, { token: admin, body: { since: "nonsense!" } });
    expect(bad.status).toBe(400);
    await h.request("DELETE", `/v1/webhooks/${endpoint.id}`, { token: admin });
  });

  it("signs with the old and the new secret during the rotation's overlap, then with the new only", async () => {
    const endpoint = await register(h, admin, { url: receiver.url("/rotate"), types: ["town.created"] });
    const rotated = await h.request("POST", `/v1/webhooks/${endpoint.id}/secret/rotate`, { token: admin });
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(endpoint.secret);
    expect(rotated.body.previousSecretValidUntil).toEqual(expect.any(String));
    expect(JSON.stringify((await h.request("GET", `/v1/webhooks/${endpoint.id}`, { token: admin })).body)).not.toContain(fresh);
    await town();
    await dispatch();
    const during = receiver.received("/rotate");
    expect(during).toHaveLength(1);
    expect(String(during[0]?.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(() => verify(endpoint.secret, during[0])).not.toThrow();
    expect(() => verify(fresh, during[0])).not.toThrow();

    await new Promise((resolve) => setTimeout(resolve, 1600)); // the overlap (1.5 s in this harness) ends
    await town();
    await dispatch();
    const later = receiver.received("/rotate");
    expect(later).toHaveLength(2);
    expect(String(later[1]?.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(() => verify(fresh, later[1])).not.toThrow();
    expect(() => verify(endpoint.secret, later[1])).toThrow();
    await h.request("DELETE", `/v1/webhooks/${endpoint.id}`, { token: admin });
  });

  it("retries a failure and logs both tries; a success clears the failure state", async () => {
    receiver.behave("/flaky", { kind: "fail", status: 500, times: 1 });
    const endpoint = await register(h, admin, { url: receiver.url("/flaky"), types: ["town.created"] });
    await town();
    await dispatch();
    expect(receiver.received("/flaky")).toHaveLength(2);
    const [delivery] = await log(h, admin, endpoint.id);
    expect(delivery.state).toBe("succeeded");
    expect(delivery.tries.map((t: any) => [t.try, t.status, t.error])).toEqual([
      [1, 500, "HTTP 500"],
      [2, 200, null],
    ]);
    expect(delivery.tries[0].responseExcerpt).toBe("failing 1");
    expect((await h.request("GET", `/v1/webhooks/${endpoint.id}`, { token: admin })).body.failingSince).toBeNull();
    await h.request("DELETE", `/v1/webhooks/${endpoint.id}`, { token: admin });
  });

  it("records a timeout, a redirect it does not follow, and cuts a huge answer", async () => {
    receiver.behave("/slow", { kind: "slow", ms: 1500 });
    receiver.behave("/moved", { kind: "redirect", to: receiver.url("/moved-here") });
    receiver.behave("/huge", { kind: "huge", bytes: 5 * 1024 * 1024 });
    const slow = await register(h, admin, { url: receiver.url("/slow"), types: ["town.created"] });
    const moved = await register(h, admin, { url: receiver.url("/moved"), types: ["town.created"] });
    const huge = await register(h, admin, { url: receiver.url("/huge"), types: ["town.created"] });
    await town();
    await dispatch();

    const [timedOut] = await log(h, admin, slow.id);
    expect(timedOut.state).toBe("failed");
    expect(timedOut.tries).toHaveLength(3);
    for (const t of timedOut.tries) {
      expect(t).toMatchObject({ status: null, error: "timed out after 300 ms", responseExcerpt: null });
      expect(t.latencyMs).toBeGreaterThanOrEqual(290);
      expect(t.latencyMs).toBeLessThan(1500);
    }
    const [redirected] = await log(h, admin, moved.id);
    expect(redirected.state).toBe("failed");
    expect(redirected.tries.map((t: any) => t.status)).toEqual([302, 302, 302]);
    expect(redirected.tries[0].error).toMatch(/^redirect not followed \(302/);
    expect(receiver.received("/moved-here")).toEqual([]);
    const [cut] = await log(h, admin, huge.id);
    expect(cut.state).toBe("succeeded");
    expect(cut.tries[0].responseExcerpt.length).toBeLessThanOrEqual(1024);
    expect(cut.tries[0].responseExcerpt).toMatch(/^x+$/);
    for (const e of [slow, moved, huge]) await h.request("DELETE", `/v1/webhooks/${e.id}`, { token: admin });
  });
});

describe("the SSRF rule", () => {
  const refusal = async (harness: Harness, token: string, url: string) => {
    const res = await harness.request("POST", "/v1/webhooks", { token, body: { url } });
    expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(422);
    const [field] = res.body.error.details.fields;
    expect(field.path).toBe("url");
    return field.code as string;
  };

  it("refuses private, link-local, unique-local, loopback and credential URLs at registration (AWS rules)", async () => {
    const aws = await createHarness({ webhookTargets: "public", feedClock: feed });
    const token = await aws.token("tenant-admin", tenantId);
    expect(await refusal(aws, token, "http://169.254.169.254/")).toBe("https_required");
    expect(await refusal(aws, token, "http://localhost:1")).toBe("https_required");
    expect(await refusal(aws, token, "https://user:pw@example.com/")).toBe("url_credentials");
    for (const url of [
      "https://169.254.169.254/latest/meta-data/",
      "https://10.0.0.1/",
      "https://192.168.1.20:8443/",
      "https://[fd00::1]/",
      "https://[::ffff:10.0.0.1]/",
      "https://[::1]/",
      "https://100.64.0.1/",
      "https://0.0.0.0/",
      "https://224.0.0.1/",
      "https://localhost/",
    ]) {
      expect(await refusal(aws, token, url), url).toBe("address_not_allowed");
    }
    const english = await aws.request("POST", "/v1/webhooks", {
      token,
      body: { url: "https://10.0.0.1/" },
      headers: { "accept-language": "en" },
    });
    expect(english.body.error.details.fields[0].message).toMatch(/public addresses only/);
    const chinese = await aws.request("POST", "/v1/webhooks", { token, body: { url: "https://10.0.0.1/" } });
    expect(chinese.body.error.details.fields[0].message).toMatch(/公网地址/);
    // What the rule lets through is a public https address (no lookup needed for a literal).
    expect((await aws.request("POST", "/v1/webhooks", { token, body: { url: "https://93.184.215.14:8443/hook" } })).status).toBe(201);
  }, 60_000);

  it("locally allows plain http to loopback only", async () => {
    for (const url of ["http://169.254.169.254/", "http://10.0.0.1/", "http://[fd00::1]/", "http://93.184.215.14/"]) {
      const code = await refusal(h, admin, url);
      expect(["address_not_allowed", "https_required"], url).toContain(code);
    }
    expect(await refusal(h, admin, "http://10.0.0.1/")).toBe("address_not_allowed");
    expect(await refusal(h, admin, "http://93.184.215.14/")).toBe("https_required");
    const ok = await register(h, admin, { url: `http://localhost:${receiver.port}/local`, types: ["grid.updated"] });
    await h.request("DELETE", `/v1/webhooks/${ok.id}`, { token: admin });
  });

  it("checks again at send, and connects to the address it checked", async () => {
    pinned.set("rebind.test", [{ address: "127.0.0.1", family: 4 }]);
    const endpoint = await register(h, admin, { url: `http://rebind.test:${receiver.port}/rebind`, types: ["town.created"] });
    await town();
    await dispatch();
    const first = receiver.received("/rebind");
    expect(first).toHaveLength(1);
    expect(first[0]?.headers.host).toBe(`rebind.test:${receiver.port}`);

    // The name now answers a private address as well: nothing is sent, each try logs the refusal.
    pinned.set("rebind.test", [
      { address: "127.0.0.1", family: 4 },
      { address: "10.0.0.1", family: 4 },
    ]);
    await town();
    await dispatch();
    expect(receiver.received("/rebind")).toHaveLength(1);
    const [refused] = await log(h, admin, endpoint.id);
    expect(refused.state).toBe("failed");
    expect(refused.tries[0]).toMatchObject({ status: null, error: expect.stringMatching(/^refused: .*10\.0\.0\.1/) });
    await h.request("DELETE", `/v1/webhooks/${endpoint.id}`, { token: admin });
  });
});

describe("an endpoint failing for days", () => {
  it("is disabled when a delivery exhausts its tries after five days of failures; the tenant gets an audit record and a mail", async () => {
    const clock = manualClock(new Date());
    const days = await createHarness({ clock, feedClock: feed, webhookTiming: { timeoutMs: 1000, retryScheduleMs: [0, 0] } });
    const token = await days.token("tenant-admin", tenantId);
    receiver.behave("/down", { kind: "fail", status: 500, times: 1_000_000 });
    const endpoint = await register(days, token, { url: receiver.url("/down"), types: ["town.created"] });
    await town(days, token);
    await dispatch(days);
    const [first] = await log(days, token, endpoint.id);
    expect(first.state).toBe("failed");
    expect(first.tries.map((t: any) => t.status)).toEqual([500, 500, 500]);
    const failing = (await days.request("GET", `/v1/webhooks/${endpoint.id}`, { token })).body;
    expect(failing).toMatchObject({ state: "enabled", failingSince: clock.now().toISOString() });

    clock.advance(5 * 86_400_000 + 60_000);
    await town(days, token);
    await dispatch(days);
    const disabled = (await days.request("GET", `/v1/webhooks/${endpoint.id}`, { token })).body;
    expect(disabled).toMatchObject({ state: "disabled", disabledReason: "failing", disabledAt: clock.now().toISOString() });
    const audit = (await days.request("GET", "/v1/audit?limit=100", { token })).body.items;
    expect(audit.find((a: any) => a.action === "webhook.disable")).toMatchObject({
      actor: { kind: "system", id: "webhook-delivery" },
      entity: { type: "webhook-endpoint", id: endpoint.id },
    });
    const mails = readdirSync(days.deps.outboxDir as string).filter((f) => f.endsWith(".eml"));
    expect(mails).toHaveLength(1);
    const mail = readFileSync(join(days.deps.outboxDir as string, mails[0] as string), "utf8");
    expect(mail).toMatch(/To: anjian\.duty@tongshan\.example, zhang\.wei@tongshan\.example/);
    expect(mail).toContain(endpoint.id);

    // Disabled, it receives nothing; enabled again, the failure state is gone and deliveries resume.
    const before = receiver.received("/down").length;
    await town(days, token);
    await dispatch(days);
    expect(receiver.received("/down")).toHaveLength(before);
    receiver.behave("/down", { kind: "ok" });
    const enabled = await days.request("PATCH", `/v1/webhooks/${endpoint.id}`, { token, body: { enabled: true } });
    expect(enabled.body).toMatchObject({ state: "enabled", failingSince: null, disabledReason: null });
    await town(days, token);
    await dispatch(days);
    expect(receiver.received("/down")).toHaveLength(before + 1);
  }, 60_000);
});
