// Throttling in the app, shared by every Lambda instance through DynamoDB: every caller — API key, signed-in
// official, platform operator — draws on a bucket of its own (GCRA: `limit` a minute, a burst of a sixth of it),
// and a tenant's callers together on the tenant's bucket, so one tenant cannot starve the others. Time only
// moves when a test moves the manual clock: no sleeps, no timing.
import { describe, expect, it } from "vitest";
import { createApp } from "#api/app";
import { burstOf, defaultRateLimits } from "#core/kernel/rate-limit";
import { createHarness, manualClock, type TestResponse } from "#test/support/harness";
import { mostInAnySpan } from "#test/support/spans";

const second = 1000;

/** The most answers with `status` in any span of `spanMs`. */
const mostWithStatus = (answers: readonly { at: number; status: number }[], status: number, spanMs: number) =>
  mostInAnySpan(
    answers.filter((a) => a.status === status).map((a) => a.at),
    spanMs,
  );

describe("API keys", () => {
  it("a 5/min key gets at most 5 plus its burst of 1 in any 60 s span, across minute boundaries too", async () => {
    const clock = manualClock(new Date("2026-11-25T02:00:50Z"));
    const t = await createHarness({ clock });
    const key = await t.addApiKey("320312", ["enterprises:read"], { rateLimitPerMinute: 5 });
    const answers: { at: number; status: number }[] = [];
    // A request every half second for two and a half minutes: 02:00:50 → 02:03:20, over two minute boundaries.
    for (let i = 0; i < 300; i++) {
      const res = await t.request("GET", "/v1/me", { apiKey: key.token });
      answers.push({ at: clock.now().getTime(), status: res.status });
      expect([200, 429]).toContain(res.status);
      clock.advance(second / 2);
    }
    expect(burstOf(5)).toBe(1);
    expect(mostWithStatus(answers, 200, 60 * second)).toBeLessThanOrEqual(5 + 1);
    // ...and the key still gets its rate: one every 12 s.
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(12);
    expect(t.sessions.denials).toEqual([]);
  });

  it("answers 429 with Retry-After and RateLimit headers past the key's burst, only for that key", async () => {
    const clock = manualClock(new Date("2026-11-25T02:00:05Z"));
    const t = await createHarness({ clock });
    const limited = await t.addApiKey("320312", ["enterprises:read"], { rateLimitPerMinute: 60 }); // burst 10, one a second
    const other = await t.addApiKey("320312", ["enterprises:read"], { rateLimitPerMinute: 60 });
    const answers: TestResponse[] = [];
    for (let i = 0; i < 12; i++) answers.push(await t.request("GET", "/v1/me", { apiKey: limited.token }));
    expect(answers.map((a) => a.status)).toEqual([...Array(10).fill(200), 429, 429]);
    expect(answers.map((a) => a.headers.get("ratelimit-remaining"))).toEqual(["9", "8", "7", "6", "5", "4", "3", "2", "1", "0", "0", "0"]);
    const refused = answers[11];
    expect(refused?.headers.get("ratelimit-limit")).toBe("60");
    expect(refused?.headers.get("retry-after")).toBe("1");
    expect(refused?.body.error.code).toBe("rate_limited");
    const fresh = await t.request("GET", "/v1/me", { apiKey: other.token });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("ratelimit-remaining")).toBe("9");
    clock.advance(second);
    expect((await t.request("GET", "/v1/me", { apiKey: limited.token })).status).toBe(200);
    expect((await t.request("GET", "/v1/me", { apiKey: limited.token })).status).toBe(429);
  });
});

