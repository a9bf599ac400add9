// AWS side of the client provider: each tenant's DynamoDB client carries tenant-scoped credentials
// (tenant-credentials.ts), so the role's policy allows it only keys whose leading key is `T#<id>` or `T#<id>#…`.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { STSClient } from "@aws-sdk/client-sts";
import { type Credentials, type TenantCredentialsOptions, tenantClients, tenantCredentials } from "#store/aws/tenant-credentials";
import { type ClientProvider, dynamoRetry } from "#store/dynamo/client-provider";

export interface StsClientProviderOptions extends TenantCredentialsOptions {
  readonly region?: string;
  /** EscalationAccessRole: a district's own keys plus its partition of its city's joint tackling list. */
  readonly escalationRoleArn: string;
}

export function stsClientProvider(options: StsClientProviderOptions, sts = new STSClient({})): ClientProvider {
  const platform = new DynamoDBClient({ ...dynamoRetry });
  const build = (credentials: Credentials) =>
    new DynamoDBClient({ ...dynamoRetry, ...(options.region ? { region: options.region } : {}), credentials });
  const bounds = { ...(options.now ? { now: options.now } : {}), ...(options.maxTenants ? { maxTenants: options.maxTenants } : {}) };
  const forTenant = tenantClients(tenantCredentials(options, sts), build, bounds);
  const forPair = tenantClients(
    tenantCredentials(
      {
        ...options,
        roleArn: options.escalationRoleArn,
        session: (pair) => {
          const [district = "", city = ""] = pair.split("-");
          return { name: `escalation-${district}-${city}`, tags: { tenant: district, parent: city } };
        },
      },
      sts,
    ),
    build,
    bounds,
  );
  return { forTenant, forEscalation: (districtId, cityId) => forPair(`${districtId}-${cityId}`), forPlatform: () => platform };
}
