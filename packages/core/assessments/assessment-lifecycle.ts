// An assessment's life: opened for a target against a pinned, published rubric version (a town's with
// suggestions from the register) at a stage not behind where the target stands, submitted when complete, then
// verified (keeping its stage, which must still not be behind) or returned to assistance by a second person (the
// Shishi flow, assessment-stages.ts), or discarded while still a draft; a town's suggestions recomputed on request.
import {
  type Assessment,
  type AssessmentStatus,
  CreateAssessmentSchema,
  type Evidence,
  evidenceUploadKey,
  ReturnAssessmentSchema,
  type Suggestion,
  TransitionNoteSchema,
} from "#core/assessments/assessment";
import type { KeptUpload } from "#core/assessments/assessment-evidence";
import { type AssessmentRecords, type AssessmentWithResult, auditChanges, summaryOf } from "#core/assessments/assessment-records";
import type { AssessmentStages } from "#core/assessments/assessment-stages";
import type { AssessmentRepository, RubricRepository, TownSuggestionSources } from "#core/assessments/ports";
import { criteriaOf, type RubricVersion } from "#core/assessments/rubric";
import { resolveRubricVersion } from "#core/assessments/rubric-service";
import { scoreAssessment } from "#core/assessments/scoring";
import { suggestionsFromRegister } from "#core/assessments/town-suggestions";
import { passingUnits, passLinesOf } from "#core/assessments/unit-pass";
import { auditEntry } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, type FieldProblem, problem, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotentCreate } from "#core/kernel/idempotency";
import { allOf } from "#core/kernel/paging";
import type { BlobStore, Clock, IdempotencyClaim, IdempotencyStore, IdGenerator } from "#core/kernel/ports";
import { actorOf, personOf, requirePerson, requireTenantAccess } from "#core/kernel/principal";
import { savedDespite } from "#core/kernel/record-files";
import { parseOrThrow } from "#core/kernel/validation";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import { liveEnterprise, notAfterToday } from "#core/register/references";

export interface AssessmentLifecycleDeps {
  readonly assessments: AssessmentRepository;
  readonly rubrics: RubricRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  /** Star-rating coverage and key inspection targets for town suggestions (implemented by the supervision domain). */
  readonly townSources: TownSuggestionSources;
  readonly blobs: BlobStore;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export function assessmentLifecycle(
  deps: AssessmentLifecycleDeps,
  records: AssessmentRecords,
  keepDirectUploads: (tenantId: string, id: string, pending: readonly Evidence[]) => Promise<Map<string, KeptUpload>>,
  stageOrder: AssessmentStages,
) {
  const { assessments, enterprises, towns, blobs, clock, ids } = deps;
  const { load, pinned, transitionRefused, allow, save } = records;

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
    const sources = new Set(criteriaOf(rubric.definition).map((c) => c.criterion.prefill));
    const [units, notStarRated, keyTargets, passed] = await Promise.all([
      allOf((page) => enterprises.list(tenantId, { townId, deleted: false }, page)),
      sources.has("star-rating-coverage") ? deps.townSources.notStarRated(tenantId, townId) : [],
      sources.has("supervision-targets") ? deps.townSources.keyTargets(tenantId, townId) : [],
      sources.has("standardization-pass-rate") ? passedInTown(tenantId, townId) : new Set<string>(),
    ]);
    return suggestionsFromRegister(rubric.definition, units, { notStarRated, keyTargets, passed });
  }

  /**
   * The town's units that pass review by their verified assessments listed in the town (one Query of its verified
   * list entries, and each rubric version they pinned once): a unit counts by its assessments made while in the town.
   */
  async function passedInTown(tenantId: string, townId: string): Promise<Set<string>> {
    const verified = await allOf((page) => assessments.list(tenantId, { townId, status: "verified" }, page));
    return passingUnits(verified, await passLinesOf(deps.rubrics, tenantId, verified));
  }

  const notInFuture = (path: string, date: string) => notAfterToday(path, date, chinaDate(clock.now()));

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
    // Verifying makes the assessment where the target stands: not behind a later stage verified meanwhile.
    if (action === "verify") await stageOrder.requireVerifiable(principal.tenantId, current);
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
        if (input.campaign && input.target.type !== "enterprise") {
          throw errors.unprocessable([
            problem(
              "campaign",
              "campaign_of_enterprises",
              "专项行动只包含对生产经营单位的评估",
              "Campaigns hold assessments of enterprises only",
            ),
          ]);
        }
        const target = await targetOf(principal.tenantId, input.target);
        await stageOrder.requireNotBehind(principal.tenantId, target.id, rubric.rubricId, input.stage);
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
          campaign: input.campaign,
          createdAt: now,
          updatedAt: now,
          version: 1,
        };
        const body = await save(ctx, principal, rubric, undefined, assessment, "create", { claim: claimed });
        return { status: 201, body };
      });
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
        await dropUploads();
        return saved;
      } catch (error) {
        // A save whose answer was lost may have been applied: the record is read again before the kept files go
        // (core/kernel/record-files.ts), so a submitted assessment never names a deleted file.
        let stored: Assessment | undefined;
        const applied = await savedDespite(error, {
          applied: async () => {
            const now = await load(principal.tenantId, id);
            const namesKept = [...kept].every(([e, k]) => now.evidence.some((n) => n.id === e && n.fileRevision === k.revision));
            stored = now.status === "submitted" && now.version === current.version + 1 && namesKept ? now : undefined;
            return stored !== undefined;
          },
          discard: async () => {
            await Promise.all(keptKeys.map((key) => blobs.delete(principal.tenantId, key).catch(() => undefined)));
          },
        });
        if (!applied || !stored) throw error;
        await dropUploads();
        return { ...stored, result: scoreAssessment(rubric.definition, stored.answers) };
      }

      /** The files sent straight to storage, once kept under the API's own keys. */
      async function dropUploads(): Promise<void> {
        await Promise.all([...kept.keys()].map((e) => blobs.delete(principal.tenantId, evidenceUploadKey(id, e)).catch(() => undefined)));
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
  };
}
