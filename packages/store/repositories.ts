// All DynamoDB implementations of core's ports, built over one table and one client provider.
import { dynamoApiKeyRepository } from "#store/api-key-repository";
import { dynamoAssessmentRepository } from "#store/assessment-repository";
import { dynamoAuditLog } from "#store/audit-log";
import type { ClientProvider } from "#store/client-provider";
import { dynamoCoordinationRequestRepository } from "#store/coordination-request-repository";
import type { CursorCodec } from "#store/cursor";
import { dynamoEnterpriseRepository } from "#store/enterprise-repository";
import { dynamoHazardRepository } from "#store/hazard-repository";
import { dynamoIdempotencyStore } from "#store/idempotency-store";
import { dynamoImportRepository } from "#store/import-repository";
import { dynamoJointTacklingRepository } from "#store/joint-tackling-repository";
import { dynamoKeyHazardListRepository } from "#store/key-hazard-list-repository";
import { dynamoPlacardRepository } from "#store/placard-repository";
import { dynamoRateLimiter } from "#store/rate-limiter";
import { dynamoRubricRepository } from "#store/rubric-repository";
import { dynamoSettingsRepository } from "#store/settings-repository";
import { dynamoSnapshotRepository } from "#store/snapshot-repository";
import { dynamoTenantRepository } from "#store/tenant-repository";
import { dynamoTownRepository } from "#store/town-repository";

export interface StoreConfig {
  readonly clients: ClientProvider;
  readonly tableName: string;
  readonly cursors: CursorCodec;
}

export function dynamoRepositories({ clients, tableName, cursors }: StoreConfig) {
  return {
    tenants: dynamoTenantRepository(clients, tableName, cursors),
    apiKeys: dynamoApiKeyRepository(clients, tableName, cursors),
    audit: dynamoAuditLog(clients, tableName, cursors),
    idempotency: dynamoIdempotencyStore(clients, tableName),
    rateLimiter: dynamoRateLimiter(clients, tableName),
    enterprises: dynamoEnterpriseRepository(clients, tableName, cursors),
    towns: dynamoTownRepository(clients, tableName, cursors),
    settings: dynamoSettingsRepository(clients, tableName),
    placards: dynamoPlacardRepository(clients, tableName, cursors),
    imports: dynamoImportRepository(clients, tableName, cursors),
    snapshots: dynamoSnapshotRepository(clients, tableName, cursors),
    rubrics: dynamoRubricRepository(clients, tableName, cursors),
    assessments: dynamoAssessmentRepository(clients, tableName, cursors),
    hazards: dynamoHazardRepository(clients, tableName, cursors),
    keyHazardLists: dynamoKeyHazardListRepository(clients, tableName, cursors),
    jointTackling: dynamoJointTacklingRepository(clients, tableName, cursors),
    coordinationRequests: dynamoCoordinationRequestRepository(clients, tableName, cursors),
  };
}
