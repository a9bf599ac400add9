// Verifies officials' bearer JWTs (OIDC ID tokens: Cognito in AWS, the local signing key on a laptop) and
// maps their claims to a principal. Tenant and role come only from these verified claims.
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey, jwtVerify } from "jose";
import { isDivisionCode } from "#core/division-code";
import { errors } from "#core/errors";
import { type Principal, tenantRoles } from "#core/principal";

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export interface JwtVerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: JWTVerifyGetKey;
  /** Claim names; Cognito custom attributes by default. */
  readonly tenantClaim?: string;
  readonly roleClaim?: string;
  readonly clockToleranceSeconds?: number;
}

export const defaultClaims = { tenant: "custom:tenant_id", role: "custom:role" } as const;

const invalidToken = () =>
  errors.unauthenticated("invalid_token", { zh: "身份令牌无效或已过期", en: "The bearer token is invalid or expired" });

export function jwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const tenantClaim = options.tenantClaim ?? defaultClaims.tenant;
  const roleClaim = options.roleClaim ?? defaultClaims.role;
  return {
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, options.keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ["RS256", "ES256"],
          clockTolerance: options.clockToleranceSeconds ?? 30,
          requiredClaims: ["sub", "exp"],
        }));
      } catch {
        throw invalidToken();
      }
      const subject = String(payload.sub);
      const role = payload[roleClaim];
      if (role === "platform-admin") return { kind: "platform", subject, role };
      const tenantId = payload[tenantClaim];
      if (typeof tenantId !== "string" || !isDivisionCode(tenantId) || !tenantRoles.includes(role as never)) {
        throw errors.unauthenticated("invalid_claims", {
          zh: "身份令牌缺少有效的租户或角色声明",
          en: "The token lacks a valid tenant or role claim",
        });
      }
      return { kind: "user", tenantId, subject, role: role as (typeof tenantRoles)[number] };
    },
  };
}

export function localKeySet(jwks: JSONWebKeySet): JWTVerifyGetKey {
  return createLocalJWKSet(jwks);
}

export function remoteKeySet(url: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), { cacheMaxAge: 6 * 3600_000 });
}
