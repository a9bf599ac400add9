// Throttled or unreachable storage answers 503 with Retry-After, not 500: through HTTP → app → the real DynamoDB
// client over DynamoDB Local, with a middleware on the client's own stack failing every attempt of a command, so
// the SDK's retries (full jitter, maxAttempts 3) run and give up as they do in AWS.
import { ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";

let failing: { command: string; error: () => Error } | undefined;
let attempts = 0;
let h: Harness;
let admin: string;
let unitId: string;

beforeAll(async () => {
  h = await createHarness({
    sessionClients: (client) =>
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (failing && context.commandName === failing.command) {
            attempts++;
            throw failing.error();
          }
          return next(args);
        },
        { step: "deserialize", name: "alwaysFailing" },
      ),
  });
  admin = await h.token("tenant-admin", "320312");
  const place = await addPlace(h, admin, "繁忙镇");
  unitId = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) })).body.id;
});

const throttled = () => new ProvisionedThroughputExceededException({ message: "throughput exceeded", $metadata: { httpStatusCode: 400 } });
const reset = () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
const timeout = () => Object.assign(new Error("Connection timed out"), { name: "TimeoutError" });

describe("storage busy", () => {
  it.each([
    ["throttled", throttled],
    ["timeout", timeout],
    ["connection", reset],
  ] as const)("a read whose storage stays %s after the SDK's retries answers 503 storage_busy with Retry-After", async (reason, error) => {
    failing = { command: "GetItemCommand", error };
    attempts = 0;
    const res = await h.request("GET", `/v1/enterprises/${unitId}`, { token: admin });
    failing = undefined;
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.body.error).toMatchObject({ code: "storage_busy", details: { retryAfterSeconds: 1, reason } });
    // The SDK tried three times before giving up (client-provider.ts: maxAttempts 3).
    expect(attempts).toBeGreaterThanOrEqual(3);
  });

  it("a write throttled on every attempt answers 503 and changes nothing", async () => {
    failing = { command: "TransactWriteItemsCommand", error: throttled };
    const res = await h.request("PATCH", `/v1/enterprises/${unitId}`, { token: admin, body: { address: "繁忙路1号" } });
    failing = undefined;
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect((await h.request("GET", `/v1/enterprises/${unitId}`, { token: admin })).body.address).not.toBe("繁忙路1号");
  });
});
