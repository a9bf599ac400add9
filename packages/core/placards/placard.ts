// Safety-responsibility placards (安全责任公示牌): who answers for a unit, or for one building or zone of a
// multi-unit premises — 第一责任人, 分管负责人 and 具体负责人 with phones — where it hangs, and
// when it was last checked. Each has an unguessable public token behind its QR code.
import { z } from "zod";
import { PhoneSchema } from "#core/kernel/phone";
import { singleLine } from "#core/kernel/text";
import { bilingual } from "#core/kernel/validation";
import { DateSchema, EnterpriseIdSchema, personRoles } from "#core/register/enterprise";

export const PlacardIdSchema = z
  .string()
  .regex(/^[0-9a-hjkmnp-tv-z]{26}$/, "a placard id (26 characters)")
  .meta({ example: "01jd8k2m3n4p5q6r7s8t9v0w1x" });

/** 128 random bits, base64url: the only thing that opens a placard's public page. */
export const PublicTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

const PlacardPersonSchema = z.strictObject({
  name: singleLine(30),
  phone: PhoneSchema,
  title: singleLine(30, 0).nullable().default(null).meta({ description: "Post, e.g. 车间主任" }),
});

/**
 * The persons a placard discloses that not every tenant's placard shows: Yangzhou's also name the actual controller
 * and the town and village officials responsible for supervising the unit. Optional; left out of a change, each
 * keeps its value, and null clears it.
 */
export const optionalPlacardRoles = ["actualController", "townSupervisor", "communitySupervisor"] as const;
export type OptionalPlacardRole = (typeof optionalPlacardRoles)[number];

export const PlacardPersonsSchema = z.strictObject({
  first: PlacardPersonSchema.meta({ description: "第一责任人 (the unit's principal)" }),
  inCharge: PlacardPersonSchema.meta({ description: "分管负责人 (the person in charge of safety)" }),
  specific: z
    .array(PlacardPersonSchema)
    .min(1)
    .max(10)
    .meta({ description: "具体负责人 (the persons specifically responsible on site; the field keeps its name `specific`)" }),
  actualController: PlacardPersonSchema.nullable().optional().meta({ description: "实际控制人 (the unit's actual controller)" }),
  townSupervisor: PlacardPersonSchema.nullable()
    .optional()
    .meta({ description: "镇街监管责任人 (the town or street official responsible for supervising the unit)" }),
  communitySupervisor: PlacardPersonSchema.nullable()
    .optional()
    .meta({ description: "村居监管责任人 (the village or community official responsible for supervising the unit)" }),
});
export type PlacardPersonsInput = z.output<typeof PlacardPersonsSchema>;

export const placardKinds = ["unit", "zone"] as const;

const editable = {
  title: singleLine(60).meta({ example: "1号厂房安全责任公示牌" }),
  location: singleLine(100).nullable().meta({ description: "Where it hangs, e.g. 1号厂房东门" }),
  zoneName: singleLine(60).nullable().meta({ description: "For a zone placard: the building or zone it covers (楼栋/区域)" }),
  persons: PlacardPersonsSchema,
};

export const CreatePlacardSchema = z
  .strictObject({
    enterpriseId: EnterpriseIdSchema.meta({ description: "The unit (for a zone placard: the unit that manages the zone)" }),
    kind: z.enum(placardKinds).default("unit").meta({ description: "unit: one unit | zone: a building or zone of a multi-unit premises" }),
    ...editable,
    title: editable.title.optional(),
    location: editable.location.default(null),
    zoneName: editable.zoneName.default(null),
    postedOn: DateSchema.optional().meta({ description: "Date posted (China); the first check. Default today" }),
  })
  .superRefine((p, ctx) => {
    if (p.kind === "zone" && p.zoneName === null) {
      ctx.addIssue({
        code: "custom",
        path: ["zoneName"],
        ...bilingual("zone_name_required", "区域公示牌须填写楼栋或区域名称", "A zone placard needs the building or zone name"),
      });
    }
  });
export type CreatePlacardInput = z.output<typeof CreatePlacardSchema>;

export const UpdatePlacardSchema = z.strictObject(editable).partial();

export const placardConditions = ["good", "faded", "damaged", "outdated"] as const;

