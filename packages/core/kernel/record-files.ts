// A file stored first, then named by a record's save: when that save fails, the new file is deleted only if the
// save surely changed nothing. A DomainError (a failed condition, a broken rule) says so. Any other failure —
// storage busy, or an answer lost after the write was applied — may hide a save that went through whole, and
// deleting the file then would leave the record naming a file that is gone. So the record is read again first:
// it names the file → the save happened (the caller goes on as saved); it does not → the file is deleted; it
// cannot be read → the file is kept (a file no record names is only space; a record naming a deleted file is a
// broken legal record).

import { DomainError } from "#core/kernel/errors";

export interface FailedFileSave {
  /** Whether the record as stored now names the new file (read again, consistently). */
  readonly applied: () => Promise<boolean>;
  /** Deletes the new file. */
  readonly discard: () => Promise<void>;
}

/**
 * After the save naming a new file threw `error`: true when the save was applied after all (keep the file, answer
 * as saved); false when it was not (the file is deleted, or kept when that cannot be told) — rethrow `error` then.
 */
export async function savedDespite(error: unknown, save: FailedFileSave): Promise<boolean> {
  if (!(error instanceof DomainError)) {
    let applied: boolean;
    try {
      applied = await save.applied();
    } catch {
      return false; // unknown: keep the file
    }
    if (applied) return true;
  }
  await save.discard().catch(() => undefined);
  return false;
}
