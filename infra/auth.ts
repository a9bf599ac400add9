// Who signs the officials' tokens. In the aws partition a Cognito user pool; in aws-cn, where the stack cannot
// rely on Cognito user pools, an external OIDC provider given by context. Either way the API only learns an
// issuer and an audience and verifies ID tokens against them.
import { Annotations, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { acknowledge } from "./acknowledge.ts";

export interface OidcSettings {
  readonly issuer: string;
  readonly audience: string;
}

/** Claims the API reads the tenant and role from (see packages/api auth). */
export const tenantClaim = "custom:tenant_id";
export const roleClaim = "custom:role";

export class OfficialsUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly oidc: OidcSettings;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, "UserPool", {
      // Officials are provisioned by an administrator of their tenant, never by signing themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus tier: compromised-credential checks and adaptive authentication on risky sign-ins.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        // Mutable so an administrator can move an official, but no app client may write it (below).
        tenant_id: new cognito.StringAttribute({ minLen: 6, maxLen: 6, mutable: true }),
        role: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      "AwsSolutions-COG2",
      "MFA is optional so administrator-created officials can sign in and enrol TOTP themselves; Plus-tier " +
        "threat protection (full function) challenges risky sign-ins, and tenants can require MFA by policy.",
    );

    this.client = this.userPool.addClient("ApiClient", {
      generateSecret: false, // a browser/mobile client cannot keep a secret
      authFlows: { userSrp: true }, // refresh-token auth is always enabled alongside
      // Without this CDK enables the hosted-UI OAuth flows, implicit grant included, with a placeholder callback.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true, locale: true })
        .withCustomAttributes("tenant_id", "role"),
      // Explicit on purpose: left unset, Cognito lets the client write every mutable attribute, including
      // custom:tenant_id, and a user could move themselves into another tenant (STYLE.md #3).
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true, locale: true }),
    });

    this.oidc = { issuer: this.userPool.userPoolProviderUrl, audience: this.client.userPoolClientId };
  }
}

const placeholderIssuer = "https://oidc.anquan.invalid";
const placeholderAudience = "anquan-api";

/** OIDC settings for an external provider, from context `oidcIssuer` / `oidcAudience`. */
export function externalOidc(scope: Construct): OidcSettings {
  const issuer = scope.node.tryGetContext("oidcIssuer") as string | undefined;
  const audience = scope.node.tryGetContext("oidcAudience") as string | undefined;
  if (issuer === undefined || audience === undefined) {
    Annotations.of(scope).addInfo(
      "No external OIDC provider given (-c oidcIssuer=... -c oidcAudience=...): using placeholders that " +
        "synthesize but reject every token until set.",
    );
  }
  return { issuer: issuer ?? placeholderIssuer, audience: audience ?? placeholderAudience };
}
