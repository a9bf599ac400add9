// Tenant-scoped AWS credentials: the tenant access role assumed with the session tag `tenant=<id>`, which IAM
// reads to confine the session to that tenant's table keys and S3 prefix. Shared by the DynamoDB client provider
// and the S3 blob store; cached per tenant and renewed five minutes before they expire.
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

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
}

const renewBeforeMs = 5 * 60_000;

export function tenantCredentials(options: TenantCredentialsOptions, sts = new STSClient({})): TenantCredentials {
  const cache = new Map<string, Promise<Credentials & { readonly expiration: Date }>>();
  const now = options.now ?? Date.now;

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

  return async (tenantId, validForMs = 0) => {
    const entry = cache.get(tenantId);
    if (entry) {
      const cached = await entry.catch(() => undefined);
      if (cached && cached.expiration.getTime() - Math.max(renewBeforeMs, validForMs) > now()) return cached;
    }
    const assumed = assume(tenantId);
    cache.set(tenantId, assumed);
    assumed.catch(() => cache.get(tenantId) === assumed && cache.delete(tenantId));
    return assumed;
  };
}

/** One client per tenant, built again only when the tenant's credentials have been renewed. */
export function tenantClients<Client>(
  credentials: TenantCredentials,
  build: (credentials: Credentials) => Client,
): (tenantId: string, validForMs?: number) => Promise<Client> {
  const built = new Map<string, { readonly credentials: Credentials; readonly client: Client }>();
  return async (tenantId, validForMs) => {
    const current = await credentials(tenantId, validForMs);
    const entry = built.get(tenantId);
    if (entry?.credentials === current) return entry.client;
    const client = build(current);
    built.set(tenantId, { credentials: current, client });
    return client;
  };
}
