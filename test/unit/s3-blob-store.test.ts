// The S3 blob store keeps every tenant under its own prefix and hands out upload URLs that S3 will accept only
// for that key, that content type and that long. Signing happens offline, so no network and no mock is needed.
import { describe, expect, it } from "vitest";
import { fixedSizeParts, s3BlobStore } from "#store/s3-blob-store";

const credentials = async () => ({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "session" });
const store = s3BlobStore(
  { bucket: "anquan-blobs", roleArn: "arn:aws:iam::123456789012:role/tenant", region: "ap-southeast-1" },
  credentials,
);
const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function signed(key: string, contentType: string, expiresSeconds = 900): Promise<URL> {
  const upload = await store.uploadUrl("320312", key, contentType, expiresSeconds);
  if (upload === undefined) throw new Error("expected an upload URL");
  return new URL(upload.url);
}

describe("presigned upload URLs", () => {
  it("PUT to the tenant-prefixed key in the bucket, for the requested time", async () => {
    const url = await signed("imports/01jc5x/file.xlsx", xlsx, 900);
    expect(url.hostname).toBe("anquan-blobs.s3.ap-southeast-1.amazonaws.com");
    expect(url.pathname).toBe("/tenants/320312/imports/01jc5x/file.xlsx");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
    expect(url.searchParams.get("X-Amz-Credential")).toMatch(/^AKIDEXAMPLE\/\d{8}\/ap-southeast-1\/s3\/aws4_request$/);
    expect(url.searchParams.get("X-Amz-Security-Token")).toBe("session");
    expect(url.searchParams.get("x-id")).toBe("PutObject");
  });

  it("sign the content type, so an upload with another one is refused", async () => {
    const photo = await signed("assessments/01jc5x/evidence/01jc5y", "image/jpeg");
    const other = await signed("assessments/01jc5x/evidence/01jc5y", "image/png");
    expect(photo.searchParams.get("X-Amz-SignedHeaders")).toBe("content-type;host");
    expect(photo.searchParams.get("X-Amz-Signature")).not.toBe(other.searchParams.get("X-Amz-Signature"));
  });

  it("tag import files temporary (the bucket expires them) through a signed header the client must send; kept files carry no tag", async () => {
    const upload = await store.uploadUrl("320312", "imports/a.csv", "text/csv", 900);
    expect(upload?.headers).toEqual({ "content-type": "text/csv", "x-amz-tagging": "retention=temporary" });
    const url = new URL(upload?.url ?? "");
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("content-type;host;x-amz-tagging");
    expect(url.searchParams.has("x-amz-tagging")).toBe(false);
    const evidence = await store.uploadUrl("320312", "assessments/01jc5x/evidence/01jc5y", "image/jpeg", 900);
    expect(evidence?.headers).toEqual({ "content-type": "image/jpeg" });
  });

  it("carry no checksum of an empty body, which S3 would hold the real file to", async () => {
    const url = await signed("imports/a.csv", "text/csv");
    expect([...url.searchParams.keys()].filter((name) => name.toLowerCase().includes("checksum"))).toEqual([]);
  });

  it("are signed with credentials that stay valid at least as long as the URL", async () => {
    const asked: (number | undefined)[] = [];
    const recording = s3BlobStore(
      { bucket: "anquan-blobs", roleArn: "arn:aws:iam::1:role/t", region: "ap-southeast-1" },
      async (_tenant, validForMs) => {
        asked.push(validForMs);
        return credentials();
      },
    );
    await recording.uploadUrl("320312", "imports/a.csv", "text/csv", 1800);
    expect(asked).toEqual([1_800_000]);
  });

  it.each(["../320300/imports/a.csv", "imports//a.csv", "/imports/a.csv", "imports/./a.csv", ""])(
    "are refused for a key that could leave the tenant's folder: %j",
    async (key) => {
      await expect(store.uploadUrl("320312", key, "text/csv", 900)).rejects.toThrow(/invalid blob key/);
    },
  );

  it("are refused for something that is not a tenant id", async () => {
    await expect(store.uploadUrl("32031*", "imports/a.csv", "text/csv", 900)).rejects.toThrow(/not a tenant id/);
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
