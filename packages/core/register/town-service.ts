// Use cases on towns and grids: the tenant's own map of where units are. Kept by the tenant-admin (scope
// tenant:write); anyone who reads the register reads them. A town or grid still referenced (by units, or a grid by
// the grids inside it) cannot be deleted, and a deletion holds a lease while it checks, so nothing starts
// referencing it meanwhile (#core/kernel/deletion-lease); a grid sits inside the grid one level up (大 → 中 → 小网格).
import { auditEntry, diff } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { deleteUnderLease } from "#core/kernel/deletion-lease";
import { errors, type FieldProblem, problem, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import {
  CreateGridSchema,
  CreateTownSchema,
  type Grid,
  type GridLevel,
  gridLevelNames,
  type Town,
  UpdateGridSchema,
  UpdateTownSchema,
} from "#core/register/town";

const levelNumbers: Record<GridLevel, string> = { 1: "一", 2: "二", 3: "三" };

export interface TownServiceDeps {
  readonly towns: TownRepository;
  readonly enterprises: EnterpriseRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type TownService = ReturnType<typeof createTownService>;

export function createTownService(deps: TownServiceDeps) {
  const { towns, enterprises, clock, ids } = deps;

  async function loadTown(tenantId: string, id: string): Promise<Town> {
    const town = await towns.getTown(tenantId, id);
    if (!town) throw errors.notFound("town", id);
    return town;
  }

  async function loadGrid(tenantId: string, id: string): Promise<Grid> {
    const grid = await towns.getGrid(tenantId, id);
    if (!grid) throw errors.notFound("grid", id);
    return grid;
  }

  /** A grid sits inside the grid one level up, in its own town; a level-1 grid inside none. */
  async function parentProblems(tenantId: string, grid: Grid): Promise<FieldProblem[]> {
    const name = `${gridLevelNames[grid.level]}（${levelNumbers[grid.level]}级）`;
    if (grid.level === 1) {
      return grid.parentGridId === null
        ? []
        : [problem("parentGridId", "parent_not_allowed", `${name}没有上级网格`, "A level-1 grid has no parent grid")];
    }
    const above = (grid.level - 1) as GridLevel;
    const parentName = `${gridLevelNames[above]}（${levelNumbers[above]}级）`;
    if (grid.parentGridId === null) {
      return [
        problem(
          "parentGridId",
          "parent_required",
          `${name}须指定所属${parentName}`,
          `A level-${grid.level} grid needs the level-${above} grid it belongs to`,
        ),
      ];
    }
    const parent = await towns.getGrid(tenantId, grid.parentGridId);
    if (parent?.level !== above || parent.townId !== grid.townId) {
      return [
        problem(
          "parentGridId",
          "invalid_parent_grid",
          `${name}的上级网格须为同一镇（街道）的${parentName}`,
          `The parent of a level-${grid.level} grid must be a level-${above} grid of the same town`,
        ),
      ];
    }
    return [];
  }

  /** The grids directly inside `grid` (a town's grids are a short list: read whole, strongly consistent). */
  async function childrenOf(tenantId: string, grid: Grid): Promise<Grid[]> {
    const ofTown = await towns.gridsOfTown(tenantId, grid.townId);
    return ofTown.filter((g) => g.parentGridId === grid.id);
  }

  return {
    async createTown(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<Town>> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "write");
      const input = parseOrThrow(CreateTownSchema, raw);
      return idempotentCreate(deps.idempotency, principal.tenantId, claim, async (claimed) => {
        const now = clock.now().toISOString();
        const town: Town = { id: ids.next(), ...input, createdAt: now, updatedAt: now, version: 1 };
        const audit = auditEntry(auditSource(ctx, clock, ids), "town.create", { type: "town", id: town.id }, diff(undefined, town));
        await towns.saveTown(
          principal.tenantId,
          { before: undefined, after: town },
          { audit, idempotency: idempotencyWrite(claimed, 201, town) },
        );
        return { status: 201, body: town };
      });
    },

    async listTowns(ctx: RequestContext, page: PageRequest): Promise<Page<Town>> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "read");
      return towns.listTowns(principal.tenantId, page);
    },

    async getTown(ctx: RequestContext, id: string): Promise<Town> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "read");
      return loadTown(principal.tenantId, id);
    },

    async updateTown(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<Town> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "write");
      const patch = parseOrThrow(UpdateTownSchema, raw);
      const current = await loadTown(principal.tenantId, id);
      requireVersion("town", id, expectedVersion, current.version);
      const next: Town = { ...current, ...patch, updatedAt: clock.now().toISOString(), version: current.version + 1 };
      const changes = diff(current, next);
      if (Object.keys(changes).length === 0) return current;
      const audit = auditEntry(auditSource(ctx, clock, ids), "town.update", { type: "town", id }, changes);
      await towns.saveTown(principal.tenantId, { before: current, after: next }, { audit });
      return next;
    },

    async deleteTown(ctx: RequestContext, id: string, expectedVersion?: number): Promise<void> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "write");
      const { tenantId } = principal;
      const current = await loadTown(tenantId, id);
      requireVersion("town", id, expectedVersion, current.version);
      await deleteUnderLease(
        clock,
        { type: "town", id },
        {
          mark: (lease) => towns.markDeleting(tenantId, "town", current, lease),
          // Both strongly consistent: the town's list partition of units, and its grids' name guards.
          check: async () => {
            const [units, grids] = await Promise.all([
              enterprises.list(tenantId, { townId: id, deleted: false }, { limit: 1 }),
              towns.gridsOfTown(tenantId, id),
            ]);
            if (units.items.length > 0 || grids.length > 0) {
              throw errors.conflict("town_in_use", {
                zh: "该镇（街道）下仍有单位或网格，不能删除",
                en: "The town still has units or grids; it cannot be deleted",
              });
            }
          },
          remove: (lease) =>
            towns.deleteTown(tenantId, current, lease, {
              audit: auditEntry(auditSource(ctx, clock, ids), "town.delete", { type: "town", id }),
            }),
          clear: (lease) => towns.clearDeleting(tenantId, "town", id, lease),
        },
      );
    },

    async createGrid(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<Grid>> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "write");
      const input = parseOrThrow(CreateGridSchema, raw);
      // Read here for a clear 422; the save checks the town and the parent grid again in its own transaction, so a
      // deletion of either that races this create refuses it (409 reference_being_deleted) or is refused.
      if (!(await towns.getTown(principal.tenantId, input.townId))) {
        throw errors.unprocessable([
          problem("townId", "unknown_town", `镇（街道）${input.townId} 不存在`, `Town ${input.townId} does not exist`),
        ]);
      }
      return idempotentCreate(deps.idempotency, principal.tenantId, claim, async (claimed) => {
        const now = clock.now().toISOString();
        const grid: Grid = { id: ids.next(), ...input, createdAt: now, updatedAt: now, version: 1 };
        const problems = await parentProblems(principal.tenantId, grid);
        if (problems.length > 0) throw errors.unprocessable(problems);
        const audit = auditEntry(auditSource(ctx, clock, ids), "grid.create", { type: "grid", id: grid.id }, diff(undefined, grid));
        await towns.saveGrid(
          principal.tenantId,
          { before: undefined, after: grid },
          { audit, idempotency: idempotencyWrite(claimed, 201, grid) },
        );
        return { status: 201, body: grid };
      });
    },

    async listGrids(ctx: RequestContext, townId: string | undefined, page: PageRequest): Promise<Page<Grid>> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "read");
      return towns.listGrids(principal.tenantId, townId, page);
    },

    async getGrid(ctx: RequestContext, id: string): Promise<Grid> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "read");
      return loadGrid(principal.tenantId, id);
    },

    async updateGrid(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<Grid> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "write");
      const patch = parseOrThrow(UpdateGridSchema, raw);
      const current = await loadGrid(principal.tenantId, id);
      requireVersion("grid", id, expectedVersion, current.version);
      const next: Grid = { ...current, ...patch, updatedAt: clock.now().toISOString(), version: current.version + 1 };
      const changes = diff(current, next);
      if (Object.keys(changes).length === 0) return current;
      const problems = await parentProblems(principal.tenantId, next);
      // Its own grids sit one level below it: a grid with grids inside keeps its level.
      if (next.level !== current.level && (await childrenOf(principal.tenantId, current)).length > 0) {
        problems.push(
          problem(
            "level",
            "has_child_grids",
            "该网格下有下级网格，不能改变级别；请先调整或删除下级网格",
            "The grid has grids inside it, so its level cannot change; move or delete those first",
          ),
        );
      }
      if (problems.length > 0) throw errors.unprocessable(problems);
      const audit = auditEntry(auditSource(ctx, clock, ids), "grid.update", { type: "grid", id }, changes);
      await towns.saveGrid(principal.tenantId, { before: current, after: next }, { audit });
      return next;
    },

    async deleteGrid(ctx: RequestContext, id: string, expectedVersion?: number): Promise<void> {
      const principal = requireTenantAccess(ctx.principal, "tenant", "write");
      const { tenantId } = principal;
      const current = await loadGrid(tenantId, id);
      requireVersion("grid", id, expectedVersion, current.version);
      await deleteUnderLease(
        clock,
        { type: "grid", id },
        {
          mark: (lease) => towns.markDeleting(tenantId, "grid", current, lease),
          check: async () => {
            const [units, children] = await Promise.all([
              enterprises.list(tenantId, { gridId: id, deleted: false }, { limit: 1 }),
              childrenOf(tenantId, current),
            ]);
            if (units.items.length > 0 || children.length > 0) {
              throw errors.conflict("grid_in_use", {
                zh: "该网格下仍有单位或下级网格，不能删除",
                en: "The grid still has units or grids inside it; it cannot be deleted",
              });
            }
          },
          remove: (lease) =>
            towns.deleteGrid(tenantId, current, lease, {
              audit: auditEntry(auditSource(ctx, clock, ids), "grid.delete", { type: "grid", id }),
            }),
          clear: (lease) => towns.clearDeleting(tenantId, "grid", id, lease),
        },
      );
    },
  };
}
