// One run of an import job, as explicit state: the job as last saved (its version is the run's lease: a second
// runner loses at save), the tenant's places and the register's upsert, the pass it is in, its counts, the rows
// rejected so far and the credit codes accepted above the current row. The steps (import-check.ts,
// import-apply.ts, import-job.ts) read and change this state and nothing else.
import { columnOf, type PlaceLookup } from "#core/imports/enterprise-import";
import { type ImportCounts, type ImportJob, type ImportRejection, importFileKey, zeroCounts } from "#core/imports/import";
import { auditEntry, diff } from "#core/kernel/audit";
import { isStale } from "#core/kernel/concurrency";
import { auditSource } from "#core/kernel/context";
import { DomainError, errors, type FieldProblem } from "#core/kernel/errors";
import { allOf } from "#core/kernel/paging";
import type { Principal } from "#core/kernel/principal";
import { createEnterpriseService, type EnterpriseService } from "#core/register/enterprise-service";
import { columnHeaders, registerColumns, retiredColumns } from "#core/register/register-sheet";
import type { Grid, Town } from "#core/register/town";
import type { JobDeps } from "#jobs/deps";
import type { ColumnSpec, SheetRow } from "#tabular/read";

export type Places = PlaceLookup & { towns: Map<string, Town>; grids: Map<string, Grid> };

export interface ImportRun {
  readonly deps: JobDeps;
  readonly tenantId: string;
  readonly importId: string;
  /** The job as last saved by this run. */
  job: ImportJob;
  readonly places: Places;
  /** The register's use cases, on the places read once for the run. */
  readonly service: EnterpriseService;
  readonly ctx: { readonly principal: Principal; readonly requestId: string };
  /** Check every row, then apply the valid ones. */
  readonly phase: "validate" | "apply";
  readonly counts: ImportCounts;
  /** Rows rejected with their reasons: skipped by the apply pass. */
  readonly rejectedRows: Set<number>;
  /** Credit codes of accepted rows above the current one, with their row: duplicates, and hosts named by lessees. */
  readonly seen: Map<string, number>;
}

/** How a step that ends the run ends it: finished (failed, rejected or completed). */
export type RunOutcome = { readonly done: true };

/** The columns the register's files may have, as the spreadsheet reader takes them (retired ones to tell of them). */
export const columns: ColumnSpec[] = [...registerColumns, ...retiredColumns].map((c) => ({
  key: c.key,
  headers: [...c.headers],
  ...(c.required ? { required: true } : {}),
}));

/** Who an import's job acts as: the official (or API key) who started it. */
export function principalOf(job: ImportJob, tenantId: string): Principal {
  return job.createdBy.kind === "api-key"
    ? {
        kind: "api-key",
        tenantId,
        keyId: job.createdBy.id,
        scopes: ["enterprises:read", "enterprises:write"],
        createdBy: job.createdBy.person ?? job.createdBy.id,
      }
    : { kind: "user", tenantId, subject: job.createdBy.id, role: (job.createdBy.role ?? "inspector") as "inspector" };
}

/** The tenant's towns and grids by name and id: read once per run (a tenant has hundreds, not millions). */
async function loadPlaces(deps: JobDeps, tenantId: string): Promise<Places> {
  const towns = await allOf((page) => deps.towns.listTowns(tenantId, page));
  const grids = await allOf((page) => deps.towns.listGrids(tenantId, undefined, page));
  const townIds = new Map(towns.map((t) => [t.id, t]));
  const gridIds = new Map(grids.map((g) => [g.id, g]));
  const townNames = new Map(towns.map((t) => [t.name, t.id]));
  const gridNames = new Map(grids.map((g) => [`${g.townId}\n${g.name}`, g.id]));
  return {
    towns: townIds,
    grids: gridIds,
    townByName: (name) => townNames.get(name),
    gridByName: (townId, name) => gridNames.get(`${townId}\n${name}`),
    townById: (id) => townIds.has(id),
    gridById: (townId, id) => gridIds.get(id)?.townId === townId,
  };
}

