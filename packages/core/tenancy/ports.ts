// The ports of the tenancy domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/tenancy/. Nothing here knows about AWS or HTTP.

import type { Change, Page, PageRequest, WriteContext } from "#core/kernel/ports";
import type { ApiKeyRecord } from "#core/tenancy/api-key";
import type { DepartmentMember } from "#core/tenancy/department-member";
import type { Settings } from "#core/tenancy/settings";
import type { Tenant } from "#core/tenancy/tenant";

export interface TenantRepository {
  /** Creates (conflict `tenant_exists` when the id is taken) or replaces at before.version; registers it too. */
  save(tenantId: string, change: Change<Tenant>, write: WriteContext): Promise<void>;
  get(id: string): Promise<Tenant | undefined>;
  /** The tenant as the platform registry knows it (its own entry, read consistently), without a tenant session. */
  registered(id: string): Promise<Tenant | undefined>;
  list(page: PageRequest): Promise<Page<Tenant>>;
  /** The tenants whose parent is `cityId`: read from the registry by the division code's prefix, not all of it. */
  childrenOf(cityId: string, page: PageRequest): Promise<Page<Tenant>>;
}

export interface ApiKeyRepository {
  save(tenantId: string, change: Change<ApiKeyRecord>, write: WriteContext): Promise<void>;
  get(tenantId: string, keyId: string): Promise<ApiKeyRecord | undefined>;
  list(tenantId: string, page: PageRequest): Promise<Page<ApiKeyRecord>>;
  /** Records the last use; cheap and best effort (at most once a minute per key). */
  touch(tenantId: string, keyId: string, at: Date): Promise<void>;
}

export interface SettingsRepository {
  get(tenantId: string): Promise<Settings>;
  /** `before` undefined: the settings were never saved (version 0, the defaults). */
  save(tenantId: string, change: Change<Settings>, write: WriteContext): Promise<void>;
}

/** Memberships of a tenant's departments, one partition per department, by subject. */
export interface DepartmentMemberRepository {
  get(tenantId: string, department: string, subject: string): Promise<DepartmentMember | undefined>;
  /** Creates (conflict `member_exists` if there already) or replaces at before.version. */
  save(tenantId: string, change: Change<DepartmentMember>, write: WriteContext): Promise<void>;
  /** Deletes the membership if still at `member.version` (else 412). */
  remove(tenantId: string, member: DepartmentMember, write: WriteContext): Promise<void>;
  /** A department's members, by subject. */
  list(tenantId: string, department: string, page: PageRequest): Promise<Page<DepartmentMember>>;
}
