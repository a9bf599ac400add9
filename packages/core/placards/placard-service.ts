// Use cases on placards: post one for a unit or zone, change its persons, record checks, revoke it, list the
// ones due for a check and the ones to replace, the coverage figures, and build the public page's view from the
// token alone (no credential).
import { randomBytes } from "node:crypto";
import { auditEntry, diff } from "#core/kernel/audit";
import { chinaDate, monthsBefore } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import { allOf } from "#core/kernel/paging";
import { maskPhone } from "#core/kernel/phone";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { actorOf, requireTenantAccess, type TenantPrincipal } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import {
  CheckPlacardSchema,
  CreatePlacardSchema,
  type OptionalPlacardRole,
  optionalPlacardRoles,
  type Placard,
  type PlacardCheck,
  placardPersons,
  RevokePlacardSchema,
  UpdatePlacardSchema,
} from "#core/placards/placard";
import { type PlacardCoverageFigures, townCoverage } from "#core/placards/placard-coverage";
import { type ReplacementReason, replacementReasons, settledChanges } from "#core/placards/placard-replacement";
import type { HeldStars, PlacardRepository, PublicStar } from "#core/placards/ports";
import type { Enterprise, RiskLevel } from "#core/register/enterprise";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import { liveEnterprise, notAfterToday } from "#core/register/references";
import type { SettingsRepository, TenantRepository } from "#core/tenancy/ports";
import { publicTenants } from "#core/tenancy/public-tenant";

