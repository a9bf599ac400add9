// Use cases of the joint tackling list (联合攻坚清单). A district escalates a hazard to its parent city (its hazard
// and the city's item change in one transaction); the city assigns a department, comments, resolves or returns;
// both read the one item. Which side a caller is on comes from its tenant: the district named in the item's id,
// or the city whose partition holds it. Nobody else finds it (404), and the city reads nothing else of the district.

import {
  CityAssignSchema,
  CommentSchema,
  EscalateSchema,
  hazardSnapshot,
  type JointTackling,
  type JointTacklingAction,
  type JointTacklingActor,
  type JointTacklingFilter,
  type JointTacklingState,
  jointTacklingExportRow,
  jointTacklingId,
  jointTacklingTransitions,
  maxComments,
  maxItemBytes,
  parseJointTacklingId,
  ResolveSchema,
  ReturnSchema,
  type Side,
  WithdrawSchema,
} from "#core/escalation/joint-tackling";
import type { JointTacklingRepository } from "#core/escalation/ports";
import { type Hazard, type HazardSummary, isOverdue } from "#core/hazards/hazard";
import type { HazardRepository } from "#core/hazards/ports";
import { auditEntry, diff } from "#core/kernel/audit";
import { addDays, chinaDate, daysBetween } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem, requireVersion } from "#core/kernel/errors";
import { pagesOf } from "#core/kernel/paging";
import type { Clock, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { actorOf, requireTenantAccess, type TenantPrincipal } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { TownRepository } from "#core/register/ports";
import type { SettingsRepository, TenantRepository } from "#core/tenancy/ports";
import { departmentProblems } from "#core/tenancy/settings";
import type { Tenant } from "#core/tenancy/tenant";

export interface JointTacklingServiceDeps {
  readonly items: JointTacklingRepository;
  readonly hazards: HazardRepository;
  readonly tenants: TenantRepository;
  readonly towns: TownRepository;
  readonly settings: SettingsRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type JointTacklingService = ReturnType<typeof createJointTacklingService>;

/** Where a caller stands towards an item: its district, or its city. */
interface Standing {
  readonly principal: TenantPrincipal;
  readonly side: Side;
  readonly cityId: string;
  readonly districtId: string;
  readonly hazardId: string;
}

/** Attempts at appending a comment when another change lands in between (comments commute, so retrying is safe). */
const commentAttempts = 5;

export function createJointTacklingService(deps: JointTacklingServiceDeps) {
  const { items, hazards, tenants, clock, ids } = deps;
  const today = () => chinaDate(clock.now());

  async function ownTenant(tenantId: string): Promise<Tenant> {
    const tenant = await tenants.get(tenantId);
    if (!tenant) throw new Error(`tenant ${tenantId} has a credential but no record`);
    return tenant;
  }

  /** The district's parent city, or 409 `no_parent_tenant` for a tenant without one. */
  async function parentOf(district: Tenant): Promise<string> {
    if (district.parentId === null) {
      throw errors.conflict("no_parent_tenant", {
        zh: "本租户没有上级市级租户，不能提请联合攻坚",
        en: "This tenant has no parent city to escalate to",
      });
    }
    return district.parentId;
  }

  /** The caller's side of the item `id`; a tenant that is neither its district nor that district's city gets 404. */
  async function standing(ctx: RequestContext, id: string, access: "read" | "write"): Promise<Standing> {
    const principal = requireTenantAccess(ctx.principal, "hazards", access);
    const { districtId, hazardId } = parseJointTacklingId(id);
    if (principal.tenantId === districtId) {
      // The city the hazard was escalated to (the district's parent then, even if its parent has changed since).
      const cityId = (await hazards.get(districtId, hazardId))?.escalatedTo?.cityId;
      if (!cityId) throw errors.notFound("joint tackling item", id);
      return { principal, side: "district", cityId, districtId, hazardId };
    }
    return { principal, side: "city", cityId: principal.tenantId, districtId, hazardId };
  }

  async function load(s: Standing, id: string): Promise<JointTackling> {
    const found = await items.get(s.principal.tenantId, s.cityId, s.districtId, s.hazardId);
    if (!found) throw errors.notFound("joint tackling item", id);
    return found;
  }

  function allow(side: Side, state: JointTacklingState | "none", action: JointTacklingAction) {
    const allowed = jointTacklingTransitions[side][state];
    if (!allowed.includes(action)) {
      throw errors.illegalTransition({ zh: "联合攻坚事项", en: "joint tackling item" }, "state", state, action, allowed);
    }
  }

  /** Refuses a change that would make the item too large to store (very many comments or rounds): 409, nothing written. */
  function fits(next: JointTackling, budget: keyof typeof maxItemBytes = "steps"): JointTackling {
    const bytes = Buffer.byteLength(JSON.stringify(next));
    if (bytes > maxItemBytes[budget]) {
      throw errors.conflict(
        "item_full",
        budget === "comments"
          ? {
              zh: "该事项的意见已达上限，请办结、退回或撤回",
              en: "This item takes no more comments; resolve, return or withdraw it",
            }
          : { zh: "该事项的往返记录已达上限，请办结、退回或撤回", en: "This item's history is full; resolve, return or withdraw it" },
        { bytes, limit: maxItemBytes[budget] },
      );
    }
    return next;
  }

  const actor = (s: Pick<Standing, "principal" | "side">): JointTacklingActor => ({
    tenantId: s.principal.tenantId,
    side: s.side,
    ...actorOf(s.principal),
  });

  /** A step of the item by either side: checked, versioned, kept in its history and in the acting tenant's audit trail. */
  async function move(
    ctx: RequestContext,
    s: Standing,
    current: JointTackling,
    expectedVersion: number | undefined,
    action: Exclude<JointTacklingAction, "escalate" | "comment">,
    to: JointTacklingState,
    note: string | null,
    change: Partial<JointTackling>,
  ): Promise<JointTackling> {
    requireVersion("joint tackling item", current.id, expectedVersion, current.version);
    allow(s.side, current.state, action);
    const now = clock.now().toISOString();
    const next: JointTackling = fits(
      {
        ...current,
        ...change,
        state: to,
        history: [...current.history, { action, from: current.state, to, by: actor(s), at: now, note }],
        updatedAt: now,
        version: current.version + 1,
      },
      action === "assign" ? "steps" : "settle",
    );
    const audit = auditEntry(
      auditSource(ctx, clock, ids),
      `joint-tackling.${action}`,
      { type: "joint-tackling", id: current.id },
      diff(current, next, ["version", "updatedAt", "history"]),
    );
    await items.save(s.principal.tenantId, { before: current, after: next }, { audit });
    return next;
  }

  /** A city's incoming items from all its districts; a district's own items at its city. */
  async function list(ctx: RequestContext, filter: JointTacklingFilter, page: PageRequest): Promise<Page<JointTackling>> {
    const principal = requireTenantAccess(ctx.principal, "hazards", "read");
    if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
      throw errors.validation([problem("to", "range_reversed", "结束日期早于开始日期", "The range ends before it starts")]);
    }
    const tenant = await ownTenant(principal.tenantId);
    if (tenant.level === "city") return items.listIncoming(tenant.id, filter, page);
    return items.listOutgoing(tenant.id, await parentOf(tenant), { ...filter, districtId: tenant.id }, page);
  }

  return {
    /**
     * The district escalates its hazard to its city (again, after a return or withdrawal): the hazard points at the
     * item and the item holds a snapshot of the hazard, written together. 201 the first time, 200 after.
     */
    async escalate(
      ctx: RequestContext,
      hazardId: string,
      raw: unknown,
      expectedVersion?: number,
    ): Promise<{ status: 200 | 201; item: JointTackling }> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "write");
      const input = parseOrThrow(EscalateSchema, raw);
      const district = await ownTenant(principal.tenantId);
      const cityId = await parentOf(district);
      const city = await tenants.registered(cityId);
      if (city?.status !== "active") {
        throw errors.conflict(
          "parent_unavailable",
          { zh: `上级租户 ${cityId} 暂不可用`, en: `The parent tenant ${cityId} is not available` },
          { parentId: cityId },
        );
      }
      const hazard = await hazards.get(principal.tenantId, hazardId);
      if (!hazard) throw errors.notFound("hazard", hazardId);
      requireVersion("hazard", hazardId, expectedVersion, hazard.version);
      if (hazard.state === "closed") {
        throw errors.conflict(
          "hazard_closed",
          { zh: "已销号的隐患不能提请", en: "A closed hazard cannot be escalated" },
          { state: hazard.state },
        );
      }
      if (input.neededBy !== null && input.neededBy < today()) {
        throw errors.unprocessable([problem("neededBy", "date_in_past", "期望办结时间不能早于今天", "neededBy cannot be before today")]);
      }
      const id = jointTacklingId(district.id, hazard.id);
      const earlier = hazard.escalatedTo;
      if (earlier && earlier.cityId !== cityId) {
        // Escalated to a former parent: that item must be settled first, or two cities would hold it open.
        const elsewhere = await items.get(district.id, earlier.cityId, district.id, hazard.id);
        if (elsewhere && (elsewhere.state === "escalated" || elsewhere.state === "assigned")) {
          throw errors.conflict(
            "escalated_elsewhere",
            {
              zh: `该隐患已提请原上级租户 ${earlier.cityId}，尚未办结；请先撤回`,
              en: `This hazard is open at the former parent ${earlier.cityId}; withdraw it there first`,
            },
            { cityId: earlier.cityId, id: earlier.id, state: elsewhere.state },
          );
        }
      }
      // The item at this city, if the hazard was ever escalated here (even before a move to another parent and back).
      const before = earlier ? await items.get(district.id, cityId, district.id, hazard.id) : undefined;
      const s: Standing = { principal, side: "district", cityId, districtId: district.id, hazardId: hazard.id };
      allow("district", before?.state ?? "none", "escalate");
      const now = clock.now().toISOString();
      const town = await deps.towns.getTown(district.id, hazard.townId);
      const item: JointTackling = fits({
        id,
        cityId,
        districtId: district.id,
        districtName: district.name,
        hazardId: hazard.id,
        hazard: hazardSnapshot(hazard, town?.name ?? ""),
        ...input,
        state: "escalated",
        round: (before?.round ?? 0) + 1,
        department: before?.department ?? null,
        response: null,
        history: [
          ...(before?.history ?? []),
          { action: "escalate", from: before?.state ?? "none", to: "escalated", by: actor(s), at: now, note: input.reason },
        ],
        comments: before?.comments ?? [],
        escalatedAt: now,
        updatedAt: now,
        version: (before?.version ?? 0) + 1,
      });
      const escalated: Hazard = { ...hazard, escalatedTo: { cityId, id }, updatedAt: now, version: hazard.version + 1 };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "joint-tackling.escalate",
        { type: "joint-tackling", id },
        diff(before, item, ["version", "updatedAt", "history", "escalatedAt"]),
      );
      await items.escalate({ hazard: { before: hazard, after: escalated }, item: { before, after: item } }, { audit });
      return { status: before ? 200 : 201, item };
    },

    async get(ctx: RequestContext, id: string): Promise<JointTackling> {
      return load(await standing(ctx, id, "read"), id);
    },

    /** A city's incoming items from all its districts; a district's own items at its city. */
    list,

    /** The list (the same filters) as spreadsheet rows, a page at a time. */
    async *exportRows(ctx: RequestContext, filter: JointTacklingFilter): AsyncGenerator<Record<string, string>> {
      for await (const items of pagesOf((page) => list(ctx, filter, page))) {
        for (const item of items) yield jointTacklingExportRow(item, chinaDate(new Date(item.escalatedAt)));
      }
    },

    /**
     * What the rule proposes to escalate: the district's major hazards overdue by at least the tenant's
     * `escalateMajorOverdueDays` and not yet escalated, longest overdue first (the `open` list by deadline).
     */
    async proposals(
      ctx: RequestContext,
      page: PageRequest,
    ): Promise<Page<HazardSummary & { overdue: boolean; overdueDays: number }> & { rule: { majorOverdueDays: number } }> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "read");
      await parentOf(await ownTenant(principal.tenantId));
      const { escalateMajorOverdueDays: days } = await deps.settings.get(principal.tenantId);
      const day = today();
      // `open` entries before the cutoff are overdue by at least `days` days.
      const found = await hazards.list(
        principal.tenantId,
        { overdue: true, severity: "major", escalated: false },
        addDays(day, 1 - days),
        page,
      );
      return {
        rule: { majorOverdueDays: days },
        ...found,
        items: found.items.map((h) => ({
          ...h,
          overdue: isOverdue(h, day),
          overdueDays: h.deadline ? daysBetween(h.deadline, day) : 0,
        })),
      };
    },

    async withdraw(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<JointTackling> {
      const s = await standing(ctx, id, "write");
      const { note } = parseOrThrow(WithdrawSchema, raw);
      return move(ctx, s, await load(s, id), expectedVersion, "withdraw", "withdrawn", note, {});
    },

    /** The city assigns (or reassigns) one of its departments. */
    async assign(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<JointTackling> {
      const s = await standing(ctx, id, "write");
      const input = parseOrThrow(CityAssignSchema, raw);
      const current = await load(s, id);
      allow(s.side, current.state, "assign");
      const problems = departmentProblems((await deps.settings.get(s.cityId)).departments, input.department);
      if (problems.length > 0) throw errors.unprocessable(problems);
      return move(ctx, s, current, expectedVersion, "assign", "assigned", input.note, { department: input.department });
    },

    async resolve(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<JointTackling> {
      const s = await standing(ctx, id, "write");
      const { response } = parseOrThrow(ResolveSchema, raw);
      return move(ctx, s, await load(s, id), expectedVersion, "resolve", "resolved", response, { response });
    },

    async return(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<JointTackling> {
      const s = await standing(ctx, id, "write");
      const { response } = parseOrThrow(ReturnSchema, raw);
      return move(ctx, s, await load(s, id), expectedVersion, "return", "returned", response, { response });
    },

    /** Either side comments while the item is open. Concurrent comments all land (appended again on a lost race). */
    async comment(ctx: RequestContext, id: string, raw: unknown): Promise<JointTackling> {
      const s = await standing(ctx, id, "write");
      const { text } = parseOrThrow(CommentSchema, raw);
      for (let attempt = 1; ; attempt++) {
        const current = await load(s, id);
        allow(s.side, current.state, "comment");
        if (current.comments.length >= maxComments) {
          throw errors.conflict(
            "too_many_comments",
            { zh: `每个事项最多 ${maxComments} 条意见`, en: `An item takes at most ${maxComments} comments` },
            { limit: maxComments },
          );
        }
        const now = clock.now().toISOString();
        const next: JointTackling = fits(
          {
            ...current,
            comments: [...current.comments, { by: actor(s), at: now, text }],
            updatedAt: now,
            version: current.version + 1,
          },
          "comments",
        );
        const audit = auditEntry(
          auditSource(ctx, clock, ids),
          "joint-tackling.comment",
          { type: "joint-tackling", id },
          { comment: { from: null, to: text } },
        );
        try {
          await items.save(s.principal.tenantId, { before: current, after: next }, { audit });
          return next;
        } catch (error) {
          const stale = error instanceof Error && "code" in error && error.code === "version_mismatch";
          if (!stale || attempt >= commentAttempts) throw error;
        }
      }
    },
  };
}
