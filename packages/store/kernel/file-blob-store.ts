// Tenant files on the local disk (development and tests): `<root>/tenants/<tenantId>/<key>`. Each write streams
// to a temporary name of its own and is linked under the real name only once complete, and only if nothing is
// there yet (core's rule: a stored file is never overwritten), so neither a crash nor two writers at once can
// leave a half or mixed file under a real name. A file's etag is its identity on disk (device, inode, size and
// modification time), which a file stored again under the key never shares, so a read pinned to it opens the file
// and checks the opened file itself. No direct-upload forms: files come through the API.
import { createHash, randomUUID } from "node:crypto";
import { type BigIntStats, createWriteStream } from "node:fs";
import { link, mkdir, open, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { errors } from "#core/kernel/errors";
import type { BlobStore } from "#core/kernel/ports";
import { tenantScope } from "#store/dynamo/keys";

const safeKey = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** A stored file's identity: another file linked under the key has another inode (or, reused, another time). */
const etagOf = (s: BigIntStats) => `"${s.dev.toString(36)}-${s.ino.toString(36)}-${s.size.toString(36)}-${s.mtimeNs.toString(36)}"`;

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
        // The partial name is the same file (a hard link), and no other writer can reach it.
        return { bytes, sha256: hash.digest("hex"), etag: etagOf(await stat(partial, { bigint: true })) };
      } finally {
        await rm(partial, { force: true });
      }
    },

    async get(tenantId, key, options) {
      const path = pathOf(tenantId, key);
      const file = await open(path, "r").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT" || error.code === "ENOTDIR" || error.code === "EISDIR") return undefined;
        throw error;
      });
      if (!file) return undefined;
      try {
        // The opened file is checked, not the name: whatever is linked under the key later, this read stays on it.
        const opened = await file.stat({ bigint: true });
        if (!opened.isFile()) {
          await file.close();
          return undefined;
        }
        if (options?.ifMatch !== undefined && options.ifMatch !== etagOf(opened)) throw errors.fileReplaced();
      } catch (error) {
        await file.close();
        throw error;
      }
      return file.createReadStream({ highWaterMark: 64 * 1024 });
    },

    async delete(tenantId, key) {
      await rm(pathOf(tenantId, key), { force: true });
    },

    async uploadForm() {
      return undefined;
    },
  };
}
