// What webhooks need of storage: endpoints (written with their audit record), the tenant's dispatch cursor, the
// deliveries with their tries, and the platform's short list of tenants that have endpoints (for the sweeps).
import type { Change, Page, PageRequest, WriteContext } from "#core/kernel/ports";
import type { DeliveryTry, WebhookDeliveryRecord } from "#core/webhooks/webhook-delivery";
import type { WebhookEndpointRecord } from "#core/webhooks/webhook-endpoint";

export interface WebhookRepository {
  /**
   * Creates or replaces (at `before.version`) an endpoint with its audit record. A create also sets the tenant's
   * dispatch cursor to `cursorStart` unless the tenant has one.
   */
  saveEndpoint(
    tenantId: string,
    change: Change<WebhookEndpointRecord>,
    write: WriteContext,
    options?: { readonly cursorStart?: string },
  ): Promise<void>;
  deleteEndpoint(tenantId: string, endpoint: WebhookEndpointRecord, write: WriteContext): Promise<void>;
  /** An audit record of its own (a replay asked for). */
  audit(tenantId: string, write: WriteContext): Promise<void>;
  getEndpoint(tenantId: string, id: string): Promise<WebhookEndpointRecord | undefined>;
  listEndpoints(tenantId: string, page: PageRequest): Promise<Page<WebhookEndpointRecord>>;
  /** Every endpoint of the tenant (a tenant has a handful). */
  allEndpoints(tenantId: string): Promise<WebhookEndpointRecord[]>;
  /** Sets failingSince unless set (a failed try); no new version, no audit: the platform's own bookkeeping. */
  markFailing(tenantId: string, endpointId: string, at: string): Promise<void>;
  /** Clears failingSince (a successful try). */
  clearFailing(tenantId: string, endpointId: string): Promise<void>;

  /** Where the tenant's dispatcher has read the feed to. */
  dispatchCursor(tenantId: string): Promise<string | undefined>;
  /** Moves the cursor from `from` (undefined: none yet) to `to`; false when another dispatcher moved it first. */
  advanceCursor(tenantId: string, from: string | undefined, to: string): Promise<boolean>;

  /** Stores a new delivery; false (and nothing written) when the endpoint has one for that change. */
  createDelivery(tenantId: string, delivery: WebhookDeliveryRecord): Promise<boolean>;
  getDelivery(tenantId: string, endpointId: string, deliveryId: string): Promise<WebhookDeliveryRecord | undefined>;
  /** Newest change first. */
  listDeliveries(tenantId: string, endpointId: string, page: PageRequest): Promise<Page<WebhookDeliveryRecord>>;
  /** Takes try `tryNumber` of `round` for sending until `leaseUntil`; false when it is not next, or another holds it. */
  claimTry(
    tenantId: string,
    delivery: Pick<WebhookDeliveryRecord, "endpointId" | "id">,
    round: number,
    tryNumber: number,
    now: string,
    leaseUntil: string,
  ): Promise<boolean>;
  /** Records the claimed try's outcome and the delivery's new state; the next try becomes `tryNumber + 1`. */
  recordTry(
    tenantId: string,
    delivery: Pick<WebhookDeliveryRecord, "endpointId" | "id">,
    round: number,
    result: DeliveryTry,
    state: WebhookDeliveryRecord["state"],
  ): Promise<void>;
  /** Starts the delivery's next round (a replay): pending again, from try 1. Answers the round, or undefined when gone. */
  restartDelivery(tenantId: string, endpointId: string, deliveryId: string, at: string): Promise<number | undefined>;

  /** Brings the platform's list of tenants with an enabled endpoint up to date for this tenant (API sessions only). */
  syncRegistry(tenantId: string): Promise<void>;
  /** The tenants listed as having an enabled endpoint (may include a few that no longer have one). */
  registeredTenants(): Promise<string[]>;
}
