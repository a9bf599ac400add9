// The injected-faults suite, small (test/reliability/injected-faults.ts; the bench runs it at full size): seeded
// write requests and weekly refreshes under DynamoDB and blob faults, each compared with the state before it and
// with one clean application of it. No half changes, no 2xx that did not happen, throttling answered 503 with
// Retry-After, and no path outside what IAM allows.
import { randomUUID } from "node:crypto";
import { expect, inject, it } from "vitest";
import { runInjectedFaults } from "#test/reliability/injected-faults";

const seed = process.env.FAULTS_SEED ?? "injected-faults-v1";
const requests = Number(process.env.FAULTS_REQUESTS ?? 120);

it(`${requests} requests under injected faults (seed ${seed}): each fully happened or changed nothing`, { timeout: 600_000 }, async () => {
  const figures = await runInjectedFaults({ endpoint: inject("dynamoEndpoint"), tableName: `test-${randomUUID()}`, seed, requests });
  if (process.env.FAULTS_VERBOSE) console.log(JSON.stringify(figures, null, 2));
  expect(figures.violations).toEqual([]);
  expect(figures.denials).toEqual([]);
  // The run did meet faults of every kind, and requests both succeeded and failed under them.
  for (const [kind, n] of Object.entries(figures.faultsByKind)) expect(n, kind).toBeGreaterThan(0);
  expect(figures.faulted).toBeGreaterThan(requests / 3);
});
