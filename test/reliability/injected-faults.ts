// The injected-faults suite (issue 17): random write requests (and the weekly refresh job) run on an app whose
// DynamoDB sessions and blob store fail at random points (test/reliability/faulty-dynamo.ts, faulty-blobs.ts),
// seeded. Its twin, the same app over clean sessions on the same table and folder, tells what one clean
// application of each request does. After each request the whole table (items, list entries, counters, audit,
// idempotency records, the change feed) and every stored file are compared with the state before it and, unless
// they are still the same, with the state one clean application makes from it: the request's state is put back
// and the same request (the same ids: a seeded id generator restarted for the replay) is applied by the twin.
// A 2xx must mean it happened; any other answer may be either, never a half; a job that failed is run again
// (clean) and must end as one clean run from the same state.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { type AttributeValue, BatchWriteItemCommand, type DynamoDBClient, ScanCommand, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { createApp } from "#api/app";
import { silentLogger } from "#api/deps";
import { ulid } from "#core/kernel/ids";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import type { RateLimits } from "#core/kernel/rate-limit";
import { systemClock } from "#core/kernel/system-clock";
import { ensureTable, seedDemoTenants } from "#local/bootstrap";
import { loadDevKeys, mintDevToken } from "#local/dev-keys";
import { type LocalDeps, localDeps } from "#local/local-deps";
import { localClient } from "#store/dynamo/client-provider";
import { fileBlobStore } from "#store/kernel/file-blob-store";
import { openingBody } from "#test/support/assessments";
import { leadingKeysGuard } from "#test/support/leading-keys-guard";
import { creditCode, enterpriseBody, type Place } from "#test/support/register";
import { type BlobFaultKind, faultyBlobs } from "./faulty-blobs.ts";
import { type DynamoFaultKind, dynamoFaults } from "./faulty-dynamo.ts";
import { type Random, seededRandom } from "./seeded-random.ts";

const tenantId = "320312";
const week = "2026-W47";

const unreachableRateLimits: RateLimits = {
  perRole: { "tenant-admin": 10_000_000, inspector: 10_000_000, viewer: 10_000_000 },
  platformOperator: 10_000_000,
  perTenant: 10_000_000,
};

/** Ids from a seed and a counter: restarted at the same point, the same request makes the same ids. */
function replayableIds(clock: Clock): IdGenerator & { restart(request: number): void; readonly issued: Set<string> } {
  let request = 0;
  let n = 0;
  const issued = new Set<string>();
  return {
    issued,
    restart(r) {
      request = r;
      n = 0;
    },
    next() {
      const random = new Uint8Array(10);
      const view = new DataView(random.buffer);
      view.setUint32(0, request);
      view.setUint32(4, ++n);
      random[9] = 0x5a;
      const id = ulid(clock.now().getTime(), random);
      issued.add(id);
      return id;
    },
  };
}

interface World {
  readonly faulty: ReturnType<typeof createApp>;
  readonly clean: ReturnType<typeof createApp>;
  readonly faultyDeps: LocalDeps;
  readonly cleanDeps: LocalDeps;
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly blobRoot: string;
  readonly ids: ReturnType<typeof replayableIds>;
  readonly clock: Clock & { advance(ms: number): void };
  readonly faults: ReturnType<typeof dynamoFaults>;
  readonly blobFaults: ReturnType<typeof faultyBlobs>;
  readonly tokens: { admin: string; inspector: string };
  readonly denials: string[];
}

