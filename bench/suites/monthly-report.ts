// Suite "monthly-report": one district's monthly report built and mailed from the aggregates, for tenants of 10,000
// and 100,000 hazards (1,000 and 10,000 units, 20 towns): time, DynamoDB calls and capacity by what was read, peak
// memory at both sizes, and the sizes of the mail and its attachments; against a recount that reads every hazard
// and unit of the tenant and must cost at least 20× more. Then the monthly dispatcher over a registry of 3,000
// tenants, and what reading that registry adds to each tenant's report.
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { type AttributeValue, type DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { createApp } from "#api/app";
import { silentLogger } from "#api/deps";
import type { HazardSummary } from "#core/hazards/hazard";
import { type Counters, figuresOf, type HazardFigures, recount, sumCounters } from "#core/hazards/hazard-figures";
import { addMonths, chinaDate, monthDates } from "#core/kernel/china-time";
import { allOf } from "#core/kernel/paging";
import type { Clock, Mailer } from "#core/kernel/ports";
import type { ComparedFigures, MonthlyReport } from "#core/reports/monthly-report";
import { blobBytes, figuresFile, reportBlobKey } from "#core/reports/report-service";
import { monthlyDispatch } from "#jobs/reports/monthly-dispatch";
import { sqsJobQueue } from "#jobs/sqs-job-queue";
import { mintDevToken } from "#local/dev-keys";
import { type LocalDeps, localDeps } from "#local/local-deps";
import { localClient } from "#store/dynamo/client-provider";
import { keys, tenantScope } from "#store/dynamo/keys";
import { outboxMailer } from "#store/kernel/outbox-mailer";
import { type ApiCall, appCaller } from "../support/api.ts";
import { capacityCountingClient, type RecordedCall } from "../support/capacity-client.ts";
import { type CapacityTally, type CapacityTotals, capacityTally, units } from "../support/capacity-report.ts";
import { bytes, table } from "../support/markdown.ts";
import { type MemoryOptions, type MemoryPeak, mebibytes, sampleMemory } from "../support/memory.ts";
import { seedHazards, seedRegistry, seedUnits } from "../support/monthly-data.ts";
import { benchRateLimits } from "../support/rate-limits.ts";
import type { Place } from "../support/register-data.ts";
import { type ScratchTable, scratchTable } from "../support/scratch-table.ts";
import type { BenchContext, Suite } from "../support/suite.ts";

const tenantId = "320312";
const cityId = "320300";
const scope = tenantScope(tenantId);
/** The reported month; the job runs on 1 December, 09:00 in China, as the 06:00 schedule's worker would. */
const month = "2026-11";
const runAt = Date.parse("2026-12-01T01:00:00Z");
/** Thirteen months of hazards, so the month, the month before and the same month a year before all have counters. */
const spread = { first: monthDates(addMonths(month, -12)).first, last: monthDates(month).last };
/** The demo tenants are created before the first hazard, so no month of the range is refused as before the tenant. */
const tenantsCreated = Date.parse("2025-10-01T02:00:00Z");
/** Units last reviewed between these instants; with staleAfterDays 100 about a fifth are stale at the month's end. */
const reviewed = { from: Date.parse("2026-07-24T02:00:00Z"), to: Date.parse("2026-11-27T02:00:00Z") };
/**
 * The weekly snapshot the report takes its register totals and industries from: the week of the month's last day
 * (2026-W49, from 30 November) has not ended on 1 December, so the report falls back to the latest before it.
 */
const lastWeek = "2026-W48";
/** The capacity a recount must cost at least, as a multiple of the report's (issue 14). */
const requiredRatio = 20;
const unbounded = { remainingMs: () => Number.POSITIVE_INFINITY };
/** How often the live-heap run forces a full GC. */
const liveGcMs = 25;

/** Towns and streets of a district like 铜山区, 20 of them. */
const townNames = [
  "铜山街道",
  "三堡街道",
  "利国镇",
  "何桥镇",
  "马坡镇",
  "郑集镇",
  "柳新镇",
  "汉王镇",
  "棠张镇",
  "张集镇",
  "房村镇",
  "伊庄镇",
  "单集镇",
  "大许镇",
  "茅村镇",
  "柳泉镇",
  "刘集镇",
  "大彭镇",
  "黄集镇",
  "铜山经济技术开发区",
] as const;

interface Size {
  readonly hazards: number;
  readonly units: number;
  readonly towns: number;
}

type Part =
  | "counters: backlog"
  | "counters: tenant"
  | "counters: towns"
  | "counters: industries"
  | "major list"
  | "overdue list"
  | "snapshot & feeds"
  | "key targets"
  | "registry"
  | "report record"
  | "roll-up to city"
  | "hazards (all)"
  | "units (all)"
  | "other";
const reportParts: readonly Part[] = [
  "counters: backlog",
  "counters: tenant",
  "counters: towns",
  "counters: industries",
  "major list",
  "overdue list",
  "snapshot & feeds",
  "key targets",
  "registry",
  "report record",
  "roll-up to city",
  "other",
];

/** What a call was for, from the partition it read or wrote (and for counter rows, the days it asked for). */
function partOf(partition: string | undefined, input: Readonly<Record<string, unknown>>): Part {
  const p = partition ?? "";
  if (p.startsWith("PLATFORM#")) return "registry";
  if (p.endsWith("#HAGG#all")) {
    const from = (input.ExpressionAttributeValues as Record<string, { S?: string }> | undefined)?.[":from"]?.S;
    return from === "0000-01-01" ? "counters: backlog" : "counters: tenant";
  }
  if (p.includes("#HAGG#town#")) return "counters: towns";
  if (p.includes("#HAGG#industry#")) return "counters: industries";
  if (p.endsWith("#HIX#severity#major")) return "major list";
  if (p.endsWith("#HIX#open")) return "overdue list";
  if (p.endsWith("#HIX#all")) return "hazards (all)";
  if (p.endsWith("#EIX#all")) return "units (all)";
  if (p.endsWith("#SNAP") || p.includes("#ECHG#") || p.includes("#STWCHG#")) return "snapshot & feeds";
  if (p.includes("#SVTIX#") || p.includes("#SVTRUN")) return "key targets";
  if (p.includes("#REPORT#")) return "report record";
  if (p.includes("#UP#") || p.includes("#DF#")) return "roll-up to city";
  return "other";
}

/** A recorded call with the part it was classified under (the tally sees only the call, the listener its input too). */
interface PartCall extends RecordedCall {
  readonly part: Part;
}

function manualClock(start: number): Clock & { set(at: number): void } {
  let now = start;
  return { now: () => new Date(now), set: (at) => (now = at) };
}

/** A mail the job handed to the transport: its attachments, and the .eml the outbox wrote. */
interface SentMail {
  readonly to: string;
  readonly messageId: string;
  readonly emlBytes: number;
  readonly htmlBytes: number;
  readonly textBytes: number;
  readonly attachments: readonly { readonly filename: string; readonly contentType: string; readonly bytes: number }[];
}

/** The outbox mailer, noting what each message carried and how large its .eml came out. */
function recordingMailer(folder: string, clock: Clock): Mailer & { sent: SentMail[] } {
  const outbox = outboxMailer(folder, clock);
  const sent: SentMail[] = [];
  return {
    sent,
    async send(message) {
      const receipt = await outbox.send(message);
      const path = receipt.response.replace(/^written to /, "");
      sent.push({
        to: message.to.join(", "),
        messageId: message.messageId,
        emlBytes: statSync(path).size,
        htmlBytes: Buffer.byteLength(message.html ?? "", "utf8"),
        textBytes: Buffer.byteLength(message.text, "utf8"),
        attachments: (message.attachments ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          bytes: a.content.byteLength,
        })),
      });
      return receipt;
    },
  };
}

