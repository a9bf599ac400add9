// Verifies bearer JWTs (OIDC ID tokens: Cognito in AWS, the local signing key on a laptop) and maps their claims
// to a principal. Two trusts, never mixed: officials (tenant users) from their issuer, with tenant, role and
// departments claims set by administrators, and platform operators from an issuer and audience of their own. A tenant user's attribute
// can never make a platform operator, and an operator's token carries no tenant. Lifetimes are bounded: issued no
// later than now, living at most a day (Cognito ID tokens live at most one), ID tokens only.
//
// A token verified once is known again without its signature checked (a warm official's every request would pay
// it): by its SHA-256, for as long as it would still verify on the clock and at most `verifiedForSeconds`, so a
// key withdrawn from the issuer's key set stops being honoured within that time. Refusals are not remembered.
import { createHash } from "node:crypto";
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, type JSONWebKeySet, type JWTVerifyGetKey, jwtVerify } from "jose";
import { isDivisionCode } from "#core/kernel/division-code";
import { errors } from "#core/kernel/errors";
import { LruMap } from "#core/kernel/lru-map";
import type { Clock } from "#core/kernel/ports";
import { type Principal, type TenantRole, tenantRoles } from "#core/kernel/principal";

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/** Whom tokens of one kind come from. */
export interface TrustOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: JWTVerifyGetKey;
}

export interface JwtVerifierOptions {
  /** Tenant users: their tenant and role come from the claims below. */
  readonly officials: TrustOptions;
  /** Platform operators: every valid token of this issuer and audience is an operator, and names no tenant. */
  readonly operators: TrustOptions;
  /** Claim names; Cognito custom attributes by default. */
  readonly tenantClaim?: string | undefined;
  readonly roleClaim?: string | undefined;
  /** The departments an official belongs to: a comma-separated string (a Cognito custom attribute) or an array. */
  readonly departmentsClaim?: string | undefined;
  readonly clockToleranceSeconds?: number;
  /** Longest lifetime (`exp - iat`) and age of a token accepted. Default a day. */
  readonly maxTokenLifetimeSeconds?: number;
  /** The clock times are checked against (the app's, so tests can pin it). */
  readonly clock: Clock;
  /** How long a verified token is known again without its signature checked. Default 300 s; 0: never. */
  readonly verifiedForSeconds?: number;
}

/** Verified tokens one process remembers (least recently used dropped first). */
const rememberedTokens = 10_000;

export const defaultClaims = { tenant: "custom:tenant_id", role: "custom:role", departments: "custom:departments" } as const;

/** Departments one token may name: more is a malformed claim. */
export const maxClaimedDepartments = 100;

/**
 * The departments a claim names, trimmed, without empties or repeats: "住建局,应急管理局" (ASCII or full-width commas)
 * or ["住建局", "应急管理局"]; absent is none. Anything else (a number, an array with a non-string) is undefined:
 * a malformed claim, refused like a bad tenant or role.
 */
export function claimedDepartments(claim: unknown): string[] | undefined {
  if (claim === undefined || claim === null) return [];
  const parts = typeof claim === "string" ? claim.split(/[,，]/) : Array.isArray(claim) ? claim : undefined;
  if (!parts || parts.some((p) => typeof p !== "string")) return undefined;
  const names = [...new Set((parts as string[]).map((p) => p.trim()).filter((p) => p.length > 0))];
  return names.length > maxClaimedDepartments ? undefined : names;
}

const platformRole = "platform-admin";
const day = 24 * 3600;

const invalidToken = () =>
  errors.unauthenticated("invalid_token", { zh: "身份令牌无效或已过期", en: "The bearer token is invalid or expired" });

const invalidClaims = () =>
  errors.unauthenticated("invalid_claims", {
    zh: "身份令牌缺少有效的租户或角色声明",
    en: "The token lacks a valid tenant or role claim",
  });

/** The token's issuer and audiences, unverified: only to choose the trust to verify it against. */
function claimedOrigin(token: string): { issuer: unknown; audiences: unknown[] } {
  try {
    const { iss, aud } = decodeJwt(token);
    return { issuer: iss, audiences: Array.isArray(aud) ? aud : [aud] };
  } catch {
    throw invalidToken();
  }
}

