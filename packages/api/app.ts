// createApp(deps): the whole HTTP API as one Hono app, served by the Lambda handler (functions/api.ts) and by
// the local server (packages/local) alike. Middleware order: request id and language → security headers → body
// limits → authentication → input hygiene → routes; errors leave through one handler.

import { bodyLimit } from "hono/body-limit";
import { authCaches, authenticate } from "#api/auth";
import type { AppDeps } from "#api/deps";
import { onError, payloadTooLarge, respondWithError } from "#api/error-handler";
import { preferredLanguage } from "#api/i18n";
import { inputHygiene } from "#api/input-hygiene";
import { nameOperations } from "#api/operation-ids";
import { fileBodyLimit } from "#api/request-body";
import { newRouter } from "#api/router";
import { assessmentRoutes } from "#api/routes/assessments/assessments.routes";
import { rubricRoutes } from "#api/routes/assessments/rubrics.routes";
import { scoreRoutes } from "#api/routes/assessments/scores.routes";
import { townReportRoutes } from "#api/routes/assessments/town-report.routes";
import { campaignReviewRoutes } from "#api/routes/campaigns/campaign-reviews.routes";
import { campaignSummaryRoutes } from "#api/routes/campaigns/campaign-summary.routes";
import { campaignRoutes } from "#api/routes/campaigns/campaigns.routes";
import { changeRoutes } from "#api/routes/changes/changes.routes";
import { coordinationRequestRoutes } from "#api/routes/escalation/coordination-requests.routes";
import { jointTacklingRoutes } from "#api/routes/escalation/joint-tackling.routes";
import { exportFileRoutes } from "#api/routes/exports/export-files.routes";
import { exportRoutes } from "#api/routes/exports/exports.routes";
import { hazardRoutes } from "#api/routes/hazards/hazards.routes";
import { keyHazardListRoutes } from "#api/routes/hazards/key-hazard-lists.routes";
import { importRoutes } from "#api/routes/imports/imports.routes";
import { auditRoutes } from "#api/routes/kernel/audit.routes";
import { docsRoutes } from "#api/routes/kernel/docs.routes";
import { healthRoutes } from "#api/routes/kernel/health.routes";
import { placardRoutes, publicPlacardRoutes } from "#api/routes/placards/placards.routes";
import { accidentRoutes } from "#api/routes/register/accidents.routes";
import { enterpriseRoutes } from "#api/routes/register/enterprises.routes";
import { gridRoutes } from "#api/routes/register/grids.routes";
import { townRoutes } from "#api/routes/register/towns.routes";
import { reportLinkRoutes } from "#api/routes/reports/report-links.routes";
import { reportRoutes } from "#api/routes/reports/reports.routes";
import { shamFlagRoutes } from "#api/routes/stars/sham-flags.routes";
import { starApplicationRoutes } from "#api/routes/stars/star-applications.routes";
import { starAttestationRoutes } from "#api/routes/stars/star-attestations.routes";
import { starAwardRoutes } from "#api/routes/stars/star-awards.routes";
import { publicStarRollRoutes } from "#api/routes/stars/star-roll.routes";
import { starSchemeRoutes } from "#api/routes/stars/star-schemes.routes";
import { benchmarkEnterpriseRoutes } from "#api/routes/supervision/benchmark-enterprises.routes";
import { supervisionTargetRoutes } from "#api/routes/supervision/supervision-targets.routes";
import { apiKeyRoutes } from "#api/routes/tenancy/api-keys.routes";
import { departmentMemberRoutes } from "#api/routes/tenancy/department-members.routes";
import { meRoutes } from "#api/routes/tenancy/me.routes";
import { settingsRoutes } from "#api/routes/tenancy/settings.routes";
import { tenantRoutes } from "#api/routes/tenancy/tenants.routes";
import { webhookRoutes } from "#api/routes/webhooks/webhooks.routes";
import { statsRoutes } from "#api/routes/weekly/stats.routes";
import { securityHeaders } from "#api/security-headers";
import { syncExportRowsLimit } from "#api/spreadsheet-download";
import { createAssessmentService } from "#core/assessments/assessment-service";
import { createRubricService } from "#core/assessments/rubric-service";
import { createTownReportService } from "#core/assessments/town-report-service";
import { createCampaignReviewService } from "#core/campaigns/campaign-review-service";
import { createCampaignSampleService } from "#core/campaigns/campaign-sample-service";
import { createCampaignService } from "#core/campaigns/campaign-service";
import { createCampaignSummaryService } from "#core/campaigns/campaign-summary-service";
import { createExpertVisitService } from "#core/campaigns/expert-visit-service";
import { changeFeedService } from "#core/changes/change-feed-service";
import { createCoordinationService } from "#core/escalation/coordination-service";
import { JointTacklingSchema } from "#core/escalation/joint-tackling";
import { createJointTacklingService } from "#core/escalation/joint-tackling-service";
import { createExportService } from "#core/exports/export-service";
import { createHazardService } from "#core/hazards/hazard-service";
import { createKeyHazardListService } from "#core/hazards/key-hazard-list-service";
import { createImportService } from "#core/imports/import-service";
import { DomainError, errors } from "#core/kernel/errors";
import { systemClock } from "#core/kernel/system-clock";
import { createPlacardService } from "#core/placards/placard-service";
import { createPlacardUpkeep, withPlacardUpkeep } from "#core/placards/placard-upkeep";
import { createAccidentService } from "#core/register/accident-service";
import { createEnterpriseService } from "#core/register/enterprise-service";
import { createTownService } from "#core/register/town-service";
import { createReportService } from "#core/reports/report-service";
import { createShamFlagService } from "#core/stars/sham-flag-service";
import { createStarApplicationService } from "#core/stars/star-application-service";
import { createStarAttestationService } from "#core/stars/star-attestation-service";
import { createStarAwardService } from "#core/stars/star-award-service";
import { createStarPublicService } from "#core/stars/star-public-service";
import { createStarSchemeService } from "#core/stars/star-scheme-service";
import { createStarUpkeep, withStarUpkeep } from "#core/stars/star-upkeep";
import { createBenchmarkService } from "#core/supervision/benchmark-service";
import { benchmarkTownCounts } from "#core/supervision/benchmark-town-counts";
import { createSupervisionTargetService } from "#core/supervision/supervision-target-service";
import { targetTownSources } from "#core/supervision/supervision-target-town-sources";
import { createTargetUpkeep, withSupervisionTargets } from "#core/supervision/supervision-target-upkeep";
import { createApiKeyService } from "#core/tenancy/api-key-service";
import { createDepartmentMemberService } from "#core/tenancy/department-member-service";
import { createSettingsService } from "#core/tenancy/settings-service";
import { createTenantService } from "#core/tenancy/tenant-service";
import { createWebhookService } from "#core/webhooks/webhook-service";
import { createStatsService } from "#core/weekly/stats-service";
import { dnsHostResolver } from "#store/webhooks/host-resolver";

