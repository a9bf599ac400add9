// The built-in rubric library: tables transcribed from the seed documents, readable by every tenant, usable
// as they are by an assessment (pinned as id + version 1) or copied into a tenant's own rubrics to adapt.
// A library rubric is checked like any other when the library is first read (not at every cold start: parsing
// both tables costs ~20 ms); the unit tests read it, so a broken transcription fails there.
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

let library: readonly LibraryRubric[] | undefined;

/** The library's rubrics, parsed and checked on the first call. */
export function rubricLibrary(): readonly LibraryRubric[] {
  library ??= [entry("shishi-enterprise-2024", shishiEnterpriseRubric), entry("shishi-town-2024", shishiTownRubric)];
  return library;
}

export function libraryRubric(id: string): LibraryRubric | undefined {
  return rubricLibrary().find((r) => r.id === id);
}
