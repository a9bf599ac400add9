// The deployed handler chain (middy + Powertools logger + Hono's API Gateway adapter + the app) over localDeps
// and a DynamoDB client the suite passes in, usually one that counts capacity.
import { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createApp } from "#api/app";
import { type AppDeps, silentLogger } from "#api/deps";
import { lambdaHandler } from "#api/lambda";
import { localDeps } from "#local/local-deps";
import type { InvokableHandler } from "./lambda-event.ts";
import { benchRateLimits } from "./rate-limits.ts";
import type { LocalTable } from "./scratch-table.ts";

/** The app's dependencies over `table` and `client`, as the suites run them (bench rate limits, silent logger). */
export function benchDeps(table: LocalTable, client: DynamoDBClient, extra: Partial<Pick<AppDeps, "authCacheMs" | "clock">> = {}) {
  return localDeps({
    endpoint: table.endpoint,
    tableName: table.tableName,
    keys: table.keys,
    client,
    logger: silentLogger,
    rateLimits: benchRateLimits,
    ...extra,
  });
}

export function lambdaApp(
  table: LocalTable,
  client: DynamoDBClient,
  extra: Partial<Pick<AppDeps, "authCacheMs" | "feedClock">> = {},
): InvokableHandler {
  // The production logger class, silenced: its per-request work (context injection, key resets) still runs.
  const logger = new Logger({ serviceName: "anquan-api", logLevel: "SILENT" });
  const { feedClock, ...rest } = extra;
  const deps = benchDeps(table, client, rest);
  return lambdaHandler(createApp(feedClock ? { ...deps, feedClock } : deps), logger) as unknown as InvokableHandler;
}