export const CheckPlacardSchema = z.strictObject({
  checkedOn: DateSchema.optional().meta({ description: "Date of the check (China). Default today; not in the future" }),
  condition: z.enum(placardConditions).meta({ description: "good 完好 | faded 褪色 | damaged 破损 | outdated 人员变更未更新" }),
  note: z.string().trim().max(200).nullable().default(null),
});

export const RevokePlacardSchema = z.strictObject({
  reason: z.string().trim().min(1).max(200).meta({ example: "已更换新牌" }),
});

const PersonOut = z.object({ name: z.string(), phone: z.string(), title: z.string().nullable() });

/** A register person (责任人) changed after the placard was issued: which one, from whom to whom, when. */
export const PersonChangeSchema = z
  .object({
    role: z.enum(personRoles).meta({ description: "The register's role (persons.<role> of the unit)" }),
    roleName: z.string().meta({ example: "第一责任人（主要负责人）" }),
    from: z.string().nullable().meta({ description: "The name the register held before (null: nobody)" }),
    to: z.string().nullable().meta({ description: "The name it holds now (null: nobody)" }),
    at: z.string().meta({ description: "When the register changed (ISO instant)" }),
  })
  .meta({ id: "PlacardPersonChange" });
export type PersonChange = z.infer<typeof PersonChangeSchema>;

export const PlacardSchema = z.object({
  id: PlacardIdSchema,
  enterpriseId: z.string(),
  kind: z.enum(placardKinds),
  title: z.string(),
  location: z.string().nullable(),
  zoneName: z.string().nullable(),
  persons: z.object({
    first: PersonOut,
    inCharge: PersonOut,
    specific: z.array(PersonOut),
    // Optional in the contract: change-feed records of placards saved before these were kept have none.
    actualController: PersonOut.nullable().optional().meta({ description: "实际控制人; null when not disclosed" }),
    townSupervisor: PersonOut.nullable().optional().meta({ description: "镇街监管责任人; null when not disclosed" }),
    communitySupervisor: PersonOut.nullable().optional().meta({ description: "村居监管责任人; null when not disclosed" }),
  }),
  townId: z
    .string()
    .nullable()
    .optional()
    .meta({
      description:
        "The unit's town, kept as the unit moves (the replacement list and coverage go by it); null while the unit is deleted; " +
        "absent on a placard posted before towns were kept, until its next save",
    }),
  personChanges: z
    .array(PersonChangeSchema)
    .optional()
    .meta({
      description:
        "Responsible persons changed in the register after the placard was issued, which the placard does not show: it needs replacing. " +
        "An entry goes when the placard's person of that role is changed, or the register's matches the placard again",
    }),
  postedOn: z.string(),
  lastCheckedOn: z.string().meta({ description: "Last check (or the day it was posted)" }),
  lastCondition: z.enum(placardConditions).nullable(),
  status: z.enum(["active", "revoked"]),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  publicToken: PublicTokenSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().positive(),
});
export type Placard = z.infer<typeof PlacardSchema>;

/** The persons as a placard keeps them: every optional role present, null when not disclosed. */
export function placardPersons(
  given: PlacardPersonsInput,
  kept: Partial<Record<OptionalPlacardRole, Placard["persons"][OptionalPlacardRole]>> = {},
): Placard["persons"] {
  const persons: Placard["persons"] = { first: given.first, inCharge: given.inCharge, specific: given.specific };
  for (const role of optionalPlacardRoles) persons[role] = given[role] !== undefined ? given[role] : (kept[role] ?? null);
  return persons;
}

/**
 * A placard as stored, read with the persons and person changes added since (absent on placards saved before) as
 * null or none. Its town stays absent there: the counts tell a placard of no town yet from one of a deleted unit (null).
 */
export function storedPlacard(p: Placard): Placard {
  const complete = optionalPlacardRoles.every((role) => p.persons[role] !== undefined) && p.personChanges !== undefined;
  return complete ? p : { ...p, persons: placardPersons(p.persons), personChanges: p.personChanges ?? [] };
}

export const PlacardCheckSchema = z.object({
  id: z.string(),
  placardId: z.string(),
  checkedOn: z.string(),
  condition: z.enum(placardConditions),
  note: z.string().nullable(),
  by: z.string(),
  at: z.string(),
});
export type PlacardCheck = z.infer<typeof PlacardCheckSchema>;

export const PlacardFilterSchema = z.strictObject({
  enterpriseId: EnterpriseIdSchema.optional(),
  due: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .meta({ description: "true: active placards not checked for the tenant's check interval (default six months)" }),
});
