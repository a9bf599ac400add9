// The OpenAPI document as tools read it (a generated client, a linter): every operation has a stable, unique,
// camelCase operationId from packages/api/operation-ids.ts, a tag, a summary and a declared security requirement
// (`[]` on the public ones, which then answer without a credential), and the document names its server. Two
// independent tools accept it: Redocly's recommended ruleset (@redocly/openapi-core, the linter behind Redocly CLI)
// with no error and only the reviewed warnings below, and a validator against the OpenAPI 3.1 JSON schemas
// (@seriousme/openapi-schema-validator). And its surface is the committed snapshot: a change to it, breaking ones
// named first, fails until the snapshot is updated on purpose (`npm run contract:update`).
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { operationIds } from "#api/operation-ids";
import { type ApiSurface, apiSurface, breakingChanges } from "#test/support/api-surface";
import { createHarness, type Harness } from "#test/support/harness";

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly op: { operationId?: string; tags?: string[]; summary?: string; security?: Record<string, string[]>[] };
}

/** Redocly warnings reviewed and kept, each with its reason (a new warning, or one gone, fails the test). */
const reviewedWarnings: Record<string, string> = {
  "operation-4xx-response #/paths/~1health/get/responses":
    "GET /health is liveness for load balancers: it answers 200 or does not answer; it has no client error to declare",
};

let h: Harness;
let doc: { servers?: { url: string }[]; paths: Record<string, Record<string, Operation["op"]>> };
let operations: Operation[];

beforeAll(async () => {
  h = await createHarness();
  doc = (await h.request("GET", "/openapi.json")).body;
  operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })));
});

describe("the OpenAPI document's operations", () => {
  it("each has the operationId of the table: camelCase, unique, the table naming exactly the document's operations", () => {
    expect(operations.length).toBeGreaterThan(150);
    for (const { method, path, op } of operations) {
      expect(op.operationId, `${method} ${path}`).toBe(operationIds[`${method} ${path}`]);
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    }
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(operationIds).sort()).toEqual(operations.map((o) => `${o.method} ${o.path}`).sort());
    expect(operationIds["get /v1/hazards"]).toBe("listHazards");
    expect(operationIds["post /v1/hazards/{id}/assign"]).toBe("assignHazard");
  });

  it("each has a tag, a summary and a declared security requirement", () => {
    for (const { method, path, op } of operations) {
      expect(op.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      expect(op.summary, `${method} ${path}`).toMatch(/\S/);
      expect(op.security, `${method} ${path}`).toBeDefined();
    }
  });

  it("the public ones (security []) answer without a credential; every other one asks for one", async () => {
    const open = operations.filter((o) => o.op.security?.length === 0).map((o) => `${o.method} ${o.path}`);
    expect(open.sort()).toEqual([
      "get /health",
      "get /p/{tenantId}/export-files/{token}",
      "get /p/{tenantId}/report-files/{token}",
      "get /p/{tenantId}/stars/{schemeId}",
      "get /p/{tenantId}/{token}",
    ]);
    expect((await h.request("GET", "/health")).status).toBe(200);
    for (const { method, path } of operations.filter((o) => o.op.security?.length !== 0)) {
      const concrete = path.replace(/\{[^}]+\}/g, "x");
      expect((await h.request(method.toUpperCase(), concrete)).status, `${method} ${path}`).toBe(401);
    }
  });

  it("names its server", () => {
    expect(doc.servers).toEqual([{ url: "/", description: "The origin serving this document" }]);
  });
});

describe("the OpenAPI document under two independent tools", () => {
  it("passes Redocly's recommended ruleset: no error, only the reviewed warnings", { timeout: 60_000 }, async () => {
    const { createConfig, lintFromString } = await import("@redocly/openapi-core");
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: JSON.stringify(doc), config, absoluteRef: "openapi.json" });
    const found = problems.map((p) => ({ severity: p.severity, key: `${p.ruleId} ${p.location[0]?.pointer ?? ""}`, message: p.message }));
    expect(found.filter((p) => p.severity === "error")).toEqual([]);
    expect(found.map((p) => p.key).sort()).toEqual(Object.keys(reviewedWarnings).sort());
  });

  it("has examples that validate against their schemas (Redocly's example rules, as errors)", { timeout: 60_000 }, async () => {
    const { createConfig, lintFromString } = await import("@redocly/openapi-core");
    const config = await createConfig({
      rules: { "no-invalid-schema-examples": "error", "no-invalid-media-type-examples": "error", "no-invalid-parameter-examples": "error" },
    });
    const problems = await lintFromString({ source: JSON.stringify(doc), config, absoluteRef: "openapi.json" });
    const examples = JSON.stringify(doc).match(/"examples?":/g)?.length ?? 0;
    expect(examples).toBeGreaterThan(100);
    expect(problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ""}: ${p.message}`)).toEqual([]);
  });

  it("validates against the OpenAPI 3.1 schema", async () => {
    const { Validator } = await import("@seriousme/openapi-schema-validator");
    const result = await new Validator().validate(structuredClone(doc));
    expect(result).toEqual({ valid: true });
  });
});

describe("the API's surface against its committed snapshot", () => {
  const snapshotFile = resolve(import.meta.dirname, "../contract/openapi-surface.json");

  it("is unchanged, or the change is made on purpose with npm run contract:update", () => {
    const now = apiSurface(doc);
    if (process.env.UPDATE_CONTRACT === "1") writeFileSync(snapshotFile, `${JSON.stringify(now, null, 2)}\n`);
    const committed = JSON.parse(readFileSync(snapshotFile, "utf8")) as ApiSurface;
    expect(breakingChanges(committed, now), "breaking changes to the API (update the snapshot only on purpose)").toEqual([]);
    expect(now, "the API changed: npm run contract:update records it").toEqual(committed);
  });
});
