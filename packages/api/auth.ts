// Authentication: turns the presented credential — an official's bearer JWT or a portal's X-Api-Key — into
// the principal, refuses unknown or suspended tenants, and throttles every caller: per API key (its own limit),
// per official (by role) and per platform operator, and a tenant's callers together per tenant. The tenant comes
// from the credential only; nothing in path, query or body can name it. Anyone can send an API key naming any
// tenant, so the tenant registry (platform session) is asked first: a key of an unknown or suspended tenant is
// refused without a tenant session (in AWS an AssumeRole) ever being opened for it.
import { createHash } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import type { AppDeps } from "#api/deps";
import type { AppEnv } from "#api/env";
import { TtlCache } from "#api/ttl-cache";
import { errors } from "#core/kernel/errors";
import { LruMap } from "#core/kernel/lru-map";
import type { Principal } from "#core/kernel/principal";
import { leasedRateLimiter } from "#core/kernel/rate-lease";
import { defaultRateLimits, type RateDecision, type RateLimits } from "#core/kernel/rate-limit";
import { parseToken } from "#core/tenancy/api-key";
import { type ApiKeyService, invalidApiKey } from "#core/tenancy/api-key-service";
import type { Tenant } from "#core/tenancy/tenant";

const touchEveryMs = 60_000;
/** Keys whose last use this process remembers (to record it at most once a minute); least recently used out. */
const touchedKeys = 10_000;

export interface AuthCaches {
  /** The tenant registry's answers, found or not (so unknown tenants are not asked again and again). */
  readonly tenants: TtlCache<Tenant | undefined>;
  readonly apiKeys: TtlCache<Awaited<ReturnType<ApiKeyService["authenticate"]>>>;
}

export function authCaches(deps: AppDeps): AuthCaches {
  const ttl = deps.authCacheMs ?? 5_000;
  const now = () => deps.clock.now().getTime();
  return { tenants: new TtlCache(ttl, now), apiKeys: new TtlCache(ttl, now) };
}

/** The tenant as the platform registry knows it: read on the platform session, no tenant session needed. */
export function registeredTenant(deps: AppDeps, caches: AuthCaches, tenantId: string): Promise<Tenant | undefined> {
  return caches.tenants.get(tenantId, () => deps.tenants.registered(tenantId));
}

export function authenticate(deps: AppDeps, apiKeys: ApiKeyService, caches: AuthCaches): MiddlewareHandler<AppEnv> {
  const lastTouched = new LruMap<string, number>(touchedKeys);
  const limits: RateLimits = { ...defaultRateLimits, ...deps.rateLimits };
  // Requests are taken from the shared buckets a few at a time, not one write each (core/kernel/rate-lease.ts).
  const limiter = leasedRateLimiter(deps.rateLimiter, deps.rateLease);

  async function fromApiKey(token: string): Promise<{ principal: Principal; tenant: Tenant; limitPerMinute: number }> {
    const parsed = parseToken(token);
    if (!parsed) throw invalidApiKey();
    // Unknown or suspended: refused as any invalid key is, so the answer tells nothing about the tenant.
    const tenant = await registeredTenant(deps, caches, parsed.tenantId);
    if (tenant?.status !== "active") throw invalidApiKey();
    // Keyed `<keyId>:<token hash>` so revoking a key drops its entry (deletePrefix) in this process at once.
    const cacheKey = `${parsed.keyId}:${createHash("sha256").update(token).digest("base64url")}`;
    const { principal, record } = await caches.apiKeys.get(cacheKey, () => apiKeys.authenticate(token));
    const now = deps.clock.now();
    if (now.getTime() - (lastTouched.get(record.id) ?? 0) >= touchEveryMs) {
      await deps.apiKeys.touch(record.tenantId, record.id, now);
      lastTouched.set(record.id, now.getTime());
    }
    return { principal, tenant, limitPerMinute: record.rateLimitPerMinute };
  }

  /**
   * Takes the request from the caller's bucket, then (tenant callers) from the tenant's: a caller past its own
   * limit never uses up its tenant's share. The answer carries the tighter of the two as RateLimit-* headers.
   */
  async function throttle(c: Context<AppEnv>, principal: Principal, keyLimit: number | undefined): Promise<void> {
    const now = deps.clock.now();
    let decision: RateDecision;
    if (principal.kind === "platform") {
      decision = await limiter.hit({ platform: true, subject: `operator:${principal.subject}` }, limits.platformOperator, now);
    } else {
      const caller =
        principal.kind === "api-key"
          ? { subject: `key:${principal.keyId}`, limit: keyLimit ?? limits.perTenant }
          : { subject: `user:${principal.subject}`, limit: limits.perRole[principal.role] };
      decision = await limiter.hit({ tenantId: principal.tenantId, subject: caller.subject }, caller.limit, now);
      if (decision.allowed) {
        const tenant = await limiter.hit({ tenantId: principal.tenantId, subject: "tenant" }, limits.perTenant, now);
        if (!tenant.allowed || tenant.remaining < decision.remaining) decision = tenant;
      }
    }
    c.header("RateLimit-Limit", String(decision.limit));
    c.header("RateLimit-Remaining", String(decision.remaining));
    c.header("RateLimit-Reset", String(decision.resetSeconds));
    if (!decision.allowed) {
      c.header("Retry-After", String(decision.retryAfterSeconds));
      throw errors.rateLimited(decision.retryAfterSeconds);
    }
  }

  async function fromBearer(header: string): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      throw errors.unauthenticated("invalid_authorization_header", {
        zh: "Authorization 头格式应为：Bearer <令牌>",
        en: "The Authorization header must be: Bearer <token>",
      });
    }
    return deps.tokens.verify(match[1]);
  }

  return async (c, next) => {
    const apiKey = c.req.header("x-api-key");
    const authorization = c.req.header("authorization");
    if (apiKey && authorization) {
      throw errors.badRequest("ambiguous_credentials", {
        zh: "请只提供一种凭证：Authorization 或 X-Api-Key",
        en: "Send one credential only: Authorization or X-Api-Key",
      });
    }
    if (!apiKey && !authorization) {
      throw errors.unauthenticated("missing_credentials", {
        zh: "缺少凭证：请提供 Authorization: Bearer <令牌> 或 X-Api-Key",
        en: "No credential: send Authorization: Bearer <token> or X-Api-Key",
      });
    }
    const {
      principal,
      tenant: keyTenant,
      limitPerMinute,
    } = apiKey
      ? await fromApiKey(apiKey)
      : { principal: await fromBearer(authorization ?? ""), tenant: undefined, limitPerMinute: undefined };
    let tenant: Tenant | undefined = keyTenant;
    if (principal.kind !== "platform" && !tenant) {
      tenant = await registeredTenant(deps, caches, principal.tenantId);
      if (!tenant) {
        throw errors.forbidden("tenant_unknown", { zh: "凭证所属的租户不存在", en: "The credential's tenant does not exist" });
      }
      if (tenant.status !== "active") {
        throw errors.forbidden("tenant_suspended", { zh: `租户 ${tenant.id} 已停用`, en: `Tenant ${tenant.id} is suspended` });
      }
    }
    await throttle(c, principal, limitPerMinute);
    c.set("principal", principal);
    c.set("tenant", tenant);
    deps.logger.appendKeys({
      principal: principal.kind,
      ...(principal.kind === "platform" ? {} : { tenantId: principal.tenantId }),
    });
    await next();
  };
}
