// Suite "warm-latency": in-process latency of the real Lambda handler chain (middy + Powertools + Hono's API
// Gateway adapter + the app) against DynamoDB Local, next to the floor — a bare handler doing one GetItem —
// so the table shows what the framework, auth and extra DynamoDB calls add per warm request.
import { Logger } from "@aws-lambda-powertools/logger";
import { marshall } from "@aws-sdk/util-dynamodb";
import { createApp } from "#api/app";
import { lambdaHandler } from "#api/lambda";
import { mintDevToken } from "#local/dev-keys";
import { localDeps } from "#local/local-deps";
import { localClient } from "#store/dynamo/client-provider";
import { getOneItem } from "../floor/floor-handler.ts";
import {
  type HttpRequest,
  httpApiEvent,
  type InvokableHandler,
  invoke,
  type LambdaResult,
  lambdaContext,
} from "../support/lambda-event.ts";
import { table } from "../support/markdown.ts";
import { benchRateLimits } from "../support/rate-limits.ts";
import { fixed, summarize } from "../support/stats.ts";
import type { Suite } from "../support/suite.ts";

const warmupRounds = 200;
const rounds = 3000;
const tenantId = "320312";

interface Case {
  readonly id: string;
  readonly label: string;
  readonly handler: InvokableHandler;
  readonly request: HttpRequest;
  readonly samples: number[];
}

