// The hazard list as spreadsheet rows: the hazards a list filter selects, each read in full with its town's name,
// a page at a time (one Query and one BatchGetItem per 100 hazards). Apart from the hazard service, so that
// whoever only exports (the export jobs) needs the hazards and towns, not the service's other collaborators.
import type { HazardFilter } from "#core/hazards/hazard";
import { hazardExportRow } from "#core/hazards/hazard-export";
import type { HazardRepository } from "#core/hazards/ports";
import { chinaDate } from "#core/kernel/china-time";
import type { RequestContext } from "#core/kernel/context";
import { allOf, pagesOf } from "#core/kernel/paging";
import type { Clock } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";
import type { TownRepository } from "#core/register/ports";

export function hazardExport(deps: { readonly hazards: HazardRepository; readonly towns: TownRepository; readonly clock: Clock }) {
  const { hazards, towns, clock } = deps;
  return {
    /** The route or job picks the hazard or the rectification list's columns; a row carries the fields of both. */
    async *exportRows(ctx: RequestContext, filter: HazardFilter): AsyncGenerator<Record<string, string>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "read");
      const tenantId = principal.tenantId;
      const day = chinaDate(clock.now());
      const townNames = new Map((await allOf((page) => towns.listTowns(tenantId, page))).map((t) => [t.id, t.name]));
      for await (const summaries of pagesOf((page) => hazards.list(tenantId, filter, day, page))) {
        const full = new Map(
          (
            await hazards.getMany(
              tenantId,
              summaries.map((s) => s.id),
            )
          ).map((h) => [h.id, h]),
        );
        for (const summary of summaries) {
          const hazard = full.get(summary.id);
          if (hazard) yield hazardExportRow(hazard, townNames.get(hazard.townId) ?? "", day);
        }
      }
    },
  };
}
