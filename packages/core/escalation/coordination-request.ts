// The coordination request list (提请协调清单): the city's safety office puts to the city leader in charge what
// its departments cannot settle — joint tackling items from its districts and its own hazards — each with what it
// asks of the leader. The leader (one of the named recipients) records the decision; the request is then closed.
import { z } from "zod";
import { JointTacklingIdSchema } from "#core/escalation/joint-tackling";
import { HazardIdSchema, severities } from "#core/hazards/hazard";
import { singleLine } from "#core/kernel/text";

export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM")
  .meta({ example: "2026-11" });

const text = (max: number) => z.string().trim().min(1).max(max);

const RecipientSchema = z.strictObject({
  subject: singleLine(200).meta({ description: "The leader's user id in the tenant's identity provider (the JWT `sub`)" }),
  name: singleLine(30),
  email: z.email().nullable().default(null),
});

const ItemRefSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("joint-tackling"),
    id: JointTacklingIdSchema,
    ask: text(500).meta({ description: "What is asked of the leader (提请事项)" }),
  }),
  z.strictObject({ kind: z.literal("hazard"), id: HazardIdSchema, ask: text(500) }),
]);

export const CreateCoordinationRequestSchema = z
  .strictObject({
    month: MonthSchema.meta({ description: "The month it reports on (monthly, Asia/Shanghai)" }),
    leader: z.strictObject({
      role: singleLine(50).meta({ description: "The leader in charge, e.g. 分管副市长", example: "分管安全生产副市长" }),
      recipients: z
        .array(RecipientSchema)
        .min(1)
        .max(20)
        .refine((r) => new Set(r.map((x) => x.subject)).size === r.length, { message: "A recipient is listed twice" }),
    }),
    summary: z.string().trim().max(4000).nullable().default(null),
    items: z
      .array(ItemRefSchema)
      .min(1)
      .max(50)
      .refine((items) => new Set(items.map((i) => `${i.kind}:${i.id}`)).size === items.length, { message: "An item is listed twice" }),
  })
  .meta({ id: "CreateCoordinationRequest" });

export const DecideSchema = z
  .strictObject({
    decision: text(4000).meta({ description: "The leader's decision (领导批示)" }),
    items: z
      .array(z.strictObject({ index: z.number().int().nonnegative(), decision: text(500) }))
      .max(50)
      .default([])
      .meta({ description: "Decisions on single items, by their position in `items`" }),
  })
  .meta({ id: "DecideCoordinationRequest" });

const ActorSchema = z.object({
  kind: z.string(),
  id: z.string(),
  role: z.string().optional(),
  person: z.string().optional().meta({ description: "For an API key: the official who issued it" }),
});

export const coordinationStates = ["submitted", "decided"] as const;

export const CoordinationRequestSchema = z
  .object({
    id: z.string(),
    month: z.string(),
    leader: z.object({
      role: z.string(),
      recipients: z.array(z.object({ subject: z.string(), name: z.string(), email: z.string().nullable() })),
    }),
    summary: z.string().nullable(),
    items: z.array(
      z.object({
        kind: z.enum(["joint-tackling", "hazard"]),
        id: z.string(),
        ask: z.string(),
        district: z.string().nullable().meta({ description: "The district it came from (joint tackling items)" }),
        enterpriseName: z.string(),
        description: z.string(),
        severity: z.enum(severities),
        state: z.string().meta({ description: "Its state when the request was filed" }),
        decision: z.string().nullable(),
      }),
    ),
    state: z.enum(coordinationStates).meta({ description: "submitted | decided" }),
    decision: z.object({ text: z.string(), by: ActorSchema, at: z.string() }).nullable(),
    submittedBy: ActorSchema,
    submittedAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "CoordinationRequest" });
export type CoordinationRequest = z.infer<typeof CoordinationRequestSchema>;

export const CoordinationFilterSchema = z.strictObject({
  month: MonthSchema.optional(),
  state: z.enum(coordinationStates).optional(),
});
export type CoordinationFilter = z.output<typeof CoordinationFilterSchema>;
