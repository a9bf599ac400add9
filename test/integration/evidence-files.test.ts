// Evidence files are legal records: through HTTP → app → DynamoDB Local, with the local folder store and with the
// S3 store (against an S3-compatible server on loopback), a refused upload leaves the stored file and its record
// as they were, and of uploads racing for one evidence file the stored bytes are always exactly the winner's (by
// SHA-256), never the loser's nor a mix. With S3, a file sent straight to storage is checked and copied before any
// record names it, so posting the form again later cannot change what the record describes.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlobStore } from "#core/kernel/ports";
import { fileBlobStore } from "#store/kernel/file-blob-store";
import { answersFor, openingBody } from "#test/support/assessments";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";
import { type RunningS3, startS3 } from "#test/support/s3-server";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
/** A photo-sized file whose bytes depend on `seed`, so two uploads differ everywhere. */
const photo = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 7 + seed * 13) % 256);

let s3: RunningS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3?.stop();
});

const localRoot = mkdtempSync(join(tmpdir(), "anquan-evidence-"));
const stores: { name: string; blobs: () => BlobStore; direct: boolean }[] = [
  { name: "the local folder store", blobs: () => fileBlobStore(localRoot), direct: false },
  { name: "the S3 store", blobs: () => s3.store(), direct: true },
];

