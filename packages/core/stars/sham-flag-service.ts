// Use cases on sham-standardization marks: an official marks a unit on the strength of a verified assessment of
// it, reads the mark, and clears it only with a newer verified assessment of the unit.
import type { AssessmentRepository } from "#core/assessments/ports";
import { auditEntry } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem } from "#core/kernel/errors";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import { personOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { EnterpriseRepository } from "#core/register/ports";
import { existingEnterprise } from "#core/register/references";
import type { ShamFlagRepository } from "#core/stars/ports";
import { ClearShamSchema, FlagShamSchema, type ShamFlag } from "#core/stars/sham-flag";

export interface ShamFlagServiceDeps {
  readonly shamFlags: ShamFlagRepository;
  readonly assessments: AssessmentRepository;
  readonly enterprises: EnterpriseRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type ShamFlagService = ReturnType<typeof createShamFlagService>;

export function createShamFlagService(deps: ShamFlagServiceDeps) {
  const { clock, ids } = deps;

  /** The verified assessment of this unit named at `assessmentId` (422 otherwise); its assessment day. */
  async function verifiedOf(tenantId: string, enterpriseId: string, assessmentId: string): Promise<string> {
    const a = await deps.assessments.get(tenantId, assessmentId);
    if (a?.target.type !== "enterprise" || a.target.id !== enterpriseId || a.status !== "verified") {
      throw errors.unprocessable([
        problem("assessmentId", "not_a_verified_assessment", "须为该单位经核实的评估", "Must be a verified assessment of this unit"),
      ]);
    }
    return a.assessedOn;
  }

  return {
    async get(ctx: RequestContext, enterpriseId: string): Promise<ShamFlag> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      await existingEnterprise(deps.enterprises, principal.tenantId, enterpriseId, { deleted: true });
      const flag = await deps.shamFlags.get(principal.tenantId, enterpriseId);
      if (!flag) throw errors.notFound("sham flag", enterpriseId);
      return flag;
    },

    async flag(ctx: RequestContext, enterpriseId: string, raw: unknown): Promise<ShamFlag> {
      const principal = requireTenantAccess(ctx.principal, "stars", "write");
      const input = parseOrThrow(FlagShamSchema, raw);
      await existingEnterprise(deps.enterprises, principal.tenantId, enterpriseId);
      await verifiedOf(principal.tenantId, enterpriseId, input.assessmentId);
      const flag: ShamFlag = {
        enterpriseId,
        reason: input.reason,
        assessmentId: input.assessmentId,
        flaggedOn: chinaDate(clock.now()),
        flaggedBy: personOf(principal),
        version: 1,
      };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "sham-flag.set",
        { type: "enterprise", id: enterpriseId },
        {
          shamFlag: { from: null, to: { reason: flag.reason, assessmentId: flag.assessmentId } },
        },
      );
      await deps.shamFlags.flag(principal.tenantId, flag, { audit });
      return flag;
    },

    async clear(ctx: RequestContext, enterpriseId: string, raw: unknown): Promise<void> {
      const principal = requireTenantAccess(ctx.principal, "stars", "write");
      const input = parseOrThrow(ClearShamSchema, raw);
      await existingEnterprise(deps.enterprises, principal.tenantId, enterpriseId);
      const flag = await deps.shamFlags.get(principal.tenantId, enterpriseId);
      if (!flag) throw errors.notFound("sham flag", enterpriseId);
      const assessedOn = await verifiedOf(principal.tenantId, enterpriseId, input.assessmentId);
      if (input.assessmentId === flag.assessmentId || assessedOn < flag.flaggedOn) {
        throw errors.unprocessable([
          problem(
            "assessmentId",
            "assessment_not_newer",
            `须为 ${flag.flaggedOn} 标记之后开展的核实评估`,
            `Must be a verified assessment made on or after the mark of ${flag.flaggedOn}`,
          ),
        ]);
      }
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "sham-flag.clear",
        { type: "enterprise", id: enterpriseId },
        {
          shamFlag: { from: { reason: flag.reason, assessmentId: flag.assessmentId }, to: null },
          clearedWith: { from: null, to: { assessmentId: input.assessmentId, note: input.note ?? null } },
        },
      );
      await deps.shamFlags.clear(principal.tenantId, flag, { audit });
    },
  };
}
