// Suite "weekly-refresh": the weekly base-data refresh of tenants of 1,000, 10,000 and 100,000 units, recounted (no
// earlier snapshot) and rolled forward from the previous week's snapshot by the week's change feed: time, DynamoDB
// calls and capacity by what was read, and peak memory. The register is seeded straight into the store (only the
// items the refresh reads); the week's changes go through the API, so the change feed is the real one.

import type { DynamoDBClient, WriteRequest } from "@aws-sdk/client-dynamodb";
import { createApp } from "#api/app";
import { silentLogger } from "#api/deps";
import { nextWeek, previousWeek, weekEnd, weekStart } from "#core/kernel/china-time";
import { ulid } from "#core/kernel/ids";
import type { Clock } from "#core/kernel/ports";
import { systemClock } from "#core/kernel/system-clock";
import { type Enterprise, summarize } from "#core/register/enterprise";
import type { WeeklySnapshot } from "#core/weekly/weekly";
import { mintDevToken } from "#local/dev-keys";
import { type LocalDeps, localDeps } from "#local/local-deps";
import { localClient } from "#store/dynamo/client-provider";
import { keys, tenantScope } from "#store/dynamo/keys";
import { batchWrite, toItem } from "#store/dynamo/writes";
import { type ApiCall, appCaller } from "../support/api.ts";
import { capacityCountingClient } from "../support/capacity-client.ts";
import { type CapacityTally, type CapacityTotals, capacityTally, units } from "../support/capacity-report.ts";
import { table } from "../support/markdown.ts";
import { type MemoryPeak, mebibytes, sampleMemory } from "../support/memory.ts";
import { benchRateLimits } from "../support/rate-limits.ts";
import { addPlaces, enterpriseBody, type Place, storedUnit } from "../support/register-data.ts";
import { scratchTable } from "../support/scratch-table.ts";
import type { Suite } from "../support/suite.ts";

const tenantId = "320312";
const scope = tenantScope(tenantId);
const dayMs = 24 * 3600 * 1000;

/** The measured week (Monday 9 to Sunday 15 November 2026, China); the one before is refreshed first for (b). */
const week = "2026-W46";
const weekBefore = previousWeek(week);
const weekAfter = nextWeek(week);
/** Seeded units were last reviewed between these instants (uniformly), all before the week before. */
const reviewedFrom = Date.parse("2026-07-24T02:00:00Z");
const reviewedTo = Date.parse("2026-11-01T02:00:00Z");
/** With reviews spread over 100 days, about 15 % of the seeded units are stale at the week's end. */
const staleAfterDays = 100;
/** Share of the tenant changed in the measured week, and the fixed count of changes in the week after (c). */
const changedShare = 0.01;
/** Every 50th unit hosts the unit 7 after it (厂中厂); hosts and lessees are left out of deletes. */
const hostEvery = 50;
const lesseeOffset = 7;

type Part = "register" | "feed" | "stale" | "worklist" | "snapshot" | "other";
const parts: readonly Part[] = ["register", "feed", "stale", "worklist", "snapshot", "other"];

/** What a call was for, from the partition it read or wrote. */
function partOf(partition: string | undefined): Part {
  const p = partition ?? "";
  if (p.endsWith("#EIX#all")) return "register";
  if (p.includes("#ECHG#")) return "feed";
  if (p.endsWith("#ENT#BYREVIEW")) return "stale";
  if (p.includes("#WL#")) return "worklist";
  if (p.endsWith("#SNAP")) return "snapshot";
  return "other";
}

interface Measured {
  readonly label: string;
  readonly changes: number;
  readonly seconds: number;
  readonly byPart: Record<Part, CapacityTotals>;
  readonly all: CapacityTotals;
  readonly memory: MemoryPeak;
  readonly snapshot: WeeklySnapshot;
}

interface SizeResult {
  readonly units: number;
  readonly runs: readonly Measured[];
}

function manualClock(start: number): Clock & { set(at: number): void } {
  let now = start;
  return { now: () => new Date(now), set: (at) => (now = at) };
}

