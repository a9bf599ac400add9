// /v1/rubric-library and /v1/rubrics: the built-in rubrics every tenant reads (and may copy), and a tenant's own
// rubrics with versions: save a draft (validated: every problem listed), publish it (immutable from then on).
import { createRoute, z } from "@hono/zod-openapi";
import { created, idempotencyClaim, ifMatch, pageBody, versioned } from "#api/http";
import {
  authErrors,
  errorResponses,
  IdempotencyHeaderSchema,
  IfMatchHeaderSchema,
  integerParam,
  json,
  PageQuerySchema,
  pageOf,
  security,
} from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { RubricFilterSchema, RubricIdSchema, RubricSchema, RubricVersionSchema, SaveRubricSchema } from "#core/assessments/rubric";
import type { RubricService } from "#core/assessments/rubric-service";

const tags = ["Rubrics 评分细则"];
const Version = RubricVersionSchema;
const WithLatest = RubricSchema.extend({ latest: RubricVersionSchema }).meta({ id: "RubricWithLatest" });
const IdParam = z.object({ id: RubricIdSchema.meta({ param: { name: "id", in: "path" } }) });
const writeErrors = errorResponses(400, ...authErrors, 404, 409, 412, 415, 422);

const routes = {
  library: createRoute({
    method: "get",
    path: "/v1/rubric-library",
    tags,
    summary: "The built-in rubrics (附件3 enterprise, 附件4 town…), readable by every tenant",
    description: "An assessment may pin a library rubric directly ({ id, version: 1 }), or copy it to adapt it.",
    security,
    responses: { 200: json(z.object({ items: z.array(Version) }), "The library"), ...errorResponses(...authErrors) },
  }),
  libraryRubric: createRoute({
    method: "get",
    path: "/v1/rubric-library/{id}",
    tags,
    summary: "One built-in rubric with its whole table and the notes on how the source was read",
    security,
    request: { params: IdParam },
    responses: { 200: json(Version, "The rubric"), ...errorResponses(400, ...authErrors, 404) },
  }),
  copy: createRoute({
    method: "post",
    path: "/v1/rubric-library/{id}/copy",
    tags,
    summary: "Copy a built-in rubric into the tenant's own rubrics, as a draft to adapt and publish",
    security,
    request: { params: IdParam, headers: IdempotencyHeaderSchema },
    responses: { 201: json(WithLatest, "The tenant's new rubric (version 1, draft)"), ...writeErrors },
  }),
  create: createRoute({
    method: "post",
    path: "/v1/rubrics",
    tags,
    summary: "Create a rubric (version 1, draft); an invalid table is 422 with every problem listed",
    description:
      "Checked on save: points of children add up to their parent's and to totalPoints, caps ≤ points, bands ordered and " +
      "non-overlapping, graded steps divide the points, ids unique; checklists carry no points and use pass-fail.",
    security,
    request: {
      headers: IdempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: SaveRubricSchema } } },
    },
    responses: { 201: json(WithLatest, "Created"), ...writeErrors },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/rubrics",
    tags,
    summary: "The tenant's rubrics, newest first; enterpriseId and level narrow it to a unit's checklists (安全检查清单)",
    security,
    request: { query: PageQuerySchema.extend(RubricFilterSchema.shape) },
    responses: { 200: json(pageOf(RubricSchema, "RubricPage"), "A page of rubrics"), ...errorResponses(400, ...authErrors) },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/rubrics/{id}",
    tags,
    summary: "A rubric with its latest version (draft or published)",
    security,
    request: { params: IdParam },
    responses: { 200: json(WithLatest, "The rubric"), ...errorResponses(400, ...authErrors, 404) },
  }),
  version: createRoute({
    method: "get",
    path: "/v1/rubrics/{id}/versions/{version}",
    tags,
    summary: "One version of a rubric (what an assessment pinned)",
    security,
    request: {
      params: IdParam.extend({
        version: integerParam({ min: 1 }).meta({ param: { name: "version", in: "path" } }),
      }),
    },
    responses: { 200: json(Version, "The version"), ...errorResponses(400, ...authErrors, 404) },
  }),
  saveDraft: createRoute({
    method: "put",
    path: "/v1/rubrics/{id}/draft",
    tags,
    summary: "Save the table as the open draft; after a publish this opens the next version",
    security,
    request: {
      params: IdParam,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: SaveRubricSchema } } },
    },
    responses: { 200: json(WithLatest, "Saved"), ...writeErrors },
  }),
  publish: createRoute({
    method: "post",
    path: "/v1/rubrics/{id}/publish",
    tags,
    summary: "Publish the open draft: assessments may pin it from now on, and it never changes",
    security,
    request: { params: IdParam, headers: IfMatchHeaderSchema },
    responses: { 200: json(WithLatest, "Published"), ...writeErrors },
  }),
};

export function rubricRoutes(rubrics: RubricService) {
  return newRouter()
    .openapi(routes.library, (c) => c.json({ items: rubrics.library(requestContext(c)) }, 200))
    .openapi(routes.libraryRubric, (c) => c.json(rubrics.libraryRubric(requestContext(c), c.req.valid("param").id), 200))
    .openapi(routes.copy, async (c) => {
      const id = c.req.valid("param").id;
      return c.json(created(c, "/v1/rubrics", await rubrics.copy(requestContext(c), id, idempotencyClaim(c, { copy: id }))), 201);
    })
    .openapi(routes.create, async (c) => {
      const body = c.req.valid("json");
      return c.json(created(c, "/v1/rubrics", await rubrics.create(requestContext(c), body, idempotencyClaim(c, body))), 201);
    })
    .openapi(routes.list, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      return c.json(pageBody(await rubrics.list(requestContext(c), filter, { limit, cursor })), 200);
    })
    .openapi(routes.get, async (c) => versioned(c, await rubrics.get(requestContext(c), c.req.valid("param").id)))
    .openapi(routes.version, async (c) => {
      const { id, version } = c.req.valid("param");
      return c.json(await rubrics.version(requestContext(c), id, version), 200);
    })
    .openapi(routes.saveDraft, async (c) => {
      const { id } = c.req.valid("param");
      return versioned(c, await rubrics.saveDraft(requestContext(c), id, c.req.valid("json"), ifMatch(c)));
    })
    .openapi(routes.publish, async (c) => {
      return versioned(c, await rubrics.publish(requestContext(c), c.req.valid("param").id, ifMatch(c)));
    });
}
