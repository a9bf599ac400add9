// An awarded star (授星) as stored: which unit holds which star of which scheme version, since when and until when,
// its state (kept equal to awardStatus after every change), a suspension's reasons, a plaque (授牌), and its history.
import { z } from "zod";
import { type CampaignWork, StoredCampaignLinkSchema } from "#core/kernel/campaign-work";
import { idPattern } from "#core/kernel/ids";
import { DateSchema } from "#core/register/enterprise";
import { awardStateOn, awardStates } from "#core/stars/star-award";

const LocalizedSchema = z.object({ zh: z.string(), en: z.string() });

export const FiredTriggerSchema = z.object({
  key: z.string().meta({ description: "Identity of the firing, e.g. hazard-overdue:<hazard id>" }),
  trigger: z.number().int(),
  type: z.string(),
  reason: LocalizedSchema,
});

export const PlaqueSchema = z
  .strictObject({
    date: DateSchema.meta({ description: "Day the plaque was awarded (授牌)" }),
    number: z.string().trim().min(1).max(50).meta({ description: "Plaque number, e.g. 石安星〔2024〕001号" }),
  })
  .meta({ id: "StarPlaque" });

export const StarAwardSchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    townId: z.string(),
    scheme: z.object({ id: z.string(), version: z.number().int(), title: z.string() }),
    starId: z.string(),
    starName: z.string(),
    labelCode: z.string().meta({ description: "Stable label code for the provincial risk-report system" }),
    applicationId: z.string(),
    awardedOn: z.string(),
    validUntil: z.string().meta({ description: "Last valid day" }),
    state: z.enum(awardStates),
    suspension: z
      .object({ since: z.string(), fired: z.array(FiredTriggerSchema) })
      .nullable()
      .meta({ description: "Why the star is suspended, while it is" }),
    reinstatedOver: z.array(z.string()).meta({ description: "Firings an official reviewed and reinstated the star over" }),
    nextCheckOn: z.string().nullable().meta({
      description:
        "First day the state could change with no change of data (a deadline passing, the expiry); the weekly refresh re-derives it then",
    }),
    plaque: PlaqueSchema.nullable(),
    revoked: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
    renewedBy: z
      .string()
      .nullable()
      .meta({ description: "The later award of the same star that replaced this one (state renewed), if any" }),
    awardedBy: z.string(),
    history: z.array(
      z.object({
        at: z.string(),
        by: z.string(),
        action: z.string(),
        from: z.string().nullable(),
        to: z.string(),
        note: z.string().nullable(),
      }),
    ),
    campaign: StoredCampaignLinkSchema.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "StarAward" });
export type StarAward = z.infer<typeof StarAwardSchema>;

export const EnterpriseStarsSchema = z
  .object({
    current: z.array(StarAwardSchema).meta({ description: "Stars held now: active, or suspended (shown as such)" }),
    history: z.array(StarAwardSchema).meta({ description: "Every award of the unit, newest first, expired and revoked ones too" }),
  })
  .meta({ id: "EnterpriseStars" });

export const RevokeAwardSchema = z
  .strictObject({ reason: z.string().trim().max(500).optional().meta({ description: "Why the star is revoked (required)" }) })
  .meta({ id: "RevokeStarAward" });

export const ReinstateAwardSchema = z
  .strictObject({
    note: z.string().trim().min(1).max(500).optional().meta({ description: "Why the star stands despite the firings seen" }),
  })
  .meta({ id: "ReinstateStarAward" });

/** A list row of an award: enough to filter and show. */
export const StarAwardSummarySchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    townId: z.string(),
    schemeId: z.string(),
    starId: z.string(),
    starName: z.string(),
    labelCode: z.string(),
    state: z.enum(awardStates),
    awardedOn: z.string(),
    validUntil: z.string(),
    plaqueNumber: z.string().nullable(),
  })
  .meta({ id: "StarAwardSummary" });
export type StarAwardSummary = z.infer<typeof StarAwardSummarySchema>;

export const StarAwardFilterSchema = z.strictObject({
  townId: z.string().regex(idPattern).optional().meta({ description: "Awards of the units of one town" }),
  labelCode: z
    .string()
    .regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/)
    .optional()
    .meta({ description: "One star, by its label code" }),
  schemeId: z.string().regex(idPattern).optional(),
  state: z.enum(awardStates).optional().meta({ description: "As last recorded (the weekly refresh records expiries)" }),
});
export type StarAwardFilter = z.output<typeof StarAwardFilterSchema>;

/** Held: the unit has the star now (active, or suspended and shown as such). */
export const isHeld = (a: { state: string }) => a.state === "active" || a.state === "suspended";

/** The award as of `today`: a held award past its last valid day is expired. */
export function asOf(award: StarAward, today: string): StarAward {
  return awardStateOn(award, today) === award.state ? award : { ...award, state: "expired", suspension: null };
}

/**
 * The awards held as of `today` (active, or suspended and shown as such), from a unit's awards: a held award past
 * its last valid day is not, nor one a renewal not yet written will replace (only the newest award of a star).
 */
export function heldAsOf(awards: readonly StarAward[], today: string): StarAward[] {
  const held = awards.map((a) => asOf(a, today)).filter(isHeld);
  const replaced = replacements(held);
  return held.filter((a) => !replaced.has(a.id));
}

const starOf = (a: StarAward) => `${a.scheme.id}\n${a.starId}`;

/** The held awards a later held award of the same star of the same scheme replaces: old award id → the newest. */
function replacements(awards: readonly StarAward[]): Map<string, StarAward> {
  const held = awards.filter(isHeld);
  const latest = new Map<string, StarAward>();
  for (const a of held) {
    const known = latest.get(starOf(a));
    if (!known || a.createdAt > known.createdAt || (a.createdAt === known.createdAt && a.id > known.id)) latest.set(starOf(a), a);
  }
  const replaced = new Map<string, StarAward>();
  for (const old of held) {
    const newest = latest.get(starOf(old));
    if (newest && newest.id !== old.id) replaced.set(old.id, newest);
  }
  return replaced;
}

/**
 * 复评: the held awards that a later held award of the same star of the same scheme replaces, each changed to
 * renewed (naming the latest) with its history kept. Empty when every star is held once.
 */
export function renewals(awards: readonly StarAward[], at: string, by: string): { before: StarAward; after: StarAward }[] {
  const replaced = replacements(awards);
  return awards.flatMap((old) => {
    const newest = replaced.get(old.id);
    if (!newest) return [];
    const after: StarAward = {
      ...old,
      state: "renewed",
      suspension: null,
      nextCheckOn: null,
      renewedBy: newest.id,
      history: [...old.history, { at, by, action: "renew", from: old.state, to: "renewed", note: newest.id }],
      updatedAt: at,
      version: old.version + 1,
    };
    return [{ before: old, after }];
  });
}

export function summarizeAward(a: StarAward): StarAwardSummary {
  return {
    id: a.id,
    enterpriseId: a.enterpriseId,
    enterpriseName: a.enterpriseName,
    townId: a.townId,
    schemeId: a.scheme.id,
    starId: a.starId,
    starName: a.starName,
    labelCode: a.labelCode,
    state: a.state,
    awardedOn: a.awardedOn,
    validUntil: a.validUntil,
    plaqueNumber: a.plaque?.number ?? null,
  };
}

/** What an award adds to its unit's tally in its campaign. */
export function awardCampaignWork(a: { state: string; awardedOn: string }): CampaignWork {
  return { kind: "star-award", held: isHeld(a), on: a.awardedOn };
}
