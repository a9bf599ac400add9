// Suite "capacity": the DynamoDB calls and the read/write capacity one request of each operation costs, with
// the auth caches warm (a warm Lambda within their 5 s lifetime) and missed (authCacheMs: 0), as reported by
// DynamoDB Local through ReturnConsumedCapacity on an instrumented client.
import { mintDevToken } from "#local/dev-keys";
import { capacityCountingClient, type RecordedCall } from "../support/capacity-client.ts";
import { capacity, describeCalls, writeCapacity } from "../support/capacity-report.ts";
import { lambdaApp } from "../support/lambda-app.ts";
import { type HttpRequest, type InvokableHandler, invoke } from "../support/lambda-event.ts";
import { table } from "../support/markdown.ts";
import { callsOf } from "../support/request-calls.ts";
import type { Suite } from "../support/suite.ts";

const tenantId = "320312";

interface Operation {
  readonly label: string;
  readonly expectStatus: number;
  /** Builds the request (and any resource it needs) — not counted. */
  prepare(app: InvokableHandler): Promise<HttpRequest>;
}

interface Measured {
  readonly calls: RecordedCall[];
}

export const capacitySuite: Suite = {
  name: "capacity",
  async run(context) {
    const fixture = await context.dynamo();
    const counting = capacityCountingClient(fixture.endpoint);
    try {
      const warmApp = lambdaApp(fixture, counting.client);
      const coldApp = lambdaApp(fixture, counting.client, { authCacheMs: 0 });
      const admin = { authorization: `Bearer ${await mintDevToken(fixture.keys, { role: "tenant-admin", tenantId })}` };
      const platform = { authorization: `Bearer ${await mintDevToken(fixture.keys, { role: "platform-admin" })}` };

      const createKey = async (app: InvokableHandler, name: string) => {
        const res = await invoke(app, {
          method: "POST",
          path: "/v1/api-keys",
          headers: admin,
          body: { name, scopes: ["tenant:read"], rateLimitPerMinute: 100_000 },
        });
        if (res.statusCode !== 201) throw new Error(`creating an API key answered ${res.statusCode}: ${res.body}`);
        return res.json as { id: string; token: string };
      };
      const readKey = await createKey(warmApp, "capacity bench (reads)");
      const apiKey = { "x-api-key": readKey.token };
      let renames = 0;
      let idempotencyKeys = 0;

      const operations: Operation[] = [
        {
          label: "GET /v1/me (JWT, tenant-admin)",
          expectStatus: 200,
          prepare: async () => ({ method: "GET", path: "/v1/me", headers: admin }),
        },
        { label: "GET /v1/me (API key)", expectStatus: 200, prepare: async () => ({ method: "GET", path: "/v1/me", headers: apiKey }) },
        {
          label: "GET /v1/api-keys/{id}",
          expectStatus: 200,
          prepare: async () => ({ method: "GET", path: `/v1/api-keys/${readKey.id}`, headers: admin }),
        },
        {
          label: "GET /v1/api-keys (first page, default limit 50)",
          expectStatus: 200,
          prepare: async () => ({ method: "GET", path: "/v1/api-keys", headers: admin }),
        },
        {
          label: "POST /v1/api-keys (create)",
          expectStatus: 201,
          prepare: async () => ({
            method: "POST",
            path: "/v1/api-keys",
            headers: admin,
            body: { name: "capacity bench", scopes: ["tenant:read"] },
          }),
        },
        {
          label: "POST /v1/api-keys with Idempotency-Key",
          expectStatus: 201,
          prepare: async () => ({
            method: "POST",
            path: "/v1/api-keys",
            headers: { ...admin, "idempotency-key": `bench-${Date.now()}-${++idempotencyKeys}` },
            body: { name: "capacity bench (idempotent)", scopes: ["tenant:read"] },
          }),
        },
        {
          label: "DELETE /v1/api-keys/{id} (revoke)",
          expectStatus: 200,
          prepare: async (app) => {
            const victim = await createKey(app, "capacity bench (to revoke)");
            return { method: "DELETE", path: `/v1/api-keys/${victim.id}`, headers: admin };
          },
        },
        {
          label: `PATCH /v1/tenants/${tenantId} (platform-admin, rename)`,
          expectStatus: 200,
          prepare: async () => ({
            method: "PATCH",
            path: `/v1/tenants/${tenantId}`,
            headers: platform,
            // A different name each time, so the update is never a no-op.
            body: { name: `铜山区 ${++renames}` },
          }),
        },
        {
          label: "GET /v1/tenants (first page, platform-admin)",
          expectStatus: 200,
          prepare: async () => ({ method: "GET", path: "/v1/tenants", headers: platform }),
        },
      ];

      const measure = async (app: InvokableHandler, op: Operation): Promise<Measured> => ({
        calls: await callsOf(app, counting, op.label, await op.prepare(app), op.expectStatus),
      });

      const rows: string[][] = [];
      const results: { op: Operation; warm: Measured; cold: Measured }[] = [];
      for (const op of operations) {
        const warm = await measure(warmApp, op);
        const cold = await measure(coldApp, op);
        results.push({ op, warm, cold });
        rows.push([
          op.label,
          describeCalls(warm.calls),
          capacity(warm.calls, "read"),
          writeCapacity(warm.calls),
          describeCalls(cold.calls),
          capacity(cold.calls, "read"),
          writeCapacity(cold.calls),
        ]);
      }

      // A new instance's first API-key request: nothing cached and the key's lastUsedAt touch is due.
      const freshApp = lambdaApp(fixture, counting.client);
      counting.take();
      const first = await invoke(freshApp, { method: "GET", path: "/v1/me", headers: apiKey });
      const firstCalls = counting.take();
      if (first.statusCode !== 200) throw new Error(`first API-key request answered ${first.statusCode}: ${first.body}`);

      const all = results.flatMap((r) => [...r.warm.calls, ...r.cold.calls]);
      const unreported = [...new Set(all.filter((c) => c.read === undefined && c.write === undefined && !c.error).map((c) => c.command))];
      const meJwt = results[0];
      const wcuOf = (prefix: string) => {
        const found = results.find((r) => r.op.label.startsWith(prefix));
        return found ? writeCapacity(found.warm.calls) : "?";
      };
      const tenantReads = (calls: readonly RecordedCall[]) => calls.filter((c) => c.command === "GetItem" && c.target === "tenant").length;
      return [
        "## DynamoDB calls and consumed capacity per request",
        "",
        "Each request goes through the Lambda handler chain with a DynamoDB client instrumented by a middleware " +
          '(bench/support/capacity-client.ts) that sets `ReturnConsumedCapacity: "TOTAL"` on every command and sums the ' +
          "`ConsumedCapacity` DynamoDB Local returns (RCU for reads, WCU for writes, GSI writes included in TOTAL). " +
          "*Warm*: the default app, its 5 s auth cache just filled by a GET /v1/me with the same credential. " +
          "*Cache miss*: an app built with `authCacheMs: 0`, so every request re-resolves the credential and the tenant. " +
          "Resources a request needs (the key to revoke…) are created beforehand and not counted. n/r = DynamoDB Local reported no capacity. " +
          "**Transactions:** DynamoDB Local rounds the total size of a transaction's items up to 1 KB once and doubles it, while AWS " +
          "charges 2 WCU per started KB *per item* (and per index write), so Local under-reports multi-item transactions; " +
          "*AWS rules* is that figure computed from the items' sizes (bench/support/capacity-client.ts), index writes counted " +
          "at the transactional rate as Local does. Reads are as Local reports them (consistent GetItem 1 RCU per 4 KB; Query eventually consistent, 0.5).",
        "",
        table(["operation", "warm: DynamoDB calls", "RCU", "WCU", "cache miss: DynamoDB calls", "RCU", "WCU"], rows, [
          "l",
          "l",
          "r",
          "r",
          "l",
          "r",
          "r",
        ]),
        "",
        `New instance, first API-key request (GET /v1/me): ${describeCalls(firstCalls)} — RCU ${capacity(firstCalls, "read")}, ` +
          `WCU ${writeCapacity(firstCalls)}. The lastUsedAt touch is attempted at most once a minute per key per instance; ` +
          "it is a conditional write that fails when another instance (here: the apps above) touched the key within the minute, " +
          "and AWS bills a failed conditional write like a successful one (≥ 1 WCU) while DynamoDB Local reports nothing for it.",
        "",
        meJwt
          ? `Reading: a warm JWT GET /v1/me makes ${meJwt.warm.calls.length} DynamoDB call(s) and a cache miss ${meJwt.cold.calls.length}; ` +
            `on a miss the tenant item is read ${tenantReads(meJwt.cold.calls)}× (by authentication; the route reuses it). ` +
            "Throttling takes requests from the caller's bucket and, for a tenant's caller, the tenant's by leases " +
            "(core/kernel/rate-lease.ts): a conditional UpdateItem (1 WCU) on each whenever the instance's lease is used up " +
            "or lapsed, as in the rows above, and none while it holds requests. Every audited write is a " +
            `transaction with its audit record: WCU per create ${wcuOf("POST /v1/api-keys (create)")}, ` +
            `with an Idempotency-Key ${wcuOf("POST /v1/api-keys with")}.` +
            (unreported.length > 0 ? ` DynamoDB Local reported no ConsumedCapacity for: ${unreported.join(", ")}.` : "")
          : "",
        "",
      ].join("\n");
    } finally {
      counting.client.destroy();
    }
  },
};