const bodyMethods = new Set(["POST", "PUT", "PATCH"]);

export function createApp(given: AppDeps) {
  const failed = (what: string) => (error: unknown) =>
    given.logger.error(what, { error: error instanceof Error ? error.message : String(error) });
  // Saves of whatever the key-target rules read re-derive the unit's place on that list
  // (core/supervision/supervision-target-upkeep.ts); saves of hazards, verified assessments, accidents and sham
  // marks re-derive the unit's awarded stars (core/stars/star-upkeep.ts), on the wrapped award repository, so a
  // star that re-derivation records expired moves the list too.
  // A unit's save whose responsible persons or town changed updates its placards (core/placards/placard-upkeep.ts).
  const followed = withPlacardUpkeep(given, createPlacardUpkeep(given), failed("Updating a unit's placards after its change failed"));
  const targeted = withSupervisionTargets(followed, createTargetUpkeep(followed), failed("Re-deriving a unit's key-target reasons failed"));
  const deps = withStarUpkeep(targeted, createStarUpkeep(targeted), failed("Re-deriving a unit's stars failed"));
  const tenants = createTenantService(deps);
  const apiKeys = createApiKeyService(deps);
  const enterprises = createEnterpriseService(deps);
  const towns = createTownService(deps);
  const settings = createSettingsService(deps);
  // The placard page shows the unit's stars: placards ask through their HeldStars port, which stars answer.
  const publicStars = createStarPublicService(deps);
  const placards = createPlacardService({ ...deps, heldStars: publicStars });
  const imports = createImportService(deps);
  const stats = createStatsService(deps);
  const rubrics = createRubricService(deps);
  // Town suggestions read star-rating coverage and key targets, and a town's summary its benchmark enterprises,
  // from the supervision domain through ports of assessments.
  const assessments = createAssessmentService({
    ...deps,
    townSources: targetTownSources(deps.supervisionTargets),
    townBenchmarks: benchmarkTownCounts(deps.benchmarkEnterprises),
  });
  const jointTackling = createJointTacklingService({ ...deps, items: deps.jointTackling });
  const hazards = createHazardService({
    ...deps,
    escalations: deps.jointTackling,
    findings: (ctx, id) => assessments.findings(ctx, id),
  });
  const caches = authCaches(deps);
  const app = newRouter();

  app.use("*", async (c, next) => {
    const lambdaRequestId = (c.env as { lambdaContext?: { awsRequestId?: string } } | undefined)?.lambdaContext?.awsRequestId;
    const requestId = lambdaRequestId ?? deps.ids.next();
    const started = performance.now();
    c.set("requestId", requestId);
    c.set("receivedAt", deps.clock.now());
    c.set("language", preferredLanguage(c.req.header("accept-language")));
    c.set("syncExportRowsLimit", deps.syncExportRowsLimit ?? syncExportRowsLimit);
    deps.logger.resetKeys();
    deps.logger.appendKeys({ requestId });
    c.header("X-Request-Id", requestId);
    c.header("X-Content-Type-Options", "nosniff");
    await next();
    deps.logger.info("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });

  app.use("*", securityHeaders());

  // Bodies are JSON up to maxBodyBytes, but for the routes that declare a file body (request-body.ts).
  const jsonLimit = deps.maxBodyBytes ?? 1024 * 1024;
  const limits = new Map<number, ReturnType<typeof bodyLimit>>();
  const limitOf = (maxSize: number) => {
    let limit = limits.get(maxSize);
    if (!limit) {
      limit = bodyLimit({
        maxSize,
        onError: () => {
          throw payloadTooLarge();
        },
      });
      limits.set(maxSize, limit);
    }
    return limit;
  };
  app.use("/v1/*", (c, next) => limitOf(fileBodyLimit(c) ?? jsonLimit)(c, next));
  app.use("/v1/*", async (c, next) => {
    c.header("Cache-Control", "no-store");
    const type = c.req.header("content-type");
    const hasBody = c.req.header("content-length") !== "0" && (type !== undefined || c.req.header("transfer-encoding"));
    const json = /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type ?? "");
    if (bodyMethods.has(c.req.method) && hasBody && !json && fileBodyLimit(c) === undefined) {
      throw new DomainError("unsupported_media_type", "unsupported_media_type", {
        zh: "请求体须为 application/json",
        en: "The body must be application/json",
      });
    }
    await next();
  });
  app.use("/v1/*", authenticate(deps, apiKeys, caches));
  app.use(
    "/v1/*",
    inputHygiene((c) => fileBodyLimit(c) !== undefined),
  ); // UTF-8 bodies, the character rule, no prototype keys (core/text.ts)

  app.route("/", healthRoutes(deps.clock));
  app.route("/", meRoutes());
  app.route(
    "/",
    // The registry (an index) may lag a write by a moment: this process keeps what it wrote, so its next request sees it.
    tenantRoutes(tenants, (tenant) => caches.tenants.set(tenant.id, tenant)),
  );
  app.route(
    "/",
    apiKeyRoutes(apiKeys, (id) => caches.apiKeys.deletePrefix(`${id}:`) /* cache keys are `<keyId>:<token hash>` */),
  );
  app.route("/", auditRoutes(deps.audit));
  app.route("/", changeRoutes(changeFeedService({ changes: deps.changes, feedClock: deps.feedClock ?? systemClock })));
  app.route("/", settingsRoutes(settings));
  app.route("/", departmentMemberRoutes(createDepartmentMemberService(deps)));
  app.route("/", townRoutes(towns));
  app.route("/", gridRoutes(towns));
  app.route("/", importRoutes(imports));
  app.route("/", enterpriseRoutes(enterprises));
  app.route("/", accidentRoutes(createAccidentService(deps)));
  app.route("/", placardRoutes(placards, deps.publicBaseUrl, deps.qrRenderer));
  app.route("/", publicPlacardRoutes(placards));
  app.route("/", publicStarRollRoutes(publicStars));
  app.route("/", statsRoutes(stats));
  const reports = createReportService(deps);
  app.route("/", reportRoutes(reports));
  app.route("/", reportLinkRoutes(reports));
  app.route("/", rubricRoutes(rubrics));
  app.route("/", assessmentRoutes(assessments));
  app.route("/", scoreRoutes(assessments));
  app.route("/", townReportRoutes(createTownReportService(deps)));
  app.route("/", jointTacklingRoutes(jointTackling));
  app.route("/", hazardRoutes(hazards, JointTacklingSchema));
  app.route("/", keyHazardListRoutes(createKeyHazardListService(deps)));
  app.route(
    "/",
    coordinationRequestRoutes(
      createCoordinationService({
        ...deps,
        requests: deps.coordinationRequests,
        onNoticeLost: (error, notice) =>
          deps.logger.error("A coordination notice could not be queued", {
            ...notice,
            error: error instanceof Error ? error.message : String(error),
          }),
      }),
    ),
  );
  app.route("/", starSchemeRoutes(createStarSchemeService(deps)));
  app.route("/", starApplicationRoutes(createStarApplicationService(deps)));
  app.route("/", starAttestationRoutes(createStarAttestationService(deps)));
  app.route("/", starAwardRoutes(createStarAwardService(deps)));
  app.route("/", shamFlagRoutes(createShamFlagService(deps)));
  app.route("/", supervisionTargetRoutes(createSupervisionTargetService(deps)));
  app.route("/", benchmarkEnterpriseRoutes(createBenchmarkService(deps)));
  const campaigns = createCampaignService(deps);
  app.route(
    "/",
    campaignRoutes(
      campaigns,
      createExpertVisitService({ ...deps, load: campaigns.load, hazards }),
      createCampaignSampleService({ ...deps, load: campaigns.load }),
    ),
  );
  app.route("/", campaignSummaryRoutes(createCampaignSummaryService({ ...deps, campaignService: campaigns })));
  app.route("/", campaignReviewRoutes(createCampaignReviewService({ ...deps, load: campaigns.load, assessments })));
  const exports = createExportService(deps);
  app.route("/", exportRoutes(exports, deps.publicBaseUrl));
  app.route("/", exportFileRoutes(exports));
  app.route(
    "/",
    webhookRoutes(
      createWebhookService({
        ...deps,
        feedClock: deps.feedClock ?? systemClock,
        webhookTargets: deps.webhookTargets ?? "public",
        webhookResolver: deps.webhookResolver ?? dnsHostResolver,
      }),
    ),
  );
  app.route("/", docsRoutes(deps.docsAsset));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "An official's OIDC ID token (Cognito in AWS; `npm run token` locally)",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "apiKey",
    in: "header",
    name: "X-Api-Key",
    description: "A portal's API key (POST /v1/api-keys)",
  });
  nameOperations(app);
  // OpenAPI 3.1's license takes an SPDX `identifier`; the library's type is 3.0's, which knew only `url`.
  const license = { name: "Proprietary: for subscribing tenants and their portals", identifier: "LicenseRef-Proprietary" };
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    // Relative: the API answers at the origin that serves this document (the HTTP API's URL or its domain in AWS,
    // http://localhost:3000 under npm start).
    servers: [{ url: "/", description: "The origin serving this document" }],
    info: {
      title: "Anquan API (安全生产监管)",
      version: "0.1.0",
      license,
      description:
        "Multi-tenant API for safety-production supervision. The tenant is always the caller's own, taken from the credential. " +
        "Errors: `{ error: { code, message, details, requestId } }`, message in zh-CN or en by Accept-Language.",
    },
  });

  app.notFound((c) => respondWithError(c, errors.notFound("route", `${c.req.method} ${c.req.path}`)));
  app.onError(onError(deps.logger));
  return app;
}

export type App = ReturnType<typeof createApp>;
