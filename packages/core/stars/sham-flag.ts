// Paper-only or sham standardization (纸上标准化, 假创建): an official marks a unit after a verification found its
// standardization exists on paper only, with the reason and the verified assessment behind it. While marked, the
// unit's stars are suspended (sham-flagged trigger) and it is a key inspection target; clearing the mark needs a
// newer verified assessment of the unit.
import { z } from "zod";
import { idPattern } from "#core/kernel/ids";
import { singleLine } from "#core/kernel/text";

const AssessmentRefSchema = z.string().regex(idPattern, "An assessment id (26 characters)");

export const FlagShamSchema = z
  .strictObject({
    reason: singleLine(500).meta({ description: "What the verification found, e.g. 台账与现场不符" }),
    assessmentId: AssessmentRefSchema.meta({ description: "The unit's verified assessment that found it" }),
  })
  .meta({ id: "FlagSham" });

export const ClearShamSchema = z
  .strictObject({
    assessmentId: AssessmentRefSchema.meta({ description: "A verified assessment of the unit newer than the mark" }),
    note: singleLine(500).optional(),
  })
  .meta({ id: "ClearSham" });

export const ShamFlagSchema = z
  .object({
    enterpriseId: z.string(),
    reason: z.string(),
    assessmentId: z.string(),
    flaggedOn: z.string(),
    flaggedBy: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "ShamFlag" });
export type ShamFlag = z.infer<typeof ShamFlagSchema>;
