// Use cases on a unit's accident records: an official records one (never changed afterwards; a correction is a
// new record with its source), and anyone who reads the register reads them.
import { auditEntry } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import { personOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import { type Accident, RecordAccidentSchema } from "#core/register/accident";
import type { AccidentRepository, EnterpriseRepository } from "#core/register/ports";
import { existingEnterprise, notAfterToday } from "#core/register/references";

export interface AccidentServiceDeps {
  readonly accidents: AccidentRepository;
  readonly enterprises: EnterpriseRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type AccidentService = ReturnType<typeof createAccidentService>;

export function createAccidentService(deps: AccidentServiceDeps) {
  const { clock, ids } = deps;

  return {
    async record(ctx: RequestContext, enterpriseId: string, raw: unknown): Promise<Accident> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const input = parseOrThrow(RecordAccidentSchema, raw);
      notAfterToday("occurredOn", input.occurredOn, chinaDate(clock.now()));
      await existingEnterprise(deps.enterprises, principal.tenantId, enterpriseId);
      const accident: Accident = {
        id: ids.next(),
        enterpriseId,
        occurredOn: input.occurredOn,
        deaths: input.deaths,
        injuries: input.injuries,
        source: input.source,
        description: input.description ?? null,
        recordedBy: personOf(principal),
        recordedAt: clock.now().toISOString(),
      };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "accident.record",
        { type: "accident", id: accident.id },
        {
          enterpriseId: { from: null, to: enterpriseId },
          deaths: { from: null, to: accident.deaths },
          injuries: { from: null, to: accident.injuries },
        },
      );
      await deps.accidents.record(principal.tenantId, accident, { audit });
      return accident;
    },

    async ofEnterprise(ctx: RequestContext, enterpriseId: string): Promise<Accident[]> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      await existingEnterprise(deps.enterprises, principal.tenantId, enterpriseId, { deleted: true });
      return deps.accidents.ofEnterprise(principal.tenantId, enterpriseId);
    },
  };
}
