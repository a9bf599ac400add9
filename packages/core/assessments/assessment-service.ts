// Use cases on assessments: open one for a target against a pinned, published rubric version; record answers
// (the rule's input, a deduction reason, evidence) while it is a draft; submit, verify or return it (the Shishi
// flow: a verification that disagrees sends it back to assistance); read it with the computed breakdown; list
// and summarise; and the failed criteria as findings (the seam for turning them into hazards).

import {
  AddEvidenceSchema,
  type Answer,
  type Assessment,
  type AssessmentFilter,
  type AssessmentStatus,
  type AssessmentSummary,
  allowedTransitions,
  CreateAssessmentSchema,
  type Evidence,
  evidenceBlobKey,
  evidenceUploadKey,
  maxEvidenceBytes,
  ReturnAssessmentSchema,
  type Suggestion,
  TransitionNoteSchema,
  UpdateAssessmentSchema,
} from "#core/assessments/assessment";
import { summarizeTown, type TownAssessmentSummary } from "#core/assessments/assessment-summary";
import type { AssessmentRepository, RubricRepository } from "#core/assessments/ports";
import { criteriaOf, type RubricCriterion, type RubricVersion } from "#core/assessments/rubric";
import { resolveRubricVersion } from "#core/assessments/rubric-service";
import { type AssessmentResult, inputProblems, scoreAssessment, scoreCriterion } from "#core/assessments/scoring";
import { suggestionsFromRegister } from "#core/assessments/town-suggestions";
import { auditEntry, diff } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { withoutPrecondition } from "#core/kernel/concurrency";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, type FieldProblem, problem, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import { LruMap } from "#core/kernel/lru-map";
import { allOf } from "#core/kernel/paging";
import type {
  BlobStore,
  Clock,
  DirectUpload,
  IdempotencyClaim,
  IdempotencyStore,
  IdGenerator,
  Page,
  PageRequest,
  StoredBlob,
} from "#core/kernel/ports";
import { actorOf, personOf, requirePerson, requireTenantAccess, type TenantPrincipal } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import { liveEnterprise, notAfterToday } from "#core/register/references";