interface Run {
  readonly seconds: number;
  readonly all: CapacityTotals;
  readonly byPart: Record<Part, CapacityTotals>;
  readonly memory: MemoryPeak;
}

interface SizeResult {
  readonly size: Size;
  readonly seedSeconds: number;
  readonly counterRows: number;
  readonly entries: number;
  readonly targets: number;
  readonly report: Run & { readonly figures: MonthlyReport };
  /** A forced resend (generation 2) of the same report, its memory sampled with a full GC every few ms. */
  readonly resend: Run;
  readonly recount: Run & { readonly hazardsRead: number; readonly unitsRead: number };
  readonly mails: readonly SentMail[];
  readonly storedFiles: readonly { readonly name: string; readonly bytes: number }[];
}

/** Runs `work` counting its calls and sampling memory (with `gcEveryMs`, also its live heap: see memory.ts). */
async function timed<T>(tally: CapacityTally<Part>, work: () => Promise<T>, options: MemoryOptions = {}): Promise<{ value: T; run: Run }> {
  tally.reset();
  const memory = sampleMemory(options);
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  const peak = memory.stop();
  const byPart = Object.fromEntries([...reportParts, "hazards (all)", "units (all)"].map((p) => [p, tally.of(p as Part)])) as Record<
    Part,
    CapacityTotals
  >;
  return { value, run: { seconds, all: tally.all(), byPart, memory: peak } };
}

/** Every item of a partition, a page (1 MB) at a time, read as the store reads its lists: strongly consistent. */
async function* partitionPages(client: DynamoDBClient, tableName: string, pk: string): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        ConsistentRead: true,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": pk }),
        ExclusiveStartKey: start,
      }),
    );
    yield (page.Items ?? []).map((item) => unmarshall(item));
    start = page.LastEvaluatedKey;
  } while (start);
}

interface RecountedFigures {
  readonly tenant: ComparedFigures;
  readonly byTown: ReadonlyMap<string, ComparedFigures>;
  readonly byIndustry: ReadonlyMap<string, ComparedFigures>;
  readonly backlog: { open: number; overdue: number };
  readonly hazards: number;
  readonly units: number;
}

/**
 * The same dynamic-zeroing figures the hard way: every hazard's `all` entry and every unit's read (the cheapest
 * recount the store allows — list entries, not the larger items), each hazard counted into the tenant, its town
 * and its industry for the month, the month before and the month a year before, and into the backlog.
 */
