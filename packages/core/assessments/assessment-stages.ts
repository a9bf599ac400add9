// The order of the Shishi stages, and the stage a target's next assessment against a rubric may be at.
//
// The Shishi plan runs self-check 自查自纠 (the town and its units check themselves against the rubric and write a
// self-assessment report, 自评报告) → assistance 帮扶 (the city's group and its experts score and help) →
// verification 督导核实 (the prefecture's supervision group checks the town and at least ten of its units; where the
// result disagrees, the city has experts assist again) → review 复核 (the prefecture's experts review the towns'
// reports) → summary 总结提升 (the town sums up and names its benchmark enterprises).
//
// The rule, for one target (an enterprise or a town) and one rubric (any of its versions): its assessments move
// forward. Where the target stands is the stage of its assessment against the rubric verified last (a verified
// assessment is final, so its updatedAt is when it was verified; then its date, then its id): a verification is the
// event that moves the target, whatever date the assessment bears. An assessment opened, a draft moved to another stage, and an assessment being
// verified must be at that stage or a later one. Stages may be skipped, as the plan does: verification samples
// units and review reads the reports, so most units go from assistance straight to the summary. The one move back
// is the return: a submitted assessment that verification or review disagrees with is sent back to assistance,
// stays there until it is verified again (its stage cannot be changed), and once verified the target stands at
// assistance, from where the flow goes on. Only verified assessments count: a draft or a submitted one is not yet
// where the target stands.
import { type Assessment, type AssessmentSummary, type Stage, stageNames, stages } from "#core/assessments/assessment";
import type { AssessmentRepository } from "#core/assessments/ports";
import { errors } from "#core/kernel/errors";
import { allOf } from "#core/kernel/paging";

const rank = (stage: Stage) => stages.indexOf(stage);
const order = (e: AssessmentSummary) => `${e.updatedAt}#${e.assessedOn}#${e.id}`;

/** The stage of the target's assessment verified last (updatedAt, then date, then id), or null before any. */
export function standingOf(verified: readonly AssessmentSummary[]): Stage | null {
  let latest: AssessmentSummary | undefined;
  for (const e of verified) if (!latest || order(e) > order(latest)) latest = e;
  return latest?.stage ?? null;
}

/** The stages an assessment may be at when the target stands at `standing`: that one and every later one. */
export function stagesFrom(standing: Stage | null): Stage[] {
  return standing === null ? [...stages] : stages.filter((s) => rank(s) >= rank(standing));
}

const named = (list: readonly Stage[]) => ({
  zh: list.map((s) => `${s}（${stageNames[s]}）`).join("、"),
  en: list.join(", "),
});

/** 409 `illegal_transition`: `wanted` is behind where the target stands; details name it and the allowed stages. */
export function stageBehind(standing: Stage, wanted: Stage, rubricId: string): never {
  const allowed = stagesFrom(standing);
  const list = named(allowed);
  throw errors.conflict(
    "illegal_transition",
    {
      zh: `该对象依据 ${rubricId} 最近一次核实的评估处于${stageNames[standing]}阶段，评估不能回到${stageNames[wanted]}阶段；允许的阶段：${list.zh}`,
      en: `The target's last verified assessment against ${rubricId} is at ${standing}; an assessment cannot go back to ${wanted}. Allowed stages: ${list.en}`,
    },
    { stage: standing, allowed },
  );
}

/** 409: a returned assessment is at assistance by the return and is resubmitted there. */
export function returnedStaysAtAssistance(wanted: Stage): never {
  throw errors.conflict(
    "illegal_transition",
    {
      zh: `退回的评估回到帮扶阶段，须在帮扶阶段重新提交，不能改为${stageNames[wanted]}阶段；允许的阶段：assistance（帮扶）`,
      en: `A returned assessment is back at assistance and is resubmitted there; it cannot move to ${wanted}. Allowed stages: assistance`,
    },
    { stage: "assistance", allowed: ["assistance"] },
  );
}

/** 409: verifying would take the target back behind where it stands; the verifier may return it to assistance instead. */
export function verifyBehind(standing: Stage, current: Stage, rubricId: string): never {
  throw errors.conflict(
    "illegal_transition",
    {
      zh: `该对象依据 ${rubricId} 最近一次核实的评估已处于${stageNames[standing]}阶段，不能再核实${stageNames[current]}阶段的评估；允许的操作：return（退回帮扶）`,
      en: `The target's last verified assessment against ${rubricId} is already at ${standing}; an assessment at ${current} cannot be verified. Allowed: return (to assistance)`,
    },
    { stage: standing, allowed: ["return"] },
  );
}

/** Whether the assessment came back by a return: its assistance stage is then the return's, not a step back. */
export const wasReturned = (a: Pick<Assessment, "transitions">) => a.transitions.some((t) => t.to === "returned");

export type AssessmentStages = ReturnType<typeof assessmentStages>;

/** Reads where a target stands against a rubric: its verified assessments' list entries (a handful), one Query. */
export function assessmentStages(assessments: AssessmentRepository) {
  async function standing(tenantId: string, targetId: string, rubricId: string, except?: string): Promise<Stage | null> {
    const verified = await allOf((page) => assessments.list(tenantId, { targetId, rubricId, status: "verified" }, page));
    return standingOf(verified.filter((e) => e.id !== except));
  }

  return {
    standing,
    /** Opening an assessment (or moving a draft) at `wanted`: refused when the target stands at a later stage. */
    async requireNotBehind(tenantId: string, targetId: string, rubricId: string, wanted: Stage, except?: string): Promise<void> {
      const at = await standing(tenantId, targetId, rubricId, except);
      if (at !== null && rank(wanted) < rank(at)) stageBehind(at, wanted, rubricId);
    },
    /** Verifying `a`: refused when the target already stands at a later stage, unless `a` came back by a return. */
    async requireVerifiable(tenantId: string, a: Assessment): Promise<void> {
      if (wasReturned(a)) return;
      const at = await standing(tenantId, a.target.id, a.rubric.id, a.id);
      if (at !== null && rank(a.stage) < rank(at)) verifyBehind(at, a.stage, a.rubric.id);
    },
  };
}