async function buildWorld(endpoint: string, tableName: string, random: Random): Promise<World> {
  const client = localClient(endpoint);
  await ensureTable(client, tableName);
  const keys = await loadDevKeys(mkdtempSync(join(tmpdir(), "anquan-keys-")));
  let now = new Date("2026-11-25T02:00:00Z").getTime();
  const clock = { now: () => new Date(now), advance: (ms: number) => (now += ms) };
  const ids = replayableIds(clock);
  const blobRoot = mkdtempSync(join(tmpdir(), "anquan-fault-blobs-"));
  const blobs = fileBlobStore(blobRoot);
  const faults = dynamoFaults(random);
  const blobFaults = faultyBlobs(blobs, random, faults);
  const faultySessions = leadingKeysGuard(endpoint, (c) => faults.install(c));
  const cleanSessions = leadingKeysGuard(endpoint);
  const common = {
    endpoint,
    tableName,
    keys,
    clock,
    ids,
    tokenClock: systemClock,
    logger: silentLogger,
    rateLimits: unreachableRateLimits,
  };
  const cleanDeps = localDeps({ ...common, clients: cleanSessions, blobs, importChunkRows: 5 });
  const faultyDeps = localDeps({ ...common, clients: faultySessions, blobs: blobFaults.store, importChunkRows: 5 });
  await seedDemoTenants(cleanDeps);
  const token = (role: "tenant-admin" | "inspector", subject: string) =>
    mintDevToken(keys, { role, tenantId, subject, now: systemClock.now() });
  return {
    faulty: createApp(faultyDeps),
    clean: createApp(cleanDeps),
    faultyDeps,
    cleanDeps,
    client,
    tableName,
    blobRoot,
    ids,
    clock,
    faults,
    blobFaults,
    tokens: { admin: await token("tenant-admin", "fault-admin"), inspector: await token("inspector", "fault-inspector") },
    denials: faultySessions.denials,
  };
}

// ---- state: the table and the files ----

interface State {
  /** Item key → its normalised content (what the comparison reads). */
  readonly items: Map<string, string>;
  /** Item key → the item as stored (what a restore puts back). */
  readonly raw: Map<string, Record<string, AttributeValue>>;
  /** File path under the blob root → its bytes. */
  readonly files: Map<string, Buffer>;
}

const keyOf = (item: Record<string, AttributeValue>) => `${item.pk?.S ?? ""}\u0000${item.sk?.S ?? ""}`;

/**
 * What the comparison reads of an item: all of it, but the change feed's positions and expiry, which are the wall
 * clock at the instant the write was sent (store/dynamo/change-records.ts), a deletion's lease, and (left out of
 * the state) the rate limiter's buckets.
 */
