// Keeping a unit's placards in step with the register: after a unit's save that changes a responsible person,
// moves the unit to another town, deletes or restores it, its active placards (a handful, one Query) are marked with
// the persons they no longer show right (the replacement list's person-changed reasons) and take the unit's town
// (which the replacement list and the coverage figures go by; none while the unit is deleted).
//
// Why on the register's write, and not by comparing placards with the register when the list is read: the
// comparison would read every active placard of the tenant and its unit on every request, where the write costs one
// Query and a save per placard of the one unit that changed, and the list is then one index partition read a page
// at a time. The register knows nothing of this (register uses no other domain): `withPlacardUpkeep` wraps its
// repository, as the key-target and star upkeeps do, and createApp and the job runner (imports) build on the wrapped
// one. A failed upkeep leaves the unit's change saved and is logged; the placards' next change through the API
// (a check, an edit) takes the unit's town again, and the unit's next person change flags them.
import type { AuditEntry } from "#core/kernel/audit";
import { isStale } from "#core/kernel/concurrency";
import { followedBy } from "#core/kernel/follow";
import { allOf } from "#core/kernel/paging";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import type { Placard } from "#core/placards/placard";
import { changedRoles, followRegister } from "#core/placards/placard-replacement";
import type { PlacardRepository } from "#core/placards/ports";
import type { Enterprise } from "#core/register/enterprise";
import type { EnterpriseRepository } from "#core/register/ports";

export interface PlacardUpkeepDeps {
  readonly placards: PlacardRepository;
  readonly enterprises: EnterpriseRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** Rounds one placard's update may lose to another change of it before the upkeep gives up on it. */
const attempts = 5;

export type PlacardUpkeep = ReturnType<typeof createPlacardUpkeep>;

export function createPlacardUpkeep(deps: PlacardUpkeepDeps) {
  const { placards, enterprises, clock, ids } = deps;

  /**
   * The placard after the unit's change, or undefined when it stays as it is. A deleted unit's placards take no town
   * (null): they leave the coverage counts and the replacement list until the unit is restored.
   */
  function followed(p: Placard, roles: ReturnType<typeof changedRoles>, unit: Enterprise, at: string): Placard | undefined {
    const live = unit.deletedAt === null;
    const personChanges = live && roles.length > 0 ? followRegister(p, roles, unit, at) : undefined;
    const town = live ? unit.townId : null;
    const townId = p.status === "active" && p.townId !== town ? town : undefined;
    if (personChanges === undefined && townId === undefined) return undefined;
    return {
      ...p,
      ...(personChanges !== undefined ? { personChanges } : {}),
      ...(townId !== undefined ? { townId } : {}),
      updatedAt: clock.now().toISOString(),
      version: p.version + 1,
    };
  }

  return {
    /**
     * After the unit's save (`before` → `after`, recorded by `cause`): updates its active placards; how many it saved.
     * The persons are compared with the unit as read now, so of two quick changes the later state wins.
     */
    async unitChanged(tenantId: string, before: Enterprise | undefined, after: Enterprise, cause: AuditEntry): Promise<number> {
      if (!before) return 0; // a new unit has no placards yet
      const roles = changedRoles(before, after);
      const placed = before.townId === after.townId && (before.deletedAt === null) === (after.deletedAt === null);
      if (roles.length === 0 && placed) return 0;
      const unit = await enterprises.get(tenantId, after.id);
      if (!unit) return 0;
      const active = (await allOf((page) => placards.list(tenantId, after.id, page))).filter((p) => p.status === "active");
      let saved = 0;
      for (const listed of active) {
        for (let attempt = 1; ; attempt++) {
          const current = attempt === 1 ? listed : await placards.get(tenantId, listed.id);
          const next = current && followed(current, roles, unit, after.updatedAt);
          if (!current || !next) break;
          const audit: AuditEntry = {
            id: ids.next(),
            at: clock.now().toISOString(),
            actor: cause.actor,
            action: "placard.follow-register",
            entity: { type: "placard", id: current.id },
            changes: {
              ...(next.townId !== current.townId ? { townId: { from: current.townId ?? null, to: next.townId ?? null } } : {}),
              ...(next.personChanges !== current.personChanges
                ? { personChanges: { from: current.personChanges ?? [], to: next.personChanges ?? [] } }
                : {}),
              cause: { from: null, to: { action: cause.action, entity: cause.entity } },
            },
            ...(cause.requestId ? { requestId: cause.requestId } : {}),
          };
          try {
            await placards.save(tenantId, { before: current, after: next }, { audit });
            saved++;
            break;
          } catch (error) {
            if (!isStale(error) || attempt >= attempts) throw error;
          }
        }
      }
      return saved;
    },
  };
}

/**
 * The register's repository wrapped so that each save of a unit is followed by its placards' upkeep. `onError` hears
 * an upkeep that failed (the unit's change itself stands).
 */
export function withPlacardUpkeep<D extends { enterprises: EnterpriseRepository }>(
  deps: D,
  upkeep: PlacardUpkeep,
  onError: (error: unknown) => void,
): D {
  const { enterprises } = deps;
  return {
    ...deps,
    enterprises: {
      ...enterprises,
      save: followedBy(
        enterprises.save,
        (tenantId, { before, after }, write) => upkeep.unitChanged(tenantId, before, after, write.audit),
        onError,
      ),
    },
  };
}
