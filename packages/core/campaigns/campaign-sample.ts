// Verification sampling (验收抽查): the verification stage draws at least `perTown` units of each town at random —
// from the town's units in scope that handed in an assessment at an earlier stage (the units there is something to
// verify of), all of them when there are fewer. The draw is seeded and recorded with its pool, so anyone can repeat
// it: sort the pool, then a Fisher–Yates shuffle whose k-th swap takes index SHA-256(`seed:townId:k`) (its first 8
// bytes, big-endian) modulo what is left — the method named `sha256-fisher-yates-v1` on the record.
import { createHash } from "node:crypto";
import { z } from "zod";
import { singleLine } from "#core/kernel/text";

export const sampleMethod = "sha256-fisher-yates-v1";

export const DrawSampleSchema = z
  .strictObject({
    seed: singleLine(100)
      .optional()
      .meta({ description: "The draw's seed, to repeat a draw made elsewhere (e.g. in a meeting); a random one when left out" }),
  })
  .meta({ id: "DrawSample" });

export const CampaignSampleSchema = z
  .object({
    stageId: z.string(),
    method: z.literal(sampleMethod),
    seed: z.string(),
    perTown: z.number().int(),
    towns: z.array(
      z.object({
        townId: z.string(),
        pool: z.array(z.string()).meta({ description: "The units it was drawn from, sorted (enterprise ids)" }),
        picked: z.array(z.string()).meta({ description: "The units drawn, in draw order" }),
      }),
    ),
    drawnBy: z.string(),
    drawnAt: z.string(),
  })
  .meta({ id: "CampaignSample" });
export type CampaignSample = z.infer<typeof CampaignSampleSchema>;

function indexBelow(seed: string, townId: string, k: number, bound: number): number {
  const digest = createHash("sha256").update(`${seed}:${townId}:${k}`).digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(bound));
}

/** `count` of `pool` (any order; sorted first) drawn for `townId` with `seed`: the same arguments, the same units. */
export function drawUnits(pool: readonly string[], count: number, seed: string, townId: string): string[] {
  const units = [...pool].sort();
  const picked: string[] = [];
  for (let k = 0; k < Math.min(count, units.length); k++) {
    const j = k + indexBelow(seed, townId, k, units.length - k);
    [units[k], units[j]] = [units[j] as string, units[k] as string];
    picked.push(units[k] as string);
  }
  return picked;
}
