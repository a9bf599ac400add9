// The stars' part of the weekly refresh: awards whose nextCheckOn day has come (a watched hazard's deadline
// passed, the validity ended) are re-derived — suspended or expired — reading only those units.
import { createStarUpkeep } from "#core/stars/star-upkeep";
import type { JobDeps } from "#jobs/deps";

export async function runStarSweep(deps: JobDeps, tenantId: string): Promise<{ units: number; changed: number }> {
  const result = await createStarUpkeep(deps).sweep(tenantId);
  deps.logger.info("star sweep", { tenantId, ...result });
  return result;
}
