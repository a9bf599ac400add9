// Reading assessments: one with its computed breakdown, the lists, a unit's verified scores, a town's summary of
// its units' assessments (with its benchmark enterprises of a year, through a port), and an assessment's failed
// criteria as findings (what hazards are made of).
import type { Assessment, AssessmentFilter, AssessmentSummary } from "#core/assessments/assessment";
import type { AssessmentRecords, AssessmentWithResult } from "#core/assessments/assessment-records";
import { summarizeTown, type TownAssessmentSummary } from "#core/assessments/assessment-summary";
import type { AssessmentRepository, RubricRepository, TownBenchmarks } from "#core/assessments/ports";
import { criteriaOf, type RubricVersion } from "#core/assessments/rubric";
import { resolveRubricVersion } from "#core/assessments/rubric-service";
import { scoreAssessment } from "#core/assessments/scoring";
import { chinaDate } from "#core/kernel/china-time";
import type { RequestContext } from "#core/kernel/context";
import { errors } from "#core/kernel/errors";
import { allOf } from "#core/kernel/paging";
import type { Clock, Page, PageRequest } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import { existingEnterprise } from "#core/register/references";

/** A failed criterion with what a hazard made of it needs (POST /v1/assessments/{id}/hazards). */
export interface Finding {
  readonly criterionId: string;
  readonly sectionTitle: string;
  readonly itemTitle: string;
  readonly criterionTitle: string;
  readonly deduction: string | null;
  readonly reason: string | null;
  readonly evidence: string[];
}

export interface AssessmentReadsDeps {
  readonly assessments: AssessmentRepository;
  readonly rubrics: RubricRepository;
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly townBenchmarks: TownBenchmarks;
  readonly clock: Clock;
}

export function assessmentReads(deps: AssessmentReadsDeps, records: AssessmentRecords) {
  const { assessments, enterprises, towns } = deps;
  const { load, pinned } = records;

  return {
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

    /** A unit's verified scores, newest first, and its latest verified score. */
    async scores(
      ctx: RequestContext,
      enterpriseId: string,
      page: PageRequest,
    ): Promise<{ latest: AssessmentSummary | null; items: AssessmentSummary[]; nextCursor: string | null }> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "read");
      await existingEnterprise(enterprises, principal.tenantId, enterpriseId, { deleted: true });
      const filter = { targetId: enterpriseId, status: "verified" as const };
      const history = await assessments.list(principal.tenantId, filter, page);
      const latest = page.cursor ? (await assessments.list(principal.tenantId, filter, { limit: 1 })).items[0] : history.items[0];
      return { latest: latest ?? null, items: [...history.items], nextCursor: history.nextCursor };
    },

    /**
     * A town's summary of enterprise assessments against one rubric, optionally within dates and a stage, with its
     * benchmark enterprises of `benchmarkYear` (else the year of `to`, else this year).
     */
    async townSummary(
      ctx: RequestContext,
      townId: string,
      query: {
        rubricId: string;
        from?: string | undefined;
        to?: string | undefined;
        stage?: AssessmentFilter["stage"];
        benchmarkYear?: number | undefined;
      },
    ): Promise<TownAssessmentSummary> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "read");
      if (!(await towns.getTown(principal.tenantId, townId))) throw errors.notFound("town", townId);
      const { benchmarkYear, ...filter } = query;
      const year = benchmarkYear ?? Number((query.to ?? chinaDate(deps.clock.now())).slice(0, 4));
      const benchmarks = { year, ...(await deps.townBenchmarks.ofTown(principal.tenantId, townId, year)) };
      const entries = await allOf((page) => assessments.list(principal.tenantId, { ...filter, townId }, page));
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
      return { ...summarizeTown(townId, query.rubricId, entries, titleOf), benchmarks };
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
