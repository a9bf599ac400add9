// Assessment fixtures for tests and benchmarks: the body that opens an assessment of a unit, and answers that give
// a rubric full marks (every criterion met), to which a test adds the deductions it is about.
import { criteriaOf, type RubricDefinition, type Rule } from "#core/assessments/rubric";

/** The body of POST /v1/assessments opening a Shishi enterprise assessment of `unitId` at the assistance stage. */
export function openingBody(unitId: string) {
  return {
    target: { type: "enterprise", id: unitId },
    rubric: { id: "shishi-enterprise-2024", version: 1 },
    stage: "assistance",
    assessor: { name: "陈秋茹", organization: "市安办督导帮扶组" },
    assessedOn: "2026-11-20",
  };
}

export type AnswerBody =
  | { input: Record<string, unknown>; reason?: string; evidence?: string[] }
  | { useSuggestion: true; reason?: string }
  | null;

/** The input that loses nothing under each rule (a graded criterion gets its full `points`). */
export function fullMarksInput(rule: Rule, points?: string) {
  switch (rule.type) {
    case "yes-no":
      return { met: true };
    case "per-occurrence":
      return { occurrences: 0 };
    case "per-missing-year":
      return { missingYears: 0 };
    case "rate-bands":
      return { rate: "100" };
    case "graded":
      return { points: points ?? "0" };
    case "pass-fail":
      return { passed: true };
  }
}

/** Answers for every criterion of `definition`, all full marks, then `overrides` by criterion id. */
export function answersFor(definition: RubricDefinition, overrides: Record<string, AnswerBody> = {}): Record<string, AnswerBody> {
  const answers: Record<string, AnswerBody> = {};
  for (const { criterion } of criteriaOf(definition)) answers[criterion.id] = { input: fullMarksInput(criterion.rule, criterion.points) };
  return { ...answers, ...overrides };
}
