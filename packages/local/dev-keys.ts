// The laptop's stand-ins for AWS secrets: an ES256 signing key for dev JWTs (its public half is published
// as the local JWKS) and the cursor-signing secret. Made once per data folder and kept there (git-ignored),
// so `npm run token` and `npm start` agree without talking to each other.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, SignJWT } from "jose";
import { defaultClaims } from "#api/jwt-verifier";
import type { Role } from "#core/principal";

export const localIssuer = "https://anquan.local/dev";
export const localAudience = "anquan-local";

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
  readonly ttlSeconds?: number | undefined;
}

/** A JWT shaped like a Cognito ID token (custom:tenant_id, custom:role), signed with the dev key. */
export async function mintDevToken(keys: DevKeys, request: DevTokenRequest): Promise<string> {
  const key = await importJWK(keys.privateJwk, "ES256");
  const claims: Record<string, string> = { [defaultClaims.role]: request.role };
  if (request.tenantId) claims[defaultClaims.tenant] = request.tenantId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", kid: String(keys.privateJwk.kid) })
    .setIssuer(localIssuer)
    .setAudience(localAudience)
    .setSubject(request.subject ?? `dev-${request.role}${request.tenantId ? `-${request.tenantId}` : ""}`)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 12 * 3600}s`)
    .sign(key);
}