async function recountFigures(client: DynamoDBClient, tableName: string, towns: readonly string[]): Promise<RecountedFigures> {
  const today = chinaDate(new Date(runAt));
  const months = { current: month, previousMonth: addMonths(month, -1), yearAgo: addMonths(month, -12) } as const;
  const { last } = monthDates(month);
  const sums = new Map<string, Counters>();
  const add = (key: string, counters: Counters) => sums.set(key, sumCounters([sums.get(key) ?? {}, counters]));
  const industries = new Set<string>();
  let hazards = 0;
  for await (const page of partitionPages(client, tableName, keys.hazardListPartition(scope, "all"))) {
    const summaries = page as unknown as HazardSummary[];
    hazards += summaries.length;
    for (const h of summaries) industries.add(h.industry);
    add("backlog", recount(summaries, { from: "0000-01-01", to: last }));
    for (const m of Object.values(months)) {
      const { first, last: end } = monthDates(m);
      add(`all ${m}`, recount(summaries, { from: first, to: end }));
      for (const townId of towns) add(`town#${townId} ${m}`, recount(summaries, { from: first, to: end, townId }));
      for (const code of industries) add(`industry#${code} ${m}`, recount(summaries, { from: first, to: end, industry: code }));
    }
  }
  let unitCount = 0;
  for await (const page of partitionPages(client, tableName, keys.enterpriseListPartition(scope, "all"))) unitCount += page.length;
  const compared = (dimension: string): ComparedFigures => {
    const of = (m: string): HazardFigures => {
      const { first, last: end } = monthDates(m);
      return figuresOf(sums.get(`${dimension} ${m}`) ?? {}, { from: first, to: end, scope: dimension, today });
    };
    return { current: of(months.current), previousMonth: of(months.previousMonth), yearAgo: of(months.yearAgo) };
  };
  const backlog = figuresOf(sums.get("backlog") ?? {}, { from: "0000-01-01", to: last, scope: "all", today });
  return {
    tenant: compared("all"),
    byTown: new Map(towns.map((t) => [t, compared(`town#${t}`)])),
    byIndustry: new Map([...industries].map((code) => [code, compared(`industry#${code}`)])),
    backlog: { open: backlog.open, overdue: backlog.overdue },
    hazards,
    units: unitCount,
  };
}

