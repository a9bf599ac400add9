// All DynamoDB implementations of core's ports, built over one table and one client provider.

import { dynamoAssessmentRepository } from "#store/assessments/assessment-repository";
import { dynamoRubricRepository } from "#store/assessments/rubric-repository";
import { dynamoTownReportTextRepository } from "#store/assessments/town-report-text-repository";
import { dynamoCampaignRepository } from "#store/campaigns/campaign-repository";
import { dynamoChangeFeedRepository } from "#store/changes/change-feed-repository";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { dynamoCoordinationRequestRepository } from "#store/escalation/coordination-request-repository";
import { dynamoJointTacklingRepository } from "#store/escalation/joint-tackling-repository";
import { dynamoExportRepository } from "#store/exports/export-repository";
import { dynamoHazardRepository } from "#store/hazards/hazard-repository";
import { dynamoKeyHazardListRepository } from "#store/hazards/key-hazard-list-repository";
import { dynamoImportRepository } from "#store/imports/import-repository";
import { dynamoAuditLog } from "#store/kernel/audit-log";
import { dynamoIdempotencyStore } from "#store/kernel/idempotency-store";
import { dynamoRateLimiter } from "#store/kernel/rate-limiter";
import { dynamoPlacardRepository } from "#store/placards/placard-repository";
import { dynamoAccidentRepository } from "#store/register/accident-repository";
import { dynamoEnterpriseRepository } from "#store/register/enterprise-repository";
import { dynamoTownRepository } from "#store/register/town-repository";
import { dynamoDistrictFiguresRepository } from "#store/reports/district-figures-repository";
import { dynamoReportRepository } from "#store/reports/report-repository";
import { dynamoShamFlagRepository } from "#store/stars/sham-flag-repository";
import { dynamoStarApplicationRepository } from "#store/stars/star-application-repository";
import { dynamoStarAwardRepository } from "#store/stars/star-award-repository";
import { dynamoStarSchemeRepository } from "#store/stars/star-scheme-repository";
import { dynamoBenchmarkEnterpriseRepository } from "#store/supervision/benchmark-enterprise-repository";
import { dynamoSupervisionTargetRepository } from "#store/supervision/supervision-target-repository";
import { dynamoApiKeyRepository } from "#store/tenancy/api-key-repository";
import { dynamoDepartmentMemberRepository } from "#store/tenancy/department-member-repository";
import { dynamoSettingsRepository } from "#store/tenancy/settings-repository";
import { dynamoTenantRepository } from "#store/tenancy/tenant-repository";
import { dynamoWebhookRepository } from "#store/webhooks/webhook-repository";
import { dynamoSnapshotRepository } from "#store/weekly/snapshot-repository";

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
    changes: dynamoChangeFeedRepository(clients, tableName),
    idempotency: dynamoIdempotencyStore(clients, tableName),
    rateLimiter: dynamoRateLimiter(clients, tableName),
    enterprises: dynamoEnterpriseRepository(clients, tableName, cursors),
    towns: dynamoTownRepository(clients, tableName, cursors),
    settings: dynamoSettingsRepository(clients, tableName),
    departmentMembers: dynamoDepartmentMemberRepository(clients, tableName, cursors),
    placards: dynamoPlacardRepository(clients, tableName, cursors),
    imports: dynamoImportRepository(clients, tableName, cursors),
    snapshots: dynamoSnapshotRepository(clients, tableName, cursors),
    rubrics: dynamoRubricRepository(clients, tableName, cursors),
    assessments: dynamoAssessmentRepository(clients, tableName, cursors),
    townReportTexts: dynamoTownReportTextRepository(clients, tableName),
    hazards: dynamoHazardRepository(clients, tableName, cursors),
    keyHazardLists: dynamoKeyHazardListRepository(clients, tableName, cursors),
    jointTackling: dynamoJointTacklingRepository(clients, tableName, cursors),
    coordinationRequests: dynamoCoordinationRequestRepository(clients, tableName, cursors),
    accidents: dynamoAccidentRepository(clients, tableName),
    starSchemes: dynamoStarSchemeRepository(clients, tableName, cursors),
    starApplications: dynamoStarApplicationRepository(clients, tableName, cursors),
    starAwards: dynamoStarAwardRepository(clients, tableName, cursors),
    shamFlags: dynamoShamFlagRepository(clients, tableName),
    supervisionTargets: dynamoSupervisionTargetRepository(clients, tableName, cursors),
    benchmarkEnterprises: dynamoBenchmarkEnterpriseRepository(clients, tableName, cursors),
    reports: dynamoReportRepository(clients, tableName, cursors),
    districtFigures: dynamoDistrictFiguresRepository(clients, tableName),
    exports: dynamoExportRepository(clients, tableName, cursors),
    webhooks: dynamoWebhookRepository(clients, tableName, cursors),
    campaigns: dynamoCampaignRepository(clients, tableName, cursors),
  };
}
