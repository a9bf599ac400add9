// Which placards need replacing (需更换的公示牌), and why: the latest check found the sign faded, damaged or showing
// persons no longer in post (the check's `outdated`), or a responsible person of the unit changed in the register
// after the placard was issued and the placard still shows the one before. The register's change is written onto the
// placard when it happens (placard-upkeep.ts), so the list is one index of the placards with a reason, never a
// comparison of every placard with the register.
import { z } from "zod";
import { type PersonChange, PersonChangeSchema, type Placard, type placardConditions } from "#core/placards/placard";
import { type Enterprise, type Person, personRoleNames, personRoles, TownIdSchema } from "#core/register/enterprise";

type PersonRole = (typeof personRoles)[number];

/** The check conditions that call for a new sign. */
export const replacementConditions = ["faded", "damaged", "outdated"] as const satisfies readonly (typeof placardConditions)[number][];

export const ReplacementReasonSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z
        .enum(replacementConditions)
        .meta({ description: "The latest check found it faded 褪色, damaged 破损 or outdated 人员变更未更新" }),
      checkedOn: z.string().meta({ description: "The date of that check" }),
    }),
    PersonChangeSchema.extend({
      kind: z.literal("person-changed").meta({ description: "A responsible person changed in the register after the placard was issued" }),
    }),
  ])
  .meta({ id: "PlacardReplacementReason" });
export type ReplacementReason = z.infer<typeof ReplacementReasonSchema>;

export const ReplacementFilterSchema = z.strictObject({
  townId: TownIdSchema.optional().meta({ description: "Only the placards of units in this town" }),
});

/** Why an active placard needs replacing (none: it does not, or it is revoked). */
export function replacementReasons(p: Placard): ReplacementReason[] {
  if (p.status !== "active") return [];
  const reasons: ReplacementReason[] = [];
  const condition = replacementConditions.find((c) => c === p.lastCondition);
  if (condition) reasons.push({ kind: condition, checkedOn: p.lastCheckedOn });
  for (const change of p.personChanges ?? []) reasons.push({ kind: "person-changed", ...change });
  return reasons;
}

/**
 * Where each register role shows on a placard: the first responsible person as its 第一责任人, the safety
 * responsible person as its 分管负责人, the others under their own names (shown only when the placard discloses them).
 */
export const placardRoleOf = {
  firstResponsible: "first",
  safetyResponsible: "inCharge",
  actualController: "actualController",
  townSupervisor: "townSupervisor",
  communitySupervisor: "communitySupervisor",
} as const satisfies Record<PersonRole, keyof Placard["persons"]>;

type Shown = { name: string; phone: string } | null | undefined;

/** The same person as far as a sign is concerned: name and phone (a post's wording is not a new sign). */
function samePerson(a: Shown, b: Shown): boolean {
  if (!a || !b) return !a && !b;
  return a.name === b.name && a.phone === b.phone;
}

/** The register roles whose person differs between two versions of a unit. */
export function changedRoles(before: Enterprise, after: Enterprise): PersonRole[] {
  return personRoles.filter((role) => !samePerson(before.persons[role] as Person | null, after.persons[role] as Person | null));
}

/**
 * The placard's person changes after the register changed `roles` at `at`, against the unit as it is now: a role the
 * placard shows flags it while its person there differs from the register's, and unflags it once they match. A
 * placard issued after the change, or a role it does not disclose, is left as it is. Undefined when nothing moves.
 */
export function followRegister(p: Placard, roles: readonly PersonRole[], unit: Enterprise, at: string): PersonChange[] | undefined {
  if (p.status !== "active" || p.createdAt > at) return undefined;
  const kept = p.personChanges ?? [];
  let changes = kept;
  for (const role of roles) {
    const shown = p.persons[placardRoleOf[role]];
    if (!shown) continue;
    changes = changes.filter((c) => c.role !== role);
    const now = unit.persons[role] ?? null;
    if (samePerson(shown, now)) continue;
    changes.push({ role, roleName: personRoleNames[role], from: shown.name, to: now?.name ?? null, at });
  }
  changes.sort((a, b) => personRoles.indexOf(a.role) - personRoles.indexOf(b.role));
  return JSON.stringify(changes) === JSON.stringify(kept) ? undefined : changes;
}

/**
 * After the placard's own persons were changed (from `before` to `after`): a flagged role goes once its person on the
 * placard was changed — the official re-did it — or matches the register's again.
 */
export function settledChanges(before: Placard, after: Placard, unit: Enterprise): PersonChange[] {
  return (after.personChanges ?? []).filter((c) => {
    const role = placardRoleOf[c.role];
    if (!samePerson(before.persons[role], after.persons[role])) return false;
    return !samePerson(after.persons[role], unit.persons[c.role] ?? null);
  });
}
