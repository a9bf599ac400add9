// Export jobs through HTTP → app → DynamoDB Local → the worker (the in-process queue) → a file blob store in a
// folder of the test's own, read back with our own spreadsheet reader: POST 202, the job done with its rows, the
// signed link's file equal to the list, a link expired (410) or forged (404), another tenant's job (404), a key
// without the list's read scope (403 at POST), the synchronous route's 413 past its row limit, a redelivered or
// doubled message leaving one file, and a job past its 7 days answered expired with its file gone.
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "#api/app";
import { fileBlobStore } from "#store/kernel/file-blob-store";
import { openTable } from "#tabular/read";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

const tenantId = "320312";
const minute = 60_000;
const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
const blobDir = mkdtempSync(join(tmpdir(), "anquan-export-blobs-"));
const unbounded = { remainingMs: () => Number.POSITIVE_INFINITY };
let h: Harness;
let admin: string;
let townA: Place;
let townB: Place;

/** The export files of job `id` in the blob folder. */
function filesOf(id: string): string[] {
  try {
    return readdirSync(join(blobDir, "tenants", tenantId, "exports", id)).filter((name) => !name.endsWith(".partial"));
  } catch {
    return [];
  }
}

async function startExport(body: unknown, token = admin, headers: Record<string, string> = {}) {
  return h.request("POST", "/v1/exports", { token, body, headers });
}

/** POSTs the export, lets the worker run it, and answers the job as GET gives it. */
async function exported(body: unknown, token = admin) {
  const started = await startExport(body, token);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await h.deps.queue.idle();
  const job = await h.request("GET", `/v1/exports/${started.body.id}`, { token });
  expect(job.status).toBe(200);
  return job.body;
}

/** The link's path on the app (the URL is absolute, on the request's origin). */
const pathOf = (url: string) => new URL(url).pathname;

/** The register names of a downloaded file, read back by the import's own reader. */
async function namesIn(bytes: Uint8Array, format: "csv" | "xlsx"): Promise<string[]> {
  async function* once() {
    yield bytes;
  }
  const table = await openTable(once(), format, [
    { key: "name", headers: ["企业名称"] },
    { key: "creditCode", headers: ["统一社会信用代码"] },
  ]);
  const names: string[] = [];
  for await (const row of table.rows) names.push(row.values.name as string);
  return names;
}

async function listedNames(query: string): Promise<string[]> {
  const res = await h.request("GET", `/v1/enterprises?limit=100&${query}`, { token: admin });
  expect(res.status).toBe(200);
  return res.body.items.map((u: { name: string }) => u.name);
}

beforeAll(async () => {
  h = await createHarness({ clock, blobs: fileBlobStore(blobDir) });
  admin = await h.token("tenant-admin", tenantId);
  townA = await addPlace(h, admin, "宝盖镇");
  townB = await addPlace(h, admin, "蚶江镇");
  for (let n = 1; n <= 12; n++) {
    const res = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(n, n % 3 === 0 ? townB : townA) });
    expect(res.status).toBe(201);
  }
});

