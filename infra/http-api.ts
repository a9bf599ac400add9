// The public edge: an HTTP API whose `$default` route sends every request to the API function. Authentication
// (OIDC JWTs for officials, hashed API keys for portals) happens inside the app, so there is no APIGW authorizer.
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { acknowledge } from "./acknowledge.ts";

/** Request headers the browser may send: auth, concurrency control, idempotency and language negotiation. */
export const corsAllowHeaders = ["Authorization", "Content-Type", "If-Match", "Idempotency-Key", "X-Api-Key", "Accept-Language"];

const inAppAuthReason =
  "Authentication is done inside the app (packages/api): OIDC ID tokens for officials and hashed API keys for " +
  "portals share one route, and the tenant must come from the verified credential in the same place the use " +
  "cases run. An API Gateway authorizer cannot validate the API keys and would split tenant resolution in two.";

export interface HttpApiGatewayProps {
  readonly handler: lambda.IFunction;
  /** Origins allowed by CORS. Bearer tokens are not cookies, so `*` exposes no ambient credentials. */
  readonly allowOrigins?: string[];
}

export class HttpApiGateway extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: HttpApiGatewayProps) {
    super(scope, id);

    this.api = new apigwv2.HttpApi(this, "Api", {
      description: "Anquan API",
      defaultIntegration: new HttpLambdaIntegration("ApiIntegration", props.handler),
      // Created below instead, because the default stage of HttpApi takes no throttling or access logs.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowOrigins ?? ["*"],
        allowMethods: [apigwv2.CorsHttpMethod.ANY],
        allowHeaders: corsAllowHeaders,
        exposeHeaders: ["ETag", "Location", "Retry-After"],
        maxAge: Duration.days(1),
      },
    });

    const accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stage = new apigwv2.HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default", // served at the API root, with no stage prefix in the path
      autoDeploy: true,
      // A ceiling for the whole API; per-tenant and per-key limits are enforced in the app.
      throttle: { burstLimit: 200, rateLimit: 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            ip: "$context.identity.sourceIp",
            requestTime: "$context.requestTime",
            method: "$context.httpMethod",
            path: "$context.path",
            routeKey: "$context.routeKey",
            status: "$context.status",
            protocol: "$context.protocol",
            responseLength: "$context.responseLength",
            latency: "$context.responseLatency",
            integrationLatency: "$context.integrationLatency",
            integrationError: "$context.integrationErrorMessage",
          }),
        ),
      },
    });

    acknowledge(this.api, "AwsSolutions-APIG4", inAppAuthReason);
  }

  get url(): string {
    return this.stage.url;
  }
}
