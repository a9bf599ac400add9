// What an official writes for a town's standardization report (附件2): the narrative sections the tenant's data
// cannot fill — 前言, 一、目的及范围, 二、帮扶内容, 六、建议与意见, 七、结论 — and an optional paragraph of their own for the
// sections the data does fill (三、四、五). One record per town, versioned like every other; absent means nothing
// written yet (version 0).
//
// The request's shape (which sections, strings or null) is checked by the route's schema (400); how long each may
// be is a rule of the report, checked here and answered 422 naming every section that is too long, so the
// official sees at once which part to shorten.
import { z } from "zod";
import { errors, type FieldProblem, problem } from "#core/kernel/errors";

/** The sections in report order, each with its heading in 附件2 and how many characters it may hold. */
export const townReportSections = [
  { key: "preface", zh: "前言", max: 4000 },
  { key: "purposeAndScope", zh: "一、目的及范围", max: 4000 },
  { key: "assistance", zh: "二、帮扶内容", max: 4000 },
  { key: "unitsNote", zh: "三、被帮扶单位基本情况（补充说明）", max: 2000 },
  { key: "progressNote", zh: "四、标准化开展情况（补充说明）", max: 2000 },
  { key: "problemsNote", zh: "五、存在问题（补充说明）", max: 2000 },
  { key: "suggestions", zh: "六、建议与意见", max: 4000 },
  { key: "conclusion", zh: "七、结论", max: 4000 },
] as const;
export type TownReportSectionKey = (typeof townReportSections)[number]["key"];
export type TownReportSections = Record<TownReportSectionKey, string | null>;

const sectionKeys = townReportSections.map((s) => s.key);

function describe(s: (typeof townReportSections)[number]): string {
  return `${s.zh}: at most ${s.max} characters (longer is 422 too_long); null or "" for not written`;
}

/**
 * The body of `PUT …/standardization-report/text`: the whole text, every section at once (a section left out or
 * sent empty is not written). Multi-line: a line break starts a new paragraph.
 */
export const SaveTownReportTextSchema = z
  .strictObject({
    sections: z.strictObject(
      Object.fromEntries(
        townReportSections.map((s) => [
          s.key,
          z
            .string()
            .nullable()
            .optional()
            .meta({ description: describe(s) }),
        ]),
      ) as Record<TownReportSectionKey, z.ZodOptional<z.ZodNullable<z.ZodString>>>,
    ),
  })
  .meta({ id: "SaveTownReportText" });
export type SaveTownReportTextInput = z.output<typeof SaveTownReportTextSchema>;

export const TownReportTextSchema = z
  .object({
    townId: z.string(),
    sections: z
      .object(
        Object.fromEntries(sectionKeys.map((k) => [k, z.string().nullable()])) as Record<TownReportSectionKey, z.ZodNullable<z.ZodString>>,
      )
      .meta({ description: "null: not written yet (the report marks it 本节尚未填写, or leaves the note out)" }),
    updatedAt: z.string().nullable().meta({ description: "null until first saved" }),
    updatedBy: z.string().nullable().meta({ description: "Who saved it last (an API key names the official who issued it)" }),
    version: z.number().int().min(0).meta({ description: "0 until first saved; the ETag" }),
  })
  .meta({ id: "TownReportText" });
export type TownReportText = z.infer<typeof TownReportTextSchema>;

export function emptyTownReportText(townId: string): TownReportText {
  return {
    townId,
    sections: Object.fromEntries(sectionKeys.map((k) => [k, null])) as TownReportSections,
    updatedAt: null,
    updatedBy: null,
    version: 0,
  };
}

/** Characters as an editor counts them: code points, so a character outside the BMP counts once. */
const lengthOf = (text: string) => [...text].length;

/**
 * The sections as kept: trimmed (lines inside kept as typed), an empty one as null; or 422 `rule_violation` listing
 * every section over its limit (`sections.<key>`, code `too_long`).
 */
export function checkedSections(input: SaveTownReportTextInput): TownReportSections {
  const problems: FieldProblem[] = [];
  const sections = {} as TownReportSections;
  for (const s of townReportSections) {
    const text = input.sections[s.key]?.trim() ?? "";
    const length = lengthOf(text);
    if (length > s.max) {
      problems.push(
        problem(
          `sections.${s.key}`,
          "too_long",
          `「${s.zh}」不能超过 ${s.max} 个字符（现为 ${length} 个）`,
          `"${s.key}" may hold at most ${s.max} characters (it has ${length})`,
        ),
      );
    }
    sections[s.key] = text === "" ? null : text;
  }
  if (problems.length > 0) throw errors.unprocessable(problems);
  return sections;
}