export interface PlacardServiceDeps {
  readonly placards: PlacardRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly settings: SettingsRepository;
  readonly tenants: TenantRepository;
  /** The unit's current stars, for the public page (implemented by the stars domain). */
  readonly heldStars: HeldStars;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type PublicPlacardRole = "first" | "actual-controller" | "in-charge" | "specific" | "town-supervisor" | "community-supervisor";

/** The optional roles as the public page names them. */
const publicRoles: Record<OptionalPlacardRole, PublicPlacardRole> = {
  actualController: "actual-controller",
  townSupervisor: "town-supervisor",
  communitySupervisor: "community-supervisor",
};

/** What the public page shows; phones already masked when the tenant asks for it. */
export interface PublicPlacard {
  tenantName: string;
  unitName: string;
  title: string;
  location: string | null;
  riskLevel: RiskLevel | null;
  persons: { role: PublicPlacardRole; name: string; title: string | null; phone: string }[];
  lastCheckedOn: string | null;
  checkOverdue: boolean;
  checkMonths: number;
  status: "active" | "revoked";
  revokedOn: string | null;
  hotline: string | null;
  /** The unit's current stars (none on a revoked placard's page). */
  stars: PublicStar[];
}

export type PlacardService = ReturnType<typeof createPlacardService>;

/** Towns whose units the coverage counts in parallel. */
const countsAtOnce = 8;

export function createPlacardService(deps: PlacardServiceDeps) {
  const { placards, enterprises, settings, clock, ids } = deps;

  async function load(tenantId: string, id: string): Promise<Placard> {
    const placard = await placards.get(tenantId, id);
    if (!placard) throw errors.notFound("placard", id);
    return placard;
  }

  const liveUnit = (tenantId: string, id: string) => liveEnterprise(enterprises, tenantId, id, "enterpriseId");

  async function dueCutoff(tenantId: string): Promise<string> {
    const { placardCheckMonths } = await settings.get(tenantId);
    return monthsBefore(chinaDate(clock.now()), placardCheckMonths);
  }

  /** Saves a change of a live unit's placard (`enterprise`, read for it, guarded at save), which takes the unit's town. */
  async function change(
    ctx: RequestContext,
    principal: TenantPrincipal,
    before: Placard,
    changed: Placard,
    action: string,
    enterprise: Enterprise,
    check?: PlacardCheck,
  ) {
    const after: Placard = { ...changed, townId: enterprise.townId };
    const audit = auditEntry(
      auditSource(ctx, clock, ids),
      `placard.${action}`,
      { type: "placard", id: after.id },
      diff(before, after, ["version", "updatedAt"]),
    );
    await placards.save(principal.tenantId, { before, after, enterprise, ...(check ? { check } : {}) }, { audit });
  }

  const publicTenant = publicTenants(deps);

  return {
    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<Placard>> {
      const principal = requireTenantAccess(ctx.principal, "placards", "write");
      const input = parseOrThrow(CreatePlacardSchema, raw);
      return idempotentCreate(deps.idempotency, principal.tenantId, claim, async (claimed) => {
        const enterprise = await liveUnit(principal.tenantId, input.enterpriseId);
        const now = clock.now();
        const today = chinaDate(now);
        const postedOn = input.postedOn ?? today;
        notAfterToday("postedOn", postedOn, today);
        const placard: Placard = {
          id: ids.next(),
          enterpriseId: enterprise.id,
          kind: input.kind,
          title: input.title ?? `${input.kind === "zone" ? input.zoneName : enterprise.name}安全责任公示牌`,
          location: input.location,
          zoneName: input.zoneName,
          persons: placardPersons(input.persons),
          townId: enterprise.townId,
          personChanges: [],
          postedOn,
          lastCheckedOn: postedOn,
          lastCondition: null,
          status: "active",
          revokedAt: null,
          revokeReason: null,
          publicToken: randomBytes(16).toString("base64url"),
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          version: 1,
        };
        const { publicToken: _secret, ...logged } = placard;
        const audit = auditEntry(
          auditSource(ctx, clock, ids),
          "placard.create",
          { type: "placard", id: placard.id },
          diff(undefined, logged),
        );
        await placards.save(
          principal.tenantId,
          { before: undefined, after: placard, enterprise },
          { audit, idempotency: idempotencyWrite(claimed, 201, placard) },
        );
        return { status: 201, body: placard };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<Placard> {
      const principal = requireTenantAccess(ctx.principal, "placards", "read");
      return load(principal.tenantId, id);
    },

    async list(
      ctx: RequestContext,
      filter: { enterpriseId?: string | undefined; due: boolean },
      page: PageRequest,
    ): Promise<Page<Placard>> {
      const principal = requireTenantAccess(ctx.principal, "placards", "read");
      if (filter.due) {
        // A deleted unit's placards are not due for a check (its public page says revoked): left out of the page.
        const due = await placards.due(principal.tenantId, await dueCutoff(principal.tenantId), filter.enterpriseId, page);
        const live = new Set(
          (await enterprises.getMany(principal.tenantId, [...new Set(due.items.map((p) => p.enterpriseId))]))
            .filter((u) => u.deletedAt === null)
            .map((u) => u.id),
        );
        return { ...due, items: due.items.filter((p) => live.has(p.enterpriseId)) };
      }
      return placards.list(principal.tenantId, filter.enterpriseId, page);
    },

    /**
     * The active placards that need replacing, each with why, by town then posting order (`townId`: one town's). A page
     * is one Query of the index of placards with a reason; a deleted unit's placards are left out of it.
     */
    async replacements(
      ctx: RequestContext,
      filter: { townId?: string | undefined },
      page: PageRequest,
    ): Promise<Page<{ placard: Placard; reasons: ReplacementReason[] }>> {
      const principal = requireTenantAccess(ctx.principal, "placards", "read");
      const listed = await placards.toReplace(principal.tenantId, filter.townId, page);
      const live = new Set(
        (await enterprises.getMany(principal.tenantId, [...new Set(listed.items.map((p) => p.enterpriseId))]))
          .filter((u) => u.deletedAt === null)
          .map((u) => u.id),
      );
      return {
        ...listed,
        items: listed.items
          .filter((p) => live.has(p.enterpriseId))
          .map((placard) => ({ placard, reasons: replacementReasons(placard) }))
          .filter((entry) => entry.reasons.length > 0),
      };
    },

    /**
     * Coverage per town and in total: units in the register with and without an active placard, and the active
     * placards. Placards and covered units come from the counts every placard save keeps (one Query); units from the
     * register's town lists, counted (see EnterpriseRepository.countInTown).
     */
    async coverage(ctx: RequestContext): Promise<PlacardCoverageFigures> {
      const principal = requireTenantAccess(ctx.principal, "placards", "read");
      const tenantId = principal.tenantId;
      const [townList, counts] = await Promise.all([allOf((page) => deps.towns.listTowns(tenantId, page)), placards.coverage(tenantId)]);
      // A few towns' counts at a time: a district has tens of towns, each count a Query or a few.
      const units: number[] = [];
      for (let i = 0; i < townList.length; i += countsAtOnce)
        units.push(...(await Promise.all(townList.slice(i, i + countsAtOnce).map((t) => enterprises.countInTown(tenantId, t.id)))));
      return townCoverage(
        townList.map((t, i) => ({ townId: t.id, townName: t.name, units: units[i] ?? 0 })),
        counts,
        chinaDate(clock.now()),
      );
    },

    async update(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<Placard> {
      const principal = requireTenantAccess(ctx.principal, "placards", "write");
      const patch = parseOrThrow(UpdatePlacardSchema, raw);
      const current = await load(principal.tenantId, id);
      requireVersion("placard", current.id, expectedVersion, current.version);
      if (current.status === "revoked")
        throw errors.conflict("placard_revoked", { zh: "公示牌已撤销，不能修改", en: "The placard is revoked; it cannot be changed" });
      const enterprise = await liveUnit(principal.tenantId, current.enterpriseId);
      const edited: Placard = {
        ...current,
        ...patch,
        // Roles left out of the persons sent keep their value: a client that knows only the three persons clears none.
        persons: patch.persons ? placardPersons(patch.persons, current.persons) : current.persons,
        updatedAt: clock.now().toISOString(),
        version: current.version + 1,
      };
      // A person the register changed is settled once the placard's own person of that role is changed or matches.
      const next: Placard = { ...edited, personChanges: settledChanges(current, edited, enterprise), townId: enterprise.townId };
      if (next.kind === "zone" && next.zoneName === null) {
        throw errors.unprocessable([
          problem("zoneName", "zone_name_required", "区域公示牌须填写楼栋或区域名称", "A zone placard needs the building or zone name"),
        ]);
      }
      if (Object.keys(diff(current, next, ["version", "updatedAt"])).length === 0) return current;
      await change(ctx, principal, current, next, "update", enterprise);
      return next;
    },

    /** Records a check; the last-checked date only moves forward (a late-entered older check is kept as history). */
    async check(ctx: RequestContext, id: string, raw: unknown): Promise<{ placard: Placard; check: PlacardCheck }> {
      const principal = requireTenantAccess(ctx.principal, "placards", "write");
      const input = parseOrThrow(CheckPlacardSchema, raw);
      const current = await load(principal.tenantId, id);
      if (current.status === "revoked")
        throw errors.conflict("placard_revoked", { zh: "公示牌已撤销，不能检查", en: "The placard is revoked; it cannot be checked" });
      const enterprise = await liveUnit(principal.tenantId, current.enterpriseId);
      const now = clock.now();
      const today = chinaDate(now);
      const checkedOn = input.checkedOn ?? today;
      notAfterToday("checkedOn", checkedOn, today);
      if (checkedOn < current.postedOn) {
        throw errors.unprocessable([
          problem("checkedOn", "before_posted", "检查日期早于公示牌张贴日期", "The check is dated before the placard was posted"),
        ]);
      }
      const check: PlacardCheck = {
        id: ids.next(),
        placardId: id,
        checkedOn,
        condition: input.condition,
        note: input.note,
        by: actorOf(principal).id,
        at: now.toISOString(),
      };
      const newer = checkedOn >= current.lastCheckedOn;
      const next: Placard = {
        ...current,
        lastCheckedOn: newer ? checkedOn : current.lastCheckedOn,
        lastCondition: newer ? input.condition : current.lastCondition,
        updatedAt: now.toISOString(),
        version: current.version + 1,
      };
      await change(ctx, principal, current, next, "check", enterprise, check);
      return { placard: { ...next, townId: enterprise.townId }, check };
    },

    async checks(ctx: RequestContext, id: string, page: PageRequest): Promise<Page<PlacardCheck>> {
      const principal = requireTenantAccess(ctx.principal, "placards", "read");
      await load(principal.tenantId, id);
      return placards.checks(principal.tenantId, id, page);
    },

    async revoke(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<Placard> {
      const principal = requireTenantAccess(ctx.principal, "placards", "write");
      const { reason } = parseOrThrow(RevokePlacardSchema, raw);
      const current = await load(principal.tenantId, id);
      requireVersion("placard", current.id, expectedVersion, current.version);
      if (current.status === "revoked") return current;
      const now = clock.now().toISOString();
      const next: Placard = {
        ...current,
        status: "revoked",
        revokedAt: now,
        revokeReason: reason,
        updatedAt: now,
        version: current.version + 1,
      };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "placard.revoke",
        { type: "placard", id },
        diff(current, next, ["version", "updatedAt"]),
      );
      // A unit deleted since may still have its placards revoked: no live-unit guard here.
      await placards.save(principal.tenantId, { before: current, after: next }, { audit });
      return next;
    },

    /** The public page's content, found by token alone; undefined when no such placard (the page says so). */
    async publicView(tenantId: string, token: string): Promise<PublicPlacard | undefined> {
      const tenant = await publicTenant(tenantId);
      if (!tenant) return undefined;
      const placard = await placards.byToken(tenantId, token);
      if (!placard) return undefined;
      const [unit, stars] = await Promise.all([
        enterprises.get(tenantId, placard.enterpriseId),
        placard.status === "active" ? deps.heldStars.of(tenantId, placard.enterpriseId) : [],
      ]);
      if (!unit) return undefined;
      const options = tenant.settings;
      // The tenant's rule for public pages (maskPublicPhones) masks every person's phone alike; names are shown.
      const phone = (p: string) => (options.maskPublicPhones ? maskPhone(p) : p);
      const optional = optionalPlacardRoles.flatMap((role) => {
        const person = placard.persons[role];
        return person ? [{ role: publicRoles[role], ...person, phone: phone(person.phone) }] : [];
      });
      const revoked = placard.status === "revoked" || unit.deletedAt !== null;
      return {
        tenantName: tenant.name,
        unitName: unit.name,
        title: placard.title,
        location: placard.location,
        riskLevel: unit.riskLevel,
        persons: [
          { role: "first", ...placard.persons.first, phone: phone(placard.persons.first.phone) },
          { role: "in-charge", ...placard.persons.inCharge, phone: phone(placard.persons.inCharge.phone) },
          ...placard.persons.specific.map((p) => ({ role: "specific" as const, ...p, phone: phone(p.phone) })),
          ...optional,
        ],
        lastCheckedOn: placard.lastCheckedOn,
        checkOverdue: !revoked && placard.lastCheckedOn <= monthsBefore(chinaDate(clock.now()), options.placardCheckMonths),
        checkMonths: options.placardCheckMonths,
        status: revoked ? "revoked" : "active",
        revokedOn: revoked ? chinaDate(new Date(placard.revokedAt ?? unit.deletedAt ?? clock.now().toISOString())) : null,
        hotline: options.hotline,
        stars: revoked ? [] : stars,
      };
    },
  };
}
