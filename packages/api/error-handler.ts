// The one place errors become HTTP: typed domain errors, validation failures, framework errors and
// everything unexpected all leave as `{ error: { code, message, details, requestId } }`. Unexpected errors
// are logged with their stack and answered 500 without one.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppLogger } from "#api/deps";
import type { AppEnv } from "#api/env";
import { localize, preferredLanguage } from "#api/i18n";
import { DomainError, type ErrorKind, errors, type FieldProblem } from "#core/kernel/errors";
import { issueToProblem } from "#core/kernel/validation";
import { storageBusy } from "#store/kernel/storage-busy";

const statusOf: Record<ErrorKind, ContentfulStatusCode> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

export function errorBody(c: Context<AppEnv>, error: DomainError) {
  const language = c.get("language") ?? preferredLanguage(c.req.header("accept-language"));
  const fields = error.problems.map((p) => ({ path: p.path, code: p.code, message: localize(p.message, language) }));
  return {
    error: {
      code: error.code,
      message: localize(error.text, language),
      details: { ...(error.details ?? {}), ...(fields.length > 0 ? { fields } : {}) },
      requestId: c.get("requestId") ?? null,
    },
  };
}

export function respondWithError(c: Context<AppEnv>, error: DomainError) {
  c.header("Content-Language", c.get("language") === "en" ? "en" : "zh-CN");
  if (error.kind === "unauthenticated") c.header("WWW-Authenticate", 'Bearer realm="anquan"');
  if (error.kind === "unavailable") {
    const seconds = error.details?.retryAfterSeconds;
    if (typeof seconds === "number") c.header("Retry-After", String(seconds));
  }
  return c.json(errorBody(c, error), statusOf[error.kind]);
}

function fromHttpException(error: HTTPException): DomainError {
  if (error.status === 400 && /malformed json/i.test(error.message)) {
    return errors.badRequest("malformed_json", { zh: "请求体不是合法的 JSON", en: "The request body is not valid JSON" });
  }
  if (error.status === 413) return payloadTooLarge();
  if (error.status === 401) return errors.unauthenticated("unauthenticated", { zh: "需要身份认证", en: "Authentication required" });
  return errors.badRequest("bad_request", { zh: `请求无效：${error.message}`, en: `Bad request: ${error.message}` });
}

export function payloadTooLarge(): DomainError {
  return new DomainError("payload_too_large", "payload_too_large", { zh: "请求体过大", en: "The request body is too large" });
}

export function onError(logger: AppLogger) {
  return (error: Error, c: Context<AppEnv>) => {
    if (error instanceof DomainError) return respondWithError(c, error);
    if (error instanceof HTTPException) return respondWithError(c, fromHttpException(error));
    // Throttled, timed out or unreachable storage: 503 with Retry-After (store/kernel/storage-busy.ts), not 500.
    const busy = storageBusy(error);
    if (busy) {
      logger.warn("storage busy", { error: error.message, reason: busy.details?.reason });
      return respondWithError(c, busy);
    }
    logger.error("unhandled error", { error });
    return c.json(
      {
        error: {
          code: "internal",
          message: localize({ zh: "服务器内部错误，请稍后重试", en: "Internal error; please retry later" }, c.get("language") ?? "zh"),
          details: {},
          requestId: c.get("requestId") ?? null,
        },
      },
      500,
    );
  };
}

/** zod-openapi's hook: a failed request schema becomes one validation error listing every field. */
export function validationHook(result: { success: boolean; target: string; error?: { issues: readonly unknown[] } }) {
  if (result.success || !result.error) return;
  const where: Record<string, string> = { query: "query", param: "path", header: "header" };
  const prefix = where[result.target];
  const problems: FieldProblem[] = result.error.issues.map((issue) => {
    const p = issueToProblem(issue as Parameters<typeof issueToProblem>[0]);
    return prefix ? { ...p, path: p.path ? `${prefix}.${p.path}` : prefix } : p;
  });
  throw errors.validation(problems);
}
