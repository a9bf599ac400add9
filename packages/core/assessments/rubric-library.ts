// The built-in rubric library: tables transcribed from the seed documents, readable by every tenant, usable
// as they are by an assessment (pinned as id + version 1) or copied into a tenant's own rubrics to adapt.
// A library rubric is checked like any other when this module loads: a broken transcription fails at once.
import { type RubricDefinition, RubricDefinitionSchema, rubricProblems } from "#core/assessments/rubric";
import { shishiEnterpriseRubric } from "#core/assessments/rubrics/shishi-enterprise";
import { shishiTownRubric } from "#core/assessments/rubrics/shishi-town";

export interface LibraryRubric {
  readonly id: string;
  readonly version: 1;
  readonly definition: RubricDefinition;
}

function entry(id: string, raw: unknown): LibraryRubric {
  const definition = RubricDefinitionSchema.parse(raw);
  const problems = rubricProblems(definition);
  if (problems.length > 0) throw new Error(`library rubric ${id} is invalid: ${JSON.stringify(problems)}`);
  return { id, version: 1, definition };
}

export const rubricLibrary: readonly LibraryRubric[] = [
  entry("shishi-enterprise-2024", shishiEnterpriseRubric),
  entry("shishi-town-2024", shishiTownRubric),
];

export function libraryRubric(id: string): LibraryRubric | undefined {
  return rubricLibrary.find((r) => r.id === id);
}
