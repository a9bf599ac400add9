// /v1/star-scheme-library and /v1/star-schemes: the built-in star schemes every tenant reads and copies, and a
// tenant's own schemes with versions: save a draft (its `problems` say what still keeps it from being
// published), publish it once sound (immutable from then on; applications pin it).
import { createRoute, z } from "@hono/zod-openapi";
import { created, idempotencyClaim, ifMatch, pageBody, versioned } from "#api/http";
import {
  authErrors,
  errorResponses,
  IdempotencyHeaderSchema,
  IfMatchHeaderSchema,
  idPathParam,
  integerParam,
  json,
  PageQuerySchema,
  pageOf,
  security,
} from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { SaveStarSchemeSchema, StarSchemeSchema, StarSchemeVersionSchema } from "#core/stars/star-scheme";
import type { StarSchemeService } from "#core/stars/star-scheme-service";

const tags = ["Star ratings 星级评定"];
const Problem = z.object({ path: z.string(), code: z.string(), message: z.object({ zh: z.string(), en: z.string() }) });
const WithLatest = StarSchemeSchema.extend({
  latest: StarSchemeVersionSchema,
  problems: z.array(Problem).meta({ description: "What keeps the draft from being published (empty when it can be)" }),
}).meta({ id: "StarSchemeWithLatest" });
const LibraryIdParam = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{2,63}$/, "A library scheme id")
    .meta({ param: { name: "id", in: "path" }, example: "tongshan-ten-stars" }),
});
const IdParam = idPathParam("A star scheme id");
const Body = { required: true, content: { "application/json": { schema: SaveStarSchemeSchema } } } as const;
const writeErrors = errorResponses(400, ...authErrors, 404, 409, 412, 415, 422);

const routes = {
  library: createRoute({
    method: "get",
    path: "/v1/star-scheme-library",
    tags,
    summary: "The built-in star schemes (石狮 standardization stars, 铜山 ten-star template), readable by every tenant",
    description: "Copy one to adapt it: the thresholds are the tenant's to set, and the notes say which values are ours.",
    security,
    responses: { 200: json(z.object({ items: z.array(StarSchemeVersionSchema) }), "The library"), ...errorResponses(...authErrors) },
  }),
  libraryScheme: createRoute({
    method: "get",
    path: "/v1/star-scheme-library/{id}",
    tags,
    summary: "One built-in star scheme with its stars and notes",
    security,
    request: { params: LibraryIdParam },
    responses: { 200: json(StarSchemeVersionSchema, "The scheme"), ...errorResponses(400, ...authErrors, 404) },
  }),
  copy: createRoute({
    method: "post",
    path: "/v1/star-scheme-library/{id}/copy",
    tags,
    summary: "Copy a built-in scheme into the tenant's own, as a draft to adapt and publish",
    security,
    request: { params: LibraryIdParam, headers: IdempotencyHeaderSchema },
    responses: { 201: json(WithLatest, "The tenant's new scheme (version 1, draft)"), ...writeErrors },
  }),
  create: createRoute({
    method: "post",
    path: "/v1/star-schemes",
    tags,
    summary: "Create a star scheme (version 1, draft)",
    security,
    request: { headers: IdempotencyHeaderSchema, body: Body },
    responses: { 201: json(WithLatest, "Created"), ...writeErrors },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/star-schemes",
    tags,
    summary: "The tenant's star schemes, newest first",
    security,
    request: { query: PageQuerySchema },
    responses: { 200: json(pageOf(StarSchemeSchema, "StarSchemePage"), "A page of schemes"), ...errorResponses(400, ...authErrors) },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/star-schemes/{id}",
    tags,
    summary: "A star scheme with its latest version and what keeps a draft from being published",
    security,
    request: { params: IdParam },
    responses: { 200: json(WithLatest, "The scheme"), ...errorResponses(400, ...authErrors, 404) },
  }),
  version: createRoute({
    method: "get",
    path: "/v1/star-schemes/{id}/versions/{version}",
    tags,
    summary: "One version of a star scheme (what an award pinned)",
    security,
    request: { params: IdParam.extend({ version: integerParam({ min: 1 }).meta({ param: { name: "version", in: "path" } }) }) },
    responses: { 200: json(StarSchemeVersionSchema, "The version"), ...errorResponses(400, ...authErrors, 404) },
  }),
  saveDraft: createRoute({
    method: "put",
    path: "/v1/star-schemes/{id}/draft",
    tags,
    summary: "Save the scheme as the open draft; after a publish this opens the next version",
    security,
    request: { params: IdParam, headers: IfMatchHeaderSchema, body: Body },
    responses: { 200: json(WithLatest, "Saved"), ...writeErrors },
  }),
  publish: createRoute({
    method: "post",
    path: "/v1/star-schemes/{id}/publish",
    tags,
    summary: "Publish the open draft; 422 lists every problem (unnamed star, no rules, unknown rubric, score out of range…)",
    security,
    request: { params: IdParam, headers: IfMatchHeaderSchema },
    responses: { 200: json(WithLatest, "Published"), ...writeErrors },
  }),
};

export function starSchemeRoutes(schemes: StarSchemeService) {
  return newRouter()
    .openapi(routes.library, (c) => c.json({ items: schemes.library(requestContext(c)) }, 200))
    .openapi(routes.libraryScheme, (c) => c.json(schemes.libraryScheme(requestContext(c), c.req.valid("param").id), 200))
    .openapi(routes.copy, async (c) => {
      const id = c.req.valid("param").id;
      return c.json(created(c, "/v1/star-schemes", await schemes.copy(requestContext(c), id, idempotencyClaim(c, { copy: id }))), 201);
    })
    .openapi(routes.create, async (c) => {
      const body = c.req.valid("json");
      return c.json(created(c, "/v1/star-schemes", await schemes.create(requestContext(c), body, idempotencyClaim(c, body))), 201);
    })
    .openapi(routes.list, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(pageBody(await schemes.list(requestContext(c), { limit, cursor })), 200);
    })
    .openapi(routes.get, async (c) => versioned(c, await schemes.get(requestContext(c), c.req.valid("param").id)))
    .openapi(routes.version, async (c) => {
      const { id, version } = c.req.valid("param");
      return c.json(await schemes.version(requestContext(c), id, version), 200);
    })
    .openapi(routes.saveDraft, async (c) => {
      const { id } = c.req.valid("param");
      return versioned(c, await schemes.saveDraft(requestContext(c), id, c.req.valid("json"), ifMatch(c)));
    })
    .openapi(routes.publish, async (c) => {
      return versioned(c, await schemes.publish(requestContext(c), c.req.valid("param").id, ifMatch(c)));
    });
}
