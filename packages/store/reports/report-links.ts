// Download links to a report's files: their claims, sealed for this use alone (signed-claims.ts) with the platform's
// signing secret (the one that signs page cursors, in Secrets Manager in AWS).
import { z } from "zod";
import { reportFileNames } from "#core/reports/monthly-report";
import type { ReportLinkClaims, ReportLinks } from "#core/reports/ports";
import { signedClaims } from "#store/kernel/signed-claims";

const ClaimsSchema = z.strictObject({
  tenantId: z.string().regex(/^\d{6}$/),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  generation: z.number().int().positive(),
  name: z.enum(reportFileNames),
  expiresAt: z.iso.datetime(),
});

/** `secret` is resolved once, on first use. */
export function hmacReportLinks(secret: () => Promise<Uint8Array>): ReportLinks {
  return signedClaims<ReportLinkClaims>(ClaimsSchema, "anquan report links v1", secret);
}
