// Keeping the key-target list current: after every change to a fact the rules read (the register record, a
// hazard, a star application or award, a sham mark), the unit is re-derived in the same request and its row saved
// when it changed — with its list entries and an audit record naming the change that caused it. The lower domains
// know nothing of this: `withSupervisionTargets` wraps their repositories, and createApp (and the job runner)
// build every service on the wrapped ones. A re-derivation reads the facts after the change was saved and saves
// only if the row is still the one it read, so of two at once the later one wins on fresher facts.
import type { Hazard } from "#core/hazards/hazard";
import type { HazardEscalations, HazardRepository } from "#core/hazards/ports";
import type { AuditEntry } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { isStale } from "#core/kernel/concurrency";
import { followedBy } from "#core/kernel/follow";
import { allOf } from "#core/kernel/paging";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import type { Enterprise } from "#core/register/enterprise";
import type { EnterpriseRepository } from "#core/register/ports";
import type { ShamFlagRepository, StarApplicationRepository, StarAwardRepository } from "#core/stars/ports";
import type { StarAward } from "#core/stars/star-award-record";
import type { SupervisionTargetRepository } from "#core/supervision/ports";
import type { SupervisionTarget, TargetReasonEntry } from "#core/supervision/supervision-target";
import { keptReasons, type TargetFacts, targetReasonsOf } from "#core/supervision/supervision-target-rules";

