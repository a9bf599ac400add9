// The concurrent-writers suite: N writers send their change to one record at the same moment, without If-Match
// (test/reliability/concurrent-targets.ts says which record and which changes). An answer is accepted (2xx),
// reported lost (409 `concurrent_update`: the caller knows its change did not land) or a failure (anything else,
// 5xx included). Then, on what the API answers:
//
// - every accepted change is in the final state (its own slot), or, where writers set the same slot, the
//   highest version's value is; each record moved on by exactly one version per accepted change touching it;
// - the audit trail holds exactly one record per accepted change (found by the request id the answer carried),
//   none for a lost one, none from anyone else;
// - the change feed holds one record per version each record moved through, each accepted change's value in the
//   record of the version it made, no lost change's value anywhere;
// - the record's list entries and counters agree with it.
//
// Used at 16 writers by test/reliability/concurrent-writers.test.ts and at 100 by the bench (RELIABILITY.md).
import { changeSettleMs } from "#core/changes/change-feed-service";
import type { ApiAnswer, ApiSend } from "./concurrent-api.ts";
import { keyOf, type PreparedTarget, type Target, type TokenFor } from "./concurrent-targets.ts";

export interface ConcurrentFigures {
  readonly target: string;
  readonly writers: number;
  readonly accepted: number;
  /** 409 concurrent_update: the caller was told its change was lost. */
  readonly reportedLost: number;
  /** Answers neither accepted nor reported lost, by status. */
  readonly failures: Record<string, number>;
  /** What did not hold; empty when everything did. */
  readonly violations: readonly string[];
  /** From the first send to the last answer. */
  readonly seconds: number;
  /** The slowest answer, ms. */
  readonly slowestMs: number;
  /** Answers slower than the per-request budget (counted among the violations too). */
  readonly overBudget: number;
}

