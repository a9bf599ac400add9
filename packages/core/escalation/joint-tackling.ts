// The joint tackling list (联合攻坚清单): a district tenant escalates a hazard it cannot resolve alone to its parent
// city tenant, with the reason and what it needs. The city sees the escalated item — a snapshot of the hazard and
// the request, nothing else of the district — assigns a city department, comments, and resolves or returns it; the
// district reads the city's answer on its hazard. One item per hazard holds the state both sides share.

import { z } from "zod";
import { type Hazard, hazardStateNames, hazardStates, severities, severityNames } from "#core/hazards/hazard";
import { idSource } from "#core/kernel/ids";
import { singleLine } from "#core/kernel/text";
import { DateSchema } from "#core/register/enterprise";

export const jointTacklingStates = ["escalated", "assigned", "resolved", "returned", "withdrawn"] as const;
export type JointTacklingState = (typeof jointTacklingStates)[number];
export const jointTacklingStateNames: Record<JointTacklingState, string> = {
  escalated: "已提请",
  assigned: "已分派",
  resolved: "已办结",
  returned: "已退回",
  withdrawn: "已撤回",
};

export type Side = "district" | "city";
export type JointTacklingAction = "escalate" | "withdraw" | "assign" | "resolve" | "return" | "comment";

/** What each side may do in each state; anything else is 409 naming these. */
export const jointTacklingTransitions: Record<Side, Record<JointTacklingState | "none", readonly JointTacklingAction[]>> = {
  district: {
    none: ["escalate"],
    escalated: ["withdraw", "comment"],
    assigned: ["withdraw", "comment"],
    resolved: [],
    returned: ["escalate"],
    withdrawn: ["escalate"],
  },
  city: {
    none: [],
    escalated: ["assign", "resolve", "return", "comment"],
    assigned: ["assign", "resolve", "return", "comment"],
    resolved: [],
    returned: [],
    withdrawn: [],
  },
};

/** `<district tenant>-<hazard id>`: unique under the city, and it names the district whose hazard it is. */
export const JointTacklingIdSchema = z
  .string()
  .regex(new RegExp(`^\\d{6}-${idSource}$`), "Must be a joint tackling id (<district>-<hazard id>)")
  .meta({ example: "320312-01jd5x2k8m3n4p5q6r7s8t9v0w" });

export const jointTacklingId = (districtId: string, hazardId: string) => `${districtId}-${hazardId}`;
export function parseJointTacklingId(id: string): { districtId: string; hazardId: string } {
  return { districtId: id.slice(0, 6), hazardId: id.slice(7) };
}

const text = (max: number) => z.string().trim().min(1).max(max);

export const EscalateSchema = z
  .strictObject({
    reason: text(2000).meta({ description: "Why the district cannot resolve it alone (难以解决的原因)" }),
    needs: text(2000).meta({ description: "What it needs from the city (需市级层面协调解决的事项)" }),
    neededBy: DateSchema.nullable().default(null).meta({ description: "When the district needs an answer, if it has a date" }),
  })
  .meta({ id: "EscalateHazard" });

export const WithdrawSchema = z
  .strictObject({ note: text(2000).meta({ description: "Why it is withdrawn" }) })
  .meta({ id: "WithdrawEscalation" });
export const CommentSchema = z.strictObject({ text: text(1000) }).meta({ id: "JointTacklingComment" });
export const CityAssignSchema = z
  .strictObject({
    department: singleLine(50).meta({ description: "A city department (the city's settings.departments), e.g. 住建局" }),
    note: z.string().trim().max(2000).nullable().default(null),
  })
  .meta({ id: "AssignJointTackling" });
export const ResolveSchema = z
  .strictObject({ response: text(2000).meta({ description: "What the city did or decided (办理结果)" }) })
  .meta({ id: "ResolveJointTackling" });
export const ReturnSchema = z
  .strictObject({ response: text(2000).meta({ description: "Why it goes back to the district (退回理由)" }) })
  .meta({ id: "ReturnJointTackling" });

const ActorSchema = z.object({ tenantId: z.string(), side: z.enum(["district", "city"]), kind: z.string(), id: z.string() });
export type JointTacklingActor = z.infer<typeof ActorSchema>;

