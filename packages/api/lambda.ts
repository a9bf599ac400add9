// The Lambda handler around an app: Hono's API Gateway adapter under middy, with the Powertools logger
// injecting the Lambda context and clearing per-request keys (tenant, request id) after each invocation.
import type { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { handle } from "hono/aws-lambda";
import type { App } from "#api/app";

export function lambdaHandler(app: App, logger: Logger) {
  return middy(handle(app)).use(injectLambdaContext(logger, { resetKeys: true }));
}
