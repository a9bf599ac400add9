// The built-in star-scheme library: schemes derived from the seed documents, readable by every tenant and
// copied into a tenant's own schemes to adapt and publish (an application pins a tenant's published version).
// Each entry is parsed when the library is first read, and its rubric references checked (not at every cold
// start); the unit tests read it, so a broken entry fails there.
import { rubricLibrary } from "#core/assessments/rubric-library";
import { shishiStandardizationScheme } from "#core/stars/schemes/shishi-standardization";
import { tongshanTenStarsScheme } from "#core/stars/schemes/tongshan-ten-stars";
import { rubricsNamed, type StarSchemeDefinition, StarSchemeDefinitionSchema } from "#core/stars/star-scheme";

export interface LibraryScheme {
  readonly id: string;
  readonly version: 1;
  readonly definition: StarSchemeDefinition;
}

function entry(id: string, raw: unknown): LibraryScheme {
  const definition = StarSchemeDefinitionSchema.parse(raw);
  const unknown = rubricsNamed(definition).filter((r) => !rubricLibrary().some((l) => l.id === r));
  if (unknown.length > 0) throw new Error(`library scheme ${id} names rubrics outside the library: ${unknown.join(", ")}`);
  return { id, version: 1, definition };
}

let library: readonly LibraryScheme[] | undefined;

/** The library's schemes, parsed and checked on the first call. */
export function schemeLibrary(): readonly LibraryScheme[] {
  library ??= [
    entry("shishi-standardization-stars-2024", shishiStandardizationScheme),
    entry("tongshan-ten-stars", tongshanTenStarsScheme),
  ];
  return library;
}

export function libraryScheme(id: string): LibraryScheme | undefined {
  return schemeLibrary().find((s) => s.id === id);
}
