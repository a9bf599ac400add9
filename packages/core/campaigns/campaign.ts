// Campaigns (专项行动): a named effort of a period over a scope of the register — towns, industries, and the units
// chosen by list or by a register filter — run in stages with deadlines (Shishi: self-check 11-15, assistance 11-30,
// verification 12-15, review 12-31, summary 01-20), with a catalogue of key items the tenant enters (Yangzhou: 16
// industries, 113 items), monthly themes, liaison officials per town, inspection groups and their members (Tongshan:
// ten groups) and targets (units reached per town, new benchmark enterprises per town). Nothing of a campaign's
// content is built in: every source's structure is entered as data.
import { z } from "zod";
import { stages } from "#core/assessments/assessment";
import { PointsSchema } from "#core/assessments/rubric";
import type { CampaignWork } from "#core/kernel/campaign-work";
import { idPattern } from "#core/kernel/ids";
import { PhoneSchema } from "#core/kernel/phone";
import { singleLine } from "#core/kernel/text";
import { bilingual } from "#core/kernel/validation";
import { DateSchema, EnterpriseFilterSchema, EnterpriseIdSchema, TownIdSchema } from "#core/register/enterprise";

export const CampaignIdSchema = z.string().regex(idPattern, "Must be a campaign id (26 characters)");

/** A short id the tenant gives a stage, an item, a group or an industry: letters, digits, `-`, `_` and `.`. */
const CodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Letters, digits, '.', '-' and '_' (up to 32), e.g. self-check or 3.12");

const PersonSchema = z.strictObject({
  name: singleLine(30),
  phone: PhoneSchema.nullable().default(null),
  organization: singleLine(100).nullable().default(null).meta({ description: "e.g. 市应急局, 省安全生产专家组" }),
});

export const CampaignStageSchema = z.strictObject({
  id: CodeSchema.meta({ example: "self-check" }),
  name: singleLine(50).meta({ example: "企业自查" }),
  assessmentStage: z.enum(stages).nullable().default(null).meta({
    description:
      "The assessment stage whose assessments make this stage's progress; null for a stage without (e.g. a summary of the campaign)",
  }),
  deadline: DateSchema,
  deliverable: singleLine(200)
    .nullable()
    .default(null)
    .meta({ description: "What the stage hands in, e.g. 书面自评报告", example: "书面自评报告" }),
});
export type CampaignStage = z.output<typeof CampaignStageSchema>;

export const UnitScopeSchema = z
  .discriminatedUnion("by", [
    z.strictObject({
      by: z.literal("filter"),
      filter: EnterpriseFilterSchema.omit({ deleted: true, townId: true, namePrefix: true, creditCode: true, industry: true })
        .default({})
        .meta({ description: "Register filters the units must also meet (size class, risk level, venue type, host…)" }),
    }),
    z.strictObject({
      by: z.literal("list"),
      enterpriseIds: z.array(EnterpriseIdSchema).min(1).max(5000),
    }),
  ])
  .meta({ description: "filter: every live unit of the towns and industries that meets the filter; list: these units" });

export const CampaignScopeSchema = z
  .strictObject({
    townIds: z.array(TownIdSchema).max(500).default([]).meta({ description: "The towns it covers; empty for all" }),
    industries: z
      .array(z.string().regex(/^\d{2}$/, "Two-digit GB/T 4754 division"))
      .max(100)
      .default([])
      .meta({ description: "Industry divisions (行业大类) it covers; empty for all" }),
    units: UnitScopeSchema.default({ by: "filter", filter: {} }),
  })
  .meta({ id: "CampaignScope" });

export const KeyItemSchema = z.strictObject({
  id: CodeSchema.meta({ example: "W-07" }),
  industry: CodeSchema.nullable().default(null).meta({ description: "One of the catalogue's industries (its id), or null" }),
  title: z.string().trim().min(1).max(200),
});
export type KeyItem = z.output<typeof KeyItemSchema>;

export const CatalogueSchema = z
  .strictObject({
    industries: z
      .array(z.strictObject({ id: CodeSchema, name: singleLine(50) }))
      .max(100)
      .default([])
      .meta({ description: "The campaign's key industries (重点行业领域)" }),
    items: z.array(KeyItemSchema).max(500).default([]).meta({ description: "Its key items (重点事项), each of an industry or none" }),
  })
  .meta({ id: "CampaignCatalogue", description: "The key items the campaign checks, as the tenant enters or imports them" });
export type Catalogue = z.output<typeof CatalogueSchema>;

