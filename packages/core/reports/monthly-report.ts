// The monthly report (月度报告) of one tenant for one calendar month in Asia/Shanghai: what officials are mailed
// on the 1st and what the portal serves. Every hazard figure comes with the previous month and the same month a
// year before; everything is read from the aggregates the system keeps (hazard counters, list entries, weekly
// snapshots, change feeds), never from every hazard or unit (monthly-figures.ts builds it).
import { z } from "zod";
import { severities } from "#core/hazards/hazard";
import { HazardFiguresSchema } from "#core/hazards/hazard-figures";

const Count = z.number().int().nonnegative();

export const ComparedFiguresSchema = z
  .object({
    current: HazardFiguresSchema,
    previousMonth: HazardFiguresSchema,
    yearAgo: HazardFiguresSchema.meta({ description: "The same month a year before" }),
  })
  .meta({
    id: "ComparedHazardFigures",
    description: "Dynamic-zeroing figures (动态清零) of the hazards found in each month, as they stand on asOf",
  });
export type ComparedFigures = z.infer<typeof ComparedFiguresSchema>;

export const ReportHazardSchema = z.object({
  id: z.string(),
  enterpriseName: z.string(),
  townName: z.string(),
  category: z.string(),
  description: z.string(),
  severity: z.enum(severities),
  state: z.string(),
  foundOn: z.string(),
  deadline: z.string().nullable(),
  daysOverdue: z.number().int().nullable().meta({ description: "Days past the deadline on asOf; null when not overdue" }),
});
export type ReportHazard = z.infer<typeof ReportHazardSchema>;

/** Open and overdue hazards (all found up to the month's end) at a month's end; null for a month with no report. */
export const TrendPointSchema = z.object({ month: z.string(), open: Count.nullable(), overdue: Count.nullable() });
export type TrendPoint = z.infer<typeof TrendPointSchema>;

export const BacklogSchema = z
  .object({ open: Count, overdue: Count })
  .meta({ description: "All hazards found up to the month's end that were still open (and past their deadline) on asOf" });

/** What a district delivers to its parent city each month: its own figures, nothing of its units or hazards. */
export const DistrictFiguresSchema = z
  .object({
    districtId: z.string(),
    districtName: z.string(),
    month: z.string(),
    hazards: HazardFiguresSchema,
    /** Days-to-close histogram of the month's closed hazards, so the city's total has an exact median. */
    closeDays: z.record(z.string(), Count),
    backlog: BacklogSchema,
    newMajor: Count,
    jointTackling: z.object({ opened: Count, resolved: Count, open: Count }),
    registerTotal: Count.nullable(),
    assessmentsVerified: Count,
    starsAwarded: Count,
    generatedAt: z.string(),
  })
  .meta({ id: "DistrictFigures" });
export type DistrictFigures = z.infer<typeof DistrictFiguresSchema>;

const stageStatuses = ["done", "on-track", "at-risk", "overdue"] as const;

/** A campaign's figures in one town or in total (core/campaigns/campaign-progress.ts counts them). */
const campaignFigures = {
  units: Count.meta({ description: "Units in scope" }),
  reached: Count.meta({ description: "Units with any work of the campaign but a draft assessment" }),
  notReached: Count.meta({ description: "Units in scope never reached (未覆盖)" }),
  reachTarget: z
    .object({ target: Count, met: z.boolean() })
    .nullable()
    .meta({ description: "Units to reach (per town; in total the towns' sum, met when every town met it); null without a target" }),
  stages: z.array(
    z.object({
      stageId: z.string(),
      name: z.string(),
      deadline: z.string(),
      required: Count.meta({ description: "Units the stage needs verified: those in scope, or at the sampling stage those drawn" }),
      assessed: Count.meta({ description: "Units with an assessment at the stage handed in" }),
      verified: Count.meta({ description: "Units verified at the stage (at the sampling stage: whose score matched)" }),
      mismatched: Count.meta({ description: "Sampled units whose verified score did not match: back to assistance" }),
      status: z
        .enum(stageStatuses)
        .nullable()
        .meta({ description: "null for a stage measured by no assessments; in total the worst of the towns'" }),
    }),
  ),
  hazards: z.object({
    found: Count,
    closed: Count,
    rectificationRate: z.string().nullable().meta({ description: "closed / found in percent (2 decimals, half up); null when none found" }),
  }),
  expertVisits: z.object({
    personVisits: Count.meta({ description: "人次: each expert on each day once" }),
    enterpriseVisits: Count.meta({ description: "家次: each visit once" }),
  }),
  benchmarks: z.object({
    designated: Count.meta({ description: "Units with a standing benchmark designation of the campaign" }),
    target: Count.nullable().meta({ description: "benchmarksPerTown (in total: times the towns); null without one" }),
    met: z.boolean().nullable(),
  }),
};

export const ReportCampaignSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    period: z.object({ from: z.string(), to: z.string() }),
    closedAt: z.string().nullable().meta({ description: "When it was closed (结束); null while it runs" }),
    asOf: z.string().meta({
      description: "When its figures were read: the report's making, not the month's end — the tallies hold the present state",
    }),
    total: z.object(campaignFigures),
    towns: z.array(z.object({ townId: z.string(), townName: z.string(), ...campaignFigures })),
  })
  .meta({ id: "ReportCampaign", description: "A campaign (专项行动) whose period overlaps the month, as it stood on asOf" });
export type ReportCampaign = z.infer<typeof ReportCampaignSchema>;

