// The register as spreadsheet rows: the units a list filter selects, with the names of their towns and grids and
// their host's credit code (register-sheet.ts makes the row), read a page at a time so that an export of 100,000
// units holds one page in memory.
import type { RequestContext } from "#core/kernel/context";
import { allOf, pagesOf } from "#core/kernel/paging";
import { requireTenantAccess } from "#core/kernel/principal";
import type { EnterpriseFilter } from "#core/register/enterprise";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import { exportRow } from "#core/register/register-sheet";

export function enterpriseExport(deps: { readonly enterprises: EnterpriseRepository; readonly towns: TownRepository }) {
  const { enterprises, towns } = deps;
  return {
    /**
     * The units a list filter selects, as export rows (names of towns and grids, the host's credit code), read a
     * page at a time: an export of 100,000 units holds one page in memory.
     */
    async *exportRows(ctx: RequestContext, filter: EnterpriseFilter): AsyncGenerator<Record<string, string>> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      const tenantId = principal.tenantId;
      const townNames = new Map((await allOf((page) => towns.listTowns(tenantId, page))).map((t) => [t.id, t.name]));
      const gridNames = new Map((await allOf((page) => towns.listGrids(tenantId, undefined, page))).map((g) => [g.id, g.name]));
      const hostCodes = new Map<string, string>();
      for await (const summaries of pagesOf((page) => enterprises.list(tenantId, filter, page))) {
        const units = new Map(
          (
            await enterprises.getMany(
              tenantId,
              summaries.map((u) => u.id),
            )
          ).map((u) => [u.id, u]),
        );
        // Only hosts' codes are kept across pages (hosts are few); a unit's own code comes with its page.
        for (const u of units.values()) {
          const host = u.hostId ? units.get(u.hostId) : undefined;
          if (host) hostCodes.set(host.id, host.creditCode);
        }
        const missingHosts = [...units.values()].flatMap((u) => (u.hostId && !hostCodes.has(u.hostId) ? [u.hostId] : []));
        if (missingHosts.length > 0) for (const h of await enterprises.getMany(tenantId, missingHosts)) hostCodes.set(h.id, h.creditCode);
        for (const summary of summaries) {
          const unit = units.get(summary.id);
          if (!unit) continue;
          yield exportRow(unit, {
            town: (id) => townNames.get(id) ?? id,
            grid: (id) => gridNames.get(id) ?? id,
            hostCode: (id) => hostCodes.get(id) ?? "",
          });
        }
      }
    },
  };
}
