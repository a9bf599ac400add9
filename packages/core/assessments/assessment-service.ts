// Use cases on assessments, as one service of four parts, each a file of its own: the lifecycle (open, submit,
// verify or return, discard, suggestions), the answers (PATCH), the evidence files, and the reads (an assessment
// with its breakdown, lists, scores, a town's summary, findings). They share the stored record's helpers
// (assessment-records.ts: load, the pinned rubric, the lifecycle check, the one versioned save) and the stage
// order (assessment-stages.ts).
import { assessmentAnswers } from "#core/assessments/assessment-answers";
import { assessmentEvidence } from "#core/assessments/assessment-evidence";
import { assessmentLifecycle } from "#core/assessments/assessment-lifecycle";
import { assessmentReads } from "#core/assessments/assessment-reads";
import { assessmentRecords } from "#core/assessments/assessment-records";
import { assessmentStages } from "#core/assessments/assessment-stages";
import type { AssessmentRepository, RubricRepository, TownBenchmarks, TownSuggestionSources } from "#core/assessments/ports";
import type { BlobStore, Clock, IdempotencyStore, IdGenerator } from "#core/kernel/ports";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";

export type { Finding } from "#core/assessments/assessment-reads";
export type { AssessmentWithResult } from "#core/assessments/assessment-records";

export interface AssessmentServiceDeps {
  readonly assessments: AssessmentRepository;
  readonly rubrics: RubricRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  /** What town suggestions read beyond the register: star-rating coverage, key inspection targets. */
  readonly townSources: TownSuggestionSources;
  /** A town's benchmark enterprises for its summary (the supervision domain's, wired in by createApp). */
  readonly townBenchmarks: TownBenchmarks;
  readonly blobs: BlobStore;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;

export function createAssessmentService(deps: AssessmentServiceDeps) {
  const records = assessmentRecords(deps);
  const evidence = assessmentEvidence(deps, records);
  const stageOrder = assessmentStages(deps.assessments);
  return {
    ...assessmentLifecycle(deps, records, evidence.keepDirectUploads, stageOrder),
    ...assessmentAnswers(deps, records, stageOrder),
    ...evidence.useCases,
    ...assessmentReads(deps, records),
  };
}