export const CampaignTargetsSchema = z
  .strictObject({
    unitsPerTown: z
      .number()
      .int()
      .positive()
      .max(100_000)
      .nullable()
      .default(null)
      .meta({ description: "Units each town must reach (Shishi: 100)" }),
    benchmarksPerTown: z
      .number()
      .int()
      .positive()
      .max(1000)
      .nullable()
      .default(null)
      .meta({ description: "New benchmark enterprises each town must bring (Shishi: ≥ 10)" }),
    reachAll: z.boolean().default(false).meta({ description: "Every unit in scope must be reached (所有企业必到)" }),
  })
  .meta({ id: "CampaignTargets" });

export const SamplingSchema = z
  .strictObject({
    stageId: CodeSchema.meta({ description: "The verification stage the draw is for" }),
    perTown: z.number().int().positive().max(1000).meta({ description: "Units drawn per town at least (Shishi: 10)" }),
    scoreTolerance: PointsSchema.default("0.00").meta({
      description: "A verified score differing from the unit's earlier one by more than this is a mismatch (sends it back to assistance)",
    }),
  })
  .meta({ id: "CampaignSampling" });

const definition = {
  name: singleLine(100).meta({ example: "安全生产标准化帮扶专项行动" }),
  description: z.string().trim().max(4000).nullable().default(null),
  period: z.strictObject({ from: DateSchema, to: DateSchema }).refine((p) => p.from <= p.to, {
    ...bilingual("period_reversed", "开始日期不能晚于结束日期", "The period must not end before it starts"),
  }),
  stages: z.array(CampaignStageSchema).min(1).max(20),
  catalogue: CatalogueSchema.default({ industries: [], items: [] }),
  themes: z
    .array(
      z.strictObject({
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM"),
        title: singleLine(100).meta({ example: "专家服务进企业" }),
        description: z.string().trim().max(2000).nullable().default(null),
      }),
    )
    .max(24)
    .default([])
    .meta({ description: "A theme per month (Yangzhou: 7月 专家服务进企业 …)" }),
  liaisons: z
    .array(PersonSchema.extend({ townId: TownIdSchema }))
    .max(1000)
    .default([])
    .meta({ description: "Liaison officials (联络员), each of a town" }),
  groups: z
    .array(
      z.strictObject({
        id: CodeSchema,
        name: singleLine(50).meta({ example: "第一检查组" }),
        leader: PersonSchema.nullable().default(null),
        members: z.array(PersonSchema).max(50).default([]),
        townIds: z.array(TownIdSchema).max(500).default([]).meta({ description: "The towns the group covers" }),
      }),
    )
    .max(100)
    .default([])
    .meta({ description: "Inspection groups (检查组) and their members" }),
  targets: CampaignTargetsSchema.default({ unitsPerTown: null, benchmarksPerTown: null, reachAll: false }),
  sampling: SamplingSchema.nullable().default(null),
};

/** The rules across fields: ids unique, stages in deadline order, items of listed industries, towns listed once. */
function checkDefinition(
  d: {
    stages?: readonly CampaignStage[] | undefined;
    catalogue?: Catalogue | undefined;
    groups?: readonly { id: string }[] | undefined;
    sampling?: { stageId: string } | null | undefined;
  },
  ctx: z.RefinementCtx,
) {
  const duplicates = (path: string, ids: readonly string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, index) => {
      if (seen.has(id))
        ctx.addIssue({
          code: "custom",
          path: [...path.split("."), index, "id"],
          ...bilingual("duplicate_id", `编号 ${id} 重复`, `Id ${id} is used twice`),
        });
      seen.add(id);
    });
  };
  if (d.stages) {
    duplicates(
      "stages",
      d.stages.map((s) => s.id),
    );
    d.stages.forEach((stage, index) => {
      const previous = d.stages?.[index - 1];
      if (previous && stage.deadline < previous.deadline)
        ctx.addIssue({
          code: "custom",
          path: ["stages", index, "deadline"],
          ...bilingual("stages_out_of_order", "各阶段的截止日期须按阶段顺序排列", "Stages must come in the order of their deadlines"),
        });
    });
  }
  if (d.catalogue) {
    duplicates(
      "catalogue.industries",
      d.catalogue.industries.map((i) => i.id),
    );
    duplicates(
      "catalogue.items",
      d.catalogue.items.map((i) => i.id),
    );
    const industries = new Set(d.catalogue.industries.map((i) => i.id));
    d.catalogue.items.forEach((item, index) => {
      if (item.industry !== null && !industries.has(item.industry))
        ctx.addIssue({
          code: "custom",
          path: ["catalogue", "items", index, "industry"],
          ...bilingual("unknown_industry", `重点行业 ${item.industry} 不在清单中`, `Industry ${item.industry} is not in the catalogue`),
        });
    });
  }
  if (d.groups)
    duplicates(
      "groups",
      d.groups.map((g) => g.id),
    );
  if (d.sampling && d.stages && !d.stages.some((s) => s.id === d.sampling?.stageId))
    ctx.addIssue({
      code: "custom",
      path: ["sampling", "stageId"],
      ...bilingual("unknown_stage", `阶段 ${d.sampling.stageId} 不存在`, `There is no stage ${d.sampling.stageId}`),
    });
}

