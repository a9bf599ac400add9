// Assessments (督导检查): one target (an enterprise, or a town government for a town rubric) scored against
// one pinned rubric version at one stage of the Shishi flow — self-check 自查自纠 → assistance 帮扶 →
// verification 督导核实 → review 复核 → summary 总结提升, in that order (assessment-stages.ts) — by an assessor on a
// date. The assessor records each criterion's input,
// a deduction reason and evidence; the server computes every score.

import { z } from "zod";
import { RubricIdSchema } from "#core/assessments/rubric";
import { AssessmentResultSchema, CriterionInputSchema } from "#core/assessments/scoring";
import { CampaignLinkSchema, type CampaignWork, StoredCampaignLinkSchema } from "#core/kernel/campaign-work";
import { idPattern } from "#core/kernel/ids";
import { singleLine } from "#core/kernel/text";
import { DateSchema } from "#core/register/enterprise";

export const AssessmentIdSchema = z.string().regex(idPattern, "Must be an assessment id (26 characters)");

/** In the Shishi order: a target's assessments against a rubric move along it (assessment-stages.ts). */
export const stages = ["self-check", "assistance", "verification", "review", "summary"] as const;
export type Stage = (typeof stages)[number];
export const stageNames: Record<Stage, string> = {
  "self-check": "自查自纠",
  assistance: "帮扶",
  verification: "督导核实",
  review: "复核",
  summary: "总结提升",
};

/** draft → submitted → verified; a submitted assessment the verifier disagrees with is returned (to assistance). */
export const assessmentStatuses = ["draft", "submitted", "verified", "returned"] as const;
export type AssessmentStatus = (typeof assessmentStatuses)[number];

/** Which transitions each status allows (409 names them when another is asked for). */
export const allowedTransitions: Record<AssessmentStatus, readonly ("edit" | "submit" | "verify" | "return" | "discard")[]> = {
  draft: ["edit", "submit", "discard"],
  returned: ["edit", "submit"],
  submitted: ["verify", "return"],
  verified: [],
};

const AssessorSchema = z.strictObject({
  name: singleLine(30),
  organization: singleLine(100).nullable().default(null).meta({ description: "e.g. 市应急局督导组" }),
});

export const TargetSchema = z.strictObject({
  type: z.enum(["enterprise", "town"]),
  id: z.string().regex(idPattern, "An enterprise or town id"),
});

export const CreateAssessmentSchema = z
  .strictObject({
    target: TargetSchema,
    rubric: z.strictObject({ id: RubricIdSchema, version: z.number().int().positive() }).meta({ description: "A published version" }),
    stage: z
      .enum(stages)
      .default("self-check")
      .meta({
        description:
          "self-check 自查自纠 | assistance 帮扶 | verification 督导核实 | review 复核 | summary 总结提升, in that order: not before " +
          "the stage of the target's latest verified assessment against the rubric (else 409 naming the allowed stages)",
      }),
    assessor: AssessorSchema,
    assessedOn: DateSchema,
    note: z.string().trim().max(2000).nullable().default(null),
    campaign: CampaignLinkSchema.nullable()
      .default(null)
      .meta({ description: "The campaign (专项行动) the assessment is part of (enterprise assessments only)" }),
  })
  .meta({ id: "CreateAssessment" });

const EvidenceIdSchema = z.string().regex(idPattern, "An evidence id from POST …/evidence");

export const AnswerInputSchema = z
  .strictObject({
    input: CriterionInputSchema.optional().meta({ description: "The rule's input; leave out with useSuggestion" }),
    useSuggestion: z.boolean().optional().meta({ description: "Town rubrics: confirm the suggestion computed from the register" }),
    reason: z.string().trim().min(1).max(1000).nullable().optional().meta({ description: "扣分原因: required when points are deducted" }),
    evidence: z.array(EvidenceIdSchema).max(20).optional(),
  })
  .meta({ id: "AnswerInput" });
export type AnswerInput = z.output<typeof AnswerInputSchema>;

export const UpdateAssessmentSchema = z
  .strictObject({
    stage: z
      .enum(stages)
      .optional()
      .meta({ description: "A draft's: not before where the target stands (409); a returned assessment stays at assistance" }),
    assessor: AssessorSchema.optional(),
    assessedOn: DateSchema.optional(),
    note: z.string().trim().max(2000).nullable().optional(),
    answers: z
      .record(z.string().max(32), AnswerInputSchema.nullable())
      .optional()
      .meta({ description: "By criterion id; null clears an answer. Other answers are kept." }),
  })
  .meta({ id: "UpdateAssessment" });

export const TransitionNoteSchema = z
  .strictObject({ note: z.string().trim().max(2000).nullable().default(null) })
  .meta({ id: "TransitionNote" });
export const ReturnAssessmentSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(2000).meta({ description: "Where verification disagrees (核实结果不一致)" }) })
  .meta({ id: "ReturnAssessment" });

export const evidenceTypes = ["image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf"] as const;
export const maxEvidenceBytes = 20 * 1024 * 1024;

export const AddEvidenceSchema = z
  .strictObject({
    criterionId: z
      .string()
      .max(32)
      .nullable()
      .default(null)
      .meta({ description: "The criterion it supports, or null for the whole assessment" }),
    fileName: singleLine(200),
    contentType: z.enum(evidenceTypes),
  })
  .meta({ id: "AddEvidence" });

