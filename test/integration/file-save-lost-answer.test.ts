// A file stored, then its record's save applied but its answer lost (the connection reset after DynamoDB Local
// applied it, on every attempt of the SDK's): the record is read again before the new file is deleted, so it never
// names a deleted file (core/kernel/record-files.ts). Through HTTP → app → the real client over DynamoDB Local.
// Found by the injected-faults suite (test/reliability/injected-faults.ts).
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlobStore } from "#core/kernel/ports";
import { fileBlobStore } from "#store/kernel/file-blob-store";
import { answersFor, openingBody } from "#test/support/assessments";
import { failingCall } from "#test/support/failing-call";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";
import { type RunningS3, startS3 } from "#test/support/s3-server";

const failing = failingCall();
const blobRoot = mkdtempSync(join(tmpdir(), "anquan-lost-answer-"));
/** When set, the next put stores its file whole and then fails, its answer lost. */
let loseNextPut = false;
const real = fileBlobStore(blobRoot);
const blobs: BlobStore = {
  ...real,
  async put(...args) {
    const stored = await real.put(...args);
    if (loseNextPut) {
      loseNextPut = false;
      throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    }
    return stored;
  },
};
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [e.name]));
let h: Harness;
let admin: string;
let inspector: string;
let unitId: string;

beforeAll(async () => {
  h = await createHarness({ blobs, sessionClients: (client) => failing.install(client) });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  const place = await addPlace(h, admin, "证据镇");
  unitId = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) })).body.id;
});

const photo = (seed: number) => Uint8Array.from({ length: 4096 }, (_, i) => (i * 7 + seed * 13) % 256);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
/** A TransactWriteItems saving the assessment `id` (its own item). */
const savesAssessment = (id: string) => (command: string, input: any) =>
  command === "TransactWriteItemsCommand" &&
  JSON.stringify(input.TransactItems).includes(`"_type":{"S":"assessment"}`) &&
  JSON.stringify(input.TransactItems).includes(id);

/** A new assessment of `unit` with one evidence record (for 15.3): its id and the evidence as registered. */
async function withEvidence(on: Harness, token: string, unit: string): Promise<{ id: string; added: any }> {
  const opened = await on.request("POST", "/v1/assessments", {
    token,
    body: openingBody(unit),
  });
  const id: string = opened.body.id;
  const added = await on.request("POST", `/v1/assessments/${id}/evidence`, {
    token,
    body: { criterionId: "15.3", fileName: "铭牌.jpg", contentType: "image/jpeg" },
  });
  return { id, added: added.body };
}

/** A new assessment with one evidence record; its id and the path its file is uploaded to. */
async function evidenceToUpload(): Promise<{ id: string; path: string }> {
  const { id, added } = await withEvidence(h, inspector, unitId);
  return { id, path: `/v1/assessments/${id}/evidence/${added.evidence.id}/file` };
}

describe("an evidence upload whose save or put lost its answer", () => {
  it.each([
    ["a first file", 0],
    ["a replacement", 1],
  ])("%s: the record names a file that is there, with the uploaded bytes", async (_name, before) => {
    const { id, path } = await evidenceToUpload();
    const put = (bytes: Uint8Array) =>
      h.app.request(path, { method: "PUT", headers: { authorization: `Bearer ${inspector}`, "content-type": "image/jpeg" }, body: bytes });
    for (let i = 0; i < before; i++) expect((await put(photo(100 + i))).status).toBe(200);

    const failed = failing.failed;
    // The save and every time the store asks its outcome again (store/dynamo/settled-transaction.ts) lose their
    // answer, so the service meets a save it cannot tell happened (core/kernel/record-files.ts reads the record).
    failing.arm(savesAssessment(id), { after: true, times: 5 });
    const bytes = photo(1);
    const res = await put(bytes);
    expect(failing.failed).toBe(failed + 5);
    // The save went through: the record names the new file, which is there, and the upload is answered as saved.
    const record = await h.request("GET", `/v1/assessments/${id}`, { token: inspector });
    expect(record.body.evidence[0]).toMatchObject({ bytes: bytes.length, sha256: sha256(bytes) });
    const file = await h.app.request(path, { headers: { authorization: `Bearer ${inspector}` } });
    expect(file.status).toBe(200);
    expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(sha256(bytes));
    expect(res.status).toBe(200);
  });

  it("a file stored whose put lost its answer is not left behind: the upload fails, no file but the record's", async () => {
    const { id, path } = await evidenceToUpload();
    loseNextPut = true;
    const res = await h.app.request(path, {
      method: "PUT",
      headers: { authorization: `Bearer ${inspector}`, "content-type": "image/jpeg" },
      body: photo(7),
    });
    expect(res.status).toBe(503);
    expect(filesUnder(join(blobRoot, "tenants", "320312", "assessments", id))).toEqual([]);
    expect((await h.request("GET", `/v1/assessments/${id}`, { token: inspector })).body.evidence[0]).toMatchObject({ bytes: null });
  });
});

describe("a submit that keeps files sent straight to storage, its save applied but its answer lost (S3 store)", () => {
  const lossy = failingCall();
  let s3: RunningS3;
  let sh: Harness;
  let field: string;
  let unit: string;
  beforeAll(async () => {
    s3 = await startS3();
    sh = await createHarness({ blobs: s3.store(), sessionClients: (client) => lossy.install(client) });
    const chief = await sh.token("tenant-admin", "320312");
    field = await sh.token("inspector", "320312", "inspector-wang");
    const place = await addPlace(sh, chief, "直传镇");
    unit = (await sh.request("POST", "/v1/enterprises", { token: chief, body: enterpriseBody(2, place) })).body.id;
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it("answers as submitted, and the record names the kept file, which is there with the bytes sent", async () => {
    const { id, added } = await withEvidence(sh, field, unit);
    const evidenceId: string = added.evidence.id;
    const form = added.upload as { url: string; fields: Record<string, string> };
    const bytes = photo(9);
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
    data.append("file", new Blob([bytes], { type: "image/jpeg" }), "铭牌.jpg");
    expect((await fetch(form.url, { method: "POST", body: data })).status).toBeLessThan(300);
    const definition = (await sh.request("GET", "/v1/rubric-library/shishi-enterprise-2024", { token: field })).body.definition;
    const answers = answersFor(definition, { "15.3": { input: { met: false }, reason: "设备铭牌缺失", evidence: [evidenceId] } });
    expect((await sh.request("PATCH", `/v1/assessments/${id}`, { token: field, body: { answers } })).status).toBe(200);

    const failed = lossy.failed;
    lossy.arm(savesAssessment(id), { after: true, times: 5 });
    const submitted = await sh.request("POST", `/v1/assessments/${id}/submit`, { token: field });
    expect(lossy.failed).toBe(failed + 5);
    const record = await sh.request("GET", `/v1/assessments/${id}`, { token: field });
    expect(record.body.status).toBe("submitted");
    expect(record.body.evidence[0]).toMatchObject({ bytes: bytes.length, sha256: sha256(bytes) });
    const file = await sh.app.request(`/v1/assessments/${id}/evidence/${evidenceId}/file`, {
      headers: { authorization: `Bearer ${field}` },
    });
    expect(file.status).toBe(200);
    expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(sha256(bytes));
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: "submitted", version: record.body.version });
  });
});
