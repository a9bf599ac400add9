// Reliability: the load suite at full size (test/reliability/mixed-load.ts; npm test runs 6 s): `npm start`'s
// server as a child process on its own DynamoDB Local, 60 s of a bounded mix of reads and writes from sixteen
// officials of two tenants (every caller within its rate limit), the server's resident memory sampled each second.
// The figures: answers by status (0 5xx), read and write latency p50/p99, the rate held, and memory over the run.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDevKeys, mintDevToken } from "#local/dev-keys";
import { runMixedLoad } from "#test/reliability/mixed-load";
import { table } from "../support/markdown.ts";
import type { Suite } from "../support/suite.ts";

const rate = 60;

/** The child's resident set (VmRSS) in MiB, from /proc; undefined where there is no /proc. */
function residentMiB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function startServer(root: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.PORT;
  const child = spawn(process.execPath, ["packages/local/start.ts", "--port", "0", "--in-memory"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = /Anquan API ready in \d+ ms at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (ready?.[1] && /Dev token/.test(out)) return { child, url: ready[1] };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`npm start did not come up:\n${out.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const mixedLoadSuite: Suite = {
  name: "mixed-load",
  report: "reliability",
  async run(context) {
    const dataDir = mkdtempSync(join(tmpdir(), "anquan-load-"));
    const { child, url } = await startServer(context.root, dataDir);
    try {
      const keys = await loadDevKeys(dataDir);
      const callers = [];
      for (const tenantId of ["320312", "320300"])
        for (let i = 0; i < 8; i++)
          callers.push({
            tenantId,
            authorization: `Bearer ${await mintDevToken(keys, { role: i % 2 === 0 ? "tenant-admin" : "inspector", tenantId, subject: `load-${tenantId}-${i}` })}`,
          });
      const seconds = context.quick ? 10 : 60;
      const memory: { at: number; mib: number }[] = [];
      const pid = child.pid ?? 0;
      const before = residentMiB(pid);
      const figures = await runMixedLoad({
        baseUrl: url,
        callers,
        seed: `bench-load-${new Date().toISOString().slice(0, 10)}`,
        rate,
        seconds,
        onTick: (at) => {
          const mib = residentMiB(pid);
          if (mib !== undefined) memory.push({ at, mib });
        },
      });
      const fiveXx = Object.entries(figures.byStatus)
        .filter(([s]) => Number(s) >= 500)
        .reduce((n, [, c]) => n + c, 0);
      const quarter = Math.max(1, Math.floor(memory.length / 4));
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      const early = median(memory.slice(0, quarter).map((m) => m.mib));
      const late = median(memory.slice(-quarter).map((m) => m.mib));
      const ms = (x: number) => `${x.toFixed(1)} ms`;
      return [
        "## Mixed load",
        "",
        `\`npm start\`'s server (a child process, its own in-memory DynamoDB Local) under ${seconds} s of an open-loop mix at ${rate} requests a second — 70 % reads (a unit, a town's units, the hazards, /v1/me), 30 % writes (a unit's address without If-Match, a new hazard, a new unit) — from 16 officials of two tenants, each within its rate limit (test/reliability/mixed-load.ts). Memory is the server process's resident set, sampled each second (DynamoDB Local's JVM not counted).`,
        "",
        table(
          ["requests", "rate held", "5xx", "statuses", "read p50 / p99", "write p50 / p99"],
          [
            [
              figures.requests.toLocaleString("en-US"),
              `${(figures.requests / figures.seconds).toFixed(1)} /s`,
              String(fiveXx),
              Object.entries(figures.byStatus)
                .map(([s, n]) => `${s}: ${n}`)
                .join(", "),
              `${ms(figures.latency.read.p50)} / ${ms(figures.latency.read.p99)}`,
              `${ms(figures.latency.write.p50)} / ${ms(figures.latency.write.p99)}`,
            ],
          ],
          ["r", "r", "r", "l", "r", "r"],
        ),
        "",
        table(
          ["server memory", "MiB"],
          [
            ["before the load", before === undefined ? "—" : before.toFixed(1)],
            ["first quarter of the run (median)", early.toFixed(1)],
            ["last quarter of the run (median)", late.toFixed(1)],
            ["highest sample", Math.max(0, ...memory.map((m) => m.mib)).toFixed(1)],
            ["growth, first to last quarter", early > 0 ? `${(((late - early) / early) * 100).toFixed(1)} %` : "—"],
          ],
          ["l", "r"],
        ),
        "",
        ...(figures.unexpected.length > 0 ? ["Unexpected answers:", "", ...figures.unexpected.map((u) => `- ${u}`), ""] : []),
      ].join("\n");
    } finally {
      child.kill("SIGINT");
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          resolve(undefined);
        }, 20_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
