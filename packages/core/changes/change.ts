// The change feed's records: one per create, update or delete of a tenant's resource, written in the same
// transaction as the change itself (packages/store/dynamo/change-records.ts). A record names the resource's type,
// id and version, when and by what kind of actor it changed, and carries the resource as saved (null when it was
// deleted: a tombstone).
import { z } from "zod";
import { AssessmentSchema } from "#core/assessments/assessment";
import { RubricSchema } from "#core/assessments/rubric";
import { CoordinationRequestSchema } from "#core/escalation/coordination-request";
import { JointTacklingSchema } from "#core/escalation/joint-tackling";
import { HazardSchema } from "#core/hazards/hazard";
import { KeyHazardListSchema } from "#core/hazards/key-hazard-list";
import type { ResourceFamily } from "#core/kernel/principal";
import { PlacardSchema } from "#core/placards/placard";
import { EnterpriseSchema } from "#core/register/enterprise";
import { GridSchema, TownSchema } from "#core/register/town";
import { StarApplicationSchema } from "#core/stars/star-application";
import { StarAwardSchema } from "#core/stars/star-award-record";
import { SettingsSchema } from "#core/tenancy/settings";

/**
 * The resource types the feed carries, each with the permission family that reads it: a caller sees the types
 * it may read, and no others. The names are the stored types', so the store knows a feed item when it writes one.
 */
export const changeFamilies = {
  enterprise: "enterprises",
  town: "tenant",
  grid: "tenant",
  placard: "placards",
  rubric: "rubrics",
  assessment: "assessments",
  hazard: "hazards",
  "key-hazard-list": "hazards",
  "joint-tackling": "hazards",
  "coordination-request": "hazards",
  "star-application": "stars",
  "star-award": "stars",
  settings: "tenant",
} as const satisfies Record<string, ResourceFamily>;
export type ChangeType = keyof typeof changeFamilies;
export const changeTypes = Object.keys(changeFamilies) as ChangeType[];

export function isChangeType(value: string): value is ChangeType {
  return Object.hasOwn(changeFamilies, value);
}

const resources = {
  enterprise: EnterpriseSchema,
  town: TownSchema,
  grid: GridSchema,
  placard: PlacardSchema,
  rubric: RubricSchema,
  assessment: AssessmentSchema,
  hazard: HazardSchema,
  "key-hazard-list": KeyHazardListSchema,
  "joint-tackling": JointTacklingSchema,
  "coordination-request": CoordinationRequestSchema,
  "star-application": StarApplicationSchema,
  "star-award": StarAwardSchema,
  settings: SettingsSchema,
} satisfies Record<ChangeType, z.ZodType>;

export const changeActions = ["created", "updated", "deleted"] as const;
export type ChangeAction = (typeof changeActions)[number];

const common = {
  position: z.string().meta({
    description: "Where this change stands in the tenant's feed: pass it as `since` to read the changes after it",
  }),
  id: z.string().meta({ description: "The resource's id (for settings: the tenant's id)" }),
  action: z.enum(changeActions).meta({
    description: "created (version 1), updated, or deleted (a unit's deletion too; a restored unit is updated again)",
  }),
  version: z.number().int().positive().meta({ description: "The resource's version after the change (a deletion is one more)" }),
  at: z.string().meta({ description: "ISO-8601 instant (UTC) of the change" }),
  actor: z.object({ kind: z.enum(["platform", "user", "api-key", "system"]) }).meta({
    description: "What kind of caller made the change (the audit trail names who)",
  }),
};

function variant<T extends ChangeType>(type: T) {
  return z.object({
    type: z.literal(type),
    ...common,
    resource: z.union([resources[type], z.null()]).meta({ description: "The resource as saved by the change; null when deleted" }),
  });
}

export const ChangeSchema = z
  .discriminatedUnion(
    "type",
    changeTypes.map((type) => variant(type)) as unknown as [ReturnType<typeof variant>, ...ReturnType<typeof variant>[]],
  )
  .meta({ id: "Change" });

/** A change as the feed answers it (the resource loosely typed: the schema above types it per `type`). */
export interface Change {
  readonly position: string;
  readonly type: ChangeType;
  readonly id: string;
  readonly action: ChangeAction;
  readonly version: number;
  readonly at: string;
  readonly actor: { readonly kind: "platform" | "user" | "api-key" | "system" };
  readonly resource: Record<string, unknown> | null;
}
