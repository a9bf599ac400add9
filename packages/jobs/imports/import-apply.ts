// The apply pass of an import: the rows the check pass accepted, upserted by credit code in row order a few at a
// time (a lessee waits for its host when both are in one group). A row the register refuses now — it changed
// since the check, or someone edited the unit meanwhile — becomes a rejection; every other error stops the run.
import { type ImportRow, parseImportRow } from "#core/imports/enterprise-import";
import type { ImportAcceptedRow, ImportRejection } from "#core/imports/import";
import { DomainError, errors, problem } from "#core/kernel/errors";
import { fieldsOfRun } from "#jobs/imports/import-check";
import { hostIdOf, type ImportRun, rejectionsOf } from "#jobs/imports/import-run";
import type { SheetRow } from "#tabular/read";

/** Units applied at once within a chunk. */
const applyConcurrency = 8;

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
    const hostId = await hostIdOf(run, parsed.hostCreditCode);
    if (hostId === undefined) {
      throw errors.unprocessable([problem("hostCreditCode", "unknown_host", "出租方未登记", "Host not registered")]);
    }
    const { outcome, unit } = await run.service.upsert(run.ctx, { ...parsed.input, hostId }, fields);
    counts[outcome]++;
    accepted.push({ row: row.rowNumber, creditCode: unit.creditCode, enterpriseId: unit.id, outcome });
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // Only a change to the register since the check pass (or a concurrent edit) gets here.
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
