// Benchmark enterprises (标杆企业): an official designates a live unit of the tenant as a benchmark of its town for
// a year, with the reason; a unit is designated at most once a year while the designation stands, and a withdrawal
// keeps the record. The count per town and year is what the Shishi plan's target is measured against.
import { z } from "zod";
import { CampaignLinkSchema, type CampaignWork, StoredCampaignLinkSchema } from "#core/kernel/campaign-work";
import { problem } from "#core/kernel/errors";
import { EnterpriseIdSchema, TownIdSchema } from "#core/register/enterprise";

/**
 * The Shishi plan's target, as its 总结提升阶段 reads: 宝盖镇 and 蚶江镇 are each to add at least 10 benchmark
 * enterprises (各新增不少于10家…标杆企业) by 2025-01-15 — 石狮市安全生产委员会办公室《石狮市开展重点镇安全生产标准化
 * 提质增效督导帮扶行动实施方案》(2024-11-04). Anquan shows it against each town's new designations of a year; it is the
 * plan's figure, not a rule of ours or of any other tenant.
 */
export const benchmarkTarget = {
  newPerTown: 10,
  source:
    "石狮市安全生产委员会办公室《石狮市开展重点镇安全生产标准化提质增效督导帮扶行动实施方案》（2024-11-04）总结提升阶段：各新增不少于10家标杆企业",
} as const;

export const BenchmarkTargetSchema = z
  .object({
    newPerTown: z.number().int().meta({ description: "New benchmark enterprises a town is asked for (the Shishi plan: at least 10)" }),
    source: z.string().meta({ description: "Where the figure comes from" }),
  })
  .meta({ id: "BenchmarkTarget" });

/** The first year a designation may name. */
export const firstBenchmarkYear = 2000;

export const benchmarkStates = ["designated", "withdrawn"] as const;

const YearSchema = z.number().int().meta({ description: "The year of the designation, e.g. 2025: from 2000 to next year" });

export const DesignateBenchmarkSchema = z
  .strictObject({
    enterpriseId: EnterpriseIdSchema.meta({
      description: "A live unit of the tenant (not deleted, not closed); its town is the designation's",
    }),
    year: YearSchema,
    reason: z.string().trim().min(1).max(1000).meta({ description: "Why the unit is a benchmark (认定理由)" }),
    campaign: CampaignLinkSchema.nullable()
      .default(null)
      .meta({ description: "The campaign (专项行动) whose target it counts for (e.g. ≥ 10 new benchmarks per town)" }),
  })
  .meta({ id: "DesignateBenchmarkEnterprise" });

export const WithdrawBenchmarkSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(1000).meta({ description: "Why the designation is withdrawn" }) })
  .meta({ id: "WithdrawBenchmarkEnterprise" });

export const BenchmarkEnterpriseSchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string().meta({ description: "As registered when designated" }),
    creditCode: z.string(),
    townId: z.string().meta({ description: "The unit's town when designated: the town it is a benchmark of" }),
    year: z.number().int(),
    reason: z.string(),
    state: z.enum(benchmarkStates),
    designatedBy: z.string(),
    designatedAt: z.string(),
    withdrawn: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
    campaign: StoredCampaignLinkSchema.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "BenchmarkEnterprise" });
export type BenchmarkEnterprise = z.infer<typeof BenchmarkEnterpriseSchema>;

export const BenchmarkFilterSchema = z.strictObject({
  townId: TownIdSchema.optional().meta({ description: "One town's benchmarks" }),
  state: z.enum(benchmarkStates).optional(),
});
export type BenchmarkFilter = z.output<typeof BenchmarkFilterSchema> & { readonly year: number };

export const BenchmarkTownCountSchema = z.object({
  townId: z.string(),
  townName: z.string(),
  designated: z.number().int().meta({ description: "Designations of the year that stand" }),
  withdrawn: z.number().int().meta({ description: "Designations of the year withdrawn since" }),
  targetMet: z.boolean().meta({ description: "designated ≥ target.newPerTown" }),
});

export const BenchmarkCountsSchema = z
  .object({ year: z.number().int(), target: BenchmarkTargetSchema, towns: z.array(BenchmarkTownCountSchema) })
  .meta({ id: "BenchmarkCounts" });
export type BenchmarkCounts = z.infer<typeof BenchmarkCountsSchema>;

/** A town's counter for a year, as kept with each designation and withdrawal. */
export interface BenchmarkTally {
  readonly townId: string;
  readonly designated: number;
  readonly withdrawn: number;
}

/** The problem with `year` at `path`: before 2000, or after next year (Asia/Shanghai); none when it is fine. */
export function benchmarkYearProblems(path: string, year: number, thisYear: number) {
  if (year >= firstBenchmarkYear && year <= thisYear + 1) return [];
  return [
    problem(
      path,
      "year_out_of_range",
      `年度须在 ${firstBenchmarkYear} 至 ${thisYear + 1} 年之间`,
      `The year must be from ${firstBenchmarkYear} to ${thisYear + 1}`,
    ),
  ];
}

/** What a designation adds to its unit's tally in its campaign. */
export function benchmarkCampaignWork(d: { state: (typeof benchmarkStates)[number]; designatedAt: string }): CampaignWork {
  return { kind: "benchmark", standing: d.state === "designated", on: d.designatedAt.slice(0, 10) };
}
