// Tenant files in S3 (core's BlobStore port in AWS): objects under `tenants/<tenantId>/<key>`, reached only with
// tenant-scoped credentials, so IAM confines every call, direct-upload forms included, to the tenant's own prefix.
// Keys are never reused (core's rule), so a losing or refused upload can never replace an object a record names;
// and a read pinned to an object's ETag (GetObject If-Match, and the answer's ETag checked as well, for
// S3-compatible servers that ignore the condition) reads that object or is refused.
// The S3 client and the form signer load on first use (a function's cold start does not pay for them).
import { createHash } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { isDivisionCode } from "#core/kernel/division-code";
import { DomainError, errors } from "#core/kernel/errors";
import { type BlobStore, isTemporaryBlob } from "#core/kernel/ports";
import { type TenantCredentials, tenantClients, tenantCredentials } from "#store/aws/tenant-credentials";

/** Files up to this size go up in one PutObject; larger ones in parts, so memory stays at one part. */
const singlePutMaxBytes = 5 * 1024 * 1024;
const partBytes = 8 * 1024 * 1024;

export interface S3BlobStoreOptions {
  readonly bucket: string;
  /** The tenant access role, assumed per tenant with the session tag `tenant=<id>`. */
  readonly roleArn: string;
  readonly region?: string;
  /** An S3-compatible endpoint other than AWS's (path-style addressing); AWS's own when absent. */
  readonly endpoint?: string;
}

type S3Sdk = typeof import("@aws-sdk/client-s3");
let s3Sdk: Promise<S3Sdk> | undefined;
let loadedS3Sdk: S3Sdk | undefined;
/** @aws-sdk/client-s3, imported once, on the first call that needs it. */
function loadS3Sdk(): Promise<S3Sdk> {
  s3Sdk ??= import("@aws-sdk/client-s3").then(
    (sdk) => {
      loadedS3Sdk = sdk;
      return sdk;
    },
    (error: unknown) => {
      s3Sdk = undefined;
      throw error;
    },
  );
  return s3Sdk;
}

export function s3BlobStore(options: S3BlobStoreOptions, credentials: TenantCredentials = tenantCredentials(options)): BlobStore {
  const Bucket = options.bucket;
  const clientOf = tenantClients(credentials, (tenantCredentials) => {
    // Only reached through `session`, after the SDK has loaded.
    if (!loadedS3Sdk) throw new Error("the S3 SDK is not loaded");
    return new loadedS3Sdk.S3Client({
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      credentials: tenantCredentials,
      // The API hashes every file itself (SHA-256, kept in the record); no second checksum per request.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  });
  /** A tenant's S3 client and the SDK's commands. */
  const session = async (tenantId: string, validForMs?: number) => {
    const sdk = await loadS3Sdk();
    return { s3: await clientOf(tenantId, validForMs), sdk };
  };

  /** S3 says 404 for a missing key only to callers who may list the bucket, else 403; a 403 is settled by listing. */
  async function missing(s3: S3Client, { ListObjectsV2Command }: S3Sdk, Key: string, error: unknown): Promise<boolean> {
    const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (name === "NoSuchKey" || name === "NotFound") return true;
    if ($metadata?.httpStatusCode !== 403) return false;
    const { Contents } = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: Key, MaxKeys: 1 }));
    return Contents?.[0]?.Key !== Key;
  }

  return {
    async put(tenantId, key, body, contentType, maxBytes) {
      const Key = objectKey(tenantId, key);
      const { s3, sdk } = await session(tenantId);
      const {
        AbortMultipartUploadCommand,
        CompleteMultipartUploadCommand,
        CreateMultipartUploadCommand,
        PutObjectCommand,
        UploadPartCommand,
      } = sdk;
      const hash = createHash("sha256");
      let bytes = 0;
      const parts = fixedSizeParts(body, partBytes, (chunk) => {
        bytes += chunk.length;
        if (bytes > maxBytes) throw errors.fileTooLarge(maxBytes);
        hash.update(chunk);
      });
      let part = await parts.next();
      const first = part.done ? new Uint8Array() : part.value;
      if (first.length <= singlePutMaxBytes) {
        // Smaller than a whole part, so it was the last one.
        const { ETag } = await s3.send(new PutObjectCommand({ Bucket, Key, Body: first, ContentType: contentType, ...retention(key) }));
        return { bytes, sha256: hash.digest("hex"), etag: etagFrom(ETag, Key) };
      }

      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: contentType, ...retention(key) }));
      const uploaded: { ETag: string | undefined; PartNumber: number }[] = [];
      let etag: string;
      try {
        while (!part.done) {
          const PartNumber = uploaded.length + 1;
          const { ETag } = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: part.value }));
          uploaded.push({ ETag, PartNumber });
          part = await parts.next();
        }
        const completed = await s3.send(
          new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: uploaded } }),
        );
        etag = etagFrom(completed.ETag, Key);
      } catch (error) {
        // The bucket's lifecycle rule also aborts leftovers after a day; this frees the parts now.
        await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
        await parts.return(undefined);
        throw error;
      }
      return { bytes, sha256: hash.digest("hex"), etag };
    },

    async get(tenantId, key, options) {
      const Key = objectKey(tenantId, key);
      const { s3, sdk } = await session(tenantId);
      const { GetObjectCommand } = sdk;
      const ifMatch = options?.ifMatch;
      try {
        const { Body, ETag } = await s3.send(new GetObjectCommand({ Bucket, Key, ...(ifMatch !== undefined ? { IfMatch: ifMatch } : {}) }));
        if (!Body || !(Symbol.asyncIterator in Body)) throw new Error(`S3 returned no stream for ${Key}`);
        if (ifMatch !== undefined && ETag !== ifMatch) {
          // Not read: the connection is let go without streaming the other object.
          (Body as { destroy?: () => void }).destroy?.();
          throw errors.fileReplaced();
        }
        return Body as AsyncIterable<Uint8Array>;
      } catch (error) {
        if (error instanceof DomainError) throw error;
        const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
        if (name === "PreconditionFailed" || $metadata?.httpStatusCode === 412) throw errors.fileReplaced();
        if (await missing(s3, sdk, Key, error)) return undefined;
        throw error;
      }
    },

    async delete(tenantId, key) {
      const { s3, sdk } = await session(tenantId);
      await s3.send(new sdk.DeleteObjectCommand({ Bucket, Key: objectKey(tenantId, key) }));
    },

    async uploadForm(tenantId, key, contentType, expiresSeconds, maxBytes) {
      if (!key.startsWith("uploads/")) throw new Error(`direct uploads go under uploads/: ${key}`);
      const Key = objectKey(tenantId, key);
      // A form dies with the session that signed it, so sign with credentials that outlive the form.
      const { s3 } = await session(tenantId, expiresSeconds * 1000);
      const { createPresignedPost } = await import("@aws-sdk/s3-presigned-post");
      const { url, fields: signed } = await createPresignedPost(s3, {
        Bucket,
        Key,
        Expires: expiresSeconds,
        // Every field is signed into the policy as an exact match, and the size range with it: S3 itself refuses an
        // empty or oversized file, another content type, another key or a missing retention tag.
        Fields: { "Content-Type": contentType, tagging: temporaryTagging },
        Conditions: [["content-length-range", 1, maxBytes]],
      });
      return { url, fields: signed };
    },
  };
}

