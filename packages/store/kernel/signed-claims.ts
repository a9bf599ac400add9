// Signed links' tokens: claims as base64url JSON, sealed with HMAC-SHA256 (signed-token.ts) under a key derived
// from the platform's signing secret for one purpose alone ("anquan report links v1"…), so a token made for one
// use — a page cursor, a report link, an export link — never passes for another's.
import { createHmac } from "node:crypto";
import type { z } from "zod";
import { tokenSealer } from "#store/kernel/signed-token";

const maxTokenLength = 512;

export interface SignedClaims<T> {
  sign(claims: T): Promise<string>;
  /** The claims a token carries, or undefined for anything forged, altered or not ours. */
  verify(token: string): Promise<T | undefined>;
}

/** `secret` is resolved once, on first use; `schema` checks the claims on both ways. */
export function signedClaims<T>(schema: z.ZodType<T>, purpose: string, secret: () => Promise<Uint8Array>): SignedClaims<T> {
  const tokens = tokenSealer(async () =>
    createHmac("sha256", await secret())
      .update(purpose)
      .digest(),
  );
  return {
    async sign(claims) {
      return tokens.seal(Buffer.from(JSON.stringify(schema.parse(claims))).toString("base64url"), "");
    },
    async verify(token) {
      const payload = await tokens.open(token, "", maxTokenLength);
      if (!payload) return undefined;
      try {
        const parsed = schema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
