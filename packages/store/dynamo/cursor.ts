// Opaque pagination cursors: the DynamoDB LastEvaluatedKey, HMAC-signed together with the scope (tenant or
// platform) and the query it belongs to. A cursor forged, altered, or replayed on another tenant or another
// query fails verification and is answered 400. Attribute names and values are kept byte for byte.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { errors } from "#core/kernel/errors";
import { tokenSealer } from "#store/kernel/signed-token";

export type LastKey = Record<string, AttributeValue>;

export interface CursorCodec {
  encode(scope: string, query: string, lastKey: LastKey): Promise<string>;
  /** The key to resume from; throws 400 `invalid_cursor` unless the cursor was made for this scope and query. */
  decode(scope: string, query: string, cursor: string): Promise<LastKey>;
}

const maxCursorLength = 2048;

const invalidCursor = () =>
  errors.badRequest("invalid_cursor", {
    zh: "分页游标无效：请使用上一页返回的 nextCursor，且查询条件保持不变",
    en: "Invalid cursor: pass the nextCursor of the previous page, with the same query",
  });

/** `secret` is resolved once, on first use (in AWS it is read from Secrets Manager). */
export function hmacCursorCodec(secret: () => Promise<Uint8Array>): CursorCodec {
  const tokens = tokenSealer(secret);
  const context = (scope: string, query: string) => `v1\n${scope}\n${query}\n`;
  return {
    async encode(scope, query, lastKey) {
      return tokens.seal(Buffer.from(JSON.stringify(lastKey)).toString("base64url"), context(scope, query));
    },
    async decode(scope, query, cursor) {
      const payload = await tokens.open(cursor, context(scope, query), maxCursorLength);
      if (!payload) throw invalidCursor();
      try {
        return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as LastKey;
      } catch {
        throw invalidCursor();
      }
    },
  };
}