export interface ConcurrentOptions {
  readonly send: ApiSend;
  readonly token: TokenFor;
  readonly writers: number;
  readonly target: Target;
  /** Tells records apart between runs on one table. */
  readonly run?: string;
  /**
   * Resolves once the change feed answers what was written until now: the test's feed clock runs ahead by the settle
   * window (nothing to wait for), the bench waits the window out. Default: wait it out.
   */
  readonly feedSettled?: () => Promise<void>;
  /** An answer slower than this (ms) is a failure: the function would have timed out. None by default. */
  readonly budgetMs?: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface Entry {
  readonly id: string;
  readonly at: string;
  readonly entity: { type: string; id: string };
  readonly requestId?: string;
  readonly action: string;
  readonly changes?: Record<string, unknown>;
}

interface ChangeRecord {
  readonly type: string;
  readonly id: string;
  readonly version: number;
  readonly resource: Record<string, unknown> | null;
}

async function get(send: ApiSend, token: string, path: string): Promise<ApiAnswer> {
  const answer = await send({ method: "GET", path, token });
  if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  return answer;
}

/**
 * The audit records of changes to `keys` in the trail `token` reads, newest first, down to `since` (an ISO instant).
 * A change's record names its entity with an action of its type (`enterprise.update`); records a change causes on
 * other records (the key-target list's `supervision-target.update`, naming the unit too) are theirs, not the change's.
 */
async function auditOf(send: ApiSend, token: string, keys: ReadonlySet<string>, since: string): Promise<Entry[]> {
  const found: Entry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    const { body } = await get(send, token, `/v1/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    const items = body.items as Entry[];
    found.push(...items.filter((e) => keys.has(keyOf(e.entity)) && e.action.startsWith(`${e.entity.type}.`)));
    cursor = body.nextCursor;
    if (!cursor || items.some((e) => e.at < since)) return found;
  }
  throw new Error("the audit trail did not end");
}

/** The change records of `type` in the feed `token` reads, from `since` on. */
async function feedOf(send: ApiSend, token: string, type: string, since: string): Promise<ChangeRecord[]> {
  const found: ChangeRecord[] = [];
  let cursor = since;
  for (let page = 0; page < 1_000; page++) {
    const { body } = await get(send, token, `/v1/changes?since=${encodeURIComponent(cursor)}&types=${type}&limit=500`);
    found.push(...(body.items as ChangeRecord[]));
    cursor = body.nextCursor;
    if (!body.hasMore) return found;
  }
  throw new Error("the change feed did not end");
}

const settleWindow = () => new Promise<void>((resolve) => setTimeout(resolve, changeSettleMs + 250));

export async function runConcurrentWriters(options: ConcurrentOptions): Promise<ConcurrentFigures> {
  const { send, writers } = options;
  const run = options.run ?? Date.now().toString(36);
  const target: PreparedTarget = await options.target.prepare({ send, token: options.token, writers, run });
  const keys = new Set(target.tracked.map(keyOf));
  const violations: string[] = [];

  // Before: each record's version, the audit records already there, a feed cursor per record.
  const base = new Map<string, number>();
  const cursors = new Map<string, string>();
  for (const t of target.tracked) {
    base.set(keyOf(t), (await t.read()).version as number);
    for (const admin of t.adminTokens)
      cursors.set(`${keyOf(t)}@${admin}`, (await get(send, admin, "/v1/changes?since=now")).body.nextCursor);
  }
  const startedAt = new Date(Date.now() - 2_000).toISOString();
  const admins = [...new Set(target.tracked.flatMap((t) => t.adminTokens))];
  const earlier = new Set<string>();
  for (const admin of admins) for (const e of await auditOf(send, admin, keys, startedAt)) earlier.add(e.id);

  // All writers at once.
  const requests = Array.from({ length: writers }, (_, i) => target.change(i));
  let slowestMs = 0;
  const took: number[] = [];
  const t0 = performance.now();
  const answers = await Promise.all(
    requests.map(async (request, i) => {
      const sent = performance.now();
      try {
        return await send(request);
      } finally {
        took[i] = performance.now() - sent;
        slowestMs = Math.max(slowestMs, took[i] as number);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;

  const accepted: number[] = [];
  const lost: number[] = [];
  const failures: Record<string, number> = {};
  answers.forEach((answer, i) => {
    if (answer.status >= 200 && answer.status < 300) accepted.push(i);
    else if (answer.status === 409 && answer.body?.error?.code === "concurrent_update") lost.push(i);
    else {
      failures[answer.status] = (failures[answer.status] ?? 0) + 1;
      violations.push(`writer ${i}: ${answer.status} ${JSON.stringify(answer.body?.error ?? answer.body).slice(0, 200)}`);
    }
  });

  const overBudget = options.budgetMs === undefined ? [] : took.flatMap((ms, i) => (ms > (options.budgetMs as number) ? [i] : []));
  if (overBudget.length > 0) {
    violations.push(`${overBudget.length} answers slower than the ${options.budgetMs} ms budget (slowest ${Math.round(slowestMs)} ms)`);
  }

  // Each accepted change made its own version of the record it answers.
  const versionOf = (i: number) => (answers[i] as ApiAnswer).body?.version as number;
  const byRecord = new Map<string, number[]>();
  for (const i of accepted) byRecord.set(target.mark(i).record, [...(byRecord.get(target.mark(i).record) ?? []), versionOf(i)]);
  for (const [record, versions] of byRecord) {
    if (new Set(versions).size !== versions.length) violations.push(`${record}: two accepted changes answered the same version`);
  }

  // The final state.
  const finals = new Map<string, Record<string, unknown>>();
  for (const t of target.tracked) finals.set(keyOf(t), await t.read());
  for (const t of target.tracked) {
    const key = keyOf(t);
    const moves = accepted.filter((i) => target.touches(i).includes(key)).length;
    const expected = (base.get(key) as number) + moves;
    const version = (finals.get(key) as Record<string, unknown>).version;
    if (version !== expected) violations.push(`${key}: version ${version}, expected ${expected} (${moves} accepted changes)`);
  }
  const winners = new Map<string, number>();
  for (const i of accepted) {
    const mark = target.mark(i);
    const final = finals.get(mark.record) as Record<string, unknown>;
    if (!mark.shared) {
      if (!same(target.valueIn(mark.record, final, mark.slot), mark.value))
        violations.push(`writer ${i}: accepted, but ${mark.slot} is not in the final state`);
      continue;
    }
    const slot = `${mark.record}/${mark.slot}`;
    const best = winners.get(slot);
    if (best === undefined || versionOf(i) > versionOf(best)) winners.set(slot, i);
  }
  for (const [slot, i] of winners) {
    const mark = target.mark(i);
    const seen = target.valueIn(mark.record, finals.get(mark.record) as Record<string, unknown>, mark.slot);
    if (!same(seen, mark.value)) {
      violations.push(
        `${slot}: final ${JSON.stringify(seen)}, but the last accepted change (writer ${i}, version ${versionOf(i)}) set ${JSON.stringify(mark.value)}`,
      );
    }
  }
  for (const i of lost) {
    const mark = target.mark(i);
    if (!mark.shared && same(target.valueIn(mark.record, finals.get(mark.record) as Record<string, unknown>, mark.slot), mark.value)) {
      violations.push(`writer ${i}: reported lost, but its ${mark.slot} is in the final state`);
    }
  }

  // The audit trail: one record per accepted change, none for a lost one, none from anyone else.
  const entries: Entry[] = [];
  for (const admin of admins) entries.push(...(await auditOf(send, admin, keys, startedAt)).filter((e) => !earlier.has(e.id)));
  const byRequest = new Map<string, Entry[]>();
  for (const e of entries) byRequest.set(e.requestId ?? "", [...(byRequest.get(e.requestId ?? "") ?? []), e]);
  for (const i of accepted) {
    const own = byRequest.get((answers[i] as ApiAnswer).requestId ?? "-") ?? [];
    if (own.length !== 1) {
      violations.push(
        `writer ${i}: accepted, with ${own.length} audit records (${own.map((e) => `${e.action} ${e.at} ${JSON.stringify(e.changes ?? {}).slice(0, 120)}`).join("; ")})`,
      );
    }
  }
  for (const i of lost) {
    const n = byRequest.get((answers[i] as ApiAnswer).requestId ?? "-")?.length ?? 0;
    if (n !== 0) violations.push(`writer ${i}: reported lost, with ${n} audit records`);
  }
  const ours = new Set(answers.map((a) => a.requestId));
  const strays = entries.filter((e) => !ours.has(e.requestId));
  if (strays.length > 0) violations.push(`${strays.length} audit records of the target's records from no writer (${strays[0]?.action})`);
  if (entries.length !== accepted.length) violations.push(`${entries.length} audit records for ${accepted.length} accepted changes`);

  // The change feed: each version once, each accepted value in the record of its version, no lost value anywhere.
  await (options.feedSettled ?? settleWindow)();
  const records = new Map<string, ChangeRecord[]>();
  for (const t of target.tracked) {
    const key = keyOf(t);
    const own: ChangeRecord[] = [];
    for (const admin of t.adminTokens) {
      const all = await feedOf(send, admin, t.type, cursors.get(`${key}@${admin}`) as string);
      own.push(...all.filter((c) => c.id === t.id && c.version > (base.get(key) as number)));
    }
    records.set(key, own);
    const versions = own.map((c) => c.version);
    const final = (finals.get(key) as Record<string, unknown>).version as number;
    const expected = Array.from({ length: final - (base.get(key) as number) }, (_, k) => (base.get(key) as number) + k + 1);
    if (
      !same(
        [...versions].sort((a, b) => a - b),
        expected,
      )
    ) {
      const missing = expected.filter((v) => !versions.includes(v));
      violations.push(
        `${key}: change feed has ${versions.length} records for versions ${(base.get(key) as number) + 1}…${final}` +
          (missing.length > 0 ? ` (${missing.length} versions missing, e.g. ${missing.slice(0, 3).join(", ")})` : " (repeats)"),
      );
    }
    const last = own.find((c) => c.version === final);
    if (last?.resource && last.resource.version !== final)
      violations.push(`${key}: the feed's last record carries version ${last.resource.version}`);
  }
  for (const i of accepted) {
    const mark = target.mark(i);
    const record = records.get(mark.record)?.find((c) => c.version === versionOf(i));
    if (!record?.resource) violations.push(`writer ${i}: no change record for version ${versionOf(i)} of ${mark.record}`);
    else if (!same(target.valueIn(mark.record, record.resource, mark.slot), mark.value)) {
      violations.push(`writer ${i}: the change record of version ${versionOf(i)} does not carry its ${mark.slot}`);
    }
  }
  for (const i of lost) {
    const mark = target.mark(i);
    if ((records.get(mark.record) ?? []).some((c) => c.resource && same(target.valueIn(mark.record, c.resource, mark.slot), mark.value))) {
      violations.push(`writer ${i}: reported lost, but a change record carries its ${mark.slot}`);
    }
  }

  // Lists and counters.
  violations.push(...(await target.agreements(finals)));

  return {
    target: target.name,
    writers,
    accepted: accepted.length,
    reportedLost: lost.length,
    failures,
    violations,
    seconds,
    slowestMs: Math.round(slowestMs),
    overBudget: overBudget.length,
  };
}
