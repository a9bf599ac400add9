// The bad-input net, small (the bench runs it at ≥ 5,000 requests for RELIABILITY.md): malformed requests
// generated from the app's own /openapi.json over every operation — path and query parameters outside their
// schemas, bodies that are not JSON or of the wrong shape, type, depth or size, reserved keys and forbidden
// characters, the wrong media type, bad headers, missing and forged credentials — a tenth of them sent twice at once.
// Every answer is a 4xx with the error shape, and the table holds exactly what it held before.
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";
import { runFuzz, type Send } from "./fuzz-run.ts";
import { type FuzzTarget, prepareFuzzTarget } from "./fuzz-target.ts";
import { type OpenApiDocument, type Operation, operationsOf } from "./openapi-operations.ts";
import { tableDigest } from "./table-digest.ts";

let h: Harness;
let operations: Operation[];
let target: FuzzTarget;

const send: Send = async (request) => {
  const response = await h.app.request(request.url, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text: await response.text() };
};

beforeAll(async () => {
  h = await createHarness();
  operations = operationsOf((await h.request("GET", "/openapi.json")).body as OpenApiDocument);
  target = await prepareFuzzTarget(send, { admin: await h.token("tenant-admin", "320312"), operator: await h.platformToken() });
});

describe("malformed requests generated from /openapi.json", () => {
  it("are all refused with a 4xx and the error shape, and none of them writes anything", { timeout: 240_000 }, async () => {
    const before = await tableDigest(h.client, h.tableName);
    const figures = await runFuzz({
      // FUZZ_SEED / FUZZ_REQUESTS explore further by hand; the suite's own run is fixed, so it fails the same way twice.
      seed: process.env.FUZZ_SEED ?? "anquan-bad-input-1",
      requests: Number(process.env.FUZZ_REQUESTS ?? operations.length * 3),
      operations,
      ...target,
      concurrency: 4,
      send,
    });
    expect(figures.failures).toEqual([]);
    expect(figures.operations).toBeGreaterThan(operations.length * 0.9);
    expect(figures.concurrentPairs).toBeGreaterThan(0);
    expect(await tableDigest(h.client, h.tableName)).toEqual(before);
  });
});
