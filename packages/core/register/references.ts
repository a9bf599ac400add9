// Checks every use case shares on what a request refers to: a unit that must be live in the tenant (or, named in a path, exist: 404), and a date
// that cannot lie after today. Each is 422 naming the field, in Chinese and English.

import { errors, problem } from "#core/kernel/errors";
import { idPattern } from "#core/kernel/ids";
import type { Enterprise } from "#core/register/enterprise";
import type { EnterpriseRepository } from "#core/register/ports";

/** The unit `id` of the tenant, not deleted; else 422 `unknown_enterprise` at `path`. */
export async function liveEnterprise(enterprises: EnterpriseRepository, tenantId: string, id: string, path: string): Promise<Enterprise> {
  const unit = await enterprises.get(tenantId, id);
  if (!unit || unit.deletedAt !== null) {
    throw errors.unprocessable([
      problem(path, "unknown_enterprise", `单位 ${id} 不存在或已删除`, `Unit ${id} does not exist or is deleted`),
    ]);
  }
  return unit;
}

/** 422 `date_in_future` at `path` when `date` (YYYY-MM-DD) is after `today`. */
export function notAfterToday(path: string, date: string, today: string): void {
  if (date > today) throw errors.unprocessable([problem(path, "date_in_future", "日期不能晚于今天", "The date cannot be after today")]);
}

/**
 * The unit at `id` in a path: 404 `enterprise` when the tenant has none, or when it is deleted — unless
 * `deleted` (reading a deleted unit's history).
 */
export async function existingEnterprise(
  enterprises: EnterpriseRepository,
  tenantId: string,
  id: string,
  options: { deleted?: boolean } = {},
): Promise<Enterprise> {
  const unit = idPattern.test(id) ? await enterprises.get(tenantId, id) : undefined;
  if (!unit || (unit.deletedAt !== null && !options.deleted)) throw errors.notFound("enterprise", id);
  return unit;
}