/** Writes `count` units (the current record with its stale-index keys, and its entry in the `all` list) a few batches at a time. */
async function seedRegister(
  target: { client: DynamoDBClient; tableName: string },
  count: number,
  places: readonly Place[],
  log: (message: string) => void,
): Promise<string[]> {
  const ids: string[] = [];
  const chunk = 500;
  let next = 0;
  let written = 0;
  let nextLog = count / 5;
  const worker = async () => {
    while (next < count) {
      const from = next;
      const to = Math.min(count, from + chunk);
      next = to;
      const requests: WriteRequest[] = [];
      for (let i = from; i < to; i++) {
        // 7919 is prime, so i ↦ i·7919 mod count is a permutation: review dates spread evenly over the range.
        const at = reviewedFrom + Math.floor(((i * 7919) % count) * ((reviewedTo - reviewedFrom) / count));
        const id = ulid(at);
        ids[i] = id;
        // A chunk starts at a multiple of hostEvery, so a lessee's host is in its chunk and already has an id.
        const hostId = i % hostEvery === lesseeOffset ? (ids[i - lesseeOffset] ?? null) : null;
        const unit = storedUnit(i + 1, places[i % places.length] as Place, id, new Date(at).toISOString(), hostId);
        // The shapes of packages/store/register/enterprise-repository.ts: currentItem() and an entry of the `all` list.
        const current = { ...unit, _type: "enterprise", gsi1pk: keys.enterprisesByReview(scope), gsi1sk: `${unit.reviewedAt}#${unit.id}` };
        const entry = { ...summarize(unit), _type: "enterprise-entry" };
        requests.push({ PutRequest: { Item: toItem({ ...current, ...keys.enterprise(scope, unit.id) }) } });
        requests.push({ PutRequest: { Item: toItem({ ...entry, ...keys.enterpriseListEntry(scope, "all", unit.name, unit.id) }) } });
      }
      await batchWrite(target, scope, requests);
      written += to - from;
      if (written >= nextLog) {
        log(`weekly-refresh ${count.toLocaleString("en-US")}: seeded ${written.toLocaleString("en-US")} units`);
        nextLog += count / 5;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return ids;
}

type ChangeKind = "update" | "confirm" | "create" | "delete";

/** The kinds of `count` changes: half updates, a quarter confirmations, the rest creates and deletes. */
function changeKinds(count: number): ChangeKind[] {
  const creates = Math.max(1, Math.round(count * 0.15));
  const deletes = Math.max(1, Math.round(count * 0.1));
  const confirms = Math.round(count * 0.25);
  const kinds: ChangeKind[] = [];
  for (let k = 0; k < count; k++)
    kinds.push(k < creates ? "create" : k < creates + deletes ? "delete" : k < creates + deletes + confirms ? "confirm" : "update");
  return kinds;
}

/**
 * Makes `count` changes through the API spread over Monday to Friday of `inWeek`: updates of list fields, moves
 * between towns and renames, confirmations, a few creates and deletes. Returns creates minus deletes.
 */
async function changeWeek(
  call: ApiCall,
  clock: ReturnType<typeof manualClock>,
  inWeek: string,
  count: number,
  ids: readonly string[],
  places: readonly Place[],
  offset: number,
  deleted: Set<number>,
): Promise<number> {
  const monday = weekStart(inWeek).getTime() + 10 * 3600 * 1000; // 10:00 in China
  const stride = Math.max(1, Math.floor(ids.length / count));
  let net = 0;
  const kinds = changeKinds(count);
  for (const [k, kind] of kinds.entries()) {
    clock.set(monday + Math.floor((k * 4.5 * dayMs) / count));
    let i = (k * stride + offset) % ids.length;
    // Deletes leave hosts and lessees alone (a host with lessees cannot be deleted); nothing touches a deleted unit.
    const skip = (j: number) => deleted.has(j) || (kind === "delete" && (j % hostEvery === 0 || j % hostEvery === lesseeOffset));
    while (skip(i)) i = (i + 1) % ids.length;
    const path = `/v1/enterprises/${ids[i]}`;
    if (kind === "create") {
      await call("POST", "/v1/enterprises", enterpriseBody(1_000_000 + offset * 1000 + k, places[k % places.length] as Place), 201);
      net++;
    } else if (kind === "delete") {
      await call("DELETE", path);
      deleted.add(i);
      net--;
    } else if (kind === "confirm") {
      await call("POST", `${path}/confirm`);
    } else {
      const unit = (await call("GET", path)) as Enterprise;
      const variant = k % 4;
      const place = places[(places.findIndex((p) => p.gridId === unit.gridId) + 5) % places.length] as Place;
      const body =
        variant === 0
          ? { riskLevel: unit.riskLevel === "red" ? "yellow" : "red" }
          : variant === 1
            ? { productionStatus: unit.productionStatus === "producing" ? "halted" : "producing" }
            : variant === 2
              ? { townId: place.townId, gridId: place.gridId }
              : { name: `${unit.name.replace(/有限公司$/, "")}（${inWeek}更名）有限公司` };
      await call("PATCH", path, body);
    }
  }
  return net;
}

/** JSON with every object's keys sorted, so equal snapshots compare equal whatever order their counts were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

/** A snapshot without what differs between two runs of the same week. */
/** A snapshot without what says how it was made (when, and whether rolled forward or counted afresh). */
const comparable = ({ generatedAt: _g, basis: _b, stars, ...rest }: WeeklySnapshot) =>
  canonical({ ...rest, ...(stars ? { stars: { ...stars, basis: null } } : {}) });

async function refreshOnce(
  deps: LocalDeps,
  refreshWeek: string,
  label: string,
  changes: number,
  tally: CapacityTally<Part>,
  read: LocalDeps,
): Promise<Measured> {
  tally.reset();
  const memory = sampleMemory();
  const started = performance.now();
  const outcome = await deps.jobs.run(
    { kind: "weekly-refresh", tenantId, week: refreshWeek },
    { remainingMs: () => Number.POSITIVE_INFINITY },
  );
  const seconds = (performance.now() - started) / 1000;
  const peak = memory.stop();
  const stored = await read.snapshots.get(tenantId, refreshWeek);
  if (!outcome.done || !stored) throw new Error(`weekly refresh of ${refreshWeek} left no snapshot`);
  const byPart = Object.fromEntries(parts.map((p) => [p, tally.of(p)])) as Record<Part, CapacityTotals>;
  return { label, changes, seconds, byPart, all: tally.all(), memory: peak, snapshot: stored.snapshot };
}

export const weeklyRefreshSuite: Suite = {
  name: "weekly-refresh",
  async run(context) {
    const sizes = context.quick ? [200, 1000, 4000] : [1000, 10_000, 100_000];
    const fixedChanges = context.quick ? 20 : 100;
    const fixture = await context.dynamo();
    const results: SizeResult[] = [];
    for (const size of sizes) {
      const scratch = await scratchTable(fixture, `weekly-${size}`);
      const clock = manualClock(reviewedFrom - 7 * dayMs);
      const tally = capacityTally<Part>((call) => partOf(call.partition));
      const counting = capacityCountingClient(fixture.endpoint, undefined, { onCall: (call) => tally.add(call) });
      const plain = localClient(fixture.endpoint);
      // Tokens are minted and checked on the wall clock while the suite moves its clock over weeks.
      const options = {
        endpoint: fixture.endpoint,
        tableName: scratch.tableName,
        keys: fixture.keys,
        clock,
        tokenClock: systemClock,
        logger: silentLogger,
        rateLimits: benchRateLimits,
      };
      const setup = localDeps({ ...options, client: plain });
      const measured = localDeps({ ...options, client: counting.client });
      try {
        const token = await mintDevToken(fixture.keys, { role: "tenant-admin", tenantId, subject: "bench-weekly" });
        const call = appCaller(createApp(setup), token);
        const places = await addPlaces(call, 8, 3);
        await call("PATCH", "/v1/settings", { staleAfterDays });
        const t0 = performance.now();
        const ids = await seedRegister({ client: plain, tableName: scratch.tableName }, size, places, context.log);
        const deleted = new Set<number>();
        context.log(`weekly-refresh ${size}: seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

        const changes = Math.round(size * changedShare);
        const net = await changeWeek(call, clock, week, changes, ids, places, 13, deleted);
        const tuesdayAfter = (w: string) => weekEnd(w).getTime() + 34 * 3600 * 1000; // 10:00 in China
        clock.set(tuesdayAfter(week));

        const recount = await refreshOnce(measured, week, "(a) recount: no earlier snapshot", changes, tally, setup);
        if (recount.snapshot.basis !== "recount" || recount.snapshot.total !== size + net) {
          throw new Error(`recount of ${size}: basis ${recount.snapshot.basis}, total ${recount.snapshot.total}, expected ${size + net}`);
        }
        context.log(`weekly-refresh ${size}: recount in ${recount.seconds.toFixed(1)} s`);
        // The week before, so (b) has a snapshot to roll from; then W's worklist is cleared so (b) writes it as a first run would.
        await setup.jobs.run({ kind: "weekly-refresh", tenantId, week: weekBefore }, { remainingMs: () => Number.POSITIVE_INFINITY });
        await setup.snapshots.clearWorklist(tenantId, week);
        const rolled = await refreshOnce(measured, week, `(b) rolled forward from ${weekBefore}`, changes, tally, setup);
        if (rolled.snapshot.basis !== "previous-snapshot" || comparable(rolled.snapshot) !== comparable(recount.snapshot)) {
          throw new Error(`rolled-forward ${week} of ${size} differs from its recount`);
        }
        context.log(`weekly-refresh ${size}: rolled forward in ${rolled.seconds.toFixed(1)} s`);

        // (c): the week after, with the same number of changes whatever the tenant's size.
        const netAfter = await changeWeek(call, clock, weekAfter, fixedChanges, ids, places, 29, deleted);
        clock.set(tuesdayAfter(weekAfter));
        const fixed = await refreshOnce(measured, weekAfter, `(c) rolled forward from ${week}`, fixedChanges, tally, setup);
        if (fixed.snapshot.basis !== "previous-snapshot" || fixed.snapshot.total !== size + net + netAfter) {
          throw new Error(`rolled-forward ${weekAfter} of ${size}: total ${fixed.snapshot.total}, expected ${size + net + netAfter}`);
        }
        results.push({ units: size, runs: [recount, rolled, fixed] });
      } finally {
        counting.client.destroy();
        plain.destroy();
        await scratch.drop();
      }
    }
    return report(results, fixedChanges);
  },
};

function report(results: readonly SizeResult[], fixedChanges: number): string {
  const n = (value: number) => Math.round(value).toLocaleString("en-US");
  const capacityUnits = (value: number) => units(Math.round(value * 10) / 10);
  /** "calls · RCU · WCU · seconds waiting on DynamoDB", leaving out a kind of capacity the part did not use. */
  const cell = (t: CapacityTotals) => {
    if (t.calls === 0) return "–";
    const used = [t.read > 0 ? `${capacityUnits(t.read)} RCU` : "", t.awsWrite > 0 ? `${capacityUnits(t.awsWrite)} WCU` : ""].filter(
      Boolean,
    );
    return [n(t.calls), ...used, `${(t.ms / 1000).toFixed(1)} s`].join(" · ");
  };
  const mainRows = results.flatMap((r) =>
    r.runs.map((m, i) => [
      i === 0 ? n(r.units) : "",
      m.label,
      n(m.changes),
      n(m.snapshot.stale.units),
      m.seconds.toFixed(1),
      n(m.all.calls),
      capacityUnits(m.all.read),
      capacityUnits(m.all.awsWrite),
      mebibytes(m.memory.heapUsed),
      mebibytes(m.memory.heapAfterGc),
      mebibytes(m.memory.rss),
    ]),
  );
  const partRows = results.flatMap((r) =>
    r.runs.map((m, i) => [
      i === 0 ? n(r.units) : "",
      m.label.slice(0, 3),
      cell(m.byPart.register),
      cell(m.byPart.feed),
      cell(m.byPart.stale),
      cell(m.byPart.worklist),
      cell(m.byPart.snapshot),
      cell(m.byPart.other),
    ]),
  );
  const [small, large] = results.slice(-2);
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}×` : "–");
  const run = (r: SizeResult | undefined, i: number) => r?.runs[i] as Measured;
  const lines: string[] = [
    "## Weekly refresh: time and capacity by tenant size",
    "",
    "One tenant per size, in a table of its own. The register is seeded with BatchWriteItem in the store's own item shapes " +
      "(packages/store/register/enterprise-repository.ts) but only the two items per unit the refresh reads: the current record, carrying " +
      "the stale index's keys (gsi1: units by reviewedAt), and the unit's entry in the `all` list that a recount pages through; the " +
      "per-dimension list entries, history and credit-code items are left out. Units were last reviewed between 24 July and " +
      `1 November 2026 and the tenant's staleAfterDays is ${staleAfterDays}, so about 15 % are stale at the measured week's end; ` +
      `every ${hostEvery}th unit hosts a lessee (厂中厂). In the measured week (${week}) ${Math.round(changedShare * 100)} % of the ` +
      "units change through the API (half updates — risk level, production status, a move to another town, a rename — a quarter " +
      "confirmations, 15 % creates, 10 % deletes), so the change feed is the real one; the clock is a manual one. Runs, by " +
      `\`localDeps(…).jobs.run\` in the week after: **(a)** ${week} with no earlier snapshot (a recount of the register); ` +
      `**(b)** ${week} again after ${weekBefore} was refreshed (rolled forward by the week's feed; its worklist cleared first, as ` +
      `on a first run; the snapshot must equal (a)'s); **(c)** ${weekAfter}, rolled forward from ${week}, after exactly ` +
      `${fixedChanges} changes whatever the tenant's size. Calls and capacity from the counting client (WCU by AWS rules; Queries ` +
      "strongly consistent); memory as in the import table (peak heap, heap right after a major GC, RSS; minus the pre-run baseline).",
    "",
    table(
      [
        "units",
        "refresh",
        "week's changes",
        "stale units",
        "seconds",
        "DynamoDB calls",
        "RCU",
        "WCU",
        "peak heap Δ",
        "heap after major GC Δ",
        "peak RSS Δ",
      ],
      mainRows,
      ["r", "l", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
    ),
    "",
    "Where the calls went (calls · capacity · time waiting on DynamoDB): *register* pages the `all` list (recount only); *feed* reads " +
      "the change feed of the week and of the weeks after it; *stale* pages the stale index; *worklist* clears and writes the week's " +
      "worklist (one item per stale unit); *snapshot* reads the previous snapshot and writes the week's; *other* is the settings, " +
      "the placards due and the units changed since the week.",
    "",
    table(["units", "run", "register", "feed", "stale", "worklist", "snapshot", "other"], partRows, [
      "r",
      "l",
      "r",
      "r",
      "r",
      "r",
      "r",
      "r",
    ]),
    "",
  ];
  if (small && large) {
    const [a1, b1, c1] = [run(small, 0), run(small, 1), run(small, 2)];
    const [a2, b2, c2] = [run(large, 0), run(large, 1), run(large, 2)];
    const rcu = (t: CapacityTotals) => `${capacityUnits(t.read)} RCU`;
    const staleShare = (m: Measured) => (m.byPart.stale.ms + m.byPart.worklist.ms) / Math.max(1, m.all.ms);
    const heap = (m: Measured) =>
      `${mebibytes(m.memory.heapUsed)} (${m.memory.heapAfterGc === undefined ? "no major GC ran" : `${mebibytes(m.memory.heapAfterGc)} after major GCs`})`;
    // The snapshot write's WCU is its size in KB: what each host adds to it, and where that meets the 400 KB item limit.
    const [s1, s2] = [b1.byPart.snapshot.awsWrite, b2.byPart.snapshot.awsWrite];
    const [h1, h2] = [b1.snapshot.hosts, b2.snapshot.hosts];
    const bytesPerHost = h2 > h1 ? ((s2 - s1) * 1024) / (h2 - h1) : 0;
    const hostLimit = bytesPerHost > 0 ? h2 + ((400 - s2) * 1024) / bytesPerHost : Number.NaN;
    lines.push(
      `Reading: from ${n(small.units)} to ${n(large.units)} units (${ratio(large.units, small.units)}), the recount (a) read ` +
        `${ratio(a2.byPart.register.read, a1.byPart.register.read)} the register RCU and took ${ratio(a2.seconds, a1.seconds)} the ` +
        "time: it pages every unit's `all` entry. Rolled forward (b), the refresh reads no register page; its change-feed reads cost " +
        `${rcu(b1.byPart.feed)} and ${rcu(b2.byPart.feed)} (${ratio(b2.byPart.feed.read, b1.byPart.feed.read)}) as the week's changes ` +
        `grew ${ratio(b2.changes, b1.changes)} (${n(b1.changes)} → ${n(b2.changes)}, ${Math.round(changedShare * 100)} % of the ` +
        `tenant), and with the same ${fixedChanges} changes at both sizes (c) ${rcu(c1.byPart.feed)} and ${rcu(c2.byPart.feed)} ` +
        `(${ratio(c2.byPart.feed.read, c1.byPart.feed.read)}): rolling forward follows the week's changes, not the tenant. Two costs ` +
        "still follow the tenant in every run. The stale-unit work pages the stale index and writes one worklist item per stale " +
        `unit (${n(b2.snapshot.stale.units)} at ${n(large.units)} units: ${capacityUnits(b2.byPart.worklist.awsWrite)} WCU, ` +
        `${Math.round(staleShare(b2) * 100)} % of (b)'s DynamoDB time), so it grows with how many units are stale (here about 15 %), ` +
        "not with the week's activity. And the snapshot item carries the lessee count of every host (厂中厂出租方): written at " +
        `${capacityUnits(s1)} WCU with ${n(h1)} hosts and ${capacityUnits(s2)} WCU with ${n(h2)} (and read back by the next week at ` +
        `${rcu(b2.byPart.snapshot)}), about ${Math.round(bytesPerHost)} bytes per host` +
        (Number.isFinite(hostLimit) ? `, so the item would reach DynamoDB's 400 KB limit near ${n(hostLimit)} hosts. ` : ". ") +
        `The recount's peak heap rose ${heap(a1)} at ${n(small.units)} units and ${heap(a2)} at ${n(large.units)} ` +
        `(${ratio(a2.memory.heapUsed, a1.memory.heapUsed)}): the job holds a page of the register at a time, the counters and ` +
        "the week's net changes, never the register.",
      "",
    );
  }
  return lines.join("\n");
}
