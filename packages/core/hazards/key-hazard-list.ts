// Key hazard lists (重点隐患清单): each half month an industry authority (a department the tenant names in its
// settings) publishes the hazards it singles out. A published list is a record: the hazards as they stood then,
// read back with how each stands now. One list per department per half month.
import { z } from "zod";
import { HazardIdSchema, HazardSummarySchema } from "#core/hazards/hazard";
import { singleLine } from "#core/kernel/text";

/** A half month: `2026-11-1` is 1–15 November, `2026-11-2` the 16th to the month's end (上半月 / 下半月). */
export const HalfMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-[12]$/, "YYYY-MM-1 (1st–15th) or YYYY-MM-2 (16th–end)")
  .meta({ example: "2026-11-2" });

export function halfMonthOf(date: string): string {
  return `${date.slice(0, 7)}-${Number(date.slice(8, 10)) <= 15 ? 1 : 2}`;
}

export const PublishKeyHazardListSchema = z
  .strictObject({
    department: singleLine(50).meta({ description: "One of the tenant's departments (settings.departments)" }),
    period: HalfMonthSchema,
    hazardIds: z
      .array(HazardIdSchema)
      .min(1)
      .max(200)
      .refine((ids) => new Set(ids).size === ids.length, { message: "A hazard is listed twice" }),
    note: z.string().trim().max(2000).nullable().default(null),
  })
  .meta({ id: "PublishKeyHazardList" });

export const KeyHazardListSchema = z
  .object({
    id: z.string(),
    department: z.string(),
    period: z.string(),
    note: z.string().nullable(),
    hazards: z.array(HazardSummarySchema).meta({ description: "The hazards as they stood when the list was published" }),
    publishedBy: z.object({ kind: z.string(), id: z.string(), role: z.string().optional() }),
    publishedAt: z.string(),
  })
  .meta({ id: "KeyHazardList" });
export type KeyHazardList = z.infer<typeof KeyHazardListSchema>;

export const KeyHazardListSummarySchema = z
  .object({ id: z.string(), department: z.string(), period: z.string(), hazards: z.number().int(), publishedAt: z.string() })
  .meta({ id: "KeyHazardListSummary" });
export type KeyHazardListSummary = z.infer<typeof KeyHazardListSummarySchema>;

export const KeyHazardListFilterSchema = z.strictObject({
  period: HalfMonthSchema.optional(),
  department: singleLine(50).optional(),
});
export type KeyHazardListFilter = z.output<typeof KeyHazardListFilterSchema>;
