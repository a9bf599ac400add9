// The apply pass of an import: the rows the check pass accepted, upserted by credit code in row order a few at a
// time (a lessee waits for its host when both are in one group). A save that loses to another write of the same
// unit is worked out again on the fresh unit; a row the register still refuses — it changed since the check — becomes
// a rejection; every other error stops the run. A row is reported as this import first applied it: when the unit
// already matches the row because this import wrote it (a run that crashed before its checkpoint, or a duplicate
// delivery of the message that won the write), its outcome is read from the unit's history, where the write is
// recorded under the import's id — not "unchanged".
import { type ImportRow, parseImportRow } from "#core/imports/enterprise-import";
import type { ImportAcceptedRow, ImportRejection } from "#core/imports/import";
import { DomainError, errors, problem } from "#core/kernel/errors";
import type { Enterprise } from "#core/register/enterprise";
import { fieldsOfRun } from "#jobs/imports/import-check";
import { hostIdOf, type ImportRun, rejectionsOf } from "#jobs/imports/import-run";
import type { SheetRow } from "#tabular/read";

/** Units applied at once within a chunk. */
const applyConcurrency = 8;

/**
 * What the register answers when another write of the same unit (or of its host) came between this row's read and
 * its save: a duplicate run of this import, or an official's edit. The row is then worked out again, not refused.
 */
const lostWrite: ReadonlySet<string> = new Set(["version_mismatch", "credit_code_taken", "enterprise_exists", "reference_changed"]);
/** Rounds a row may lose before its last refusal stands as its rejection. */
const upsertAttempts = 4;

/**
 * How far the unit's history is read back past the import's opening: the API's and the worker's clocks may
 * differ a little, and a write of this import is never older than the import.
 */
const clockSlackMs = 5 * 60_000;

type RowOutcome = ImportAcceptedRow["outcome"];

/** The row's upsert, worked out again on the fresh unit while its save loses to another write. */
async function upsertRow(
  run: ImportRun,
  fields: ReadonlySet<string>,
  parsed: ImportRow,
): Promise<{ outcome: RowOutcome; unit: Enterprise }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const hostId = await hostIdOf(run, parsed.hostCreditCode);
      if (hostId === undefined) {
        throw errors.unprocessable([problem("hostCreditCode", "unknown_host", "出租方未登记", "Host not registered")]);
      }
      return await run.service.upsert(run.ctx, { ...parsed.input, hostId }, fields);
    } catch (error) {
      if (!(error instanceof DomainError) || !lostWrite.has(error.code) || attempt >= upsertAttempts) throw error;
    }
  }
}

/**
 * What this import did to a unit that matches its row already: "created" or "updated" when one of its runs wrote
 * it (found in the unit's history under the import's request id), else undefined. A unit last saved before the
 * import was opened is not read further.
 */
async function earlierOutcome(run: ImportRun, unit: Enterprise): Promise<RowOutcome | undefined> {
  const since = new Date(Date.parse(run.job.createdAt) - clockSlackMs).toISOString();
  if (unit.updatedAt < since) return undefined;
  let cursor: string | undefined;
  do {
    const page = await run.deps.enterprises.history(run.tenantId, unit.id, { limit: 10, ...(cursor ? { cursor } : {}) });
    for (const change of page.items) {
      if (change.requestId === run.ctx.requestId) return change.action === "create" ? "created" : "updated";
      // Newest first: what is older than the import was not written by it.
      if (change.at < since) return undefined;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return undefined;
}

/** Applies one accepted row: its outcome counted and listed, or its rejection when the register refuses it now. */
async function applyRow(
  run: ImportRun,
  fields: ReadonlySet<string>,
  row: SheetRow,
  parsed: ImportRow,
  accepted: ImportAcceptedRow[],
): Promise<ImportRejection[]> {
  const { counts } = run;
  try {
    const upserted = await upsertRow(run, fields, parsed);
    const { unit } = upserted;
    const outcome = upserted.outcome === "unchanged" ? ((await earlierOutcome(run, unit)) ?? "unchanged") : upserted.outcome;
    counts[outcome]++;
    accepted.push({ row: row.rowNumber, creditCode: unit.creditCode, enterpriseId: unit.id, outcome });
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // Only a change to the register since the check pass (or a write it lost again and again) gets here.
    counts.rejected++;
    counts.valid--;
    run.rejectedRows.add(row.rowNumber);
    const problems = error.problems.length > 0 ? error.problems : [{ path: "row", code: error.code, message: error.text }];
    return rejectionsOf(row, problems);
  }
}

/** Applies a chunk's accepted rows: the rejections met, and the rows applied (created, updated or unchanged). */
export async function applyChunk(
  run: ImportRun,
  rows: readonly SheetRow[],
): Promise<{ rejections: ImportRejection[]; accepted: ImportAcceptedRow[] }> {
  const fields = fieldsOfRun(run);
  const rejections: ImportRejection[] = [];
  const accepted: ImportAcceptedRow[] = [];
  let group: { sheet: SheetRow; row: ImportRow }[] = [];
  const applyGroup = async () => {
    for (const r of await Promise.all(group.map((g) => applyRow(run, fields, g.sheet, g.row, accepted)))) rejections.push(...r);
    group = [];
  };
  for (const sheet of rows) {
    const row = run.rejectedRows.has(sheet.rowNumber) ? undefined : parseImportRow(sheet.values, run.places).row;
    if (!row) continue;
    const host = row.hostCreditCode;
    if (group.length >= applyConcurrency || (host !== null && group.some((g) => g.row.input.creditCode === host))) await applyGroup();
    group.push({ sheet, row });
  }
  await applyGroup();
  return { rejections, accepted };
}
