// What a star evaluation reads about one unit, gathered from the tenant's own data at one moment. The
// evaluation stores it with its results, so an award can be explained years later after the data changed.
import { z } from "zod";

export const VerifiedAssessmentFactsSchema = z.object({
  id: z.string(),
  rubricId: z.string(),
  rubricVersion: z.number().int(),
  verifiedOn: z.string().meta({ description: "The day (Asia/Shanghai) it was verified" }),
  total: z.string(),
  sections: z.record(z.string(), z.string()).meta({ description: "Score of each section, by section id" }),
});
export type VerifiedAssessmentFacts = z.infer<typeof VerifiedAssessmentFactsSchema>;

export const HazardFactsSchema = z.object({
  id: z.string(),
  severity: z.enum(["general", "major"]),
  state: z.string(),
  foundOn: z.string(),
  deadline: z.string().nullable(),
  closedOn: z.string().nullable(),
});
export type HazardFacts = z.infer<typeof HazardFactsSchema>;

export const AccidentFactsSchema = z.object({
  id: z.string(),
  occurredOn: z.string(),
  deaths: z.number().int(),
  injuries: z.number().int(),
});
export type AccidentFacts = z.infer<typeof AccidentFactsSchema>;

export const AttestationSchema = z
  .object({
    by: z.string(),
    at: z.string(),
    note: z.string(),
    files: z.array(z.object({ id: z.string(), fileName: z.string(), sha256: z.string().nullable() })),
  })
  .meta({ id: "StarAttestation" });
export type Attestation = z.infer<typeof AttestationSchema>;

export const UnitEvidenceSchema = z
  .object({
    today: z.string().meta({ description: "The day (Asia/Shanghai) the evidence was read" }),
    reviewedOn: z.string().nullable().meta({ description: "Day the register data was last changed or confirmed" }),
    standardization: z.object({ passed: z.boolean(), responsibilitySystem: z.boolean(), informationCollected: z.boolean() }),
    sham: z
      .object({ flaggedOn: z.string(), reason: z.string() })
      .nullable()
      .meta({ description: "Marked paper-only or sham standardization (纸上标准化, 假创建)" }),
    assessments: z.array(VerifiedAssessmentFactsSchema).meta({ description: "Latest verified assessment per rubric" }),
    hazards: z.array(HazardFactsSchema).meta({ description: "Hazards found in the longest window a rule reads, and every open one" }),
    placard: z
      .object({ id: z.string(), lastCheckedOn: z.string(), dueAfterMonths: z.number().int() })
      .nullable()
      .meta({ description: "The unit's active placard checked most recently" }),
    accidents: z.array(AccidentFactsSchema),
    attestations: z.record(z.string(), AttestationSchema).meta({ description: "Official confirmations, by `<starId>.<rule index>`" }),
  })
  .meta({ id: "StarEvidence" });
export type UnitEvidence = z.infer<typeof UnitEvidenceSchema>;

/** The key an attestation of rule `rule` of star `starId` is filed under. */
export const attestationKey = (starId: string, rule: number) => `${starId}.${rule}`;
