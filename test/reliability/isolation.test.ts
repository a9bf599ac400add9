// The isolation property, small (the bench runs ≥ 10,000 attempts for RELIABILITY.md): another city's district,
// with its tenant-admin, an inspector and an API key of every scope, calls random operations of /openapi.json with
// the victim's ids in the path and in query filters, the victim's cursors, and writes whose bodies name the
// victim's units, towns and rubric. No answer holds the victim's data, none naming its records succeeds, and the
// victim's partition is byte for byte what it was.
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";
import type { Send } from "./fuzz-run.ts";
import { runIsolation } from "./isolation-run.ts";
import { type IsolationTarget, prepareIsolationTarget, victimTenant } from "./isolation-target.ts";
import { type OpenApiDocument, type Operation, operationsOf } from "./openapi-operations.ts";
import { tableDigest } from "./table-digest.ts";

let h: Harness;
let operations: Operation[];
let target: IsolationTarget;

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
  target = await prepareIsolationTarget(send, { token: (role, tenantId) => h.token(role, tenantId) });
});

describe("another tenant's credentials against the victim's ids, filters, cursors and records", () => {
  it("never read, change or learn anything of the victim", { timeout: 240_000 }, async () => {
    const victimPartition = `T#${victimTenant}#`;
    const before = await tableDigest(h.client, h.tableName, victimPartition);
    const figures = await runIsolation({
      seed: process.env.ISOLATION_SEED ?? "anquan-isolation-1",
      attempts: Number(process.env.ISOLATION_ATTEMPTS ?? 1_000),
      operations,
      send,
      ...target,
      concurrency: 4,
    });
    expect(figures.crossings).toEqual([]);
    expect(Object.keys(figures.byKind).sort()).toEqual(["body", "cursor", "filter", "path", "plain"]);
    expect(figures.operations).toBeGreaterThan(operations.length * 0.8);
    expect(await tableDigest(h.client, h.tableName, victimPartition)).toEqual(before);
  });
});
