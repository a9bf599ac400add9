// One try of one delivery: claimed (so a duplicate message or a second worker sends nothing twice), checked against
// the SSRF rule again, signed with every secret in force, sent, and recorded in the delivery's log. A failure
// schedules the next try (a wait longer than SQS can delay hops: the message comes back with `notBefore` until the
// time has come); the last failure fails the delivery, and disables an endpoint that has been failing for five
// days, telling the tenant (an audit record and a mail to its report recipients).
import { DomainError } from "#core/kernel/errors";
import type { JobMessage } from "#core/kernel/work";
import {
  type DeliveryTry,
  defaultRetryScheduleMs,
  defaultTimeoutMs,
  failingDisableMs,
  retryDelayMs,
  signatureHeader,
  signingSecrets,
} from "#core/webhooks/webhook-delivery";
import type { WebhookEndpointRecord } from "#core/webhooks/webhook-endpoint";
import { checkTarget } from "#core/webhooks/webhook-target";
import type { JobDeps } from "#jobs/deps";
import type { JobOutcome } from "#jobs/messages";
import { disableFailingEndpoint } from "#jobs/webhooks/webhook-disable";
import { type SendResult, sendWebhook } from "#jobs/webhooks/webhook-sender";
import { dnsHostResolver } from "#store/webhooks/host-resolver";

type DeliveryMessage = Extract<JobMessage, { kind: "webhook-delivery" }>;

/** SQS delays a message by at most this much. */
const maxDelaySeconds = 900;
/** A claimed try is left to its sender this long past its timeout before another may take it over. */
const leaseSlackMs = 60_000;

function delayFor(waitMs: number): number {
  return Math.min(maxDelaySeconds, Math.max(1, Math.ceil(waitMs / 1000)));
}

async function attempt(
  deps: JobDeps,
  endpoint: WebhookEndpointRecord,
  webhookId: string,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  let target: Awaited<ReturnType<typeof checkTarget>>;
  try {
    target = await checkTarget(endpoint.url, deps.webhookTargets ?? "public", deps.webhookResolver ?? dnsHostResolver);
  } catch (error) {
    const reason = error instanceof DomainError ? (error.problems[0]?.message.en ?? error.message) : String(error);
    return { status: null, latencyMs: 0, error: `refused: ${reason}`, responseExcerpt: null };
  }
  const now = deps.clock.now();
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = {
    "content-type": "application/json",
    "webhook-id": webhookId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signatureHeader(signingSecrets(endpoint.secrets, now), webhookId, timestamp, body),
  };
  return sendWebhook(target, headers, body, timeoutMs);
}

export async function runWebhookDelivery(deps: JobDeps, message: DeliveryMessage): Promise<JobOutcome> {
  const { tenantId, endpointId, deliveryId, round } = message;
  const now = deps.clock.now();
  if (message.notBefore && Date.parse(message.notBefore) > now.getTime()) {
    return { done: false, continueWith: message, delaySeconds: delayFor(Date.parse(message.notBefore) - now.getTime()) };
  }
  const timeoutMs = deps.webhookTiming?.timeoutMs ?? defaultTimeoutMs;
  const schedule = deps.webhookTiming?.retryScheduleMs ?? defaultRetryScheduleMs;
  const endpoint = await deps.webhooks.getEndpoint(tenantId, endpointId);
  const delivery = await deps.webhooks.getDelivery(tenantId, endpointId, deliveryId);
  // Gone, disabled meanwhile, replayed since (another round runs), or this try was sent already: nothing to do.
  if (endpoint?.state !== "enabled" || !delivery) return { done: true };
  if (delivery.round !== round || delivery.nextTry !== message.try || delivery.state !== "pending") return { done: true };
  const leaseUntil = new Date(now.getTime() + timeoutMs + leaseSlackMs).toISOString();
  if (!(await deps.webhooks.claimTry(tenantId, delivery, round, message.try, now.toISOString(), leaseUntil))) return { done: true };

  const result = await attempt(deps, endpoint, delivery.webhookId, delivery.body, timeoutMs);
  const succeeded = result.status !== null && result.status >= 200 && result.status < 300;
  const wait = succeeded ? undefined : retryDelayMs(schedule, message.try);
  const entry: DeliveryTry = { at: now.toISOString(), round, try: message.try, ...result };
  await deps.webhooks.recordTry(tenantId, delivery, round, entry, succeeded ? "succeeded" : wait === undefined ? "failed" : "pending");

  if (succeeded) {
    if (endpoint.failingSince !== null) await deps.webhooks.clearFailing(tenantId, endpointId);
    return { done: true };
  }
  const failingSince = endpoint.failingSince ?? now.toISOString();
  if (endpoint.failingSince === null) await deps.webhooks.markFailing(tenantId, endpointId, failingSince);
  if (wait !== undefined) {
    const next: DeliveryMessage = { ...message, try: message.try + 1 };
    if (wait <= 0) return { done: false, continueWith: next };
    return {
      done: false,
      continueWith: { ...next, notBefore: new Date(now.getTime() + wait).toISOString() },
      delaySeconds: delayFor(wait),
    };
  }
  deps.logger.warn("webhook delivery failed after its last try", { tenantId, endpointId, deliveryId, tries: message.try });
  if (now.getTime() - Date.parse(failingSince) >= failingDisableMs) await disableFailingEndpoint(deps, tenantId, endpointId, failingSince);
  return { done: true };
}
