// AWS side of the client provider: each tenant's DynamoDB client carries tenant-scoped credentials
// (tenant-credentials.ts), so the role's policy allows it only keys whose leading key is `T#<id>` or `T#<id>#…`.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { STSClient } from "@aws-sdk/client-sts";
import type { ClientProvider } from "#store/client-provider";
import { type TenantCredentialsOptions, tenantClients, tenantCredentials } from "#store/tenant-credentials";

export interface StsClientProviderOptions extends TenantCredentialsOptions {
  readonly region?: string;
}

export function stsClientProvider(options: StsClientProviderOptions, sts = new STSClient({})): ClientProvider {
  const platform = new DynamoDBClient({});
  const forTenant = tenantClients(
    tenantCredentials(options, sts),
    (credentials) => new DynamoDBClient({ ...(options.region ? { region: options.region } : {}), credentials }),
  );
  return { forTenant, forPlatform: () => platform };
}
