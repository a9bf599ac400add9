// Finds which spreadsheet column holds which field. Officials' registers name the same column many ways
// ("*企业名称", "企业名称（必填）", "Company Name", full-width "ＩＤ"), so headers are compared after normalising.

export interface ColumnSpec {
  key: string;
  /** Chinese and English names the column may carry. */
  headers: string[];
  required?: boolean;
}

export interface HeaderMatch {
  /** key → 0-based column index; when two columns match a key, the first one wins. */
  columns: Record<string, number>;
  /** Header texts that matched no spec. */
  unknown: string[];
  /** Keys of required specs that no column matched. */
  missing: string[];
  /** Keys matched by more than one column. */
  duplicate: string[];
}

const trailingNote = /^(.+)\([^()]*\)$/;

/** NFKC (full-width → half-width), lower case, no spaces or asterisks, no trailing "(…)" notes. */
export function normalizeHeader(text: string): string {
  let name = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s*]+/g, "");
  for (let note = trailingNote.exec(name); note?.[1]; note = trailingNote.exec(name)) name = note[1];
  return name;
}

export function matchHeader(cells: readonly string[], specs: readonly ColumnSpec[]): HeaderMatch {
  const keyOf = new Map<string, string>();
  for (const spec of specs) {
    for (const alias of spec.headers) {
      const name = normalizeHeader(alias);
      if (name && !keyOf.has(name)) keyOf.set(name, spec.key);
    }
  }
  const match: HeaderMatch = { columns: {}, unknown: [], missing: [], duplicate: [] };
  cells.forEach((cell, index) => {
    const text = cell.trim();
    if (!text) return;
    const key = keyOf.get(normalizeHeader(text));
    if (key === undefined) match.unknown.push(text);
    else if (!Object.hasOwn(match.columns, key)) match.columns[key] = index;
    else if (!match.duplicate.includes(key)) match.duplicate.push(key);
  });
  match.missing = specs.filter((spec) => spec.required && !Object.hasOwn(match.columns, spec.key)).map((spec) => spec.key);
  return match;
}
