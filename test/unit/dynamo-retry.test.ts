// How DynamoDB clients retry and what a give-up becomes: the SDK's standard strategy with 3 attempts on every
// client (local and deployed), whose backoff is full jitter (each wait uniform in [0, base × 2^retry), base 1 s when throttled); and the
// SDK's throttling, timeout and connection errors classified as storage busy (503), everything else left alone.
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import type { RetryStrategyV2 } from "@smithy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DomainError, errors } from "#core/kernel/errors";
import { dynamoRetry, localClient } from "#store/dynamo/client-provider";
import { storageBusy, storageBusyReason } from "#store/kernel/storage-busy";

const $metadata = { httpStatusCode: 400 };

afterEach(() => {
  vi.restoreAllMocks();
});

describe("retries", () => {
  it.each([
    ["the local client", () => localClient("http://127.0.0.1:1")],
    ["a deployed client's config", () => new DynamoDBClient({ ...dynamoRetry, region: "cn-north-1" })],
  ])("%s: standard mode, 3 attempts, full-jitter backoff", async (_name, make) => {
    const client = make();
    const strategy = (await client.config.retryStrategy()) as RetryStrategyV2 & { mode?: string };
    expect(strategy.mode).toBe("standard");
    expect(await client.config.maxAttempts()).toBe(3);
    const delayAt = async (random: number, errorType: "THROTTLING" | "TRANSIENT") => {
      vi.spyOn(Math, "random").mockReturnValue(random);
      const token = await strategy.acquireInitialRetryToken("dynamodb");
      const next = await strategy.refreshRetryTokenForRetry(token, { errorType });
      vi.restoreAllMocks();
      // The strategy waits the delay itself before handing back the token, and logs how long.
      return (next as unknown as { $retryLog: { acquisitionDelay: number } }).$retryLog.acquisitionDelay;
    };
    // Full jitter: the wait is the random draw times the cap (base 1 s throttled, DynamoDB's 25 ms otherwise, × 2^retry),
    // from nothing to all of it.
    expect(await delayAt(0, "THROTTLING")).toBe(0);
    expect(await delayAt(0.5, "THROTTLING")).toBe(500);
    expect(await delayAt(0.999, "THROTTLING")).toBe(999);
    expect(await delayAt(0.5, "TRANSIENT")).toBe(12);
    client.destroy();
  });
});

describe("storage busy", () => {
  it.each([
    ["ProvisionedThroughputExceededException", new ProvisionedThroughputExceededException({ message: "x", $metadata }), "throttled"],
    ["ThrottlingException", new ThrottlingException({ message: "x", $metadata }), "throttled"],
    ["S3 SlowDown", Object.assign(new Error("x"), { name: "SlowDown" }), "throttled"],
    [
      "a transaction cancelled by a conflict",
      new TransactionCanceledException({
        message: "x",
        $metadata,
        CancellationReasons: [{ Code: "None" }, { Code: "TransactionConflict" }],
      }),
      "throttled",
    ],
    ["a timeout", Object.assign(new Error("x"), { name: "TimeoutError" }), "timeout"],
    ["a reset connection", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "connection"],
  ])("%s is storage busy", (_name, error, reason) => {
    expect(storageBusyReason(error)).toBe(reason);
    const busy = storageBusy(error) as DomainError;
    expect(busy).toBeInstanceOf(DomainError);
    expect(busy).toMatchObject({ kind: "unavailable", code: "storage_busy", details: { retryAfterSeconds: 1, reason } });
  });

  it.each([
    ["a failed condition", new ConditionalCheckFailedException({ message: "x", $metadata })],
    [
      "a transaction cancelled by a failed condition",
      new TransactionCanceledException({
        message: "x",
        $metadata,
        CancellationReasons: [{ Code: "ConditionalCheckFailed" }, { Code: "TransactionConflict" }],
      }),
    ],
    ["a domain error", errors.conflict("x", { zh: "x", en: "x" })],
    ["a programming error", new TypeError("undefined is not a function")],
  ])("%s is not", (_name, error) => {
    expect(storageBusy(error)).toBeUndefined();
  });
});
