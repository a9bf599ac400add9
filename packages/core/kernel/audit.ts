// Audit records: who changed what, when. Every write stores one in the same transaction as the change.
import { z } from "zod";
import type { Principal } from "#core/kernel/principal";
import { actorOf } from "#core/kernel/principal";

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string().meta({ description: "ISO-8601 instant (UTC)" }),
  actor: z.object({ kind: z.enum(["platform", "user", "api-key", "system"]), id: z.string(), role: z.string().optional() }),
  action: z.string().meta({ example: "tenant.update" }),
  entity: z.object({ type: z.string(), id: z.string() }),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).optional(),
  requestId: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export interface AuditSource {
  readonly principal: Principal;
  readonly requestId: string;
  readonly id: string;
  readonly at: Date;
}

export function auditEntry(
  source: AuditSource,
  action: string,
  entity: { type: string; id: string },
  changes?: AuditEntry["changes"],
): AuditEntry {
  return {
    id: source.id,
    at: source.at.toISOString(),
    actor: actorOf(source.principal),
    action,
    entity,
    ...(changes && Object.keys(changes).length > 0 ? { changes } : {}),
    requestId: source.requestId,
  };
}

/** Field-by-field differences between two versions of an entity (bookkeeping fields left out). */
export function diff<T extends Record<string, unknown>>(
  before: T | undefined,
  after: T,
  ignore: readonly string[] = ["version", "updatedAt", "createdAt"],
): NonNullable<AuditEntry["changes"]> {
  const changes: NonNullable<AuditEntry["changes"]> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const key of keys) {
    if (ignore.includes(key)) continue;
    const from = before?.[key];
    const to = after[key];
    if (canonical(from) !== canonical(to)) changes[key] = { from: from ?? null, to: to ?? null };
  }
  return changes;
}

/** JSON with object keys sorted: a stored map (whose key order DynamoDB does not keep) equals the same value built anew. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
