// The app's dependencies on a laptop: DynamoDB Local through the same store code as AWS (a static client
// instead of per-tenant STS credentials), the dev signing key's JWKS, and the installed Swagger UI.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { AppDeps } from "#api/deps";
import { installedDocsAssets } from "#api/docs-assets";
import { jwtVerifier, localKeySet } from "#api/jwt-verifier";
import { ulidGenerator } from "#core/kernel/ids";
import type { BlobStore, Clock, IdGenerator, Mailer } from "#core/kernel/ports";
import { systemClock } from "#core/kernel/system-clock";
import type { WebhookTiming } from "#core/webhooks/webhook-delivery";
import type { HostResolver, WebhookTargets } from "#core/webhooks/webhook-target";
import { createJobRunner, type JobDeps, type JobRunner } from "#jobs/runner";
import { type DevKeys, localAudience, localIssuer, localOperatorAudience, localOperatorIssuer } from "#local/dev-keys";
import { type InProcessQueue, inProcessQueue } from "#local/in-process-queue";
import { type ClientProvider, localClient, staticClientProvider } from "#store/dynamo/client-provider";
import { hmacCursorCodec } from "#store/dynamo/cursor";
import { hmacExportLinks } from "#store/exports/export-links";
import { fileBlobStore } from "#store/kernel/file-blob-store";
import { outboxMailer } from "#store/kernel/outbox-mailer";
import { hmacReportLinks } from "#store/reports/report-links";
import { dynamoRepositories } from "#store/repositories";

export interface LocalDepsOptions {
  readonly endpoint: string;
  readonly tableName: string;
  readonly keys: DevKeys;
  /** Sessions per tenant; default: one static client for all (the tests pass one that enforces IAM's key patterns). */
  readonly clients?: ClientProvider;
  readonly clock?: Clock;
  /** Where new ids come from. Default: ULIDs on `clock` (the injected-faults suite replays requests with the same ids). */
  readonly ids?: IdGenerator;
  /** The clock tokens are verified on. Default: `clock`. */
  readonly tokenClock?: Clock;
  readonly logger?: AppDeps["logger"];
  readonly authCacheMs?: number;
  readonly rateLimits?: AppDeps["rateLimits"];
  /** A ready client (benchmarks pass one instrumented to count consumed capacity). */
  readonly client?: DynamoDBClient;
  /** Where tenant files (imports, evidence) are kept. Default: a new temporary folder. */
  readonly blobDir?: string;
  /** Another blob store instead of the folder (tests run the S3 store against an S3-compatible server). */
  readonly blobs?: BlobStore;
  /** Import rows between checkpoints (tests use small chunks to exercise resuming on small files). */
  readonly importChunkRows?: number;
  /** Where mail is written as .eml files (`npm start`: <DATA_DIR>/outbox). Default: a new temporary folder. */
  readonly outboxDir?: string;
  /** Another transport than the outbox (tests send through a real SMTP server on loopback). */
  readonly mailer?: Mailer;
  /** Where the API is reached, for the links a job mails. Default: PUBLIC_BASE_URL, else http://localhost:3000. */
  readonly publicBaseUrl?: string;
  /** The change feed's wall clock, for the API and the webhook dispatcher (tests move it past the settle window). */
  readonly feedClock?: Clock;
  /** Where webhooks may go. Default here: loopback too (a developer receives on 127.0.0.1); AWS allows public only. */
  readonly webhookTargets?: WebhookTargets;
  readonly webhookResolver?: HostResolver;
  readonly webhookTiming?: Partial<WebhookTiming>;
  readonly webhookSecretOverlapMs?: number;
}

/** The sender of what the platform mails locally. */
export const localMailFrom = "安全生产监管平台 <reports@anquan.localhost>";

export type LocalDeps = AppDeps & {
  readonly queue: InProcessQueue;
  readonly jobs: JobRunner;
  /** What the job runner was built over: tests build runners of their own on it, with a repository wrapped. */
  readonly jobDeps: JobDeps;
  readonly mailer: Mailer;
  /** The outbox folder, when mail goes there. */
  readonly outboxDir: string | undefined;
};

export function localDeps(options: LocalDepsOptions): LocalDeps {
  const clock = options.clock ?? systemClock;
  const client = options.client ?? localClient(options.endpoint);
  const logger = options.logger ?? new Logger({ serviceName: "anquan-local", logLevel: (process.env.LOG_LEVEL ?? "WARN") as "WARN" });
  const repositories = dynamoRepositories({
    clients: options.clients ?? staticClientProvider(client),
    tableName: options.tableName,
    cursors: hmacCursorCodec(async () => options.keys.cursorSecret),
  });
  const reportLinks = hmacReportLinks(async () => options.keys.cursorSecret);
  const publicBaseUrl = options.publicBaseUrl ?? process.env.PUBLIC_BASE_URL ?? "http://localhost:3000";
  const blobs = options.blobs ?? fileBlobStore(options.blobDir ?? mkdtempSync(join(tmpdir(), "anquan-blobs-")));
  const ids = options.ids ?? ulidGenerator(clock);
  const outboxDir = options.mailer ? undefined : (options.outboxDir ?? mkdtempSync(join(tmpdir(), "anquan-outbox-")));
  const mailer = options.mailer ?? outboxMailer(outboxDir as string, clock);
  const webhookTargets = options.webhookTargets ?? "loopback-too";
  const webhooks = {
    webhookTargets,
    ...(options.webhookResolver ? { webhookResolver: options.webhookResolver } : {}),
    ...(options.feedClock ? { feedClock: options.feedClock } : {}),
  };
  const queue = inProcessQueue(
    () => jobs,
    (message, extra) => logger.error(message, extra),
  );
  const jobDeps: JobDeps = {
    ...repositories,
    blobs,
    queue,
    mailer,
    mailFrom: localMailFrom,
    reportLinks,
    publicBaseUrl,
    clock,
    ids,
    logger,
    ...(options.importChunkRows !== undefined ? { importChunkRows: options.importChunkRows } : {}),
    ...webhooks,
    ...(options.webhookTiming ? { webhookTiming: options.webhookTiming } : {}),
  };
  const jobs = createJobRunner(jobDeps);
  return {
    ...repositories,
    blobs,
    reportLinks,
    exportLinks: hmacExportLinks(async () => options.keys.cursorSecret),
    queue,
    jobs,
    jobDeps,
    mailer,
    outboxDir,
    // Officials and platform operators are signed with the same dev key but trusted apart, by issuer and audience.
    tokens: jwtVerifier({
      officials: { issuer: localIssuer, audience: localAudience, keys: localKeySet(options.keys.jwks) },
      operators: { issuer: localOperatorIssuer, audience: localOperatorAudience, keys: localKeySet(options.keys.jwks) },
      clock: options.tokenClock ?? clock,
    }),
    clock,
    ids,
    logger,
    docsAsset: installedDocsAssets(),
    ...(options.authCacheMs !== undefined ? { authCacheMs: options.authCacheMs } : {}),
    ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
    ...webhooks,
    ...(options.webhookSecretOverlapMs !== undefined ? { webhookSecretOverlapMs: options.webhookSecretOverlapMs } : {}),
  };
}
