// Why a unit is a key inspection target (pure): from its register record, its star records, a sham mark and its
// open major hazards, read on `today` (Asia/Shanghai). A closed or deleted unit is no target. The store keeps what
// this returns for every unit, re-derived whenever one of these facts changes.
import { addDays, chinaDate } from "#core/kernel/china-time";
import type { Enterprise } from "#core/register/enterprise";
import type { ShamFlag } from "#core/stars/sham-flag";
import type { ApplicationStatus } from "#core/stars/star-application";
import type { StarAward } from "#core/stars/star-award-record";
import { type TargetReason, type TargetReasonEntry, targetReasons } from "#core/supervision/supervision-target";

/** What the rules read of one unit. */
export interface TargetFacts {
  readonly today: string;
  readonly unit:
    | Pick<
        Enterprise,
        | "id"
        | "name"
        | "creditCode"
        | "townId"
        | "venueType"
        | "productionStatus"
        | "riskLevel"
        | "deletedAt"
        | "standardization"
        | "createdAt"
      >
    | undefined;
  readonly awards: readonly Pick<StarAward, "id" | "scheme" | "starId" | "starName" | "state" | "awardedOn" | "validUntil" | "revoked">[];
  /**
   * The unit's star applications, newest filed first; `review` is read for the newest decided one (awarded or
   * refused) at least — the others may leave it null.
   */
  readonly applications: readonly {
    readonly id: string;
    readonly status: ApplicationStatus;
    readonly filedAt: string;
    readonly review: { readonly at: string; readonly reason: string | null } | null;
  }[];
  readonly sham: Pick<ShamFlag, "reason" | "assessmentId" | "flaggedOn"> | null;
  /** The unit's major hazards (重大事故隐患) not closed (销号). */
  readonly openMajorHazards: readonly { readonly id: string; readonly foundOn: string }[];
}

/** A reason as derived: `since` null when the facts do not say (then the day it was first seen is kept). */
export type DerivedReason = Omit<TargetReasonEntry, "since"> & { readonly since: string | null };

const day = (instant: string) => chinaDate(new Date(instant));
const held = (a: TargetFacts["awards"][number], today: string) =>
  (a.state === "active" || a.state === "suspended") && today <= a.validUntil;

function reason(code: TargetReason, zh: string, en: string, since: string | null, ref: TargetReasonEntry["ref"] = null): DerivedReason {
  return { code, explanation: { zh, en }, since, ref };
}

/** The day an award stopped being held: its revocation, or the day after its last valid day. */
function endedOn(a: TargetFacts["awards"][number]): string {
  return a.revoked ? day(a.revoked.at) : addDays(a.validUntil, 1);
}

