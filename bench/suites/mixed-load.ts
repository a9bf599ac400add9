// Reliability: the load suite at full size (test/reliability/mixed-load.ts; npm test runs 6 s): `npm start`'s
// server as a child process on its own DynamoDB Local. First the rate this machine sustains is measured (a closed
// loop of the same mix, which also warms the server up); then 60 s of the mix at 70 % of that rate, open loop, from
// sixteen officials of two tenants (every caller within its rate limit), the server's resident memory sampled each
// second. The figures: answers by status (0 5xx), read and write latency p50/p99, the rate held, memory over the run.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDevKeys, mintDevToken } from "#local/dev-keys";
import { mixedLoad } from "#test/reliability/mixed-load";
import { table } from "../support/markdown.ts";
import type { Suite } from "../support/suite.ts";

/** The closed loop that measures the sustained rate: callers at once, seconds, and seconds in a quick run. */
const calibration = { concurrency: 8, seconds: 20, quickSeconds: 5 };
/** The share of the sustained rate the run asks for: below saturation, so no queue builds up in the server. */
const share = 0.7;
/** Memory counts as flat when the live heap at the end has grown by no more than this since the start. */
const flatWithin = 0.1;
/** How often the server's live heap is measured during the run (a full collection, so not every second). */
const liveEverySeconds = 20;

/** The child's resident set (VmRSS) in MiB, from /proc; undefined where there is no /proc. */
function residentMiB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  /** The server's V8 heap in use right after a full garbage collection, MiB (bench/support/heap-probe.mjs). */
  liveHeapMiB(): Promise<number>;
}

const probeLine = /^\[heap-probe\] (\{.*\})$/;

async function startServer(root: string, dataDir: string): Promise<Server> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.PORT;
  const args = ["--expose-gc", "--import", "./bench/support/heap-probe.mjs", "packages/local/start.ts", "--port", "0", "--in-memory"];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  // The probe's answers (heap in use, MiB), taken from stdout line by line as they come.
  const heapSamples: number[] = [];
  let partialLine = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    out += text;
    const lines = (partialLine + text).split("\n");
    partialLine = lines.pop() ?? "";
    for (const line of lines) {
      const sample = probeLine.exec(line)?.[1];
      if (sample) heapSamples.push((JSON.parse(sample) as { heapUsed: number }).heapUsed / 2 ** 20);
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const liveHeapMiB = async () => {
    const seen = heapSamples.length;
    child.kill("SIGUSR2");
    for (const until = Date.now() + 30_000; Date.now() < until; ) {
      const sample = heapSamples[seen];
      if (sample !== undefined) return sample;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("the server's heap probe did not answer");
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = /Anquan API ready in \d+ ms at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (ready?.[1] && /Dev token/.test(out)) return { child, url: ready[1], liveHeapMiB };
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
    const { child, url, liveHeapMiB } = await startServer(context.root, dataDir);
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
      const load = await mixedLoad({ baseUrl: url, callers, seed: `bench-load-${new Date().toISOString().slice(0, 10)}` });
      const coldMiB = residentMiB(pid);
      const sustained = await load.sustained(calibration.concurrency, context.quick ? calibration.quickSeconds : calibration.seconds);
      const rate = Math.max(5, Math.floor(sustained * share));
      const before = residentMiB(pid);
      const live = [{ at: 0, mib: await liveHeapMiB() }];
      const figures = await load.run(rate, seconds, async (at) => {
        const mib = residentMiB(pid);
        if (mib !== undefined) memory.push({ at, mib });
        if (Math.round(at) % liveEverySeconds === 0) live.push({ at: Math.round(at), mib: await liveHeapMiB() });
      });
      live.push({ at: Math.round(figures.seconds), mib: await liveHeapMiB() });
      const fiveXx = Object.entries(figures.byStatus)
        .filter(([s]) => Number(s) >= 500)
        .reduce((n, [, c]) => n + c, 0);
      const quarter = Math.max(1, Math.floor(memory.length / 4));
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      const early = median(memory.slice(0, quarter).map((m) => m.mib));
      const late = median(memory.slice(-quarter).map((m) => m.mib));
      const [liveStart, liveEnd] = [live[0]?.mib ?? 0, live.at(-1)?.mib ?? 0];
      const growth = liveStart > 0 ? (liveEnd - liveStart) / liveStart : undefined;
      const ms = (x: number) => `${x.toFixed(1)} ms`;
      return [
        "## Mixed load",
        "",
        `\`npm start\`'s server (a child process, its own in-memory DynamoDB Local) under a mix of 70 % reads (a unit, a town's units, the hazards, /v1/me) and 30 % writes (a unit's address without If-Match, a new hazard, a new unit) from 16 officials of two tenants, each within its rate limit (test/reliability/mixed-load.ts). First ${calibration.concurrency} callers sent the mix back to back for ${context.quick ? calibration.quickSeconds : calibration.seconds} s: this machine sustained **${sustained.toFixed(1)} requests a second**. Then ${seconds} s of the mix open loop at ${Math.round(share * 100)} % of that, **${rate} a second**. Memory is the server process's (DynamoDB Local's JVM not counted): its resident set, sampled each second, and its live heap, what V8 still holds right after a full collection (bench/support/heap-probe.mjs), at the start, every ${liveEverySeconds} s and at the end. A resident set may grow with garbage V8 has not reclaimed yet; memory counts as flat when the live heap at the end is at most ${Math.round(flatWithin * 100)} % above the start's.`,
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
            ["before the sustained-rate run", coldMiB === undefined ? "—" : coldMiB.toFixed(1)],
            ["after it, before the load", before === undefined ? "—" : before.toFixed(1)],
            ["first quarter of the run (median)", early.toFixed(1)],
            ["last quarter of the run (median)", late.toFixed(1)],
            ["highest sample", Math.max(0, ...memory.map((m) => m.mib)).toFixed(1)],
            ["growth, first to last quarter", early > 0 ? `${(((late - early) / early) * 100).toFixed(1)} %` : "—"],
          ],
          ["l", "r"],
        ),
        "",
        table(
          ["live heap after a full collection", "MiB"],
          [
            ...live.map((l) => [l.at === 0 ? "start of the run" : `after ${l.at} s`, l.mib.toFixed(1)]),
            [
              "growth, start to end",
              growth === undefined ? "—" : `${(growth * 100).toFixed(1)} % (${growth <= flatWithin ? "flat" : "growing"})`,
            ],
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
