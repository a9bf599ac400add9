// Use cases of the parent city's review (复核, review-grant.ts). The district's tenant-admin grants or revokes it; the
// city's officials list what they were given, read the campaign's assessments and verify or return those handed in.
//
// How the city reaches the district's data: its credential names the city, and nothing of a district is ever read
// on it — except here, where each request first reads the district's grant (consistently, so a revocation holds at
// once) and checks that the district's parent is the caller's tenant. The assessments are then read and moved with
// the district's own use cases, as an official of the city acting in the district (subject `<city>:<subject>`),
// and only the campaign's assessments: both audit trails record it — the district's with the assessment's change,
// the city's with a record of its own.

import type { AssessmentWithResult } from "#core/assessments/assessment-records";
import type { AssessmentService } from "#core/assessments/assessment-service";
import type { Campaign } from "#core/campaigns/campaign";
import type { CampaignRepository } from "#core/campaigns/ports";
import { GrantReviewSchema, type ReviewAssessment, type ReviewGrant } from "#core/campaigns/review-grant";
import { auditEntry } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem } from "#core/kernel/errors";
import { idPattern } from "#core/kernel/ids";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import { type Principal, personOf, requirePerson, requireTenantAccess, type TenantPrincipal } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { TenantRepository } from "#core/tenancy/ports";

