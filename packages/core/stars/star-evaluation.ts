// Evaluating stars (pure): each evidence rule of a star read against one unit's evidence, with the values it
// read and an explanation in Chinese and English; and which revocation triggers of an awarded star have fired.
// A fired trigger has an identity (the hazard, assessment, accident or flag behind it), so an official's
// reinstatement clears exactly the firings it saw, and a new firing suspends the star again.

import { addDays, monthsBefore } from "#core/kernel/china-time";
import { centi } from "#core/kernel/decimal";
import type { LocalizedText } from "#core/kernel/errors";
import { attestationKey, type HazardFacts, type UnitEvidence, type VerifiedAssessmentFacts } from "#core/stars/star-evidence";
import type { Star, StarRule, StarTrigger } from "#core/stars/star-scheme";

export interface RuleResult {
  readonly rule: number;
  readonly type: StarRule["type"];
  readonly passed: boolean;
  readonly explanation: LocalizedText;
}

export interface StarResult {
  readonly starId: string;
  readonly labelCode: string;
  readonly passed: boolean;
  readonly rules: readonly RuleResult[];
}

export interface FiredTrigger {
  /** Stable identity of the firing, e.g. `hazard-overdue:<hazard id>`. */
  readonly key: string;
  readonly trigger: number;
  readonly type: StarTrigger["type"];
  readonly reason: LocalizedText;
}

const scope = (severity: "major" | "any") =>
  severity === "major" ? { zh: "重大事故隐患", en: "major hazard" } : { zh: "隐患", en: "hazard" };
const matches = (h: HazardFacts, severity: "major" | "any") => severity === "any" || h.severity === "major";
const isOpen = (h: HazardFacts) => h.state !== "closed";
const overdueOn = (h: HazardFacts, today: string) => isOpen(h) && h.deadline !== null && h.deadline < today;
const ids = (hazards: readonly HazardFacts[]) => hazards.map((h) => h.id).join(", ");

function scoreOf(a: VerifiedAssessmentFacts, sectionId: string | undefined): string | undefined {
  return sectionId === undefined ? a.total : a.sections[sectionId];
}

function latestOf(evidence: UnitEvidence, rubricId: string): VerifiedAssessmentFacts | undefined {
  return evidence.assessments.find((a) => a.rubricId === rubricId);
}

