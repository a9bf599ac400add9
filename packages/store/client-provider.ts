// Which DynamoDB client serves a tenant. In AWS each tenant's client holds STS credentials tagged with the
// tenant, so IAM confines it to that tenant's keys (sts-client-provider.ts); locally one static client
// serves all. Repositories always ask for a tenant's client, so both paths run the same code.
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";

export interface ClientProvider {
  forTenant(tenantId: string): Promise<DynamoDBClient>;
  /** The platform's own client: only the tenant registry partition (`PLATFORM#…`) is open to it in AWS. */
  forPlatform(): DynamoDBClient;
}

export function staticClientProvider(client: DynamoDBClient): ClientProvider {
  return { forTenant: async () => client, forPlatform: () => client };
}

/** A client for DynamoDB Local: fixed dummy credentials, loopback endpoint. */
export function localClient(endpoint: string, config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 3,
    ...config,
  });
}
