// A test's own Anquan: a fresh table on the run's DynamoDB Local, the real store and app, dev keys in a
// temp folder, seeded tenants, and helpers that speak HTTP to the app through its fetch interface.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import { createApp } from "#api/app";
import { silentLogger } from "#api/deps";
import type { BlobStore, Clock, Mailer } from "#core/kernel/ports";
import type { Role } from "#core/kernel/principal";
import type { RateLimits } from "#core/kernel/rate-limit";
import { systemClock } from "#core/kernel/system-clock";
import type { WebhookTiming } from "#core/webhooks/webhook-delivery";
import type { HostResolver, WebhookTargets } from "#core/webhooks/webhook-target";
import { ensureTable, seedDemoTenants } from "#local/bootstrap";
import { type DevKeys, loadDevKeys, mintDevToken } from "#local/dev-keys";
import { type LocalDeps, localDeps } from "#local/local-deps";
import { localClient } from "#store/dynamo/client-provider";
import { leadingKeysGuard } from "#test/support/leading-keys-guard";

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  apiKey?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date("2026-11-25T02:00:00Z")): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

/**
 * Throttles out of reach, so that tests on the wall clock never meet one whatever their pace (the limiter still
 * runs on every request, under the IAM guard). Throttling tests pass `rateLimits` and move a manual clock.
 */
const unreachableRateLimits: RateLimits = {
  perRole: { "tenant-admin": 10_000_000, inspector: 10_000_000, viewer: 10_000_000 },
  platformOperator: 10_000_000,
  perTenant: 10_000_000,
};

export interface HarnessOptions {
  /** The app's clock. */
  clock?: Clock;
  /**
   * The clock tokens are minted and verified on. Default: the wall clock, so a test may move `clock` days ahead
   * and keep its tokens; token-time tests pin both.
   */
  tokenClock?: Clock;
  authCacheMs?: number;
  importChunkRows?: number;
  rateLimits?: RateLimits;
  /** The dev signing keys; default: new ones. */
  keys?: DevKeys;
  /** Another blob store than a temporary folder (the S3 store against an S3-compatible server). */
  blobs?: BlobStore;
  /** The change feed's wall clock (default: the system's); a test moves it to age cursors or skip the settle window. */
  feedClock?: Clock;
  /** Another mail transport than a temporary outbox (a real SMTP server on loopback, test/support/smtp-sink.ts). */
  mailer?: Mailer;
  /** Where webhooks may go (default here as locally: loopback too), how hosts resolve, and the tries' timing. */
  webhookTargets?: WebhookTargets;
  webhookResolver?: HostResolver;
  webhookTiming?: Partial<WebhookTiming>;
  webhookSecretOverlapMs?: number;
  /**
   * Replaces some of the app's dependencies, given the real ones: a test wraps a repository to stop a use case
   * between two of its steps and act in between (test/integration/register-delete-races.test.ts).
   */
  override?: (deps: LocalDeps) => Partial<LocalDeps>;
  /**
   * Given each DynamoDB session client the app runs on, once made: a test adds middleware to the real client there
   * (faults: test/reliability/faulty-dynamo.ts). `h.client` stays clean.
   */
  sessionClients?: (client: DynamoDBClient, session: string) => void;
}

export async function createHarness(options: HarnessOptions = {}) {
  const endpoint = inject("dynamoEndpoint");
  const tableName = `test-${randomUUID()}`;
  const admin = localClient(endpoint);
  await ensureTable(admin, tableName);
  const keys = options.keys ?? (await loadDevKeys(mkdtempSync(join(tmpdir(), "anquan-keys-"))));
  const tokenClock = options.tokenClock ?? systemClock;
  // Every request runs on a session confined as IAM confines it in AWS (test/support/leading-keys-guard.ts).
  const sessions = leadingKeysGuard(endpoint, options.sessionClients);
  const real = localDeps({
    endpoint,
    tableName,
    keys,
    clients: sessions,
    logger: process.env.TEST_LOG ? { ...silentLogger, warn: console.warn, error: console.error } : silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
    tokenClock,
    rateLimits: options.rateLimits ?? unreachableRateLimits,
    ...(options.authCacheMs !== undefined ? { authCacheMs: options.authCacheMs } : {}),
    ...(options.importChunkRows !== undefined ? { importChunkRows: options.importChunkRows } : {}),
    ...(options.blobs ? { blobs: options.blobs } : {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.feedClock ? { feedClock: options.feedClock } : {}),
    ...(options.webhookTargets ? { webhookTargets: options.webhookTargets } : {}),
    ...(options.webhookResolver ? { webhookResolver: options.webhookResolver } : {}),
    ...(options.webhookTiming ? { webhookTiming: options.webhookTiming } : {}),
    ...(options.webhookSecretOverlapMs !== undefined ? { webhookSecretOverlapMs: options.webhookSecretOverlapMs } : {}),
  });
  await seedDemoTenants(real);
  const deps: LocalDeps = options.override ? { ...real, ...options.override(real) } : real;
  const app = createApp(options.feedClock ? { ...deps, feedClock: options.feedClock } : deps);

  async function request<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.apiKey) headers["x-api-key"] = opts.apiKey;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (HTML, JS): keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  /** An official's token (a platform operator's without a tenant); `departments` fills the departments claim. */
  const token = (role: Role, tenantId?: string, subject?: string, departments?: readonly string[]) =>
    mintDevToken(keys, { role, tenantId, subject, departments, now: tokenClock.now() });

  return {
    app,
    deps,
    keys,
    tableName,
    client: admin,
    /** The sessions the app runs on; `denials` lists what the IAM key patterns refused (each failed its request). */
    sessions,
    request,
    token,
    platformToken: () => token("platform-admin"),
    /** Creates tenant `id` as the platform operator (a city unless the code says district). */
    async addTenant(id: string, name: string, parentId: string | null = null) {
      const res = await request("POST", "/v1/tenants", {
        token: await token("platform-admin"),
        body: { id, name, level: id.endsWith("00") ? "city" : "district", parentId },
      });
      if (res.status !== 201) throw new Error(`addTenant ${id}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    /** Issues an API key in `tenantId` as its tenant-admin; returns the created key with its token. */
    async addApiKey(tenantId: string, scopes: string[], extra: Record<string, unknown> = {}) {
      const res = await request("POST", "/v1/api-keys", {
        token: await token("tenant-admin", tenantId),
        body: { name: `portal-${randomUUID().slice(0, 8)}`, scopes, ...extra },
      });
      if (res.status !== 201) throw new Error(`addApiKey: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; token: string; version: number };
    },
  };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;
