// The parent city's review of a district's campaign (复核): the district grants and revokes it under
// /v1/campaigns/{id}/review-grant; the city lists its reviews and reads, verifies or returns the campaign's
// assessments under /v1/reviews/{districtId}/{campaignId}/….
import { createRoute, z } from "@hono/zod-openapi";
import { ifMatch, optionalJson, versioned } from "#api/http";
import { authErrors, errorResponses, IfMatchHeaderSchema, idPathParam, json, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { AssessmentWithResultSchema, ReturnAssessmentSchema, TransitionNoteSchema } from "#core/assessments/assessment";
import { CampaignIdSchema } from "#core/campaigns/campaign";
import type { CampaignReviewService } from "#core/campaigns/campaign-review-service";
import { GrantReviewSchema, ReviewAssessmentSchema, ReviewGrantSchema } from "#core/campaigns/review-grant";

const tags = ["Campaign review 市级复核"];
const IdParam = idPathParam("A campaign id");
const ReviewParams = z.object({
  districtId: z
    .string()
    .regex(/^\d{6}$/, "The district's tenant id (6-digit division code)")
    .meta({ param: { name: "districtId", in: "path" } }),
  campaignId: CampaignIdSchema.meta({ param: { name: "campaignId", in: "path" } }),
});
const AssessmentParams = ReviewParams.extend({
  assessmentId: CampaignIdSchema.meta({ param: { name: "assessmentId", in: "path" } }),
});
const base = "/v1/reviews/{districtId}/{campaignId}";

const routes = {
  grant: createRoute({
    method: "post",
    path: "/v1/campaigns/{id}/review-grant",
    tags,
    summary: "Grant the parent city review of this campaign's assessments (and of nothing else of the district)",
    description: "422 no_parent_city for a tenant without one; 409 review_granted while a grant stands. Needs campaigns:write.",
    security,
    request: { params: IdParam, body: { required: false, content: { "application/json": { schema: GrantReviewSchema } } } },
    responses: { 201: json(ReviewGrantSchema, "Granted"), ...errorResponses(400, ...authErrors, 404, 409, 415, 422) },
  }),
  getGrant: createRoute({
    method: "get",
    path: "/v1/campaigns/{id}/review-grant",
    tags,
    summary: "The standing grant of the campaign's review to the city",
    security,
    request: { params: IdParam },
    responses: { 200: json(ReviewGrantSchema, "The grant"), ...errorResponses(400, ...authErrors, 404) },
  }),
  revoke: createRoute({
    method: "delete",
    path: "/v1/campaigns/{id}/review-grant",
    tags,
    summary: "Revoke the city's review: its next request is refused",
    security,
    request: { params: IdParam },
    responses: { 204: { description: "Revoked" }, ...errorResponses(400, ...authErrors, 404) },
  }),
  reviews: createRoute({
    method: "get",
    path: "/v1/reviews",
    tags,
    summary: "The city's reviews: the campaigns its districts granted it to review",
    security,
    responses: {
      200: json(z.object({ items: z.array(ReviewGrantSchema) }).openapi("CampaignReviews"), "The reviews"),
      ...errorResponses(400, ...authErrors),
    },
  }),
  assessments: createRoute({
    method: "get",
    path: `${base}/assessments`,
    tags,
    summary: "The assessments of a district's campaign under review, newest first",
    description: "404 unless the district is the caller's and its grant stands. Needs assessments:read.",
    security,
    request: { params: ReviewParams },
    responses: {
      200: json(z.object({ items: z.array(ReviewAssessmentSchema) }).openapi("ReviewAssessments"), "The assessments"),
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  assessment: createRoute({
    method: "get",
    path: `${base}/assessments/{assessmentId}`,
    tags,
    summary: "One assessment of the campaign under review, with its breakdown",
    security,
    request: { params: AssessmentParams },
    responses: { 200: json(AssessmentWithResultSchema, "The assessment"), ...errorResponses(400, ...authErrors, 404) },
  }),
  verify: createRoute({
    method: "post",
    path: `${base}/assessments/{assessmentId}/verify`,
    tags,
    summary: "Verify a handed-in assessment of the campaign, as the city (recorded in both audit trails)",
    description: "By a signed-in official of the city (403 person_required for an API key). Needs assessments:write.",
    security,
    request: {
      params: AssessmentParams,
      headers: IfMatchHeaderSchema,
      body: { required: false, content: { "application/json": { schema: TransitionNoteSchema } } },
    },
    responses: { 200: json(AssessmentWithResultSchema, "Verified"), ...errorResponses(400, ...authErrors, 404, 409, 412, 415) },
  }),
  return: createRoute({
    method: "post",
    path: `${base}/assessments/{assessmentId}/return`,
    tags,
    summary: "Return a handed-in assessment of the campaign to assistance, with the reason, as the city",
    security,
    request: {
      params: AssessmentParams,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: ReturnAssessmentSchema } } },
    },
    responses: { 200: json(AssessmentWithResultSchema, "Returned"), ...errorResponses(400, ...authErrors, 404, 409, 412, 415) },
  }),
};

export function campaignReviewRoutes(reviews: CampaignReviewService) {
  return newRouter()
    .openapi(routes.grant, async (c) => {
      const { id } = c.req.valid("param");
      const grant = await reviews.grant(requestContext(c), id, await optionalJson(c));
      c.header("Location", `/v1/campaigns/${id}/review-grant`);
      return c.json(grant, 201);
    })
    .openapi(routes.getGrant, async (c) => c.json(await reviews.getGrant(requestContext(c), c.req.valid("param").id), 200))
    .openapi(routes.revoke, async (c) => {
      await reviews.revoke(requestContext(c), c.req.valid("param").id);
      return c.body(null, 204);
    })
    .openapi(routes.reviews, async (c) => c.json({ items: await reviews.reviews(requestContext(c)) }, 200))
    .openapi(routes.assessments, async (c) => {
      const { districtId, campaignId } = c.req.valid("param");
      return c.json({ items: await reviews.assessments(requestContext(c), districtId, campaignId) }, 200);
    })
    .openapi(routes.assessment, async (c) => {
      const { districtId, campaignId, assessmentId } = c.req.valid("param");
      return versioned(c, await reviews.assessment(requestContext(c), districtId, campaignId, assessmentId));
    })
    .openapi(routes.verify, async (c) => {
      const { districtId, campaignId, assessmentId } = c.req.valid("param");
      return versioned(c, await reviews.verify(requestContext(c), districtId, campaignId, assessmentId, await optionalJson(c), ifMatch(c)));
    })
    .openapi(routes.return, async (c) => {
      const { districtId, campaignId, assessmentId } = c.req.valid("param");
      return versioned(c, await reviews.return(requestContext(c), districtId, campaignId, assessmentId, c.req.valid("json"), ifMatch(c)));
    });
}
