// What a job may use: the store's repositories, the tenant's files, the mail transport, time, ids and a logger. The Lambda worker
// (functions/worker.ts) and the local wiring (packages/local/local-deps.ts) each build one.
import type { BlobStore, Clock, IdGenerator, Mailer } from "#core/kernel/ports";
import type { JobQueue } from "#core/kernel/work";
import type { ReportLinks } from "#core/reports/ports";
import type { WebhookTiming } from "#core/webhooks/webhook-delivery";
import type { HostResolver, WebhookTargets } from "#core/webhooks/webhook-target";
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
  /** SES in AWS global regions, an SMTP relay in AWS China, the .eml outbox locally. */
  readonly mailer: Mailer;
  /** The From address of what the platform mails (reports, notices): `Name <address>`. */
  readonly mailFrom: string;
  /** Signs the download links a monthly mail carries when its attachments are too large for the transport. */
  readonly reportLinks: ReportLinks;
  /** Where the API is reached from outside (`https://api.anquan.example.gov.cn`): the links point there. */
  readonly publicBaseUrl: string;
  /** Where a job hands on work of its own (a city's report waiting for its districts). */
  readonly queue: JobQueue;
  /** Rows an import checks or applies between checkpoints (default 200): what a crash may cost to redo. */
  readonly importChunkRows?: number;
  /** The change feed's wall clock (default: the system's); tests move it past the settle window. */
  readonly feedClock?: Clock;
  /** Where webhooks may go: public addresses only (default), or loopback too (local runs and tests). */
  readonly webhookTargets?: WebhookTargets;
  /** How webhook hosts are resolved (default: node:dns). */
  readonly webhookResolver?: HostResolver;
  /** Each try's timeout and the waits between tries (default: core/webhooks/webhook-delivery.ts). */
  readonly webhookTiming?: Partial<WebhookTiming>;
};
