// Tenant-scoped AWS credentials: the tenant access role assumed with the session tag `tenant=<id>`, which IAM
// reads to confine the session to that tenant's table keys and S3 prefix. Shared by the DynamoDB client provider
// and the S3 blob store; cached per tenant and renewed five minutes before they expire. Both caches are bounded:
// at most `maxTenants` tenants (least recently used out first), and a tenant whose credentials have expired is
// forgotten, so a warm instance holds only the sessions it uses.
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { LruMap } from "#core/kernel/lru-map";

/** The shape the AWS SDK clients take as `credentials`. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/**
 * The current credentials of a tenant: the same object until they are renewed, which happens five minutes
 * before they expire, or earlier when they must stay valid for longer (`validForMs`, e.g. a presigned URL).
 */
export type TenantCredentials = (tenantId: string, validForMs?: number) => Promise<Credentials>;

export interface TenantCredentialsOptions {
  readonly roleArn: string;
  /**
   * The session name and tags for a key. Default: the key is a tenant id, tagged `tenant=<id>`. Escalation
   * sessions use keys `<district>-<city>`, tagged `tenant=<district>` and `parent=<city>`.
   */
  readonly session?: (key: string) => { readonly name: string; readonly tags: Record<string, string> };
  readonly sessionSeconds?: number;
  readonly now?: () => number;
  /** Tenants whose credentials are kept at once. Default 500. */
  readonly maxTenants?: number;
}

/** A cache of tenants' sessions, and how many it holds now (bounded; expired ones are dropped). */
export interface CachedPerTenant {
  size(): number;
}

const renewBeforeMs = 5 * 60_000;
const defaultMaxTenants = 500;
/** How often the caches look for tenants whose credentials have expired. */
const sweepEveryMs = 60_000;

/** Runs `sweep` at most once every `sweepEveryMs` of `now`. */
function sweeper(now: () => number, sweep: (at: number) => void): () => void {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const at = now();
    if (at - last < sweepEveryMs) return;
    last = at;
    sweep(at);
  };
}

interface CachedCredentials {
  readonly assumed: Promise<Credentials & { readonly expiration: Date }>;
  /** Set once AssumeRole has answered. */
  expires?: number;
}

export function tenantCredentials(options: TenantCredentialsOptions, sts = new STSClient({})): TenantCredentials & CachedPerTenant {
  const cache = new LruMap<string, CachedCredentials>(options.maxTenants ?? defaultMaxTenants);
  const now = options.now ?? Date.now;
  const dropExpired = sweeper(now, (at) => cache.deleteWhere((entry) => entry.expires !== undefined && entry.expires <= at));

  const session = options.session ?? ((tenantId: string) => ({ name: `tenant-${tenantId}`, tags: { tenant: tenantId } }));

  async function assume(key: string) {
    const { name, tags } = session(key);
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: name,
        DurationSeconds: options.sessionSeconds ?? 3600,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.Expiration) {
      throw new Error("AssumeRole returned no credentials");
    }
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  }

  const credentialsOf = async (tenantId: string, validForMs = 0) => {
    dropExpired();
    const entry = cache.get(tenantId);
    if (entry) {
      const cached = await entry.assumed.catch(() => undefined);
      if (cached && cached.expiration.getTime() - Math.max(renewBeforeMs, validForMs) > now()) return cached;
    }
    const fresh: CachedCredentials = { assumed: assume(tenantId) };
    cache.set(tenantId, fresh);
    fresh.assumed.then(
      (credentials) => {
        fresh.expires = credentials.expiration.getTime();
      },
      () => cache.peek(tenantId) === fresh && cache.delete(tenantId),
    );
    return fresh.assumed;
  };
  return Object.assign(credentialsOf, { size: () => cache.size });
}

export interface TenantClientsOptions {
  readonly now?: () => number;
  /** Tenants whose clients are kept at once. Default 500. */
  readonly maxTenants?: number;
}

/** One client per tenant, built again only when the tenant's credentials have been renewed. */
export function tenantClients<Client>(
  credentials: TenantCredentials,
  build: (credentials: Credentials) => Client,
  options: TenantClientsOptions = {},
): ((tenantId: string, validForMs?: number) => Promise<Client>) & CachedPerTenant {
  const built = new LruMap<string, { readonly credentials: Credentials; readonly client: Client }>(options.maxTenants ?? defaultMaxTenants);
  const dropExpired = sweeper(options.now ?? Date.now, (at) =>
    built.deleteWhere((entry) => entry.credentials.expiration !== undefined && entry.credentials.expiration.getTime() <= at),
  );
  const clientOf = async (tenantId: string, validForMs?: number) => {
    dropExpired();
    const current = await credentials(tenantId, validForMs);
    const entry = built.get(tenantId);
    if (entry?.credentials === current) return entry.client;
    const client = build(current);
    built.set(tenantId, { credentials: current, client });
    return client;
  };
  return Object.assign(clientOf, { size: () => built.size });
}
