// Every in-process cache is bounded by size and by age: a stream of distinct keys (anonymous API keys name any
// tenant and key id they like) neither grows memory without end nor flushes the entries in use, and credentials
// are forgotten once they expire. STS is a counting fake: no network.
import type { STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { TtlCache } from "#api/ttl-cache";
import { LruMap } from "#core/kernel/lru-map";
import { stsClientProvider } from "#store/aws/sts-client-provider";
import { tenantClients, tenantCredentials } from "#store/aws/tenant-credentials";

function countingSts(lifetimeMs = 3600_000) {
  let now = Date.parse("2026-11-25T00:00:00Z");
  const assumed: string[] = [];
  const sts = {
    send: async (command: { input: { Tags?: { Value?: string }[] } }) => {
      assumed.push(command.input.Tags?.[0]?.Value ?? "");
      return {
        Credentials: {
          AccessKeyId: `AKIA${assumed.length}`,
          SecretAccessKey: "secret",
          SessionToken: "token",
          Expiration: new Date(now + lifetimeMs),
        },
      };
    },
  } as unknown as STSClient;
  return { sts, assumed, now: () => now, advance: (ms: number) => (now += ms) };
}

/** Distinct, well-formed division codes: 320000, 320001, … */
const tenant = (i: number) => String(320000 + i);

describe("LruMap", () => {
  it("forgets the least recently used entry, not the most recently read one", () => {
    const map = new LruMap<string, number>(2);
    map.set("a", 1).set("b", 2);
    expect(map.get("a")).toBe(1);
    map.set("c", 3);
    expect([...map.keys()]).toEqual(["a", "c"]);
    expect(map.size).toBe(2);
  });
});

describe("TtlCache", () => {
  it("evicts the least recently used entry when full instead of dropping everything", async () => {
    let now = 0;
    const cache = new TtlCache<string>(60_000, () => now, 3);
    const loads: string[] = [];
    const get = (key: string) =>
      cache.get(key, async () => {
        loads.push(key);
        return key.toUpperCase();
      });
    for (const key of ["a", "b", "c"]) await get(key);
    await get("a"); // a hit, and now the most recently used
    await get("d"); // full: b goes, a and c stay
    expect(await get("a")).toBe("A");
    expect(await get("c")).toBe("C");
    expect(loads).toEqual(["a", "b", "c", "d"]);
    await get("b");
    expect(loads).toEqual(["a", "b", "c", "d", "b"]);
    now += 60_001;
    await get("a");
    expect(loads.at(-1)).toBe("a");
  });

  it("stays at its bound under thousands of distinct keys", async () => {
    const cache = new TtlCache<number>(60_000, () => 0, 100);
    for (let i = 0; i < 5_000; i++) await cache.get(`k${i}`, async () => i);
    expect(cache.size).toBe(100);
  });
});

describe("tenant credentials and clients", () => {
  it("keep at most maxTenants tenants, least recently used out first", async () => {
    const fake = countingSts();
    const credentials = tenantCredentials({ roleArn: "arn:aws:iam::1:role/t", now: fake.now, maxTenants: 500 }, fake.sts);
    const clients = tenantClients(credentials, (c) => ({ c }), { now: fake.now, maxTenants: 500 });
    const hot = await clients("110000");
    for (let i = 0; i < 3_000; i++) {
      await clients(tenant(i));
      if (i % 100 === 0) expect(await clients("110000")).toBe(hot); // in use: never evicted
    }
    expect(credentials.size()).toBe(500);
    expect(clients.size()).toBe(500);
    expect(fake.assumed).toHaveLength(3_001);
    await clients(tenant(2_999)); // recent: still cached
    expect(fake.assumed).toHaveLength(3_001);
    await clients(tenant(0)); // long unused: evicted, so assumed again
    expect(fake.assumed).toHaveLength(3_002);
  });

  it("drop every tenant whose credentials have expired", async () => {
    const fake = countingSts(3600_000);
    const credentials = tenantCredentials({ roleArn: "arn:aws:iam::1:role/t", now: fake.now }, fake.sts);
    const clients = tenantClients(credentials, (c) => ({ c }), { now: fake.now });
    for (let i = 0; i < 300; i++) await clients(tenant(i));
    expect(credentials.size()).toBe(300);
    expect(clients.size()).toBe(300);
    fake.advance(3600_000 + 1);
    await clients("110000");
    expect(credentials.size()).toBe(1);
    expect(clients.size()).toBe(1);
  });

  it("bound the STS client provider's sessions under thousands of distinct tenants", async () => {
    const fake = countingSts();
    const provider = stsClientProvider(
      { roleArn: "arn:aws:iam::1:role/t", escalationRoleArn: "arn:aws:iam::1:role/e", now: fake.now, maxTenants: 50 },
      fake.sts,
    );
    for (let i = 0; i < 1_000; i++) await provider.forTenant(tenant(i));
    await provider.forTenant(tenant(999));
    expect(fake.assumed).toHaveLength(1_000);
    await provider.forTenant(tenant(0));
    expect(fake.assumed).toHaveLength(1_001);
  });
});
