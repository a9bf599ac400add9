// Use cases on hazards: record one found at a unit (its town, grid, industry and host taken from the register),
// move it through the closed loop, extend its deadline with a reason, and list it. Every transition is checked
// against the lifecycle (409 naming what is allowed), versioned (of two racing transitions exactly one wins) and
// audited with actor, time, note and evidence.

import type { Assessment } from "#core/assessments/assessment";
import { evidenceRef } from "#core/assessments/assessment";
import type { Finding } from "#core/assessments/assessment-reads";
import {
  AssignHazardSchema,
  CreateHazardSchema,
  ExtendDeadlineSchema,
  FromAssessmentSchema,
  type Hazard,
  type HazardAction,
  type HazardFilter,
  type HazardState,
  type HazardSummary,
  hazardTransitions,
  isOverdue,
  PenaltyDecisionSchema,
  RejectHazardSchema,
  TransitionBodySchema,
  UpdateHazardSchema,
} from "#core/hazards/hazard";
import { hazardExport } from "#core/hazards/hazard-export-rows";
import { figuresOf, type HazardFigures, type HazardFiguresQuery, recount, sumCounters } from "#core/hazards/hazard-figures";
import type { HazardEscalations, HazardRepository } from "#core/hazards/ports";
import { auditEntry, diff } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { DomainError, errors, problem, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import { allOf } from "#core/kernel/paging";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { actorOf, personOf, requirePerson, requireTenantAccess, type TenantPrincipal } from "#core/kernel/principal";
import { asSingleLine } from "#core/kernel/text";
import { parseOrThrow } from "#core/kernel/validation";
import type { Enterprise } from "#core/register/enterprise";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import { liveEnterprise, notAfterToday } from "#core/register/references";

/** Findings of one unit recorded by another use case (an expert visit), each with the id its hazard gets. */
export interface FoundElsewhere {
  readonly enterpriseId: string;
  readonly source: Hazard["source"];
  readonly foundBy: Hazard["foundBy"];
  readonly foundOn: string;
  readonly campaignId: string | null;
  readonly findings: readonly {
    readonly hazardId: string;
    readonly category: string;
    readonly description: string;
    readonly location: string | null;
    readonly severity: Hazard["severity"];
    readonly keyItemId: string | null;
  }[];
}

/** `Escalation`: the item a hazard escalated to its city is read with (the escalation domain's; opaque here). */
export interface HazardServiceDeps<Escalation> {
  readonly hazards: HazardRepository;
  readonly towns: TownRepository;
  /** An assessment's failed criteria (the assessment service's `findings`): what hazards are made of. */
  readonly findings: (ctx: RequestContext, assessmentId: string) => Promise<{ assessment: Assessment; findings: Finding[] }>;
  readonly enterprises: EnterpriseRepository;
  readonly idempotency: IdempotencyStore;
  /** The items of escalated hazards: read with the hazard, and kept in step with its changes. */
  readonly escalations: HazardEscalations<Escalation>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type HazardView<Escalation = unknown> = Hazard & { overdue: boolean; escalation?: Escalation | null };
export type HazardSummaryView = HazardSummary & { overdue: boolean };

export type HazardService<Escalation = unknown> = ReturnType<typeof createHazardService<Escalation>>;

export function createHazardService<Escalation>(deps: HazardServiceDeps<Escalation>) {
  const { hazards, enterprises, clock, ids } = deps;
  const today = () => chinaDate(clock.now());
  const exportRows = hazardExport(deps);
  const view = (h: Hazard): HazardView<Escalation> => ({
    ...h,
    escalatedTo: h.escalatedTo ?? null,
    overdue: isOverdue({ state: h.state, deadline: h.rectification?.deadline ?? null }, today()),
  });

  /** A reported hazard at `unit` (its town, grid, industry and host copied from the register). */
  function newHazard(
    unit: Enterprise,
    found: Pick<Hazard, "category" | "description" | "location" | "severity" | "source" | "foundBy" | "foundOn" | "evidence" | "campaign">,
    sourceRef: Hazard["sourceRef"],
    id: string = ids.next(),
  ): Hazard {
    const now = clock.now().toISOString();
    return {
      id,
      enterpriseId: unit.id,
      enterpriseName: unit.name,
      hostId: unit.hostId,
      townId: unit.townId,
      gridId: unit.gridId,
      industry: unit.industry.divisionCode,
      ...found,
      sourceRef,
      state: "reported",
      rectification: null,
      deadlineHistory: [],
      transitions: [],
      submittedBy: null,
      penalty: null,
      closedOn: null,
      escalatedTo: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
  }

  async function load(tenantId: string, id: string): Promise<Hazard> {
    const found = await hazards.get(tenantId, id);
    if (!found) throw errors.notFound("hazard", id);
    return found;
  }

  function allow(h: Hazard, action: HazardAction) {
    const allowed = hazardTransitions[h.state];
    if (!allowed.includes(action)) throw errors.illegalTransition({ zh: "隐患", en: "hazard" }, "state", h.state, action, allowed);
  }

  const notInFuture = (path: string, date: string) => notAfterToday(path, date, today());

  function notInPast(path: string, date: string) {
    if (date < today())
      throw errors.unprocessable([problem(path, "deadline_in_past", "整改期限不能早于今天", "The deadline cannot be before today")]);
  }

  async function save(
    ctx: RequestContext,
    principal: TenantPrincipal,
    before: Hazard,
    after: Hazard,
    action: string,
  ): Promise<HazardView<Escalation>> {
    const audit = auditEntry(
      auditSource(ctx, clock, ids),
      `hazard.${action}`,
      { type: "hazard", id: after.id },
      diff(before, after, ["version", "updatedAt", "transitions"]),
    );
    // An escalated hazard's changes also refresh the city's snapshot of it, in the same transaction.
    if (after.escalatedTo) await deps.escalations.saveHazard(principal.tenantId, { before, after }, { audit });
    else await hazards.save(principal.tenantId, { before, after }, { audit });
    return view(after);
  }

  /** One step of the loop: checked, versioned, recorded in the hazard's transitions and the audit trail. */
  async function move(
    ctx: RequestContext,
    id: string,
    expectedVersion: number | undefined,
    action: HazardAction,
    to: HazardState,
    body: { note: string | null; evidence: string[] },
    change: (current: Hazard, principal: TenantPrincipal) => Partial<Hazard> = () => ({}),
  ): Promise<HazardView<Escalation>> {
    const principal = requireTenantAccess(ctx.principal, "hazards", "write");
    const current = await load(principal.tenantId, id);
    requireVersion("hazard", id, expectedVersion, current.version);
    allow(current, action);
    const now = clock.now().toISOString();
    const next: Hazard = {
      ...current,
      ...change(current, principal),
      state: to,
      transitions: [
        ...current.transitions,
        { action, from: current.state, to, by: actorOf(principal), at: now, note: body.note, evidence: body.evidence },
      ],
      updatedAt: now,
      version: current.version + 1,
    };
    return save(ctx, principal, current, next, action);
  }

  return {
    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<HazardView<Escalation>>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "write");
      const input = parseOrThrow(CreateHazardSchema, raw);
      return idempotentCreate(deps.idempotency, principal.tenantId, claim, async (claimed) => {
        notInFuture("foundOn", input.foundOn);
        const { enterpriseId, ...rest } = input;
        const hazard = newHazard(await liveEnterprise(enterprises, principal.tenantId, enterpriseId, "enterpriseId"), rest, null);
        const body = view(hazard);
        const audit = auditEntry(auditSource(ctx, clock, ids), "hazard.create", { type: "hazard", id: hazard.id }, diff(undefined, hazard));
        await hazards.save(
          principal.tenantId,
          { before: undefined, after: hazard },
          { audit, idempotency: idempotencyWrite(claimed, 201, body) },
        );
        return { status: 201, body };
      });
    },

    /** The hazard and, when escalated to the city, the joint tackling item with the city's answer. */
    async get(ctx: RequestContext, id: string): Promise<HazardView<Escalation>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "read");
      const hazard = await load(principal.tenantId, id);
      const to = hazard.escalatedTo;
      const escalation = to ? await deps.escalations.get(principal.tenantId, to.cityId, principal.tenantId, hazard.id) : undefined;
      return { ...view(hazard), escalation: escalation ?? null };
    },

    async list(ctx: RequestContext, filter: HazardFilter, page: PageRequest): Promise<Page<HazardSummaryView>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "read");
      const day = today();
      const found = await hazards.list(principal.tenantId, filter, day, page);
      return { ...found, items: found.items.map((h) => ({ ...h, overdue: isOverdue(h, day) })) };
    },

    /**
     * Turns an assessment's failed criteria into hazards in one call (source `assessment`, the deduction reason as
     * the description, its evidence attached): all of them, or the `criterionIds` chosen. Each finding gets one hazard
     * at most, so calling again creates only what is missing and reports the rest.
     */
    async fromAssessment(
      ctx: RequestContext,
      assessmentId: string,
      raw: unknown,
    ): Promise<{ created: HazardView<Escalation>[]; existing: { criterionId: string; hazardId: string | null }[] }> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "write");
      const input = parseOrThrow(FromAssessmentSchema, raw ?? {});
      const { assessment, findings } = await deps.findings(ctx, assessmentId);
      if (assessment.target.type !== "enterprise") {
        throw errors.unprocessable([
          problem(
            "assessmentId",
            "not_an_enterprise_assessment",
            "只有对生产经营单位的评估可生成隐患",
            "Only assessments of enterprises make hazards",
          ),
        ]);
      }
      if (assessment.status !== "submitted" && assessment.status !== "verified") {
        throw errors.conflict(
          "assessment_not_submitted",
          { zh: "评估提交后才能生成隐患", en: "Hazards are made from a submitted or verified assessment" },
          { status: assessment.status },
        );
      }
      const chosen = input.criterionIds ? findings.filter((f) => input.criterionIds?.includes(f.criterionId)) : findings;
      const unknown = (input.criterionIds ?? []).filter((id) => !findings.some((f) => f.criterionId === id));
      if (unknown.length > 0) {
        throw errors.unprocessable(
          unknown.map((id) =>
            problem(
              "criterionIds",
              "not_a_finding",
              `细则 ${id} 没有扣分（或不在该评估中）`,
              `Criterion ${id} lost no points (or is not in the assessment)`,
            ),
          ),
        );
      }
      const unit = await liveEnterprise(enterprises, principal.tenantId, assessment.target.id, "assessmentId");
      const created: HazardView<Escalation>[] = [];
      const existing: { criterionId: string; hazardId: string | null }[] = [];
      for (const finding of chosen) {
        const hazard = newHazard(
          unit,
          {
            category: asSingleLine(finding.sectionTitle).slice(0, 50) || "督导评估",
            description: `${finding.criterionTitle}${finding.reason ? `（${finding.reason}）` : ""}`.slice(0, 2000),
            location: null,
            severity: input.severity,
            source: "assessment",
            foundBy: input.foundBy ?? { name: assessment.assessor.name, phone: null },
            foundOn: assessment.assessedOn,
            evidence: finding.evidence.map((e) => evidenceRef(assessment.id, e)),
            // A finding of a campaign's assessment is a hazard of the campaign.
            campaign: assessment.campaign ? { campaignId: assessment.campaign.campaignId, keyItemId: null } : null,
          },
          { assessmentId: assessment.id, criterionId: finding.criterionId },
        );
        const audit = auditEntry(auditSource(ctx, clock, ids), "hazard.create", { type: "hazard", id: hazard.id }, diff(undefined, hazard));
        try {
          await hazards.save(principal.tenantId, { before: undefined, after: hazard }, { audit });
          created.push(view(hazard));
        } catch (error) {
          if (!(error instanceof DomainError && error.code === "finding_has_hazard")) throw error;
          existing.push({ criterionId: finding.criterionId, hazardId: (error.details?.hazardId as string | null | undefined) ?? null });
        }
      }
      return { created, existing };
    },

    /**
     * Findings recorded elsewhere (an expert visit's) as hazards of one unit in one call. Each finding names its
     * hazard's id, so calling again creates only what is missing and reports the rest as existing.
     */
    async fromFindings(ctx: RequestContext, input: FoundElsewhere): Promise<{ created: HazardView<Escalation>[]; existing: string[] }> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "write");
      const unit = await liveEnterprise(enterprises, principal.tenantId, input.enterpriseId, "enterpriseId");
      const created: HazardView<Escalation>[] = [];
      const existing: string[] = [];
      for (const finding of input.findings) {
        const hazard = newHazard(
          unit,
          {
            category: finding.category,
            description: finding.description,
            location: finding.location,
            severity: finding.severity,
            source: input.source,
            foundBy: input.foundBy,
            foundOn: input.foundOn,
            evidence: [],
            campaign: input.campaignId ? { campaignId: input.campaignId, keyItemId: finding.keyItemId } : null,
          },
          null,
          finding.hazardId,
        );
        const audit = auditEntry(auditSource(ctx, clock, ids), "hazard.create", { type: "hazard", id: hazard.id }, diff(undefined, hazard));
        try {
          await hazards.save(principal.tenantId, { before: undefined, after: hazard }, { audit });
          created.push(view(hazard));
        } catch (error) {
          if (!(error instanceof DomainError && error.code === "hazard_exists")) throw error;
          existing.push(finding.hazardId);
        }
      }
      return { created, existing };
    },

    /** Hazards as spreadsheet rows (hazard-export-rows.ts). */
    exportRows: exportRows.exportRows,

    /**
     * The dynamic-zeroing figures of the hazards found in a date range, for the tenant, a town or an industry:
     * from the per-day counters (one Query), or with `recount` from the hazards themselves (reads them all).
     */
    async figures(ctx: RequestContext, query: HazardFiguresQuery): Promise<HazardFigures> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "read");
      const problems = [
        ...(query.from > query.to ? [problem("to", "range_reversed", "结束日期早于开始日期", "The range ends before it starts")] : []),
        ...(query.townId !== undefined && query.industry !== undefined
          ? [problem("industry", "one_scope", "按镇（街道）或按行业统计，二选一", "Figures are per town or per industry, not both")]
          : []),
      ];
      if (problems.length > 0) throw errors.validation(problems);
      const scope =
        query.townId !== undefined ? `town#${query.townId}` : query.industry !== undefined ? `industry#${query.industry}` : "all";
      const counters = query.recount
        ? recount(await allOf((page) => hazards.list(principal.tenantId, { overdue: false, escalated: undefined }, today(), page)), query)
        : sumCounters(await hazards.counters(principal.tenantId, scope, query.from, query.to));
      return figuresOf(counters, { from: query.from, to: query.to, scope, today: today() });
    },

    /** Corrects what was recorded, before rectification starts. */
    async update(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<HazardView<Escalation>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "write");
      const patch = parseOrThrow(UpdateHazardSchema, raw);
      const current = await load(principal.tenantId, id);
      requireVersion("hazard", id, expectedVersion, current.version);
      allow(current, "edit");
      const next: Hazard = {
        ...current,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
        updatedAt: clock.now().toISOString(),
        version: current.version + 1,
      };
      if (Object.keys(diff(current, next, ["version", "updatedAt"])).length === 0) return view(current);
      return save(ctx, principal, current, next, "update");
    },

    /** 交办: the rectification (measure, responsible person, deadline, funds) is set and the hazard assigned. */
    async assign(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<HazardView<Escalation>> {
      const { rectification, ...body } = parseOrThrow(AssignHazardSchema, raw);
      notInPast("rectification.deadline", rectification.deadline);
      return move(ctx, id, expectedVersion, "assign", "assigned", body, () => ({ rectification }));
    },

    async start(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<HazardView<Escalation>> {
      return move(ctx, id, expectedVersion, "start", "rectifying", parseOrThrow(TransitionBodySchema, raw ?? {}));
    },

    /** The rectifier reports the work done (after-photos as evidence) and asks for verification. */
    async submit(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<HazardView<Escalation>> {
      return move(ctx, id, expectedVersion, "submit", "submitted", parseOrThrow(TransitionBodySchema, raw ?? {}), (_h, p) => ({
        submittedBy: personOf(p),
      }));
    },

    /** 销号: verified and closed. A major hazard needs a verifier other than its rectifier. */
    async close(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<HazardView<Escalation>> {
      const body = parseOrThrow(TransitionBodySchema, raw ?? {});
      return move(ctx, id, expectedVersion, "close", "closed", body, (h, p) => {
        if (
          h.severity === "major" &&
          personOf(requirePerson(p, { zh: "重大事故隐患验收销号", en: "Closing a major hazard" })) === h.submittedBy
        ) {
          throw errors.forbidden("verifier_is_rectifier", {
            zh: "重大事故隐患须由整改人以外的人员验收销号",
            en: "A major hazard must be verified by someone other than its rectifier",
          });
        }
        return { closedOn: today() };
      });
    },

    /** Verification refuses the rectification: back to rectifying, with the reason. */
    async reject(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<HazardView<Escalation>> {
      return move(ctx, id, expectedVersion, "reject", "rectifying", parseOrThrow(RejectHazardSchema, raw));
    },

    /** Records (or revises) the penalty decision on the violation behind the hazard; earlier ones stay in the audit trail. */
    async decidePenalty(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<HazardView<Escalation>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "write");
      const input = parseOrThrow(PenaltyDecisionSchema, raw);
      notInFuture("toldOn", input.toldOn);
      const current = await load(principal.tenantId, id);
      requireVersion("hazard", id, expectedVersion, current.version);
      const now = clock.now().toISOString();
      const next: Hazard = {
        ...current,
        penalty: { ...input, decidedBy: actorOf(principal), decidedAt: now },
        updatedAt: now,
        version: current.version + 1,
      };
      return save(ctx, principal, current, next, "penalty");
    },

    /** A new deadline, with its reason; the old one stays in the history. */
    async extend(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<HazardView<Escalation>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "write");
      const input = parseOrThrow(ExtendDeadlineSchema, raw);
      const current = await load(principal.tenantId, id);
      requireVersion("hazard", id, expectedVersion, current.version);
      allow(current, "extend");
      const rectification = current.rectification;
      if (!rectification) throw new Error(`hazard ${id} is ${current.state} without a rectification`);
      notInPast("deadline", input.deadline);
      if (input.deadline <= rectification.deadline) {
        throw errors.unprocessable([
          problem(
            "deadline",
            "deadline_not_later",
            `新期限须晚于当前期限 ${rectification.deadline}`,
            `The new deadline must be after ${rectification.deadline}`,
          ),
        ]);
      }
      const now = clock.now().toISOString();
      const next: Hazard = {
        ...current,
        rectification: { ...rectification, deadline: input.deadline },
        deadlineHistory: [
          ...current.deadlineHistory,
          { from: rectification.deadline, to: input.deadline, reason: input.reason, by: actorOf(principal), at: now },
        ],
        updatedAt: now,
        version: current.version + 1,
      };
      return save(ctx, principal, current, next, "extend");
    },
  };
}
