// Which characters the API accepts in text, and how it normalises text before keeping it — one rule for JSON
// bodies, query and path parameters and imported cells, so nothing is stored that DynamoDB in AWS refuses
// (its strings are UTF-8, which cannot encode a lone surrogate) or that breaks an export (XML 1.0 in .xlsx and
// .docx forbids C0 controls but TAB, LF and CR), a CSV, a mail header or a log line. Also the object keys that
// would reach a prototype (`__proto__` assigned through zod vanishes; `constructor` read from a plain-object
// record finds Object's own), refused wherever a key comes from a request.
import { z } from "zod";
import { type FieldProblem, problem } from "#core/kernel/errors";
import { bilingual } from "#core/kernel/validation";

/**
 * Refused in any text: controls (C0, DEL, C1) other than TAB, LF and CR; surrogates not in a pair (with the `u`
 * flag a pair is one code point, so `\p{Cs}` matches only lone ones); and the 66 noncharacters (U+FFFE, U+FFFF…),
 * which XML 1.0 partly forbids and which are for a program's internal use, never for interchange.
 */
const forbidden = /(?![\t\n\r])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/u;
const forbiddenEverywhere = new RegExp(forbidden.source, "gu");

/** Line breaks and tabs: allowed in multi-line text (descriptions, notes, reasons), refused in single-line fields. */
const lineBreak = /[\t\n\r\u2028\u2029]/;

export interface ForbiddenCharacter {
  /** 1-based position in code points (what an editor's column shows). */
  readonly position: number;
  readonly codePoint: number;
}

/** The first character `text` may not hold, or undefined when it has none. */
export function forbiddenCharacter(text: string): ForbiddenCharacter | undefined {
  const match = forbidden.exec(text);
  if (!match) return undefined;
  const codePoint = text.codePointAt(match.index) ?? 0;
  return { position: [...text.slice(0, match.index)].length + 1, codePoint };
}

const hex = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;

/** The problem with `text` at `path` (`invalid_characters`, naming the first bad character), or undefined. */
export function characterProblem(path: string, text: string): FieldProblem | undefined {
  const bad = forbiddenCharacter(text);
  if (!bad) return undefined;
  return problem(
    path,
    "invalid_characters",
    `第 ${bad.position} 个字符（${hex(bad.codePoint)}）不允许：文本不能包含控制字符（制表符、换行符除外）、孤立的代理项或非字符`,
    `Character ${bad.position} (${hex(bad.codePoint)}) is not allowed: text cannot hold control characters (other than tab and line breaks), lone surrogates or noncharacters`,
  );
}

/** Text as it is kept: Unicode NFC, so the same name typed composed or decomposed is one name (and one index key). */
export function normalizeText(text: string): string {
  return text.normalize("NFC");
}

/**
 * Keys no request may use: every property plain objects inherit (`__proto__`, `constructor`, `toString`…), since
 * a record keyed by one either loses it (`__proto__` is a setter) or finds the inherited value when read back, and
 * `prototype`. No field of the API has such a name; rubric ids (the keys of answers) may not take one either.
 */
export const reservedKeys: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), "prototype"]);

export function reservedKeyProblem(path: string): FieldProblem {
  const key = path.slice(path.lastIndexOf(".") + 1);
  return problem(path, "reserved_key", `不能使用「${key}」作为字段名或键`, `"${key}" cannot be used as a field name or key`);
}

/** A key as it may appear in a problem's path: a forbidden character shows as its code (U+0000), not itself. */
export function printableKey(key: string): string {
  return key.replace(forbiddenEverywhere, (c) => hex(c.codePointAt(0) ?? 0));
}

export interface CleanJsonOptions {
  /** Path of the value itself (empty for a whole body; problems under it are `path.key`). */
  readonly path?: string;
  /** Containers nested deeper than this are refused (`too_deep`): no request needs more, and recursion stays bounded. */
  readonly maxDepth?: number;
  /** Stop collecting after this many problems (a body full of bad strings gets a short answer). */
  readonly maxProblems?: number;
}

export interface CleanJson {
  /** The value with every string in NFC (the same object when nothing changed); use it only without problems. */
  readonly value: unknown;
  readonly changed: boolean;
  readonly problems: readonly FieldProblem[];
}

export const maxJsonDepth = 32;

/**
 * Checks a parsed JSON value (a request body) against the character rule and the reserved keys, and normalises
 * its strings to NFC. Keys are checked but kept as sent: they are ids (criterion ids), compared exactly.
 */
export function cleanJson(input: unknown, options: CleanJsonOptions = {}): CleanJson {
  const maxDepth = options.maxDepth ?? maxJsonDepth;
  const maxProblems = options.maxProblems ?? 20;
  const problems: FieldProblem[] = [];
  let changed = false;

  // Paths join their segments as zod's issues do (`answers.1.1.reason`; an empty key stays an empty segment).
  const visit = (value: unknown, segments: readonly string[], depth: number): unknown => {
    if (problems.length >= maxProblems) return value;
    const path = segments.join(".");
    if (typeof value === "string") {
      const bad = characterProblem(path, value);
      if (bad) {
        problems.push(bad);
        return value;
      }
      const normal = normalizeText(value);
      if (normal !== value) changed = true;
      return normal;
    }
    if (value === null || typeof value !== "object") return value;
    if (depth >= maxDepth) {
      problems.push(problem(path, "too_deep", `嵌套层级过深（最多 ${maxDepth} 层）`, `Nested too deeply (at most ${maxDepth} levels)`));
      return value;
    }
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...segments, String(index)], depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const keySegments = [...segments, printableKey(key)];
      const keyPath = keySegments.join(".");
      if (reservedKeys.has(key)) {
        problems.push(reservedKeyProblem(keyPath));
        continue;
      }
      const badKey = characterProblem(keyPath, key);
      if (badKey) {
        problems.push(badKey);
        continue;
      }
      out[key] = visit(item, keySegments, depth + 1);
    }
    return out;
  };

  const value = visit(input, options.path ? [options.path] : [], 0);
  return { value: changed ? value : input, changed, problems: problems.slice(0, maxProblems) };
}

/** `cleanJson` for a flat list of named texts (query parameters, path parameters, a spreadsheet row's cells). */
export function textProblems(entries: Iterable<readonly [path: string, text: string]>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [path, text] of entries) {
    const bad = characterProblem(path, text);
    if (bad) problems.push(bad);
  }
  return problems;
}

/** Multi-line text made fit for a single-line field (a rubric section title as a hazard's category): breaks become spaces. */
export function asSingleLine(text: string): string {
  return text.replace(/[\t\n\r\u2028\u2029]+/g, " ").trim();
}

/**
 * A single-line text field (names, titles, codes, places, file names): trimmed, NFC, `min`–`max` characters, and
 * no line break or tab inside (`line_break`), which would break a CSV row, a mail subject, a DOCX run or a header.
 * The character rule itself is checked where the text enters (request bodies, parameters, imported cells).
 */
export function singleLine(max: number, min = 1) {
  return z
    .string()
    .trim()
    .normalize("NFC")
    .min(min)
    .max(max)
    .refine((text) => !lineBreak.test(text), {
      ...bilingual("line_break", "只能填写一行：不能包含换行符或制表符", "Must be a single line: no line breaks or tabs"),
    });
}
