// The isolation property: another tenant's credentials, sent against random operations of the OpenAPI document
// with the victim's ids in the path, the victim's ids in query filters, the victim's cursors, and write bodies that
// name the victim's units, towns and rubrics, never reach the victim — no answer carries the victim's marker (a
// text in every name and description it holds), no answer to a path naming a victim's id succeeds, and the
// victim's partition holds exactly what it held before (checked by the caller with tableDigest). Used small by
// test/reliability/isolation.test.ts and at ≥ 10,000 attempts by the bench (RELIABILITY.md).
import type { Answer, Send } from "./fuzz-run.ts";
import { wellFormed } from "./malformed-requests.ts";
import type { Operation, Parameter } from "./openapi-operations.ts";
import { seededRandom } from "./seeded-random.ts";

export interface Victim {
  /** A text in every name and description of the victim's records. */
  readonly marker: string;
  /** The victim's ids by collection (`enterprises`, `towns`, …, as in /v1/<collection>/{id}). */
  readonly ids: ReadonlyMap<string, readonly string[]>;
  /** Cursors the victim's lists gave it. */
  readonly cursors: readonly string[];
}

/** A write of the attacker's that names the victim's records in its body. */
export interface BodyAttempt {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
}

export interface IsolationOptions {
  readonly seed: string;
  readonly attempts: number;
  readonly operations: readonly Operation[];
  readonly send: Send;
  readonly victim: Victim;
  /** The attacker's credentials, as headers (a bearer token, an API key). */
  readonly attackers: readonly Readonly<Record<string, string>>[];
  readonly bodies: readonly BodyAttempt[];
  readonly concurrency?: number;
}

export interface Crossing {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly why: string;
  readonly answer: string;
}

export interface IsolationFigures {
  readonly seed: string;
  readonly attempts: number;
  readonly operations: number;
  readonly byKind: Record<string, number>;
  readonly byStatus: Record<string, number>;
  readonly crossings: readonly Crossing[];
}

/** Which collection a parameter's id belongs to: `id` by the path's collection, `townId` → towns, `hostId` → enterprises. */
function collectionFor(op: Operation, param: Parameter): string | undefined {
  if (param.name === "id") return op.path.split("/")[2];
  const base = /^(\w+)Id$/.exec(param.name)?.[1];
  if (!base) return undefined;
  const named: Record<string, string> = { host: "enterprises", target: "enterprises", enterprise: "enterprises", visit: "expert-visits" };
  return named[base] ?? `${base}s`;
}

export async function runIsolation(options: IsolationOptions): Promise<IsolationFigures> {
  const random = seededRandom(options.seed);
  const secured = options.operations.filter((op) => op.secured);
  const idOf = (collection: string | undefined) => {
    const ids = collection ? options.victim.ids.get(collection) : undefined;
    return ids && ids.length > 0 ? random.pick(ids) : undefined;
  };
  const byKind: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const crossings: Crossing[] = [];
  const covered = new Set<string>();
  let done = 0;

  // The attempts are drawn first, then sent: the same seed makes the same attempts whatever order answers come in.
  const planned: { method: string; url: string; headers: Record<string, string>; body?: string; kind: string; namesVictim: boolean }[] = [];
  while (planned.length < options.attempts) {
    const attacker = random.pick(options.attackers);
    let method: string;
    let url: string;
    let body: string | undefined;
    let kind: string;
    let namesVictim = false;
    if (options.bodies.length > 0 && random.chance(0.15)) {
      const write = random.pick(options.bodies);
      ({ method, url } = write);
      body = JSON.stringify(write.body);
      kind = "body";
    } else {
      const op = random.pick(secured);
      covered.add(op.operationId);
      method = op.method;
      const query: string[] = [];
      url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const param = op.parameters.find((p) => p.in === "path" && p.name === name);
        const victimId = param ? idOf(collectionFor(op, param)) : undefined;
        if (victimId) namesVictim = true;
        return encodeURIComponent(victimId ?? (param ? wellFormed(param) : "x"));
      });
      kind = namesVictim ? "path" : "plain";
      for (const param of op.parameters.filter((p) => p.in === "query")) {
        if (param.name === "cursor" && options.victim.cursors.length > 0 && random.chance(0.7)) {
          query.push(`cursor=${encodeURIComponent(random.pick(options.victim.cursors))}`);
          if (kind === "plain") kind = "cursor";
          continue;
        }
        const victimId = idOf(collectionFor(op, param));
        if (victimId && random.chance(0.7)) {
          query.push(`${param.name}=${encodeURIComponent(victimId)}`);
          if (kind === "plain") kind = "filter";
        }
      }
      if (query.length > 0) url += `?${query.join("&")}`;
      if (op.body?.contentType === "application/json") body = "{}";
    }
    const headers: Record<string, string> = { ...attacker, ...(body !== undefined ? { "content-type": "application/json" } : {}) };
    planned.push({ method, url, headers, kind, namesVictim, ...(body !== undefined ? { body } : {}) });
  }

  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const { method, url, headers, body, kind, namesVictim } = planned[next++] as (typeof planned)[number];
      const answer: Answer = await options.send({
        operationId: kind,
        mutation: kind,
        method,
        url,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      done++;
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
      const succeeded = answer.status >= 200 && answer.status < 300;
      const crossing = answer.text.includes(options.victim.marker)
        ? "the answer holds the victim's data"
        : namesVictim && succeeded
          ? "a path naming the victim's record succeeded"
          : kind === "body" && succeeded
            ? "a write naming the victim's records succeeded"
            : undefined;
      if (crossing) crossings.push({ method, url, status: answer.status, why: crossing, answer: answer.text.slice(0, 300) });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { seed: options.seed, attempts: done, operations: covered.size, byKind, byStatus, crossings };
}
