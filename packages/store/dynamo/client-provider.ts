// Which DynamoDB client serves a tenant. In AWS each tenant's client holds STS credentials tagged with the
// tenant, so IAM confines it to that tenant's keys (sts-client-provider.ts); locally one static client
// serves all. Repositories always ask for a tenant's client, so both paths run the same code.
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";

export interface ClientProvider {
  forTenant(tenantId: string): Promise<DynamoDBClient>;
  /**
   * A district's client for escalating to its city: in AWS its session reaches the district's own keys and, of the
   * city's, only the district's joint tackling partition `T#<city>#UP#<district>` (EscalationAccessRole).
   */
  forEscalation(districtId: string, cityId: string): Promise<DynamoDBClient>;
  /** The platform's own client: only the tenant registry partition (`PLATFORM#…`) is open to it in AWS. */
  forPlatform(): DynamoDBClient;
}

export function staticClientProvider(client: DynamoDBClient): ClientProvider {
  return { forTenant: async () => client, forEscalation: async () => client, forPlatform: () => client };
}

/**
 * How every DynamoDB client retries, locally and in AWS: the SDK's standard strategy, 3 attempts. Its backoff is
 * full jitter — each wait drawn uniformly from 0 to base × 2^retry (in this SDK 25 ms for DynamoDB, 1 s when throttled;
 * at most 20 s) — so callers throttled together do not come back in step (test/unit/dynamo-retry.test.ts pins it). Past
 * the attempts, throttling, a timeout or a dropped connection answers 503 with Retry-After (store/kernel/storage-busy.ts).
 */
export const dynamoRetry = { maxAttempts: 3, retryMode: "standard" } as const satisfies DynamoDBClientConfig;

/** A client for DynamoDB Local: fixed dummy credentials, loopback endpoint. */
export function localClient(endpoint: string, config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    ...dynamoRetry,
    ...config,
  });
}
