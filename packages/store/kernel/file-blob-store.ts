// Tenant files on the local disk (development and tests): `<root>/tenants/<tenantId>/<key>`. Each write streams
// to a temporary name of its own and is linked under the real name only once complete, and only if nothing is
// there yet (core's rule: a stored file is never overwritten), so neither a crash nor two writers at once can
// leave a half or mixed file under a real name. No direct-upload forms: files come through the API.
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { link, mkdir, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { errors } from "#core/kernel/errors";
import type { BlobStore } from "#core/kernel/ports";
import { tenantScope } from "#store/dynamo/keys";

const safeKey = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

export function fileBlobStore(root: string): BlobStore {
  function pathOf(tenantId: string, key: string): string {
    tenantScope(tenantId); // validates the tenant id
    if (!safeKey.test(key) || key.split("/").some((part) => part === "." || part === "..")) throw new Error(`unsafe blob key: ${key}`);
    return join(root, "tenants", tenantId, key);
  }

  return {
    async put(tenantId, key, body, _contentType, maxBytes) {
      const path = pathOf(tenantId, key);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.${randomUUID()}.partial`;
      const hash = createHash("sha256");
      let bytes = 0;
      const counted = async function* () {
        for await (const chunk of body instanceof Uint8Array ? [body] : body) {
          bytes += chunk.length;
          if (bytes > maxBytes) throw errors.fileTooLarge(maxBytes);
          hash.update(chunk);
          yield chunk;
        }
      };
      try {
        await pipeline(Readable.from(counted()), createWriteStream(partial, { flags: "wx" }));
        // link, unlike rename, fails when the name is taken: a second writer of the same key cannot replace the first.
        await link(partial, path);
      } finally {
        await rm(partial, { force: true });
      }
      return { bytes, sha256: hash.digest("hex") };
    },

    async get(tenantId, key) {
      const path = pathOf(tenantId, key);
      const size = await stat(path).catch(() => undefined);
      return size?.isFile() ? createReadStream(path, { highWaterMark: 64 * 1024 }) : undefined;
    },

    async delete(tenantId, key) {
      await rm(pathOf(tenantId, key), { force: true });
    },

    async uploadForm() {
      return undefined;
    },
  };
}
