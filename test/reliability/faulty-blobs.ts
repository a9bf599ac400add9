// Faults in the blob store (the BlobStore port, core/kernel/ports.ts) around a real one: a put that fails before
// storing anything, or AFTER the file was stored whole (its answer lost); a read or a delete that fails. Drawn from
// a seeded random, only while armed, within the request's budget (shared with the DynamoDB faults).
import type { BlobStore } from "#core/kernel/ports";
import type { DynamoFaults } from "./faulty-dynamo.ts";
import type { Random } from "./seeded-random.ts";

export const blobFaultKinds = ["put-before", "put-after", "get-failed", "delete-failed"] as const;
export type BlobFaultKind = (typeof blobFaultKinds)[number];

export interface BlobFaults {
  readonly injected: Record<BlobFaultKind, number>;
  readonly store: BlobStore;
}

const failure = (what: string) => Object.assign(new Error(`${what} (injected)`), { code: "ECONNRESET" });

/** `blobs` with faults, armed and budgeted by `gate` (the suite's DynamoDB faults: one switch and budget for both). */
export function faultyBlobs(blobs: BlobStore, random: Random, gate: Pick<DynamoFaults, "armed" | "budget" | "rate" | "log">): BlobFaults {
  const injected = Object.fromEntries(blobFaultKinds.map((k) => [k, 0])) as Record<BlobFaultKind, number>;
  const draw = (kinds: readonly BlobFaultKind[]): BlobFaultKind | undefined => {
    // Twice the DynamoDB calls' chance: a request makes many of those and one or two file calls.
    if (!gate.armed || gate.budget <= 0 || !random.chance(Math.min(1, gate.rate * 2))) return undefined;
    const kind = random.pick(kinds);
    gate.budget--;
    injected[kind]++;
    gate.log.push(`blob ${kind}`);
    return kind;
  };
  const store: BlobStore = {
    async put(tenantId, key, body, contentType, maxBytes) {
      const kind = draw(["put-before", "put-after"]);
      if (kind === "put-before") throw failure(`storing ${key} failed`);
      const stored = await blobs.put(tenantId, key, body, contentType, maxBytes);
      if (kind === "put-after") throw failure(`the answer to storing ${key} was lost`);
      return stored;
    },
    async get(tenantId, key, options) {
      if (draw(["get-failed"])) throw failure(`reading ${key} failed`);
      return blobs.get(tenantId, key, options);
    },
    async delete(tenantId, key) {
      if (draw(["delete-failed"])) throw failure(`deleting ${key} failed`);
      return blobs.delete(tenantId, key);
    },
    uploadForm: (...args) => blobs.uploadForm(...args),
  };
  return { injected, store };
}
