// Background work as the use cases see it: the messages a job travels in and the queue they go on (SQS in
// AWS, in-process locally). One message per tenant and task; every job resumes from its own checkpoint, so a
// redelivered message is safe.
import { z } from "zod";
import { isIsoWeek } from "#core/kernel/china-time";
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
]);
export type JobMessage = z.infer<typeof JobMessageSchema>;

/** Puts messages on the work queue. */
export interface JobQueue {
  send(messages: readonly JobMessage[]): Promise<void>;
}
