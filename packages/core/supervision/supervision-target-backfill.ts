// The backfill of the key-target list for a tenant whose data predates it (or predates the rules in force): every
// live unit of the register is re-derived, then every row already on the list (catching a unit deleted or closed
// while a re-derivation failed), a page at a time. Re-deriving a unit whose row is right writes nothing, so a run
// is idempotent; its cost is a few reads per unit — the tenant's size, once. At the end a marker records the rules
// it used; until the rules change, later runs stop at the marker (one read), unless forced.
import type { AuditEntry } from "#core/kernel/audit";
import type { PageRequest } from "#core/kernel/ports";
import { targetRulesVersion } from "#core/supervision/supervision-target";
import type { TargetUpkeep, TargetUpkeepDeps } from "#core/supervision/supervision-target-upkeep";

export const backfillPhases = ["register", "targets"] as const;
export type BackfillPhase = (typeof backfillPhases)[number];

/** Where a run stands: the phase, the cursor into it, and what it has done so far. */
export interface BackfillPosition {
  readonly phase: BackfillPhase;
  readonly cursor?: string | undefined;
  readonly units: number;
  readonly changed: number;
}

export const backfillStart: BackfillPosition = { phase: "register", units: 0, changed: 0 };

/** Units re-derived at once within a page. */
const concurrency = 8;
const pageSize = 100;

export type TargetBackfillRun = ReturnType<typeof targetBackfill>;

export function targetBackfill(deps: TargetUpkeepDeps, upkeep: TargetUpkeep) {
  const cause = (tenantId: string): AuditEntry => ({
    id: deps.ids.next(),
    at: deps.clock.now().toISOString(),
    actor: { kind: "system", id: "supervision-backfill" },
    action: "supervision-targets.backfill",
    entity: { type: "tenant", id: tenantId },
  });

  async function unitsOf(tenantId: string, phase: BackfillPhase, page: PageRequest) {
    if (phase === "register") {
      const units = await deps.enterprises.list(tenantId, { deleted: false }, page);
      return { ids: units.items.map((u) => u.id), nextCursor: units.nextCursor };
    }
    const rows = await deps.supervisionTargets.list(tenantId, {}, page);
    return { ids: rows.items.map((r) => r.enterpriseId), nextCursor: rows.nextCursor };
  }

  return {
    /** Whether the tenant's list was backfilled by the rules in force. */
    async done(tenantId: string): Promise<boolean> {
      const marker = await deps.supervisionTargets.backfill(tenantId);
      return marker !== undefined && marker.rulesVersion >= targetRulesVersion;
    },

    /** Re-derives one page of units: the position after it, and whether both phases are through. */
    async step(tenantId: string, at: BackfillPosition): Promise<{ at: BackfillPosition; finished: boolean }> {
      const { ids, nextCursor } = await unitsOf(tenantId, at.phase, { limit: pageSize, cursor: at.cursor });
      const why = cause(tenantId);
      let changed = 0;
      for (let i = 0; i < ids.length; i += concurrency) {
        const moved = await Promise.all(ids.slice(i, i + concurrency).map((id) => upkeep.rederive(tenantId, id, why)));
        changed += moved.filter(Boolean).length;
      }
      const done = { units: at.units + ids.length, changed: at.changed + changed };
      if (nextCursor) return { at: { phase: at.phase, cursor: nextCursor, ...done }, finished: false };
      return { at: { phase: "targets", ...done }, finished: at.phase === "targets" };
    },

    /** Records that the tenant is backfilled by the rules in force, with what the run did. */
    async finish(tenantId: string, at: BackfillPosition): Promise<void> {
      const why = cause(tenantId);
      await deps.supervisionTargets.saveBackfill(
        tenantId,
        { rulesVersion: targetRulesVersion, completedAt: why.at, units: at.units, changed: at.changed },
        { audit: { ...why, changes: { rulesVersion: { from: null, to: targetRulesVersion }, units: { from: null, to: at.units } } } },
      );
    },
  };
}
