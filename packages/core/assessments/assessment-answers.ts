// Recording answers and details of a draft or returned assessment (PATCH): each answer is the criterion's input
// (or the register's suggestion taken as it is), a reason where points are lost, and evidence already registered;
// every problem of a patch is answered at once, and nothing of it is saved unless all of it is right.
import { type Answer, type Assessment, UpdateAssessmentSchema } from "#core/assessments/assessment";
import type { AssessmentRecords, AssessmentWithResult } from "#core/assessments/assessment-records";
import { type AssessmentStages, returnedStaysAtAssistance } from "#core/assessments/assessment-stages";
import { criteriaOf, type RubricCriterion, type RubricVersion } from "#core/assessments/rubric";
import { inputProblems, scoreCriterion } from "#core/assessments/scoring";
import { chinaDate } from "#core/kernel/china-time";
import type { RequestContext } from "#core/kernel/context";
import { errors, type FieldProblem, problem, requireVersion } from "#core/kernel/errors";
import type { Clock } from "#core/kernel/ports";
import { actorOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import { notAfterToday } from "#core/register/references";

/** The answers after a patch, or every problem with it (unknown criteria, wrong inputs, missing reasons…). */
export function applyAnswers(
  rubric: RubricVersion,
  current: Assessment,
  patch: NonNullable<ReturnType<typeof UpdateAssessmentSchema.parse>["answers"]>,
  by: string,
  at: string,
): Record<string, Answer> {
  const byId = new Map<string, RubricCriterion>(criteriaOf(rubric.definition).map((c) => [c.criterion.id, c.criterion]));
  const evidenceIds = new Set(current.evidence.map((e) => e.id));
  const answers: Record<string, Answer> = { ...current.answers };
  const problems: FieldProblem[] = [];
  for (const [criterionId, given] of Object.entries(patch)) {
    const path = `answers.${criterionId}`;
    const criterion = byId.get(criterionId);
    if (!criterion) {
      problems.push(
        problem(path, "unknown_criterion", `细则 ${criterionId} 不在该评分细则中`, `Criterion ${criterionId} is not in the rubric`),
      );
      continue;
    }
    if (given === null) {
      delete answers[criterionId];
      continue;
    }
    const suggestion = current.suggestions[criterionId];
    if (given.useSuggestion && !suggestion) {
      problems.push(problem(`${path}.useSuggestion`, "no_suggestion", "该细则没有系统建议值", "There is no suggestion for this criterion"));
      continue;
    }
    const input = given.useSuggestion && suggestion ? suggestion.input : given.input;
    if (!input || (given.useSuggestion && given.input)) {
      problems.push(
        problem(
          `${path}.input`,
          "input_required",
          "须填写 input，或以 useSuggestion 采用建议值（二选一）",
          "Give input, or useSuggestion to take the suggestion (one of them)",
        ),
      );
      continue;
    }
    const wrong = inputProblems(criterion, input, `${path}.input`);
    if (wrong.length > 0) {
      problems.push(...wrong);
      continue;
    }
    const reason = given.reason !== undefined ? given.reason : given.useSuggestion && suggestion ? suggestion.reason : null;
    if (!scoreCriterion(criterion, input).passed && !reason) {
      problems.push(
        problem(
          `${path}.reason`,
          "reason_required",
          `细则 ${criterionId} 有扣分（或不合格），须填写扣分原因`,
          `Criterion ${criterionId} loses points (or fails): give the reason`,
        ),
      );
    }
    const evidence = given.evidence ?? answers[criterionId]?.evidence ?? [];
    for (const [i, e] of evidence.entries()) {
      if (!evidenceIds.has(e))
        problems.push(problem(`${path}.evidence.${i}`, "unknown_evidence", `证据 ${e} 不存在`, `Evidence ${e} does not exist`));
    }
    answers[criterionId] = { input, reason: reason ?? null, evidence, suggested: given.useSuggestion === true, by, at };
  }
  if (problems.length > 0) throw errors.unprocessable(problems);
  return answers;
}

export function assessmentAnswers(deps: { readonly clock: Clock }, records: AssessmentRecords, stageOrder: AssessmentStages) {
  const { clock } = deps;
  const { load, pinned, allow, save } = records;
  const notInFuture = (path: string, date: string) => notAfterToday(path, date, chinaDate(clock.now()));

  return {
    /** Records answers and details of a draft (or returned) assessment; the breakdown is recomputed. */
    async update(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<AssessmentWithResult> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "write");
      const patch = parseOrThrow(UpdateAssessmentSchema, raw);
      const current = await load(principal.tenantId, id);
      requireVersion("assessment", id, expectedVersion, current.version);
      allow(current, "edit");
      if (patch.assessedOn !== undefined) notInFuture("assessedOn", patch.assessedOn);
      if (patch.stage !== undefined && patch.stage !== current.stage) {
        // A draft may be moved to another stage not behind where the target stands; a returned one is at
        // assistance by the return and is resubmitted there (assessment-stages.ts).
        if (current.status === "returned") returnedStaysAtAssistance(patch.stage);
        await stageOrder.requireNotBehind(principal.tenantId, current.target.id, current.rubric.id, patch.stage, current.id);
      }
      const rubric = await pinned(principal.tenantId, current);
      const now = clock.now().toISOString();
      const { answers: answerPatch, ...details } = patch;
      const next: Assessment = {
        ...current,
        ...Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)),
        answers: answerPatch ? applyAnswers(rubric, current, answerPatch, actorOf(principal).id, now) : current.answers,
        updatedAt: now,
        version: current.version + 1,
      };
      return save(ctx, principal, rubric, current, next, "update");
    },
  };
}