/** Throws unless the report's figures are the recount's: the counters must say what the hazards say. */
function checkFigures(report: MonthlyReport, recounted: RecountedFigures, size: Size): void {
  const differences: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${what}: report ${JSON.stringify(a)} vs recount ${JSON.stringify(b)}`);
  };
  same("tenant", report.hazards.tenant, recounted.tenant);
  same("backlog", report.hazards.backlog, recounted.backlog);
  same("towns", report.hazards.byTown.length, recounted.byTown.size);
  for (const row of report.hazards.byTown) same(`town ${row.townName}`, row.figures, recounted.byTown.get(row.townId));
  for (const row of report.hazards.byIndustry) same(`industry ${row.industry}`, row.figures, recounted.byIndustry.get(row.industry));
  const shown = [...recounted.byIndustry].filter(([, f]) => f.current.found + f.previousMonth.found + f.yearAgo.found > 0).length;
  same("industries shown", report.hazards.byIndustry.length, shown);
  same("register total", report.register?.total, recounted.units);
  if (differences.length > 0)
    throw new Error(`monthly report of ${size.hazards} hazards differs from its recount:\n${differences.join("\n")}`);
}

/** The report's figures as the job kept them (figures.json), and that file's size. */
async function readFigures(deps: LocalDeps, generation: number): Promise<{ figures: MonthlyReport; bytes: number }> {
  const stream = await deps.blobs.get(tenantId, reportBlobKey(month, generation, figuresFile));
  if (!stream) throw new Error("the monthly report left no figures.json");
  const body = await blobBytes(stream);
  return { figures: JSON.parse(Buffer.from(body).toString("utf8")) as MonthlyReport, bytes: body.byteLength };
}

/** Creates `count` towns with one level-1 grid each through the API. */
async function addTowns(call: ApiCall, count: number): Promise<Place[]> {
  const places: Place[] = [];
  for (const name of townNames.slice(0, count)) {
    const kind = name.endsWith("街道") ? "street" : name.endsWith("开发区") ? "park" : "town";
    const town = (await call("POST", "/v1/towns", { name, kind }, 201)) as { id: string };
    const gridName = `${name}第1网格`;
    const grid = (await call("POST", "/v1/grids", { townId: town.id, name: gridName, level: 1 }, 201)) as { id: string };
    places.push({ townId: town.id, townName: name, gridId: grid.id, gridName });
  }
  return places;
}

interface Wired {
  readonly scratch: ScratchTable;
  readonly tally: CapacityTally<Part>;
  readonly setup: LocalDeps;
  readonly measured: LocalDeps;
  /** The client `setup` uses (seeding) and the counting one under `measured` (the recount reads through it). */
  readonly plain: DynamoDBClient;
  readonly counted: DynamoDBClient;
  readonly mailer: ReturnType<typeof recordingMailer>;
  close(): Promise<void>;
}

/** A table of its own with the demo tenants created before the hazards, and deps over it: one counted, one not. */
async function wire(context: BenchContext, purpose: string): Promise<Wired> {
  const fixture = await context.dynamo();
  const scratch = await scratchTable(fixture, purpose, manualClock(tenantsCreated));
  const folder = join(context.workDir, purpose);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const clock = manualClock(runAt);
  const tally = capacityTally<Part>((call) => (call as PartCall).part);
  const counting = capacityCountingClient(fixture.endpoint, undefined, {
    onCall: (call, input) => tally.add({ ...call, part: partOf(call.partition, input) } as PartCall),
  });
  const plain = localClient(fixture.endpoint);
  const mailer = recordingMailer(join(folder, "outbox"), clock);
  // Tokens are minted and checked on the wall clock; the jobs run on the suite's clock.
  const options = {
    endpoint: fixture.endpoint,
    tableName: scratch.tableName,
    keys: fixture.keys,
    clock,
    tokenClock: { now: () => new Date() },
    logger: silentLogger,
    rateLimits: benchRateLimits,
    blobDir: join(folder, "blobs"),
    mailer,
  };
  return {
    scratch,
    tally,
    setup: localDeps({ ...options, client: plain }),
    measured: localDeps({ ...options, client: counting.client }),
    plain,
    counted: counting.client,
    mailer,
    async close() {
      counting.client.destroy();
      plain.destroy();
      await scratch.drop();
    },
  };
}

async function runSize(context: BenchContext, size: Size): Promise<SizeResult> {
  const label = `monthly-report ${size.hazards.toLocaleString("en-US")}`;
  const w = await wire(context, `monthly-${size.hazards}`);
  try {
    const { setup, measured, tally, mailer } = w;
    const target = { client: w.plain, tableName: w.scratch.tableName };
    const seedStarted = performance.now();
    const token = await mintDevToken((await context.dynamo()).keys, { role: "tenant-admin", tenantId, subject: "bench-monthly" });
    const call = appCaller(createApp(setup), token);
    const places = await addTowns(call, size.towns);
    await call("PATCH", "/v1/settings", { staleAfterDays: 100 });
    const refs = await seedUnits(target, scope, size.units, places, reviewed);
    let nextLog = size.hazards / 5;
    const seeded = await seedHazards(target, scope, size.hazards, refs, spread, (written) => {
      if (written < nextLog) return;
      context.log(`${label}: seeded ${written.toLocaleString("en-US")} hazards`);
      nextLog += size.hazards / 5;
    });
    // What the system itself keeps beside the hazards: the week's snapshot (the weekly refresh, a recount of the
    // register) and the key-target list (its backfill re-derives every unit), each by its own job.
    await setup.jobs.run({ kind: "weekly-refresh", tenantId, week: lastWeek }, unbounded);
    await setup.jobs.run({ kind: "supervision-backfill", tenantId }, unbounded);
    const targets = (await allOf((page) => setup.supervisionTargets.list(tenantId, {}, page))).length;
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    context.log(`${label}: seeded in ${seedSeconds.toFixed(0)} s (${targets} key targets)`);

    // A first report (the city's, built without its district) loads the mail and workbook writers, so the
    // measured run's memory is the report's, not the modules'.
    await measured.jobs.run({ kind: "monthly-report", tenantId: cityId, month, waited: 4 }, unbounded);
    mailer.sent.length = 0;

    const report = await timed(tally, () => measured.jobs.run({ kind: "monthly-report", tenantId, month }, unbounded));
    const record = await setup.reports.get(tenantId, month);
    if (!report.value.done || record?.state !== "sent")
      throw new Error(`${label}: the report ended ${record?.state ?? "without a record"}`);
    const { figures, bytes: figuresBytes } = await readFigures(setup, record.generation);
    context.log(`${label}: report in ${report.run.seconds.toFixed(1)} s, ${units(report.run.all.read)} RCU`);

    const recounted = await timed(tally, () =>
      recountFigures(
        w.counted,
        w.scratch.tableName,
        figures.hazards.byTown.map((t) => t.townId),
      ),
    );
    checkFigures(figures, recounted.value, size);
    context.log(`${label}: recount in ${recounted.run.seconds.toFixed(1)} s, ${units(recounted.run.all.read)} RCU`);

    const mails = [...mailer.sent];

    // (c): the same report built and mailed again as a forced resend, its live heap sampled (the time is not the report's).
    const resend = await timed(tally, () => measured.jobs.run({ kind: "monthly-report", tenantId, month, generation: 2 }, unbounded), {
      gcEveryMs: liveGcMs,
    });
    if ((await setup.reports.get(tenantId, month))?.state !== "sent") throw new Error(`${label}: the forced resend was not sent`);
    context.log(`${label}: resend's live heap ${mebibytes(resend.run.memory.liveHeap)}`);

    return {
      size,
      seedSeconds,
      counterRows: seeded.counterRows,
      entries: seeded.entries,
      targets,
      report: { ...report.run, figures },
      resend: resend.run,
      recount: { ...recounted.run, hazardsRead: recounted.value.hazards, unitsRead: recounted.value.units },
      mails,
      storedFiles: [{ name: figuresFile, bytes: figuresBytes }, ...record.files.map((f) => ({ name: f.name, bytes: f.bytes }))],
    };
  } finally {
    await w.close();
  }
}

