// The webhook dispatcher of one tenant: reads the feed from the tenant's dispatch cursor up to the settle horizon and,
// for each change and each enabled endpoint that subscribes to it, stores a delivery (its id fixed by the endpoint
// and the change, so a re-run stores nothing twice) and sends it its first try. The cursor moves only when what it
// passed over was handed on, and only from where this run found it: two dispatchers never both advance it, and a
// delivery two of them found at once is sent once (the try is claimed, webhook-delivery.ts). Never in the write
// path: it runs from the table's stream, the 5-minute sweep, or the local ticker.
import type { Change } from "#core/changes/change";
import { changeSettleMs } from "#core/changes/change-feed-service";
import { instantPosition } from "#core/changes/feed-position";
import { systemClock } from "#core/kernel/system-clock";
import type { JobMessage } from "#core/kernel/work";
import { deliveryBody, deliveryIdOf, type WebhookDeliveryRecord, webhookIdOf } from "#core/webhooks/webhook-delivery";
import { subscribes, type WebhookEndpointRecord } from "#core/webhooks/webhook-endpoint";
import type { JobDeps } from "#jobs/deps";
import type { JobBudget, JobOutcome } from "#jobs/messages";

/** Changes read per page of the feed. */
const pageSize = 100;
/** Deliveries stored at once. */
const storeConcurrency = 16;
/** Time kept back to hand the rest on to a new message. */
const reserveMs = 10_000;

type DeliveryMessage = Extract<JobMessage, { kind: "webhook-delivery" }>;

/** The delivery of `change` to `endpoint` as first stored. */
export function newDelivery(endpoint: WebhookEndpointRecord, change: Change, at: string): WebhookDeliveryRecord {
  return {
    id: deliveryIdOf(change.position),
    endpointId: endpoint.id,
    webhookId: webhookIdOf(endpoint.id, change.position),
    change: { type: change.type, id: change.id, action: change.action, version: change.version, position: deliveryIdOf(change.position) },
    body: deliveryBody(change),
    state: "pending",
    round: 0,
    nextTry: 1,
    tries: [],
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Stores `change`'s delivery to `endpoint` unless there is one, and answers the message for its first try. One found
 * still untried (a run that stored it and stopped before sending, or another dispatcher at the same moment) is sent
 * its first try again: the claim lets only one through.
 */
export async function handOn(
  deps: JobDeps,
  tenantId: string,
  endpoint: WebhookEndpointRecord,
  change: Change,
): Promise<DeliveryMessage | undefined> {
  const delivery = newDelivery(endpoint, change, deps.clock.now().toISOString());
  const message: DeliveryMessage = {
    kind: "webhook-delivery",
    tenantId,
    endpointId: endpoint.id,
    deliveryId: delivery.id,
    round: 0,
    try: 1,
  };
  if (await deps.webhooks.createDelivery(tenantId, delivery)) return message;
  const stored = await deps.webhooks.getDelivery(tenantId, endpoint.id, delivery.id);
  return stored && stored.state === "pending" && stored.round === 0 && stored.nextTry === 1 ? message : undefined;
}

export async function runWebhookDispatch(deps: JobDeps, tenantId: string, budget: JobBudget): Promise<JobOutcome> {
  const endpoints = (await deps.webhooks.allEndpoints(tenantId)).filter((e) => e.state === "enabled");
  if (endpoints.length === 0) return { done: true };
  const feedClock = deps.feedClock ?? systemClock;
  const before = instantPosition(new Date(feedClock.now().getTime() - changeSettleMs));
  let stored = await deps.webhooks.dispatchCursor(tenantId);
  // Nothing before the earliest endpoint's start concerns anyone (a cursor left behind while every endpoint was off).
  const earliest = endpoints.map((e) => e.since).sort()[0] as string;
  let after = stored === undefined || stored < earliest ? earliest : stored;
  let sent = 0;
  while (after < before) {
    const slice = await deps.changes.read(tenantId, { after, before, types: undefined, limit: pageSize });
    const pairs = slice.items.flatMap((change) =>
      endpoints.filter((e) => change.position > e.since && subscribes(e.types, change)).map((endpoint) => ({ endpoint, change })),
    );
    // The page's deliveries are stored a few at a time (each its own conditional Put): none depends on another.
    const messages: DeliveryMessage[] = [];
    for (let i = 0; i < pairs.length; i += storeConcurrency) {
      const found = await Promise.all(
        pairs.slice(i, i + storeConcurrency).map(({ endpoint, change }) => handOn(deps, tenantId, endpoint, change)),
      );
      for (const message of found) if (message) messages.push(message);
    }
    if (messages.length > 0) await deps.queue.send(messages);
    sent += messages.length;
    if (!(await deps.webhooks.advanceCursor(tenantId, stored, slice.readTo))) {
      deps.logger.info("webhook dispatch: another dispatcher moved the cursor", { tenantId, sent });
      return { done: true };
    }
    stored = slice.readTo;
    after = slice.readTo;
    if (slice.exhausted) break;
    if (budget.remainingMs() < reserveMs) return { done: false, continueWith: { kind: "webhook-dispatch", tenantId } };
  }
  if (sent > 0) deps.logger.info("webhook dispatch", { tenantId, sent });
  return { done: true };
}

/** Every matching change of `[after, before)` to one endpoint again: new deliveries, or the next round of stored ones. */
export async function runWebhookReplay(
  deps: JobDeps,
  message: Extract<JobMessage, { kind: "webhook-replay" }>,
  budget: JobBudget,
): Promise<JobOutcome> {
  const endpoint = await deps.webhooks.getEndpoint(message.tenantId, message.endpointId);
  if (endpoint?.state !== "enabled") return { done: true };
  let after = message.after;
  while (after < message.before) {
    const slice = await deps.changes.read(message.tenantId, { after, before: message.before, types: undefined, limit: pageSize });
    const messages: DeliveryMessage[] = [];
    for (const change of slice.items) {
      if (!subscribes(endpoint.types, change)) continue;
      const delivery = newDelivery(endpoint, change, deps.clock.now().toISOString());
      if (await deps.webhooks.createDelivery(message.tenantId, delivery)) {
        messages.push({
          kind: "webhook-delivery",
          tenantId: message.tenantId,
          endpointId: endpoint.id,
          deliveryId: delivery.id,
          round: 0,
          try: 1,
        });
        continue;
      }
      const round = await deps.webhooks.restartDelivery(message.tenantId, endpoint.id, delivery.id, deps.clock.now().toISOString());
      if (round !== undefined) {
        messages.push({
          kind: "webhook-delivery",
          tenantId: message.tenantId,
          endpointId: endpoint.id,
          deliveryId: delivery.id,
          round,
          try: 1,
        });
      }
    }
    if (messages.length > 0) await deps.queue.send(messages);
    after = slice.readTo;
    if (slice.exhausted) break;
    if (budget.remainingMs() < reserveMs) return { done: false, continueWith: { ...message, after } };
  }
  return { done: true };
}
