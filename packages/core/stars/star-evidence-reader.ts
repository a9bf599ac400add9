// Reads one unit's evidence for a scheme from the tenant's own data (pure rules read it in star-evaluation.ts):
// the latest verified assessment per rubric the scheme names (with its section scores, recomputed from the
// pinned rubric version), the unit's hazards, its most recently checked active placard and the tenant's check
// interval, the register's confirmation day and standardization profile, its accidents, a sham mark. A handful of reads per unit.
import type { AssessmentRepository, RubricRepository } from "#core/assessments/ports";
import { resolveRubricVersion } from "#core/assessments/rubric-service";
import { scoreAssessment } from "#core/assessments/scoring";
import type { HazardRepository } from "#core/hazards/ports";
import { chinaDate } from "#core/kernel/china-time";
import { allOf } from "#core/kernel/paging";
import type { PlacardRepository } from "#core/placards/ports";
import type { Enterprise } from "#core/register/enterprise";
import { noStandardization } from "#core/register/enterprise";
import type { AccidentRepository } from "#core/register/ports";
import type { ShamFlagRepository } from "#core/stars/ports";
import type { HazardFacts, UnitEvidence, VerifiedAssessmentFacts } from "#core/stars/star-evidence";
import { rubricsNamed, type StarSchemeDefinition } from "#core/stars/star-scheme";
import type { SettingsRepository } from "#core/tenancy/ports";

export interface EvidenceReaderDeps {
  readonly assessments: AssessmentRepository;
  readonly rubrics: RubricRepository;
  readonly hazards: HazardRepository;
  readonly placards: PlacardRepository;
  readonly settings: SettingsRepository;
  readonly accidents: AccidentRepository;
  readonly shamFlags: ShamFlagRepository;
}

export function evidenceReader(deps: EvidenceReaderDeps) {
  async function latestVerified(tenantId: string, enterpriseId: string, rubricId: string): Promise<VerifiedAssessmentFacts | undefined> {
    // The one verified last: by assessment day, then by when it was verified (its last change), then by id.
    const verified = await deps.assessments.list(tenantId, { targetId: enterpriseId, rubricId, status: "verified" }, { limit: 20 });
    const summary = [...verified.items].sort(
      (a, b) => b.assessedOn.localeCompare(a.assessedOn) || b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id),
    )[0];
    const assessment = summary ? await deps.assessments.get(tenantId, summary.id) : undefined;
    if (!assessment) return undefined;
    const rubric = await resolveRubricVersion(deps.rubrics, tenantId, assessment.rubric.id, assessment.rubric.version);
    if (!rubric) return undefined;
    const result = scoreAssessment(rubric.definition, assessment.answers);
    const verifiedAt = assessment.transitions.findLast((t) => t.to === "verified")?.at ?? assessment.updatedAt;
    return {
      id: assessment.id,
      rubricId,
      rubricVersion: assessment.rubric.version,
      verifiedOn: chinaDate(new Date(verifiedAt)),
      total: result.total ?? "0",
      sections: Object.fromEntries(result.sections.map((s) => [s.id, s.score ?? "0"])),
    };
  }

  return {
    /** The evidence of `unit` for `definition`, read on `today` (Asia/Shanghai). */
    async read(tenantId: string, unit: Enterprise, definition: StarSchemeDefinition, today: string): Promise<UnitEvidence> {
      const assessments = (
        await Promise.all(rubricsNamed(definition).map((rubricId) => latestVerified(tenantId, unit.id, rubricId)))
      ).filter((a) => a !== undefined);
      const hazards = await allOf((page) =>
        deps.hazards.list(tenantId, { enterpriseId: unit.id, overdue: false, escalated: undefined }, today, page),
      );
      const placards = (await allOf((page) => deps.placards.list(tenantId, unit.id, page))).filter((p) => p.status === "active");
      const placard = placards.sort((a, b) => b.lastCheckedOn.localeCompare(a.lastCheckedOn))[0];
      const settings = await deps.settings.get(tenantId);
      const standardization = unit.standardization ?? noStandardization;
      return {
        today,
        reviewedOn: unit.reviewedAt ? chinaDate(new Date(unit.reviewedAt)) : null,
        standardization: {
          passed: standardization.status === "passed",
          responsibilitySystem: standardization.responsibilitySystem,
          informationCollected: standardization.informationCollected,
        },
        sham: await deps.shamFlags.get(tenantId, unit.id).then((f) => (f ? { flaggedOn: f.flaggedOn, reason: f.reason } : null)),
        assessments,
        hazards: hazards.map(
          (h): HazardFacts => ({
            id: h.id,
            severity: h.severity,
            state: h.state,
            foundOn: h.foundOn,
            deadline: h.deadline,
            closedOn: h.closedOn,
          }),
        ),
        placard: placard ? { id: placard.id, lastCheckedOn: placard.lastCheckedOn, dueAfterMonths: settings.placardCheckMonths } : null,
        accidents: (await deps.accidents.ofEnterprise(tenantId, unit.id)).map((a) => ({
          id: a.id,
          occurredOn: a.occurredOn,
          deaths: a.deaths,
          injuries: a.injuries,
        })),
        attestations: {},
      };
    },
  };
}
