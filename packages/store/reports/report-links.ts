// Download links to a report's files: the claims as base64url JSON, HMAC-SHA256-signed with a key derived from the
// platform's signing secret (the one that signs page cursors, in Secrets Manager in AWS) for this use alone, so a
// cursor's signature can never pass for a link's or the other way round.
import { createHmac } from "node:crypto";
import { z } from "zod";
import { reportFileNames } from "#core/reports/monthly-report";
import type { ReportLinkClaims, ReportLinks } from "#core/reports/ports";
import { tokenSealer } from "#store/kernel/signed-token";

const ClaimsSchema = z.strictObject({
  tenantId: z.string().regex(/^\d{6}$/),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  generation: z.number().int().positive(),
  name: z.enum(reportFileNames),
  expiresAt: z.iso.datetime(),
});

const maxTokenLength = 512;

/** `secret` is resolved once, on first use. */
export function hmacReportLinks(secret: () => Promise<Uint8Array>): ReportLinks {
  const tokens = tokenSealer(async () =>
    createHmac("sha256", await secret())
      .update("anquan report links v1")
      .digest(),
  );
  return {
    async sign(claims: ReportLinkClaims) {
      return tokens.seal(Buffer.from(JSON.stringify(ClaimsSchema.parse(claims))).toString("base64url"), "");
    },
    async verify(token) {
      const payload = await tokens.open(token, "", maxTokenLength);
      if (!payload) return undefined;
      try {
        const parsed = ClaimsSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
