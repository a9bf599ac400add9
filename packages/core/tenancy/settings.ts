// A tenant's own settings (租户设置), kept by its tenant-admin: how public placard pages show phone numbers,
// when a unit counts as stale in the weekly refresh, when a placard is due for a check, and which departments
// publish key hazard lists.
import { z } from "zod";
import { type FieldProblem, problem } from "#core/kernel/errors";
import { singleLine } from "#core/kernel/text";

export const SettingsSchema = z
  .object({
    maskPublicPhones: z.boolean().meta({ description: "Public placard pages show 139****5678 instead of the full number" }),
    publicName: z.string().nullable().meta({ description: "Name shown on public pages, e.g. 铜山区应急管理局 (default: tenant name)" }),
    hotline: z.string().nullable().meta({ description: "Reporting hotline shown on public pages, e.g. 12350" }),
    staleAfterDays: z.number().int().meta({ description: "A unit not changed or confirmed for longer is stale (weekly worklist)" }),
    placardCheckMonths: z.number().int().meta({ description: "A placard not checked for this many months is due" }),
    departments: z
      .array(z.string())
      .meta({ description: "Industry authorities (行业主管部门) that publish key hazard lists, e.g. 应急管理局, 住建局" }),
    escalateMajorOverdueDays: z.number().int().meta({
      description: "A district's major hazard overdue by this many days is proposed for escalation to the city (联合攻坚清单)",
    }),
    updatedAt: z.string().nullable(),
    version: z.number().int().nonnegative().meta({ description: "0 while the defaults were never changed" }),
  })
  .meta({ id: "Settings" });
export type Settings = z.infer<typeof SettingsSchema>;

export const defaultSettings: Settings = {
  maskPublicPhones: false,
  publicName: null,
  hotline: null,
  staleAfterDays: 30,
  placardCheckMonths: 6,
  departments: [],
  escalateMajorOverdueDays: 30,
  updatedAt: null,
  version: 0,
};

export const UpdateSettingsSchema = z
  .strictObject({
    maskPublicPhones: z.boolean(),
    publicName: singleLine(50).nullable(),
    hotline: z
      .string()
      .trim()
      .regex(/^[0-9-]{3,20}$/, "digits and dashes")
      .nullable(),
    staleAfterDays: z.number().int().min(1).max(366),
    placardCheckMonths: z.number().int().min(1).max(24),
    departments: z
      .array(singleLine(50))
      .max(100)
      .refine((names) => new Set(names).size === names.length, { message: "A department is listed twice" }),
    escalateMajorOverdueDays: z.number().int().min(1).max(365),
  })
  .partial();

/** The problem when `department` is not one of the tenant's departments (none when it is). */
export function departmentProblems(departments: readonly string[], department: string, path = "department"): FieldProblem[] {
  if (departments.includes(department)) return [];
  return [
    problem(
      path,
      "unknown_department",
      `部门不在本租户设置的部门中（${departments.join("、") || "尚未设置，见 PATCH /v1/settings"}）`,
      `Not one of the tenant's departments (${departments.join(", ") || "none yet: PATCH /v1/settings"})`,
    ),
  ];
}