describe.each(stores)("evidence files in $name", ({ blobs, direct }) => {
  let h: Harness;
  let inspector: string;
  let unitId: string;

  beforeAll(async () => {
    h = await createHarness({ blobs: blobs() });
    const admin = await h.token("tenant-admin", "320312");
    inspector = await h.token("inspector", "320312", "inspector-li");
    const place = await addPlace(h, admin, "宝盖镇");
    unitId = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) })).body.id;
  });

  async function newEvidence(): Promise<{ assessmentId: string; evidenceId: string; path: string; upload: Record<string, unknown> }> {
    const opened = await h.request("POST", "/v1/assessments", {
      token: inspector,
      body: openingBody(unitId),
    });
    const added = await h.request("POST", `/v1/assessments/${opened.body.id}/evidence`, {
      token: inspector,
      body: { criterionId: "15.3", fileName: "铭牌.jpg", contentType: "image/jpeg" },
    });
    expect(added.status).toBe(201);
    const evidenceId = added.body.evidence.id as string;
    const path = `/v1/assessments/${opened.body.id}/evidence/${evidenceId}/file`;
    return { assessmentId: opened.body.id, evidenceId, path, upload: added.body.upload };
  }

  /** PUTs `bytes` to the API as a stream of small chunks, as a phone on a slow link sends them. */
  function upload(path: string, bytes: Uint8Array, headers: Record<string, string> = {}) {
    const chunk = 16 * 1024;
    let offset = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setImmediate(resolve));
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + chunk));
        offset += chunk;
      },
    });
    return h.app.request(path, {
      method: "PUT",
      headers: { authorization: `Bearer ${inspector}`, "content-type": "image/jpeg", ...headers },
      body,
      duplex: "half",
    } as RequestInit);
  }

  async function stored(assessmentId: string, evidenceId: string, path: string) {
    const record = (await h.request("GET", `/v1/assessments/${assessmentId}`, { token: inspector })).body.evidence.find(
      (e: { id: string }) => e.id === evidenceId,
    );
    const file = await h.app.request(path, { headers: { authorization: `Bearer ${inspector}` } });
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { record, status: file.status, bytes: bytes.length, sha256: sha256(bytes), digest: file.headers.get("repr-digest") };
  }

  it("a refused upload (empty, wrong type, too large) leaves the stored file and its record as they were", async () => {
    const { assessmentId, evidenceId, path } = await newEvidence();
    const original = photo(300_004, 1);
    const first = await upload(path, original);
    expect(first.status).toBe(200);
    const before = await stored(assessmentId, evidenceId, path);
    expect(before).toMatchObject({ status: 200, bytes: 300_004, sha256: sha256(original) });

    const empty = await upload(path, new Uint8Array());
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { error: { details: { fields: { code: string }[] } } }).error.details.fields[0]?.code).toBe(
      "empty_file",
    );
    const wrongType = await upload(path, photo(1000, 2), { "content-type": "image/png" });
    expect(wrongType.status).toBe(422);
    const tooLarge = await upload(path, photo(20 * 1024 * 1024 + 1, 3));
    expect(tooLarge.status).toBe(413);

    expect(await stored(assessmentId, evidenceId, path)).toEqual(before);
    expect(before.record).toMatchObject({ bytes: 300_004, sha256: sha256(original) });
    expect(before.digest).toBe(`sha-256=:${createHash("sha256").update(original).digest("base64")}:`);
  });

  it("of two uploads at once, each is stored whole in turn: record and bytes agree and are one upload's, never a mix", async () => {
    for (let round = 0; round < 3; round++) {
      const { assessmentId, evidenceId, path } = await newEvidence();
      const files = [photo(300_004, 10 + round), photo(300_004, 20 + round)];
      const answers = await Promise.all(files.map((file) => upload(path, file)));
      const now = await stored(assessmentId, evidenceId, path);
      expect(files.map(sha256)).toContain(now.sha256);
      // No precondition was sent, so neither is a 412 nor a 500: both are kept, one after the other.
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      const bodies = (await Promise.all(answers.map((a) => a.json()))) as { sha256: string; fileRevision: string }[];
      expect(new Set(bodies.map((b) => b.sha256))).toEqual(new Set(files.map(sha256)));
      expect(now.record.sha256).toBe(now.sha256);
      expect(now.record.bytes).toBe(300_004);
      expect(bodies.map((b) => b.fileRevision)).toContain(now.record.fileRevision);
    }
  });

  it("of two uploads sent with the same If-Match, exactly one wins (200) and the other is 412; the bytes are the winner's", async () => {
    const { assessmentId, evidenceId, path } = await newEvidence();
    const version = (await h.request("GET", `/v1/assessments/${assessmentId}`, { token: inspector })).body.version as number;
    const files = [photo(300_004, 30), photo(300_004, 31)];
    const answers = await Promise.all(files.map((file) => upload(path, file, { "if-match": `"${version}"` })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
    const winner = answers.findIndex((a) => a.status === 200);
    const now = await stored(assessmentId, evidenceId, path);
    expect(now.sha256).toBe(sha256(files[winner] ?? new Uint8Array()));
    expect(now.record.bytes).toBe(300_004);
  });

  // The folder can be listed here; for S3 the store's own tests show a refused or broken write leaves nothing.
  it.runIf(!direct)("keeps one file per evidence: replaced and refused uploads leave no file behind", async () => {
    const { assessmentId, evidenceId, path } = await newEvidence();
    await Promise.all([upload(path, photo(100_000, 40)), upload(path, photo(100_000, 41)), upload(path, photo(100_000, 42))]);
    await upload(path, new Uint8Array());
    const folder = join(localRoot, "tenants", "320312", "assessments", assessmentId, "evidence");
    const { record } = await stored(assessmentId, evidenceId, path);
    expect(readdirSync(folder)).toEqual([`${evidenceId}.${record.fileRevision}`]);
  });

  it.runIf(!direct)("without a storage form, offers a PUT to the API, and there is nothing to attach", async () => {
    const { assessmentId, evidenceId, path, upload: form } = await newEvidence();
    expect(form).toMatchObject({ method: "PUT", url: `http://localhost${path}`, headers: { "content-type": "image/jpeg" }, fields: {} });
    const attach = await h.request("POST", `/v1/assessments/${assessmentId}/evidence/${evidenceId}/attach`, { token: inspector });
    expect(attach.status).toBe(409);
    expect(attach.body.error.code).toBe("file_not_uploaded");
  });

  it.runIf(direct)(
    "a file sent straight to storage is checked and copied when attached: posting the form again changes nothing kept",
    async () => {
      const { assessmentId, evidenceId, path, upload: form } = await newEvidence();
      expect(form).toMatchObject({ method: "POST", headers: {} });
      const post = async (bytes: Uint8Array) => {
        const data = new FormData();
        for (const [name, value] of Object.entries(form.fields as Record<string, string>)) data.append(name, value);
        data.append("file", new Blob([bytes], { type: "image/jpeg" }), "铭牌.jpg");
        const res = await fetch(form.url as string, { method: "POST", body: data });
        expect(res.status).toBeLessThan(300);
      };
      const kept = photo(250_000, 50);
      await post(kept);
      const attached = await h.request("POST", `/v1/assessments/${assessmentId}/evidence/${evidenceId}/attach`, { token: inspector });
      expect(attached.status).toBe(200);
      expect(attached.body).toMatchObject({ bytes: 250_000, sha256: sha256(kept) });
      await post(photo(250_000, 51)); // the form is still valid for a while: a second file lands in uploads/ only
      expect(await stored(assessmentId, evidenceId, path)).toMatchObject({ status: 200, sha256: sha256(kept) });

      // Submitting attaches what was sent straight to storage and not attached yet.
      const second = await h.request("POST", `/v1/assessments/${assessmentId}/evidence`, {
        token: inspector,
        body: { criterionId: "15.2", fileName: "标识.jpg", contentType: "image/jpeg" },
      });
      const late = photo(1000, 52);
      const again = second.body.upload as { url: string; fields: Record<string, string> };
      const data = new FormData();
      for (const [name, value] of Object.entries(again.fields)) data.append(name, value);
      data.append("file", new Blob([late], { type: "image/jpeg" }), "标识.jpg");
      expect((await fetch(again.url, { method: "POST", body: data })).status).toBeLessThan(300);
      const definition = (await h.request("GET", "/v1/rubric-library/shishi-enterprise-2024", { token: inspector })).body.definition;
      const answered = await h.request("PATCH", `/v1/assessments/${assessmentId}`, {
        token: inspector,
        body: {
          answers: answersFor(definition, {
            "15.3": { input: { met: false }, reason: "设备铭牌缺失", evidence: [evidenceId] },
            "15.2": { input: { met: false }, reason: "无流向标", evidence: [second.body.evidence.id] },
          }),
        },
      });
      expect(answered.status).toBe(200);
      const submitted = await h.request("POST", `/v1/assessments/${assessmentId}/submit`, { token: inspector });
      expect(submitted.status).toBe(200);
      expect(submitted.body.evidence.find((e: { id: string }) => e.id === second.body.evidence.id)).toMatchObject({
        bytes: 1000,
        sha256: sha256(late),
      });
    },
  );
});