/** The SQS client of the real job queue (sqsJobQueue) with nothing behind it: each SendMessageBatch is counted and accepted. */
function sqsSink() {
  const client = new SQSClient({
    region: "cn-north-1",
    endpoint: "http://127.0.0.1:9",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  const counts = { batches: 0, messages: 0, bytes: 0, delayed: 0 };
  client.middlewareStack.add(
    () => async (args) => {
      const entries = (args.input as { Entries?: { Id?: string; MessageBody?: string; DelaySeconds?: number }[] }).Entries ?? [];
      counts.batches++;
      counts.messages += entries.length;
      for (const e of entries) {
        counts.bytes += Buffer.byteLength(e.MessageBody ?? "", "utf8");
        if (e.DelaySeconds) counts.delayed++;
      }
      const output = { $metadata: {}, Successful: entries.map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: "" })), Failed: [] };
      return { output, response: {} } as never;
    },
    { step: "initialize", name: "benchSqsSink" },
  );
  return { client, counts };
}

interface DispatchResult {
  readonly tenants: number;
  readonly active: number;
  readonly districts: number;
  readonly cities: number;
  readonly dispatch: Run;
  readonly sqs: ReturnType<typeof sqsSink>["counts"];
  /** The live heap of a second dispatch (a full GC every 5 ms). */
  readonly liveHeap: number | undefined;
  /** One district's report on this platform (a tenant with no data of its own). */
  readonly report: Run;
}

async function runDispatch(context: BenchContext, total: number): Promise<DispatchResult> {
  const w = await wire(context, "monthly-dispatch");
  try {
    const existing = await allOf((page) => w.setup.tenants.list(page));
    const added = await seedRegistry(
      { client: w.plain, tableName: w.scratch.tableName },
      existing,
      total,
      new Date(tenantsCreated).toISOString(),
    );
    const all = [...existing, ...added];
    const active = all.filter((t) => t.status === "active").length;
    const sink = sqsSink();
    const queue = sqsJobQueue("https://sqs.cn-north-1.amazonaws.com.cn/000000000000/anquan-jobs", sink.client);
    // 06:00 on 1 December in China, when the schedule fires.
    const clock = manualClock(Date.parse("2026-11-30T22:00:00Z"));
    const dispatched = await timed(w.tally, () => monthlyDispatch({ tenants: w.measured.tenants, queue, clock }));
    const { value } = dispatched;
    if (value.month !== month || value.districts + value.cities !== active || sink.counts.messages !== active) {
      throw new Error(`dispatch of ${all.length} tenants: ${JSON.stringify(value)}, ${sink.counts.messages} messages, ${active} active`);
    }
    const counts = { ...sink.counts };
    // Again with a full GC every few ms, for its live heap: the fan-out should hold a page and the parentless ids.
    const again = await timed(w.tally, () => monthlyDispatch({ tenants: w.measured.tenants, queue, clock }), { gcEveryMs: 5 });
    sink.client.destroy();
    const report = await timed(w.tally, () => w.measured.jobs.run({ kind: "monthly-report", tenantId, month }, unbounded));
    if (!report.value.done) throw new Error("the report on the 3,000-tenant platform did not finish");
    return {
      tenants: all.length,
      active,
      districts: value.districts,
      cities: value.cities,
      dispatch: dispatched.run,
      sqs: counts,
      liveHeap: again.run.memory.liveHeap,
      report: report.run,
    };
  } finally {
    await w.close();
  }
}

export const monthlyReportSuite: Suite = {
  name: "monthly-report",
  async run(context) {
    const sizes: Size[] = context.quick
      ? [
          { hazards: 500, units: 50, towns: 4 },
          { hazards: 2000, units: 200, towns: 4 },
        ]
      : [
          { hazards: 10_000, units: 1000, towns: 20 },
          { hazards: 100_000, units: 10_000, towns: 20 },
        ];
    const results: SizeResult[] = [];
    for (const size of sizes) results.push(await runSize(context, size));
    const dispatch = await runDispatch(context, context.quick ? 300 : 3000);
    const section = render(results, dispatch, context.quick);
    const large = results.at(-1) as SizeResult;
    const ratio = capacityOf(large.recount.all) / capacityOf(large.report.all);
    if (!context.quick && ratio < requiredRatio) {
      // The section goes to the console first: the failed run writes no report, and the figures say why.
      context.log(`monthly-report section of the failed run:\n${section}`);
      throw new Error(
        `monthly report of ${large.size.hazards.toLocaleString("en-US")} hazards: a recount costs only ${ratio.toFixed(1)}× its capacity, ` +
          `${requiredRatio}× is required (issue 14); see the breakdown above`,
      );
    }
    return section;
  },
};

