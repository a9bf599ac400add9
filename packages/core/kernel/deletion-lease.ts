// Deleting a record others reference (a town, a grid, a host unit) without a reference slipping in between the
// check and the delete: a deletion LEASE (docs/decisions.md, "Deleting what others reference").
//
//   1. mark   — the record gets `deletingUntil = now + 60 s`, conditioned on the version the deletion read (no
//               version bump: it is not a change of the record);
//   2. check  — what references it is listed with a strongly consistent read of the base table;
//   3. either — something found: the mark is taken off, 409 as ever; nothing found: the record is deleted,
//               conditioned on that version and on the mark still being this lease.
//
// Every write that starts referencing the record carries, in its own transaction, a check that the record is there
// and holds no lease at the write's time: `attribute_exists(pk) AND (attribute_not_exists(deletingUntil) OR
// deletingUntil < :now)`.
//
// Why the order is safe. DynamoDB serializes the reference write W (its transaction checks the record R) with the
// mark (an UpdateItem of R): one of them comes first.
//   - W first: W committed before the mark, with its list entry in the same transaction; the check comes after the
//     mark was acknowledged, and a strongly consistent read reflects every write that succeeded before it, so it
//     sees W and the deletion is refused. (A Query is only read-committed across items: one running while W's
//     commit is still being applied could miss W's entry. The check starts a full round trip after the mark, which
//     itself waited for W's commit on R; that gap is the one this design leaves to DynamoDB.)
//   - The mark first: W's check meets the lease (unless it ran out, below) and W is refused. If an edit replaced R
//     in between, it dropped the lease — and moved the version, so the delete of step 3 is refused (412) instead.
//   - W after the delete: R is gone, W's check fails.
// The lease runs out after 60 s, so a deletion that dies between its steps frees the record by itself. A deletion
// goes on to step 3 only while half its lease is left by its own clock; later, a reference write on a clock that
// runs ahead could already take the lease as expired, so the deletion gives up (409 `deletion_timed_out`).
//
// No counter of references is kept on the record: an import writing thousands of units into one town would make every
// one of those writes conflict on it. The reference writes only read the record (a ConditionCheck), which concurrent
// transactions share.
import { errors } from "#core/kernel/errors";
import type { Clock } from "#core/kernel/ports";

/** A deletion's hold on the record it deletes: from `at` until `until` (ISO instants). */
export interface DeletionLease {
  readonly at: string;
  readonly until: string;
}

/** How long a deletion holds its record: far longer than its check, short enough for a deletion that died. */
export const deletionLeaseMs = 60_000;

/** The part of its lease a deletion must have left to go on to its delete: beyond clock skew and one round trip. */
const marginMs = deletionLeaseMs / 2;

/** The steps of one deletion under a lease. */
export interface LeasedDeletion<T> {
  /** Sets the lease on the record, at the version read (412 when it changed, 409 when another deletion holds it). */
  mark(lease: DeletionLease): Promise<void>;
  /** Lists what references the record, strongly consistent; throws (409) when anything does. */
  check(): Promise<void>;
  /** The deletion's own write, conditioned on the version read and on this lease. */
  remove(lease: DeletionLease): Promise<T>;
  /** Takes the lease off the record, if it still holds it. */
  clear(lease: DeletionLease): Promise<void>;
}

/** Runs `steps` in the order that makes a deletion safe (above): mark, check, then delete or clear. */
export async function deleteUnderLease<T>(
  clock: Clock,
  record: { readonly type: string; readonly id: string },
  steps: LeasedDeletion<T>,
): Promise<T> {
  const start = clock.now().getTime();
  const lease: DeletionLease = { at: new Date(start).toISOString(), until: new Date(start + deletionLeaseMs).toISOString() };
  await steps.mark(lease);
  try {
    await steps.check();
    if (clock.now().getTime() > start + deletionLeaseMs - marginMs) throw deletionTimedOut(record);
    return await steps.remove(lease);
  } catch (error) {
    // Refused or failed: the record takes references again at once. Should this fail too, the lease runs out.
    await steps.clear(lease).catch(() => undefined);
    throw error;
  }
}

/** 409 `deletion_timed_out`: the check before the deletion outlasted the deletion's lease, so nothing was deleted. */
export function deletionTimedOut(record: { readonly type: string; readonly id: string }): Error {
  return errors.conflict(
    "deletion_timed_out",
    {
      zh: "删除前的引用检查耗时过长，未删除；请刷新后重试",
      en: "The check before the deletion took too long, so nothing was deleted; reload and retry",
    },
    { type: record.type, id: record.id },
  );
}

/** 409 `deletion_in_progress`: another request's deletion holds the record. */
export function deletionInProgress(record: { readonly type: string; readonly id: string }): Error {
  return errors.conflict(
    "deletion_in_progress",
    { zh: "该记录正在被另一个请求删除，请稍后刷新再试", en: "Another request is deleting this record; reload and retry in a minute" },
    { type: record.type, id: record.id },
  );
}
