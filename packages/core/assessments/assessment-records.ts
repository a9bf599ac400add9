// The assessment as stored, for every use case on it: read it, the rubric version it pins (kept once read), the
// lifecycle check, and the one versioned save — with the list summaries of before and after and the audit record.
import { type Assessment, type AssessmentStatus, type AssessmentSummary, allowedTransitions } from "#core/assessments/assessment";
import type { AssessmentRepository, RubricRepository } from "#core/assessments/ports";
import type { RubricVersion } from "#core/assessments/rubric";
import { resolveRubricVersion } from "#core/assessments/rubric-service";
import { type AssessmentResult, scoreAssessment } from "#core/assessments/scoring";
import { auditEntry, diff } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors } from "#core/kernel/errors";
import { idempotencyWrite } from "#core/kernel/idempotency";
import { LruMap } from "#core/kernel/lru-map";
import type { Clock, IdempotencyClaim, IdGenerator } from "#core/kernel/ports";
import type { TenantPrincipal } from "#core/kernel/principal";

export type AssessmentWithResult = Assessment & { result: AssessmentResult };

export interface AssessmentRecordsDeps {
  readonly assessments: AssessmentRepository;
  readonly rubrics: RubricRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export function summaryOf(a: Assessment, result: AssessmentResult): AssessmentSummary {
  return {
    id: a.id,
    targetType: a.target.type,
    targetId: a.target.id,
    targetName: a.target.name,
    townId: a.target.townId,
    rubricId: a.rubric.id,
    rubricVersion: a.rubric.version,
    rubricTitle: a.rubric.title,
    stage: a.stage,
    status: a.status,
    assessedOn: a.assessedOn,
    assessorName: a.assessor.name,
    total: result.total,
    maxTotal: result.maxTotal,
    complete: result.complete,
    failed: result.failed,
    deductions: result.deductions.map((d) => ({ criterionId: d.criterionId, deduction: d.deduction })),
    updatedAt: a.updatedAt,
  };
}

/**
 * What an audit record keeps of a change: the changed fields, but answers and evidence per criterion or file
 * (`answers.15.3`), not the whole sheet each time; suggestions and the transition log are derived or repeated.
 */
export function auditChanges(before: Assessment | undefined, after: Assessment) {
  const changes = diff(before, after, ["version", "updatedAt", "createdAt", "suggestions", "transitions", "answers", "evidence"]);
  const each = <T>(name: string, from: Record<string, T>, to: Record<string, T>) => {
    for (const [id, change] of Object.entries(diff(from, to, []))) changes[`${name}.${id}`] = change;
  };
  each("answers", before?.answers ?? {}, after.answers);
  each(
    "evidence",
    Object.fromEntries((before?.evidence ?? []).map((e) => [e.id, e])),
    Object.fromEntries(after.evidence.map((e) => [e.id, e])),
  );
  return changes;
}

export type AssessmentRecords = ReturnType<typeof assessmentRecords>;

export function assessmentRecords(deps: AssessmentRecordsDeps) {
  const { assessments, clock, ids } = deps;

  async function load(tenantId: string, id: string): Promise<Assessment> {
    const found = await assessments.get(tenantId, id);
    if (!found) throw errors.notFound("assessment", id);
    return found;
  }

  // Published versions never change, so they are kept once read (per tenant, bounded): a PATCH from a phone then
  // costs one read, the assessment's.
  const published = new LruMap<string, RubricVersion>(200);
  async function pinned(tenantId: string, a: Pick<Assessment, "rubric">): Promise<RubricVersion> {
    const key = `${tenantId}:${a.rubric.id}:${a.rubric.version}`;
    const cached = published.get(key);
    if (cached) return cached;
    const rubric = await resolveRubricVersion(deps.rubrics, tenantId, a.rubric.id, a.rubric.version);
    if (!rubric) throw new Error(`assessment pins a missing rubric ${a.rubric.id}@${a.rubric.version}`);
    published.set(key, rubric);
    return rubric;
  }

  function transitionRefused(a: Assessment, wanted: string): never {
    throw errors.illegalTransition({ zh: "评估", en: "assessment" }, "status", a.status, wanted, allowedTransitions[a.status]);
  }

  function allow(a: Assessment, action: (typeof allowedTransitions)[AssessmentStatus][number]) {
    if (!allowedTransitions[a.status].includes(action)) transitionRefused(a, action);
  }

  async function save(
    ctx: RequestContext,
    principal: TenantPrincipal,
    rubric: RubricVersion,
    before: Assessment | undefined,
    after: Assessment,
    action: string,
    extra?: { claim?: IdempotencyClaim | undefined },
  ): Promise<AssessmentWithResult> {
    const result = scoreAssessment(rubric.definition, after.answers);
    const body = { ...after, result };
    const audit = auditEntry(
      auditSource(ctx, clock, ids),
      `assessment.${action}`,
      { type: "assessment", id: after.id },
      auditChanges(before, after),
    );
    const previousSummary = before ? summaryOf(before, scoreAssessment(rubric.definition, before.answers)) : undefined;
    await assessments.save(
      principal.tenantId,
      { before, after, summary: summaryOf(after, result), previousSummary },
      { audit, idempotency: idempotencyWrite(extra?.claim, 201, body) },
    );
    return body;
  }

  return { load, pinned, transitionRefused, allow, save };
}
