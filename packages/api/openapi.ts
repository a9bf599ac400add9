// Shared pieces of the OpenAPI contract: the error shape, pagination, ETag headers, and the responses
// every authenticated route can give. Routes declare their own schemas with these.
import { z } from "@hono/zod-openapi";
import { idempotencyKeyPattern } from "#core/kernel/idempotency";
import { idSource } from "#core/kernel/ids";
import { bilingual } from "#core/kernel/validation";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string().openapi({ description: "In zh-CN or en, chosen by Accept-Language" }),
      details: z.record(z.string(), z.unknown()).openapi({
        description: "Machine-readable context; `fields` lists field problems: { path, code, message }",
      }),
      requestId: z.string().nullable(),
    }),
  })
  .openapi("Error");

const describe: Record<number, string> = {
  400: "Malformed request, validation failure or invalid cursor",
  401: "Missing or invalid credential",
  403: "Not permitted, or the tenant is suspended",
  404: "Not found (in the caller's tenant)",
  409: "Conflict (duplicate, illegal transition, reused idempotency key)",
  410: "No longer kept (an expired feed cursor: resync)",
  412: "If-Match does not match the current version",
  413: "Body too large",
  415: "Body is not application/json",
  422: "Breaks a business rule",
  429: "Rate limit exceeded (see Retry-After, RateLimit-*)",
  503: "Storage busy (throttled, timed out or unreachable): nothing or all of the change was made; retry after Retry-After, with the same Idempotency-Key",
};

export function errorResponses(...codes: (keyof typeof describe)[]) {
  return Object.fromEntries(
    codes.map((code) => [code, { description: describe[code] ?? "Error", content: { "application/json": { schema: ErrorSchema } } }]),
  ) as Record<number, { description: string; content: { "application/json": { schema: typeof ErrorSchema } } }>;
}

export const authErrors = [401, 403, 429, 503] as const;

/**
 * An integer in a query, path or header parameter: plain decimal digits (a leading minus only when `min` is
 * negative), at most 15 of them so the number is exact, then the range. z.coerce.number() took "0x10", "1e2",
 * " 5", "+5" and "5.0" as numbers; every numeric parameter uses this instead. Documented as an integer.
 */
export function integerParam(range: { min: number; max?: number }) {
  const digits = range.min < 0 ? /^-?\d{1,15}$/ : /^\d{1,15}$/;
  const number = z.number().int().min(range.min);
  return z
    .string()
    .refine((text) => digits.test(text), {
      ...bilingual(
        "not_an_integer",
        range.min < 0 ? "须为十进制整数（仅数字，可带负号）" : "须为十进制整数（仅数字 0–9）",
        range.min < 0
          ? "Must be a whole number in decimal digits (a leading minus allowed)"
          : "Must be a whole number in decimal digits 0–9",
      ),
      abort: true,
    })
    .transform(Number)
    .pipe(range.max === undefined ? number : number.max(range.max))
    .openapi({ type: "integer", minimum: range.min, ...(range.max === undefined ? {} : { maximum: range.max }) });
}

export const PageQuerySchema = z.object({
  limit: integerParam({ min: 1, max: 100 }).default(50).openapi({ description: "Page size, 1–100", default: 50 }),
  cursor: z.string().max(2048).optional().openapi({ description: "nextCursor of the previous page" }),
});

export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({ items: z.array(item), nextCursor: z.string().nullable().openapi({ description: "null on the last page" }) })
    .openapi(name);
}

/** The path of a public link (a placard's page, a report's or an export's file): the tenant, and the token that opens it. */
export const PublicLinkParamsSchema = z.object({
  tenantId: z.string().meta({ param: { name: "tenantId", in: "path" } }),
  token: z.string().meta({ param: { name: "token", in: "path" } }),
});

export const IfMatchHeaderSchema = z.object({
  "if-match": z.string().optional().openapi({ description: 'ETag from a GET ("3"); 412 when stale' }),
});

export const IdempotencyHeaderSchema = z.object({
  "idempotency-key": z
    .string()
    .regex(idempotencyKeyPattern, "1–128 visible ASCII characters, e.g. a UUID")
    .optional()
    .openapi({ description: "Retry-safe create: the same key (1–128 visible ASCII characters, e.g. a UUID) replays the first answer" }),
});

export const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKey: [] }];

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A streamed spreadsheet answer (exports): .xlsx, or CSV in UTF-8 with a BOM. */
export const spreadsheetFile = {
  description: "The file (streamed)",
  content: {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
    "text/csv": { schema: z.string() },
  },
};

/** A synchronous export's answer for a list longer than it serves (413 `export_too_large`: use POST /v1/exports). */
export const exportTooLargeResponse = {
  413: {
    description: "The list has more rows than a synchronous export serves (details.rowsLimit): export it with POST /v1/exports",
    content: { "application/json": { schema: ErrorSchema } },
  },
};

/** An export's `format` query parameter: .xlsx (the default) or CSV. */
export const SpreadsheetFormatSchema = z.enum(["xlsx", "csv"]).default("xlsx").openapi({ description: "xlsx | csv" });

/** `{ id }` in the path: one of the tenant's 26-character ids, of what `what` names ("A star award id"). */
export function idPathParam(what: string) {
  return z.object({
    id: z
      .string()
      .regex(new RegExp(`^${idSource}$`), `${what} (26 characters)`)
      .meta({ param: { name: "id", in: "path" } }),
  });
}
