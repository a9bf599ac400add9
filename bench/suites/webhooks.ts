// Suite "webhooks": (1) throughput — 250 unit creations in one tenant, four endpoints subscribed to every type, then
// one dispatcher run and every delivery sent through the in-process queue to a receiver on loopback (each try a
// claim, a signed POST and its log entry: DynamoDB Local and the receiver on the same machine); (2) delay from a
// change to its delivery — units created one at a time, 50 ms apart, while the local ticker dispatches every second,
// measured from the API's 201 to the receiver's arrival. The feed's clock runs 6 s ahead so the settle window is
// skipped; in AWS a change is dispatched by the stream trigger 7 s after it was written (the settle window and a
// second), which adds to the delay measured here.

import { createApp } from "#api/app";
import { silentLogger } from "#api/deps";
import { changeSettleMs } from "#core/changes/change-feed-service";
import { mintDevToken } from "#local/dev-keys";
import { localDeps } from "#local/local-deps";
import { webhookTicker } from "#local/webhook-ticker";
import { startWebhookReceiver } from "#test/support/webhook-receiver";
import { appCaller } from "../support/api.ts";
import { table } from "../support/markdown.ts";
import { benchRateLimits } from "../support/rate-limits.ts";
import { addPlaces, enterpriseBody } from "../support/register-data.ts";
import { scratchTable } from "../support/scratch-table.ts";
import { fixed, summarize } from "../support/stats.ts";
import type { Suite } from "../support/suite.ts";

const tenantId = "320312";
const unbounded = { remainingMs: () => Number.POSITIVE_INFINITY };

export const webhooksSuite: Suite = {
  name: "webhooks",
  async run(context) {
    const fixture = await context.dynamo();
    const scratch = await scratchTable(fixture, "webhooks");
    const receiver = await startWebhookReceiver();
    const feedClock = { now: () => new Date(Date.now() + changeSettleMs) };
    const deps = localDeps({
      endpoint: scratch.endpoint,
      tableName: scratch.tableName,
      keys: scratch.keys,
      logger: silentLogger,
      rateLimits: benchRateLimits,
      feedClock,
    });
    try {
      const app = createApp(deps);
      const call = appCaller(app, await mintDevToken(scratch.keys, { role: "tenant-admin", tenantId }));
      const [place] = await addPlaces(call, 1, 1);
      if (!place) throw new Error("no place");
      const units = context.quick ? 50 : 250;
      const endpoints = 4;
      for (let e = 0; e < endpoints; e++) await call("POST", "/v1/webhooks", { url: receiver.url(`/bulk-${e}`) }, 201);
      for (let n = 0; n < units; n++) await call("POST", "/v1/enterprises", enterpriseBody(n + 1, place), 201);
      context.log(`webhooks: ${units} units made; dispatching`);
      const t0 = performance.now();
      await deps.jobs.run({ kind: "webhook-dispatch", tenantId }, unbounded);
      const dispatchedMs = performance.now() - t0;
      await deps.queue.idle();
      const totalMs = performance.now() - t0;
      let delivered = 0;
      for (let e = 0; e < endpoints; e++) delivered += receiver.received(`/bulk-${e}`).length;
      if (delivered !== units * endpoints) throw new Error(`${delivered} deliveries arrived, not ${units * endpoints}`);
      for (let e = 0; e < endpoints; e++) {
        const page = (await call("GET", "/v1/webhooks?limit=10")) as { items: { id: string; url: string }[] };
        const endpoint = page.items.find((i) => i.url.endsWith(`/bulk-${e}`));
        if (endpoint) await call("DELETE", `/v1/webhooks/${endpoint.id}`, undefined, 204);
      }

      // Delay: one endpoint, the ticker running as under npm start.
      await call("POST", "/v1/webhooks", { url: receiver.url("/delay"), types: ["enterprise.created"] }, 201);
      const ticker = webhookTicker(deps, () => {});
      const samples = context.quick ? 40 : 200;
      const made = new Map<string, number>();
      for (let n = 0; n < samples; n++) {
        const unit = (await call("POST", "/v1/enterprises", enterpriseBody(10_000 + n, place), 201)) as { id: string };
        made.set(unit.id, performance.now() + performance.timeOrigin);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const deadline = Date.now() + 30_000;
      while (receiver.received("/delay").length < samples && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await ticker.stop();
      await deps.queue.idle();
      const delays = receiver.received("/delay").flatMap((r) => {
        const id = (JSON.parse(r.body) as { data: { id: string } }).data.id;
        const at = made.get(id);
        return at === undefined ? [] : [r.at - at];
      });
      const delay = summarize(delays);

      return [
        "## Webhooks: deliveries per second and the delay from change to delivery",
        "",
        `One tenant on a table of its own, a receiver on loopback (node:http, answers 200 at once). **Throughput**: ${units} units created through the API, ` +
          `${endpoints} endpoints subscribed to every type; then one dispatcher run (feed read, a delivery record per change and endpoint, the messages) ` +
          "and every delivery through the in-process queue (claim, SSRF check, signed POST, the try logged). **Delay**: one endpoint, units created one by one " +
          "50 ms apart while the local ticker dispatches every second; from the API's 201 to the receiver's arrival. The feed's clock runs 6 s ahead, so the " +
          "settle window is not in these figures: in AWS the stream trigger dispatches 7 s after a change (settle window + 1 s), plus the stream's own latency. " +
          "Run alone (`npm run bench -- --only webhooks`), not as part of a full run.",
        "",
        table(
          ["measure", "value"],
          [
            ["deliveries", delivered.toLocaleString("en-US")],
            ["dispatcher run (its earlier pages' deliveries already going out)", `${fixed(dispatchedMs / 1000, 2)} s`],
            ["dispatch + every delivery sent", `${fixed(totalMs / 1000, 2)} s`],
            ["deliveries per second", fixed(delivered / (totalMs / 1000), 0)],
            [`delay change → delivery, ${delay.count} changes: p50`, `${fixed(delay.p50, 0)} ms`],
            ["delay p90", `${fixed(delay.p90, 0)} ms`],
            ["delay p99", `${fixed(delay.p99, 0)} ms`],
            ["delay max", `${fixed(delay.max, 0)} ms`],
          ],
          ["l", "r"],
        ),
        "",
        "Reading: the delay is the ticker's wait (0–1 s, half of it on average) plus one dispatcher run and one send. Throughput: each delivery " +
          "costs the dispatcher one conditional Put and its try five DynamoDB calls (endpoint and delivery read, the claim, a read and the log " +
          `update), about ${(delivered * 6).toLocaleString("en-US")} calls in ${fixed(totalMs / 1000, 1)} s on one DynamoDB Local shared by ` +
          "the dispatcher and the sends running side by side.",
        "",
      ].join("\n");
    } finally {
      await receiver.close();
      await scratch.drop();
    }
  },
};
