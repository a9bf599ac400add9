// Enterprises (生产经营单位): the tenant's base register (底数台账). The contracts for a unit, its changes and
// its list filters; the dimensions a unit is counted and listed by (town, industry, risk…) are named here once.

import { z } from "zod";
import { idPattern } from "#core/kernel/ids";
import { PhoneSchema } from "#core/kernel/phone";
import { singleLine } from "#core/kernel/text";
import { bilingual } from "#core/kernel/validation";
import { IndustryCodeSchema } from "#core/register/industry";
import { normalizeUscc, UsccSchema } from "#core/register/uscc";

export const EnterpriseIdSchema = z.string().regex(idPattern, "Must be an enterprise id (26 characters)");
export const TownIdSchema = z.string().regex(idPattern, "Must be a town id (26 characters)");
export const GridIdSchema = z.string().regex(idPattern, "Must be a grid id (26 characters)");

/** Size class, the "three types" (三类企业): 规上 above designated size, 中等 medium, 小微 small/micro. */
export const sizeClasses = ["above-scale", "medium", "small-micro"] as const;
export const sizeClassNames: Record<(typeof sizeClasses)[number], string> = {
  "above-scale": "规上",
  medium: "中等",
  "small-micro": "小微",
};

/** Production status (生产状态). */
export const productionStatuses = ["producing", "partial", "halted", "preparing", "closed"] as const;
export const productionStatusNames: Record<(typeof productionStatuses)[number], string> = {
  producing: "正常生产",
  partial: "部分停产",
  halted: "停产",
  preparing: "筹建",
  closed: "关闭",
};

/** Four-colour risk level (四色): 红 major, 橙 large, 黄 general, 蓝 low. */
export const riskLevels = ["red", "orange", "yellow", "blue"] as const;
export const riskLevelNames: Record<(typeof riskLevels)[number], string> = {
  red: "红",
  orange: "橙",
  yellow: "黄",
  blue: "蓝",
};

/** The nine small venues (九小场所), tracked like enterprises. */
export const venueTypes = [
  "school",
  "clinic",
  "shop",
  "eatery",
  "hostel",
  "entertainment",
  "internet-cafe",
  "beauty-bath",
  "workshop",
] as const;
export const venueTypeNames: Record<(typeof venueTypes)[number], string> = {
  school: "小学校、幼儿园及培训机构",
  clinic: "小医院（诊所）",
  shop: "小商店",
  eatery: "小餐饮",
  hostel: "小旅馆",
  entertainment: "小歌舞娱乐场所",
  "internet-cafe": "小网吧",
  "beauty-bath": "小美容洗浴场所",
  workshop: "小生产加工企业（作坊）",
};
/**
 * The nine small venues as the source document writes them (Yangzhou's list). Imports take these beside the names
 * above; exports keep writing the names above.
 */
export const venueTypeSourceNames: Record<(typeof venueTypes)[number], string> = {
  school: "小型学校幼儿园（校外培训机构）",
  clinic: "小型医疗机构",
  shop: "小商店",
  eatery: "小餐饮",
  hostel: "小旅馆",
  entertainment: "小歌舞娱乐",
  "internet-cafe": "小网吧",
  "beauty-bath": "小美容洗浴",
  workshop: "小生产加工企业",
};

export type SizeClass = (typeof sizeClasses)[number];
export type ProductionStatus = (typeof productionStatuses)[number];
export type RiskLevel = (typeof riskLevels)[number];
export type VenueType = (typeof venueTypes)[number];

export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    ...bilingual("invalid_date", "日期无效，应为 YYYY-MM-DD", "Invalid date; expected YYYY-MM-DD"),
  })
  .meta({ description: "Calendar date in China (YYYY-MM-DD)", example: "2026-03-01" });

/** Standardization (安全生产标准化) creation status: 未开展 not started, 创建中 in progress, 评审达标 passed review. */
export const standardizationStatuses = ["not-started", "in-progress", "passed"] as const;
export const standardizationStatusNames: Record<(typeof standardizationStatuses)[number], string> = {
  "not-started": "未开展",
  "in-progress": "创建中",
  passed: "评审达标",
};

