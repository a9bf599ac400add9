// The bad-input suite: seeded malformed requests over every operation of the OpenAPI document (round robin, so
// each operation gets its share), some of them sent twice at once; each answer must be a 4xx with the error shape
// ({ error: { code, message, requestId } }) and the table must hold exactly what it held before. Used small by
// test/reliability/bad-input.test.ts and at full size by the bench (RELIABILITY.md).
import { type FuzzRequest, type GeneratorOptions, malformedRequest } from "./malformed-requests.ts";
import type { Operation } from "./openapi-operations.ts";
import { seededRandom } from "./seeded-random.ts";

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export type Send = (request: FuzzRequest) => Promise<Answer>;

export interface FuzzFailure {
  readonly request: Omit<FuzzRequest, "body"> & { readonly body?: string };
  readonly status: number;
  readonly why: string;
  readonly answer: string;
}

export interface FuzzFigures {
  readonly seed: string;
  readonly requests: number;
  readonly operations: number;
  readonly concurrentPairs: number;
  readonly byStatus: Record<string, number>;
  readonly byMutation: Record<string, number>;
  /** Answers that were not a 4xx with the error shape. */
  readonly failures: readonly FuzzFailure[];
}

export interface FuzzOptions {
  readonly seed: string;
  readonly requests: number;
  readonly operations: readonly Operation[];
  readonly send: Send;
  readonly credentials: GeneratorOptions["credentials"];
  readonly idFor: GeneratorOptions["idFor"];
  /** Requests in flight at once. */
  readonly concurrency?: number;
  /** Share of requests sent twice at the same time. */
  readonly pairShare?: number;
}

function problemOf(answer: Answer): string | undefined {
  if (answer.status < 400 || answer.status > 499) return `status ${answer.status}`;
  if (!answer.contentType.startsWith("application/json")) return `content-type ${answer.contentType}`;
  try {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown; requestId?: unknown } };
    if (typeof body.error?.code !== "string" || typeof body.error.message !== "string" || !("requestId" in body.error))
      return "not the error shape";
  } catch {
    return "not JSON";
  }
  return undefined;
}

const printable = (request: FuzzRequest) => ({
  ...request,
  body:
    request.body === undefined
      ? undefined
      : typeof request.body === "string"
        ? request.body.slice(0, 300)
        : `<${request.body.byteLength} bytes>`,
});

export async function runFuzz(options: FuzzOptions): Promise<FuzzFigures> {
  const random = seededRandom(options.seed);
  const generator: GeneratorOptions = { random, credentials: options.credentials, idFor: options.idFor };
  const planned: { request: FuzzRequest; pair: boolean }[] = [];
  let index = 0;
  let misses = 0;
  while (planned.length < options.requests && misses < options.requests * 10) {
    const op = options.operations[index++ % options.operations.length] as Operation;
    const request = malformedRequest(op, generator);
    if (!request) {
      misses++;
      continue;
    }
    planned.push({ request, pair: random.chance(options.pairShare ?? 0.1) });
  }
  const byStatus: Record<string, number> = {};
  const byMutation: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  let sent = 0;
  let pairs = 0;
  const check = (request: FuzzRequest, answer: Answer) => {
    sent++;
    byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
    const kind = request.mutation.split(":").slice(0, 2).join(":");
    byMutation[kind] = (byMutation[kind] ?? 0) + 1;
    const why = problemOf(answer);
    if (why)
      failures.push({ request: printable(request) as FailureRequest, status: answer.status, why, answer: answer.text.slice(0, 300) });
  };
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const { request, pair } = planned[next++] as (typeof planned)[number];
      if (pair) {
        pairs++;
        const [a, b] = await Promise.all([options.send(request), options.send(request)]);
        check(request, a);
        check(request, b);
      } else {
        check(request, await options.send(request));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  const covered = new Set(planned.map((p) => p.request.operationId));
  return { seed: options.seed, requests: sent, operations: covered.size, concurrentPairs: pairs, byStatus, byMutation, failures };
}

type FailureRequest = FuzzFailure["request"];
