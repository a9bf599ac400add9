// Use cases on the register: create, read, list, change, confirm, soft-delete and restore units, with the
// rules that span records (references to towns, grids and a host; no host cycles; a host with lessees stays).
// Every change is saved with its history entry and change-feed entry in one transaction (EnterpriseMutation).

import { auditEntry, diff } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, type FieldProblem, problem, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import { allOf, pagesOf } from "#core/kernel/paging";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { actorOf, requireTenantAccess, type TenantPrincipal } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import {
  type CreateEnterpriseInput,
  CreateEnterpriseSchema,
  dimensionValues,
  type Enterprise,
  type EnterpriseChange,
  type EnterpriseFilter,
  type EnterpriseSummary,
  type Person,
  personRoles,
  RestoreEnterpriseSchema,
  summarize,
  UpdateEnterpriseSchema,
} from "#core/register/enterprise";
import { industryByCode } from "#core/register/industry";
import type { EnterpriseRepository, LesseeCounts, TownRepository } from "#core/register/ports";
import { exportRow } from "#core/register/register-sheet";

export interface EnterpriseServiceDeps {
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type EnterpriseService = ReturnType<typeof createEnterpriseService>;

/** How far a host chain is followed when looking for a cycle; real premises have one or two levels. */
const maxHostDepth = 8;

type ChangeAction = EnterpriseChange["action"];

export function createEnterpriseService(deps: EnterpriseServiceDeps) {
  const { enterprises, towns, clock, ids } = deps;

  async function load(tenantId: string, id: string, options: { deleted?: boolean } = {}): Promise<Enterprise> {
    const unit = await enterprises.get(tenantId, id);
    if (!unit || (unit.deletedAt !== null && !options.deleted)) throw errors.notFound("enterprise", id);
    return unit;
  }

  /** Checks references and cross-field rules; returns the host read (its version is guarded at save). */
  async function referenceProblems(tenantId: string, unit: Enterprise): Promise<{ problems: FieldProblem[]; host: Enterprise | null }> {
    const problems: FieldProblem[] = [];
    const town = await towns.getTown(tenantId, unit.townId);
    if (!town) problems.push(problem("townId", "unknown_town", `镇（街道）${unit.townId} 不存在`, `Town ${unit.townId} does not exist`));
    if (unit.gridId !== null) {
      const grid = await towns.getGrid(tenantId, unit.gridId);
      if (!grid) problems.push(problem("gridId", "unknown_grid", `网格 ${unit.gridId} 不存在`, `Grid ${unit.gridId} does not exist`));
      else if (grid.townId !== unit.townId) {
        problems.push(
          problem(
            "gridId",
            "grid_not_in_town",
            `网格「${grid.name}」不属于所选镇（街道）`,
            `Grid "${grid.name}" is not in the unit's town`,
          ),
        );
      }
    }
    if (unit.moveInDate !== null && unit.moveOutDate !== null && unit.moveOutDate < unit.moveInDate) {
      problems.push(problem("moveOutDate", "move_out_before_move_in", "迁出日期不能早于进驻日期", "Move-out date is before move-in date"));
    }
    let host: Enterprise | null = null;
    if (unit.hostId !== null) {
      const found = await enterprises.get(tenantId, unit.hostId);
      if (!found || found.deletedAt !== null) {
        problems.push(
          problem("hostId", "unknown_host", `厂中厂的出租方单位 ${unit.hostId} 不存在`, `Host unit ${unit.hostId} does not exist`),
        );
      } else {
        host = found;
        problems.push(...(await cycleProblems(tenantId, unit.id, found)));
      }
    }
    return { problems, host };
  }

  async function cycleProblems(tenantId: string, id: string, host: Enterprise): Promise<FieldProblem[]> {
    let current: Enterprise | undefined = host;
    for (let depth = 0; current; depth++) {
      if (current.id === id) {
        return [
          problem(
            "hostId",
            "host_cycle",
            "出租方不能是本单位或其承租方（厂中厂关系不能成环）",
            "The host cannot be this unit or one of its lessees (no cycles)",
          ),
        ];
      }
      if (current.hostId === null) return [];
      if (depth >= maxHostDepth) {
        return [
          problem("hostId", "host_chain_too_deep", `厂中厂层级超过 ${maxHostDepth} 层`, `Host chain deeper than ${maxHostDepth} levels`),
        ];
      }
      current = await enterprises.get(tenantId, current.hostId);
    }
    return [];
  }

  function industryOf(code: string): Enterprise["industry"] {
    const found = industryByCode(code);
    if (!found) {
      throw errors.validation([
        problem("industryCode", "unknown_industry_code", `未知的行业代码 ${code}`, `Unknown industry code ${code}`),
      ]);
    }
    return { code: found.code, name: found.name, divisionCode: found.divisionCode, section: found.section };
  }

  function changeOf(
    ctx: RequestContext,
    at: string,
    action: ChangeAction,
    before: Enterprise | undefined,
    after: Enterprise,
  ): EnterpriseChange {
    return {
      version: after.version,
      at,
      action,
      actor: actorOf(ctx.principal),
      changes: diff(before, after, ["version", "updatedAt", "createdAt", "reviewedAt"]),
      requestId: ctx.requestId,
    };
  }

  async function save(
    ctx: RequestContext,
    principal: TenantPrincipal,
    action: ChangeAction,
    before: Enterprise | undefined,
    after: Enterprise,
    host: Enterprise | null,
    claim?: IdempotencyClaim,
    replyStatus = 200,
  ) {
    const change = changeOf(ctx, after.updatedAt, action, before, after);
    const live = (e: Enterprise | undefined) => (e && e.deletedAt === null ? dimensionValues(e) : null);
    await enterprises.save(
      principal.tenantId,
      {
        before,
        after,
        change,
        feed: {
          enterpriseId: after.id,
          version: after.version,
          at: after.updatedAt,
          action,
          before: live(before),
          after: live(after),
          moveInDate: { from: before?.moveInDate ?? null, to: after.moveInDate },
          moveOutDate: { from: before?.moveOutDate ?? null, to: after.moveOutDate },
          reviewedAt: { from: before?.reviewedAt ?? null, to: after.reviewedAt },
        },
        references: { townId: after.townId, gridId: after.gridId, host },
      },
      {
        audit: auditEntry(auditSource(ctx, clock, ids), `enterprise.${action}`, { type: "enterprise", id: after.id }, change.changes),
        idempotency: idempotencyWrite(claim, replyStatus, after),
      },
    );
  }

  /** The unit a patch makes of `current`, or undefined when it changes nothing; refs are checked. */
  async function preparePatch(
    tenantId: string,
    current: Enterprise,
    raw: unknown,
  ): Promise<{ next: Enterprise; host: Enterprise | null; problems: FieldProblem[] } | undefined> {
    const patch = parseOrThrow(UpdateEnterpriseSchema, raw);
    const { industryCode, persons, ...rest } = patch;
    const now = clock.now().toISOString();
    const next: Enterprise = {
      ...current,
      ...rest,
      ...(industryCode !== undefined ? { industry: industryOf(industryCode) } : {}),
      ...(persons !== undefined ? { persons: normalizePersons(persons) } : {}),
      updatedAt: now,
      reviewedAt: now,
      version: current.version + 1,
    };
    const changes = diff(current, next, ["version", "updatedAt", "createdAt", "reviewedAt"]);
    if (Object.keys(changes).length === 0) return undefined;
    return { next, ...(await referenceProblems(tenantId, next)) };
  }

  async function applyPatch(ctx: RequestContext, principal: TenantPrincipal, current: Enterprise, raw: unknown): Promise<Enterprise> {
    const prepared = await preparePatch(principal.tenantId, current, raw);
    if (!prepared) return current;
    if (prepared.problems.length > 0) throw errors.unprocessable(prepared.problems);
    await save(ctx, principal, "update", current, prepared.next, prepared.host);
    return prepared.next;
  }

  type PreparedUpsert =
    | { kind: "create"; unit: Enterprise; host: Enterprise | null; problems: FieldProblem[] }
    | { kind: "update"; current: Enterprise; next: Enterprise; host: Enterprise | null; problems: FieldProblem[] }
    | { kind: "unchanged"; current: Enterprise; problems: FieldProblem[] };

  /** What an import row would do, with every rule checked (references, host cycles, dates) and nothing saved. */
  async function prepareUpsert(
    tenantId: string,
    rowInput: CreateEnterpriseInput,
    fields: ReadonlySet<string> | undefined,
  ): Promise<PreparedUpsert> {
    const existingId = await enterprises.idByCreditCode(tenantId, rowInput.creditCode);
    if (existingId === undefined) {
      const unit = newEnterprise(ids.next(), rowInput, industryOf(rowInput.industryCode), clock.now().toISOString());
      return { kind: "create", unit, ...(await referenceProblems(tenantId, unit)) };
    }
    const current = await load(tenantId, existingId, { deleted: true });
    if (current.deletedAt !== null) {
      const deleted = problem(
        "creditCode",
        "unit_deleted",
        `该信用代码的单位「${current.name}」已删除，请先恢复`,
        `The unit "${current.name}" with this code is deleted; restore it first`,
      );
      return { kind: "unchanged", current, problems: [deleted] };
    }
    const prepared = await preparePatch(tenantId, current, importPatch(current, rowInput, fields));
    return prepared ? { kind: "update", current, ...prepared } : { kind: "unchanged", current, problems: [] };
  }

  return {
    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<Enterprise>> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const input = parseOrThrow(CreateEnterpriseSchema, raw);
      return idempotentCreate(deps.idempotency, principal.tenantId, claim, async (claimed) => {
        const unit = newEnterprise(ids.next(), input, industryOf(input.industryCode), clock.now().toISOString());
        const { problems, host } = await referenceProblems(principal.tenantId, unit);
        if (problems.length > 0) throw errors.unprocessable(problems);
        await save(ctx, principal, "create", undefined, unit, host, claimed, 201);
        return { status: 201, body: unit };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<Enterprise> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      return load(principal.tenantId, id, { deleted: true });
    },

    /** `filter` has passed EnterpriseFilterSchema (the HTTP layer validates the query with it). */
    async list(ctx: RequestContext, filter: EnterpriseFilter, page: PageRequest): Promise<Page<EnterpriseSummary>> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      return enterprises.list(principal.tenantId, filter, page);
    },

    async history(ctx: RequestContext, id: string, page: PageRequest): Promise<Page<EnterpriseChange>> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      await load(principal.tenantId, id, { deleted: true });
      return enterprises.history(principal.tenantId, id, page);
    },

    async lessees(
      ctx: RequestContext,
      id: string,
      page: PageRequest,
    ): Promise<{ host: EnterpriseSummary; counts: LesseeCounts; page: Page<EnterpriseSummary> }> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "read");
      const host = await load(principal.tenantId, id);
      const [counts, lessees] = await Promise.all([
        enterprises.lesseeCounts(principal.tenantId, id),
        enterprises.list(principal.tenantId, { hostId: id, deleted: false }, page),
      ]);
      return { host: summarize(host), counts, page: lessees };
    },

    async update(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<Enterprise> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const current = await load(principal.tenantId, id);
      requireVersion("enterprise", id, expectedVersion, current.version);
      return applyPatch(ctx, principal, current, raw);
    },

    /** Confirms the record is still true (核实) without changing it: it stops being stale this week. */
    async confirm(ctx: RequestContext, id: string, expectedVersion?: number): Promise<Enterprise> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const current = await load(principal.tenantId, id);
      requireVersion("enterprise", id, expectedVersion, current.version);
      const now = clock.now().toISOString();
      const next: Enterprise = { ...current, reviewedAt: now, updatedAt: now, version: current.version + 1 };
      const host = current.hostId ? ((await enterprises.get(principal.tenantId, current.hostId)) ?? null) : null;
      await save(ctx, principal, "confirm", current, next, host);
      return next;
    },

    async remove(ctx: RequestContext, id: string, expectedVersion?: number): Promise<Enterprise> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const current = await load(principal.tenantId, id);
      requireVersion("enterprise", id, expectedVersion, current.version);
      const lessees = await enterprises.lesseeCounts(principal.tenantId, id);
      if (lessees.total > 0) {
        throw errors.conflict(
          "host_has_lessees",
          {
            zh: `该单位是 ${lessees.total} 家厂中厂单位的出租方，请先变更或删除这些承租单位`,
            en: `This unit hosts ${lessees.total} factory-within-factory lessee(s); move or delete them first`,
          },
          { lessees: lessees.total, list: `/v1/enterprises/${id}/lessees` },
        );
      }
      const now = clock.now().toISOString();
      const next: Enterprise = { ...current, deletedAt: now, updatedAt: now, version: current.version + 1 };
      await save(ctx, principal, "delete", current, next, null);
      return next;
    },

    /**
     * Brings a deleted unit back. `raw` may move it to another town/grid (or drop its host) at the same time —
     * the way back for a unit whose town, grid or host was removed while it was deleted.
     */
    async restore(ctx: RequestContext, id: string, raw: unknown = {}): Promise<Enterprise> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const moves = parseOrThrow(RestoreEnterpriseSchema, raw ?? {});
      const current = await load(principal.tenantId, id, { deleted: true });
      if (current.deletedAt === null) return current;
      const now = clock.now().toISOString();
      const next: Enterprise = { ...current, ...moves, deletedAt: null, updatedAt: now, reviewedAt: now, version: current.version + 1 };
      const { problems, host } = await referenceProblems(principal.tenantId, next);
      if (problems.length > 0) throw errors.unprocessable(problems);
      await save(ctx, principal, "restore", current, next, host);
      return next;
    },

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

    /**
     * Import's check of a row without saving: the problems the upsert would meet (a deleted unit, a grid not in
     * the town, a host cycle…), so an all-or-nothing import finds them all before it writes anything.
     */
    async checkUpsert(ctx: RequestContext, rowInput: CreateEnterpriseInput, fields?: ReadonlySet<string>): Promise<FieldProblem[]> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      return (await prepareUpsert(principal.tenantId, rowInput, fields)).problems;
    },

    /**
     * Import's upsert by credit code: creates the unit, or changes the registered one to match the row (only
     * the `fields` the file has); a row equal to the stored unit changes nothing. `rowInput` has passed
     * CreateEnterpriseSchema.
     */
    async upsert(
      ctx: RequestContext,
      rowInput: CreateEnterpriseInput,
      fields?: ReadonlySet<string>,
    ): Promise<{ outcome: "created" | "updated" | "unchanged"; unit: Enterprise }> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const prepared = await prepareUpsert(principal.tenantId, rowInput, fields);
      if (prepared.problems.length > 0) throw errors.unprocessable(prepared.problems);
      switch (prepared.kind) {
        case "create":
          await save(ctx, principal, "create", undefined, prepared.unit, prepared.host);
          return { outcome: "created", unit: prepared.unit };
        case "update":
          await save(ctx, principal, "update", prepared.current, prepared.next, prepared.host);
          return { outcome: "updated", unit: prepared.next };
        case "unchanged":
          return { outcome: "unchanged", unit: prepared.current };
      }
    },
  };
}

