// The tenant behind a public page (no credential: a placard's page, a star roll). Anyone may ask for any URL, so
// the platform registry is read first: an unknown or suspended tenant costs no tenant session (STS AssumeRole in
// AWS) and serves no page. Registry answers (found or not) are kept a minute, in a bounded map: public traffic
// cannot grow it without end, and a flood of unknown tenant ids evicts the least recently used answers instead of
// all of them.
import { LruMap } from "#core/kernel/lru-map";
import type { Clock } from "#core/kernel/ports";
import type { SettingsRepository, TenantRepository } from "#core/tenancy/ports";
import type { Settings } from "#core/tenancy/settings";
import type { Tenant } from "#core/tenancy/tenant";

export interface PublicTenant {
  readonly tenant: Tenant;
  readonly settings: Settings;
  /** The name public pages show: the tenant's publicName setting, else its name. */
  readonly name: string;
}

/** Looks up the active tenant a public page of `tenantId` belongs to; undefined for an unknown or suspended one. */
export function publicTenants(deps: {
  readonly tenants: TenantRepository;
  readonly settings: SettingsRepository;
  readonly clock: Clock;
}): (tenantId: string) => Promise<PublicTenant | undefined> {
  const registry = new LruMap<string, { tenant: Tenant | undefined; until: number }>(1000);
  async function activeTenant(tenantId: string): Promise<Tenant | undefined> {
    const now = deps.clock.now().getTime();
    const cached = registry.get(tenantId);
    if (cached && cached.until > now) return cached.tenant;
    const found = await deps.tenants.registered(tenantId);
    const tenant = found?.status === "active" ? found : undefined;
    registry.set(tenantId, { tenant, until: now + 60_000 });
    return tenant;
  }
  return async (tenantId) => {
    const tenant = await activeTenant(tenantId);
    if (!tenant) return undefined;
    const settings = await deps.settings.get(tenantId);
    return { tenant, settings, name: settings.publicName ?? tenant.name };
  };
}
