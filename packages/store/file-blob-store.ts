// Tenant files on the local disk (development and tests): `<root>/tenants/<tenantId>/<key>`, written to a
// temporary name and renamed, so a crash never leaves half a file under the real name. No direct-upload URLs:
// files come through the API (PUT /v1/imports/{id}/file).
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BlobStore } from "#core/ports";
import { tenantScope } from "#store/keys";

const safeKey = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

export function fileBlobStore(root: string): BlobStore {
  function pathOf(tenantId: string, key: string): string {
    tenantScope(tenantId); // validates the tenant id
    if (!safeKey.test(key) || key.split("/").some((part) => part === "." || part === "..")) throw new Error(`unsafe blob key: ${key}`);
    return join(root, "tenants", tenantId, key);
  }

  return {
    async put(tenantId, key, body) {
      const path = pathOf(tenantId, key);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.partial`;
      let bytes = 0;
      const counted = async function* () {
        for await (const chunk of body instanceof Uint8Array ? [body] : body) {
          bytes += chunk.length;
          yield chunk;
        }
      };
      try {
        await pipeline(Readable.from(counted()), createWriteStream(partial));
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      return { bytes };
    },

    async get(tenantId, key) {
      const path = pathOf(tenantId, key);
      const size = await stat(path).catch(() => undefined);
      return size?.isFile() ? createReadStream(path, { highWaterMark: 64 * 1024 }) : undefined;
    },

    async size(tenantId, key) {
      const found = await stat(pathOf(tenantId, key)).catch(() => undefined);
      return found?.isFile() ? found.size : undefined;
    },

    async uploadUrl() {
      return undefined;
    },
  };
}
