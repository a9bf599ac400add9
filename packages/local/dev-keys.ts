// The laptop's stand-ins for AWS secrets: an ES256 signing key for dev JWTs (its public half is published
// as the local JWKS) and the cursor-signing secret. Made once per data folder and kept there (git-ignored),
// so `npm run token` and `npm start` agree without talking to each other. Officials' tokens and platform
// operators' tokens come from two local issuers, as they come from two user pools in AWS.

import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, SignJWT } from "jose";
import { defaultClaims } from "#api/jwt-verifier";
import type { Role } from "#core/kernel/principal";
import { systemClock } from "#core/kernel/system-clock";

/** The officials' (tenant users') local issuer and audience. */
export const localIssuer = "https://anquan.local/dev";
export const localAudience = "anquan-local";
/** The platform operators' local issuer and audience: their tokens are trusted apart from officials'. */
export const localOperatorIssuer = "https://anquan.local/operators";
export const localOperatorAudience = "anquan-local-operators";
/** The longest-lived token the API accepts (Cognito ID tokens live at most a day). */
export const maxDevTokenSeconds = 24 * 3600;

export interface DevKeys {
  readonly privateJwk: JWK;
  readonly jwks: JSONWebKeySet;
  readonly cursorSecret: Uint8Array;
}

interface StoredKeys {
  privateJwk: JWK;
  publicJwk: JWK;
  cursorSecret: string;
}

export async function loadDevKeys(dataDir: string): Promise<DevKeys> {
  const file = join(dataDir, "dev-keys.json");
  let stored: StoredKeys;
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as StoredKeys;
  } catch {
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    const kid = randomBytes(8).toString("hex");
    stored = {
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "ES256" },
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" },
      cursorSecret: randomBytes(32).toString("base64url"),
    };
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, JSON.stringify(stored, null, 2), { flag: "wx", mode: 0o600 });
    } catch {
      stored = JSON.parse(readFileSync(file, "utf8")) as StoredKeys; // another process made it first
    }
  }
  return {
    privateJwk: stored.privateJwk,
    jwks: { keys: [stored.publicJwk] },
    cursorSecret: Buffer.from(stored.cursorSecret, "base64url"),
  };
}

export interface DevTokenRequest {
  readonly role: Role;
  readonly tenantId?: string | undefined;
  readonly subject?: string | undefined;
  /** An official's departments, sent as Cognito sends its custom attribute: one comma-separated string. */
  readonly departments?: readonly string[] | undefined;
  readonly ttlSeconds?: number | undefined;
  /** When it is issued. Default: now. */
  readonly now?: Date | undefined;
}

/**
 * A JWT shaped like a Cognito ID token, signed with the dev key: an official's (custom:tenant_id, custom:role,
 * custom:departments if any) from the officials' issuer, or a platform operator's (no tenant) from the operators'
 * issuer.
 */
export async function mintDevToken(keys: DevKeys, request: DevTokenRequest): Promise<string> {
  const key = await importJWK(keys.privateJwk, "ES256");
  const operator = request.role === "platform-admin";
  if (operator && request.tenantId) throw new Error("a platform operator's token names no tenant");
  const claims: Record<string, string> = { [defaultClaims.role]: request.role, token_use: "id" };
  if (request.tenantId) claims[defaultClaims.tenant] = request.tenantId;
  if (request.departments && request.departments.length > 0) claims[defaultClaims.departments] = request.departments.join(",");
  const issuedAt = Math.floor((request.now ?? systemClock.now()).getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", kid: String(keys.privateJwk.kid), typ: "JWT" })
    .setIssuer(operator ? localOperatorIssuer : localIssuer)
    .setAudience(operator ? localOperatorAudience : localAudience)
    .setSubject(request.subject ?? `dev-${request.role}${request.tenantId ? `-${request.tenantId}` : ""}`)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.min(request.ttlSeconds ?? 12 * 3600, maxDevTokenSeconds))
    .sign(key);
}