export function jwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const tenantClaim = options.tenantClaim ?? defaultClaims.tenant;
  const roleClaim = options.roleClaim ?? defaultClaims.role;
  const departmentsClaim = options.departmentsClaim ?? defaultClaims.departments;
  const tolerance = options.clockToleranceSeconds ?? 30;
  const maxLifetime = options.maxTokenLifetimeSeconds ?? day;
  const { officials, operators } = options;
  if (officials.issuer === operators.issuer && officials.audience === operators.audience) {
    // One trust for both would let any official's token without a tenant claim act as a platform operator.
    throw new Error("officials and platform operators need different issuers or audiences");
  }

  const verifiedFor = options.verifiedForSeconds ?? 300;
  /** SHA-256 of a verified token → its principal, and the span of clock seconds in which it still verifies. */
  const known = new LruMap<string, { principal: Principal; from: number; until: number }>(rememberedTokens);

  async function verified(token: string, trust: TrustOptions): Promise<Record<string, unknown>> {
    try {
      const { payload, protectedHeader } = await jwtVerify(token, trust.keys, {
        issuer: trust.issuer,
        audience: trust.audience,
        algorithms: ["RS256", "ES256"],
        clockTolerance: tolerance,
        currentDate: options.clock.now(),
        // iat is required and may be at most the tolerance ahead of now; the token at most a day old.
        maxTokenAge: maxLifetime,
        requiredClaims: ["sub", "exp", "iat"],
      });
      // Absent is fine (Cognito sets none); present, only a plain JWT — not an access token (`at+jwt`) or anything else.
      if (protectedHeader.typ !== undefined && protectedHeader.typ.toUpperCase() !== "JWT") throw invalidToken();
      // Cognito ID tokens say `id`; an access token (`access`) carries no verified identity claims.
      if (payload.token_use !== undefined && payload.token_use !== "id") throw invalidToken();
      const { iat, exp } = payload;
      if (typeof iat !== "number" || typeof exp !== "number" || exp - iat > maxLifetime) throw invalidToken();
      return payload;
    } catch {
      throw invalidToken();
    }
  }

  async function principalOf(token: string): Promise<{ principal: Principal; payload: Record<string, unknown> }> {
    const { issuer, audiences } = claimedOrigin(token);
    const isOperator = issuer === operators.issuer && audiences.includes(operators.audience);
    const payload = await verified(token, isOperator ? operators : officials);
    const subject = payload.sub;
    if (typeof subject !== "string" || subject.length === 0) throw invalidClaims();
    const role = payload[roleClaim];
    if (isOperator) {
      // An operator's token names no tenant, and no role but the operator's own.
      if (tenantClaim in payload || (role !== undefined && role !== platformRole)) throw invalidClaims();
      return { principal: { kind: "platform", subject, role: platformRole }, payload };
    }
    const tenantId = payload[tenantClaim];
    if (typeof tenantId !== "string" || !isDivisionCode(tenantId) || !isTenantRole(role)) throw invalidClaims();
    const departments = claimedDepartments(payload[departmentsClaim]);
    if (!departments) throw invalidClaims();
    return { principal: { kind: "user", tenantId, subject, role, departments }, payload };
  }

  return {
    async verify(token) {
      const now = options.clock.now().getTime() / 1000;
      const key = createHash("sha256").update(token).digest("base64url");
      const hit = known.get(key);
      if (hit && now >= hit.from && now < hit.until) return copy(hit.principal);
      const { principal, payload } = await principalOf(token);
      if (verifiedFor > 0) {
        // The span jwtVerify accepts (iat and nbf at most the tolerance ahead, exp and the age limit the tolerance
        // behind), cut to verifiedFor from now.
        const iat = payload.iat as number;
        const from = Math.max(iat, typeof payload.nbf === "number" ? payload.nbf : iat) - tolerance;
        const until = Math.min((payload.exp as number) + tolerance, iat + maxLifetime + tolerance, now + verifiedFor);
        known.set(key, { principal: copy(principal), from, until });
      }
      return principal;
    },
  };
}

/** A principal of its own for each request, so that no caller can change what the cache keeps. */
function copy(principal: Principal): Principal {
  return principal.kind === "user" && principal.departments ? { ...principal, departments: [...principal.departments] } : { ...principal };
}

function isTenantRole(role: unknown): role is TenantRole {
  return tenantRoles.some((r) => r === role);
}

export function localKeySet(jwks: JSONWebKeySet): JWTVerifyGetKey {
  return createLocalJWKSet(jwks);
}

export function remoteKeySet(url: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), { cacheMaxAge: 6 * 3600_000 });
}
