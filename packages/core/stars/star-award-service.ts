// Reading a unit's stars: the ones it holds now (active, or suspended and shown as such) and its whole star
// history. An award past its last valid day reads as expired even before the weekly refresh records it.
import { chinaDate } from "#core/kernel/china-time";
import type { RequestContext } from "#core/kernel/context";
import { errors } from "#core/kernel/errors";
import { idPattern } from "#core/kernel/ids";
import type { Clock } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";
import type { EnterpriseRepository } from "#core/register/ports";
import type { StarAwardRepository } from "#core/stars/ports";
import type { StarAward } from "#core/stars/star-award-record";

export interface StarAwardServiceDeps {
  readonly starAwards: StarAwardRepository;
  readonly enterprises: EnterpriseRepository;
  readonly clock: Clock;
}

/** The award as of `today`: a held award past its last valid day is expired. */
export function asOf(award: StarAward, today: string): StarAward {
  const held = award.state === "active" || award.state === "suspended";
  return held && today > award.validUntil ? { ...award, state: "expired", suspension: null } : award;
}

export type StarAwardService = ReturnType<typeof createStarAwardService>;

export function createStarAwardService(deps: StarAwardServiceDeps) {
  return {
    async ofEnterprise(ctx: RequestContext, enterpriseId: string): Promise<{ current: StarAward[]; history: StarAward[] }> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      const unit = idPattern.test(enterpriseId) ? await deps.enterprises.get(principal.tenantId, enterpriseId) : undefined;
      if (!unit) throw errors.notFound("enterprise", enterpriseId);
      const today = chinaDate(deps.clock.now());
      const history = (await deps.starAwards.ofEnterprise(principal.tenantId, enterpriseId)).map((a) => asOf(a, today));
      return { current: history.filter((a) => a.state === "active" || a.state === "suspended"), history };
    },
  };
}
