// /v1/star-applications: a unit applies for a published star scheme (an inspector on its behalf, or a portal key
// with stars:apply); the answer holds every star's evaluation with its explanations and the evidence read.
import { createRoute, type z } from "@hono/zod-openapi";
import { created, idempotencyClaim, ifMatch, optionalJson, pageBody, versioned } from "#api/http";
import {
  authErrors,
  errorResponses,
  IdempotencyHeaderSchema,
  IfMatchHeaderSchema,
  idPathParam,
  json,
  PageQuerySchema,
  pageOf,
  security,
} from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import {
  ApplyForStarsSchema,
  AwardStarsSchema,
  ReasonSchema,
  StarApplicationFilterSchema,
  StarApplicationSchema,
  StarApplicationSummarySchema,
} from "#core/stars/star-application";
import type { StarApplicationService } from "#core/stars/star-application-service";

const tags = ["Star ratings 星级评定"];
const IdParam = idPathParam("A star application id");

const reviewErrors = errorResponses(400, ...authErrors, 404, 409, 412, 415, 422);

/** POST /v1/star-applications/{id}/<step>: a review step, versioned (If-Match), answering the application. */
function review<S extends z.ZodType, P extends string>(
  step: P,
  schema: S,
  required: boolean,
  text: { summary: string; description?: string; answer: string },
) {
  return createRoute({
    method: "post",
    path: `/v1/star-applications/{id}/${step}` as `/v1/star-applications/{id}/${P}`,
    tags,
    summary: text.summary,
    ...(text.description ? { description: text.description } : {}),
    security,
    request: { params: IdParam, headers: IfMatchHeaderSchema, body: { required, content: { "application/json": { schema } } } },
    responses: { 200: json(StarApplicationSchema, text.answer), ...reviewErrors },
  });
}

const routes = {
  apply: createRoute({
    method: "post",
    path: "/v1/star-applications",
    tags,
    summary: "Apply for a star scheme on a unit's behalf: every star is evaluated at once, with the evidence kept",
    description:
      "Pins the scheme's latest published version. 409 application_pending while the unit has a pending application for the scheme; " +
      "422 scheme_not_published. Needs stars:apply (inspectors, tenant-admins, or a portal key scoped to it).",
    security,
    request: {
      headers: IdempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: ApplyForStarsSchema } } },
    },
    responses: { 201: json(StarApplicationSchema, "Filed and evaluated"), ...errorResponses(400, ...authErrors, 404, 409, 415, 422) },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/star-applications",
    tags,
    summary: "Star applications, newest first; one unit's and/or in one status",
    security,
    request: { query: PageQuerySchema.extend(StarApplicationFilterSchema.shape) },
    responses: {
      200: json(pageOf(StarApplicationSummarySchema, "StarApplicationPage"), "A page of applications"),
      ...errorResponses(400, ...authErrors),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/star-applications/{id}",
    tags,
    summary: "One application with its evaluation: each star, each rule's result and explanation, and the evidence read",
    security,
    request: { params: IdParam },
    responses: { 200: json(StarApplicationSchema, "The application"), ...errorResponses(400, ...authErrors, 404) },
  }),
  award: review("award", AwardStarsSchema, false, {
    summary: "Award the stars that passed (all, or those named), with an optional plaque (授牌)",
    description:
      "By a signed-in official with stars:write other than the filer (403 own_application, person_required). Each star must have passed " +
      "and still pass today (422 star_not_passed, star_no_longer_passes). Of two reviews at once exactly one wins; the other is 409 application_reviewed.",
    answer: "Awarded",
  }),
  refuse: review("refuse", ReasonSchema, true, { summary: "Refuse the application (不予评定), with the reason", answer: "Refused" }),
  return: review("return", ReasonSchema, true, {
    summary: "Send the application back for more evidence, with the reason; the unit may apply again",
    answer: "Returned",
  }),
};

export function starApplicationRoutes(applications: StarApplicationService) {
  return newRouter()
    .openapi(routes.apply, async (c) => {
      const body = c.req.valid("json");
      return c.json(created(c, "/v1/star-applications", await applications.apply(requestContext(c), body, idempotencyClaim(c, body))), 201);
    })
    .openapi(routes.list, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      return c.json(pageBody(await applications.list(requestContext(c), filter, { limit, cursor })), 200);
    })
    .openapi(routes.get, async (c) => versioned(c, await applications.get(requestContext(c), c.req.valid("param").id)))
    .openapi(routes.award, async (c) => {
      const body = await optionalJson(c);
      return versioned(c, await applications.award(requestContext(c), c.req.valid("param").id, body, ifMatch(c)));
    })
    .openapi(routes.refuse, async (c) => {
      return versioned(
        c,
        await applications.decide(requestContext(c), c.req.valid("param").id, "refused", c.req.valid("json"), ifMatch(c)),
      );
    })
    .openapi(routes.return, async (c) => {
      return versioned(
        c,
        await applications.decide(requestContext(c), c.req.valid("param").id, "returned", c.req.valid("json"), ifMatch(c)),
      );
    });
}
