// Use cases on a tenant's own settings: everyone in the tenant reads them; the tenant-admin changes them.
import { auditEntry, diff } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { requireVersion } from "#core/kernel/errors";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { SettingsRepository } from "#core/tenancy/ports";
import { type Settings, UpdateSettingsSchema } from "#core/tenancy/settings";

export type SettingsService = ReturnType<typeof createSettingsService>;

export function createSettingsService(deps: { settings: SettingsRepository; clock: Clock; ids: IdGenerator }) {
  const { settings, clock, ids } = deps;
  return {
    async get(ctx: RequestContext): Promise<Settings> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "read");
      return settings.get(principal.tenantId);
    },
    async update(ctx: RequestContext, raw: unknown, expectedVersion?: number): Promise<Settings> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "write");
      const patch = parseOrThrow(UpdateSettingsSchema, raw);
      const current = await settings.get(principal.tenantId);
      requireVersion("settings", principal.tenantId, expectedVersion, current.version);
      const next: Settings = { ...current, ...patch, updatedAt: clock.now().toISOString(), version: current.version + 1 };
      const changes = diff(current, next);
      if (Object.keys(changes).length === 0) return current;
      const audit = auditEntry(auditSource(ctx, clock, ids), "settings.update", { type: "settings", id: principal.tenantId }, changes);
      await settings.save(principal.tenantId, { before: current.version === 0 ? undefined : current, after: next }, { audit });
      return next;
    },
  };
}
