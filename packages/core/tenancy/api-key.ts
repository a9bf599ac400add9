// API keys (接口密钥) for third-party portals: created by a tenant-admin, shown once, stored as a hash,
// scoped per resource family, optionally issued for departments (it acts in their name: core/tenancy/
// department-access.ts), revocable. The token names its tenant and key id so the lookup is one GetItem
// under that tenant; the tenant in the token is only trusted once the stored hash matches.

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { isDivisionCode } from "#core/kernel/division-code";
import { idSource } from "#core/kernel/ids";
import { allScopes, type Scope } from "#core/kernel/principal";
import { singleLine } from "#core/kernel/text";

export const ScopeSchema = z.enum(allScopes as [Scope, ...Scope[]]);

export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: "The token's first characters, to recognise it" }),
  scopes: z.array(ScopeSchema),
  departments: z.array(z.string()).meta({ description: "Departments the key acts for (publishing their key hazard lists); empty: none" }),
  rateLimitPerMinute: z.number().int(),
  status: z.enum(["active", "revoked"]),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  version: z.number().int(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

export interface ApiKeyRecord extends ApiKey {
  readonly tenantId: string;
  /** SHA-256 of the secret part, hex. The secret has 256 bits of entropy, so a plain hash suffices. */
  readonly secretHash: string;
}

export const CreateApiKeySchema = z.strictObject({
  name: singleLine(100),
  scopes: z.array(ScopeSchema).min(1).max(allScopes.length),
  departments: z
    .array(singleLine(50))
    .max(100)
    .refine((names) => new Set(names).size === names.length, { message: "A department is listed twice" })
    .default([])
    .meta({
      description: "Departments of settings.departments the key acts for, e.g. a department's own portal publishing its key hazard lists",
    }),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).default(600),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

const tokenPattern = new RegExp(`^aq_(\\d{6})_(${idSource})_([A-Za-z0-9_-]{43})$`);

export interface ParsedToken {
  readonly tenantId: string;
  readonly keyId: string;
  readonly secret: string;
}

export function mintToken(tenantId: string, keyId: string): { token: string; secretHash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { token: `aq_${tenantId}_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

/**
 * The parts of a presented token, or undefined unless it is shaped like one we mint — its tenant a real division
 * code (anyone can send `aq_999999_…`; it must be refused like any unknown key, not reach the store's key builders).
 */
export function parseToken(token: string): ParsedToken | undefined {
  const match = tokenPattern.exec(token);
  if (!match) return undefined;
  const [, tenantId, keyId, secret] = match;
  return tenantId && keyId && secret && isDivisionCode(tenantId) ? { tenantId, keyId, secret } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), "hex");
  const stored = Buffer.from(secretHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export function publicView(record: ApiKeyRecord): ApiKey {
  const { tenantId: _tenant, secretHash: _hash, ...view } = record;
  return view;
}

/** A stored key as read: keys issued before departments existed act for none. */
export function withDepartments(stored: Omit<ApiKeyRecord, "departments"> & { departments?: string[] }): ApiKeyRecord {
  return { ...stored, departments: stored.departments ?? [] };
}