function ruleResult(star: Star, rule: StarRule, index: number, evidence: UnitEvidence): RuleResult {
  const result = (passed: boolean, zh: string, en: string): RuleResult => ({
    rule: index,
    type: rule.type,
    passed,
    explanation: { zh, en },
  });
  const { today } = evidence;
  switch (rule.type) {
    case "assessment-score": {
      const what =
        rule.sectionId === undefined
          ? { zh: "总分", en: "total" }
          : { zh: `项目 ${rule.sectionId} 得分`, en: `section ${rule.sectionId} score` };
      const latest = latestOf(evidence, rule.rubricId);
      const since = monthsBefore(today, rule.withinMonths);
      if (!latest || latest.verifiedOn < since) {
        return result(
          false,
          `近 ${rule.withinMonths} 个月内没有经核实的 ${rule.rubricId} 评估`,
          `No assessment against ${rule.rubricId} verified in the last ${rule.withinMonths} months`,
        );
      }
      const score = scoreOf(latest, rule.sectionId);
      const passed = score !== undefined && centi(score) >= centi(rule.minScore);
      return result(
        passed,
        `${latest.verifiedOn} 核实的评估 ${latest.id} ${what.zh} ${score ?? "无"}，${passed ? "达到" : "未达到"} ${rule.minScore}`,
        `Assessment ${latest.id}, verified ${latest.verifiedOn}: ${what.en} ${score ?? "none"}, ${passed ? "at least" : "below"} ${rule.minScore}`,
      );
    }
    case "no-open-hazards": {
      const since = addDays(today, -rule.days);
      const s = scope(rule.severity);
      const failing = evidence.hazards.filter(
        (h) => matches(h, rule.severity) && h.foundOn >= since && (rule.overdueOnly ? overdueOn(h, today) : isOpen(h)),
      );
      const kind = rule.overdueOnly ? { zh: "逾期未整改", en: "overdue" } : { zh: "未销号", en: "open" };
      return failing.length === 0
        ? result(
            true,
            `近 ${rule.days} 天发现的${s.zh}中没有${kind.zh}的`,
            `No ${kind.en} ${s.en} among those found in the last ${rule.days} days`,
          )
        : result(
            false,
            `近 ${rule.days} 天发现的${s.zh}中有 ${failing.length} 项${kind.zh}：${ids(failing)}`,
            `${failing.length} ${kind.en} ${s.en}(s) among those found in the last ${rule.days} days: ${ids(failing)}`,
          );
    }
    case "hazards-closed-on-time": {
      const since = addDays(today, -rule.days);
      const found = evidence.hazards.filter((h) => h.foundOn >= since);
      const late = found.filter((h) =>
        isOpen(h) ? overdueOn(h, today) : h.deadline !== null && h.closedOn !== null && h.closedOn > h.deadline,
      );
      return late.length === 0
        ? result(
            true,
            `近 ${rule.days} 天发现的 ${found.length} 项隐患均按期整改`,
            `All ${found.length} hazards found in the last ${rule.days} days were rectified on time`,
          )
        : result(
            false,
            `近 ${rule.days} 天发现的隐患中有 ${late.length} 项逾期：${ids(late)}`,
            `${late.length} of the hazards found in the last ${rule.days} days were late: ${ids(late)}`,
          );
    }
    case "placard-checked": {
      const placard = evidence.placard;
      if (!placard) return result(false, "没有在用的公示牌", "The unit has no active placard");
      const due = monthsBefore(today, placard.dueAfterMonths);
      const passed = placard.lastCheckedOn >= due;
      return result(
        passed,
        `公示牌 ${placard.id} 最近检查于 ${placard.lastCheckedOn}（应每 ${placard.dueAfterMonths} 个月检查）`,
        `Placard ${placard.id} last checked ${placard.lastCheckedOn} (due every ${placard.dueAfterMonths} months)`,
      );
    }
    case "register-confirmed": {
      const since = addDays(today, -rule.days);
      const passed = evidence.reviewedOn !== null && evidence.reviewedOn >= since;
      return result(
        passed,
        `底数台账最近确认于 ${evidence.reviewedOn ?? "无"}，要求近 ${rule.days} 天内`,
        `Register data last confirmed ${evidence.reviewedOn ?? "never"}; needed within ${rule.days} days`,
      );
    }
    case "standardization": {
      const names = {
        passed: { zh: "标准化评审达标", en: "standardization passed review" },
        responsibilitySystem: { zh: "建立全员安全生产责任制", en: "all-staff responsibility system in place" },
        informationCollected: { zh: "完成信息采集录入", en: "information entered in the standardization platform" },
      }[rule.field];
      const passed = evidence.standardization[rule.field];
      return result(passed, `${passed ? "已" : "未"}${names.zh}`, `${names.en}: ${passed ? "yes" : "no"}`);
    }
    case "no-fatal-accident": {
      const since = monthsBefore(today, rule.months);
      const fatal = evidence.accidents.filter((a) => a.deaths > 0 && a.occurredOn >= since);
      return fatal.length === 0
        ? result(true, `近 ${rule.months} 个月没有记录死亡事故`, `No fatal accident recorded in the last ${rule.months} months`)
        : result(
            false,
            `近 ${rule.months} 个月记录死亡事故 ${fatal.length} 起：${fatal.map((a) => a.occurredOn).join("、")}`,
            `${fatal.length} fatal accident(s) recorded in the last ${rule.months} months: ${fatal.map((a) => a.occurredOn).join(", ")}`,
          );
    }
    case "attested": {
      const attestation = evidence.attestations[attestationKey(star.id, index)];
      return attestation
        ? result(
            true,
            `${attestation.by} 于 ${attestation.at.slice(0, 10)} 确认（附 ${attestation.files.length} 份文件）`,
            `Confirmed by ${attestation.by} on ${attestation.at.slice(0, 10)} (${attestation.files.length} file(s))`,
          )
        : result(false, `待审核人确认：${rule.what.zh}`, `Awaiting an official's confirmation: ${rule.what.en ?? rule.what.zh}`);
    }
  }
}

