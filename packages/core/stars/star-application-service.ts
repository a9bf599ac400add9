// Use cases on star applications: a unit applies for a tenant's published scheme (its latest published version)
// and every star is evaluated at once from the unit's evidence; the application keeps that evaluation. Reading
// and listing them. (Reviews — award, refuse, return — come with the awards.)
import { auditEntry } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import { idPattern } from "#core/kernel/ids";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { personOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { EnterpriseRepository } from "#core/register/ports";
import { liveEnterprise } from "#core/register/references";
import type { StarApplicationRepository, StarSchemeRepository } from "#core/stars/ports";
import {
  ApplyForStarsSchema,
  type StarApplication,
  type StarApplicationFilter,
  type StarApplicationSummary,
  type StarEvaluation,
} from "#core/stars/star-application";
import { evaluateStar } from "#core/stars/star-evaluation";
import type { UnitEvidence } from "#core/stars/star-evidence";
import { type EvidenceReaderDeps, evidenceReader } from "#core/stars/star-evidence-reader";
import type { StarSchemeDefinition } from "#core/stars/star-scheme";

export interface StarApplicationServiceDeps extends EvidenceReaderDeps {
  readonly starApplications: StarApplicationRepository;
  readonly starSchemes: StarSchemeRepository;
  readonly enterprises: EnterpriseRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** Every star of `definition` against `evidence`, named. */
export function evaluateScheme(definition: StarSchemeDefinition, evidence: UnitEvidence, at: string): StarEvaluation {
  return {
    at,
    evidence,
    stars: definition.stars.map((star) => {
      const result = evaluateStar(star, evidence);
      return { ...result, rules: [...result.rules], name: star.name?.zh ?? star.id };
    }),
  };
}

export type StarApplicationService = ReturnType<typeof createStarApplicationService>;

export function createStarApplicationService(deps: StarApplicationServiceDeps) {
  const { starApplications, clock, ids } = deps;
  const evidence = evidenceReader(deps);

  return {
    async apply(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<StarApplication>> {
      const principal = requireTenantAccess(ctx.principal, "stars", "apply");
      const input = parseOrThrow(ApplyForStarsSchema, raw);
      const tenantId = principal.tenantId;
      return idempotentCreate(deps.idempotency, tenantId, claim, async (claimed) => {
        const unit = await liveEnterprise(deps.enterprises, tenantId, input.enterpriseId, "enterpriseId");
        const scheme = await deps.starSchemes.get(tenantId, input.schemeId);
        if (!scheme) throw errors.notFound("star scheme", input.schemeId);
        if (scheme.publishedVersion === null) {
          throw errors.unprocessable([
            {
              path: "schemeId",
              code: "scheme_not_published",
              message: { zh: "该星级评定方案尚未发布", en: "The star scheme has no published version yet" },
            },
          ]);
        }
        const version = await deps.starSchemes.version(tenantId, scheme.id, scheme.publishedVersion);
        if (!version) throw new Error(`star scheme ${scheme.id} lacks its version ${scheme.publishedVersion}`);
        const now = clock.now();
        const at = now.toISOString();
        const read = await evidence.read(tenantId, unit, version.definition, chinaDate(now));
        const application: StarApplication = {
          id: ids.next(),
          enterpriseId: unit.id,
          enterpriseName: unit.name,
          townId: unit.townId,
          scheme: { id: scheme.id, version: version.version, title: version.definition.title.zh },
          status: "pending",
          note: input.note ?? null,
          filedBy: personOf(principal),
          filedVia: principal.kind === "api-key" ? "api-key" : "official",
          filedAt: at,
          evaluation: evaluateScheme(version.definition, read, at),
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
        const audit = auditEntry(
          auditSource(ctx, clock, ids),
          "star-application.file",
          { type: "star-application", id: application.id },
          {
            enterpriseId: { from: null, to: unit.id },
            scheme: { from: null, to: application.scheme },
          },
        );
        await starApplications.create(tenantId, application, { audit, idempotency: idempotencyWrite(claimed, 201, application) });
        return { status: 201, body: application };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<StarApplication> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      const found = idPattern.test(id) ? await starApplications.get(principal.tenantId, id) : undefined;
      if (!found) throw errors.notFound("star application", id);
      return found;
    },

    async list(ctx: RequestContext, filter: StarApplicationFilter, page: PageRequest): Promise<Page<StarApplicationSummary>> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      return starApplications.list(principal.tenantId, filter, page);
    },
  };
}