/**
 * What an import row changes on a registered unit: only the fields the file has columns for (a file without a
 * risk-level column leaves risk levels alone), and only the persons it names. A person given with the same
 * name and phone keeps the post (title) on record, since files rarely carry it.
 */
function importPatch(current: Enterprise, row: CreateEnterpriseInput, fields: ReadonlySet<string> | undefined): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key !== "persons" && (!fields || fields.has(key))) patch[key] = value;
  }
  const persons: Record<string, Person | null> = { ...current.persons };
  for (const role of personRoles) {
    if (fields && !fields.has(`persons.${role}`)) continue;
    const given = row.persons[role];
    const kept = current.persons[role];
    persons[role] = given
      ? { ...given, title: given.title ?? (kept && kept.name === given.name && kept.phone === given.phone ? kept.title : null) }
      : null;
  }
  patch.persons = persons;
  return patch;
}

function person(p: Person | null | undefined): Person | null {
  return p ? { ...p, title: p.title ?? null } : null;
}

function normalizePersons(persons: CreateEnterpriseInput["persons"]): Enterprise["persons"] {
  return {
    firstResponsible: { ...persons.firstResponsible, title: persons.firstResponsible.title ?? null },
    actualController: person(persons.actualController),
    safetyResponsible: person(persons.safetyResponsible),
    townSupervisor: person(persons.townSupervisor),
    communitySupervisor: person(persons.communitySupervisor),
  };
}

function newEnterprise(id: string, input: CreateEnterpriseInput, industry: Enterprise["industry"], now: string): Enterprise {
  const { industryCode: _code, persons, ...rest } = input;
  return {
    id,
    ...rest,
    industry,
    persons: normalizePersons(persons),
    reviewedAt: now,
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}
