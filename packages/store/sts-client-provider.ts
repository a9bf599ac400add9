// AWS side of the client provider: assumes the tenant access role with the session tag `tenant=<id>`; the
// role's policy allows only keys whose leading key is `T#<id>` or `T#<id>#…`. Credentials are cached per
// tenant and renewed five minutes before they expire.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { ClientProvider } from "#store/client-provider";

interface CachedClient {
  readonly client: DynamoDBClient;
  readonly renewAt: number;
}

export interface StsClientProviderOptions {
  readonly roleArn: string;
  readonly region?: string;
  readonly sessionSeconds?: number;
  readonly now?: () => number;
}

export function stsClientProvider(options: StsClientProviderOptions, sts = new STSClient({})): ClientProvider {
  const platform = new DynamoDBClient({});
  const cache = new Map<string, Promise<CachedClient>>();
  const now = options.now ?? Date.now;

  async function assume(tenantId: string): Promise<CachedClient> {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: `tenant-${tenantId}`,
        DurationSeconds: options.sessionSeconds ?? 3600,
        Tags: [{ Key: "tenant", Value: tenantId }],
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.Expiration) {
      throw new Error("AssumeRole returned no credentials");
    }
    const client = new DynamoDBClient({
      ...(options.region ? { region: options.region } : {}),
      credentials: {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: Credentials.SessionToken,
        expiration: Credentials.Expiration,
      },
    });
    return { client, renewAt: Credentials.Expiration.getTime() - 5 * 60_000 };
  }

  return {
    async forTenant(tenantId) {
      let entry = cache.get(tenantId);
      if (entry) {
        const cached = await entry.catch(() => undefined);
        if (cached && cached.renewAt > now()) return cached.client;
      }
      entry = assume(tenantId);
      cache.set(tenantId, entry);
      entry.catch(() => cache.delete(tenantId));
      return (await entry).client;
    },
    forPlatform: () => platform,
  };
}
