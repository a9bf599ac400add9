// Officials sign in to a Cognito user pool in the aws partition and to an external OIDC provider in aws-cn.
// Whatever the provider, no client can write its own tenant or role claim: the tenant comes from verified claims only.
import { describe, expect, it } from "vitest";
import { lambdaFunction, resourceNamed, synthAnquan } from "./synth-anquan.ts";

const { global, china } = synthAnquan();

describe("the officials' user pool (aws partition)", () => {
  const pool = resourceNamed(global, "AWS::Cognito::UserPool", "Officials").properties;
  const client = resourceNamed(global, "AWS::Cognito::UserPoolClient", "Officials").properties;

  it("lets no app client write the tenant, role or departments claim, and says so explicitly", () => {
    // Absent WriteAttributes would mean "every mutable attribute", custom:tenant_id included.
    expect(client.WriteAttributes).toBeInstanceOf(Array);
    expect(client.WriteAttributes).not.toContain("custom:tenant_id");
    expect(client.WriteAttributes).not.toContain("custom:role");
    expect(client.WriteAttributes).not.toContain("custom:departments");
    expect(client.ReadAttributes).toEqual(expect.arrayContaining(["custom:tenant_id", "custom:role", "custom:departments"]));
  });

  it("keeps tenant_id, role and departments as administrator-managed custom attributes", () => {
    expect(pool.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: "tenant_id", AttributeDataType: "String", Mutable: true }),
        expect.objectContaining({ Name: "role", AttributeDataType: "String", Mutable: true }),
        // Comma-separated department names: long enough for many.
        expect.objectContaining({
          Name: "departments",
          AttributeDataType: "String",
          Mutable: true,
          StringAttributeConstraints: { MinLength: "0", MaxLength: "2048" },
        }),
      ]),
    );
  });

  it("admits only administrator-created users with strong passwords and optional TOTP", () => {
    expect(pool.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(pool.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool.MfaConfiguration).toBe("OPTIONAL");
    expect(pool.EnabledMfas).toEqual(["SOFTWARE_TOKEN_MFA"]);
    expect(pool.UserPoolTier).toBe("PLUS");
  });

  it("has a public SRP client with no OAuth flows", () => {
    expect(client.GenerateSecret).toBe(false);
    expect(client.ExplicitAuthFlows).toEqual(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    expect(client.AllowedOAuthFlows).toBeUndefined();
  });

  it("tells the API to verify ID tokens of this pool and client", () => {
    const variables = lambdaFunction(global, "anquan-api").properties.Environment.Variables;
    expect(variables.OIDC_ISSUER).toEqual({
      "Fn::GetAtt": [resourceNamed(global, "AWS::Cognito::UserPool", "Officials").id, "ProviderURL"],
    });
    expect(variables.OIDC_AUDIENCE).toEqual({ Ref: resourceNamed(global, "AWS::Cognito::UserPoolClient", "Officials").id });
  });
});

describe("the external OIDC provider (aws-cn partition)", () => {
  it("creates no Cognito resources", () => {
    expect(Object.keys(china.findResources("AWS::Cognito::UserPool"))).toEqual([]);
  });

  it("takes issuer and audience from context", () => {
    const { china: configured } = synthAnquan({
      oidcIssuer: "https://idp.example.cn/realms/anquan",
      oidcAudience: "anquan-api-cn",
    });
    const variables = lambdaFunction(configured, "anquan-api").properties.Environment.Variables;
    expect(variables.OIDC_ISSUER).toBe("https://idp.example.cn/realms/anquan");
    expect(variables.OIDC_AUDIENCE).toBe("anquan-api-cn");
  });
});
