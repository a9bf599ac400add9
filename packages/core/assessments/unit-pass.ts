// Which units pass review (评审达标), as 附件4 item 13's pass rate (达标率) and the town report count them: a unit
// passes when its latest verified assessment against an enterprise rubric with a pass line (`passScore`, e.g.
// 60 for 附件3) totals at least that line. Latest is by assessment date, then id (as every "latest" of the
// reports); assessments against rubrics without a pass line (a tenant's own table that sets none, checklists) say
// nothing either way and are passed over. The register's `standardization.status` is what the unit declares, and
// plays no part: a unit marked passed with no verified passing assessment does not pass, and one verified passing
// does whatever its register says.
import type { AssessmentSummary } from "#core/assessments/assessment";
import type { RubricRepository } from "#core/assessments/ports";
import { resolveRubricVersion } from "#core/assessments/rubric-service";
import { centi } from "#core/kernel/decimal";

/** A rubric version's pass line (a total), or undefined when it has none. */
export type PassLineOf = (rubricId: string, version: number) => string | undefined;

const order = (e: AssessmentSummary) => `${e.assessedOn}#${e.id}`;

/** The ids of the units whose latest verified assessment with a pass line reaches it. */
export function passingUnits(entries: readonly AssessmentSummary[], passLineOf: PassLineOf): Set<string> {
  const latest = new Map<string, { entry: AssessmentSummary; line: string }>();
  for (const e of entries) {
    if (e.targetType !== "enterprise" || e.status !== "verified" || e.total === null || !e.complete) continue;
    const line = passLineOf(e.rubricId, e.rubricVersion);
    if (line === undefined) continue;
    const held = latest.get(e.targetId);
    if (!held || order(e) > order(held.entry)) latest.set(e.targetId, { entry: e, line });
  }
  const passed = new Set<string>();
  for (const [unit, { entry, line }] of latest) if (entry.total !== null && centi(entry.total) >= centi(line)) passed.add(unit);
  return passed;
}

/** The pass lines of the rubric versions `entries` pinned (each version read once), as a lookup. */
export async function passLinesOf(rubrics: RubricRepository, tenantId: string, entries: readonly AssessmentSummary[]): Promise<PassLineOf> {
  const lines = new Map<string, string | undefined>();
  for (const e of entries) {
    const key = `${e.rubricId}@${e.rubricVersion}`;
    if (e.targetType !== "enterprise" || lines.has(key)) continue;
    const found = await resolveRubricVersion(rubrics, tenantId, e.rubricId, e.rubricVersion);
    const d = found?.definition;
    lines.set(key, d && d.kind === "scored" && d.target === "enterprise" ? d.passScore : undefined);
  }
  return (rubricId, version) => lines.get(`${rubricId}@${version}`);
}
