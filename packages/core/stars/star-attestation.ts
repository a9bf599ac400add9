// Attestations (人工确认): a star rule of type "attested" passes only once an official other than the filer
// confirms it on the pending application, with evidence files uploaded to the application first. The
// confirmation joins the application's evidence and the stars are evaluated again over it.
import { z } from "zod";
import { evidenceTypes } from "#core/assessments/assessment";
import { idPattern } from "#core/kernel/ids";
import { singleLine } from "#core/kernel/text";
import { bilingual } from "#core/kernel/validation";

export const StarApplicationFileSchema = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    fileName: z.string(),
    contentType: z.enum(evidenceTypes),
    bytes: z.number().int().positive(),
    sha256: z.string().meta({ description: "SHA-256 (hex) of the stored file" }),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
  })
  .meta({ id: "StarApplicationFile" });
export type StarApplicationFile = z.infer<typeof StarApplicationFileSchema>;

export const FileNameQuerySchema = z.strictObject({
  fileName: singleLine(200).meta({ description: "The file's name as the official knows it, e.g. 现场核查记录.pdf" }),
});

export const AttestSchema = z
  .strictObject({
    starId: z.string().min(1).max(32).meta({ description: "The star whose rule is confirmed" }),
    rule: z.number().int().min(0).max(19).meta({ description: "The rule's index in the star (0-based), a rule of type attested" }),
    note: singleLine(500).meta({ description: "What the official saw and confirms" }),
    files: z
      .array(z.string().regex(idPattern, "A file id of this application (26 characters)"))
      .min(1)
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, bilingual("duplicate_file", "文件重复列出", "A file is named twice"))
      .meta({ description: "Evidence files uploaded to this application (POST …/files)" }),
  })
  .meta({ id: "AttestStarRule" });
