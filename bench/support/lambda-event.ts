// Synthetic Lambda inputs: an API Gateway HTTP API (payload v2) event and a Lambda context object, shaped like
// what API Gateway and the Lambda runtime hand to functions/api.ts, so benches drive the real handler chain.
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";

export interface HttpRequest {
  readonly method: string;
  /** The path with an optional query string: `/v1/audit?limit=1`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON when present. */
  readonly body?: unknown;
  /** Sent as it is (text, or bytes base64-encoded as API Gateway does), with the caller's own content-type. */
  readonly rawBody?: string | Uint8Array;
}

export function httpApiEvent(request: HttpRequest): APIGatewayProxyEventV2 {
  const [rawPath = "/", rawQueryString = ""] = request.path.split("?", 2);
  const raw = request.rawBody;
  const binary = raw instanceof Uint8Array;
  const body =
    raw !== undefined
      ? binary
        ? Buffer.from(raw).toString("base64")
        : raw
      : request.body === undefined
        ? undefined
        : JSON.stringify(request.body);
  // HTTP APIs lower-case header names in v2 events.
  const headers: Record<string, string> = {
    host: "api.anquan.example",
    "user-agent": "anquan-bench",
    "x-forwarded-for": "203.0.113.10",
    "x-forwarded-proto": "https",
    ...(body === undefined || raw !== undefined ? {} : { "content-type": "application/json" }),
    ...(body === undefined ? {} : { "content-length": String(binary ? raw.byteLength : Buffer.byteLength(body)) }),
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  const now = new Date();
  const queryStringParameters = rawQueryString ? Object.fromEntries(new URLSearchParams(rawQueryString)) : undefined;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "bench",
      domainName: "api.anquan.example",
      domainPrefix: "api",
      http: { method: request.method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "203.0.113.10", userAgent: "anquan-bench" },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: binary,
  };
}

/** The API function's timeout: each invocation's budget unless a suite states another. */
export const functionTimeoutMs = 10_000;

/** A context like the Lambda runtime's: a fresh request id per invocation, a 10 s budget (the function's timeout). */
export function lambdaContext(functionName = "anquan-api-bench", budgetMs = functionTimeoutMs): Context {
  const deadline = Date.now() + budgetMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:ap-southeast-1:123456789012:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2025/01/01/[$LATEST]bench",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** What the handler answers (hono/aws-lambda's result for v2 events). */
export interface LambdaResult {
  readonly statusCode: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

export type InvokableHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

/** Invokes a handler with a synthetic request and returns its status and parsed JSON body; `budgetMs` as lambdaContext. */
export async function invoke(
  handler: InvokableHandler,
  request: HttpRequest,
  budgetMs = functionTimeoutMs,
): Promise<LambdaResult & { json: unknown }> {
  const result = (await handler(httpApiEvent(request), lambdaContext(undefined, budgetMs))) as LambdaResult;
  let json: unknown;
  try {
    json = result.body ? JSON.parse(result.body) : undefined;
  } catch {
    json = undefined;
  }
  return { ...result, json };
}
