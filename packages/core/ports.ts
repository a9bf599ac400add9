// The ports the use cases need. The store implements the repositories over DynamoDB; the local runtime and
// the Lambda wiring choose the implementations. Nothing here knows about AWS or HTTP.
import type { ApiKeyRecord } from "#core/api-key";
import type { AuditEntry } from "#core/audit";
import type { Tenant } from "#core/tenant";

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new unique id, sortable by creation time. */
  next(): string;
}

export interface PageRequest {
  readonly limit: number;
  /** Opaque, signed cursor from a previous page; bound to the tenant and the query. */
  readonly cursor?: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * An idempotency key sent with a create (`Idempotency-Key`). It is stored in the same transaction as the
 * created item, with the request's fingerprint and the response, so a retry replays the first answer.
 */
export interface IdempotencyClaim {
  readonly key: string;
  readonly fingerprint: string;
}

export interface IdempotencyRecord {
  readonly key: string;
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
}

export interface IdempotencyStore {
  get(tenantId: string, key: string): Promise<IdempotencyRecord | undefined>;
}

/** What a create writes besides its item: the audit entry, and the idempotency record when a key was sent. */
export interface WriteContext {
  readonly audit: AuditEntry;
  readonly idempotency?: { readonly claim: IdempotencyClaim; readonly status: number; readonly body: unknown } | undefined;
}

export interface TenantRepository {
  /** Conflict (`tenant_exists`) when the id is taken. */
  create(tenant: Tenant, write: WriteContext): Promise<void>;
  get(id: string): Promise<Tenant | undefined>;
  list(page: PageRequest): Promise<Page<Tenant>>;
  /** Writes `next` if the stored version is still `expectedVersion`, else throws `version_mismatch`. */
  update(next: Tenant, expectedVersion: number, write: WriteContext): Promise<void>;
}

export interface ApiKeyRepository {
  create(record: ApiKeyRecord, write: WriteContext): Promise<void>;
  get(tenantId: string, keyId: string): Promise<ApiKeyRecord | undefined>;
  list(tenantId: string, page: PageRequest): Promise<Page<ApiKeyRecord>>;
  update(next: ApiKeyRecord, expectedVersion: number, write: WriteContext): Promise<void>;
  /** Records the last use; cheap and best effort (at most once a minute per key). */
  touch(tenantId: string, keyId: string, at: Date): Promise<void>;
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the current window ends. */
  readonly resetSeconds: number;
}

export interface RateLimiter {
  /** Counts one request of `subject` in the current one-minute window. */
  hit(tenantId: string, subject: string, limitPerMinute: number, now: Date): Promise<RateDecision>;
}

export interface AuditLog {
  list(tenantId: string, page: PageRequest): Promise<Page<AuditEntry>>;
}
