// The load suite's driver: an open-loop mix of reads and writes at a fixed rate against a running server (npm
// start), spread over several officials of two tenants so that no caller passes its rate limit — a bounded load,
// not a flood. Each request is timed; the figures are the answers by status (5xx must be 0), the latency p50/p99
// of reads and of writes, and the rate achieved. The caller samples the server's memory while it runs.
import { creditCode, enterpriseBody } from "#test/support/register";
import { seededRandom } from "./seeded-random.ts";

export interface LoadCaller {
  readonly tenantId: string;
  /** `Bearer …` */
  readonly authorization: string;
}

export interface LoadOptions {
  readonly baseUrl: string;
  readonly callers: readonly LoadCaller[];
  readonly seed: string;
}

export interface LoadFigures {
  readonly requests: number;
  readonly seconds: number;
  readonly byStatus: Record<string, number>;
  readonly latency: Record<"read" | "write", { count: number; p50: number; p99: number; max: number }>;
  /** What came back other than the expected answers (5xx, or a status the mix does not expect), first 20. */
  readonly unexpected: readonly string[];
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

interface Place {
  readonly townId: string;
  readonly gridId: string;
  readonly unitIds: string[];
}

async function call(baseUrl: string, caller: LoadCaller, method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: caller.authorization, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text };
}

/** A town, a grid and a few units per tenant, made before the clock starts. */
async function prepare(options: LoadOptions): Promise<Map<string, Place>> {
  const places = new Map<string, Place>();
  let n = 0;
  for (const caller of options.callers) {
    if (places.has(caller.tenantId)) continue;
    const suffix = `${Date.now().toString(36)}${caller.tenantId}`;
    const town = JSON.parse((await call(options.baseUrl, caller, "POST", "/v1/towns", { name: `负载镇${suffix}`, kind: "town" })).text);
    const grid = JSON.parse(
      (await call(options.baseUrl, caller, "POST", "/v1/grids", { townId: town.id, name: `负载网格${suffix}`, level: 1 })).text,
    );
    const place: Place = { townId: town.id, gridId: grid.id, unitIds: [] };
    for (let i = 0; i < 5; i++) {
      const code = creditCode(runBase + 900 + ++n, caller.tenantId);
      const unit = await call(
        options.baseUrl,
        caller,
        "POST",
        "/v1/enterprises",
        enterpriseBody(n, place, { creditCode: code, name: `负载预置${code}` }),
      );
      if (unit.status === 201) place.unitIds.push(JSON.parse(unit.text).id);
    }
    if (place.unitIds.length === 0) throw new Error("load set-up: no unit could be created");
    places.set(caller.tenantId, place);
  }
  return places;
}

/** Credit codes of this run: far from the fixtures' and other runs' (31^9 codes to draw from). */
const runBase = 10_000_000 + (Date.now() % 1_000_000) * 1_000;

export interface MixedLoad {
  /**
   * Closed loop, to find the rate the machine sustains: `concurrency` callers each send their next request as soon
   * as the last is answered, for `seconds`. Gives the answers a second; it also warms the server up.
   */
  sustained(concurrency: number, seconds: number): Promise<number>;
  /** Open loop: `rate` requests started a second for `seconds`, whatever the answers' pace; `onTick` about every second. */
  run(rate: number, seconds: number, onTick?: (elapsedSeconds: number) => void | Promise<void>): Promise<LoadFigures>;
}

interface Tally {
  readonly byStatus: Record<string, number>;
  readonly times: Record<"read" | "write", number[]>;
  readonly unexpected: string[];
}

const newTally = (): Tally => ({ byStatus: {}, times: { read: [], write: [] }, unexpected: [] });

/** The places each tenant's requests use (made before any clock starts), and the seeded mix over them. */
export async function mixedLoad(options: LoadOptions): Promise<MixedLoad> {
  const places = await prepare(options);
  const random = seededRandom(options.seed);
  let serial = 0;
  const one = async (tally: Tally) => {
    const caller = random.pick(options.callers);
    const place = places.get(caller.tenantId) as Place;
    const unit = random.pick(place.unitIds);
    const draw = random.next();
    let method = "GET";
    let path: string;
    let body: unknown;
    let expected = [200];
    if (draw < 0.25) path = `/v1/enterprises/${unit}`;
    else if (draw < 0.45) path = `/v1/enterprises?townId=${place.townId}&limit=20`;
    else if (draw < 0.6) path = `/v1/hazards?limit=20`;
    else if (draw < 0.7) path = "/v1/me";
    else if (draw < 0.8) {
      method = "PATCH";
      path = `/v1/enterprises/${unit}`;
      body = { address: `负载路${++serial}号` };
    } else if (draw < 0.92) {
      method = "POST";
      path = "/v1/hazards";
      body = {
        enterpriseId: unit,
        category: "消防",
        description: `负载测试隐患${++serial}`,
        severity: "general",
        source: "inspection",
        foundBy: { name: "负载检查员" },
        foundOn: "2026-11-20",
      };
      expected = [201];
    } else {
      method = "POST";
      path = "/v1/enterprises";
      const code = creditCode(runBase + ++serial, caller.tenantId);
      body = enterpriseBody(serial, place, { creditCode: code, name: `负载单位${code}` });
      expected = [201];
    }
    const kind = method === "GET" ? "read" : "write";
    const t0 = performance.now();
    const answer = await call(options.baseUrl, caller, method, path, body);
    tally.times[kind].push(performance.now() - t0);
    tally.byStatus[answer.status] = (tally.byStatus[answer.status] ?? 0) + 1;
    if (!expected.includes(answer.status) && tally.unexpected.length < 20)
      tally.unexpected.push(`${method} ${path}: ${answer.status} ${answer.text.slice(0, 200)}`);
  };

  return {
    async sustained(concurrency, seconds) {
      const tally = newTally();
      const started = performance.now();
      const until = started + seconds * 1000;
      let answered = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < until) {
            await one(tally);
            answered++;
          }
        }),
      );
      return answered / ((performance.now() - started) / 1000);
    },

    async run(rate, seconds, onTick) {
      const tally = newTally();
      const started = performance.now();
      const inFlight = new Set<Promise<void>>();
      let sent = 0;
      let nextTick = 1;
      while ((performance.now() - started) / 1000 < seconds) {
        const due = Math.floor(((performance.now() - started) / 1000) * rate);
        while (sent < due) {
          sent++;
          const p = one(tally).finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
        const elapsed = (performance.now() - started) / 1000;
        if (elapsed >= nextTick) {
          nextTick++;
          await onTick?.(elapsed);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await Promise.all(inFlight);
      const summary = (list: number[]) => {
        const sorted = [...list].sort((a, b) => a - b);
        return { count: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? 0 };
      };
      return {
        requests: sent,
        seconds: (performance.now() - started) / 1000,
        byStatus: tally.byStatus,
        latency: { read: summary(tally.times.read), write: summary(tally.times.write) },
        unexpected: tally.unexpected,
      };
    },
  };
}
