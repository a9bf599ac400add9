// The store as the Lambda functions build it from their environment: tenant-scoped DynamoDB and S3 through
// TenantAccessRole, the cursor key from Secrets Manager. One place, so the API and the worker cannot differ;
// the dispatchers read only the platform's tenant registry.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ExportLinks } from "#core/exports/ports";
import type { BlobStore } from "#core/kernel/ports";
import type { ReportLinks } from "#core/reports/ports";
import type { TenantRepository } from "#core/tenancy/ports";
import type { WebhookRepository } from "#core/webhooks/ports";
import { secretsManagerSecret } from "#store/aws/aws-secret";
import { s3BlobStore } from "#store/aws/s3-blob-store";
import { stsClientProvider } from "#store/aws/sts-client-provider";
import { dynamoRetry, staticClientProvider } from "#store/dynamo/client-provider";
import { hmacCursorCodec } from "#store/dynamo/cursor";
import { hmacExportLinks } from "#store/exports/export-links";
import { hmacReportLinks } from "#store/reports/report-links";
import { dynamoRepositories } from "#store/repositories";
import { dynamoTenantRepository } from "#store/tenancy/tenant-repository";
import { dynamoWebhookRepository } from "#store/webhooks/webhook-repository";

/** A variable the deployment sets; its absence is a deployment error, reported at cold start. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

/**
 * Reads TABLE_NAME, TENANT_ACCESS_ROLE_ARN, ESCALATION_ACCESS_ROLE_ARN, CURSOR_SECRET_ARN and BLOB_BUCKET. The
 * platform's signing secret (CURSOR_SECRET_ARN) signs page cursors and, under keys derived for each, download links.
 */
export function awsStore(): ReturnType<typeof dynamoRepositories> & {
  blobs: BlobStore;
  reportLinks: ReportLinks;
  exportLinks: ExportLinks;
} {
  const roleArn = requiredEnv("TENANT_ACCESS_ROLE_ARN");
  const signingSecret = secretsManagerSecret(requiredEnv("CURSOR_SECRET_ARN"));
  return {
    ...dynamoRepositories({
      clients: stsClientProvider({ roleArn, escalationRoleArn: requiredEnv("ESCALATION_ACCESS_ROLE_ARN") }),
      tableName: requiredEnv("TABLE_NAME"),
      cursors: hmacCursorCodec(signingSecret),
    }),
    blobs: s3BlobStore({ bucket: requiredEnv("BLOB_BUCKET"), roleArn }),
    reportLinks: hmacReportLinks(signingSecret),
    exportLinks: hmacExportLinks(signingSecret),
  };
}

/**
 * The platform's tenant registry (tenants.list) for a dispatcher, from TABLE_NAME and CURSOR_SECRET_ARN. Its role
 * can reach no tenant's keys, so it needs no tenant sessions and one client serves.
 */
export function awsPlatformTenants(): TenantRepository {
  return dynamoTenantRepository(
    staticClientProvider(new DynamoDBClient({ ...dynamoRetry })),
    requiredEnv("TABLE_NAME"),
    hmacCursorCodec(secretsManagerSecret(requiredEnv("CURSOR_SECRET_ARN"))),
  );
}

/** The platform's list of tenants with an enabled webhook endpoint, for the sweep (its role reads only PLATFORM#). */
export function awsPlatformWebhooks(): Pick<WebhookRepository, "registeredTenants"> {
  return dynamoWebhookRepository(
    staticClientProvider(new DynamoDBClient({ ...dynamoRetry })),
    requiredEnv("TABLE_NAME"),
    hmacCursorCodec(secretsManagerSecret(requiredEnv("CURSOR_SECRET_ARN"))),
  );
}
