// Download links to a report's files: the claims as base64url JSON, HMAC-SHA256-signed with a key derived from the
// platform's signing secret (the one that signs page cursors, in Secrets Manager in AWS) for this use alone, so a
// cursor's signature can never pass for a link's or the other way round.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { reportFileNames } from "#core/reports/monthly-report";
import type { ReportLinkClaims, ReportLinks } from "#core/reports/ports";

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
  let key: Promise<Buffer> | undefined;
  const sign = async (payload: string) => {
    key ??= secret().then((bytes) => createHmac("sha256", bytes).update("anquan report links v1").digest());
    return createHmac("sha256", await key)
      .update(payload)
      .digest();
  };
  return {
    async sign(claims: ReportLinkClaims) {
      const payload = Buffer.from(JSON.stringify(ClaimsSchema.parse(claims))).toString("base64url");
      return `${payload}.${(await sign(payload)).toString("base64url")}`;
    },
    async verify(token) {
      if (token.length > maxTokenLength) return undefined;
      const [payload, signature, extra] = token.split(".");
      if (!payload || !signature || extra !== undefined) return undefined;
      const expected = await sign(payload);
      const given = Buffer.from(signature, "base64url");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const parsed = ClaimsSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
