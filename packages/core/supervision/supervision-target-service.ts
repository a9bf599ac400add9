// Reading the key-target list (差异化监管): a page of it, by town and/or reason, or the whole of it as a
// spreadsheet. Filters naming a town the tenant does not have, or no reason there is, are 422 naming each.

import type { RequestContext } from "#core/kernel/context";
import { errors, type FieldProblem, problem } from "#core/kernel/errors";
import { idPattern } from "#core/kernel/ids";
import { allOf, pagesOf } from "#core/kernel/paging";
import type { Page, PageRequest } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";
import type { TownRepository } from "#core/register/ports";
import type { SupervisionTargetRepository } from "#core/supervision/ports";
import { isTargetReason, type SupervisionTarget, type SupervisionTargetFilter, targetReasons } from "#core/supervision/supervision-target";
import { targetExportRow } from "#core/supervision/supervision-target-export";

export interface SupervisionTargetServiceDeps {
  readonly supervisionTargets: SupervisionTargetRepository;
  readonly towns: TownRepository;
}

/** The list's filters as a query gives them: checked by the service, so a bad one is a 422 naming it. */
export interface TargetQuery {
  readonly townId?: string | undefined;
  readonly reason?: string | undefined;
}

export type SupervisionTargetService = ReturnType<typeof createSupervisionTargetService>;

export function createSupervisionTargetService(deps: SupervisionTargetServiceDeps) {
  async function filterOf(tenantId: string, query: TargetQuery): Promise<SupervisionTargetFilter> {
    const problems: FieldProblem[] = [];
    const { townId, reason } = query;
    if (reason !== undefined && !isTargetReason(reason)) {
      problems.push(
        problem(
          "query.reason",
          "unknown_reason",
          `未知的重点检查原因「${reason}」，可选：${targetReasons.join("、")}`,
          `Unknown reason "${reason}"; one of: ${targetReasons.join(", ")}`,
        ),
      );
    }
    if (townId !== undefined && !(idPattern.test(townId) && (await deps.towns.getTown(tenantId, townId)))) {
      problems.push(problem("query.townId", "unknown_town", `镇（街道）${townId} 不存在`, `Town ${townId} does not exist`));
    }
    if (problems.length > 0) throw errors.unprocessable(problems);
    return { townId, reason: reason as SupervisionTargetFilter["reason"] };
  }

  return {
    async list(ctx: RequestContext, query: TargetQuery, page: PageRequest): Promise<Page<SupervisionTarget>> {
      const principal = requireTenantAccess(ctx.principal, "supervision", "read");
      return deps.supervisionTargets.list(principal.tenantId, await filterOf(principal.tenantId, query), page);
    },

    /** Every row of the filtered list, a page in memory at a time, as spreadsheet rows (towns by name). */
    async *exportRows(ctx: RequestContext, query: TargetQuery): AsyncGenerator<Record<string, string>> {
      const principal = requireTenantAccess(ctx.principal, "supervision", "read");
      const tenantId = principal.tenantId;
      const filter = await filterOf(tenantId, query);
      const townNames = new Map((await allOf((page) => deps.towns.listTowns(tenantId, page))).map((t) => [t.id, t.name]));
      for await (const rows of pagesOf((page) => deps.supervisionTargets.list(tenantId, filter, page))) {
        for (const row of rows) yield targetExportRow(row, townNames.get(row.townId) ?? "");
      }
    },
  };
}