/** The star reasons: never rated, no current star, refused, revoked. */
function starReasons(facts: TargetFacts, enterprise: boolean): DerivedReason[] {
  const { unit, awards, applications, today } = facts;
  if (!unit) return [];
  const out: DerivedReason[] = [];
  const before = unit.standardization?.starRated === true;
  const tookPart = applications.length > 0 || awards.length > 0 || before;
  if (enterprise && !tookPart) {
    out.push(
      reason(
        "not-star-rated",
        "未开展星级评定（无申请、无授星记录）",
        "Has not taken part in star rating (no application, no award)",
        day(unit.createdAt),
      ),
    );
  }
  if (enterprise && tookPart && !awards.some((a) => held(a, today))) {
    const ended = [...awards].sort((a, b) => endedOn(b).localeCompare(endedOn(a)))[0];
    if (ended) {
      out.push(
        reason("no-current-star", "所获星级均已过期或撤销", "Every star it held has expired or been revoked", endedOn(ended), {
          type: "star-award",
          id: ended.id,
        }),
      );
    } else if (applications.length > 0) {
      out.push(reason("no-current-star", "已申请星级评定，尚未获星", "Applied for star rating; holds no star yet", null));
    } else {
      out.push(
        reason(
          "no-current-star",
          "系统启用前曾开展星级评定，系统中无有效星级",
          "Took part in star rating before Anquan; holds no star recorded here",
          null,
        ),
      );
    }
  }
  const decided = applications.find((a) => a.status === "awarded" || a.status === "refused");
  if (decided?.status === "refused") {
    const why = decided.review?.reason ?? "";
    out.push(
      reason(
        "star-refused",
        `星级评定申请不予评定${why ? `：${why}` : ""}`,
        `Star rating refused${why ? `: ${why}` : ""}`,
        day(decided.review?.at ?? decided.filedAt),
        { type: "star-application", id: decided.id },
      ),
    );
  }
  // A revoked star counts until the unit is awarded the same star again.
  const revoked = awards
    .filter((a) => a.revoked !== null)
    .filter(
      (r) => !awards.some((a) => a.scheme.id === r.scheme.id && a.starId === r.starId && a.revoked === null && a.awardedOn >= r.awardedOn),
    )
    .sort((a, b) => (b.revoked?.at ?? "").localeCompare(a.revoked?.at ?? ""));
  const latest = revoked[0];
  if (latest?.revoked) {
    const more = revoked.length > 1 ? `等 ${revoked.length} 颗星` : "";
    out.push(
      reason(
        "star-revoked",
        `${latest.starName}${more}被撤销：${latest.revoked.reason}`,
        `${revoked.length > 1 ? `${revoked.length} stars, latest ${latest.starName},` : latest.starName} revoked: ${latest.revoked.reason}`,
        day(latest.revoked.at),
        { type: "star-award", id: latest.id },
      ),
    );
  }
  return out;
}

/** Every reason the unit is a key target now, in the order of `targetReasons`; none for a closed or deleted unit. */
export function targetReasonsOf(facts: TargetFacts): DerivedReason[] {
  const { unit, sham, openMajorHazards } = facts;
  if (!unit || unit.deletedAt !== null || unit.productionStatus === "closed") return [];
  const enterprise = unit.venueType === null;
  const out = starReasons(facts, enterprise);
  if (enterprise && unit.standardization?.responsibilitySystem !== true) {
    out.push(
      reason(
        "no-responsibility-system",
        "未建立全员安全生产责任制及考核清单",
        "No all-staff work-safety responsibility system and appraisal list",
        null,
      ),
    );
  }
  if (sham) {
    out.push(
      reason(
        "sham-standardization",
        `经核实认定为“纸上标准化”或假创建：${sham.reason}`,
        `Found paper-only or sham standardization on verification: ${sham.reason}`,
        sham.flaggedOn,
        { type: "assessment", id: sham.assessmentId },
      ),
    );
  }
  if (unit.riskLevel === "red" || unit.riskLevel === "orange") {
    const red = unit.riskLevel === "red";
    out.push(reason("high-risk", red ? "重大风险（红色）" : "较大风险（橙色）", red ? "Major risk (red)" : "Large risk (orange)", null));
  }
  const oldest = [...openMajorHazards].sort((a, b) => a.foundOn.localeCompare(b.foundOn) || a.id.localeCompare(b.id))[0];
  if (oldest) {
    const n = openMajorHazards.length;
    out.push(
      reason(
        "open-major-hazard",
        `${n} 项重大事故隐患未销号（最早于 ${oldest.foundOn} 发现）`,
        `${n} major hazard${n > 1 ? "s" : ""} not closed (the oldest found on ${oldest.foundOn})`,
        oldest.foundOn,
        { type: "hazard", id: oldest.id },
      ),
    );
  }
  return out.sort((a, b) => targetReasons.indexOf(a.code) - targetReasons.indexOf(b.code));
}

/**
 * The reasons as kept: a reason whose facts name no day keeps the day it was first seen (`previous`), or is
 * seen first `today`.
 */
export function keptReasons(derived: readonly DerivedReason[], previous: readonly TargetReasonEntry[], today: string): TargetReasonEntry[] {
  return derived.map((r) => ({ ...r, since: r.since ?? previous.find((p) => p.code === r.code)?.since ?? today }));
}
