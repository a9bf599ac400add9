// What the AWS SDK throws when storage is busy or out of reach, as the domain's `unavailable` (503 with
// Retry-After): throttling (DynamoDB's ProvisionedThroughputExceededException, ThrottlingException,
// RequestLimitExceeded; S3's SlowDown), still so after the SDK's own retries, a transaction cancelled only by
// conflicts or throttled items, and a timeout or a dropped connection. None of these says whether a write got
// through: each change is all or nothing, so the caller may send it again (with its Idempotency-Key) once the
// Retry-After has passed. Anything else stays unexpected (500).
import { DomainError, errors } from "#core/kernel/errors";

const throttlingNames = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "SlowDown",
  "RequestThrottled",
  "RequestThrottledException",
  "Throttling",
]);
// AbortError: a send given up at the store's own time limit (settled-transaction.ts asks its outcome first).
const timeoutNames = new Set(["TimeoutError", "AbortError", "RequestTimeout", "RequestTimeoutException"]);
const connectionCodes = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "EAI_AGAIN"]);
const transientCancellations = new Set(["None", "TransactionConflict", "ThrottlingError"]);

/**
 * Whether an item's cancellation reason says only that it was not evaluated or lost in passing (a concurrent
 * transaction, a throttled partition): nothing was written for it, and sending again is safe.
 */
export function cancelledTransiently(code: string): boolean {
  return transientCancellations.has(code);
}

/** Seconds a caller is asked to wait when storage is busy. */
export const storageBusyRetryAfterSeconds = 1;

interface SdkError {
  readonly name?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
  readonly CancellationReasons?: readonly { readonly Code?: string }[];
}

/**
 * A transaction cancelled only by conflicts with other transactions or by throttled items: none of its own
 * conditions was evaluated, so nothing of it was applied or refused.
 */
export function cancelledInPassing(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== "TransactionCanceledException") return false;
  const codes = ((error as SdkError).CancellationReasons ?? []).map((r) => r.Code ?? "None");
  return codes.some((c) => c !== "None") && codes.every(cancelledTransiently);
}

/** Why `error` means storage was busy or out of reach ("throttled", "timeout", "connection"), or undefined. */
export function storageBusyReason(error: unknown): "throttled" | "timeout" | "connection" | undefined {
  if (!(error instanceof Error) || error instanceof DomainError) return undefined;
  const e = error as Error & SdkError;
  if (throttlingNames.has(e.name) || e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429) return "throttled";
  if (e.name === "TransactionCanceledException") return cancelledInPassing(error) ? "throttled" : undefined;
  if (timeoutNames.has(e.name)) return "timeout";
  if (e.code !== undefined && connectionCodes.has(e.code)) return "connection";
  if (e.$metadata?.httpStatusCode === 503) return "throttled";
  return undefined;
}

/** `error` as the domain's 503 `storage_busy` when storage was busy or out of reach; otherwise undefined. */
export function storageBusy(error: unknown): DomainError | undefined {
  const reason = storageBusyReason(error);
  return reason ? errors.unavailable(storageBusyRetryAfterSeconds, reason) : undefined;
}
