// Production-safety accidents (生产安全事故) of a unit, as an official records them: when, how many dead and
// injured, and the source (an investigation report, a notice). Star ratings read them (no fatal accident in N
// months; an accident recorded suspends a star).
import { z } from "zod";
import { singleLine } from "#core/kernel/text";
import { DateSchema } from "#core/register/enterprise";

export const RecordAccidentSchema = z
  .strictObject({
    occurredOn: DateSchema.meta({ description: "Day of the accident (Asia/Shanghai), not after today" }),
    deaths: z.number().int().min(0).max(10_000).meta({ description: "死亡人数" }),
    injuries: z.number().int().min(0).max(100_000).meta({ description: "受伤人数" }),
    source: singleLine(200).meta({ description: "Where it is recorded, e.g. 事故调查报告 or a notice's number" }),
    description: z.string().trim().min(1).max(2000).optional(),
  })
  .meta({ id: "RecordAccident" });

export const AccidentSchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    occurredOn: z.string(),
    deaths: z.number().int(),
    injuries: z.number().int(),
    source: z.string(),
    description: z.string().nullable(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: "Accident" });
export type Accident = z.infer<typeof AccidentSchema>;
