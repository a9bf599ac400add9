// The ports of the tenancy domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/tenancy/. Nothing here knows about AWS or HTTP.

import type { Page, PageRequest, WriteContext } from "#core/kernel/ports";
import type { ApiKeyRecord } from "#core/tenancy/api-key";
import type { Settings } from "#core/tenancy/settings";
import type { Tenant } from "#core/tenancy/tenant";

export interface TenantRepository {
  /** Conflict (`tenant_exists`) when the id is taken. */
  create(tenant: Tenant, write: WriteContext): Promise<void>;
  get(id: string): Promise<Tenant | undefined>;
  /** The tenant as the platform registry knows it (its own entry, read consistently), without a tenant session. */
  registered(id: string): Promise<Tenant | undefined>;
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

export interface SettingsRepository {
  get(tenantId: string): Promise<Settings>;
  /** Saves if the stored version is still `expectedVersion` (0: never saved). */
  save(tenantId: string, next: Settings, expectedVersion: number, write: WriteContext): Promise<void>;
}