export const JointTacklingSchema = z
  .object({
    id: JointTacklingIdSchema,
    cityId: z.string(),
    districtId: z.string(),
    districtName: z.string(),
    hazardId: z.string(),
    hazard: z
      .object({
        enterpriseName: z.string(),
        townName: z.string(),
        category: z.string(),
        description: z.string(),
        location: z.string().nullable(),
        severity: z.enum(severities),
        state: z.enum(hazardStates),
        foundOn: z.string(),
        deadline: z.string().nullable(),
        measure: z.string().nullable(),
      })
      .meta({
        description: "The hazard as it stands, kept up to date by the district's changes (the city sees nothing else of the district)",
      }),
    reason: z.string(),
    needs: z.string(),
    neededBy: z.string().nullable(),
    state: z.enum(jointTacklingStates).meta({ description: "escalated | assigned | resolved | returned | withdrawn" }),
    round: z.number().int().positive().meta({ description: "1, then 2… each time the district escalates it again" }),
    department: z.string().nullable().meta({ description: "The city department it is assigned to" }),
    response: z.string().nullable().meta({ description: "The city's answer: what it did (resolved) or why it returned it" }),
    history: z.array(
      z.object({
        action: z.enum(["escalate", "withdraw", "assign", "resolve", "return"]),
        from: z.enum([...jointTacklingStates, "none"]),
        to: z.enum(jointTacklingStates),
        by: ActorSchema,
        at: z.string(),
        note: z.string().nullable(),
      }),
    ),
    comments: z.array(z.object({ by: ActorSchema, at: z.string(), text: z.string() })),
    escalatedAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "JointTackling" });
export type JointTackling = z.infer<typeof JointTacklingSchema>;

/** Comments kept on one item at most. */
export const maxComments = 100;
/**
 * An item's stored size at most (JSON bytes), under DynamoDB's 400 KB item limit with its keys and indexes. Comments
 * stop first, then the steps that keep an item open (escalate, assign); the steps that settle it (resolve, return,
 * withdraw) have a reserve of their own, larger than one settling step plus the largest growth of the hazard's
 * snapshot (description and measure), so an item can always be settled.
 */
export const maxItemBytes = { comments: 250_000, steps: 300_000, settle: 360_000 } as const;

export const JointTacklingFilterSchema = z.strictObject({
  state: z.enum(jointTacklingStates).optional(),
  districtId: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .meta({ description: "City side: the items of one district" }),
  department: singleLine(50).optional().meta({ description: "City side: the items assigned to a department" }),
  from: DateSchema.optional().meta({ description: "Escalated on or after (Asia/Shanghai)" }),
  to: DateSchema.optional().meta({ description: "Escalated on or before (Asia/Shanghai)" }),
});
export type JointTacklingFilter = z.output<typeof JointTacklingFilterSchema>;

/** The hazard as the city sees it on the item: refreshed in the district's transaction whenever one of these changes. */
export function hazardSnapshot(h: Hazard, townName: string): JointTackling["hazard"] {
  return {
    enterpriseName: h.enterpriseName,
    townName,
    category: h.category,
    description: h.description,
    location: h.location,
    severity: h.severity,
    state: h.state,
    foundOn: h.foundOn,
    deadline: h.rectification?.deadline ?? null,
    measure: h.rectification?.measure ?? null,
  };
}

/** The joint tackling list as the spreadsheet a district reports and a city keeps each month (Chinese headers). */
export const jointTacklingExportColumns = [
  { key: "district", header: "县（市、区）" },
  { key: "unit", header: "单位名称", width: 32 },
  { key: "town", header: "镇（街道）" },
  { key: "category", header: "隐患类别" },
  { key: "description", header: "隐患描述", width: 48 },
  { key: "severity", header: "隐患等级" },
  { key: "hazardState", header: "隐患状态" },
  { key: "deadline", header: "整改期限" },
  { key: "reason", header: "提请原因", width: 40 },
  { key: "needs", header: "需协调解决事项", width: 40 },
  { key: "neededBy", header: "期望办结时间" },
  { key: "escalatedOn", header: "提请日期" },
  { key: "round", header: "提请次数" },
  { key: "state", header: "办理状态" },
  { key: "department", header: "承办部门" },
  { key: "response", header: "办理结果", width: 40 },
] as const;

export function jointTacklingExportRow(item: JointTackling, escalatedOn: string): Record<string, string> {
  return {
    district: item.districtName,
    unit: item.hazard.enterpriseName,
    town: item.hazard.townName,
    category: item.hazard.category,
    description: item.hazard.description,
    severity: severityNames[item.hazard.severity],
    hazardState: hazardStateNames[item.hazard.state],
    deadline: item.hazard.deadline ?? "",
    reason: item.reason,
    needs: item.needs,
    neededBy: item.neededBy ?? "",
    escalatedOn,
    round: String(item.round),
    state: jointTacklingStateNames[item.state],
    department: item.department ?? "",
    response: item.response ?? "",
  };
}