export const MonthlyReportSchema = z
  .object({
    tenantId: z.string(),
    tenantName: z.string(),
    month: z.string().meta({ example: "2026-11" }),
    asOf: z.string().meta({ description: "The day (Asia/Shanghai) the report was built: what open and overdue are measured on" }),
    hazards: z.object({
      tenant: ComparedFiguresSchema,
      byTown: z.array(z.object({ townId: z.string(), townName: z.string(), figures: ComparedFiguresSchema })),
      byIndustry: z.array(z.object({ industry: z.string(), industryName: z.string(), figures: ComparedFiguresSchema })),
      backlog: BacklogSchema,
      trend: z.array(TrendPointSchema).meta({ description: "Twelve months, oldest first, ending with this one" }),
      newMajor: z.array(ReportHazardSchema).meta({ description: "Major hazards found in the month" }),
      longestOverdue: z.array(ReportHazardSchema).meta({ description: "Open hazards longest past their deadline (10 at most)" }),
    }),
    escalation: z.object({
      keyHazardLists: z.array(z.object({ id: z.string(), period: z.string(), department: z.string(), items: Count })),
      jointTackling: z.object({
        opened: Count,
        resolved: Count,
        open: Count,
        items: z.array(
          z.object({
            hazardId: z.string(),
            districtId: z.string(),
            enterpriseName: z.string(),
            description: z.string(),
            state: z.string(),
            department: z.string().nullable(),
            response: z.string().nullable().meta({ description: "The city's answer" }),
            escalatedAt: z.string(),
          }),
        ),
      }),
      coordination: z.array(
        z.object({
          id: z.string(),
          leader: z.string(),
          items: Count,
          state: z.string(),
          decision: z.string().nullable(),
          submittedAt: z.string(),
        }),
      ),
    }),
    register: z
      .object({
        week: z.string().meta({ description: "The weekly snapshot the totals are from" }),
        total: Count,
        created: Count,
        movedIn: Count,
        movedOut: Count,
        deleted: Count,
        stale: Count,
        placardsDue: Count,
        // Absent (null) in the reports made before placards were counted.
        activePlacards: Count.nullable().default(null).meta({ description: "Active placards when the report was made (a kept count)" }),
        placardCoveredUnits: Count.nullable().default(null).meta({ description: "Units with at least one active placard" }),
        placardCoverage: z
          .string()
          .nullable()
          .default(null)
          .meta({ description: "placardCoveredUnits / total in percent (2 decimals, half up); null without units" }),
      })
      .nullable()
      .meta({ description: "null before the first weekly refresh" }),
    assessments: z.object({
      verified: Count,
      byTown: z.array(
        z.object({
          townId: z.string(),
          townName: z.string(),
          verified: Count,
          averageTotal: z.string().nullable().meta({ description: "Of the scored ones (2 decimals, half up)" }),
        }),
      ),
    }),
    stars: z.object({
      awarded: Count,
      suspended: Count,
      reinstated: Count,
      revoked: Count,
      expired: Count,
      held: Count.nullable().meta({ description: "Held at the end of the last weekly snapshot of the month" }),
      supervisionTargets: Count.meta({ description: "Units on the key-target list (重点监管对象) when the report was built" }),
    }),
    districts: z
      .array(z.object({ districtId: z.string(), districtName: z.string(), figures: DistrictFiguresSchema.nullable() }))
      .meta({ description: "A city's districts and the figures each delivered (null: not received); empty for a district" }),
    // Absent (empty) in the reports made before campaigns were reported.
    campaigns: z
      .array(ReportCampaignSchema)
      .default([])
      .meta({ description: "The tenant's campaigns whose period overlaps the month (closed ones too, unless closed before it began)" }),
    generatedAt: z.string(),
  })
  .meta({ id: "MonthlyReport" });
export type MonthlyReport = z.infer<typeof MonthlyReportSchema>;

/** The files a monthly report is kept and mailed as. */
export const reportFileNames = ["report.docx", "lists.xlsx", "mail.html", "trend.png"] as const;
export type ReportFileName = (typeof reportFileNames)[number];
export const reportFileTypes: Record<ReportFileName, string> = {
  "report.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "lists.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "mail.html": "text/html; charset=utf-8",
  "trend.png": "image/png",
};

export const reportStates = ["building", "sending", "sent", "partly-sent", "failed"] as const;

export const DeliverySchema = z.object({
  to: z.string(),
  state: z.enum(["sent", "failed"]),
  response: z.string().meta({ description: "The transport's answer" }),
  attempt: z.number().int().positive(),
  at: z.string(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** A report as kept: its state, its files and each recipient's delivery. */
export const ReportRecordSchema = z
  .object({
    type: z.literal("monthly"),
    month: z.string(),
    state: z.enum(reportStates).meta({
      description: "building → sending → sent (every recipient) | partly-sent | failed (after the last try; error says why)",
    }),
    generation: z.number().int().positive().meta({ description: "1, then 2… for each forced resend" }),
    messageId: z.string().meta({ description: "The Message-ID the mail carries; fixed per tenant, month and generation" }),
    recipients: z.array(z.string()),
    attempts: z.number().int().nonnegative(),
    files: z.array(z.object({ name: z.enum(reportFileNames), contentType: z.string(), bytes: Count, sha256: z.string() })),
    deliveries: z.array(DeliverySchema).meta({ description: "The latest outcome per recipient" }),
    backlog: BacklogSchema.nullable().meta({ description: "The report's open and overdue backlog: next reports' trend reads it" }),
    linksInsteadOfAttachments: z.boolean().meta({ description: "The attachments were over the transport's limit; the mail carries links" }),
    error: z.string().nullable(),
    claimedAt: z.string(),
    leaseUntil: z.string().meta({ description: "A worker building or sending it holds it until then" }),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "ReportRecord" });
export type ReportRecord = z.infer<typeof ReportRecordSchema>;
