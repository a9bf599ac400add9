// What a job may use: the store's repositories, the tenant's files, time, ids and a logger. The Lambda worker
// (functions/worker.ts) and the local wiring (packages/local/local-deps.ts) each build one.
import type { BlobStore, Clock, IdGenerator } from "#core/kernel/ports";
import type { dynamoRepositories } from "#store/repositories";

export interface JobLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export type JobDeps = ReturnType<typeof dynamoRepositories> & {
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: JobLogger;
  /** Rows an import checks or applies between checkpoints (default 200): what a crash may cost to redo. */
  readonly importChunkRows?: number;
};
