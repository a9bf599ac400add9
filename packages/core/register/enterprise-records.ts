// A unit of the register as stored, for every use case that changes one: read it, check what spans records
// (the town, grid and host it references; no host cycles; move-out after move-in), and the one save that writes
// it with its history entry, change-feed entry (for the weekly refresh) and audit record in one transaction.
import { auditEntry, diff } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import type { DeletionLease } from "#core/kernel/deletion-lease";
import { errors, type FieldProblem, problem } from "#core/kernel/errors";
import { idempotencyWrite } from "#core/kernel/idempotency";
import type { Clock, IdempotencyClaim, IdGenerator } from "#core/kernel/ports";
import { actorOf, type TenantPrincipal } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import {
  type CreateEnterpriseInput,
  dimensionValues,
  type Enterprise,
  type EnterpriseChange,
  type Person,
  type Standardization,
  type StandardizationInput,
  UpdateEnterpriseSchema,
} from "#core/register/enterprise";
import { industryByCode } from "#core/register/industry";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import { existingEnterprise } from "#core/register/references";

export interface EnterpriseRecordsDeps {
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** How far a host chain is followed when looking for a cycle; real premises have one or two levels. */
const maxHostDepth = 8;

export type ChangeAction = EnterpriseChange["action"];

export type EnterpriseRecords = ReturnType<typeof enterpriseRecords>;

export function enterpriseRecords(deps: EnterpriseRecordsDeps) {
  const { enterprises, towns, clock, ids } = deps;

  function load(tenantId: string, id: string, options: { deleted?: boolean } = {}): Promise<Enterprise> {
    return existingEnterprise(enterprises, tenantId, id, options);
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
    options: {
      readonly claim?: IdempotencyClaim | undefined;
      readonly replyStatus?: number;
      /** A soft deletion's lease: the unit is replaced only while it still holds it. */
      readonly lease?: DeletionLease;
    } = {},
  ) {
    const { claim, replyStatus = 200, lease } = options;
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
        ...(lease ? { lease } : {}),
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
    const { industryCode, persons, standardization, ...rest } = patch;
    const now = clock.now().toISOString();
    const next: Enterprise = {
      ...current,
      ...rest,
      ...(industryCode !== undefined ? { industry: industryOf(industryCode) } : {}),
      ...(persons !== undefined ? { persons: normalizePersons(persons) } : {}),
      ...(standardization !== undefined ? { standardization: profileOf(standardization, current.standardization) } : {}),
      updatedAt: now,
      reviewedAt: now,
      version: current.version + 1,
    };
    const changes = diff(current, next, ["version", "updatedAt", "createdAt", "reviewedAt"]);
    if (Object.keys(changes).length === 0) return undefined;
    const { problems, host } = await referenceProblems(tenantId, next);
    return { next, host, problems: [...starRatedProblems(current, next), ...problems] };
  }

  return { load, referenceProblems, industryOf, save, preparePatch };
}

/**
 * The standardization profile a request makes: `starRated` left out keeps what is stored (starRatedProblems
 * refuses setting it).
 */
function profileOf(given: StandardizationInput, stored: Standardization | undefined): Standardization {
  return { ...given, starRated: given.starRated ?? stored?.starRated ?? false };
}

/**
 * `standardization.starRated` is a record from before Anquan kept star ratings, no longer an input: a change may
 * keep it or clear it, never set it (a star rating is taken part in by applying: POST /v1/star-applications).
 */
export function starRatedProblems(before: Enterprise | undefined, after: Enterprise): FieldProblem[] {
  if (after.standardization?.starRated !== true || before?.standardization?.starRated === true) return [];
  return [
    problem(
      "standardization.starRated",
      "star_rated_read_only",
      "“开展星级评定”不再手工填写：以星级评定申请与授星记录为准（POST /v1/star-applications）；此处仅保留系统启用前的记录，可清除、不可设置",
      "starRated is no longer set by hand: star ratings come from star applications and awards (POST /v1/star-applications); " +
        "it only keeps a record from before Anquan, which may be cleared but not set",
    ),
  ];
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

export function newEnterprise(id: string, input: CreateEnterpriseInput, industry: Enterprise["industry"], now: string): Enterprise {
  const { industryCode: _code, persons, standardization, ...rest } = input;
  return {
    id,
    ...rest,
    industry,
    persons: normalizePersons(persons),
    standardization: profileOf(standardization, undefined),
    reviewedAt: now,
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}
