// An S3-compatible server for the S3 blob store's tests: s3rver (npm), started in-process on loopback with one
// bucket in a temporary folder. It speaks S3's REST API (PutObject, multipart uploads, GetObject, DeleteObject,
// form POSTs), so the store's real S3 client calls run unchanged; it checks no signatures and no IAM.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import type { BlobStore } from "#core/kernel/ports";
import { s3BlobStore } from "#store/aws/s3-blob-store";

export interface RunningS3 {
  readonly endpoint: string;
  readonly bucket: string;
  /** The S3 blob store on this server (static credentials; IAM is not simulated). */
  store(): BlobStore;
  stop(): Promise<void>;
}

export async function startS3(): Promise<RunningS3> {
  const directory = mkdtempSync(join(tmpdir(), "anquan-s3-"));
  const bucket = "anquan-blobs";
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = async () => ({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
  return {
    endpoint,
    bucket,
    store: () => s3BlobStore({ bucket, roleArn: "arn:aws:iam::000000000000:role/tenant", region: "us-east-1", endpoint }, credentials),
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