export interface AssessmentServiceDeps {
  readonly assessments: AssessmentRepository;
  readonly rubrics: RubricRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly blobs: BlobStore;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type AssessmentWithResult = Assessment & { result: AssessmentResult };

/** A failed criterion with what a hazard made of it needs (issue: turn findings into hazards in one call). */
export interface Finding {
  readonly criterionId: string;
  readonly sectionTitle: string;
  readonly itemTitle: string;
  readonly criterionTitle: string;
  readonly deduction: string | null;
  readonly reason: string | null;
  readonly evidence: string[];
}

const uploadFormSeconds = 900;

const emptyFile = (path: string) => errors.unprocessable([problem(path, "empty_file", "文件为空", "The file is empty")]);

/** Where an evidence record's stored file is, if it has one. */
function storedKey(assessmentId: string, e: Evidence): string | undefined {
  return e.bytes === null ? undefined : evidenceBlobKey(assessmentId, e.id, e.fileRevision ?? null);
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
function auditChanges(before: Assessment | undefined, after: Assessment) {
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

export type AssessmentService = ReturnType<typeof createAssessmentService>;

export function createAssessmentService(deps: AssessmentServiceDeps) {
  const { assessments, enterprises, towns, blobs, clock, ids } = deps;

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

  /** The evidence record of a draft (or returned) assessment, to which a file may be uploaded. */
  function editableEvidence(a: Assessment, evidenceId: string): Evidence {
    allow(a, "edit");
    const evidence = a.evidence.find((e) => e.id === evidenceId);
    if (!evidence) throw errors.notFound("evidence", evidenceId);
    return evidence;
  }

  /**
   * Copies what was uploaded straight to storage for `pending` into keys of the API's own, refusing empty files
   * (storage's form already refused oversized ones, and `put` checks again): by evidence id, with the record each
   * becomes. Evidence with nothing uploaded is left out.
   */
  async function keepDirectUploads(
    tenantId: string,
    id: string,
    pending: readonly Evidence[],
  ): Promise<Map<string, { evidence: Evidence; revision: string; key: string; stored: StoredBlob }>> {
    const kept = new Map<string, { evidence: Evidence; revision: string; key: string; stored: StoredBlob }>();
    try {
      for (const e of pending) {
        const uploaded = await blobs.get(tenantId, evidenceUploadKey(id, e.id));
        if (!uploaded) continue;
        const revision = ids.next();
        const key = evidenceBlobKey(id, e.id, revision);
        const stored = await blobs.put(tenantId, key, uploaded, e.contentType, maxEvidenceBytes);
        kept.set(e.id, { evidence: { ...e, bytes: stored.bytes, sha256: stored.sha256, fileRevision: revision }, revision, key, stored });
        if (stored.bytes === 0) throw emptyFile(`evidence.${e.id}`);
      }
    } catch (error) {
      await Promise.all([...kept.values()].map((k) => blobs.delete(tenantId, k.key).catch(() => undefined)));
      throw error;
    }
    return kept;
  }

  /**
   * Switches evidence `evidenceId` to the file just stored under `upload.key`, by a versioned save (worked out
   * again on the fresh assessment when a concurrent change wins, unless If-Match was sent), then deletes the file
   * it replaced. Refused or lost: the new file is deleted and the stored file and record stay as they were.
   */
  async function attach(
    ctx: RequestContext,
    principal: TenantPrincipal,
    id: string,
    evidenceId: string,
    upload: { revision: string; key: string; stored: StoredBlob },
    expectedVersion: number | undefined,
  ): Promise<Evidence> {
    try {
      if (upload.stored.bytes === 0) throw emptyFile("body");
      const { updated, replaced } = await withoutPrecondition(expectedVersion, async () => {
        const current = await load(principal.tenantId, id);
        requireVersion("assessment", id, expectedVersion, current.version);
        const evidence = editableEvidence(current, evidenceId);
        const updated: Evidence = { ...evidence, bytes: upload.stored.bytes, sha256: upload.stored.sha256, fileRevision: upload.revision };
        const next: Assessment = {
          ...current,
          evidence: current.evidence.map((e) => (e.id === evidenceId ? updated : e)),
          updatedAt: clock.now().toISOString(),
          version: current.version + 1,
        };
        await save(ctx, principal, await pinned(principal.tenantId, current), current, next, "evidence-upload");
        return { updated, replaced: storedKey(id, evidence) };
      });
      if (replaced) await blobs.delete(principal.tenantId, replaced).catch(() => undefined);
      return updated;
    } catch (error) {
      await blobs.delete(principal.tenantId, upload.key).catch(() => undefined);
      throw error;
    }
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

  async function targetOf(tenantId: string, target: { type: "enterprise" | "town"; id: string }) {
    if (target.type === "enterprise") {
      const unit = await liveEnterprise(enterprises, tenantId, target.id, "target.id");
      return { type: target.type, id: unit.id, name: unit.name, townId: unit.townId };
    }
    const town = await towns.getTown(tenantId, target.id);
    if (!town)
      throw errors.unprocessable([
        problem("target.id", "unknown_town", `镇（街道）${target.id} 不存在`, `Town ${target.id} does not exist`),
      ]);
    return { type: target.type, id: town.id, name: town.name, townId: town.id };
  }

  async function suggestionsFor(tenantId: string, rubric: RubricVersion, townId: string): Promise<Record<string, Suggestion>> {
    if (!criteriaOf(rubric.definition).some((c) => c.criterion.prefill)) return {};
    const units = await allOf((page) => enterprises.list(tenantId, { townId, deleted: false }, page));
    return suggestionsFromRegister(rubric.definition, units);
  }

  const notInFuture = (path: string, date: string) => notAfterToday(path, date, chinaDate(clock.now()));

  /** The answers after a patch, or every problem with it (unknown criteria, wrong inputs, missing reasons…). */
  function applyAnswers(
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
        problems.push(
          problem(`${path}.useSuggestion`, "no_suggestion", "该细则没有系统建议值", "There is no suggestion for this criterion"),
        );
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

  /** Moves a submitted assessment on (verify) or back (return), by someone other than its submitter. */
  async function review(
    ctx: RequestContext,
    id: string,
    expectedVersion: number | undefined,
    action: "verify" | "return",
    note: string | null,
  ): Promise<AssessmentWithResult> {
    const principal = requireTenantAccess(ctx.principal, "assessments", "write");
    const current = await load(principal.tenantId, id);
    requireVersion("assessment", id, expectedVersion, current.version);
    allow(current, action);
    const reviewer = requirePerson(principal, { zh: "核实", en: "Verification" });
    const actor = actorOf(reviewer).id;
    if (personOf(reviewer) === current.submittedBy) {
      throw errors.forbidden("reviewer_is_submitter", {
        zh: "核实须由提交人以外的人员进行",
        en: "Verification must be done by someone other than the submitter",
      });
    }
    const now = clock.now().toISOString();
    const to: AssessmentStatus = action === "verify" ? "verified" : "returned";
    const stage = action === "verify" ? current.stage : "assistance";
    const next: Assessment = {
      ...current,
      status: to,
      stage,
      transitions: [...current.transitions, { from: current.status, to, stage, at: now, by: actor, note }],
      updatedAt: now,
      version: current.version + 1,
    };
    return save(ctx, principal, await pinned(principal.tenantId, current), current, next, action);
  }

  return {
    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<AssessmentWithResult>> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "write");
      const input = parseOrThrow(CreateAssessmentSchema, raw);
      return idempotentCreate(deps.idempotency, principal.tenantId, claim, async (claimed) => {
        const rubric = await resolveRubricVersion(deps.rubrics, principal.tenantId, input.rubric.id, input.rubric.version);
        if (!rubric) {
          throw errors.unprocessable([
            problem("rubric", "unknown_rubric_version", "评分细则不存在或该版本未发布", "No such rubric, or that version is not published"),
          ]);
        }
        if (rubric.definition.target !== input.target.type) {
          throw errors.unprocessable([
            problem(
              "target.type",
              "target_does_not_match_rubric",
              `该评分细则用于${rubric.definition.target === "town" ? "镇（街道）" : "生产经营单位"}`,
              `The rubric assesses a ${rubric.definition.target}`,
            ),
          ]);
        }
        const owner = rubric.definition.enterpriseId;
        if (owner !== undefined && owner !== input.target.id) {
          throw errors.unprocessable([
            problem("target.id", "checklist_of_another_unit", "该安全检查清单属于另一家单位", "This checklist belongs to another unit"),
          ]);
        }
        notInFuture("assessedOn", input.assessedOn);
        const target = await targetOf(principal.tenantId, input.target);
        const now = clock.now().toISOString();
        const assessment: Assessment = {
          id: ids.next(),
          target,
          rubric: { id: rubric.rubricId, version: rubric.version, title: rubric.definition.title.zh, kind: rubric.definition.kind },
          stage: input.stage,
          status: "draft",
          assessor: input.assessor,
          assessedOn: input.assessedOn,
          note: input.note,
          answers: {},
          suggestions: target.type === "town" ? await suggestionsFor(principal.tenantId, rubric, target.id) : {},
          evidence: [],
          transitions: [],
          submittedBy: null,
          createdAt: now,
          updatedAt: now,
          version: 1,
        };
        const body = await save(ctx, principal, rubric, undefined, assessment, "create", { claim: claimed });
        return { status: 201, body };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<AssessmentWithResult> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "read");
      const assessment = await load(principal.tenantId, id);
      const rubric = await pinned(principal.tenantId, assessment);
      return { ...assessment, result: scoreAssessment(rubric.definition, assessment.answers) };
    },

    async list(ctx: RequestContext, filter: AssessmentFilter, page: PageRequest): Promise<Page<AssessmentSummary>> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "read");
      return assessments.list(principal.tenantId, filter, page);
    },

    /** Records answers and details of a draft (or returned) assessment; the breakdown is recomputed. */
    async update(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<AssessmentWithResult> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "write");
      const patch = parseOrThrow(UpdateAssessmentSchema, raw);
      const current = await load(principal.tenantId, id);
      requireVersion("assessment", id, expectedVersion, current.version);
      allow(current, "edit");
      if (patch.assessedOn !== undefined) notInFuture("assessedOn", patch.assessedOn);
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

    /** Hands the assessment in: every criterion answered and every evidence file uploaded; read-only from now. */
    async submit(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<AssessmentWithResult> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "write");
      const { note } = parseOrThrow(TransitionNoteSchema, raw ?? {});
      const current = await load(principal.tenantId, id);
      requireVersion("assessment", id, expectedVersion, current.version);
      allow(current, "submit");
      const rubric = await pinned(principal.tenantId, current);
      const problems: FieldProblem[] = criteriaOf(rubric.definition)
        .filter(({ criterion }) => !current.answers[criterion.id])
        .map(({ criterion }) =>
          problem(
            `answers.${criterion.id}`,
            "unanswered",
            `细则 ${criterion.id} 尚未评分`,
            `Criterion ${criterion.id} is not answered yet`,
          ),
        );
      // Files that went straight to storage are checked and kept now, before the assessment becomes read-only.
      const used = new Set(Object.values(current.answers).flatMap((a) => a.evidence));
      const kept = await keepDirectUploads(
        principal.tenantId,
        id,
        current.evidence.filter((e) => used.has(e.id) && e.bytes === null),
      );
      const evidence = current.evidence.map((e) => kept.get(e.id)?.evidence ?? e);
      for (const e of evidence) {
        if (used.has(e.id) && e.bytes === null) {
          problems.push(
            problem(
              `evidence.${e.id}`,
              "evidence_not_uploaded",
              `证据「${e.fileName}」尚未上传`,
              `The evidence file "${e.fileName}" is not uploaded yet`,
            ),
          );
        }
      }
      const keptKeys = [...kept.values()].map((k) => k.key);
      try {
        if (problems.length > 0) throw errors.unprocessable(problems);
        const now = clock.now().toISOString();
        const actor = actorOf(principal).id;
        const next: Assessment = {
          ...current,
          status: "submitted",
          evidence,
          submittedBy: personOf(principal),
          transitions: [...current.transitions, { from: current.status, to: "submitted", stage: current.stage, at: now, by: actor, note }],
          updatedAt: now,
          version: current.version + 1,
        };
        const saved = await save(ctx, principal, rubric, current, next, "submit");
        await Promise.all([...kept.keys()].map((e) => blobs.delete(principal.tenantId, evidenceUploadKey(id, e)).catch(() => undefined)));
        return saved;
      } catch (error) {
        await Promise.all(keptKeys.map((key) => blobs.delete(principal.tenantId, key).catch(() => undefined)));
        throw error;
      }
    },

    async verify(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<AssessmentWithResult> {
      const { note } = parseOrThrow(TransitionNoteSchema, raw ?? {});
      return review(ctx, id, expectedVersion, "verify", note);
    },

    /** Verification disagrees (核实结果不一致): back to assistance, editable again, with the reason recorded. */
    async return(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<AssessmentWithResult> {
      const { reason } = parseOrThrow(ReturnAssessmentSchema, raw);
      return review(ctx, id, expectedVersion, "return", reason);
    },

    /** Discards a draft opened by mistake; once submitted (even if later returned) an assessment is kept. */
    async discard(ctx: RequestContext, id: string, expectedVersion?: number): Promise<void> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "write");
      const current = await load(principal.tenantId, id);
      requireVersion("assessment", id, expectedVersion, current.version);
      if (current.status !== "draft") transitionRefused(current, "discard");
      const rubric = await pinned(principal.tenantId, current);
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "assessment.discard",
        { type: "assessment", id },
        auditChanges(current, { ...current, answers: {}, evidence: [] }),
      );
      await assessments.discard(principal.tenantId, current, summaryOf(current, scoreAssessment(rubric.definition, current.answers)), {
        audit,
      });
    },

    /** Recomputes a town assessment's suggestions from the register as it is now. */
    async refreshSuggestions(ctx: RequestContext, id: string, expectedVersion?: number): Promise<AssessmentWithResult> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "write");
      const current = await load(principal.tenantId, id);
      requireVersion("assessment", id, expectedVersion, current.version);
      allow(current, "edit");
      const rubric = await pinned(principal.tenantId, current);
      const suggestions = current.target.type === "town" ? await suggestionsFor(principal.tenantId, rubric, current.target.id) : {};
      const next: Assessment = { ...current, suggestions, updatedAt: clock.now().toISOString(), version: current.version + 1 };
      return save(ctx, principal, rubric, current, next, "suggest");
    },

    /** Registers an evidence file; the client uploads it next (PUT …/file, or the storage form when there is one). */
    async addEvidence(ctx: RequestContext, id: string, raw: unknown): Promise<{ evidence: Evidence; upload: DirectUpload | undefined }> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "write");
      const input = parseOrThrow(AddEvidenceSchema, raw);
      const current = await load(principal.tenantId, id);
      allow(current, "edit");
      const rubric = await pinned(principal.tenantId, current);
      if (input.criterionId !== null && !criteriaOf(rubric.definition).some((c) => c.criterion.id === input.criterionId)) {
        throw errors.unprocessable([
          problem(
            "criterionId",
            "unknown_criterion",
            `细则 ${input.criterionId} 不在该评分细则中`,
            `Criterion ${input.criterionId} is not in the rubric`,
          ),
        ]);
      }
      if (current.evidence.length >= 200) {
        throw errors.unprocessable([
          problem("evidence", "too_many_evidence", "每份评估最多 200 个证据文件", "At most 200 evidence files per assessment"),
        ]);
      }
      const now = clock.now().toISOString();
      const evidence: Evidence = {
        ...input,
        id: ids.next(),
        bytes: null,
        sha256: null,
        fileRevision: null,
        addedBy: actorOf(principal).id,
        addedAt: now,
      };
      const next: Assessment = { ...current, evidence: [...current.evidence, evidence], updatedAt: now, version: current.version + 1 };
      await save(ctx, principal, rubric, current, next, "evidence");
      return {
        evidence,
        upload: await blobs.uploadForm(
          principal.tenantId,
          evidenceUploadKey(id, evidence.id),
          evidence.contentType,
          uploadFormSeconds,
          maxEvidenceBytes,
        ),
      };
    },

    /**
     * Stores an evidence file's bytes sent to the API (in AWS large files may go straight to storage instead, then
     * `attach`). A refused upload changes nothing; of uploads at once, each is kept in turn and the last one stays.
     */
    async uploadEvidence(
      ctx: RequestContext,
      id: string,
      evidenceId: string,
      contentType: string | undefined,
      body: AsyncIterable<Uint8Array> | Uint8Array,
      expectedVersion?: number,
    ): Promise<Evidence> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "write");
      const current = await load(principal.tenantId, id);
      requireVersion("assessment", id, expectedVersion, current.version);
      const evidence = editableEvidence(current, evidenceId);
      if ((contentType ?? "").split(";")[0]?.trim().toLowerCase() !== evidence.contentType) {
        throw errors.unprocessable([
          problem(
            "content-type",
            "content_type_mismatch",
            `文件类型应为 ${evidence.contentType}`,
            `The file must be sent as ${evidence.contentType}`,
          ),
        ]);
      }
      const revision = ids.next();
      const key = evidenceBlobKey(id, evidenceId, revision);
      const stored = await blobs.put(principal.tenantId, key, body, evidence.contentType, maxEvidenceBytes);
      return attach(ctx, principal, id, evidenceId, { revision, key, stored }, expectedVersion);
    },

    /** Keeps the file uploaded straight to storage (the form `upload` of POST …/evidence): checked, then attached. */
    async attachUpload(ctx: RequestContext, id: string, evidenceId: string, expectedVersion?: number): Promise<Evidence> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "write");
      const current = await load(principal.tenantId, id);
      requireVersion("assessment", id, expectedVersion, current.version);
      const kept = await keepDirectUploads(principal.tenantId, id, [editableEvidence(current, evidenceId)]);
      const upload = kept.get(evidenceId);
      if (!upload) {
        throw errors.conflict("file_not_uploaded", {
          zh: "尚未向存储上传该证据文件",
          en: "The evidence file has not been uploaded to storage yet",
        });
      }
      const attached = await attach(ctx, principal, id, evidenceId, upload, expectedVersion);
      await blobs.delete(principal.tenantId, evidenceUploadKey(id, evidenceId)).catch(() => undefined);
      return attached;
    },

    async evidenceFile(
      ctx: RequestContext,
      id: string,
      evidenceId: string,
    ): Promise<{ evidence: Evidence; body: AsyncIterable<Uint8Array> }> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "read");
      const current = await load(principal.tenantId, id);
      const evidence = current.evidence.find((e) => e.id === evidenceId);
      const key = evidence ? storedKey(id, evidence) : undefined;
      const body = key ? await blobs.get(principal.tenantId, key) : undefined;
      if (!evidence || !body) throw errors.notFound("evidence file", evidenceId);
      return { evidence, body };
    },

    /** A unit's verified scores, newest first, and its latest verified score. */
    async scores(
      ctx: RequestContext,
      enterpriseId: string,
      page: PageRequest,
    ): Promise<{ latest: AssessmentSummary | null; items: AssessmentSummary[]; nextCursor: string | null }> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "read");
      const unit = await enterprises.get(principal.tenantId, enterpriseId);
      if (!unit) throw errors.notFound("enterprise", enterpriseId);
      const filter = { targetId: enterpriseId, status: "verified" as const };
      const history = await assessments.list(principal.tenantId, filter, page);
      const latest = page.cursor ? (await assessments.list(principal.tenantId, filter, { limit: 1 })).items[0] : history.items[0];
      return { latest: latest ?? null, items: [...history.items], nextCursor: history.nextCursor };
    },

    /** A town's summary of enterprise assessments against one rubric, optionally within dates and a stage. */
    async townSummary(
      ctx: RequestContext,
      townId: string,
      query: { rubricId: string; from?: string | undefined; to?: string | undefined; stage?: AssessmentFilter["stage"] },
    ): Promise<TownAssessmentSummary> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "read");
      if (!(await towns.getTown(principal.tenantId, townId))) throw errors.notFound("town", townId);
      const entries = await allOf((page) => assessments.list(principal.tenantId, { ...query, townId }, page));
      const versions = new Map<number, RubricVersion | undefined>();
      for (const e of entries) {
        if (e.rubricId === query.rubricId && !versions.has(e.rubricVersion)) {
          versions.set(e.rubricVersion, await resolveRubricVersion(deps.rubrics, principal.tenantId, e.rubricId, e.rubricVersion));
        }
      }
      const titleOf = (criterionId: string, version: number) => {
        const definition = versions.get(version)?.definition;
        const found = definition ? criteriaOf(definition).find((c) => c.criterion.id === criterionId) : undefined;
        return found?.criterion.title.zh ?? criterionId;
      };
      return summarizeTown(townId, query.rubricId, entries, titleOf);
    },

    /** The failed criteria with their reasons and evidence: what hazards are made of (hazards issue). */
    async findings(ctx: RequestContext, id: string): Promise<{ assessment: Assessment; findings: Finding[] }> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "read");
      const assessment = await load(principal.tenantId, id);
      const rubric = await pinned(principal.tenantId, assessment);
      const placed = new Map(criteriaOf(rubric.definition).map((c) => [c.criterion.id, c]));
      const findings = scoreAssessment(rubric.definition, assessment.answers).deductions.map((d): Finding => {
        const at = placed.get(d.criterionId);
        return {
          criterionId: d.criterionId,
          sectionTitle: at?.section.title.zh ?? "",
          itemTitle: at?.item.title.zh ?? "",
          criterionTitle: d.title,
          deduction: d.deduction,
          reason: d.reason,
          evidence: [...(assessment.answers[d.criterionId]?.evidence ?? [])],
        };
      });
      return { assessment, findings };
    },
  };
}