/** Every rule of `star` against `evidence`; the star passes when all do. */
export function evaluateStar(star: Star, evidence: UnitEvidence): StarResult {
  const rules = star.rules.map((rule, index) => ruleResult(star, rule, index, evidence));
  return { starId: star.id, labelCode: star.labelCode, passed: rules.length > 0 && rules.every((r) => r.passed), rules };
}

/**
 * The triggers of `star` that have fired for a star held since `since` (a day): state triggers (an overdue
 * hazard, a low verified assessment, a sham flag) fire while the state lasts; an accident fires once recorded
 * on or after `since`.
 */
export function firedTriggers(star: Star, evidence: UnitEvidence, since: string): FiredTrigger[] {
  const fired: FiredTrigger[] = [];
  star.triggers.forEach((trigger, index) => {
    const fire = (key: string, zh: string, en: string) => fired.push({ key, trigger: index, type: trigger.type, reason: { zh, en } });
    switch (trigger.type) {
      case "hazard-overdue":
        // Sticky: a hazard closed late was overdue from the day after its deadline; if that fell within the award
        // (closed after `since`), the firing stands until an official reinstates the star over it.
        for (const h of evidence.hazards) {
          const lateClosed =
            h.state === "closed" && h.deadline !== null && h.closedOn !== null && h.closedOn > h.deadline && h.closedOn > since;
          if (matches(h, trigger.severity) && (overdueOn(h, evidence.today) || lateClosed)) {
            const s = scope(trigger.severity);
            fire(
              `hazard-overdue:${h.id}`,
              lateClosed
                ? `${s.zh} ${h.id} 逾期整改（期限 ${h.deadline}，${h.closedOn} 销号）`
                : `${s.zh} ${h.id} 逾期未整改（期限 ${h.deadline}）`,
              lateClosed
                ? `${s.en} ${h.id} was rectified late (deadline ${h.deadline}, closed ${h.closedOn})`
                : `${s.en} ${h.id} is overdue (deadline ${h.deadline})`,
            );
          }
        }
        break;
      case "assessment-below": {
        const latest = latestOf(evidence, trigger.rubricId);
        const score = latest ? scoreOf(latest, trigger.sectionId) : undefined;
        if (latest && score !== undefined && centi(score) < centi(trigger.minScore)) {
          fire(
            `assessment-below:${latest.id}`,
            `${latest.verifiedOn} 核实的评估 ${latest.id} 得分 ${score}，低于 ${trigger.minScore}`,
            `Assessment ${latest.id}, verified ${latest.verifiedOn}, scored ${score}, below ${trigger.minScore}`,
          );
        }
        break;
      }
      case "accident-recorded":
        for (const a of evidence.accidents) {
          if (a.occurredOn >= since && (!trigger.fatalOnly || a.deaths > 0)) {
            fire(
              `accident:${a.id}`,
              `${a.occurredOn} 发生事故（死亡 ${a.deaths} 人，受伤 ${a.injuries} 人）`,
              `Accident on ${a.occurredOn} (${a.deaths} dead, ${a.injuries} injured)`,
            );
          }
        }
        break;
      case "sham-flagged":
        if (evidence.sham) {
          fire(
            `sham:${evidence.sham.flaggedOn}`,
            `被认定为“纸上标准化”或假创建：${evidence.sham.reason}`,
            `Marked paper-only or sham standardization: ${evidence.sham.reason}`,
          );
        }
        break;
    }
  });
  return fired;
}
