// Every key of the table is built here. A tenant's keys can only be built from a TenantScope, and every
// partition key (table and index) of tenant data starts with `T#<tenantId>`, which is what IAM's
// dynamodb:LeadingKeys condition pins in AWS. Key casing is kept exactly as given: ids are never lower-cased.
import { isDivisionCode } from "#core/division-code";

declare const scopeBrand: unique symbol;
export interface TenantScope {
  readonly tenantId: string;
  readonly prefix: string;
  readonly [scopeBrand]: true;
}

export function tenantScope(tenantId: string): TenantScope {
  if (!isDivisionCode(tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(tenantId)}`);
  return { tenantId, prefix: `T#${tenantId}` } as TenantScope;
}

export interface Key {
  readonly pk: string;
  readonly sk: string;
}

/** The platform's registry of tenants: index gsi1, one partition, sorted by tenant id. */
export const platformTenantsPartition = "PLATFORM#TENANTS";

export const keys = {
  tenant: (s: TenantScope): Key => ({ pk: s.prefix, sk: "TENANT" }),
  tenantRegistryEntry: (s: TenantScope) => ({ gsi1pk: platformTenantsPartition, gsi1sk: s.tenantId }),
  apiKey: (s: TenantScope, keyId: string): Key => ({ pk: `${s.prefix}#APIKEY`, sk: keyId }),
  apiKeys: (s: TenantScope) => `${s.prefix}#APIKEY`,
  audit: (s: TenantScope, at: string, id: string): Key => ({ pk: `${s.prefix}#AUDIT`, sk: `${at}#${id}` }),
  auditLog: (s: TenantScope) => `${s.prefix}#AUDIT`,
  idempotency: (s: TenantScope, key: string): Key => ({ pk: `${s.prefix}#IDEM`, sk: key }),
  rateWindow: (s: TenantScope, subject: string, windowStart: number): Key => ({
    pk: `${s.prefix}#RATE#${subject}`,
    sk: String(windowStart),
  }),
} as const;
