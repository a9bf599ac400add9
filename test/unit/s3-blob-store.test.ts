// The S3 blob store keeps every tenant under its own prefix and hands out upload forms that S3 will accept only
// for that key, that content type, that size range and that long (signed offline: no network needed); against
// an S3-compatible server on loopback (s3rver) it stores whole files only, with their SHA-256, and never a part.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedSizeParts, s3BlobStore } from "#store/aws/s3-blob-store";
import { type RunningS3, startS3 } from "#test/support/s3-server";

const credentials = async () => ({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "session" });
const store = s3BlobStore(
  { bucket: "anquan-blobs", roleArn: "arn:aws:iam::123456789012:role/tenant", region: "ap-southeast-1" },
  credentials,
);
const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const MiB = 1024 * 1024;

async function form(key: string, contentType: string, expiresSeconds = 900, maxBytes = 20 * MiB) {
  const upload = await store.uploadForm("320312", key, contentType, expiresSeconds, maxBytes);
  if (upload === undefined) throw new Error("expected an upload form");
  const policy = JSON.parse(Buffer.from(upload.fields.Policy ?? "", "base64").toString("utf8")) as {
    expiration: string;
    conditions: unknown[];
  };
  return { ...upload, policy };
}

describe("direct-upload forms", () => {
  it("POST to the bucket, for the tenant-prefixed key under uploads/, for the requested time", async () => {
    const before = Date.now();
    const { url, fields, policy } = await form("uploads/imports/01jc5x.xlsx", xlsx, 900);
    expect(new URL(url).hostname).toBe("anquan-blobs.s3.ap-southeast-1.amazonaws.com");
    expect(fields.key).toBe("tenants/320312/uploads/imports/01jc5x.xlsx");
    expect(policy.conditions).toContainEqual({ key: "tenants/320312/uploads/imports/01jc5x.xlsx" });
    const expires = Date.parse(policy.expiration) - before;
    expect(expires).toBeGreaterThan(890_000);
    expect(expires).toBeLessThanOrEqual(901_000);
    expect(fields["X-Amz-Credential"]).toMatch(/^AKIDEXAMPLE\/\d{8}\/ap-southeast-1\/s3\/aws4_request$/);
    expect(fields["X-Amz-Security-Token"]).toBe("session");
  });

  it("let S3 refuse an empty or oversized file, another content type or a missing retention tag", async () => {
    const { fields, policy } = await form("uploads/assessments/01jc5x/evidence/01jc5y", "image/jpeg", 900, 20 * MiB);
    expect(policy.conditions).toContainEqual(["content-length-range", 1, 20 * MiB]);
    expect(policy.conditions).toContainEqual({ "Content-Type": "image/jpeg" });
    expect(fields["Content-Type"]).toBe("image/jpeg");
    // Direct uploads are temporary until the API has checked and copied them: the bucket expires what it never kept.
    expect(fields.tagging).toBe("<Tagging><TagSet><Tag><Key>retention</Key><Value>temporary</Value></Tag></TagSet></Tagging>");
    expect(policy.conditions).toContainEqual({ tagging: fields.tagging });
  });

  it("carry no checksum of an empty body, which S3 would hold the real file to", async () => {
    const { fields, policy } = await form("uploads/imports/a.csv", "text/csv");
    expect(Object.keys(fields).filter((name) => name.toLowerCase().includes("checksum"))).toEqual([]);
    expect(JSON.stringify(policy)).not.toMatch(/checksum/i);
  });

  it("are signed with credentials that stay valid at least as long as the form", async () => {
    const asked: (number | undefined)[] = [];
    const recording = s3BlobStore(
      { bucket: "anquan-blobs", roleArn: "arn:aws:iam::1:role/t", region: "ap-southeast-1" },
      async (_tenant, validForMs) => {
        asked.push(validForMs);
        return credentials();
      },
    );
    await recording.uploadForm("320312", "uploads/imports/a.csv", "text/csv", 1800, MiB);
    expect(asked).toEqual([1_800_000]);
  });

  it.each(["uploads/../320300/imports/a.csv", "uploads//a.csv", "uploads/./a.csv", "uploads/"])(
    "are refused for a key that could leave the tenant's folder: %j",
    async (key) => {
      await expect(store.uploadForm("320312", key, "text/csv", 900, MiB)).rejects.toThrow(/invalid blob key/);
    },
  );

  it("are refused for keys a record names (only uploads/ takes direct uploads)", async () => {
    await expect(store.uploadForm("320312", "assessments/a/evidence/b.01", "image/jpeg", 900, MiB)).rejects.toThrow(/uploads\//);
    await expect(store.uploadForm("320312", "imports/a.csv", "text/csv", 900, MiB)).rejects.toThrow(/uploads\//);
  });

  it("are refused for something that is not a tenant id", async () => {
    await expect(store.uploadForm("32031*", "uploads/imports/a.csv", "text/csv", 900, MiB)).rejects.toThrow(/not a tenant id/);
  });
});

describe("files in an S3-compatible store", () => {
  let s3: RunningS3;
  beforeAll(async () => {
    s3 = await startS3();
  });
  afterAll(async () => {
    await s3?.stop();
  });

  const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
  const bytesOf = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) % 251);
  async function read(key: string): Promise<Buffer | undefined> {
    const body = await s3.store().get("320312", key);
    if (!body) return undefined;
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
  async function* slowly(bytes: Uint8Array, chunk: number, failAfter?: number): AsyncGenerator<Uint8Array> {
    for (let offset = 0; offset < bytes.length; offset += chunk) {
      if (failAfter !== undefined && offset >= failAfter) throw new Error("client went away");
      yield bytes.subarray(offset, offset + chunk);
    }
  }

  it("store a small file in one put and a large one in parts, answering size and SHA-256 of what was stored", async () => {
    const small = bytesOf(300_004, 1);
    const large = bytesOf(11 * MiB + 5, 2);
    const blobs = s3.store();
    expect(await blobs.put("320312", "assessments/a/evidence/e.1", small, "image/jpeg", 20 * MiB)).toEqual({
      bytes: small.length,
      sha256: sha256(small),
      etag: expect.any(String),
    });
    expect(await blobs.put("320312", "imports/a/1.csv", slowly(large, 64 * 1024), "text/csv", 64 * MiB)).toEqual({
      bytes: large.length,
      sha256: sha256(large),
      etag: expect.any(String),
    });
    expect(sha256((await read("assessments/a/evidence/e.1")) ?? new Uint8Array())).toBe(sha256(small));
    expect(sha256((await read("imports/a/1.csv")) ?? new Uint8Array())).toBe(sha256(large));
  });

  it("leave nothing under the key when the body breaks off or exceeds the limit, small or in parts", async () => {
    const blobs = s3.store();
    const big = bytesOf(12 * MiB, 3);
    await expect(blobs.put("320312", "x/broken-small", slowly(big, 64 * 1024, MiB), "image/jpeg", 20 * MiB)).rejects.toThrow(/went away/);
    await expect(blobs.put("320312", "x/broken-large", slowly(big, 64 * 1024, 9 * MiB), "image/jpeg", 20 * MiB)).rejects.toThrow(
      /went away/,
    );
    await expect(blobs.put("320312", "x/too-large", slowly(big, 64 * 1024), "image/jpeg", 10 * MiB)).rejects.toMatchObject({
      code: "file_too_large",
    });
    for (const key of ["x/broken-small", "x/broken-large", "x/too-large"]) expect(await read(key)).toBeUndefined();
  });

  it("keep concurrent writes of one file apart: each key holds exactly its own bytes", async () => {
    const blobs = s3.store();
    const files = [bytesOf(6 * MiB, 4), bytesOf(6 * MiB, 5), bytesOf(300_000, 6), bytesOf(300_000, 7)];
    await Promise.all(
      files.map((file, i) => blobs.put("320312", `assessments/b/evidence/e.${i}`, slowly(file, 32 * 1024), "image/png", 20 * MiB)),
    );
    for (const [i, file] of files.entries())
      expect(sha256((await read(`assessments/b/evidence/e.${i}`)) ?? new Uint8Array())).toBe(sha256(file));
  });

  it("read a file pinned to its ETag (GetObject If-Match), and refuse the pin once another object is under the key", async () => {
    const blobs = s3.store();
    const key = "imports/b/1.csv";
    const [first, second] = [bytesOf(300_000, 9), bytesOf(6 * MiB, 10)];
    const stored = await blobs.put("320312", key, first, "text/csv", 64 * MiB);
    const pinned = async (etag: string) => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of (await blobs.get("320312", key, { ifMatch: etag })) ?? []) chunks.push(chunk);
      return sha256(Buffer.concat(chunks));
    };
    expect(await pinned(stored.etag)).toBe(sha256(first));
    await blobs.delete("320312", key);
    const replaced = await blobs.put("320312", key, slowly(second, 64 * 1024), "text/csv", 64 * MiB);
    expect(replaced.etag).not.toBe(stored.etag);
    await expect(pinned(stored.etag)).rejects.toMatchObject({ code: "file_replaced" });
    expect(await pinned(replaced.etag)).toBe(sha256(second));
    await blobs.delete("320312", key);
    expect(await blobs.get("320312", key, { ifMatch: replaced.etag })).toBeUndefined();
  });

  it("delete a file, and answer undefined for it afterwards", async () => {
    const blobs = s3.store();
    await blobs.put("320312", "x/gone", bytesOf(10, 8), "image/png", MiB);
    await blobs.delete("320312", "x/gone");
    expect(await read("x/gone")).toBeUndefined();
    await expect(blobs.delete("320312", "x/never-there")).resolves.toBeUndefined();
  });
});

describe("multipart slicing of an upload", () => {
  async function* chunks(sizes: number[]): AsyncGenerator<Uint8Array> {
    let next = 0;
    for (const size of sizes) yield Uint8Array.from({ length: size }, () => next++ % 251);
  }
  async function collect(parts: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
    const all: Uint8Array[] = [];
    for await (const part of parts) all.push(part);
    return all;
  }

  it("cuts a stream into whole parts and a shorter last one, keeping every byte in order", async () => {
    const parts = await collect(fixedSizeParts(chunks([3, 10, 1, 7]), 8));
    expect(parts.map((part) => part.length)).toEqual([8, 8, 5]);
    expect(Buffer.concat(parts)).toEqual(Buffer.from(Uint8Array.from({ length: 21 }, (_, i) => i % 251)));
  });

  it("yields nothing for an empty body and one part for a body of exactly one part", async () => {
    expect(await collect(fixedSizeParts(chunks([]), 8))).toEqual([]);
    expect((await collect(fixedSizeParts(new Uint8Array(8), 8))).map((part) => part.length)).toEqual([8]);
  });
});