export interface CampaignReviewServiceDeps {
  readonly campaigns: CampaignRepository;
  readonly load: (tenantId: string, id: string) => Promise<Campaign>;
  readonly tenants: TenantRepository;
  readonly assessments: Pick<AssessmentService, "get" | "verify" | "return">;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type CampaignReviewService = ReturnType<typeof createCampaignReviewService>;

export function createCampaignReviewService(deps: CampaignReviewServiceDeps) {
  const { campaigns, clock, ids } = deps;

  /** 404 for anything the caller may not review: no grant, another city's district, or work outside the campaign. */
  const hidden = (campaignId: string) => errors.notFound("campaign", campaignId);

  /** The grant that lets the calling city review the district's campaign, and the city principal. */
  async function authorize(ctx: RequestContext, districtId: string, campaignId: string, access: "read" | "write") {
    const city = requireTenantAccess(ctx.principal, "assessments", access);
    if (!/^\d{6}$/.test(districtId) || !idPattern.test(campaignId)) throw hidden(campaignId);
    const district = await deps.tenants.get(districtId);
    if (!district || district.parentId !== city.tenantId) throw hidden(campaignId);
    const grant = await campaigns.reviewGrant(districtId, campaignId);
    if (!grant || grant.cityId !== city.tenantId) throw hidden(campaignId);
    return { city, grant };
  }

  /** The city's official acting in the district: the least role that verifies, and a subject naming the city. */
  function actingIn(ctx: RequestContext, city: TenantPrincipal, districtId: string): RequestContext {
    const person = city.kind === "user" ? city.subject : personOf(city);
    const principal: Principal =
      city.kind === "user"
        ? { kind: "user", tenantId: districtId, subject: `${city.tenantId}:${person}`, role: "inspector" }
        : {
            kind: "api-key",
            tenantId: districtId,
            keyId: `${city.tenantId}:${city.keyId}`,
            scopes: ["assessments:read"],
            createdBy: `${city.tenantId}:${person}`,
          };
    return { ...ctx, principal };
  }

  /** The ids of the campaign's assessments, from its tallies. */
  async function assessmentIds(districtId: string, campaignId: string): Promise<Set<string>> {
    const units = await campaigns.units(districtId, campaignId);
    return new Set(units.flatMap((u) => Object.keys(u.work).flatMap((key) => (key.startsWith("assessment#") ? [key.slice(11)] : []))));
  }

  async function inCampaign(districtId: string, campaignId: string, assessmentId: string) {
    if (!(await assessmentIds(districtId, campaignId)).has(assessmentId)) throw errors.notFound("assessment", assessmentId);
  }

  async function move(
    ctx: RequestContext,
    districtId: string,
    campaignId: string,
    assessmentId: string,
    action: "verify" | "return",
    raw: unknown,
    expectedVersion: number | undefined,
  ): Promise<AssessmentWithResult> {
    const { city } = await authorize(ctx, districtId, campaignId, "write");
    requirePerson(city, { zh: "市级复核", en: "The city's review" });
    await inCampaign(districtId, campaignId, assessmentId);
    const acting = actingIn(ctx, city, districtId);
    const moved =
      action === "verify"
        ? await deps.assessments.verify(acting, assessmentId, raw, expectedVersion)
        : await deps.assessments.return(acting, assessmentId, raw, expectedVersion);
    const audit = auditEntry(
      auditSource(ctx, clock, ids),
      `campaign-review.${action}`,
      { type: "assessment", id: assessmentId },
      {
        district: { from: null, to: districtId },
        campaign: { from: null, to: campaignId },
        status: { from: "submitted", to: moved.status },
      },
    );
    await campaigns.noteReview(city.tenantId, { audit });
    return moved;
  }

  return {
    /** The district grants its parent city review of the campaign's assessments (409 while a grant stands). */
    async grant(ctx: RequestContext, campaignId: string, raw: unknown): Promise<ReviewGrant> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "write");
      const { note } = parseOrThrow(GrantReviewSchema, raw ?? {});
      const campaign = await deps.load(principal.tenantId, campaignId);
      const district = await deps.tenants.get(principal.tenantId);
      if (!district?.parentId)
        throw errors.unprocessable([
          problem("", "no_parent_city", "本租户没有上级市，无法提请复核", "This tenant has no parent city to grant review to"),
        ]);
      const grant: ReviewGrant = {
        campaignId,
        campaignName: campaign.name,
        districtId: district.id,
        districtName: district.name,
        cityId: district.parentId,
        note,
        grantedBy: personOf(principal),
        grantedAt: clock.now().toISOString(),
      };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "campaign.review-grant",
        { type: "campaign", id: campaignId },
        {
          reviewBy: { from: null, to: district.parentId },
        },
      );
      await campaigns.grantReview(principal.tenantId, grant, { audit });
      return grant;
    },

    async getGrant(ctx: RequestContext, campaignId: string): Promise<ReviewGrant> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "read");
      await deps.load(principal.tenantId, campaignId);
      const grant = await campaigns.reviewGrant(principal.tenantId, campaignId);
      if (!grant) throw errors.notFound("review grant", campaignId);
      return grant;
    },

    /** Ends the city's review at once: its next request finds no grant. */
    async revoke(ctx: RequestContext, campaignId: string): Promise<void> {
      const principal = requireTenantAccess(ctx.principal, "campaigns", "write");
      const grant = await campaigns.reviewGrant(principal.tenantId, campaignId);
      if (!grant) throw errors.notFound("review grant", campaignId);
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "campaign.review-revoke",
        { type: "campaign", id: campaignId },
        {
          reviewBy: { from: grant.cityId, to: null },
        },
      );
      await campaigns.revokeReview(principal.tenantId, grant, { audit });
    },

    /** The campaigns the city's districts gave it to review. */
    async reviews(ctx: RequestContext): Promise<ReviewGrant[]> {
      const city = requireTenantAccess(ctx.principal, "assessments", "read");
      return (await campaigns.reviewsOf(city.tenantId)).sort((a, b) => (a.grantedAt < b.grantedAt ? 1 : -1));
    },

    async assessments(ctx: RequestContext, districtId: string, campaignId: string): Promise<ReviewAssessment[]> {
      const { city } = await authorize(ctx, districtId, campaignId, "read");
      const acting = actingIn(ctx, city, districtId);
      const found: ReviewAssessment[] = [];
      const ids = [...(await assessmentIds(districtId, campaignId))];
      // Read 16 at a time: one after another, a campaign of hundreds of assessments would take seconds.
      for (let i = 0; i < ids.length; i += 16) {
        const read = await Promise.all(ids.slice(i, i + 16).map((id) => deps.assessments.get(acting, id)));
        for (const a of read)
          found.push({
            id: a.id,
            enterpriseId: a.target.id,
            enterpriseName: a.target.name,
            townId: a.target.townId,
            stage: a.stage,
            status: a.status,
            total: a.result.total,
            assessedOn: a.assessedOn,
            version: a.version,
          });
      }
      return found.sort((a, b) => (a.assessedOn === b.assessedOn ? (a.id < b.id ? -1 : 1) : a.assessedOn < b.assessedOn ? 1 : -1));
    },

    async assessment(ctx: RequestContext, districtId: string, campaignId: string, assessmentId: string): Promise<AssessmentWithResult> {
      const { city } = await authorize(ctx, districtId, campaignId, "read");
      await inCampaign(districtId, campaignId, assessmentId);
      return deps.assessments.get(actingIn(ctx, city, districtId), assessmentId);
    },

    verify: (ctx: RequestContext, districtId: string, campaignId: string, assessmentId: string, raw: unknown, expectedVersion?: number) =>
      move(ctx, districtId, campaignId, assessmentId, "verify", raw, expectedVersion),
    return: (ctx: RequestContext, districtId: string, campaignId: string, assessmentId: string, raw: unknown, expectedVersion?: number) =>
      move(ctx, districtId, campaignId, assessmentId, "return", raw, expectedVersion),
  };
}
