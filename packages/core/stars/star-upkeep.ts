// Keeping awarded stars true to the evidence: after a change to a unit's hazards or a verified assessment, the
// unit's held awards are re-derived (awardStatus) in the same request, and an award whose state changes — a
// trigger fired (suspended at once, with the reasons), or a firing gone (restored) — is saved with its history
// and an audit record naming the change that caused it. The weekly refresh re-derives the awards whose
// nextCheckOn has come (deadlines passing, expiries).
import type { AssessmentRepository } from "#core/assessments/ports";
import type { Hazard } from "#core/hazards/hazard";
import type { HazardEscalations, HazardRepository } from "#core/hazards/ports";
import type { AuditEntry } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { followedBy } from "#core/kernel/follow";
import { pagesOf } from "#core/kernel/paging";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import type { Enterprise } from "#core/register/enterprise";
import type { AccidentRepository, EnterpriseRepository } from "#core/register/ports";
import type { ShamFlagRepository, StarAwardRepository, StarSchemeRepository } from "#core/stars/ports";
import { awardStatus, nextCheckOn } from "#core/stars/star-award";
import { isHeld as held, renewals, type StarAward } from "#core/stars/star-award-record";
import type { UnitEvidence } from "#core/stars/star-evidence";
import { type EvidenceReaderDeps, evidenceReader } from "#core/stars/star-evidence-reader";
import type { StarSchemeVersion } from "#core/stars/star-scheme";

