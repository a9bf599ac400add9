// Tokens the platform hands out and must know again — page cursors, report download links: `<payload>.<signature>`,
// the signature an HMAC-SHA256 over `context` then the payload, both base64url. Opening a token checks its shape and
// its signature in constant time, and gives the payload back only if the platform made it for that context.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface TokenSealer {
  /** `payload` (base64url already) with its signature for `context`. */
  seal(payload: string, context: string): Promise<string>;
  /** The payload of a token sealed for `context` by this key, no longer than `maxLength`; undefined otherwise. */
  open(token: string, context: string, maxLength: number): Promise<string | undefined>;
}

/** `key` is resolved once, on first use (in AWS it is read from Secrets Manager). */
export function tokenSealer(key: () => Promise<Uint8Array>): TokenSealer {
  let resolved: Promise<Uint8Array> | undefined;
  const sign = async (context: string, payload: string) => {
    resolved ??= key();
    return createHmac("sha256", await resolved)
      .update(`${context}${payload}`)
      .digest();
  };
  return {
    async seal(payload, context) {
      return `${payload}.${(await sign(context, payload)).toString("base64url")}`;
    },
    async open(token, context, maxLength) {
      if (token.length > maxLength) return undefined;
      const [payload, signature, extra] = token.split(".");
      if (!payload || !signature || extra !== undefined) return undefined;
      // Compared as text, not as decoded bytes: the last base64url character of a 32-byte signature carries two
      // unused bits, so decoding would take four spellings of one signature (an altered link must be refused).
      const expected = Buffer.from((await sign(context, payload)).toString("base64url"));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected) ? payload : undefined;
    },
  };
}