/** The ETag S3 answered for a stored object; every S3 write answers one. */
function etagFrom(etag: string | undefined, Key: string): string {
  if (!etag) throw new Error(`S3 answered no ETag for ${Key}`);
  return etag;
}

/**
 * Temporary files carry the tag the bucket's lifecycle rule expires (infra/jobs.ts); kept files carry none, so
 * no rule can ever reach evidence or other records.
 */
export const temporaryTag = "retention=temporary";
/** The same tag as the XML a POST form's `tagging` field takes. */
const temporaryTagging = "<Tagging><TagSet><Tag><Key>retention</Key><Value>temporary</Value></Tag></TagSet></Tagging>";
/** Export files (`exports/…`) carry a tag of their own, which the bucket expires 7 days after upload, as their jobs. */
export const exportTag = "retention=export";
function retention(key: string): { Tagging?: string } {
  if (key.startsWith("exports/")) return { Tagging: exportTag };
  return isTemporaryBlob(key) ? { Tagging: temporaryTag } : {};
}

/** The object key of a tenant's file; refuses keys that are empty or have empty, `.` or `..` segments. */
function objectKey(tenantId: string, key: string): string {
  if (!isDivisionCode(tenantId)) throw new Error(`not a tenant id: ${tenantId}`);
  if (key.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) {
    throw new Error(`invalid blob key: ${key}`);
  }
  return `tenants/${tenantId}/${key}`;
}

/**
 * Re-slices a body into parts of exactly `size` bytes (the last one shorter), holding one part at a time;
 * `observe` sees every chunk as it arrives (and may refuse the body by throwing).
 */
export async function* fixedSizeParts(
  body: Uint8Array | AsyncIterable<Uint8Array>,
  size: number,
  observe: (chunk: Uint8Array) => void = () => {},
): AsyncGenerator<Uint8Array, void> {
  let part = new Uint8Array(size);
  let filled = 0;
  for await (const chunk of body instanceof Uint8Array ? [body] : body) {
    observe(chunk);
    for (let offset = 0; offset < chunk.length; ) {
      const n = Math.min(size - filled, chunk.length - offset);
      part.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === size) {
        yield part;
        part = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield part.subarray(0, filled);
}