export const CreateCampaignSchema = z
  .strictObject({ ...definition, scope: CampaignScopeSchema.default({ townIds: [], industries: [], units: { by: "filter", filter: {} } }) })
  .superRefine(checkDefinition)
  .meta({ id: "CreateCampaign" });
export type CreateCampaign = z.output<typeof CreateCampaignSchema>;

/** A change: the fields given replace the stored ones (a list is replaced whole). */
export const UpdateCampaignSchema = z
  .strictObject({
    name: definition.name.optional(),
    description: z.string().trim().max(4000).nullable().optional(),
    period: definition.period.optional(),
    stages: definition.stages.optional(),
    catalogue: CatalogueSchema.optional(),
    themes: definition.themes.optional(),
    liaisons: definition.liaisons.optional(),
    groups: definition.groups.optional(),
    targets: CampaignTargetsSchema.optional(),
    sampling: SamplingSchema.nullable().optional(),
    scope: CampaignScopeSchema.optional(),
  })
  .superRefine(checkDefinition)
  .meta({ id: "UpdateCampaign" });
export type UpdateCampaign = z.output<typeof UpdateCampaignSchema>;

export const CloseCampaignSchema = z
  .strictObject({ note: z.string().trim().max(2000).nullable().default(null) })
  .meta({ id: "CloseCampaign" });

const PersonOut = z.object({ name: z.string(), phone: z.string().nullable(), organization: z.string().nullable() });

export const CampaignSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    period: z.object({ from: z.string(), to: z.string() }),
    scope: z.object({
      townIds: z.array(z.string()),
      industries: z.array(z.string()),
      units: z.union([
        z.object({ by: z.literal("filter"), filter: z.record(z.string(), z.unknown()) }),
        z.object({ by: z.literal("list"), enterpriseIds: z.array(z.string()) }),
      ]),
    }),
    stages: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        assessmentStage: z.enum(stages).nullable(),
        deadline: z.string(),
        deliverable: z.string().nullable(),
      }),
    ),
    catalogue: z.object({
      industries: z.array(z.object({ id: z.string(), name: z.string() })),
      items: z.array(z.object({ id: z.string(), industry: z.string().nullable(), title: z.string() })),
    }),
    themes: z.array(z.object({ month: z.string(), title: z.string(), description: z.string().nullable() })),
    liaisons: z.array(PersonOut.extend({ townId: z.string() })),
    groups: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        leader: PersonOut.nullable(),
        members: z.array(PersonOut),
        townIds: z.array(z.string()),
      }),
    ),
    targets: z.object({ unitsPerTown: z.number().int().nullable(), benchmarksPerTown: z.number().int().nullable(), reachAll: z.boolean() }),
    sampling: z.object({ stageId: z.string(), perTown: z.number().int(), scoreTolerance: z.string() }).nullable(),
    units: z.number().int().meta({ description: "Units in scope, as last resolved" }),
    scopeResolvedAt: z
      .string()
      .nullable()
      .meta({ description: "When the scope was last resolved into its units; null while that is under way" }),
    closedAt: z.string().nullable(),
    closeNote: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "Campaign" });
export type Campaign = z.infer<typeof CampaignSchema>;

export const CampaignSummarySchema = CampaignSchema.pick({
  id: true,
  name: true,
  period: true,
  units: true,
  closedAt: true,
  updatedAt: true,
}).meta({ id: "CampaignSummary" });
export type CampaignSummary = z.infer<typeof CampaignSummarySchema>;

export function summarizeCampaign(c: Campaign): CampaignSummary {
  return { id: c.id, name: c.name, period: c.period, units: c.units, closedAt: c.closedAt, updatedAt: c.updatedAt };
}

/** A definition is one item of the table: its JSON must stay well under DynamoDB's 400 KB (in UTF-8 bytes). */
export const maxDefinitionBytes = 300_000;

/** A unit in a campaign's scope, with what its work added (core/kernel/campaign-work.ts), keyed by work id. */
export interface CampaignUnit {
  readonly enterpriseId: string;
  readonly name: string;
  readonly townId: string;
  /** false: left the scope at a later resolution, kept because work of the campaign names it. */
  readonly inScope: boolean;
  readonly work: Readonly<Record<string, CampaignWork>>;
}
