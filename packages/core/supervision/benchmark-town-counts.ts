// A town's benchmark enterprises of a year against the Shishi target, for the town's assessment summary: the
// assessments domain declares what it needs (TownBenchmarks in core/assessments/ports.ts) and createApp wires this in.
import { benchmarkTarget } from "#core/supervision/benchmark-enterprise";
import type { BenchmarkEnterpriseRepository } from "#core/supervision/ports";

export function benchmarkTownCounts(designations: BenchmarkEnterpriseRepository) {
  return {
    /** The town's standing designations of the year (one counter item read), and the target. */
    async ofTown(tenantId: string, townId: string, year: number) {
      const { designated } = await designations.tally(tenantId, year, townId);
      return { designated, target: benchmarkTarget.newPerTown };
    },
  };
}
