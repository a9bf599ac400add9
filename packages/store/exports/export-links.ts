// Download links to export files: the claims as base64url JSON, HMAC-SHA256-sealed (signed-token.ts) with a key
// derived from the platform's signing secret for this use alone, so neither a page cursor nor a report link can
// pass for an export link, nor the other way round.
import { createHmac } from "node:crypto";
import { z } from "zod";
import type { ExportLinkClaims, ExportLinks } from "#core/exports/ports";
import { idPattern } from "#core/kernel/ids";
import { tokenSealer } from "#store/kernel/signed-token";

const ClaimsSchema = z.strictObject({
  tenantId: z.string().regex(/^\d{6}$/),
  exportId: z.string().regex(idPattern),
  runId: z.string().regex(idPattern),
  expiresAt: z.iso.datetime(),
});

const maxTokenLength = 512;

/** `secret` is resolved once, on first use. */
export function hmacExportLinks(secret: () => Promise<Uint8Array>): ExportLinks {
  const tokens = tokenSealer(async () =>
    createHmac("sha256", await secret())
      .update("anquan export links v1")
      .digest(),
  );
  return {
    async sign(claims: ExportLinkClaims) {
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
