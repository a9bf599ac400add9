// Background work as the use cases see it: the messages a job travels in and the queue they go on (SQS in
// AWS, in-process locally). One message per tenant and task; every job resumes from its own checkpoint, so a
// redelivered message is safe.
import { z } from "zod";
import { isIsoWeek, isMonth } from "#core/kernel/china-time";
import { isDivisionCode } from "#core/kernel/division-code";

const TenantIdSchema = z.string().refine(isDivisionCode, "a tenant id (division code)");

export const JobMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("import"), tenantId: TenantIdSchema, importId: z.string().min(1) }),
  z.object({
    kind: z.literal("weekly-refresh"),
    tenantId: TenantIdSchema,
    week: z.string().refine(isIsoWeek, "an ISO week such as 2026-W47"),
  }),
  // The key-target list's backfill (packages/jobs/supervision): a no-op once done, unless forced; a run out of
  // time continues from `at` (its phase, cursor and counts so far).
  z.object({
    kind: z.literal("supervision-backfill"),
    tenantId: TenantIdSchema,
    force: z.boolean().optional(),
    at: z
      .object({
        phase: z.enum(["register", "targets"]),
        cursor: z.string().max(4096).optional(),
        units: z.number().int().nonnegative(),
        changed: z.number().int().nonnegative(),
      })
      .optional(),
  }),
  // The monthly report of a finished calendar month (packages/jobs/reports): claimed once per tenant and month,
  // so a redelivery or a re-run sends nothing twice. `generation` 2, 3… is a forced resend (the record's next
  // generation, named by whoever forces it, so a duplicate of that message resends nothing either). A city whose
  // districts' figures have not all arrived waits (`waited` times so far) before building without them.
  z.object({
    kind: z.literal("monthly-report"),
    tenantId: TenantIdSchema,
    month: z.string().refine(isMonth, "a month such as 2026-11"),
    generation: z.number().int().positive().optional(),
    waited: z.number().int().nonnegative().optional(),
  }),
  // A notice mailed to a coordination request's recipients when it is filed or decided (packages/jobs/escalation).
  // Its Message-ID is fixed by the request and the event, so a redelivery is the same mail.
  z.object({
    kind: z.literal("coordination-notice"),
    tenantId: TenantIdSchema,
    requestId: z.string().min(1),
    event: z.enum(["filed", "decided"]),
  }),
  // A list written to a file as the caller who asked for it (packages/jobs/exports). The job record's state is
  // moved by conditional writes only, so a redelivery finds it taken or finished and writes no second file.
  z.object({ kind: z.literal("export"), tenantId: TenantIdSchema, exportId: z.string().min(1) }),
  // Webhooks (packages/jobs/webhooks): read the tenant's feed from its dispatch cursor into deliveries; send one
  // delivery's try (`notBefore`: a wait longer than SQS can delay, hopped); replay an endpoint's changes in a range.
  z.object({ kind: z.literal("webhook-dispatch"), tenantId: TenantIdSchema }),
  z.object({
    kind: z.literal("webhook-delivery"),
    tenantId: TenantIdSchema,
    endpointId: z.string().min(1).max(100),
    deliveryId: z.string().min(1).max(200),
    round: z.number().int().nonnegative(),
    try: z.number().int().positive(),
    notBefore: z.iso.datetime().optional(),
  }),
  z.object({
    kind: z.literal("webhook-replay"),
    tenantId: TenantIdSchema,
    endpointId: z.string().min(1).max(100),
    after: z.string().min(1).max(200),
    before: z.string().min(1).max(200),
  }),
]);
export type JobMessage = z.infer<typeof JobMessageSchema>;

/** Puts messages on the work queue. */
export interface JobQueue {
  /** `delaySeconds` (at most 900, as SQS allows) holds the messages back before a worker may take them. */
  send(messages: readonly JobMessage[], options?: { readonly delaySeconds?: number }): Promise<void>;
}
