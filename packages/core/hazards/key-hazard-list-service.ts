// Use cases on key hazard lists (重点隐患清单): a department publishes its half month's list from hazards it picks —
// in its name only its members, a tenant-admin or a key issued for it (core/tenancy/department-access.ts), others
// 403 naming the department; anyone who may read hazards reads the lists, each hazard as published and as it stands now, and exports them.

import { type HazardSummary, isOverdue, summarizeHazard } from "#core/hazards/hazard";
import { hazardExportRow } from "#core/hazards/hazard-export";
import {
  halfMonthOf,
  type KeyHazardList,
  type KeyHazardListFilter,
  type KeyHazardListSummary,
  PublishKeyHazardListSchema,
} from "#core/hazards/key-hazard-list";
import type { HazardRepository, KeyHazardListRepository } from "#core/hazards/ports";
import { auditEntry, diff } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import { allOf } from "#core/kernel/paging";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { actorOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { TownRepository } from "#core/register/ports";
import { requireDepartmentMember } from "#core/tenancy/department-access";
import type { DepartmentMemberRepository, SettingsRepository } from "#core/tenancy/ports";
import { departmentProblems } from "#core/tenancy/settings";

export interface KeyHazardListServiceDeps {
  readonly keyHazardLists: KeyHazardListRepository;
  readonly hazards: HazardRepository;
  readonly settings: SettingsRepository;
  readonly departmentMembers: DepartmentMemberRepository;
  readonly towns: TownRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** A listed hazard as published, with how it stands now (null if it is gone). */
export type ListedHazard = HazardSummary & { now: { state: HazardSummary["state"]; deadline: string | null; overdue: boolean } | null };
export type KeyHazardListView = Omit<KeyHazardList, "hazards"> & { hazards: ListedHazard[] };

export type KeyHazardListService = ReturnType<typeof createKeyHazardListService>;

export function createKeyHazardListService(deps: KeyHazardListServiceDeps) {
  const { keyHazardLists, hazards, clock, ids } = deps;
  const today = () => chinaDate(clock.now());

  /** The list with each hazard as it stands now (`current`, by id). */
  function viewOf(list: KeyHazardList, current: ReadonlyMap<string, HazardSummary>): KeyHazardListView {
    const day = today();
    return {
      ...list,
      hazards: list.hazards.map((h) => {
        const now = current.get(h.id);
        return { ...h, now: now ? { state: now.state, deadline: now.deadline, overdue: isOverdue(now, day) } : null };
      }),
    };
  }

  async function load(tenantId: string, id: string): Promise<KeyHazardList> {
    const found = await keyHazardLists.get(tenantId, id);
    if (!found) throw errors.notFound("key hazard list", id);
    return found;
  }

  return {
    async publish(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<KeyHazardListView>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "write");
      const input = parseOrThrow(PublishKeyHazardListSchema, raw);
      return idempotentCreate(deps.idempotency, principal.tenantId, claim, async (claimed) => {
        const { departments } = await deps.settings.get(principal.tenantId);
        const found = new Map((await hazards.getMany(principal.tenantId, input.hazardIds)).map((h) => [h.id, h]));
        const problems = [
          ...departmentProblems(departments, input.department),
          ...(input.period > halfMonthOf(today())
            ? [problem("period", "period_in_future", "不能发布未来半月的清单", "A list cannot be published for a half month to come")]
            : []),
          ...input.hazardIds.flatMap((id, i) =>
            found.has(id) ? [] : [problem(`hazardIds.${i}`, "unknown_hazard", `隐患 ${id} 不存在`, `Hazard ${id} does not exist`)],
          ),
        ];
        if (problems.length > 0) throw errors.unprocessable(problems);
        await requireDepartmentMember(deps.departmentMembers, principal, input.department, {
          zh: "发布重点隐患清单",
          en: "publish a key hazard list",
        });
        const list: KeyHazardList = {
          id: ids.next(),
          department: input.department,
          period: input.period,
          note: input.note,
          hazards: input.hazardIds.flatMap((id) => {
            const hazard = found.get(id);
            return hazard ? [summarizeHazard(hazard)] : [];
          }),
          publishedBy: actorOf(principal),
          publishedAt: clock.now().toISOString(),
        };
        const body = viewOf(list, new Map(list.hazards.map((h) => [h.id, h])));
        const audit = auditEntry(
          auditSource(ctx, clock, ids),
          "key-hazard-list.publish",
          { type: "key-hazard-list", id: list.id },
          diff(undefined, {
            department: list.department,
            period: list.period,
            hazardIds: input.hazardIds,
          }),
        );
        await keyHazardLists.publish(principal.tenantId, list, { audit, idempotency: idempotencyWrite(claimed, 201, body) });
        return { status: 201, body };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<KeyHazardListView> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "read");
      const list = await load(principal.tenantId, id);
      const current = await hazards.getMany(
        principal.tenantId,
        list.hazards.map((h) => h.id),
      );
      return viewOf(list, new Map(current.map((h) => [h.id, summarizeHazard(h)])));
    },

    async list(ctx: RequestContext, filter: KeyHazardListFilter, page: PageRequest): Promise<Page<KeyHazardListSummary>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "read");
      return keyHazardLists.list(principal.tenantId, filter, page);
    },

    /** The list's hazards as they stand now, as rows of the hazard list export. */
    async *exportRows(ctx: RequestContext, id: string): AsyncGenerator<Record<string, string>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "read");
      const list = await load(principal.tenantId, id);
      const townNames = new Map((await allOf((page) => deps.towns.listTowns(principal.tenantId, page))).map((t) => [t.id, t.name]));
      const day = today();
      // A list holds at most 200 hazards: read at once, written in the list's order.
      const found = new Map(
        (
          await hazards.getMany(
            principal.tenantId,
            list.hazards.map((h) => h.id),
          )
        ).map((h) => [h.id, h]),
      );
      for (const { id: hid } of list.hazards) {
        const hazard = found.get(hid);
        if (hazard) yield hazardExportRow(hazard, townNames.get(hazard.townId) ?? "", day);
      }
    },
  };
}
