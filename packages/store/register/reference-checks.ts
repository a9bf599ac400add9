// The check a write of the register carries, in its own transaction, for each town, grid or host unit it starts
// referencing: the record is there (the host at the version read) and no deletion holds it (store/dynamo/
// deletion-lease.ts). Refused, the whole write is: 409 `reference_being_deleted` while a deletion holds the record,
// else 409 `reference_changed`.
import { errors } from "#core/kernel/errors";
import { leaseHolds, referable } from "#store/dynamo/deletion-lease";
import type { Key } from "#store/dynamo/keys";
import type { StoreTarget, TransactionStep } from "#store/dynamo/writes";

/** The step checking the record at `key` at `now` (the write's own time), at `version` when given. */
export function referenceCheck(t: StoreTarget, key: Key, now: string, version?: number): TransactionStep {
  return { item: referable(t, key, now, version), onConditionFailed: (stored) => referenceRefused(stored, now) };
}

function referenceRefused(stored: Record<string, unknown> | undefined, now: string): Error {
  if (leaseHolds(stored, now)) {
    return errors.conflict("reference_being_deleted", {
      zh: "所引用的镇（街道）、网格或出租方单位正在被删除，未保存；请稍后刷新再试",
      en: "A referenced town, grid or host unit is being deleted, so nothing was saved; reload and retry in a minute",
    });
  }
  return errors.conflict("reference_changed", {
    zh: "所引用的镇（街道）、网格或出租方单位刚被修改或删除，请刷新后重试",
    en: "A referenced town, grid or host unit was just changed or deleted; reload and retry",
  });
}
