// Use cases on API keys: a tenant-admin creates (secret shown once; the departments it acts for among the tenant's),
// lists and revokes its keys; the auth layer turns a presented token into a principal.

import { auditEntry, diff } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { actorOf, type Principal, requireTenantAdmin } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import {
  type ApiKey,
  type ApiKeyRecord,
  CreateApiKeySchema,
  mintToken,
  parseToken,
  publicView,
  secretMatches,
} from "#core/tenancy/api-key";
import type { ApiKeyRepository, SettingsRepository } from "#core/tenancy/ports";
import { departmentProblems } from "#core/tenancy/settings";

export interface ApiKeyServiceDeps {
  readonly apiKeys: ApiKeyRepository;
  /** The tenant's departments, which a key may be issued for. */
  readonly settings: SettingsRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** The create answer: the key, and its token — the only time the token is ever shown. */
export interface CreatedApiKey extends ApiKey {
  readonly token?: string;
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;

/** Every refused API key gets this one answer: wrong secret, unknown key or tenant, suspended, revoked, expired. */
export const invalidApiKey = () =>
  errors.unauthenticated("invalid_api_key", { zh: "API 密钥无效、已吊销或已过期", en: "The API key is invalid, revoked or expired" });

export function createApiKeyService(deps: ApiKeyServiceDeps) {
  const { apiKeys, clock, ids } = deps;

  async function load(tenantId: string, id: string): Promise<ApiKeyRecord> {
    const record = await apiKeys.get(tenantId, id);
    if (!record) throw errors.notFound("api-key", id);
    return record;
  }

  return {
    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<CreatedApiKey>> {
      const admin = requireTenantAdmin(ctx.principal);
      const input = parseOrThrow(CreateApiKeySchema, raw);
      return idempotentCreate(deps.idempotency, admin.tenantId, claim, async (claimed) => {
        if (input.departments.length > 0) {
          const { departments } = await deps.settings.get(admin.tenantId);
          const problems = input.departments.flatMap((d, i) => departmentProblems(departments, d, `departments.${i}`));
          if (problems.length > 0) throw errors.unprocessable(problems);
        }
        const id = ids.next();
        const { token, secretHash } = mintToken(admin.tenantId, id);
        const now = clock.now().toISOString();
        const record: ApiKeyRecord = {
          id,
          tenantId: admin.tenantId,
          name: input.name,
          prefix: token.slice(0, 14),
          scopes: [...new Set(input.scopes)].sort(),
          departments: input.departments,
          rateLimitPerMinute: input.rateLimitPerMinute,
          status: "active",
          createdAt: now,
          createdBy: actorOf(admin).id,
          expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
          revokedAt: null,
          lastUsedAt: null,
          secretHash,
          version: 1,
        };
        const view = publicView(record);
        const audit = auditEntry(auditSource(ctx, clock, ids), "api-key.create", { type: "api-key", id }, diff(undefined, view));
        // A replay answers without the token: it was shown once and is not stored.
        await apiKeys.save(
          record.tenantId,
          { before: undefined, after: record },
          { audit, idempotency: idempotencyWrite(claimed, 201, view) },
        );
        return { status: 201, body: { ...view, token } };
      });
    },

    async list(ctx: RequestContext, page: PageRequest): Promise<Page<ApiKey>> {
      const admin = requireTenantAdmin(ctx.principal);
      const result = await apiKeys.list(admin.tenantId, page);
      return { items: result.items.map(publicView), nextCursor: result.nextCursor };
    },

    async get(ctx: RequestContext, id: string): Promise<ApiKey> {
      const admin = requireTenantAdmin(ctx.principal);
      return publicView(await load(admin.tenantId, id));
    },

    async revoke(ctx: RequestContext, id: string, expectedVersion?: number): Promise<ApiKey> {
      const admin = requireTenantAdmin(ctx.principal);
      const current = await load(admin.tenantId, id);
      requireVersion("api-key", id, expectedVersion, current.version);
      if (current.status === "revoked") return publicView(current);
      const now = clock.now().toISOString();
      const next: ApiKeyRecord = { ...current, status: "revoked", revokedAt: now, version: current.version + 1 };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "api-key.revoke",
        { type: "api-key", id },
        diff(publicView(current), publicView(next)),
      );
      await apiKeys.save(next.tenantId, { before: current, after: next }, { audit });
      return publicView(next);
    },

    /** Resolves a presented token to its principal, or throws 401. */
    async authenticate(token: string): Promise<{ principal: Principal; record: ApiKeyRecord }> {
      const parsed = parseToken(token);
      if (!parsed) throw invalidApiKey();
      const record = await apiKeys.get(parsed.tenantId, parsed.keyId);
      if (!record || !secretMatches(parsed.secret, record.secretHash) || record.status !== "active") throw invalidApiKey();
      if (record.expiresAt && Date.parse(record.expiresAt) <= clock.now().getTime()) throw invalidApiKey();
      return {
        principal: {
          kind: "api-key",
          tenantId: record.tenantId,
          keyId: record.id,
          scopes: record.scopes,
          createdBy: record.createdBy,
          departments: record.departments,
        },
        record,
      };
    },
  };
}
