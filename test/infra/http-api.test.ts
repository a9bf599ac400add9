// The HTTP API sends every route to the function (auth happens in the app), throttles — the anonymous routes
// (placard pages, star rolls, docs, the OpenAPI document, health) on buckets of their own, so anonymous traffic
// cannot use up the authenticated API's — logs every request, and lets browsers send the headers the API contract
// uses.
import { describe, expect, it } from "vitest";
import { anonymousRoutes, stageThrottle } from "../../infra/http-api.ts";
import { onlyLogicalId, onlyResource, synthAnquan } from "./synth-anquan.ts";

const { global, china } = synthAnquan();

describe.each([
  ["Anquan", global],
  ["Anquan-cn", china],
])("the %s HTTP API", (_name, template) => {
  const routes = Object.entries(template.findResources("AWS::ApiGatewayV2::Route")).map(([id, r]) => ({ id, ...r.Properties }));

  it("routes $default and the anonymous routes to the function without an API Gateway authorizer", () => {
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(
      [
        "$default",
        "GET /docs",
        "GET /docs/{proxy+}",
        "GET /health",
        "GET /openapi.json",
        "GET /p/{tenantId}/{token}",
        "GET /p/{tenantId}/stars/{schemeId}",
      ].sort(),
    );
    const integration = onlyLogicalId(template, "AWS::ApiGatewayV2::Integration");
    for (const route of routes) {
      expect(route.AuthorizationType).toBe("NONE");
      expect(route.Target).toEqual({ "Fn::Join": ["", ["integrations/", { Ref: integration }]] });
    }
    template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    expect(onlyResource(template, "AWS::ApiGatewayV2::Integration").IntegrationType).toBe("AWS_PROXY");
  });

  it("throttles each anonymous route on its own bucket, well below the authenticated API's", () => {
    const stage = onlyResource(template, "AWS::ApiGatewayV2::Stage");
    expect(Object.keys(stage.RouteSettings).sort()).toEqual(Object.keys(anonymousRoutes).sort());
    for (const [key, limits] of Object.entries(stage.RouteSettings as Record<string, Record<string, number>>)) {
      expect(limits, key).toEqual({
        ThrottlingRateLimit: anonymousRoutes[key]?.rateLimit,
        ThrottlingBurstLimit: anonymousRoutes[key]?.burstLimit,
      });
      expect(limits.ThrottlingRateLimit, key).toBeLessThanOrEqual(stageThrottle.rateLimit / 10);
      expect(limits.ThrottlingBurstLimit, key).toBeLessThanOrEqual(stageThrottle.burstLimit / 10);
    }
    // Route settings name routes that must exist when the stage is deployed.
    const dependsOn = template.findResources("AWS::ApiGatewayV2::Stage")[onlyLogicalId(template, "AWS::ApiGatewayV2::Stage")]?.DependsOn;
    for (const route of routes.filter((r) => r.RouteKey !== "$default")) expect(dependsOn).toContain(route.id);
  });

  it("allows the contract's request headers from browsers, and lets them read versions, throttling and digests", () => {
    const api = onlyResource(template, "AWS::ApiGatewayV2::Api");
    expect(api.ProtocolType).toBe("HTTP");
    expect(api.CorsConfiguration.AllowHeaders).toEqual([
      "Authorization",
      "Content-Type",
      "If-Match",
      "If-None-Match",
      "Idempotency-Key",
      "X-Api-Key",
      "Accept-Language",
    ]);
    expect(api.CorsConfiguration.ExposeHeaders).toEqual([
      "ETag",
      "Location",
      "Retry-After",
      "RateLimit-Limit",
      "RateLimit-Remaining",
      "RateLimit-Reset",
      "Repr-Digest",
    ]);
  });

  it("throttles the default stage and writes access logs to a log group kept for a year", () => {
    const stage = onlyResource(template, "AWS::ApiGatewayV2::Stage");
    expect(stage.StageName).toBe("$default");
    expect(stage.AutoDeploy).toBe(true);
    // The edge ceiling; per-tenant and per-caller limits are enforced in the app.
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 2000, ThrottlingRateLimit: 1000 });
    expect(stageThrottle).toEqual({ rateLimit: 1000, burstLimit: 2000 });
    const logGroup = stage.AccessLogSettings.DestinationArn["Fn::GetAtt"][0];
    expect(template.findResources("AWS::Logs::LogGroup")[logGroup]?.Properties.RetentionInDays).toBe(365);
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({ requestId: "$context.requestId" });
  });

  it("outputs its URL", () => {
    template.hasOutput("ApiUrl", {});
  });
});
