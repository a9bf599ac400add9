// The awarded-star list (星级评定名单) as the spreadsheet a portal mirrors into the provincial risk-report system:
// Chinese headers, the codes it matches on (the award's id, the unit's credit code, the star's label code), and
// the rows of GET /v1/star-awards with the same filters, read a page at a time — one Query of list entries and one
// BatchGetItem of the units per 100 awards — so an export holds one page, the towns and the schemes in memory.

import { chinaDate } from "#core/kernel/china-time";
import type { RequestContext } from "#core/kernel/context";
import { allOf, pagesOf } from "#core/kernel/paging";
import type { Clock } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import type { StarAwardRepository, StarSchemeRepository } from "#core/stars/ports";
import { type AwardState, awardStateOn } from "#core/stars/star-award";
import type { StarAwardFilter, StarAwardSummary } from "#core/stars/star-award-record";

export const awardStateNames: Record<AwardState, string> = {
  active: "有效",
  suspended: "暂停",
  expired: "已过期",
  revoked: "已撤销",
  renewed: "已由复评换发",
};

export const starAwardExportColumns = [
  { key: "awardId", header: "授星编号", width: 30 },
  { key: "unit", header: "单位名称", width: 32 },
  { key: "creditCode", header: "统一社会信用代码", width: 22 },
  { key: "town", header: "镇（街道）" },
  { key: "scheme", header: "星级方案", width: 30 },
  { key: "star", header: "星级名称" },
  { key: "labelCode", header: "标签代码" },
  { key: "state", header: "状态" },
  { key: "awardedOn", header: "授星日期" },
  { key: "validUntil", header: "有效期至" },
  { key: "plaqueNumber", header: "牌匾编号", width: 24 },
] as const;

export function starAwardExportRow(
  award: StarAwardSummary,
  names: { unit: string | undefined; creditCode: string | undefined; town: string; scheme: string },
  today: string,
): Record<string, string> {
  return {
    awardId: award.id,
    unit: names.unit ?? award.enterpriseName,
    creditCode: names.creditCode ?? "",
    town: names.town,
    scheme: names.scheme,
    star: award.starName,
    labelCode: award.labelCode,
    state: awardStateNames[awardStateOn(award, today)],
    awardedOn: award.awardedOn,
    validUntil: award.validUntil,
    plaqueNumber: award.plaqueNumber ?? "",
  };
}

export interface StarAwardExportDeps {
  readonly starAwards: StarAwardRepository;
  readonly starSchemes: StarSchemeRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly clock: Clock;
}

export function starAwardExport(deps: StarAwardExportDeps) {
  return {
    /** The awards the list filter selects, newest first, as export rows (unit name and credit code as registered now). */
    async *exportRows(ctx: RequestContext, filter: StarAwardFilter): AsyncGenerator<Record<string, string>> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      const tenantId = principal.tenantId;
      const today = chinaDate(deps.clock.now());
      const townNames = new Map((await allOf((page) => deps.towns.listTowns(tenantId, page))).map((t) => [t.id, t.name]));
      const schemeTitles = new Map<string, string>();
      const schemeTitle = async (id: string) => {
        if (!schemeTitles.has(id)) schemeTitles.set(id, (await deps.starSchemes.get(tenantId, id))?.title.zh ?? id);
        return schemeTitles.get(id) ?? id;
      };
      for await (const awards of pagesOf((page) => deps.starAwards.list(tenantId, filter, page))) {
        const units = new Map(
          (await deps.enterprises.getMany(tenantId, [...new Set(awards.map((a) => a.enterpriseId))])).map((u) => [u.id, u]),
        );
        for (const award of awards) {
          const unit = units.get(award.enterpriseId);
          yield starAwardExportRow(
            award,
            {
              unit: unit?.name,
              creditCode: unit?.creditCode,
              town: townNames.get(award.townId) ?? award.townId,
              scheme: await schemeTitle(award.schemeId),
            },
            today,
          );
        }
      }
    },
  };
}
