// Peak memory of a stretch of work in this process: process.memoryUsage() sampled every 20 ms, reported as
// peak minus the baseline taken just before, after a full garbage collection so the baseline is not inflated
// by earlier work's garbage. The heap just after each major GC is kept too: what the work really held live,
// where the 20 ms peak also counts garbage V8 had not collected yet. On request a full collection is also forced
// every few milliseconds, and the largest heap left after one kept: the live heap, whether or not V8 would have
// collected on its own, at the price of the run's time.
import { constants, PerformanceObserver } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const sampleMs = 20;

// `gc` is only exposed with --expose-gc; npm run bench starts plain node, so the flag is set at run time and
// the function taken from a fresh context, where V8 installs it.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

export interface MemoryPeak {
  /** Peak resident set size minus the baseline, bytes. RSS seldom shrinks, so a run after a larger one understates. */
  readonly rss: number;
  /** Peak V8 heap in use minus the baseline, bytes (includes garbage not yet collected). */
  readonly heapUsed: number;
  /** The largest heap in use right after a major GC, minus the baseline; undefined when no major GC ran. */
  readonly heapAfterGc: number | undefined;
  readonly majorGcs: number;
  /** With `gcEveryMs`: the largest heap in use right after a forced full GC, minus the baseline. */
  readonly liveHeap?: number;
}

export interface MemoryOptions {
  /** Force a full GC this often and keep the heap left after it (`liveHeap`); the forced GCs count in `majorGcs`. */
  readonly gcEveryMs?: number;
}

export interface MemorySampler {
  stop(): MemoryPeak;
}

/** Collects garbage, takes the baseline and starts sampling. */
export function sampleMemory(options: MemoryOptions = {}): MemorySampler {
  gc();
  gc();
  const baseline = process.memoryUsage();
  let live: number | undefined;
  const collector = options.gcEveryMs
    ? setInterval(() => {
        gc();
        live = Math.max(live ?? 0, process.memoryUsage().heapUsed);
      }, options.gcEveryMs)
    : undefined;
  collector?.unref();
  let rss = baseline.rss;
  let heapUsed = baseline.heapUsed;
  let afterGc: number | undefined;
  let majorGcs = 0;
  const sample = () => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss);
    heapUsed = Math.max(heapUsed, now.heapUsed);
  };
  const timer = setInterval(sample, sampleMs);
  timer.unref(); // a suite that throws must not be kept alive by its sampler
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      majorGcs++;
      afterGc = Math.max(afterGc ?? 0, process.memoryUsage().heapUsed);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    stop() {
      clearInterval(timer);
      clearInterval(collector);
      observer.disconnect();
      sample();
      return {
        rss: rss - baseline.rss,
        heapUsed: heapUsed - baseline.heapUsed,
        heapAfterGc: afterGc === undefined ? undefined : afterGc - baseline.heapUsed,
        majorGcs,
        ...(live !== undefined ? { liveHeap: live - baseline.heapUsed } : {}),
      };
    },
  };
}

/** Bytes as MiB with one decimal ("12.3 MiB"), or "–" when unknown. */
export function mebibytes(count: number | undefined): string {
  return count === undefined ? "–" : `${(count / 1024 / 1024).toFixed(1)} MiB`;
}