function normalised(item: Record<string, AttributeValue>): string {
  const copy: Record<string, unknown> = { ...item };
  // A deletion's lease (core/kernel/deletion-lease.ts): a deletion that failed between its mark and its delete leaves
  // it, and it frees the record by itself within 60 s — by design not a change of the record.
  delete copy.deletingUntil;
  if (item._type?.S === "change") {
    copy.sk = (item.sk?.S ?? "").replace(/^[^#]*#/, "<sent>#");
    delete copy.ttl;
  }
  const sorted = Object.fromEntries(Object.entries(copy).sort(([a], [b]) => (a < b ? -1 : 1)));
  return JSON.stringify(sorted);
}

/** The change feed's key without its send time, so the same change sent at another instant is the same entry. */
function comparableKey(item: Record<string, AttributeValue>): string {
  return item._type?.S === "change" ? `${item.pk?.S}\u0000${(item.sk?.S ?? "").replace(/^[^#]*#/, "<sent>#")}` : keyOf(item);
}

function listFiles(root: string, dir = root, out = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listFiles(root, path, out);
    else if (!name.endsWith(".partial")) out.set(relative(root, path), readFileSync(path));
  }
  return out;
}

async function stateOf(w: World): Promise<State> {
  const items = new Map<string, string>();
  const raw = new Map<string, Record<string, AttributeValue>>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await w.client.send(new ScanCommand({ TableName: w.tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      if ((item.pk?.S ?? "").includes("#RATE#")) continue;
      items.set(comparableKey(item), normalised(item));
      raw.set(keyOf(item), item);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, raw, files: listFiles(w.blobRoot) };
}

/** What differs between two states: item keys and file paths, each with how. */
function differences(a: State, b: State): string[] {
  const out: string[] = [];
  for (const [key, value] of a.items) {
    const other = b.items.get(key);
    if (other === undefined) out.push(`item ${key.replace("\u0000", " ")} only in the first`);
    else if (other !== value) out.push(`item ${key.replace("\u0000", " ")} differs`);
  }
  for (const key of b.items.keys()) if (!a.items.has(key)) out.push(`item ${key.replace("\u0000", " ")} only in the second`);
  for (const [path, bytes] of a.files) {
    const other = b.files.get(path);
    if (!other) out.push(`file ${path} only in the first`);
    else if (!other.equals(bytes)) out.push(`file ${path} differs`);
  }
  for (const path of b.files.keys()) if (!a.files.has(path)) out.push(`file ${path} only in the second`);
  return out;
}

/**
 * Whether two states are the same but for which fresh ids were used: a run that retried a step inside (an upkeep
 * tried again, a transaction worked out again) draws more ids than a clean one, so its audit record has another
 * id. Every id issued in this request is read as one placeholder, and the items compared as multisets.
 */
function sameButIds(a: State, b: State, issued: ReadonlySet<string>): boolean {
  if (issued.size === 0) return false;
  const pattern = new RegExp([...issued].join("|"), "g");
  const blurred = (s: State) =>
    [...s.items.entries()]
      .map(([key, value]) => `${key}\u0000${value}`.replace(pattern, "<new-id>"))
      .sort()
      .join("\n");
  const files = (s: State) =>
    [...s.files.entries()]
      .map(([path, bytes]) => `${path.replace(pattern, "<new-id>")}\u0000${bytes.toString("base64")}`)
      .sort()
      .join("\n");
  return blurred(a) === blurred(b) && files(a) === files(b);
}

/** Puts the table and the files back as they were in `s`. */
async function restore(w: World, s: State): Promise<void> {
  const now = await stateOf(w);
  const requests: WriteRequest[] = [];
  for (const [key, item] of now.raw) {
    if (!s.raw.has(key)) requests.push({ DeleteRequest: { Key: { pk: item.pk as AttributeValue, sk: item.sk as AttributeValue } } });
  }
  for (const [key, item] of s.raw) {
    const current = now.raw.get(key);
    if (!current || normalised(current) !== normalised(item) || JSON.stringify(current) !== JSON.stringify(item))
      requests.push({ PutRequest: { Item: item } });
  }
  for (let i = 0; i < requests.length; i += 25) {
    let pending: WriteRequest[] | undefined = requests.slice(i, i + 25);
    while (pending && pending.length > 0) {
      const out: { UnprocessedItems?: Record<string, WriteRequest[]> } = await w.client.send(
        new BatchWriteItemCommand({ RequestItems: { [w.tableName]: pending } }),
      );
      pending = out.UnprocessedItems?.[w.tableName];
    }
  }
  for (const path of now.files.keys()) if (!s.files.has(path)) rmSync(join(w.blobRoot, path), { force: true });
  for (const [path, bytes] of s.files) {
    if (now.files.has(path)) continue;
    mkdirSync(dirname(join(w.blobRoot, path)), { recursive: true });
    writeFileSync(join(w.blobRoot, path), bytes);
  }
}

// ---- the requests ----

interface Fixtures {
  place: Place;
  units: string[];
  hazards: { id: string; state: string }[];
  evidence: { assessmentId: string; evidenceId: string }[];
  assessments: string[];
  serial: number;
}

export interface FaultStep {
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly token: "admin" | "inspector";
  readonly body?: unknown;
  readonly bytes?: Uint8Array;
  readonly headers?: Record<string, string>;
  /** What the fixtures learn from a 2xx answer. */
  readonly learn?: (body: any) => void;
}

const photo = (seed: number) => Uint8Array.from({ length: 2048 + (seed % 97) }, (_, i) => (i * 7 + seed * 13) % 256);

function nextStep(random: Random, f: Fixtures): FaultStep | "weekly-refresh" {
  const n = ++f.serial;
  const unit = random.pick(f.units);
  const draw = random.next();
  const idempotency = random.chance(0.4) ? { "idempotency-key": `fault-${n}-${random.int(1e9)}` } : undefined;
  if (draw < 0.12) {
    const code = creditCode(700_000 + n);
    return {
      kind: "create unit",
      method: "POST",
      path: "/v1/enterprises",
      token: "admin",
      body: enterpriseBody(700_000 + n, f.place, { creditCode: code, name: `故障测试${code}` }),
      ...(idempotency ? { headers: idempotency } : {}),
      learn: (b) => f.units.push(b.id),
    };
  }
  if (draw < 0.24) {
    const patch = random.pick([
      { address: `故障路${n}号` },
      { riskLevel: random.pick(["red", "orange", "yellow", "blue"]) },
      { productionStatus: random.pick(["producing", "suspended", "closed"]) },
    ]);
    return { kind: "update unit", method: "PATCH", path: `/v1/enterprises/${unit}`, token: "admin", body: patch };
  }
  if (draw < 0.3) {
    return random.chance(0.5)
      ? { kind: "delete unit", method: "DELETE", path: `/v1/enterprises/${unit}`, token: "admin" }
      : { kind: "restore unit", method: "POST", path: `/v1/enterprises/${unit}/restore`, token: "admin" };
  }
  if (draw < 0.45) {
    return {
      kind: "record hazard",
      method: "POST",
      path: "/v1/hazards",
      token: "inspector",
      body: {
        enterpriseId: unit,
        category: "消防",
        description: `故障测试隐患${n}`,
        severity: random.chance(0.5) ? "major" : "general",
        source: "inspection",
        foundBy: { name: "故障检查员" },
        foundOn: "2026-11-20",
      },
      ...(idempotency ? { headers: idempotency } : {}),
      learn: (b) => f.hazards.push({ id: b.id, state: b.state }),
    };
  }
  if (draw < 0.55 && f.hazards.length > 0) {
    const hazard = random.pick(f.hazards);
    const action = random.pick(["assign", "close", "start"]);
    const body =
      action === "assign"
        ? {
            rectification: {
              measure: "限期整改",
              responsible: { name: "王厂长", phone: "13800001111" },
              deadline: "2026-12-05",
              funds: "100.00",
            },
          }
        : action === "close"
          ? { note: "复查合格" }
          : undefined;
    return {
      kind: `hazard ${action}`,
      method: "POST",
      path: `/v1/hazards/${hazard.id}/${action}`,
      token: "inspector",
      ...(body ? { body } : {}),
    };
  }
  if (draw < 0.65) {
    return {
      kind: "open assessment",
      method: "POST",
      path: "/v1/assessments",
      token: "inspector",
      body: openingBody(unit),
      ...(idempotency ? { headers: idempotency } : {}),
      learn: (b) => f.assessments.push(b.id),
    };
  }
  if (draw < 0.75 && f.assessments.length > 0) {
    const assessmentId = random.pick(f.assessments);
    return {
      kind: "add evidence",
      method: "POST",
      path: `/v1/assessments/${assessmentId}/evidence`,
      token: "inspector",
      body: { criterionId: "15.3", fileName: `铭牌${n}.jpg`, contentType: "image/jpeg" },
      learn: (b) => f.evidence.push({ assessmentId, evidenceId: b.evidence.id }),
    };
  }
  if (draw < 0.8 && f.evidence.length > 0) {
    const e = random.pick(f.evidence);
    return {
      kind: "download evidence",
      method: "GET",
      path: `/v1/assessments/${e.assessmentId}/evidence/${e.evidenceId}/file`,
      token: "inspector",
    };
  }
  if (draw < 0.93 && f.evidence.length > 0) {
    const e = random.pick(f.evidence);
    return {
      kind: "upload evidence",
      method: "PUT",
      path: `/v1/assessments/${e.assessmentId}/evidence/${e.evidenceId}/file`,
      token: "inspector",
      bytes: photo(n),
      headers: { "content-type": "image/jpeg" },
    };
  }
  return "weekly-refresh";
}

// ---- the run ----

export interface FaultFigures {
  readonly seed: string;
  readonly requests: number;
  readonly jobs: number;
  /** Requests (and job runs) in which at least one fault was injected. */
  readonly faulted: number;
  readonly faultsByKind: Record<DynamoFaultKind | `blob ${BlobFaultKind}`, number>;
  readonly byKind: Record<string, number>;
  readonly byStatus: Record<string, number>;
  /** How each ended: "applied" (as one clean application), "nothing" (as before), by answer class. */
  readonly outcomes: Record<string, number>;
  readonly violations: readonly string[];
  /** Files left that no record names (a replaced file whose delete failed): space, not a broken record. */
  readonly orphanFiles: readonly string[];
  /** Refusals of the IAM guard (each a path outside what IAM allows in AWS). */
  readonly denials: readonly string[];
}

export interface FaultRunOptions {
  readonly endpoint: string;
  readonly tableName: string;
  readonly seed: string;
  readonly requests: number;
  /** Faults a request may meet at most (default 2). */
  readonly faultsPerRequest?: number;
  /** The chance that a request runs with faults armed (default 0.8). */
  readonly faultedShare?: number;
}

export async function runInjectedFaults(options: FaultRunOptions): Promise<FaultFigures> {
  const random = seededRandom(options.seed);
  const w = await buildWorld(options.endpoint, options.tableName, seededRandom(`${options.seed}/faults`));
  const tokens = w.tokens;
  const byKind: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  const violations: string[] = [];
  const orphans: string[] = [];
  let faulted = 0;
  let jobs = 0;

  const send = async (app: ReturnType<typeof createApp>, step: FaultStep) => {
    const headers: Record<string, string> = { authorization: `Bearer ${tokens[step.token]}`, ...step.headers };
    let body: BodyInit | undefined;
    if (step.body !== undefined) {
      body = JSON.stringify(step.body);
      headers["content-type"] ??= "application/json";
    } else if (step.bytes) body = step.bytes;
    const response = await app.request(step.path, { method: step.method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed as any, retryAfter: response.headers.get("retry-after") };
  };

  // Set-up, clean: a town and grid, a few units, a hazard, an assessment with evidence.
  w.ids.restart(0);
  const setupStep = async (step: FaultStep) => {
    const res = await send(w.clean, step);
    if (res.status >= 300) throw new Error(`set-up ${step.kind}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const town = await setupStep({ kind: "town", method: "POST", path: "/v1/towns", token: "admin", body: { name: "故障镇", kind: "town" } });
  const grid = await setupStep({
    kind: "grid",
    method: "POST",
    path: "/v1/grids",
    token: "admin",
    body: { townId: town.id, name: "故障镇一网格", level: 1 },
  });
  const f: Fixtures = { place: { townId: town.id, gridId: grid.id }, units: [], hazards: [], evidence: [], assessments: [], serial: 0 };
  for (let i = 1; i <= 4; i++) {
    const unit = await setupStep({
      kind: "unit",
      method: "POST",
      path: "/v1/enterprises",
      token: "admin",
      body: enterpriseBody(600_000 + i, f.place),
    });
    f.units.push(unit.id);
  }

  for (let i = 1; i <= options.requests; i++) {
    const planned = nextStep(random, f);
    const armed = random.chance(options.faultedShare ?? 0.8);
    w.clock.advance(1000);
    w.ids.issued.clear();
    const before = await stateOf(w);
    w.faults.log.length = 0;
    w.faults.budget = armed ? (options.faultsPerRequest ?? 2) : 0;

    if (planned === "weekly-refresh") {
      jobs++;
      byKind["weekly refresh"] = (byKind["weekly refresh"] ?? 0) + 1;
      const budget = { remainingMs: () => Number.POSITIVE_INFINITY };
      const message = { kind: "weekly-refresh" as const, tenantId, week };
      w.ids.restart(i);
      w.faults.armed = armed;
      let failed = false;
      try {
        await w.faultyDeps.jobs.run(message, budget);
      } catch {
        failed = true;
      } finally {
        w.faults.armed = false;
      }
      if (w.faults.log.length > 0) faulted++;
      // A failed run is delivered again (clean here): the two together must end as one clean run does.
      if (failed) await w.cleanDeps.jobs.run(message, budget);
      const after = await stateOf(w);
      await restore(w, before);
      w.ids.restart(i);
      await w.cleanDeps.jobs.run(message, budget);
      const truth = await stateOf(w);
      const diff = differences(after, truth);
      const outcome = `weekly refresh ${failed ? "failed, re-run" : "ran"}: ${diff.length === 0 ? "as one clean run" : "VIOLATION"}`;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (diff.length > 0)
        violations.push(`#${i} weekly refresh (faults: ${w.faults.log.join(", ") || "none"}): ${diff.slice(0, 6).join("; ")}`);
      continue;
    }

    byKind[planned.kind] = (byKind[planned.kind] ?? 0) + 1;
    w.ids.restart(i);
    w.faults.armed = armed;
    let res: Awaited<ReturnType<typeof send>>;
    try {
      res = await send(w.faulty, planned);
    } finally {
      w.faults.armed = false;
    }
    if (w.faults.log.length > 0) faulted++;
    byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
    const faultsSeen = w.faults.log.join(", ") || "none";
    const after = await stateOf(w);
    const what = `#${i} ${planned.method} ${planned.path} → ${res.status} ${res.status >= 400 ? (res.body?.error?.code ?? "") : ""} (faults: ${faultsSeen})`;
    if (res.status === 503 && !res.retryAfter) violations.push(`${what}: 503 without Retry-After`);
    if (res.status >= 500 && res.status !== 503 && w.faults.log.some((l) => l.startsWith("throttled")))
      violations.push(`${what}: a throttled request answered ${res.status}, not 503`);
    // New files alone (stored, then kept when their record could not be read back) change nothing a record says.
    const moved = differences(before, after);
    const newFiles = moved.filter((d) => /^file .* only in the second$/.test(d));
    const unchanged = moved.length === newFiles.length;
    if (unchanged && newFiles.length > 0 && res.status >= 300) orphans.push(...newFiles.map((d) => `#${i} ${d}`));
    let outcome: string;
    if (unchanged) {
      // Changed nothing: right for a refusal; a success must have happened (unless one clean application also changes nothing).
      outcome = "changed nothing";
      if (res.status < 300) {
        w.ids.restart(i);
        const clean = await send(w.clean, planned);
        const truth = await stateOf(w);
        if (differences(before, truth).length > 0) {
          violations.push(`${what}: answered ${res.status} but changed nothing (a clean application does: ${clean.status})`);
          outcome = "VIOLATION";
        }
        await restore(w, before);
      }
    } else {
      // Something changed: it must be what one clean application makes from the same state.
      await restore(w, before);
      w.ids.restart(i);
      const clean = await send(w.clean, planned);
      const truth = await stateOf(w);
      const all = differences(after, truth);
      // A file the faulty run left that no clean run has (a replaced file whose delete failed) is only space: counted, not a half change.
      const left = all.filter((d) => /^file .* only in the first$/.test(d));
      orphans.push(...left.map((d) => `#${i} ${d}`));
      const diff = all.filter((d) => !left.includes(d));
      if (diff.length === 0) outcome = "fully happened";
      else if (left.length === 0 && sameButIds(after, truth, w.ids.issued)) outcome = "fully happened (other fresh ids: retried inside)";
      else {
        outcome = "VIOLATION";
        violations.push(`${what}: half a change (clean: ${clean.status}): ${diff.slice(0, 6).join("; ")}`);
      }
      // Carry on from the clean application's state, and learn from its answer.
      if (clean.status < 300) planned.learn?.(clean.body);
    }
    if (unchanged || res.status < 300) {
      if (unchanged && res.status < 300) planned.learn?.(res.body);
    }
    const key = `${res.status < 300 ? "2xx" : res.status >= 500 ? "5xx" : "4xx"}: ${outcome}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }

  const faultsByKind = {
    ...w.faults.injected,
    ...Object.fromEntries(Object.entries(w.blobFaults.injected).map(([k, v]) => [`blob ${k}`, v])),
  } as FaultFigures["faultsByKind"];
  w.client.destroy();
  rmSync(w.blobRoot, { recursive: true, force: true });
  return {
    seed: options.seed,
    requests: options.requests - jobs,
    jobs,
    faulted,
    faultsByKind,
    byKind,
    byStatus,
    outcomes,
    violations,
    orphanFiles: orphans,
    denials: [...w.denials],
  };
}