export const warmLatencySuite: Suite = {
  name: "warm-latency",
  async run(context) {
    const fixture = await context.dynamo();
    const client = localClient(fixture.endpoint);
    try {
      // The production logger class, silenced: its per-request work (context injection, key resets) still runs.
      const logger = new Logger({ serviceName: "anquan-api", logLevel: "SILENT" });
      const app = createApp(
        localDeps({
          endpoint: fixture.endpoint,
          tableName: fixture.tableName,
          keys: fixture.keys,
          client,
          logger,
          rateLimits: benchRateLimits,
        }),
      );
      const handler = lambdaHandler(app, logger) as unknown as InvokableHandler;

      const admin = `Bearer ${await mintDevToken(fixture.keys, { role: "tenant-admin", tenantId })}`;
      const created = await invoke(handler, {
        method: "POST",
        path: "/v1/api-keys",
        headers: { authorization: admin },
        // The largest allowed limit, so the bench's own request rate is never throttled.
        body: { name: "warm-latency bench", scopes: ["tenant:read", "enterprises:read"], rateLimitPerMinute: 100_000 },
      });
      if (created.statusCode !== 201) throw new Error(`creating the bench API key answered ${created.statusCode}: ${created.body}`);
      const key = created.json as { id: string; token: string };
      // What the key reads by id: a town of the register, one GetItem like the JWT case's key record.
      const town = await invoke(handler, {
        method: "POST",
        path: "/v1/towns",
        headers: { authorization: admin },
        body: { name: "基准测试镇", kind: "town" },
      });
      if (town.statusCode !== 201) throw new Error(`creating the bench town answered ${town.statusCode}: ${town.body}`);
      const townId = (town.json as { id: string }).id;

      const floorKey = marshall({ pk: `T#${tenantId}#APIKEY`, sk: key.id });
      // The floor: what any handler reading one item pays — one consistent GetItem, no framework, no auth; the
      // same read as the bundled floor of the bundle and cold-init suites (bench/floor/floor-handler.ts).
      const floor: InvokableHandler = async () => {
        await getOneItem(client, fixture.tableName, floorKey);
        return { statusCode: 200, body: "{}" };
      };

      const cases: Case[] = [
        {
          id: "a",
          label: `(a) JWT: GET /v1/api-keys/{id} (tenant-admin of ${tenantId})`,
          handler,
          request: { method: "GET", path: `/v1/api-keys/${key.id}`, headers: { authorization: admin } },
          samples: [],
        },
        {
          id: "b",
          label: "(b) API key: GET /v1/towns/{id}",
          handler,
          request: { method: "GET", path: `/v1/towns/${townId}`, headers: { "x-api-key": key.token } },
          samples: [],
        },
        {
          id: "c",
          label: "(c) floor: bare handler, one GetItem",
          handler: floor,
          request: { method: "GET", path: `/v1/api-keys/${key.id}` },
          samples: [],
        },
        {
          id: "d",
          label: "(d) GET /health through the chain (no auth, no DynamoDB)",
          handler,
          request: { method: "GET", path: "/health" },
          samples: [],
        },
      ];

      const once = async (c: Case, record: boolean) => {
        // Event and context are built outside the timed region: API Gateway and the runtime make them.
        const event = httpApiEvent(c.request);
        const lambdaCtx = lambdaContext();
        const t0 = performance.now();
        const result = (await c.handler(event, lambdaCtx)) as LambdaResult;
        const elapsed = performance.now() - t0;
        if (result.statusCode !== 200) throw new Error(`${c.label} answered ${result.statusCode}: ${result.body}`);
        if (record) c.samples.push(elapsed);
      };
      // Each round runs every case once, starting from a different case each time, so machine noise and
      // ordering effects (GC, JIT, DynamoDB Local's own warm-up) spread evenly over the cases.
      const runRound = async (round: number, record: boolean) => {
        for (let i = 0; i < cases.length; i++) {
          const c = cases[(round + i) % cases.length];
          if (c) await once(c, record);
        }
      };
      for (let round = 0; round < warmupRounds; round++) await runRound(round, false);
      const started = performance.now();
      for (let round = 0; round < rounds; round++) {
        await runRound(round, true);
        if ((round + 1) % 500 === 0) context.log(`warm-latency: ${round + 1}/${rounds} rounds`);
      }
      const seconds = (performance.now() - started) / 1000;

      const floorStats = summarize(cases.find((c) => c.id === "c")?.samples ?? []);
      const rows = cases.map((c) => {
        const s = summarize(c.samples);
        return [
          c.label,
          String(s.count),
          fixed(s.p50),
          fixed(s.p90),
          fixed(s.p99),
          fixed(s.max, 1),
          `${fixed(s.p50 / floorStats.p50)}×`,
          `${fixed(s.p99 / floorStats.p99)}×`,
        ];
      });
      const stat = (id: string) => summarize(cases.find((c) => c.id === id)?.samples ?? []);
      const a = stat("a");
      const b = stat("b");
      return [
        "## Warm in-process latency",
        "",
        "The deployed handler chain (`lambdaHandler(createApp(localDeps(…)))`: middy + Powertools logger + hono/aws-lambda) " +
          "invoked in-process with synthetic API Gateway HTTP API v2 events and a fake Lambda context, against DynamoDB Local " +
          `(in memory, loopback) started by the bench. ${warmupRounds} warm-up rounds, then ${rounds} measured rounds in ` +
          `${seconds.toFixed(1)} s; each round runs every case once, rotating the order. The app keeps its default 5 s auth cache, ` +
          "so a few samples per case include the credential/tenant re-reads after expiry, as a busy warm Lambda would. " +
          "Times in ms, from just before the handler call to its resolved result (event construction excluded).",
        "",
        table(["case", "n", "p50", "p90", "p99", "max", "p50 / floor", "p99 / floor"], rows, ["l", "r", "r", "r", "r", "r", "r", "r"]),
        "",
        `Reading: the authenticated JWT read costs ${fixed(a.p50 / floorStats.p50, 1)}× the bare GetItem at p50 ` +
          `(${fixed(a.p99 / floorStats.p99, 1)}× at p99); the API-key request costs ${fixed(b.p50 / floorStats.p50, 1)}× at p50 ` +
          `(${fixed(b.p99 / floorStats.p99, 1)}× at p99). Both read one item, as the floor does; throttling takes requests ` +
          "from the shared buckets by leases (core/kernel/rate-lease.ts), so most warm requests write no bucket and the " +
          "few that renew a lease pay its UpdateItem (the p99). " +
          "DynamoDB Local on loopback is far faster per call than DynamoDB over the network, so in AWS the framework's share shrinks.",
        "",
      ].join("\n");
    } finally {
      client.destroy();
    }
  },
};
