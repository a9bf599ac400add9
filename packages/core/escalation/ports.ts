// The ports of the escalation domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/escalation/. Nothing here knows about AWS or HTTP.

import type { CoordinationFilter, CoordinationRequest } from "#core/escalation/coordination-request";
import type { JointTackling, JointTacklingFilter } from "#core/escalation/joint-tackling";
import type { Hazard } from "#core/hazards/hazard";
import type { Page, PageRequest, WriteContext } from "#core/kernel/ports";

/**
 * The joint tackling list: one item per escalated hazard, kept under the city tenant in a partition per district
 * (`T#<city>#UP#<district>`). The district reaches that one partition of its parent and nothing else of it; the
 * city reaches it as part of its own keys and nothing of the district's.
 */
export interface JointTacklingRepository {
  /**
   * District side, one transaction: the hazard (replaced at `hazard.before.version`, with its list entries) and the
   * item (created, or replaced at `item.before.version`), audited in the district's log. 412 when either is stale.
   */
  escalate(
    change: { hazard: { before: Hazard; after: Hazard }; item: { before: JointTackling | undefined; after: JointTackling } },
    write: WriteContext,
  ): Promise<void>;
  /**
   * District side: a change to an escalated hazard (as HazardRepository.save), and in the same transaction the item's
   * snapshot of the hazard when it changed (the item's version moves on, so a city step from an older read gets 412).
   */
  saveHazard(districtId: string, change: { before: Hazard; after: Hazard }, write: WriteContext): Promise<void>;
  /** Replaces the item at `before.version` (412 when stale), audited in the log of `actingTenantId` (city or district). */
  save(actingTenantId: string, change: { before: JointTackling; after: JointTackling }, write: WriteContext): Promise<void>;
  /** Read by the city or by the district (`actingTenantId` chooses the session). */
  get(actingTenantId: string, cityId: string, districtId: string, hazardId: string): Promise<JointTackling | undefined>;
  /** The city's items from all its districts (or one), newest escalated first. */
  listIncoming(cityId: string, filter: JointTacklingFilter, page: PageRequest): Promise<Page<JointTackling>>;
  /** A district's items at its city, newest hazard first. */
  listOutgoing(districtId: string, cityId: string, filter: JointTacklingFilter, page: PageRequest): Promise<Page<JointTackling>>;
}

/** A city's coordination requests (提请协调清单), all in one partition (a city files a few a month). */
export interface CoordinationRequestRepository {
  /** Creates (before undefined) or replaces at before.version (412 when stale). */
  save(
    tenantId: string,
    change: { before: CoordinationRequest | undefined; after: CoordinationRequest },
    write: WriteContext,
  ): Promise<void>;
  get(tenantId: string, id: string): Promise<CoordinationRequest | undefined>;
  /** Newest first. */
  list(tenantId: string, filter: CoordinationFilter, page: PageRequest): Promise<Page<CoordinationRequest>>;
}
