// Webhook endpoints (事件推送地址): a tenant-admin registers a URL and the change types it wants; the platform POSTs a
// thin, signed notice of each matching change there (Standard Webhooks 1.0). The signing secret is shown once, kept
// in the table (it is needed to sign) and never answered again; a rotation keeps the old secret valid a while, and
// deliveries meanwhile carry both signatures.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { type Change, changeActions, isChangeType } from "#core/changes/change";
import { singleLine } from "#core/kernel/text";
import { bilingual } from "#core/kernel/validation";

/**
 * What an endpoint subscribes to: a change type (`hazard`, every action of it) or an event type (`hazard.created`,
 * one action). The event types are the `type` a delivery's body carries.
 */
export function isWebhookType(value: string): boolean {
  const dot = value.lastIndexOf(".");
  if (dot < 0) return isChangeType(value);
  return isChangeType(value.slice(0, dot)) && (changeActions as readonly string[]).includes(value.slice(dot + 1));
}

export const WebhookTypeSchema = z
  .string()
  .max(60)
  .refine(
    isWebhookType,
    bilingual(
      "invalid_webhook_type",
      "应为变更类型（如 hazard）或事件类型（如 hazard.created）",
      "Must be a change type (hazard) or an event type (hazard.created)",
    ),
  )
  .meta({ example: "hazard.created" });

const TypesSchema = z
  .array(WebhookTypeSchema)
  .min(1)
  .max(60)
  .nullable()
  .meta({ description: "Change types (`hazard`: every action) or event types (`hazard.created`); null or omitted: every type" });

export const WebhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  types: z.array(z.string()).nullable().meta({ description: "What the endpoint receives; null: every type" }),
  state: z.enum(["enabled", "disabled"]),
  disabledReason: z
    .enum(["manual", "failing"])
    .nullable()
    .meta({ description: "manual (PATCH enabled: false) or failing (deliveries failed for 5 days and one exhausted its tries)" }),
  disabledAt: z.string().nullable(),
  failingSince: z.string().nullable().meta({ description: "Since when every delivery to the endpoint has failed; null once one succeeds" }),
  previousSecretValidUntil: z
    .string()
    .nullable()
    .meta({ description: "After a rotation, until when the previous secret still signs deliveries (alongside the new one)" }),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export interface WebhookSecret {
  /** `whsec_<base64 of 32 random bytes>`. */
  readonly secret: string;
  readonly createdAt: string;
  /** Set on the previous secret by a rotation: it signs until then. */
  readonly expiresAt: string | null;
}

export interface WebhookEndpointRecord extends WebhookEndpoint {
  /** The position deliveries start after (the feed's horizon when the endpoint was created or last enabled). */
  readonly since: string;
  /** The current secret first, then any previous one still inside its overlap. Never answered. */
  readonly secrets: readonly WebhookSecret[];
}

export const CreateWebhookEndpointSchema = z.strictObject({
  url: z.string().trim().min(1).max(2000).meta({ example: "https://portal.example.gov.cn/hooks/anquan" }),
  types: TypesSchema.optional(),
  description: singleLine(200, 0).default(""),
});

export const UpdateWebhookEndpointSchema = z
  .strictObject({
    url: z.string().trim().min(1).max(2000),
    types: TypesSchema,
    description: singleLine(200, 0),
    enabled: z.boolean().meta({ description: "false disables; true enables again and clears the failure state" }),
  })
  .partial();

export const ReplaySinceSchema = z.strictObject({
  since: z.string().min(1).max(200).meta({ description: "A change cursor (a delivery's `data.position`, or a feed cursor)" }),
});

/** A new signing secret in the Standard Webhooks format. */
export function mintWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function publicEndpoint(record: WebhookEndpointRecord): WebhookEndpoint {
  const { secrets: _secrets, since: _since, tenantId: _tenant, ...view } = record as WebhookEndpointRecord & { tenantId?: string };
  return view;
}

/** Whether `endpoint` receives `change`. */
export function subscribes(types: readonly string[] | null, change: Pick<Change, "type" | "action">): boolean {
  return types === null || types.includes(change.type) || types.includes(`${change.type}.${change.action}`);
}
