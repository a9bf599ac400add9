// Use cases on a tenant's own settings: everyone in the tenant reads them; the tenant-admin changes them.
import { auditEntry, diff } from "#core/audit";
import { auditSource, type RequestContext } from "#core/context";
import { requireVersion } from "#core/errors";
import type { Clock, IdGenerator, SettingsRepository } from "#core/ports";
import { requireTenantAccess } from "#core/principal";
import { type Settings, UpdateSettingsSchema } from "#core/settings";
import { parseOrThrow } from "#core/validation";

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
      await settings.save(principal.tenantId, next, current.version, { audit });
      return next;
    },
  };
}
