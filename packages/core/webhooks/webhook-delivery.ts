// One delivery: a change sent to one endpoint, tried until it succeeds or its tries run out. Its body is thin — the
// event type, when it happened, and which resource at which version and feed position — so a receiver reads the
// resource (or the feed, from `position`) for the rest; ordering is the feed's business, not the delivery's.
// Signatures follow Standard Webhooks 1.0: `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the
// base64-decoded secret, one per secret in force, space-separated.
import { createHash, createHmac } from "node:crypto";
import { z } from "zod";
import type { Change, ChangeType } from "#core/changes/change";
import { cursorOf } from "#core/changes/feed-position";
import type { WebhookSecret } from "#core/webhooks/webhook-endpoint";

/** Each try's wait for an answer. */
export const defaultTimeoutMs = 10_000;
/** The waits before the second, third… try; the delivery fails after the last. */
export const defaultRetryScheduleMs: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
/** An endpoint failing this long, one of whose deliveries then exhausts its tries, is disabled. */
export const failingDisableMs = 5 * 86_400_000;
/** How long a rotated-out secret still signs (deliveries carry both signatures meanwhile). */
export const defaultSecretOverlapMs = 24 * 3_600_000;
/** At most this much of an answer's body is kept for the log. */
export const responseExcerptBytes = 1024;
/** A delivery's log keeps its latest tries. */
export const triesKept = 30;

export interface WebhookTiming {
  readonly timeoutMs: number;
  readonly retryScheduleMs: readonly number[];
}

export const TrySchema = z.object({
  at: z.string(),
  round: z.number().int().meta({ description: "0 for the first delivery, 1, 2… for each replay" }),
  try: z.number().int().positive(),
  status: z.number().int().nullable().meta({ description: "The HTTP status answered; null when none came" }),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable().meta({ description: "At most the first 1 KiB of the answer's body" }),
});
export type DeliveryTry = z.infer<typeof TrySchema>;

export const WebhookDeliverySchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  webhookId: z.string().meta({ description: "The webhook-id header: the same on every try and replay" }),
  change: z.object({ type: z.string(), id: z.string(), action: z.string(), version: z.number().int(), position: z.string() }),
  state: z.enum(["pending", "succeeded", "failed"]),
  tries: z.array(TrySchema).meta({ description: "Oldest first (the latest 30)" }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export interface WebhookDeliveryRecord extends WebhookDelivery {
  /** The exact body sent on every try. */
  readonly body: string;
  /** Which round of tries is running (a replay starts the next) and which try of it is next. */
  readonly round: number;
  readonly nextTry: number;
  /** While a try is being sent: nobody else sends it before then. */
  readonly leaseUntil?: string | null;
}

/** Where the API answers each type's resources; null for settings (one per tenant) and for what was deleted. */
const resourcePaths: Record<ChangeType, ((id: string, resource: Record<string, unknown>) => string | null) | null> = {
  enterprise: (id) => `/v1/enterprises/${id}`,
  town: (id) => `/v1/towns/${id}`,
  grid: (id) => `/v1/grids/${id}`,
  placard: (id) => `/v1/placards/${id}`,
  rubric: (id) => `/v1/rubrics/${id}`,
  assessment: (id) => `/v1/assessments/${id}`,
  hazard: (id) => `/v1/hazards/${id}`,
  "key-hazard-list": (id) => `/v1/key-hazard-lists/${id}`,
  "joint-tackling": (id) => `/v1/joint-tackling/${id}`,
  "coordination-request": (id) => `/v1/coordination-requests/${id}`,
  "star-application": (id) => `/v1/star-applications/${id}`,
  // An award has no page of its own: its unit's stars list it.
  "star-award": (_id, resource) => (typeof resource.enterpriseId === "string" ? `/v1/enterprises/${resource.enterpriseId}/stars` : null),
  settings: null,
};

/** The body every try of a change's delivery sends. */
export function deliveryBody(change: Change): string {
  const path = resourcePaths[change.type];
  const url = change.action === "deleted" || !path || !change.resource ? null : path(change.id, change.resource);
  return JSON.stringify({
    type: `${change.type}.${change.action}`,
    timestamp: change.at,
    data: { resourceType: change.type, id: change.id, version: change.version, url, position: cursorOf(change.position) },
  });
}

/** A delivery's id: the change's cursor, unique within its endpoint's log. */
export function deliveryIdOf(position: string): string {
  return cursorOf(position);
}

/** The webhook-id header: fixed by the endpoint and the change, so a retry, a replay or a re-run carries the same. */
export function webhookIdOf(endpointId: string, position: string): string {
  return `msg_${createHash("sha256").update(`${endpointId}\n${position}`).digest("base64url").slice(0, 32)}`;
}

/** The secrets that sign at `now`: the current one, and a previous one still inside its overlap. */
export function signingSecrets(secrets: readonly WebhookSecret[], now: Date): string[] {
  return secrets.filter((s) => s.expiresAt === null || Date.parse(s.expiresAt) > now.getTime()).map((s) => s.secret);
}

/** The webhook-signature header for one try. */
export function signatureHeader(secrets: readonly string[], webhookId: string, timestampSeconds: number, body: string): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
      return `v1,${createHmac("sha256", key).update(`${webhookId}.${timestampSeconds}.${body}`).digest("base64")}`;
    })
    .join(" ");
}

/** How long to wait after failed try `tryNumber` (1-based), or undefined when it was the last. */
export function retryDelayMs(schedule: readonly number[], tryNumber: number): number | undefined {
  return schedule[tryNumber - 1];
}

export function publicDelivery(record: WebhookDeliveryRecord): WebhookDelivery {
  const { body: _body, round: _round, nextTry: _next, leaseUntil: _lease, ...view } = record;
  return view;
}