export interface StarUpkeepDeps extends EvidenceReaderDeps {
  readonly starAwards: StarAwardRepository;
  readonly starSchemes: StarSchemeRepository;
  readonly enterprises: EnterpriseRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/**
 * The award re-derived from `evidence`: unchanged (the same object) when neither its state, its firings nor its
 * nextCheckOn moved; a new version with only nextCheckOn moved when that is all; else with a history entry.
 */
export function rederived(award: StarAward, version: StarSchemeVersion, evidence: UnitEvidence, at: string, by: string): StarAward {
  const star = version.definition.stars.find((s) => s.id === award.starId);
  if (!star) return award;
  const terms = {
    awardedOn: award.awardedOn,
    validUntil: award.validUntil,
    reinstatedOver: award.reinstatedOver,
    revoked: award.revoked !== null,
  };
  const status = awardStatus(terms, star, evidence);
  const due = nextCheckOn(terms, star, evidence);
  const keys = (fired: readonly { key: string }[]) => fired.map((f) => f.key).join("\n");
  const same = status.state === award.state && keys(status.fired) === keys(award.suspension?.fired ?? []);
  if (same && due === award.nextCheckOn) return award;
  if (same) return { ...award, nextCheckOn: due, updatedAt: at, version: award.version + 1 };
  const action = status.state === "suspended" ? "suspend" : status.state === "expired" ? "expire" : "restore";
  return {
    ...award,
    state: status.state,
    suspension: status.state === "suspended" ? { since: award.suspension?.since ?? at, fired: [...status.fired] } : null,
    nextCheckOn: due,
    history: [
      ...award.history,
      { at, by, action, from: award.state, to: status.state, note: status.fired.map((f) => f.reason.zh).join("；") || null },
    ],
    updatedAt: at,
    version: award.version + 1,
  };
}

export type StarUpkeep = ReturnType<typeof createStarUpkeep>;

export function createStarUpkeep(deps: StarUpkeepDeps) {
  const evidence = evidenceReader(deps);

  const api = {
    /** Re-derives the unit's held awards after `cause` (the audit record of the change), saving those that moved. */
    async rederive(tenantId: string, enterpriseId: string, cause: AuditEntry): Promise<StarAward[]> {
      const stored = (await deps.starAwards.ofEnterprise(tenantId, enterpriseId)).filter(held);
      if (stored.length === 0) return [];
      const unit: Enterprise | undefined = await deps.enterprises.get(tenantId, enterpriseId);
      if (!unit) return [];
      const now = deps.clock.now();
      const at = now.toISOString();
      const changed: StarAward[] = [];
      const save = async (before: StarAward, after: StarAward) => {
        const audit: AuditEntry = {
          id: deps.ids.next(),
          at,
          actor: cause.actor,
          action: after.history.length > before.history.length ? `star-award.${after.history.at(-1)?.action}` : "star-award.recheck",
          entity: { type: "star-award", id: before.id },
          changes: {
            state: { from: before.state, to: after.state },
            cause: { from: null, to: { action: cause.action, entity: cause.entity } },
          },
          ...(cause.requestId ? { requestId: cause.requestId } : {}),
        };
        await deps.starAwards.save(tenantId, { before, after }, { audit });
        changed.push(after);
      };
      // A renewal the award's request did not get to write (star-application-service) is completed first.
      const renewed = renewals(stored, at, cause.actor.id);
      for (const change of renewed) await save(change.before, change.after);
      const awards = stored.filter((a) => !renewed.some((r) => r.before.id === a.id));
      const read = new Map<string, Promise<{ version: StarSchemeVersion; evidence: UnitEvidence } | undefined>>();
      const evidenceFor = (award: StarAward) => {
        const key = `${award.scheme.id}@${award.scheme.version}`;
        if (!read.has(key)) {
          read.set(
            key,
            (async () => {
              const version = await deps.starSchemes.version(tenantId, award.scheme.id, award.scheme.version);
              return version && { version, evidence: await evidence.read(tenantId, unit, version.definition, chinaDate(now)) };
            })(),
          );
        }
        return read.get(key);
      };
      for (const award of awards) {
        const found = await evidenceFor(award);
        if (!found) continue;
        const after = rederived(award, found.version, found.evidence, at, cause.actor.id);
        if (after !== award) await save(award, after);
      }
      return changed;
    },

    /**
     * The weekly sweep: re-derives the units of the awards whose nextCheckOn is today or earlier (deadlines
     * passed, expiries), reading only those — its cost follows the week's deadlines and expiries, not the
     * tenant's size. Audited as the weekly refresh.
     */
    async sweep(tenantId: string): Promise<{ units: number; changed: number }> {
      const today = chinaDate(deps.clock.now());
      const units = new Set<string>();
      for await (const due of pagesOf((page) => deps.starAwards.due(tenantId, today, page))) {
        for (const entry of due) units.add(entry.enterpriseId);
      }
      const cause: AuditEntry = {
        id: deps.ids.next(),
        at: deps.clock.now().toISOString(),
        actor: { kind: "system", id: "weekly-refresh" },
        action: "stars.sweep",
        entity: { type: "tenant", id: tenantId },
      };
      let changed = 0;
      for (const enterpriseId of units) changed += (await api.rederive(tenantId, enterpriseId, cause)).length;
      return { units: units.size, changed };
    },
  };
  return api;
}

/**
 * The repositories whose saves change what star rules read, wrapped so that each save is followed by the
 * re-derivation of the unit's awards: every hazard change (an escalated one's too), every accident recorded, a sham mark set or cleared,
 * and an assessment of a unit becoming verified.
 * `onError` hears a re-derivation that failed (the change itself is saved; the weekly refresh catches up).
 */
export function withStarUpkeep<
  D extends {
    hazards: HazardRepository;
    jointTackling: Pick<HazardEscalations<unknown>, "saveHazard">;
    assessments: AssessmentRepository;
    accidents: AccidentRepository;
    shamFlags: ShamFlagRepository;
  },
>(deps: D, upkeep: StarUpkeep, onError: (error: unknown) => void): D {
  const rederive = (tenantId: string, enterpriseId: string, write: { audit: AuditEntry }) =>
    upkeep.rederive(tenantId, enterpriseId, write.audit);
  const hazardSaved = (tenantId: string, change: { after: Hazard }, write: { audit: AuditEntry }) =>
    rederive(tenantId, change.after.enterpriseId, write);
  const { hazards, jointTackling, accidents, shamFlags, assessments } = deps;
  return {
    ...deps,
    // An escalated hazard (联合攻坚) is saved through the joint tackling list, with the city's item.
    hazards: { ...hazards, save: followedBy(hazards.save, hazardSaved, onError) },
    jointTackling: { ...jointTackling, saveHazard: followedBy(jointTackling.saveHazard, hazardSaved, onError) },
    accidents: {
      ...accidents,
      record: followedBy(accidents.record, (tenantId, accident, write) => rederive(tenantId, accident.enterpriseId, write), onError),
    },
    shamFlags: {
      ...shamFlags,
      flag: followedBy(shamFlags.flag, (tenantId, flag, write) => rederive(tenantId, flag.enterpriseId, write), onError),
      clear: followedBy(shamFlags.clear, (tenantId, flag, write) => rederive(tenantId, flag.enterpriseId, write), onError),
    },
    assessments: {
      ...assessments,
      save: followedBy(
        assessments.save,
        (tenantId, { before, after: a }, write) =>
          a.target.type === "enterprise" && a.status === "verified" && before?.status !== "verified"
            ? rederive(tenantId, a.target.id, write)
            : undefined,
        onError,
      ),
    },
  };
}
