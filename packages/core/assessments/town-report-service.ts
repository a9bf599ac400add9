// Use cases of a town's standardization report (附件2): reading and saving what officials write for it, and building
// the report itself — the official's text, and the figures of sections 三–五 from the town's units, grids and
// assessments against one rubric. Whoever reads assessments reads the report and its text; whoever writes
// assessments (tenant-admins, inspectors, keys with assessments:write) writes the text.
//
// Reads, per report: the town, its grids and units (one list partition each, paged), the town's assessment list
// entries against the rubric and its verified ones against any (never the assessments; the pass rate counts units
// passing review by the latter, unit-pass.ts), the units assessed there since moved or deleted (one batch), the
// rubric versions behind the criteria titles and pass lines, and the town's own latest verified assessment.
import type { AssessmentFilter, AssessmentSummary } from "#core/assessments/assessment";
import type { AssessmentRepository, RubricRepository, TownReportTextRepository } from "#core/assessments/ports";
import { criteriaOf, type RubricVersion } from "#core/assessments/rubric";
import { libraryRubric } from "#core/assessments/rubric-library";
import { resolveRubricVersion } from "#core/assessments/rubric-service";
import { type ReportDocument, townReportDocument } from "#core/assessments/town-report-document";
import {
  assessmentFigures,
  type CriterionPlace,
  registerFigures,
  type TownOwnFigures,
  townOwnFigures,
} from "#core/assessments/town-report-figures";
import { checkedSections, emptyTownReportText, SaveTownReportTextSchema, type TownReportText } from "#core/assessments/town-report-text";
import { passingUnits, passLinesOf } from "#core/assessments/unit-pass";
import { latestPerUnit } from "#core/assessments/unit-scores";
import { auditEntry, diff } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem, requireVersion } from "#core/kernel/errors";
import { allOf } from "#core/kernel/paging";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import { personOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import { type EnterpriseSummary, summarize } from "#core/register/enterprise";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import type { Town } from "#core/register/town";

/** How many of the most-deducted criteria 五 lists. */
export const problemsListed = 10;

export interface TownReportServiceDeps {
  readonly towns: TownRepository;
  readonly enterprises: EnterpriseRepository;
  readonly assessments: AssessmentRepository;
  readonly rubrics: RubricRepository;
  readonly townReportTexts: TownReportTextRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface TownReportQuery {
  readonly rubricId: string;
  /** Assessment dates, inclusive (YYYY-MM-DD, Asia/Shanghai). */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export type TownReportService = ReturnType<typeof createTownReportService>;

export function createTownReportService(deps: TownReportServiceDeps) {
  const { towns, enterprises, assessments, rubrics, townReportTexts, clock, ids } = deps;

  async function loadTown(tenantId: string, townId: string): Promise<Town> {
    const town = await towns.getTown(tenantId, townId);
    if (!town) throw errors.notFound("town", townId);
    return town;
  }

  async function textOf(tenantId: string, townId: string): Promise<TownReportText> {
    return (await townReportTexts.get(tenantId, townId)) ?? emptyTownReportText(townId);
  }

  /** The rubric's title, if it is one the report can count: a scored rubric for enterprises (404 unknown, else 422). */
  async function enterpriseRubric(tenantId: string, rubricId: string): Promise<{ id: string; title: string }> {
    const library = libraryRubric(rubricId);
    const found = library
      ? { title: library.definition.title.zh, kind: library.definition.kind, target: library.definition.target }
      : await rubrics.get(tenantId, rubricId).then((r) => r && { title: r.title.zh, kind: r.kind, target: r.target });
    if (!found) throw errors.notFound("rubric", rubricId);
    if (found.kind !== "scored" || found.target !== "enterprise") {
      throw errors.unprocessable([
        problem(
          "rubricId",
          "not_an_enterprise_rubric",
          `评分细则 ${rubricId} 不是生产经营单位的计分细则：报告按生产经营单位的评估得分统计`,
          `Rubric ${rubricId} is not a scored rubric for enterprises, which is what the report counts`,
        ),
      ]);
    }
    return { id: rubricId, title: found.title };
  }

  /** Criterion titles (and their sections') from the rubric versions the assessments pinned. */
  async function placesOf(tenantId: string, rubricId: string, entries: readonly AssessmentSummary[]): Promise<CriterionPlace> {
    const versions = new Map<number, RubricVersion | undefined>();
    for (const e of entries) {
      if (!versions.has(e.rubricVersion))
        versions.set(e.rubricVersion, await resolveRubricVersion(rubrics, tenantId, rubricId, e.rubricVersion));
    }
    const places = new Map<number, Map<string, { title: string; sectionTitle: string }>>();
    for (const [version, found] of versions) {
      places.set(
        version,
        new Map(
          found
            ? criteriaOf(found.definition).map((c) => [c.criterion.id, { title: c.criterion.title.zh, sectionTitle: c.section.title.zh }])
            : [],
        ),
      );
    }
    return (criterionId, version) => places.get(version)?.get(criterionId) ?? { title: criterionId, sectionTitle: "" };
  }

  /** The town's latest verified assessment of itself (any town rubric, within the dates), scored. */
  async function ownAssessment(tenantId: string, townId: string, query: TownReportQuery): Promise<TownOwnFigures | null> {
    const filter: AssessmentFilter = { targetId: townId, status: "verified", from: query.from, to: query.to };
    const entries = await allOf((page) => assessments.list(tenantId, filter, page));
    const [latest] = latestPerUnit(entries.filter((e) => e.targetType === "town" && e.targetId === townId));
    if (!latest) return null;
    const [assessment, version] = await Promise.all([
      assessments.get(tenantId, latest.id),
      resolveRubricVersion(rubrics, tenantId, latest.rubricId, latest.rubricVersion),
    ]);
    return assessment && version ? townOwnFigures(assessment, version.definition) : null;
  }

  return {
    async getText(ctx: RequestContext, townId: string): Promise<TownReportText> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "read");
      await loadTown(principal.tenantId, townId);
      return textOf(principal.tenantId, townId);
    },

    /** Replaces the whole text (a section left out is not written); If-Match as every versioned write. */
    async saveText(ctx: RequestContext, townId: string, raw: unknown, expectedVersion?: number): Promise<TownReportText> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "write");
      const input = parseOrThrow(SaveTownReportTextSchema, raw);
      await loadTown(principal.tenantId, townId);
      const sections = checkedSections(input);
      const current = await textOf(principal.tenantId, townId);
      requireVersion("town report text", townId, expectedVersion, current.version);
      const changes = diff(current.sections, sections);
      if (Object.keys(changes).length === 0) return current;
      const next: TownReportText = {
        townId,
        sections,
        updatedAt: clock.now().toISOString(),
        updatedBy: personOf(principal),
        version: current.version + 1,
      };
      const audit = auditEntry(auditSource(ctx, clock, ids), "town-report-text.save", { type: "town-report-text", id: townId }, changes);
      await townReportTexts.save(principal.tenantId, { before: current.version === 0 ? undefined : current, after: next }, { audit });
      return next;
    },

    /** The report as one block model, for the route to render as HTML or .docx. */
    async report(ctx: RequestContext, townId: string, query: TownReportQuery): Promise<{ town: Town; document: ReportDocument }> {
      const principal = requireTenantAccess(ctx.principal, "assessments", "read");
      const tenantId = principal.tenantId;
      const town = await loadTown(tenantId, townId);
      const rubric = await enterpriseRubric(tenantId, query.rubricId);
      const filter: AssessmentFilter = { townId, rubricId: rubric.id, from: query.from, to: query.to };
      const [grids, units, entries, verifiedHere, text, own] = await Promise.all([
        allOf((page) => towns.listGrids(tenantId, townId, page)),
        allOf((page) => enterprises.list(tenantId, { townId, deleted: false }, page)),
        allOf((page) => assessments.list(tenantId, filter, page)),
        // The pass rate is the units' standing now, whatever dates the report is limited to.
        allOf((page) => assessments.list(tenantId, { townId, status: "verified" }, page)),
        textOf(tenantId, townId),
        ownAssessment(tenantId, townId, query),
      ]);
      const passing = passingUnits(verifiedHere, await passLinesOf(rubrics, tenantId, verifiedHere));
      // Units assessed in the town that are no longer among its units (moved away, deleted) keep their figures.
      const unitsById = new Map<string, EnterpriseSummary>(units.map((u) => [u.id, u]));
      const elsewhere = [
        ...new Set(entries.filter((e) => e.targetType === "enterprise" && !unitsById.has(e.targetId)).map((e) => e.targetId)),
      ];
      if (elsewhere.length > 0) for (const e of await enterprises.getMany(tenantId, elsewhere)) unitsById.set(e.id, summarize(e));
      const counted = entries.filter((e) => e.targetType === "enterprise" && e.status === "verified");
      const document = townReportDocument({
        town,
        rubric,
        asOf: chinaDate(clock.now()),
        from: query.from,
        to: query.to,
        grids: {
          level1: grids.filter((g) => g.level === 1).length,
          level2: grids.filter((g) => g.level === 2).length,
          level3: grids.filter((g) => g.level === 3).length,
        },
        register: registerFigures(units, passing),
        assessments: assessmentFigures(rubric.id, entries, units, unitsById, await placesOf(tenantId, rubric.id, counted), problemsListed),
        own,
        text,
      });
      return { town, document };
    },
  };
}
