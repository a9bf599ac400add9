// The local blob store (laptop and tests) keeps files whole: a write lands under its key only complete, never
// over a file already there, and leaves no temporary file behind, whether it succeeds, breaks off or is refused.
// A read pinned to what a write answered (its etag) reads that very file or refuses.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileBlobStore } from "#store/kernel/file-blob-store";

const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const bytesOf = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) % 251);
async function* slowly(bytes: Uint8Array, chunk: number, failAfter?: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    if (failAfter !== undefined && offset >= failAfter) throw new Error("client went away");
    await new Promise((resolve) => setImmediate(resolve));
    yield bytes.subarray(offset, offset + chunk);
  }
}

async function readAll(body: AsyncIterable<Uint8Array> | undefined): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body ?? []) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function fresh() {
  const root = mkdtempSync(join(tmpdir(), "anquan-blobs-"));
  const folder = join(root, "tenants", "320312", "assessments", "a", "evidence");
  return {
    root,
    blobs: fileBlobStore(root),
    files: () => readdirSync(folder).sort(),
    read: (name: string) => readFileSync(join(folder, name)),
  };
}

describe("the local blob store", () => {
  it("answers the size and SHA-256 of what it stored", async () => {
    const { blobs, read } = fresh();
    const file = bytesOf(300_004, 1);
    expect(await blobs.put("320312", "assessments/a/evidence/e.1", slowly(file, 4096), "image/jpeg", 20 * MiB)).toEqual({
      bytes: file.length,
      sha256: sha256(file),
      etag: expect.any(String),
    });
    expect(sha256(read("e.1"))).toBe(sha256(file));
  });

  it("leaves nothing when the body breaks off or exceeds the limit", async () => {
    const { blobs, files } = fresh();
    await blobs.put("320312", "assessments/a/evidence/kept", bytesOf(10, 0), "image/jpeg", MiB);
    await expect(
      blobs.put("320312", "assessments/a/evidence/broken", slowly(bytesOf(MiB, 2), 4096, 200_000), "image/jpeg", 2 * MiB),
    ).rejects.toThrow(/went away/);
    await expect(
      blobs.put("320312", "assessments/a/evidence/large", slowly(bytesOf(MiB, 3), 4096), "image/jpeg", 100_000),
    ).rejects.toMatchObject({
      code: "file_too_large",
    });
    expect(files()).toEqual(["kept"]);
  });

  it("never replaces a stored file: of two writes to one key, the first complete one stays whole", async () => {
    const { blobs, files, read } = fresh();
    const [a, b] = [bytesOf(300_000, 4), bytesOf(300_000, 5)];
    const results = await Promise.allSettled([
      blobs.put("320312", "assessments/a/evidence/e.x", slowly(a, 8192), "image/png", MiB),
      blobs.put("320312", "assessments/a/evidence/e.x", slowly(b, 8192), "image/png", MiB),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const winner = results.findIndex((r) => r.status === "fulfilled");
    expect(sha256(read("e.x"))).toBe(sha256(winner === 0 ? a : b));
    expect(files()).toEqual(["e.x"]);
  });

  it("deletes a file, and reads nothing for it afterwards", async () => {
    const { blobs } = fresh();
    await blobs.put("320312", "assessments/a/evidence/gone", bytesOf(10, 6), "image/png", MiB);
    await blobs.delete("320312", "assessments/a/evidence/gone");
    expect(await blobs.get("320312", "assessments/a/evidence/gone")).toBeUndefined();
    await expect(blobs.delete("320312", "assessments/a/evidence/never")).resolves.toBeUndefined();
  });

  it("reads a file pinned to its etag, and refuses the pin once another file is under the key", async () => {
    const { blobs } = fresh();
    const key = "imports/a/1.csv";
    const [first, second] = [bytesOf(70_000, 7), bytesOf(70_000, 8)];
    const stored = await blobs.put("320312", key, first, "text/csv", MiB);
    expect(sha256(await readAll(await blobs.get("320312", key, { ifMatch: stored.etag })))).toBe(sha256(first));
    // The same bytes again under the key are still another file: the pin names a stored file, not its content.
    await blobs.delete("320312", key);
    const again = await blobs.put("320312", key, first, "text/csv", MiB);
    expect(again.etag).not.toBe(stored.etag);
    await expect(blobs.get("320312", key, { ifMatch: stored.etag })).rejects.toMatchObject({
      code: "file_replaced",
      text: { zh: expect.stringContaining("替换"), en: expect.stringContaining("replaced") },
    });
    await blobs.delete("320312", key);
    const replaced = await blobs.put("320312", key, second, "text/csv", MiB);
    expect(sha256(await readAll(await blobs.get("320312", key, { ifMatch: replaced.etag })))).toBe(sha256(second));
    expect(await blobs.get("320312", "imports/a/never.csv", { ifMatch: stored.etag })).toBeUndefined();
  });

  it("refuses keys that could leave the tenant's folder", async () => {
    const { blobs } = fresh();
    await expect(blobs.put("320312", "../320300/x", bytesOf(1, 0), "image/png", MiB)).rejects.toThrow(/unsafe blob key/);
  });
});
