// The load suite, small (the bench runs 60 s for RELIABILITY.md, with the server's memory sampled): `npm start`'s
// server as a child process, on its own DynamoDB Local, under a bounded mix of reads and writes from eight officials
// of two tenants for a few seconds. Nothing fails: no 5xx, no 429 (the load stays within every caller's limit),
// every request answered as the mix expects.
import { describe, expect, it } from "vitest";
import { loadDevKeys, mintDevToken } from "#local/dev-keys";
import { startApi, stopApi, tempDataDir } from "#test/support/local-server";
import { mixedLoad } from "./mixed-load.ts";

describe("a bounded mixed load against npm start", () => {
  it("is answered without a 5xx, a 429 or an unexpected status", { timeout: 180_000 }, async () => {
    const dataDir = tempDataDir();
    const api = await startApi(dataDir);
    try {
      const keys = await loadDevKeys(dataDir);
      const callers = [];
      for (const tenantId of ["320312", "320300"])
        for (let i = 0; i < 4; i++)
          callers.push({
            tenantId,
            authorization: `Bearer ${await mintDevToken(keys, { role: i % 2 === 0 ? "tenant-admin" : "inspector", tenantId, subject: `load-${tenantId}-${i}` })}`,
          });
      const figures = await (await mixedLoad({ baseUrl: api.url, callers, seed: "anquan-load-1" })).run(15, 6);
      expect(figures.unexpected).toEqual([]);
      expect(Object.keys(figures.byStatus).filter((s) => Number(s) >= 500 || s === "429")).toEqual([]);
      expect(figures.latency.read.count).toBeGreaterThan(0);
      expect(figures.latency.write.count).toBeGreaterThan(0);
    } finally {
      await stopApi(api);
    }
  });
});