export const EvidenceSchema = z.object({
  id: z.string(),
  criterionId: z.string().nullable(),
  fileName: z.string(),
  contentType: z.enum(evidenceTypes),
  bytes: z.number().int().nullable().meta({ description: "null until the file is uploaded" }),
  sha256: z.string().nullable().meta({ description: "SHA-256 (hex) of the stored file, to check a download against; null until uploaded" }),
  fileRevision: z.string().nullable().meta({ description: "Which upload is stored: changes with every upload; null until uploaded" }),
  addedBy: z.string(),
  addedAt: z.string(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** How hazards and findings refer to an evidence file (its download is GET /v1/{ref}/file). */
export const evidenceRef = (assessmentId: string, evidenceId: string) => `assessments/${assessmentId}/evidence/${evidenceId}`;

/**
 * Where one upload of an evidence file is stored: every upload gets a key of its own (BlobStore's rule). Files
 * stored before revisions existed keep the revision-less key.
 */
export function evidenceBlobKey(assessmentId: string, evidenceId: string, revision: string | null): string {
  return revision === null ? evidenceRef(assessmentId, evidenceId) : `${evidenceRef(assessmentId, evidenceId)}.${revision}`;
}

/** Where a direct upload to storage lands before the API checks it and keeps it (BlobStore.uploadForm). */
export const evidenceUploadKey = (assessmentId: string, evidenceId: string) => `uploads/${evidenceRef(assessmentId, evidenceId)}`;

const AnswerSchema = z.object({
  input: CriterionInputSchema,
  reason: z.string().nullable(),
  evidence: z.array(z.string()),
  suggested: z.boolean().meta({ description: "Confirmed from a register suggestion" }),
  by: z.string(),
  at: z.string(),
});
export type Answer = z.infer<typeof AnswerSchema>;

export const SuggestionSchema = z.object({
  input: CriterionInputSchema,
  reason: z.string().nullable(),
  units: z.array(z.object({ id: z.string(), name: z.string() })).meta({ description: "The units behind the count, named" }),
  source: z.string(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const TransitionSchema = z.object({
  from: z.enum(assessmentStatuses),
  to: z.enum(assessmentStatuses),
  stage: z.enum(stages),
  at: z.string(),
  by: z.string(),
  note: z.string().nullable(),
});

export const AssessmentSchema = z
  .object({
    id: z.string(),
    target: z.object({ type: z.enum(["enterprise", "town"]), id: z.string(), name: z.string(), townId: z.string() }),
    rubric: z.object({ id: z.string(), version: z.number().int(), title: z.string(), kind: z.enum(["scored", "checklist"]) }),
    stage: z.enum(stages),
    status: z.enum(assessmentStatuses),
    assessor: z.object({ name: z.string(), organization: z.string().nullable() }),
    assessedOn: z.string(),
    note: z.string().nullable(),
    answers: z.record(z.string(), AnswerSchema),
    suggestions: z.record(z.string(), SuggestionSchema).meta({ description: "Town rubrics: inputs the register suggests" }),
    evidence: z.array(EvidenceSchema),
    transitions: z.array(TransitionSchema),
    submittedBy: z.string().nullable(),
    campaign: StoredCampaignLinkSchema.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "Assessment" });
export type Assessment = z.infer<typeof AssessmentSchema>;

export const AssessmentWithResultSchema = AssessmentSchema.extend({ result: AssessmentResultSchema }).meta({
  id: "AssessmentWithResult",
});

/** A list row: enough to filter, sort and summarise without reading the assessment. */
export const AssessmentSummarySchema = z
  .object({
    id: z.string(),
    targetType: z.enum(["enterprise", "town"]),
    targetId: z.string(),
    targetName: z.string(),
    townId: z.string(),
    rubricId: z.string(),
    rubricVersion: z.number().int(),
    rubricTitle: z.string(),
    stage: z.enum(stages),
    status: z.enum(assessmentStatuses),
    assessedOn: z.string(),
    assessorName: z.string(),
    total: z.string().nullable(),
    maxTotal: z.string().nullable(),
    complete: z.boolean(),
    failed: z.number().int(),
    deductions: z
      .array(z.object({ criterionId: z.string(), deduction: z.string().nullable() }))
      .meta({ description: "Criteria that lost points (or failed), for summaries" }),
    updatedAt: z.string(),
  })
  .meta({ id: "AssessmentSummary" });
export type AssessmentSummary = z.infer<typeof AssessmentSummarySchema>;

/** What an assessment adds to its unit's tally in its campaign. */
export function assessmentCampaignWork(s: AssessmentSummary): CampaignWork {
  return { kind: "assessment", stage: s.stage, status: s.status, total: s.total, on: s.assessedOn };
}

export const AssessmentFilterSchema = z.strictObject({
  stage: z.enum(stages).optional(),
  status: z.enum(assessmentStatuses).optional(),
  townId: z.string().regex(idPattern).optional(),
  rubricId: RubricIdSchema.optional(),
  targetId: z.string().regex(idPattern).optional().meta({ description: "One enterprise's (or town's) assessments" }),
  minTotal: z
    .string()
    .regex(/^\d{1,6}(\.\d{1,2})?$/)
    .optional()
    .meta({ description: "Total at least (scored rubrics)" }),
  maxTotal: z
    .string()
    .regex(/^\d{1,6}(\.\d{1,2})?$/)
    .optional()
    .meta({ description: "Total at most (scored rubrics)" }),
  from: DateSchema.optional().meta({ description: "Assessed on or after" }),
  to: DateSchema.optional().meta({ description: "Assessed on or before" }),
});
export type AssessmentFilter = z.output<typeof AssessmentFilterSchema>;