/**
 * `starRated` was a hand-set flag; star ratings are now recorded (applications, awards), so it is no longer an
 * input: what it held stays on record as "took part in star rating before Anquan", read by the key-target rules and
 * 附件4 item 14 alongside the star records. See docs/features.md ("The register").
 */
const StarRatedSchema = z.boolean().meta({
  deprecated: true,
  description:
    "Deprecated, read-only (开展星级评定, formerly set by hand): true only for a unit recorded as star-rated before Anquan kept star " +
    "records. Whether a unit takes part in star rating now comes from its star applications and awards (GET /v1/star-applications?enterpriseId=…, " +
    "GET /v1/enterprises/{id}/stars), which 附件4 item 14 and the key-target reason not-star-rated count, this record included. A request " +
    "may send the stored value back, or false to clear the record; setting it is 422 star_rated_read_only.",
});

/**
 * Where the unit stands in the standardization campaign: what a town rubric counts (coverage of creation and of
 * the all-staff responsibility system; the pass rate; the information-collection rate).
 */
export const StandardizationSchema = z
  .strictObject({
    status: z.enum(standardizationStatuses).meta({ description: "not-started 未开展 | in-progress 创建中 | passed 评审达标" }),
    responsibilitySystem: z
      .boolean()
      .meta({ description: "All-staff responsibility system and its assessment list in place (全员安全生产责任制)" }),
    starRated: StarRatedSchema,
    informationCollected: z.boolean().meta({ description: "Entered in the standardization platform (信息采集录入)" }),
  })
  .meta({ id: "Standardization" });
export type Standardization = z.infer<typeof StandardizationSchema>;
export const noStandardization: Standardization = {
  status: "not-started",
  responsibilitySystem: false,
  starRated: false,
  informationCollected: false,
};

/** The profile as a request sends it: `starRated` may be left out (the stored record is kept). */
export const StandardizationInputSchema = StandardizationSchema.extend({ starRated: StarRatedSchema.optional() }).meta({
  id: "StandardizationInput",
});
export type StandardizationInput = z.output<typeof StandardizationInputSchema>;

const PersonSchema = z.strictObject({
  name: singleLine(30),
  phone: PhoneSchema,
  title: singleLine(30, 0).nullable().optional().meta({ description: "Post, e.g. 总经理" }),
});
export type Person = z.infer<typeof PersonSchema>;

/** Responsible persons (责任人). The first responsible person is required; the others are recorded where known. */
export const personRoles = ["firstResponsible", "actualController", "safetyResponsible", "townSupervisor", "communitySupervisor"] as const;
export const personRoleNames: Record<(typeof personRoles)[number], string> = {
  firstResponsible: "第一责任人（主要负责人）",
  actualController: "实际控制人",
  safetyResponsible: "安全责任人",
  townSupervisor: "镇（街道）监管责任人",
  communitySupervisor: "村（社区）监管责任人",
};

const PersonsSchema = z.strictObject({
  firstResponsible: PersonSchema,
  actualController: PersonSchema.nullable().optional(),
  safetyResponsible: PersonSchema.nullable().optional(),
  townSupervisor: PersonSchema.nullable().optional(),
  communitySupervisor: PersonSchema.nullable().optional(),
});

const editable = {
  name: singleLine(100).meta({ example: "徐州某某机械制造有限公司" }),
  creditCode: UsccSchema,
  address: singleLine(200),
  townId: TownIdSchema.meta({ description: "Town/street/park (镇/街道/园区), see /v1/towns" }),
  gridId: GridIdSchema.nullable().meta({ description: "Grid (网格) inside the town, see /v1/grids" }),
  industryCode: IndustryCodeSchema.meta({ description: "GB/T 4754-2017 code (行业类别)", example: "3311" }),
  sizeClass: z.enum(sizeClasses).meta({ description: "三类企业: above-scale 规上 | medium 中等 | small-micro 小微" }),
  productionStatus: z
    .enum(productionStatuses)
    .meta({ description: "生产状态: producing 正常生产 | partial 部分停产 | halted 停产 | preparing 筹建 | closed 关闭" }),
  keyRisks: z
    .array(
      singleLine(50).refine((risk) => !/[、,，;；/|]/.test(risk), {
        ...bilingual(
          "invalid_key_risk",
          "每项关键风险单独填写，不含、，；/| 等分隔符",
          "One key risk per item, without separators such as 、 , ; / |",
        ),
      }),
    )
    .max(20)
    .refine((risks) => new Set(risks).size === risks.length, {
      ...bilingual("duplicate_key_risk", "关键风险重复", "A key risk is listed twice"),
    })
    .meta({ description: "Key risks (关键风险), e.g. 粉尘涉爆, 有限空间", example: ["有限空间"] }),
  riskLevel: z.enum(riskLevels).nullable().meta({ description: "四色: red 红 | orange 橙 | yellow 黄 | blue 蓝" }),
  venueType: z.enum(venueTypes).nullable().meta({ description: "Nine small venues (九小场所) type, or null" }),
  moveInDate: DateSchema.nullable().meta({ description: "Moved in (进驻)" }),
  moveOutDate: DateSchema.nullable().meta({ description: "Moved out (迁出)" }),
  hostId: EnterpriseIdSchema.nullable().meta({ description: "Host unit when this is a factory-within-factory lessee (厂中厂)" }),
  persons: PersonsSchema,
  standardization: StandardizationInputSchema,
};

