// The HTTP API sends every route to the function (auth happens in the app), throttles, logs every request,
// and lets browsers send the headers the API contract uses.
import { describe, expect, it } from "vitest";
import { onlyResource, synthAnquan } from "./synth-anquan.ts";

const { global, china } = synthAnquan();

describe.each([
  ["Anquan", global],
  ["Anquan-cn", china],
])("the %s HTTP API", (_name, template) => {
  it("routes $default to the function without an API Gateway authorizer", () => {
    const route = onlyResource(template, "AWS::ApiGatewayV2::Route");
    expect(route.RouteKey).toBe("$default");
    expect(route.AuthorizationType).toBe("NONE");
    template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    const integration = onlyResource(template, "AWS::ApiGatewayV2::Integration");
    expect(integration.IntegrationType).toBe("AWS_PROXY");
  });

  it("allows the contract's request headers from browsers", () => {
    const api = onlyResource(template, "AWS::ApiGatewayV2::Api");
    expect(api.ProtocolType).toBe("HTTP");
    expect(api.CorsConfiguration.AllowHeaders).toEqual([
      "Authorization",
      "Content-Type",
      "If-Match",
      "Idempotency-Key",
      "X-Api-Key",
      "Accept-Language",
    ]);
  });

  it("throttles the default stage and writes access logs to a log group kept for a year", () => {
    const stage = onlyResource(template, "AWS::ApiGatewayV2::Stage");
    expect(stage.StageName).toBe("$default");
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 });
    const logGroup = stage.AccessLogSettings.DestinationArn["Fn::GetAtt"][0];
    expect(template.findResources("AWS::Logs::LogGroup")[logGroup]?.Properties.RetentionInDays).toBe(365);
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({ requestId: "$context.requestId" });
  });

  it("outputs its URL", () => {
    template.hasOutput("ApiUrl", {});
  });
});