/** The run of a job that is queued or part-way, or undefined when there is nothing to run. */
export async function startRun(deps: JobDeps, tenantId: string, importId: string): Promise<ImportRun | undefined> {
  const job = await deps.imports.get(tenantId, importId);
  if (!job || (job.status !== "queued" && job.status !== "validating" && job.status !== "importing")) return undefined;
  const places = await loadPlaces(deps, tenantId);
  const cachedTowns = {
    ...deps.towns,
    getTown: async (_t: string, id: string) => places.towns.get(id),
    getGrid: async (_t: string, id: string) => places.grids.get(id),
  };
  return {
    deps,
    tenantId,
    importId,
    job,
    places,
    service: createEnterpriseService({ ...deps, towns: cachedTowns }),
    ctx: { principal: principalOf(job, tenantId), requestId: `import-${importId}` },
    phase: job.phase ?? "validate",
    counts: { ...zeroCounts, ...job.counts },
    rejectedRows: new Set(),
    seen: new Map(),
  };
}

/**
 * Another run of the same import (a duplicate delivery of its message, or a redrive) saved the job first: that
 * run holds the import now, and this one stops without saving anything more.
 */
export class LeaseLost extends Error {
  constructor(importId: string) {
    super(`Another run of import ${importId} saved it first`);
    this.name = "LeaseLost";
  }
}

/**
 * Saves the job with `patch`, at the version this run last saw (a second runner loses here: LeaseLost), with its
 * audit record: `import.<status>` when the status changes, else `import.checkpoint` (counts and the checkpoint row).
 */
export async function saveJob(run: ImportRun, patch: Partial<ImportJob>): Promise<void> {
  const { clock, ids } = run.deps;
  const now = clock.now().toISOString();
  const next: ImportJob = { ...run.job, ...patch, updatedAt: now, version: run.job.version + 1 };
  const action = next.status !== run.job.status ? next.status : "checkpoint";
  const audit = auditEntry(auditSource(run.ctx, clock, ids), `import.${action}`, { type: "import", id: next.id }, diff(run.job, next));
  try {
    await run.deps.imports.save(run.tenantId, { before: run.job, after: next }, { audit });
  } catch (error) {
    if (isStale(error)) throw new LeaseLost(run.importId);
    throw error;
  }
  run.job = next;
}

/** Ends the job as failed with its reason. */
export async function failJob(run: ImportRun, code: string, zh: string, en: string): Promise<RunOutcome> {
  await saveJob(run, { status: "failed", error: { code, message: { zh, en } }, finishedAt: run.deps.clock.now().toISOString() });
  return { done: true };
}

/**
 * The upload the job was queued on (jobs queued before revisions existed have none), read as the very file stored
 * then (its pinned etag; jobs queued before pinning have none): another file under the key since is refused, so
 * the check and apply passes never read two different files. Undefined when the file is gone.
 */
export async function jobFile(run: ImportRun): Promise<AsyncIterable<Uint8Array> | undefined> {
  const { fileRevision, fileEtag } = run.job;
  const key = importFileKey(run.importId, run.job.format, fileRevision ?? null);
  try {
    return await run.deps.blobs.get(run.tenantId, key, fileEtag ? { ifMatch: fileEtag } : undefined);
  } catch (error) {
    if (error instanceof DomainError && error.code === "file_replaced") throw fileReplaced();
    throw error;
  }
}

/** The job's reason when its file was replaced after it was queued (failJob with it). */
function fileReplaced(): DomainError {
  return errors.conflict("file_replaced", {
    zh: "开始导入后，存储中的导入文件被替换为另一个文件；为免检查与导入的不是同一文件，本次导入已停止，另一文件的内容均未导入。请重新开启导入并上传文件",
    en:
      "The import file in storage was replaced by another file after the import started; so that what is checked is what is " +
      "applied, the import stopped and nothing of the other file was applied. Open a new import and upload the file again",
  });
}

/** A row's problems as rejections: row, field, the file's column header, reason and the cell. */
export function rejectionsOf(row: SheetRow, problems: readonly FieldProblem[]): ImportRejection[] {
  return problems.map((p) => {
    const field = columnOf(p.path);
    return {
      row: row.rowNumber,
      field,
      column: columnHeaders.get(field) ?? null,
      code: p.code,
      message: p.message,
      value: row.values[field] ?? null,
    };
  });
}

/** The register's id for a host's credit code: null for no host, undefined for a host not registered. */
export async function hostIdOf(run: ImportRun, code: string | null): Promise<string | null | undefined> {
  return code === null ? null : ((await run.deps.enterprises.idByCreditCode(run.tenantId, code)) ?? undefined);
}
