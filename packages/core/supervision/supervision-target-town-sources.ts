// The assessments' TownSuggestionSources answered from the key-target list: 附件4 item 14 (star-rating coverage)
// counts the town's `not-star-rated` targets — derived from real star records — and item 22.1 (differentiated
// supervision) names the town's targets and why. Each is one Query of the town's part of a list partition, so its
// cost follows the town's targets, not the tenant.
import type { KeyTarget, NamedUnit, TownSuggestionSources } from "#core/assessments/ports";
import { allOf } from "#core/kernel/paging";
import type { SupervisionTargetRepository } from "#core/supervision/ports";
import { targetReasonNames } from "#core/supervision/supervision-target";

export function targetTownSources(targets: SupervisionTargetRepository): TownSuggestionSources {
  return {
    async notStarRated(tenantId, townId): Promise<NamedUnit[]> {
      const rows = await allOf((page) => targets.list(tenantId, { townId, reason: "not-star-rated" }, page));
      return rows.map((r) => ({ id: r.enterpriseId, name: r.enterpriseName }));
    },
    async keyTargets(tenantId, townId): Promise<KeyTarget[]> {
      const rows = await allOf((page) => targets.list(tenantId, { townId }, page));
      return rows.map((r) => ({
        id: r.enterpriseId,
        name: r.enterpriseName,
        why: r.reasons.map((reason) => targetReasonNames[reason.code].zh).join("、"),
      }));
    },
  };
}
