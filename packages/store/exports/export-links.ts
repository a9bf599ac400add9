// Download links to export files: their claims, sealed for this use alone (signed-claims.ts), so neither a page
// cursor nor a report link can pass for an export link, nor the other way round.
import { z } from "zod";
import type { ExportLinkClaims, ExportLinks } from "#core/exports/ports";
import { idPattern } from "#core/kernel/ids";
import { signedClaims } from "#store/kernel/signed-claims";

const ClaimsSchema = z.strictObject({
  tenantId: z.string().regex(/^\d{6}$/),
  exportId: z.string().regex(idPattern),
  runId: z.string().regex(idPattern),
  expiresAt: z.iso.datetime(),
});

/** `secret` is resolved once, on first use. */
export function hmacExportLinks(secret: () => Promise<Uint8Array>): ExportLinks {
  return signedClaims<ExportLinkClaims>(ClaimsSchema, "anquan export links v1", secret);
}
