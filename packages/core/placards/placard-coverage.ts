// Placard coverage (公示牌覆盖): per town and in total, the register's units with and without an active placard,
// and the active placards. The placards' side comes from the counts every placard save keeps (placards/ports.ts
// PlacardCoverage), the units from the register as it is now; this file puts the two together.
import { z } from "zod";
import { formatRate, rateOf } from "#core/kernel/decimal";
import type { PlacardCoverage } from "#core/placards/ports";

const CoverageRowSchema = z.object({
  units: z.number().int().meta({ description: "Units in the register now (not deleted)" }),
  coveredUnits: z.number().int().meta({ description: "Of them, units with at least one active placard (unit or zone)" }),
  uncoveredUnits: z.number().int().meta({ description: "Units without an active placard: units − coveredUnits" }),
  activePlacards: z.number().int().meta({ description: "Placards posted and not revoked" }),
  coverageRate: z.string().nullable().meta({ description: "coveredUnits / units in percent (2 decimals, half up); null without units" }),
});
type CoverageRow = z.infer<typeof CoverageRowSchema>;

export const PlacardCoverageFiguresSchema = z
  .object({
    asOf: z.string().meta({ description: "Today in China: the figures are as of the request" }),
    total: CoverageRowSchema,
    towns: z.array(CoverageRowSchema.extend({ townId: z.string(), townName: z.string() })).meta({
      description: "Every town of the tenant, in the towns' order. Placards last saved before towns were kept count in the total only",
    }),
  })
  .meta({ id: "PlacardCoverage" });
export type PlacardCoverageFigures = z.infer<typeof PlacardCoverageFiguresSchema>;

function row(units: number, covered: number, activePlacards: number): CoverageRow {
  // A deleted unit's placards stay counted until revoked: never more covered units than the register has.
  const coveredUnits = Math.min(covered, units);
  return {
    units,
    coveredUnits,
    uncoveredUnits: units - coveredUnits,
    activePlacards,
    coverageRate: units === 0 ? null : formatRate(rateOf(coveredUnits, units)),
  };
}

/** The figures of the tenant's towns (with their units now) and the kept placard counts, as of `today`. */
export function townCoverage(
  towns: readonly { readonly townId: string; readonly townName: string; readonly units: number }[],
  counts: PlacardCoverage,
  today: string,
): PlacardCoverageFigures {
  const byTown = new Map(counts.byTown.map((t) => [t.townId, t]));
  const units = towns.reduce((sum, t) => sum + t.units, 0);
  return {
    asOf: today,
    total: row(units, counts.coveredUnits, counts.activePlacards),
    towns: towns.map((t) => ({
      townId: t.townId,
      townName: t.townName,
      ...row(t.units, byTown.get(t.townId)?.coveredUnits ?? 0, byTown.get(t.townId)?.activePlacards ?? 0),
    })),
  };
}
