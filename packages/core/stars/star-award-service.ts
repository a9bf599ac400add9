// Reading a unit's stars: the ones it holds now (active, or suspended and shown as such) and its whole star
// history; the award list and its export (star-award-export.ts); an official's revoke and reinstate. An award past
// its last valid day reads as expired even before the weekly refresh records it.

import { auditEntry } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem, requireVersion } from "#core/kernel/errors";
import { idPattern } from "#core/kernel/ids";
import type { Clock, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { personOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import { existingEnterprise } from "#core/register/references";
import type { StarAwardRepository, StarSchemeRepository } from "#core/stars/ports";
import { starAwardExport } from "#core/stars/star-award-export";
import {
  asOf,
  heldAsOf,
  ReinstateAwardSchema,
  RevokeAwardSchema,
  type StarAward,
  type StarAwardFilter,
  type StarAwardSummary,
} from "#core/stars/star-award-record";
import { type EvidenceReaderDeps, evidenceReader } from "#core/stars/star-evidence-reader";
import { rederived } from "#core/stars/star-upkeep";

export interface StarAwardServiceDeps extends EvidenceReaderDeps {
  readonly starAwards: StarAwardRepository;
  readonly starSchemes: StarSchemeRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type StarAwardService = ReturnType<typeof createStarAwardService>;

export function createStarAwardService(deps: StarAwardServiceDeps) {
  const { clock, ids } = deps;
  const evidence = evidenceReader(deps);

  /** A held award of the tenant, as of today, for an official with stars:write. */
  async function heldAward(ctx: RequestContext, id: string, expectedVersion: number | undefined) {
    const principal = requireTenantAccess(ctx.principal, "stars", "write");
    const stored = idPattern.test(id) ? await deps.starAwards.get(principal.tenantId, id) : undefined;
    if (!stored) throw errors.notFound("star award", id);
    requireVersion("star award", id, expectedVersion, stored.version);
    const award = asOf(stored, chinaDate(clock.now()));
    if (award.state !== "active" && award.state !== "suspended") {
      throw errors.conflict(
        "award_not_held",
        {
          zh: `该星已${{ revoked: "撤销", expired: "过期", renewed: "由复评授予的新星取代" }[award.state]}`,
          en: `The star is ${award.state}`,
        },
        { state: award.state },
      );
    }
    return { principal, stored, award };
  }

  return {
    ...starAwardExport(deps),

    async list(ctx: RequestContext, filter: StarAwardFilter, page: PageRequest): Promise<Page<StarAwardSummary>> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      return deps.starAwards.list(principal.tenantId, filter, page);
    },

    /** Revokes a held star (撤销), with the reason (422 reason_required without one). */
    async revoke(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<StarAward> {
      const { reason } = parseOrThrow(RevokeAwardSchema, raw);
      if (!reason) throw errors.unprocessable([problem("reason", "reason_required", "撤销须说明理由", "Say why the star is revoked")]);
      const { principal, stored, award } = await heldAward(ctx, id, expectedVersion);
      const at = clock.now().toISOString();
      const by = personOf(principal);
      const after: StarAward = {
        ...award,
        state: "revoked",
        suspension: null,
        nextCheckOn: null,
        revoked: { at, by, reason },
        history: [...award.history, { at, by, action: "revoke", from: award.state, to: "revoked", note: reason }],
        updatedAt: at,
        version: stored.version + 1,
      };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "star-award.revoke",
        { type: "star-award", id },
        {
          state: { from: award.state, to: "revoked" },
          reason: { from: null, to: reason },
        },
      );
      await deps.starAwards.save(principal.tenantId, { before: stored, after }, { audit });
      return after;
    },

    /**
     * Reinstates a suspended star over the firings the official has seen (恢复); a firing that comes later
     * suspends it again. The star is re-derived from today's evidence.
     */
    async reinstate(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<StarAward> {
      const { note } = parseOrThrow(ReinstateAwardSchema, raw ?? {});
      const { principal, stored, award } = await heldAward(ctx, id, expectedVersion);
      if (award.state !== "suspended") {
        throw errors.conflict("award_not_suspended", { zh: "该星未被暂停", en: "The star is not suspended" }, { state: award.state });
      }
      const version = await deps.starSchemes.version(principal.tenantId, award.scheme.id, award.scheme.version);
      const unit = await deps.enterprises.get(principal.tenantId, award.enterpriseId);
      if (!version || !unit) throw new Error(`star award ${id} lacks its scheme version or unit`);
      const now = clock.now();
      const at = now.toISOString();
      const by = personOf(principal);
      const seen = (award.suspension?.fired ?? []).map((f) => f.key);
      const reinstated: StarAward = {
        ...award,
        state: "active",
        suspension: null,
        reinstatedOver: [...award.reinstatedOver, ...seen],
        history: [...award.history, { at, by, action: "reinstate", from: "suspended", to: "active", note: note ?? null }],
        updatedAt: at,
        version: stored.version + 1,
      };
      const today = await evidence.read(principal.tenantId, unit, version.definition, chinaDate(now));
      const after = { ...rederived(reinstated, version, today, at, by), version: stored.version + 1 };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "star-award.reinstate",
        { type: "star-award", id },
        {
          state: { from: "suspended", to: after.state },
          reinstatedOver: { from: award.reinstatedOver, to: after.reinstatedOver },
        },
      );
      await deps.starAwards.save(principal.tenantId, { before: stored, after }, { audit });
      return after;
    },

    async ofEnterprise(ctx: RequestContext, enterpriseId: string): Promise<{ current: StarAward[]; history: StarAward[] }> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      await existingEnterprise(deps.enterprises, principal.tenantId, enterpriseId, { deleted: true });
      const today = chinaDate(deps.clock.now());
      const awards = await deps.starAwards.ofEnterprise(principal.tenantId, enterpriseId);
      return { current: heldAsOf(awards, today), history: awards.map((a) => asOf(a, today)) };
    },
  };
}
