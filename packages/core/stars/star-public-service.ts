// What the public sees of a tenant's stars, without a credential: the stars a unit holds now, on its placard's page
// (the placards domain's HeldStars port), and a scheme's public roll (公开公示), the units holding a current star
// of it. Only current stars show — active, or suspended and marked so, none past its last valid day (Asia/Shanghai)
// even before the weekly refresh records the expiry — and a suspension's reasons stay private.
import { chinaDate } from "#core/kernel/china-time";
import { idPattern } from "#core/kernel/ids";
import type { Clock } from "#core/kernel/ports";
import type { HeldStars, PublicStar } from "#core/placards/ports";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import type { StarAwardRepository, StarSchemeRepository } from "#core/stars/ports";
import type { StarAwardSummary } from "#core/stars/star-award-record";
import { heldAsOf } from "#core/stars/star-award-record";
import type { SettingsRepository, TenantRepository } from "#core/tenancy/ports";
import { publicTenants } from "#core/tenancy/public-tenant";

export interface StarPublicServiceDeps {
  readonly starAwards: StarAwardRepository;
  readonly starSchemes: StarSchemeRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly tenants: TenantRepository;
  readonly settings: SettingsRepository;
  readonly clock: Clock;
}

export type RollStar = Omit<PublicStar, "schemeId" | "schemeTitle">;

/** A unit on the roll, with the stars of the scheme it was awarded together (one review). */
export interface StarRollEntry {
  readonly unitName: string;
  readonly townName: string | null;
  readonly stars: readonly RollStar[];
}

export interface StarRoll {
  readonly tenantName: string;
  readonly schemeId: string;
  /** The title of the scheme's latest published version. */
  readonly schemeTitle: string;
  /** Newest award first. */
  readonly entries: readonly StarRollEntry[];
  /** Opaque: the next page's `page` parameter; null on the last page. */
  readonly nextCursor: string | null;
}

/** Awards read per roll page (a page shows fewer units: a unit's stars of one review share its entry). */
export const starRollPageSize = 50;

function rollStar(a: Pick<StarAwardSummary, "starName" | "awardedOn" | "validUntil" | "plaqueNumber" | "state">): RollStar {
  return {
    starName: a.starName,
    awardedOn: a.awardedOn,
    validUntil: a.validUntil,
    plaqueNumber: a.plaqueNumber,
    suspended: a.state === "suspended",
  };
}

const byLabelCode = (a: { labelCode: string }, b: { labelCode: string }) =>
  a.labelCode < b.labelCode ? -1 : a.labelCode > b.labelCode ? 1 : 0;

export type StarPublicService = ReturnType<typeof createStarPublicService>;

export function createStarPublicService(deps: StarPublicServiceDeps) {
  const publicTenant = publicTenants(deps);
  const today = () => chinaDate(deps.clock.now());

  const heldStars: HeldStars = {
    /** By scheme (title), then label code. Called for a tenant the placard page already found active. */
    async of(tenantId, enterpriseId) {
      const held = heldAsOf(await deps.starAwards.ofEnterprise(tenantId, enterpriseId), today());
      return held
        .sort(
          (a, b) => a.scheme.title.localeCompare(b.scheme.title, "zh-CN") || a.scheme.id.localeCompare(b.scheme.id) || byLabelCode(a, b),
        )
        .map((a) => ({
          schemeId: a.scheme.id,
          schemeTitle: a.scheme.title,
          ...rollStar({ ...a, plaqueNumber: a.plaque?.number ?? null }),
        }));
    },
  };

  return {
    ...heldStars,

    /**
     * A page of the roll of a published scheme of an active tenant; undefined when there is none to show (an
     * unknown, unpublished or deleted scheme, another tenant's, or a suspended tenant). A deleted unit is left
     * out; a unit's name and town are as they are now. 400 `invalid_cursor` for a cursor not made for this roll.
     */
    async roll(tenantId: string, schemeId: string, cursor: string | undefined): Promise<StarRoll | undefined> {
      if (!idPattern.test(schemeId)) return undefined;
      const tenant = await publicTenant(tenantId);
      if (!tenant) return undefined;
      const scheme = await deps.starSchemes.get(tenantId, schemeId);
      const published = scheme?.publishedVersion ? await deps.starSchemes.version(tenantId, schemeId, scheme.publishedVersion) : undefined;
      if (!published) return undefined;
      const page = await deps.starAwards.heldOfScheme(tenantId, schemeId, today(), { limit: starRollPageSize, cursor });
      const ids = [...new Set(page.items.map((a) => a.enterpriseId))];
      const units = new Map((await deps.enterprises.getMany(tenantId, ids)).filter((u) => u.deletedAt === null).map((u) => [u.id, u]));
      const townIds = [...new Set([...units.values()].map((u) => u.townId))];
      const towns = new Map(
        (await Promise.all(townIds.map((id) => deps.towns.getTown(tenantId, id)))).flatMap((t) => (t ? [[t.id, t.name] as const] : [])),
      );
      // The page's awards in runs of one unit (the stars of one review are consecutive, newest award first).
      const runs: { enterpriseId: string; awards: StarAwardSummary[] }[] = [];
      for (const award of page.items) {
        const run = runs.at(-1);
        if (run?.enterpriseId === award.enterpriseId) run.awards.push(award);
        else runs.push({ enterpriseId: award.enterpriseId, awards: [award] });
      }
      const entries = runs.flatMap(({ enterpriseId, awards }) => {
        const unit = units.get(enterpriseId);
        if (!unit) return [];
        return [{ unitName: unit.name, townName: towns.get(unit.townId) ?? null, stars: awards.sort(byLabelCode).map(rollStar) }];
      });
      return { tenantName: tenant.name, schemeId, schemeTitle: published.definition.title.zh, entries, nextCursor: page.nextCursor };
    },
  };
}
