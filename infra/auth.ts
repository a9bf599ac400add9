// Who signs the officials' tokens, and apart from them the platform operators'. In the aws partition a Cognito
// user pool each; in aws-cn, where the stack cannot rely on Cognito user pools, an external OIDC provider each,
// given by context. Either way the API only learns two issuers and audiences and verifies ID tokens against them:
// an operator is whoever holds a token of the operators' trust, never an official with a particular attribute.
import { Annotations, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { acknowledge } from "./acknowledge.ts";

export interface OidcSettings {
  readonly issuer: string;
  readonly audience: string;
  /** Where the issuer publishes its signing keys. */
  readonly jwksUrl: string;
}

const jwksUrlOf = (issuer: string) => `${issuer}/.well-known/jwks.json`;

/** Claims the API reads the tenant and role from (see packages/api auth). */
export const tenantClaim = "custom:tenant_id";
export const roleClaim = "custom:role";
/** The departments an official belongs to, comma-separated (key hazard lists are published in their name). */
export const departmentsClaim = "custom:departments";

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
        // Comma-separated department names (settings.departments); a custom attribute can be added to a live pool.
        departments: new cognito.StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
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
        .withCustomAttributes("tenant_id", "role", "departments"),
      // Explicit on purpose: left unset, Cognito lets the client write every mutable attribute, including
      // custom:tenant_id, and a user could move themselves into another tenant (or into a department): the tenant must
      // come from claims no client can write.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true, locale: true }),
    });

    const issuer = this.userPool.userPoolProviderUrl;
    this.oidc = { issuer, audience: this.client.userPoolClientId, jwksUrl: jwksUrlOf(issuer) };
  }
}

/**
 * The platform operators' own user pool: they manage tenants, so they sign in apart from every tenant's officials,
 * with TOTP required and no tenant or role attribute at all (the pool itself is what makes them operators).
 */
export class OperatorsUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly oidc: OidcSettings;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, "UserPool", {
      // Operators are created by an administrator of the platform, never by signing themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
      },
      // A few accounts with power over every tenant: a second factor is not optional.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.client = this.userPool.addClient("ApiClient", {
      generateSecret: false, // the operators' console is a browser app: it cannot keep a secret
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes().withStandardAttributes({
        email: true,
        emailVerified: true,
        fullname: true,
        locale: true,
      }),
      // Explicit, as for officials: left unset, Cognito lets the client write every mutable attribute.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true, locale: true }),
    });

    const issuer = this.userPool.userPoolProviderUrl;
    this.oidc = { issuer, audience: this.client.userPoolClientId, jwksUrl: jwksUrlOf(issuer) };
  }
}

/** Placeholders that synthesize but reject every token until set; each trust has its own. */
const placeholders = {
  officials: { issuer: "https://oidc.anquan.invalid", audience: "anquan-api" },
  operators: { issuer: "https://operators.oidc.anquan.invalid", audience: "anquan-operators" },
} as const;

function contextOidc(scope: Construct, issuerKey: string, audienceKey: string, placeholder: { issuer: string; audience: string }) {
  const issuer = scope.node.tryGetContext(issuerKey) as string | undefined;
  const audience = scope.node.tryGetContext(audienceKey) as string | undefined;
  if (issuer === undefined || audience === undefined) {
    Annotations.of(scope).addInfo(
      `No external OIDC provider given (-c ${issuerKey}=... -c ${audienceKey}=...): using placeholders that ` +
        "synthesize but reject every token until set.",
    );
  }
  const resolved = issuer ?? placeholder.issuer;
  return { issuer: resolved, audience: audience ?? placeholder.audience, jwksUrl: jwksUrlOf(resolved) };
}

/** OIDC settings for the officials' external provider, from context `oidcIssuer` / `oidcAudience`. */
export function externalOidc(scope: Construct): OidcSettings {
  return contextOidc(scope, "oidcIssuer", "oidcAudience", placeholders.officials);
}

/** OIDC settings for the platform operators' external provider, from context `operatorIssuer` / `operatorAudience`. */
export function externalOperatorOidc(scope: Construct): OidcSettings {
  return contextOidc(scope, "operatorIssuer", "operatorAudience", placeholders.operators);
}