export interface TargetUpkeepDeps {
  readonly enterprises: EnterpriseRepository;
  readonly hazards: HazardRepository;
  readonly starAwards: StarAwardRepository;
  readonly starApplications: StarApplicationRepository;
  readonly shamFlags: ShamFlagRepository;
  readonly supervisionTargets: SupervisionTargetRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** Rounds a re-derivation may lose to another one of the same unit before it gives up (the change itself is saved). */
const attempts = 6;

/** The row's content, field by field in a fixed order (a stored map does not keep its key order). */
function content(row: SupervisionTarget | undefined): string {
  if (!row) return "";
  const reasons = row.reasons.map((r) => [r.code, r.explanation.zh, r.explanation.en, r.since, r.ref?.type ?? null, r.ref?.id ?? null]);
  return JSON.stringify([row.enterpriseName, row.creditCode, row.townId, reasons]);
}

const codes = (reasons: readonly TargetReasonEntry[] | undefined) => (reasons ?? []).map((r) => r.code);

export type TargetUpkeep = ReturnType<typeof createTargetUpkeep>;

export function createTargetUpkeep(deps: TargetUpkeepDeps) {
  /**
   * One unit's facts as stored now: a handful of reads; none beyond the record for a closed or deleted unit, or for
   * a unit just created (`created`: nothing can refer to it yet).
   */
  async function factsOf(tenantId: string, enterpriseId: string, today: string, created = false): Promise<TargetFacts> {
    const unit = await deps.enterprises.get(tenantId, enterpriseId);
    const none: TargetFacts = { today, unit, awards: [], applications: [], sham: null, openMajorHazards: [] };
    if (created || !unit || unit.deletedAt !== null || unit.productionStatus === "closed") return none;
    const [awards, summaries, sham, major] = await Promise.all([
      deps.starAwards.ofEnterprise(tenantId, enterpriseId),
      allOf((page) => deps.starApplications.list(tenantId, { enterpriseId }, page)),
      deps.shamFlags.get(tenantId, enterpriseId),
      allOf((page) => deps.hazards.list(tenantId, { enterpriseId, severity: "major", overdue: false, escalated: undefined }, today, page)),
    ]);
    // Only the newest decision's review is read: it alone decides whether the unit stands refused.
    const decided = summaries.find((a) => a.status === "awarded" || a.status === "refused");
    const review = decided?.status === "refused" ? (await deps.starApplications.get(tenantId, decided.id))?.review : null;
    return {
      today,
      unit,
      awards,
      applications: summaries.map((a) => ({
        id: a.id,
        status: a.status,
        filedAt: a.filedAt,
        review: a.id === decided?.id && review ? { at: review.at, reason: review.reason } : null,
      })),
      sham: sham ?? null,
      openMajorHazards: major.filter((h) => h.state !== "closed").map((h) => ({ id: h.id, foundOn: h.foundOn })),
    };
  }

  /** The unit's row from its facts, keeping the first-seen day of reasons whose facts name none. */
  function rowOf(facts: TargetFacts, previous: SupervisionTarget | undefined, at: string): SupervisionTarget | undefined {
    const reasons = keptReasons(targetReasonsOf(facts), previous?.reasons ?? [], facts.today);
    if (!facts.unit || reasons.length === 0) return undefined;
    return {
      enterpriseId: facts.unit.id,
      enterpriseName: facts.unit.name,
      creditCode: facts.unit.creditCode,
      townId: facts.unit.townId,
      reasons,
      updatedAt: at,
      version: (previous?.version ?? 0) + 1,
    };
  }

  return {
    factsOf,

    /**
     * Re-derives the unit after `cause` (the audit record of the change, or of the backfill) and saves its row when
     * it changed; true when it did. `created`: the unit was just created (an import's new rows), so only its record
     * is read, at first.
     */
    async rederive(tenantId: string, enterpriseId: string, cause: AuditEntry, created = false): Promise<boolean> {
      for (let attempt = 1; ; attempt++) {
        const now = deps.clock.now();
        const fresh = created && attempt === 1;
        const before = fresh ? undefined : await deps.supervisionTargets.get(tenantId, enterpriseId);
        const after = rowOf(await factsOf(tenantId, enterpriseId, chinaDate(now), fresh), before, now.toISOString());
        if (content(before) === content(after)) return false;
        const audit: AuditEntry = {
          id: deps.ids.next(),
          at: now.toISOString(),
          actor: cause.actor,
          action: !before ? "supervision-target.enter" : !after ? "supervision-target.leave" : "supervision-target.update",
          entity: { type: "enterprise", id: enterpriseId },
          changes: {
            reasons: { from: codes(before?.reasons), to: codes(after?.reasons) },
            cause: { from: null, to: { action: cause.action, entity: cause.entity } },
          },
          ...(cause.requestId ? { requestId: cause.requestId } : {}),
        };
        try {
          await deps.supervisionTargets.save(tenantId, enterpriseId, { before, after }, { audit });
          return true;
        } catch (error) {
          if (!isStale(error) || attempt >= attempts) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
        }
      }
    },
  };
}

/** The register fields the rules read: a change of any other (a confirmation, a phone number) re-derives nothing. */
function registerFacts(u: Enterprise) {
  const s = u.standardization;
  return JSON.stringify([
    u.name,
    u.creditCode,
    u.townId,
    u.venueType,
    u.productionStatus,
    u.riskLevel,
    u.deletedAt,
    s?.responsibilitySystem ?? false,
    s?.starRated ?? false,
  ]);
}

/** Whether a hazard change can move the unit's open major hazards. */
function movesMajor(before: Hazard | undefined, after: Hazard): boolean {
  if (before?.severity !== "major" && after.severity !== "major") return false;
  return !before || before.severity !== after.severity || (before.state === "closed") !== (after.state === "closed");
}

/** Whether an award change can move the unit's stars as the rules read them: held or not (a suspension is still held), revoked, its validity. */
function movesStars(before: StarAward, after: StarAward): boolean {
  const held = (a: StarAward) => a.state === "active" || a.state === "suspended";
  return held(before) !== held(after) || (before.revoked === null) !== (after.revoked === null) || before.validUntil !== after.validUntil;
}

/**
 * The repositories whose saves change what the key-target rules read, wrapped so that each save is followed by
 * the re-derivation of the unit: register saves (create, update, import upserts, delete, restore), hazard saves
 * (the tenant's and, for an escalated hazard, through the joint tackling list), star applications filed and
 * reviewed, award saves (revoke, reinstate, the weekly sweep's expiries), sham marks set or cleared.
 * `onError` hears a re-derivation that failed: the change itself is saved; `npm run job -- supervision-backfill
 * --force` (or the backfill message with `force`) repairs the list.
 */
export function withSupervisionTargets<
  D extends {
    enterprises: EnterpriseRepository;
    hazards: HazardRepository;
    jointTackling: Pick<HazardEscalations<unknown>, "saveHazard">;
    starApplications: StarApplicationRepository;
    starAwards: StarAwardRepository;
    shamFlags: ShamFlagRepository;
  },
>(deps: D, upkeep: TargetUpkeep, onError: (error: unknown) => void): D {
  const rederive = (tenantId: string, enterpriseId: string, write: { audit: AuditEntry }, created = false) =>
    upkeep.rederive(tenantId, enterpriseId, write.audit, created);
  /** A hazard save (the tenant's own, or an escalated one through the joint tackling list) that can move its major hazards. */
  const hazardSaved = (tenantId: string, change: { before: Hazard | undefined; after: Hazard }, write: { audit: AuditEntry }) =>
    movesMajor(change.before, change.after) ? rederive(tenantId, change.after.enterpriseId, write) : undefined;
  const { enterprises, hazards, jointTackling, starApplications, starAwards, shamFlags } = deps;
  return {
    ...deps,
    enterprises: {
      ...enterprises,
      save: followedBy(
        enterprises.save,
        (tenantId, { before, after }, write) => {
          if (!before) return rederive(tenantId, after.id, write, true);
          return registerFacts(before) !== registerFacts(after) ? rederive(tenantId, after.id, write) : undefined;
        },
        onError,
      ),
    },
    hazards: { ...hazards, save: followedBy(hazards.save, hazardSaved, onError) },
    jointTackling: { ...jointTackling, saveHazard: followedBy(jointTackling.saveHazard, hazardSaved, onError) },
    starApplications: {
      ...starApplications,
      create: followedBy(starApplications.create, (tenantId, { enterpriseId }, write) => rederive(tenantId, enterpriseId, write), onError),
      review: followedBy(
        starApplications.review,
        (tenantId, _before, { enterpriseId }, _awards, write) => rederive(tenantId, enterpriseId, write),
        onError,
      ),
    },
    starAwards: {
      ...starAwards,
      save: followedBy(
        starAwards.save,
        (tenantId, { before, after }, write) => (movesStars(before, after) ? rederive(tenantId, after.enterpriseId, write) : undefined),
        onError,
      ),
    },
    shamFlags: {
      ...shamFlags,
      flag: followedBy(shamFlags.flag, (tenantId, { enterpriseId }, write) => rederive(tenantId, enterpriseId, write), onError),
      clear: followedBy(shamFlags.clear, (tenantId, { enterpriseId }, write) => rederive(tenantId, enterpriseId, write), onError),
    },
  };
}