/** Capacity units of both kinds: what the comparison with a recount weighs (WCU by AWS rules). */
const capacityOf = (t: CapacityTotals) => t.read + t.awsWrite;

function render(results: readonly SizeResult[], dispatch: DispatchResult, quick: boolean): string {
  const n = (value: number) => Math.round(value).toLocaleString("en-US");
  const cu = (value: number) => units(Math.round(value * 10) / 10);
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}×` : "–");
  const sizeName = (s: Size) => `${n(s.hazards)} hazards / ${n(s.units)} units / ${s.towns} towns`;
  const sizeColumns = results.map((r) => sizeName(r.size));
  const right = results.map(() => "r" as const);
  /** "calls · RCU · WCU · seconds waiting on DynamoDB", leaving out a kind of capacity the part did not use. */
  const cell = (t: CapacityTotals) => {
    if (t.calls === 0) return "–";
    const used = [t.read > 0 ? `${cu(t.read)} RCU` : "", t.awsWrite > 0 ? `${cu(t.awsWrite)} WCU` : ""].filter(Boolean);
    return [n(t.calls), ...used, `${(t.ms / 1000).toFixed(1)} s`].join(" · ");
  };
  const runRow = (first: string, label: string, run: Run) => [
    first,
    label,
    run.seconds.toFixed(1),
    n(run.all.calls),
    cu(run.all.read),
    cu(run.all.awsWrite),
    mebibytes(run.memory.heapUsed),
    mebibytes(run.memory.rss),
  ];
  const mainRows = results.flatMap((r) => [
    runRow(sizeName(r.size), "(a) report: build + store + mail", r.report),
    runRow("", "(b) recount: every hazard and unit read", r.recount),
    ["", "recount ÷ report (RCU + WCU)", "", "", ratio(capacityOf(r.recount.all), capacityOf(r.report.all)), "", "", ""],
  ]);
  const [small, large] = [results[0] as SizeResult, results.at(-1) as SizeResult];
  const capacityRatio = capacityOf(large.recount.all) / capacityOf(large.report.all);
  const verdict = quick ? "not checked at --quick sizes" : capacityRatio >= requiredRatio ? "met" : "**MISSED**";
  const share = (p: Part) => `${Math.round((100 * large.report.byPart[p].read) / Math.max(1, large.report.all.read))} %`;
  const partRows = [
    ...reportParts.map((p) => [`(a) ${p}`, ...results.map((r) => cell(r.report.byPart[p]))]),
    ["(a) all", ...results.map((r) => cell(r.report.all))],
    ["(b) recount: hazards' `all` list", ...results.map((r) => cell(r.recount.byPart["hazards (all)"]))],
    ["(b) recount: units' `all` list", ...results.map((r) => cell(r.recount.byPart["units (all)"]))],
  ];
  const counterParts: readonly Part[] = ["counters: backlog", "counters: tenant", "counters: towns", "counters: industries"];
  const countersRead = (r: SizeResult) => counterParts.reduce((sum, p) => sum + r.report.byPart[p].read, 0);

  const memoryRows = results.map((r) => [
    sizeName(r.size),
    mebibytes(r.report.memory.heapUsed),
    mebibytes(r.report.memory.heapAfterGc),
    mebibytes(r.resend.memory.liveHeap),
    String(r.resend.memory.majorGcs),
    mebibytes(r.resend.memory.rss),
  ]);
  const live = (r: SizeResult) => r.resend.memory.liveHeap ?? Number.NaN;

  // (d): one recipient's mail of each size (both recipients get the same but for the To: line), and the files kept.
  const mailOf = (r: SizeResult) => r.mails[0];
  const attachmentNames = [...new Set(results.flatMap((r) => mailOf(r)?.attachments.map((a) => `${a.filename} (${a.contentType})`) ?? []))];
  const fileNames = [...new Set(results.flatMap((r) => r.storedFiles.map((f) => f.name)))];
  const mailBytes = (r: SizeResult, of: (m: SentMail) => number) => {
    const m = mailOf(r);
    return m ? bytes(of(m)) : "–";
  };
  const mailRows: string[][] = [
    ["mails sent (one per recipient)", ...results.map((r) => String(r.mails.length))],
    [".eml of one mail", ...results.map((r) => mailBytes(r, (m) => m.emlBytes))],
    ["HTML part", ...results.map((r) => mailBytes(r, (m) => m.htmlBytes))],
    ["text part", ...results.map((r) => mailBytes(r, (m) => m.textBytes))],
    ...attachmentNames.map((name) => [
      `attachment ${name}`,
      ...results.map((r) => {
        const a = mailOf(r)?.attachments.find((x) => `${x.filename} (${x.contentType})` === name);
        return a ? bytes(a.bytes) : "–";
      }),
    ]),
    ...fileNames.map((name) => [
      `stored file ${name}`,
      ...results.map((r) => {
        const f = r.storedFiles.find((x) => x.name === name);
        return f ? bytes(f.bytes) : "–";
      }),
    ]),
    ["overdue hazards (rows of the 逾期隐患 sheet)", ...results.map((r) => n(r.report.figures.hazards.backlog.overdue))],
    [
      "new major hazards of the month (rows in the mail and 新增重大隐患)",
      ...results.map((r) => n(r.report.figures.hazards.newMajor.length)),
    ],
  ];
  const d = dispatch;
  const registry = d.report.byPart.registry;
  const pageSeconds = (r: SizeResult) => r.recount.byPart["hazards (all)"].ms / 1000 / Math.max(1, r.recount.byPart["hazards (all)"].calls);
  const lines = [
    "## Monthly report: built from the aggregates, against a recount",
    "",
    `One district (${tenantId}, two report recipients) per size, in a table of its own. Seeded straight into the store in its ` +
      "own item shapes (BatchWriteItem, four writers): the units (current record with the stale index's keys, `all` list entry; " +
      "every 50th hosts a lessee) spread over the towns, reviewed between 24 July and 27 November 2026 (staleAfterDays 100); and " +
      `thirteen months of hazards (${spread.first} to ${spread.last}, so the month ${month}, the month before and the same month a ` +
      "year before all have counters) at random units: 2 % major (60 days to rectify; the others 7, 15 or 30), 92.5 % closed within " +
      "the deadline, 6 % late and 1.5 % never, so the older open ones are overdue. Each hazard has its `all` entry, its " +
      "`severity#major` entry when major and its `open` entry while open, and the per-day counter rows of the tenant, its town " +
      "and its industry hold exactly its contribution (the other lists' entries and the hazard items are read by neither run " +
      "and are left out). Then the system's own jobs make what else the report reads: the weekly refresh of " +
      `${lastWeek} (the snapshot: register totals, stale units, industries) and the key-target backfill (the supervision-target ` +
      "list; with no star ratings yet most units are targets as never rated). Escalation, assessment and star partitions are " +
      "empty and no earlier report exists (the trend's earlier points are empty). The city's report is built first, unmeasured, " +
      "so the measured run does not pay for loading the workbook and mail writers. On a manual clock at 09:00 on 1 December in " +
      'China: **(a)** `jobs.run({kind: "monthly-report"})` for the district — claim, figures, files stored, roll-up to the city, ' +
      "two mails through the .eml outbox, record saved; **(b)** a recount: every hazard's and every unit's `all` entry (Queries " +
      "of 1 MB pages, strongly consistent like the store's list reads; entries, not the larger items, so the cheapest recount " +
      "the layout allows) and the same figures computed with `recount()` — the tenant, each town and each industry for the " +
      "three months, and the backlog — which must equal the report's (the suite fails otherwise). Capacity from the counting " +
      "client (WCU by AWS rules); memory minus the pre-run baseline.",
    "",
    table(["tenant", "run", "seconds", "DynamoDB calls", "RCU", "WCU", "peak heap Δ", "peak RSS Δ"], mainRows, [
      "l",
      "l",
      "r",
      "r",
      "r",
      "r",
      "r",
      "r",
    ]),
    "",
    `Seeding (not measured): ${results
      .map(
        (r) =>
          `${n(r.size.hazards)} hazards in ${n(r.entries)} list entries and ${n(r.counterRows)} counter rows, ${n(r.size.units * 2)} unit ` +
          `items and ${n(r.targets)} key targets, ${r.seedSeconds.toFixed(0)} s with both jobs`,
      )
      .join("; ")}.`,
    "",
    `Capacity at ${n(large.size.hazards)} hazards: the recount costs ${cu(capacityOf(large.recount.all))} capacity units, the report ` +
      `${cu(capacityOf(large.report.all))} (${cu(large.report.all.read)} RCU + ${cu(large.report.all.awsWrite)} WCU): ` +
      `**${capacityRatio.toFixed(1)}×**; required ≥ ${requiredRatio}×: ${verdict}. The recount read ${n(large.recount.hazardsRead)} ` +
      `hazard entries (${cu(large.recount.byPart["hazards (all)"].read)} RCU, about ` +
      `${Math.round((large.recount.byPart["hazards (all)"].read * 4096) / Math.max(1, large.recount.hazardsRead))} bytes each) and ` +
      `${n(large.recount.unitsRead)} unit entries (${cu(large.recount.byPart["units (all)"].read)} RCU).`,
    "",
    "Where the calls went (calls · capacity · time waiting on DynamoDB). The report's: *counters: backlog* the tenant's counter " +
      "rows of every day up to the month's end (open and overdue now); *counters: tenant / towns / industries* the rows of the " +
      "month, the month before and the month a year before; *major list* the month's new major hazards; *overdue list* the " +
      "`open` list before today — the longest ten, then every page of it for the workbook's 逾期隐患 sheet; *snapshot & feeds* " +
      "the weekly snapshot and the month's register and star change feeds; *key targets* the kept count of key inspection " +
      "targets (one GetItem); *registry* a city's districts in the platform's tenant list; *report record* the claim and its saves; " +
      "*roll-up to city* the district's figures delivered under its city; *other* the tenant, towns, escalation lists, assessments.",
    "",
    table(["part", ...sizeColumns], partRows, ["l", ...right]),
    "",
    "Memory of the report (c): the peak heap of run (a) (sampled every 20 ms: garbage not yet collected counts), the heap right " +
      "after V8's own major GCs when any ran, and the live heap: the same report built and mailed again as a forced resend " +
      `(generation 2) with a full GC forced every ${liveGcMs} ms, the largest heap left after one.`,
    "",
    table(
      ["tenant", "peak heap Δ (a)", "heap after major GC Δ (a)", "live heap Δ (resend)", "GCs (resend)", "peak RSS Δ (resend)"],
      memoryRows,
      ["l", "r", "r", "r", "r", "r"],
    ),
    "",
    "The mail and its files (one recipient's mail; the other's differs only in its To: line):",
    "",
    table(["", ...sizeColumns], mailRows, ["l", ...right]),
    "",
    `The dispatcher over a registry of ${n(d.tenants)} tenants (${n(d.active)} active; cities of 29 districts, one in a hundred ` +
      "suspended), registry entries seeded with BatchWriteItem; `monthlyDispatch` with the real SQS job queue (`sqsJobQueue`) over " +
      "an SQS client that accepts every SendMessageBatch without sending it. Then one report on that platform, for a district " +
      "with no data of its own, to show what its read of the registry costs:",
    "",
    table(
      [
        "run",
        "seconds",
        "DynamoDB calls",
        "RCU",
        "SQS SendMessageBatch",
        "messages (delayed)",
        "message bytes",
        "peak heap Δ",
        "live heap Δ",
      ],
      [
        [
          `dispatch: ${n(d.districts)} districts, then ${n(d.cities)} parentless`,
          d.dispatch.seconds.toFixed(2),
          n(d.dispatch.all.calls),
          cu(d.dispatch.all.read),
          n(d.sqs.batches),
          `${n(d.sqs.messages)} (${n(d.sqs.delayed)})`,
          n(d.sqs.bytes),
          mebibytes(d.dispatch.memory.heapUsed),
          mebibytes(d.liveHeap),
        ],
        [
          "one district's report on this platform",
          d.report.seconds.toFixed(2),
          n(d.report.all.calls),
          cu(d.report.all.read),
          "–",
          "–",
          "–",
          mebibytes(d.report.memory.heapUsed),
          "–",
        ],
      ],
      ["l", "r", "r", "r", "r", "r", "r", "r", "r"],
    ),
    "",
    `Reading: from ${n(small.size.hazards)} to ${n(large.size.hazards)} hazards (${ratio(large.size.hazards, small.size.hazards)}), the ` +
      `recount read ${ratio(large.recount.all.read, small.recount.all.read)} the RCU and the report ` +
      `${ratio(large.report.all.read, small.report.all.read)} (${cu(small.report.all.read)} → ${cu(large.report.all.read)} RCU). ` +
      `The key targets (${n(small.targets)} → ${n(large.targets)}) are one kept count. One read follows the size of the backlog: the overdue list ` +
      `(${ratio(large.report.byPart["overdue list"].read, small.report.byPart["overdue list"].read)}, ` +
      `${n(small.report.figures.hazards.backlog.overdue)} → ${n(large.report.figures.hazards.backlog.overdue)} overdue hazards, each a ` +
      `row of the workbook; ${share("overdue list")}). The counters grew ` +
      `${ratio(countersRead(large), countersRead(small))}: their rows follow days × scopes, not hazards, but a day's row holds a counter per distinct close time and open ` +
      `deadline, so busier days make larger rows; the backlog reads every day's row since the tenant began (${share("counters: backlog")}). ` +
      "The recount's time is mostly " +
      `DynamoDB Local's (${pageSeconds(small).toFixed(2)} s a 1 MB page of hazard entries at ${n(small.size.hazards)} hazards, ` +
      `${pageSeconds(large).toFixed(2)} s at ${n(large.size.hazards)}${
        pageSeconds(large) > 1.5 * pageSeconds(small) ? ": Local answers a page the slower the larger the partition" : ""
      }): compare its capacity, not its seconds. The live heap was ` +
      `${mebibytes(live(small))} and ${mebibytes(live(large))} (${ratio(live(large), live(small))} for ${ratio(large.size.hazards, small.size.hazards)} ` +
      `the hazards)${
        live(large) < 2 * live(small)
          ? ": what grows is the month's output (the new major hazards in the figures and the mail, the overdue rows in the " +
            "workbook), not a copy of the tenant's hazards or units"
          : ": **it grows with the tenant**"
      }. The dispatcher read the registry in ` +
      `${n(d.dispatch.all.calls)} Queries (${cu(d.dispatch.all.read)} RCU) and queued ${n(d.sqs.messages)} messages in ` +
      `${n(d.sqs.batches)} SendMessageBatch calls, its live heap ${mebibytes(d.liveHeap)}. A district's report reads nothing of the ` +
      `registry (${n(registry.calls)} Queries, ${cu(registry.read)} RCU on this platform); a city's reads only its own districts' entries, by its code prefix.`,
    "",
  ];
  return lines.join("\n");
}
