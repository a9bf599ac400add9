// Use cases on star applications: a unit applies for a tenant's published scheme (its latest published version)
// and every star is evaluated at once from the unit's evidence; the application keeps that evaluation. Reading
// and listing them. (Reviews — award, refuse, return — come with the awards.)
import { auditEntry } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { personOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { EnterpriseRepository } from "#core/register/ports";
import { liveEnterprise } from "#core/register/references";
import type { StarApplicationRepository, StarAwardRepository, StarSchemeRepository } from "#core/stars/ports";
import {
  ApplyForStarsSchema,
  AwardStarsSchema,
  ReasonSchema,
  type StarApplication,
  type StarApplicationFilter,
  type StarApplicationSummary,
  type StarEvaluation,
} from "#core/stars/star-application";
import { awardStatus, nextCheckOn, validUntil } from "#core/stars/star-award";
import { asOf, isHeld, renewals, type StarAward } from "#core/stars/star-award-record";
import { evaluateStar } from "#core/stars/star-evaluation";
import type { UnitEvidence } from "#core/stars/star-evidence";
import { type EvidenceReaderDeps, evidenceReader } from "#core/stars/star-evidence-reader";
import { loadApplication, reviewable } from "#core/stars/star-review";
import type { StarSchemeDefinition } from "#core/stars/star-scheme";

export interface StarApplicationServiceDeps extends EvidenceReaderDeps {
  readonly starApplications: StarApplicationRepository;
  readonly starSchemes: StarSchemeRepository;
  readonly starAwards: StarAwardRepository;
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

  /**
   * Saves one renewal; a held award changed meanwhile (its stars re-derived by another request) is read again
   * and renewed as it now is. The award already stands, so a renewal that still fails is left to the unit's
   * next re-derivation rather than failing the request.
   */
  async function renew(
    ctx: RequestContext,
    tenantId: string,
    change: { before: StarAward; after: StarAward },
    awards: readonly StarAward[],
    by: string,
    attempt = 1,
  ): Promise<void> {
    const audit = auditEntry(
      auditSource(ctx, clock, ids),
      "star-award.renew",
      { type: "star-award", id: change.before.id },
      { state: { from: change.before.state, to: "renewed" }, renewedBy: { from: null, to: change.after.renewedBy } },
    );
    try {
      await deps.starAwards.save(tenantId, change, { audit });
    } catch {
      if (attempt >= 3) return;
      const now = await deps.starAwards.get(tenantId, change.before.id);
      const again = now && renewals([now, ...awards], change.after.updatedAt, by).find((r) => r.before.id === now.id);
      if (again) await renew(ctx, tenantId, again, awards, by, attempt + 1);
    }
  }

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
          review: null,
          campaign: input.campaign,
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
      return loadApplication(starApplications, principal.tenantId, id);
    },

    /** Awards the stars that passed (all of them, or those named), by an official other than the filer. */
    async award(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<StarApplication> {
      const input = parseOrThrow(AwardStarsSchema, raw);
      const { principal, current } = await reviewable(starApplications, ctx, id, expectedVersion);
      const passed = current.evaluation.stars.filter((s) => s.passed);
      const wanted = input.stars ?? passed.map((s) => s.starId);
      const problems = wanted.flatMap((starId, i) => {
        const star = current.evaluation.stars.find((s) => s.starId === starId);
        if (!star) return [problem(`stars.${i}`, "unknown_star", `方案中没有星 ${starId}`, `The scheme has no star ${starId}`)];
        return star.passed
          ? []
          : [
              problem(
                `stars.${i}`,
                "star_not_passed",
                `${star.name}未通过评定，不能授予`,
                `${star.name} did not pass and cannot be awarded`,
              ),
            ];
      });
      if (wanted.length === 0)
        problems.push(
          problem("stars", "nothing_passed", "没有通过评定的星；可不予评定或退回补充", "No star passed; refuse or return the application"),
        );
      if (problems.length > 0) throw errors.unprocessable(problems);
      const version = await deps.starSchemes.version(principal.tenantId, current.scheme.id, current.scheme.version);
      if (!version) throw new Error(`star scheme ${current.scheme.id} lacks its version ${current.scheme.version}`);
      const unit = await liveEnterprise(deps.enterprises, principal.tenantId, current.enterpriseId, "enterpriseId");
      const now = clock.now();
      const at = now.toISOString();
      const awardedOn = chinaDate(now);
      // The evidence may have changed since filing: a star is awarded only if it still passes today, with the
      // reviewer's attestations on the application.
      const today = await evidence.read(principal.tenantId, unit, version.definition, awardedOn);
      const fresh = evaluateScheme(version.definition, { ...today, attestations: current.evaluation.evidence.attestations }, at);
      const lapsed = wanted.flatMap((starId, i) => {
        const star = fresh.stars.find((s) => s.starId === starId);
        const failed = star?.rules.find((r) => !r.passed);
        return star && !star.passed
          ? [
              problem(
                `stars.${i}`,
                "star_no_longer_passes",
                `${star.name}已不再符合：${failed?.explanation.zh ?? ""}`,
                `${star.name} no longer passes: ${failed?.explanation.en ?? ""}`,
              ),
            ]
          : [];
      });
      if (lapsed.length > 0) throw errors.unprocessable(lapsed);
      const by = personOf(principal);
      const held = (await deps.starAwards.ofEnterprise(principal.tenantId, current.enterpriseId))
        .map((a) => asOf(a, awardedOn))
        .filter((a) => isHeld(a) && a.scheme.id === current.scheme.id);
      const awards = wanted.map((starId): StarAward => {
        const star = version.definition.stars.find((s) => s.id === starId);
        if (!star) throw new Error(`star ${starId} missing from ${current.scheme.id}@${current.scheme.version}`);
        const until = validUntil(awardedOn, star.validityMonths);
        const terms = { awardedOn, validUntil: until, reinstatedOver: [], revoked: false };
        const status = awardStatus(terms, star, fresh.evidence);
        return {
          id: ids.next(),
          enterpriseId: current.enterpriseId,
          enterpriseName: current.enterpriseName,
          townId: current.townId,
          scheme: current.scheme,
          starId,
          starName: star.name?.zh ?? starId,
          labelCode: star.labelCode,
          applicationId: current.id,
          awardedOn,
          validUntil: until,
          state: status.state,
          suspension: status.state === "suspended" ? { since: at, fired: [...status.fired] } : null,
          reinstatedOver: [],
          nextCheckOn: nextCheckOn(terms, star, fresh.evidence),
          plaque: input.plaque ?? null,
          revoked: null,
          renewedBy: null,
          awardedBy: by,
          history: [{ at, by, action: "award", from: null, to: status.state, note: input.note ?? null }],
          ...(current.campaign ? { campaign: current.campaign } : {}),
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
      });
      const after: StarApplication = {
        ...current,
        status: "awarded",
        review: {
          decision: "awarded",
          by,
          at,
          reason: input.note ?? null,
          awarded: awards.map((a) => ({ starId: a.starId, awardId: a.id })),
        },
        updatedAt: at,
        version: current.version + 1,
      };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "star-application.award",
        { type: "star-application", id },
        {
          status: { from: "pending", to: "awarded" },
          awarded: { from: null, to: after.review?.awarded ?? [] },
        },
      );
      await starApplications.review(principal.tenantId, current, after, awards, { audit });
      // 复评: a star the unit already held under this scheme is replaced by the new award, each in a transaction of
      // its own after the review (ten renewals do not fit in one with ten awards). Were one lost, the next
      // re-derivation of the unit completes it (star-upkeep), and reads show only the newest award meanwhile.
      for (const change of renewals([...held, ...awards], at, by)) await renew(ctx, principal.tenantId, change, awards, by);
      return after;
    },

    /** Refuses (不予评定) or returns for more evidence, with the reason; the unit may apply again afterwards. */
    async decide(
      ctx: RequestContext,
      id: string,
      decision: "refused" | "returned",
      raw: unknown,
      expectedVersion?: number,
    ): Promise<StarApplication> {
      const { reason } = parseOrThrow(ReasonSchema, raw);
      const { principal, current } = await reviewable(starApplications, ctx, id, expectedVersion);
      const at = clock.now().toISOString();
      const after: StarApplication = {
        ...current,
        status: decision,
        review: { decision, by: personOf(principal), at, reason, awarded: [] },
        updatedAt: at,
        version: current.version + 1,
      };
      const action = decision === "refused" ? "refuse" : "return";
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        `star-application.${action}`,
        { type: "star-application", id },
        {
          status: { from: "pending", to: decision },
        },
      );
      await starApplications.review(principal.tenantId, current, after, [], { audit });
      return after;
    },

    async list(ctx: RequestContext, filter: StarApplicationFilter, page: PageRequest): Promise<Page<StarApplicationSummary>> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      return starApplications.list(principal.tenantId, filter, page);
    },
  };
}
