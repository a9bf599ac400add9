// The public edge: an HTTP API whose `$default` route sends every request to the API function. Authentication
// (OIDC JWTs for officials, hashed API keys for portals) happens inside the app, so there is no APIGW authorizer.
// The anonymous routes (placard pages, docs, the OpenAPI document, health) are routes of their own with their own,
// lower throttles, so anonymous traffic cannot use up the authenticated API's; the API's own ceiling is high,
// since every caller and every tenant is throttled in the app (packages/api/auth.ts).
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { acknowledge } from "./acknowledge.ts";

/** Request headers the browser may send: auth, concurrency control and revalidation, idempotency, language. */
export const corsAllowHeaders = [
  "Authorization",
  "Content-Type",
  "If-Match",
  "If-None-Match",
  "Idempotency-Key",
  "X-Api-Key",
  "Accept-Language",
];

const inAppAuthReason =
  "Authentication is done inside the app (packages/api): OIDC ID tokens for officials and hashed API keys for " +
  "portals share one route, and the tenant must come from the verified credential in the same place the use " +
  "cases run. An API Gateway authorizer cannot validate the API keys and would split tenant resolution in two.";

/** Requests a second (steady) and at once (burst) of API Gateway's token buckets. */
export interface EdgeThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * The stage-wide ceiling, applying to `$default` (everything authenticated): above what the app lets through for
 * dozens of busy tenants at once (each at most 6,000/min = 100 requests/s, each caller 600/min), below the account's
 * regional limit (10,000/s), so a flood is cut at the edge before it costs Lambda invocations.
 */
export const stageThrottle: EdgeThrottle = { rateLimit: 1000, burstLimit: 2000 };

/**
 * The routes that need no credential, each with its own bucket (route keys as API Gateway names them; the app
 * serves the same paths). Placard pages are opened from QR codes on phones: the most of them; star rolls are
 * opened from placard pages; docs, the OpenAPI document and health are for people and probes.
 */
export const anonymousRoutes: Readonly<Record<string, EdgeThrottle>> = {
  "GET /p/{tenantId}/{token}": { rateLimit: 50, burstLimit: 100 },
  "GET /p/{tenantId}/stars/{schemeId}": { rateLimit: 20, burstLimit: 40 },
  "GET /docs": { rateLimit: 5, burstLimit: 10 },
  "GET /docs/{proxy+}": { rateLimit: 10, burstLimit: 20 },
  "GET /openapi.json": { rateLimit: 5, burstLimit: 10 },
  "GET /health": { rateLimit: 5, burstLimit: 10 },
};

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

    const integration = new HttpLambdaIntegration("ApiIntegration", props.handler);
    this.api = new apigwv2.HttpApi(this, "Api", {
      description: "Anquan API",
      defaultIntegration: integration,
      // Created below instead, because the default stage of HttpApi takes no throttling or access logs.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowOrigins ?? ["*"],
        allowMethods: [apigwv2.CorsHttpMethod.ANY],
        allowHeaders: corsAllowHeaders,
        // What a browser client may read: versions, where a created resource is, throttling, and a download's digest.
        exposeHeaders: ["ETag", "Location", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Repr-Digest"],
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
      // A ceiling for the whole API; per-tenant and per-caller limits are enforced in the app.
      throttle: stageThrottle,
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

    // The anonymous routes, to the same function, each throttled on its own. HttpStage's `throttle` is stage-wide,
    // so route throttles go on the L1 stage's RouteSettings; the stage waits for the routes it names.
    const stage = this.stage.node.defaultChild as apigwv2.CfnStage;
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const [routeKey, limits] of Object.entries(anonymousRoutes)) {
      const [method, path] = routeKey.split(" ");
      const [route] = this.api.addRoutes({
        path: path ?? "/",
        methods: [method as apigwv2.HttpMethod],
        integration,
      });
      if (route) stage.node.addDependency(route);
      routeSettings[routeKey] = { ThrottlingRateLimit: limits.rateLimit, ThrottlingBurstLimit: limits.burstLimit };
    }
    stage.addPropertyOverride("RouteSettings", routeSettings);

    acknowledge(this.api, "AwsSolutions-APIG4", inAppAuthReason);
  }

  get url(): string {
    return this.stage.url;
  }
}