describe("signed-in officials", () => {
  it("a viewer is throttled at its role's limit, with RateLimit headers on every answer", async () => {
    const clock = manualClock();
    const t = await createHarness({ clock, rateLimits: defaultRateLimits });
    const viewer = await t.token("viewer", "320312", "viewer-zhao");
    const limit = defaultRateLimits.perRole.viewer;
    const burst = burstOf(limit);
    for (let i = 0; i < burst; i++) {
      const res = await t.request("GET", "/v1/me", { token: viewer });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe(String(limit));
      expect(res.headers.get("ratelimit-remaining")).toBe(String(burst - 1 - i));
      expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    }
    const refused = await t.request("GET", "/v1/me", { token: viewer });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    // Another official of the same tenant has a bucket of its own; the viewer gets one more after 60/600 s.
    expect((await t.request("GET", "/v1/me", { token: await t.token("viewer", "320312", "viewer-qian") })).status).toBe(200);
    clock.advance(100);
    expect((await t.request("GET", "/v1/me", { token: viewer })).status).toBe(200);
    expect((await t.request("GET", "/v1/me", { token: viewer })).status).toBe(429);
  });

  it("a tenant's callers together stop at the tenant's ceiling; another tenant goes on", async () => {
    const clock = manualClock();
    const t = await createHarness({ clock, rateLimits: { ...defaultRateLimits, perTenant: 60 } }); // burst 10
    const key = await t.addApiKey("320312", ["enterprises:read"]);
    clock.advance(60 * second); // the setup's requests are forgotten
    const callers = [
      { token: await t.token("viewer", "320312", "a") },
      { token: await t.token("inspector", "320312", "b") },
      { apiKey: key.token },
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await t.request("GET", "/v1/me", callers[i % 3])).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
    const refused = await t.request("GET", "/v1/me", callers[0]);
    expect(refused.headers.get("ratelimit-limit")).toBe("60");
    expect(refused.headers.get("retry-after")).toBe("1");
    expect((await t.request("GET", "/v1/me", { token: await t.token("viewer", "320300") })).status).toBe(200);
  });
});

describe("platform operators", () => {
  it("are throttled per subject, on a platform key the platform session may write", async () => {
    const clock = manualClock();
    const t = await createHarness({ clock, rateLimits: { ...defaultRateLimits, platformOperator: 12 } }); // burst 2
    const ops = await t.token("platform-admin", undefined, "ops-li");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.request("GET", "/v1/tenants?limit=1", { token: ops })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const other = await t.request("GET", "/v1/tenants?limit=1", { token: await t.token("platform-admin", undefined, "ops-wu") });
    expect(other.status).toBe(200);
    expect(other.headers.get("ratelimit-limit")).toBe("12");
    expect(t.sessions.denials).toEqual([]);
  });
});

describe("several instances on one table", () => {
  it("share a key's limit through its bucket: at most limit + burst + a second's worth in any 60 s span; below the limit the bucket is written far less than once a request", async () => {
    const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
    let keyBucketWrites = 0;
    let keyBucket = "";
    const t = await createHarness({
      clock,
      sessionClients: (client) =>
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const pk = (args.input as { Key?: { pk?: { S?: string } } }).Key?.pk?.S ?? "";
            if (context.commandName === "UpdateItemCommand" && keyBucket && pk.endsWith(keyBucket)) keyBucketWrites++;
            return next(args);
          },
          { step: "initialize" },
        ),
    });
    const limit = 600; // burst 100, one every 100 ms
    const key = await t.addApiKey("320312", ["enterprises:read"], { rateLimitPerMinute: limit });
    keyBucket = `#RATE#key:${key.id}`;
    // Three Lambda instances: each app takes its leases on its own, all on the same buckets.
    const instances = [t.app, createApp(t.deps), createApp(t.deps)];
    const send = async (app: (typeof instances)[number]) => {
      const res = await app.request("/v1/me", { headers: { "x-api-key": key.token } });
      return { at: clock.now().getTime(), status: res.status };
    };

    // Twice the key's rate for 90 s, the requests falling on the instances unevenly.
    const answers: { at: number; status: number }[] = [];
    for (let i = 0; i < 1800; i++) {
      answers.push(await send(instances[(i * 7 + (i % 5)) % instances.length] ?? t.app));
      clock.advance(50);
    }
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 429]));
    expect(mostWithStatus(answers, 200, 60 * second)).toBeLessThanOrEqual(limit + burstOf(limit) + limit / 60);
    // The key still gets nearly its rate: the burst and 10 a second, less what lapsed in the instances' leases.
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(0.9 * (burstOf(limit) + 90 * 10));

    // Then 60 s at 8 a second, most requests on one instance as a steady caller's are: all let through, and
    // the bucket written about once per lease, not per request.
    clock.advance(60 * second);
    keyBucketWrites = 0;
    const steady: { at: number; status: number }[] = [];
    for (let i = 0; i < 480; i++) {
      steady.push(await send(instances[i % 10 === 9 ? 1 : 0] ?? t.app));
      clock.advance(125);
    }
    expect(steady.every((a) => a.status === 200)).toBe(true);
    expect(keyBucketWrites).toBeGreaterThan(0);
    expect(keyBucketWrites).toBeLessThan(steady.length / 4);
    expect(t.sessions.denials).toEqual([]);
  });
});
