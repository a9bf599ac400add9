// Platform operators sign in apart from officials: in the aws partition a user pool of their own (its own issuer
// and audience, TOTP required, no tenant or role attribute at all), in aws-cn an external issuer of their own from
// context. The API is told the operators' issuer, audience and key set separately from the officials'.
import { describe, expect, it } from "vitest";
import { lambdaFunction, resourceNamed, synthAnquan } from "./synth-anquan.ts";

const { global, china } = synthAnquan();

describe("the platform operators' user pool (aws partition)", () => {
  const pool = resourceNamed(global, "AWS::Cognito::UserPool", "Operators");
  const client = resourceNamed(global, "AWS::Cognito::UserPoolClient", "Operators");

  it("is a pool of its own, beside the officials' one", () => {
    expect(Object.keys(global.findResources("AWS::Cognito::UserPool"))).toHaveLength(2);
    expect(pool.id).not.toBe(resourceNamed(global, "AWS::Cognito::UserPool", "Officials").id);
    expect(client.properties.UserPoolId).toEqual({ Ref: pool.id });
  });

  it("admits only administrator-created operators, with strong passwords and TOTP required", () => {
    expect(pool.properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(pool.properties.MfaConfiguration).toBe("ON");
    expect(pool.properties.EnabledMfas).toEqual(["SOFTWARE_TOKEN_MFA"]);
    expect(pool.properties.Policies.PasswordPolicy).toMatchObject({ MinimumLength: 14, RequireSymbols: true });
    expect(pool.properties.UserPoolTier).toBe("PLUS");
    expect(pool.properties.DeletionProtection).toBe("ACTIVE");
  });

  it("has no tenant or role attribute, and its client writes only harmless standard attributes", () => {
    expect(JSON.stringify(pool.properties.Schema ?? [])).not.toMatch(/tenant_id|role/);
    expect(client.properties.WriteAttributes).toEqual(["locale", "name"]);
    expect(client.properties.GenerateSecret).toBe(false);
    expect(client.properties.ExplicitAuthFlows).toEqual(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    expect(client.properties.AllowedOAuthFlows).toBeUndefined();
  });

  it("tells the API the operators' issuer, audience and key set", () => {
    const variables = lambdaFunction(global, "anquan-api").properties.Environment.Variables;
    const issuer = { "Fn::GetAtt": [pool.id, "ProviderURL"] };
    expect(variables.OPERATOR_OIDC_ISSUER).toEqual(issuer);
    expect(variables.OPERATOR_OIDC_AUDIENCE).toEqual({ Ref: client.id });
    expect(variables.OPERATOR_OIDC_JWKS_URL).toEqual({ "Fn::Join": ["", [issuer, "/.well-known/jwks.json"]] });
    expect(variables.OPERATOR_OIDC_ISSUER).not.toEqual(variables.OIDC_ISSUER);
  });
});

describe("the platform operators' external OIDC provider (aws-cn partition)", () => {
  it("is a placeholder issuer of its own until configured", () => {
    const variables = lambdaFunction(china, "anquan-api").properties.Environment.Variables;
    expect(variables.OPERATOR_OIDC_ISSUER).toMatch(/^https:\/\/.+\.invalid$/);
    expect(variables.OPERATOR_OIDC_ISSUER).not.toBe(variables.OIDC_ISSUER);
    expect(variables.OPERATOR_OIDC_JWKS_URL).toBe(`${variables.OPERATOR_OIDC_ISSUER}/.well-known/jwks.json`);
  });

  it("takes the operators' issuer and audience from context", () => {
    const { china: configured } = synthAnquan({
      operatorIssuer: "https://idp.example.cn/realms/operators",
      operatorAudience: "anquan-operators-cn",
    });
    const variables = lambdaFunction(configured, "anquan-api").properties.Environment.Variables;
    expect(variables.OPERATOR_OIDC_ISSUER).toBe("https://idp.example.cn/realms/operators");
    expect(variables.OPERATOR_OIDC_AUDIENCE).toBe("anquan-operators-cn");
    expect(variables.OPERATOR_OIDC_JWKS_URL).toBe("https://idp.example.cn/realms/operators/.well-known/jwks.json");
  });
});
