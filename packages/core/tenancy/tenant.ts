// Tenants (租户): a city (市) or district/county (区/县) government subscribing to Anquan, identified by its
// administrative division code. Managed by platform operators only.
import { z } from "zod";
import { isCityCode, isDivisionCode } from "#core/kernel/division-code";
import { type FieldProblem, problem } from "#core/kernel/errors";
import { singleLine } from "#core/kernel/text";
import { bilingual } from "#core/kernel/validation";

const validTimeZones = new Set(Intl.supportedValuesOf("timeZone"));
validTimeZones.add("UTC");

export const TenantIdSchema = z
  .string()
  .refine(
    isDivisionCode,
    bilingual("invalid_division_code", "应为 6 位行政区划代码（GB/T 2260）", "Must be a 6-digit administrative division code (GB/T 2260)"),
  )
  .meta({ description: "6-digit administrative division code (行政区划代码)", example: "320312" });

export const TenantLevelSchema = z.enum(["city", "district"]).meta({ description: "city 市 | district 区/县" });
export const TenantStatusSchema = z.enum(["active", "suspended"]);

const TimeZoneSchema = z
  .string()
  .refine((tz) => validTimeZones.has(tz), bilingual("invalid_time_zone", "无效的时区名称", "Unknown IANA time zone"))
  .meta({ example: "Asia/Shanghai" });

const RecipientsSchema = z.array(z.email().max(254)).max(50).meta({ description: "Monthly report recipients (报告接收人)" });

export const TenantSchema = z.object({
  id: TenantIdSchema,
  name: z.string().min(1).max(50).meta({ example: "铜山区" }),
  level: TenantLevelSchema,
  parentId: TenantIdSchema.nullable().meta({ description: "Parent city tenant; escalation flows child → parent" }),
  timeZone: TimeZoneSchema,
  status: TenantStatusSchema,
  reportRecipients: RecipientsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().positive(),
});
export type Tenant = z.infer<typeof TenantSchema>;

export const CreateTenantSchema = z.strictObject({
  id: TenantIdSchema,
  name: singleLine(50),
  level: TenantLevelSchema,
  parentId: TenantIdSchema.nullable().optional(),
  timeZone: TimeZoneSchema.default("Asia/Shanghai"),
  status: TenantStatusSchema.default("active"),
  reportRecipients: RecipientsSchema.default([]),
});
export type CreateTenantInput = z.input<typeof CreateTenantSchema>;

export const UpdateTenantSchema = z
  .strictObject({
    name: singleLine(50),
    parentId: TenantIdSchema.nullable(),
    timeZone: TimeZoneSchema,
    status: TenantStatusSchema,
    reportRecipients: RecipientsSchema,
  })
  .partial();
export type UpdateTenantInput = z.infer<typeof UpdateTenantSchema>;

/** Rules that need more than one field: the level must match the code. */
export function levelProblems(id: string, level: Tenant["level"]): FieldProblem[] {
  const city = isCityCode(id);
  if (level === "city" && !city)
    return [problem("level", "level_mismatch", "市级租户的代码应以 00 结尾", "A city tenant's code ends in 00")];
  if (level === "district" && city) {
    return [problem("level", "level_mismatch", "区/县级租户的代码不应以 00 结尾", "A district tenant's code does not end in 00")];
  }
  return [];
}