export const CreateEnterpriseSchema = z.strictObject({
  ...editable,
  gridId: editable.gridId.default(null),
  keyRisks: editable.keyRisks.default([]),
  riskLevel: editable.riskLevel.default(null),
  venueType: editable.venueType.default(null),
  moveInDate: editable.moveInDate.default(null),
  moveOutDate: editable.moveOutDate.default(null),
  hostId: editable.hostId.default(null),
  standardization: editable.standardization.default(noStandardization),
});
export type CreateEnterpriseInput = z.output<typeof CreateEnterpriseSchema>;

export const UpdateEnterpriseSchema = z.strictObject(editable).partial();

/** Optional with a restore: where the unit goes when its town, grid or host is gone. */
export const RestoreEnterpriseSchema = z
  .strictObject({ townId: editable.townId, gridId: editable.gridId, hostId: editable.hostId })
  .partial();
export type UpdateEnterpriseInput = z.output<typeof UpdateEnterpriseSchema>;

const IndustrySchema = z.object({
  code: z.string(),
  name: z.string(),
  divisionCode: z.string().meta({ description: "Two-digit division (大类)" }),
  section: z.string().meta({ description: "Section letter (门类)" }),
});

export const EnterpriseSchema = z
  .object({
    id: EnterpriseIdSchema,
    name: z.string(),
    creditCode: z.string(),
    address: z.string(),
    townId: z.string(),
    gridId: z.string().nullable(),
    industry: IndustrySchema,
    sizeClass: z.enum(sizeClasses),
    productionStatus: z.enum(productionStatuses),
    keyRisks: z.array(z.string()),
    riskLevel: z.enum(riskLevels).nullable(),
    venueType: z.enum(venueTypes).nullable(),
    moveInDate: z.string().nullable(),
    moveOutDate: z.string().nullable(),
    hostId: z.string().nullable(),
    persons: z.object({
      firstResponsible: PersonSchema,
      actualController: PersonSchema.nullable(),
      safetyResponsible: PersonSchema.nullable(),
      townSupervisor: PersonSchema.nullable(),
      communitySupervisor: PersonSchema.nullable(),
    }),
    standardization: StandardizationSchema,
    reviewedAt: z.string().meta({ description: "Last time the record was changed or confirmed unchanged (核实)" }),
    deletedAt: z.string().nullable().meta({ description: "Set while the unit is deleted (soft delete); restore clears it" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "Enterprise" });
export type Enterprise = z.infer<typeof EnterpriseSchema>;

/**
 * What a list row shows: enough to filter, sort and display without reading the full record. It leaves out
 * the timestamps and version on purpose: confirming a unit (the most frequent write) then touches no list entry.
 */
export const EnterpriseSummarySchema = EnterpriseSchema.pick({
  id: true,
  name: true,
  creditCode: true,
  townId: true,
  gridId: true,
  sizeClass: true,
  productionStatus: true,
  riskLevel: true,
  venueType: true,
  hostId: true,
  standardization: true,
}).extend({ industryCode: z.string(), industryName: z.string(), divisionCode: z.string() });
export type EnterpriseSummary = z.infer<typeof EnterpriseSummarySchema>;

export function summarize(e: Enterprise): EnterpriseSummary {
  return {
    id: e.id,
    name: e.name,
    creditCode: e.creditCode,
    townId: e.townId,
    gridId: e.gridId,
    industryCode: e.industry.code,
    industryName: e.industry.name,
    divisionCode: e.industry.divisionCode,
    sizeClass: e.sizeClass,
    productionStatus: e.productionStatus,
    riskLevel: e.riskLevel,
    venueType: e.venueType,
    hostId: e.hostId,
    // Units registered before the profile existed have none stored: they count as not started.
    standardization: e.standardization ?? noStandardization,
  };
}

/**
 * The dimensions a unit is listed and counted by. Each is a designed access pattern in the store (one index
 * partition per value) and a breakdown of the weekly snapshot. `none` stands for an empty value.
 */
export const dimensions = ["town", "grid", "industry", "size", "risk", "status", "venue", "host"] as const;
export type Dimension = (typeof dimensions)[number];
export type DimensionValues = Record<Dimension, string>;

export const noValue = "none";

export function dimensionValues(e: Enterprise | EnterpriseSummary): DimensionValues {
  const divisionCode = "industry" in e ? e.industry.divisionCode : e.divisionCode;
  return {
    town: e.townId,
    grid: e.gridId ?? noValue,
    industry: divisionCode,
    size: e.sizeClass,
    risk: e.riskLevel ?? noValue,
    status: e.productionStatus,
    venue: e.venueType ?? noValue,
    host: e.hostId ?? noValue,
  };
}

/** List filters (all optional; combined with AND). */
export const EnterpriseFilterSchema = z.strictObject({
  townId: TownIdSchema.optional(),
  gridId: GridIdSchema.optional(),
  industry: z
    .string()
    .regex(/^\d{2}$/, "Two-digit GB/T 4754 division")
    .optional()
    .meta({ description: "Two-digit industry division (行业大类), e.g. 33" }),
  sizeClass: z.enum(sizeClasses).optional(),
  riskLevel: z
    .enum([...riskLevels, noValue])
    .optional()
    .meta({ description: "red|orange|yellow|blue, or none for unrated" }),
  productionStatus: z.enum(productionStatuses).optional(),
  venueType: z
    .enum([...venueTypes, noValue])
    .optional()
    .meta({ description: "A nine-small-venue type, or none" }),
  hostId: EnterpriseIdSchema.optional().meta({ description: "Lessees of this host (厂中厂)" }),
  namePrefix: singleLine(100).optional().meta({ description: "Units whose name starts with this" }),
  creditCode: z
    .string()
    .max(40)
    .transform(normalizeUscc)
    .pipe(z.string().min(1))
    .optional()
    .meta({ description: "Exact unified social credit code (case and spaces ignored)" }),
  deleted: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .meta({ description: "true lists deleted units (for restore); other filters then do not apply" }),
});
export type EnterpriseFilter = z.output<typeof EnterpriseFilterSchema>;

/** One entry of a unit's history (GET /v1/enterprises/{id}/history): who changed what, when. */
export const EnterpriseChangeSchema = z.object({
  version: z.number().int().positive(),
  at: z.string(),
  action: z.enum(["create", "update", "confirm", "delete", "restore"]),
  actor: z.object({ kind: z.string(), id: z.string(), role: z.string().optional(), person: z.string().optional() }),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  requestId: z.string().optional(),
});
export type EnterpriseChange = z.infer<typeof EnterpriseChangeSchema>;

/**
 * What the weekly refresh reads from the change feed: the unit's dimensions before and after the change
 * (null when it was not, or is no longer, in the register), and its move dates.
 */
export interface ChangeFeedEntry {
  readonly enterpriseId: string;
  readonly version: number;
  readonly at: string;
  readonly action: EnterpriseChange["action"];
  readonly before: DimensionValues | null;
  readonly after: DimensionValues | null;
  readonly moveInDate: { readonly from: string | null; readonly to: string | null };
  readonly moveOutDate: { readonly from: string | null; readonly to: string | null };
  /** When the record was last changed or confirmed, before and after: staleness at any past instant. */
  readonly reviewedAt: { readonly from: string | null; readonly to: string };
}
