// What createApp needs from outside: repositories (the store's, or anything implementing core's ports),
// the clock and id generator, the token verifier, a logger, and where the docs' static assets are.

import type { TokenVerifier } from "#api/jwt-verifier";
import type { QrRenderer } from "#api/routes/placards/qr-code";
import type { AssessmentRepository, RubricRepository, TownReportTextRepository } from "#core/assessments/ports";
import type { CampaignRepository } from "#core/campaigns/ports";
import type { ChangeFeedRepository } from "#core/changes/ports";
import type { CoordinationRequestRepository, JointTacklingRepository } from "#core/escalation/ports";
import type { ExportLinks, ExportRepository } from "#core/exports/ports";
import type { HazardRepository, KeyHazardListRepository } from "#core/hazards/ports";
import type { ImportRepository } from "#core/imports/ports";
import type { AuditLog, BlobStore, Clock, IdempotencyStore, IdGenerator, RateLimiter } from "#core/kernel/ports";
import type { LeaseOptions } from "#core/kernel/rate-lease";
import type { RateLimits } from "#core/kernel/rate-limit";
import type { JobQueue } from "#core/kernel/work";
import type { PlacardRepository } from "#core/placards/ports";
import type { AccidentRepository, EnterpriseRepository, TownRepository } from "#core/register/ports";
import type { DistrictFiguresRepository, ReportLinks, ReportRepository } from "#core/reports/ports";
import type { ShamFlagRepository, StarApplicationRepository, StarAwardRepository, StarSchemeRepository } from "#core/stars/ports";
import type { BenchmarkEnterpriseRepository, SupervisionTargetRepository } from "#core/supervision/ports";
import type { ApiKeyRepository, DepartmentMemberRepository, SettingsRepository, TenantRepository } from "#core/tenancy/ports";
import type { WebhookRepository } from "#core/webhooks/ports";
import type { HostResolver, WebhookTargets } from "#core/webhooks/webhook-target";
import type { SnapshotRepository } from "#core/weekly/ports";

export interface AppLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
  appendKeys(keys: Record<string, unknown>): void;
  /** Drops the per-request keys (tenant, request id) so they never leak into the next request's lines. */
  resetKeys(): void;
}

export interface AppDeps {
  readonly tenants: TenantRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly audit: AuditLog;
  /** The change feed's records (written by every repository's transactions, read here). */
  readonly changes: ChangeFeedRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly settings: SettingsRepository;
  /** Who belongs to which of the tenant's departments, as its tenant-admin records it. */
  readonly departmentMembers: DepartmentMemberRepository;
  readonly placards: PlacardRepository;
  readonly imports: ImportRepository;
  readonly snapshots: SnapshotRepository;
  readonly rubrics: RubricRepository;
  readonly assessments: AssessmentRepository;
  /** What officials wrote for towns' standardization reports. */
  readonly townReportTexts: TownReportTextRepository;
  readonly hazards: HazardRepository;
  readonly keyHazardLists: KeyHazardListRepository;
  readonly jointTackling: JointTacklingRepository;
  readonly coordinationRequests: CoordinationRequestRepository;
  readonly accidents: AccidentRepository;
  readonly starSchemes: StarSchemeRepository;
  readonly starApplications: StarApplicationRepository;
  readonly starAwards: StarAwardRepository;
  readonly shamFlags: ShamFlagRepository;
  readonly supervisionTargets: SupervisionTargetRepository;
  readonly benchmarkEnterprises: BenchmarkEnterpriseRepository;
  /** Campaigns (专项行动): definitions, unit tallies, expert visits, draws. */
  readonly campaigns: CampaignRepository;
  readonly reports: ReportRepository;
  readonly districtFigures: DistrictFiguresRepository;
  /** Signs and checks the download links a monthly mail carries instead of too large attachments. */
  readonly reportLinks: ReportLinks;
  /** Export jobs (POST /v1/exports) and the signed links to their files. */
  readonly exports: ExportRepository;
  readonly exportLinks: ExportLinks;
  /** Rows a synchronous export (GET …/export) serves at most before answering 413 `export_too_large`. Default 20,000. */
  readonly syncExportRowsLimit?: number;
  /** Tenant files: uploaded imports, assessment evidence. */
  readonly blobs: BlobStore;
  /** Where imports are queued (SQS in AWS, in-process locally). */
  readonly queue: JobQueue;
  readonly idempotency: IdempotencyStore;
  readonly rateLimiter: RateLimiter;
  readonly tokens: TokenVerifier;
  readonly clock: Clock;
  /**
   * The wall clock the change feed's settle window and retention are measured on — the one the store positions
   * changes with (default: the system's). Tests move it to age cursors.
   */
  readonly feedClock?: Clock;
  readonly ids: IdGenerator;
  readonly logger: AppLogger;
  /** Reads a Swagger UI asset by file name (`swagger-ui-bundle.js`…); undefined when absent. */
  readonly docsAsset?: (name: string) => Promise<Uint8Array | undefined>;
  /** How long a resolved credential and its tenant's status are reused in this process. Default 5 s. */
  readonly authCacheMs?: number;
  /** Requests a minute per official (by role), per platform operator and per tenant. Default: core/rate-limit.ts. */
  readonly rateLimits?: Partial<RateLimits>;
  /** How this process takes requests ahead from the shared buckets (core/kernel/rate-lease.ts); defaults there. */
  readonly rateLease?: LeaseOptions;
  /**
   * Where placards' public pages are served (`https://anquan.example.gov.cn`): QR codes point there. Default:
   * the origin of the request that asks for the QR code.
   */
  readonly publicBaseUrl?: string;
  /** What draws placards' QR images (default: the qrcode package); the routes cache what it draws. */
  readonly qrRenderer?: QrRenderer;
  /** Largest request body accepted. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Webhook endpoints, their deliveries and the dispatch cursors. */
  readonly webhooks: WebhookRepository;
  /** Where webhooks may be registered to: public addresses only (default), or loopback too (local runs and tests). */
  readonly webhookTargets?: WebhookTargets;
  /** How webhook hosts are resolved for the SSRF check (default: node:dns). */
  readonly webhookResolver?: HostResolver;
  /** How long a rotated-out webhook secret still signs. Default 24 h. */
  readonly webhookSecretOverlapMs?: number;
}

export const silentLogger: AppLogger = { info() {}, warn() {}, error() {}, appendKeys() {}, resetKeys() {} };