describe("POST /v1/exports → the worker → GET /v1/exports/{id} → the file", () => {
  it("answers 202 with the queued job and Location; the worker writes the filtered register, and the link's CSV is that list", async () => {
    const started = await startExport({ list: "enterprises", format: "csv", filter: { townId: townA.townId } });
    expect(started.status).toBe(202);
    expect(started.headers.get("location")).toBe(`/v1/exports/${started.body.id}`);
    expect(started.body).toMatchObject({
      list: "enterprises",
      format: "csv",
      filter: { townId: townA.townId },
      state: "queued",
      rows: 0,
      download: null,
      expiresAt: "2026-12-02T02:00:00.000Z",
    });
    await h.deps.queue.idle();
    const job = (await h.request("GET", `/v1/exports/${started.body.id}`, { token: admin })).body;
    expect(job).toMatchObject({ state: "done", rows: 8, error: null, finishedAt: expect.any(String) });
    expect(job.bytes).toBeGreaterThan(0);
    expect(job.download.expiresAt).toBe("2026-11-25T02:15:00.000Z");

    const file = await h.app.request(pathOf(job.download.url));
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const disposition = file.headers.get("content-disposition") ?? "";
    expect(disposition).toContain('filename="register.csv"');
    expect(decodeURIComponent(disposition)).toContain("企业台账-2026-11-25.csv");
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(await namesIn(bytes, "csv")).toEqual(await listedNames(`townId=${townA.townId}`));
  });

  it("writes .xlsx of the whole register, equal to the list in order", async () => {
    const job = await exported({ list: "enterprises", format: "xlsx" });
    expect(job).toMatchObject({ state: "done", rows: 12 });
    const file = await h.app.request(pathOf(job.download.url));
    expect(file.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(await namesIn(new Uint8Array(await file.arrayBuffer()), "xlsx")).toEqual(await listedNames(""));
  });

  it("exports the other lists through the same job (the key-target list with its 422 filter check at POST)", async () => {
    const targets = await exported({ list: "supervision-targets", format: "csv", filter: {} });
    expect(targets.state).toBe("done");
    const hazards = await exported({ list: "hazards", format: "xlsx", filter: { list: "rectification", overdue: "true" } });
    expect(hazards).toMatchObject({ state: "done", rows: 0, filter: { list: "rectification", overdue: "true" } });
    const file = await h.app.request(pathOf(hazards.download.url));
    expect(decodeURIComponent(file.headers.get("content-disposition") ?? "")).toContain("整改清单-2026-11-25.xlsx");

    const unknownTown = await startExport({ list: "supervision-targets", format: "csv", filter: { townId: "nosuchtown" } });
    expect(unknownTown.status).toBe(422);
    expect(unknownTown.body.error.details.fields[0].path).toBe("query.townId");
    const noList = await startExport({ list: "key-hazard-list", format: "csv", keyHazardListId: "0".repeat(26) });
    expect(noList.status).toBe(404);
  });

  it("refuses what the list's schema refuses (400 validation_failed) before anything is queued", async () => {
    for (const body of [
      { list: "units", format: "csv" },
      { list: "enterprises", format: "pdf" },
      { list: "enterprises", format: "csv", filter: { riskLevel: "purple" } },
      { list: "enterprises", format: "csv", filter: { colour: "red" } },
      { list: "key-hazard-list", format: "csv" },
    ]) {
      const res = await startExport(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
  });

  it("replays the first answer for a retried Idempotency-Key: one job", async () => {
    const body = { list: "enterprises", format: "csv", filter: { townId: townB.townId } };
    const first = await startExport(body, admin, { "idempotency-key": "export-once" });
    const again = await startExport(body, admin, { "idempotency-key": "export-once" });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.id).toBe(first.body.id);
    await h.deps.queue.idle();
  });

  it("lists the tenant's exports newest first, paged", async () => {
    const first = await h.request("GET", "/v1/exports?limit=2", { token: admin });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const rest = await h.request("GET", `/v1/exports?limit=100&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: admin });
    const ids = [...first.body.items, ...rest.body.items].map((j: { id: string }) => j.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(ids).toHaveLength(5); // the exports above (the replayed one once)
  });
});

describe("who may export and read exports", () => {
  it("needs the list's read permission at POST (403 for a key without enterprises:read) and to read the job", async () => {
    const hazardsOnly = await h.addApiKey(tenantId, ["hazards:read"]);
    expect((await h.request("POST", "/v1/exports", { body: { list: "enterprises", format: "csv" } })).status).toBe(401);
    const forbidden = await h.request("POST", "/v1/exports", { apiKey: hazardsOnly.token, body: { list: "enterprises", format: "csv" } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.details.required).toBe("enterprises:read");

    const registerKey = await h.addApiKey(tenantId, ["enterprises:read"]);
    const byKey = await h.request("POST", "/v1/exports", { apiKey: registerKey.token, body: { list: "enterprises", format: "csv" } });
    expect(byKey.status).toBe(202);
    await h.deps.queue.idle();
    const done = await h.request("GET", `/v1/exports/${byKey.body.id}`, { apiKey: registerKey.token });
    expect(done.body).toMatchObject({ state: "done", rows: 12 });
    // The register's export is not the hazards key's to read, nor to see in the list.
    expect((await h.request("GET", `/v1/exports/${byKey.body.id}`, { apiKey: hazardsOnly.token })).status).toBe(403);
    const listed = await h.request("GET", "/v1/exports?limit=100", { apiKey: hazardsOnly.token });
    expect(listed.body.items.every((j: { list: string }) => j.list === "hazards")).toBe(true);
  });

  it("keeps another tenant's exports out of reach: 404 for its id, its link refused under another tenant's path", async () => {
    const job = await exported({ list: "enterprises", format: "csv" });
    const other = await h.token("tenant-admin", "320300");
    const res = await h.request("GET", `/v1/exports/${job.id}`, { token: other });
    expect(res.status).toBe(404);
    expect((await h.request("GET", "/v1/exports?limit=100", { token: other })).body.items).toEqual([]);
    const path = pathOf(job.download.url).replace(`/p/${tenantId}/`, "/p/320300/");
    expect((await h.app.request(path)).status).toBe(404);
  });

  it("answers a forged or altered link 404", async () => {
    const job = await exported({ list: "enterprises", format: "csv" });
    const path = pathOf(job.download.url);
    const token = path.split("/").pop() as string;
    const [payload, signature] = token.split(".") as [string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "AB" : "AA"}`;
    for (const forged of [`${payload}.${flipped}`, "abc.def", `${payload}`]) {
      const res = await h.app.request(`/p/${tenantId}/export-files/${forged}`);
      expect(res.status, forged).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("export_link_unknown");
    }
  });
});

describe("the synchronous export's row limit", () => {
  it("answers 413 export_too_large past the limit (in both languages), pointing at /v1/exports; a short list still streams", async () => {
    const small = createApp({ ...h.deps, syncExportRowsLimit: 5 });
    const get = (query: string, language = "zh-CN") =>
      small.request(`/v1/enterprises/export?${query}`, { headers: { authorization: `Bearer ${admin}`, "accept-language": language } });
    const tooLarge = await get("format=csv");
    expect(tooLarge.status).toBe(413);
    const body = (await tooLarge.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error).toMatchObject({ code: "export_too_large", details: { rowsLimit: 5, use: "/v1/exports" } });
    expect(body.error.message).toContain("POST /v1/exports");
    expect(body.error.message).toMatch(/超过 5 行/);
    expect(((await (await get("format=xlsx", "en")).json()) as { error: { message: string } }).error.message).toContain("more than 5 rows");
    const fits = await get(`format=csv&townId=${townB.townId}`);
    expect(fits.status).toBe(200);
    expect(await namesIn(new Uint8Array(await fits.arrayBuffer()), "csv")).toEqual(await listedNames(`townId=${townB.townId}`));
    // Exactly the limit is served.
    const five = createApp({ ...h.deps, syncExportRowsLimit: 4 });
    const exact = await five.request(`/v1/enterprises/export?format=csv&townId=${townB.townId}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(exact.status).toBe(200);
  });
});

describe("redelivery and expiry", () => {
  it("a redelivered message changes nothing and writes no second file", async () => {
    const job = await exported({ list: "enterprises", format: "csv" });
    expect(filesOf(job.id)).toHaveLength(1);
    const stored = await h.deps.exports.get(tenantId, job.id);
    expect(await h.deps.jobs.run({ kind: "export", tenantId, exportId: job.id }, unbounded)).toEqual({ done: true });
    expect(await h.deps.exports.get(tenantId, job.id)).toEqual(stored);
    expect(filesOf(job.id)).toHaveLength(1);
  });

  it("two deliveries at once: one run writes the file, the other finds the job held", async () => {
    const started = await startExport({ list: "enterprises", format: "xlsx" });
    // The in-process queue has its own delivery under way; this is a second one of the same message.
    const second = h.deps.jobs.run({ kind: "export", tenantId, exportId: started.body.id }, unbounded);
    await Promise.all([second, h.deps.queue.idle()]);
    const job = (await h.request("GET", `/v1/exports/${started.body.id}`, { token: admin })).body;
    expect(job).toMatchObject({ state: "done", rows: 12 });
    expect(filesOf(job.id)).toHaveLength(1);
    expect((await h.deps.exports.get(tenantId, job.id))?.attempts).toBe(1);
  });

  it("a run that died is taken over once its lease lapses: its file is deleted, the new run's is the one", async () => {
    const started = await startExport({ list: "enterprises", format: "csv" });
    await h.deps.queue.idle();
    const done = await h.deps.exports.get(tenantId, started.body.id);
    if (!done?.runId) throw new Error("no run");
    // As if that run had stored its file and died before recording it: the job still running on a lapsed lease.
    await h.deps.exports.transition(tenantId, {
      before: done,
      after: { ...done, state: "running", finishedAt: null, leaseUntil: "2026-11-25T01:00:00.000Z", version: done.version + 1 },
    });
    expect(await h.deps.jobs.run({ kind: "export", tenantId, exportId: done.id }, unbounded)).toEqual({ done: true });
    const after = await h.deps.exports.get(tenantId, done.id);
    expect(after).toMatchObject({ state: "done", rows: 12, attempts: 2 });
    expect(after?.runId).not.toBe(done.runId);
    expect(filesOf(done.id)).toEqual([`${after?.runId}.csv`]);
  });

  it("a link answers 410 after its 15 minutes; GET the job again for a new one", async () => {
    const job = await exported({ list: "enterprises", format: "csv" });
    clock.advance(15 * minute);
    const late = await h.app.request(pathOf(job.download.url));
    expect(late.status).toBe(410);
    expect(((await late.json()) as { error: unknown }).error).toMatchObject({
      code: "export_link_expired",
      details: { expiresAt: job.download.expiresAt },
    });
    const again = (await h.request("GET", `/v1/exports/${job.id}`, { token: admin })).body;
    expect((await h.app.request(pathOf(again.download.url))).status).toBe(200);
  });

  it("a job past its 7 days is expired: no link, its file deleted, its last link 410; a late message writes nothing", async () => {
    const job = await exported({ list: "enterprises", format: "csv" });
    const queued = await startExport({ list: "enterprises", format: "csv" }); // run at once; put back in the queue below
    await h.deps.queue.idle();
    expect(filesOf(job.id)).toHaveLength(1);
    clock.advance(7 * 24 * 60 * minute - 10 * minute);
    const last = (await h.request("GET", `/v1/exports/${job.id}`, { token: admin })).body;
    expect(last.download.expiresAt).toBe(job.expiresAt); // a link never outlives its job
    clock.advance(10 * minute);
    const expired = (await h.request("GET", `/v1/exports/${job.id}`, { token: admin })).body;
    expect(expired).toMatchObject({ state: "expired", download: null });
    expect(filesOf(job.id)).toEqual([]);
    expect((await h.deps.exports.get(tenantId, job.id))?.state).toBe("expired");
    expect((await h.app.request(pathOf(last.download.url))).status).toBe(410);

    // A message arriving after the job's expiry (as if queued all along) ends it expired without a file.
    const stored = await h.deps.exports.get(tenantId, queued.body.id);
    if (!stored) throw new Error("no job");
    expect(filesOf(stored.id)).toHaveLength(1);
    await h.deps.exports.transition(tenantId, {
      before: stored,
      after: { ...stored, state: "queued", file: null, version: stored.version + 1 },
    });
    await h.deps.jobs.run({ kind: "export", tenantId, exportId: stored.id }, unbounded);
    expect(await h.deps.exports.get(tenantId, stored.id)).toMatchObject({ state: "expired", file: null, runId: null });
    expect(filesOf(stored.id)).toEqual([]);
    const listed = await h.request("GET", "/v1/exports?limit=100", { token: admin });
    expect(listed.body.items.every((j: { state: string; download: unknown }) => j.state === "expired" && j.download === null)).toBe(true);
  });
});
