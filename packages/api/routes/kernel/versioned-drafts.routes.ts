// The routes of a versioned definition kept as drafts and published versions (rubrics, star schemes): a built-in
// library every tenant reads and copies, and the tenant's own with create, list, read, a version, save the draft
// and publish. One table for both; each resource names its paths, schemas and words.
import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "#api/env";
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
import type { RequestContext } from "#core/kernel/context";
import type { CreateOutcome } from "#core/kernel/idempotency";
import type { IdempotencyClaim, Page, PageRequest } from "#core/kernel/ports";

type Words = { summary: string; description?: string };

export interface VersionedDraftsConfig {
  readonly tags: string[];
  /** e.g. /v1/rubrics */
  readonly collection: string;
  /** e.g. /v1/rubric-library */
  readonly library: string;
  readonly libraryParam: z.ZodObject<{ id: z.ZodType<string> }>;
  readonly idParam: z.ZodObject<{ id: z.ZodType<string> }>;
  /** Filters of the list beyond paging, if any. */
  readonly listFilter?: z.ZodObject;
  readonly schemas: {
    readonly version: z.ZodType;
    readonly withLatest: z.ZodType;
    readonly item: z.ZodType;
    readonly page: string;
    readonly save: z.ZodType;
  };
  readonly words: {
    readonly library: Words & { answer?: string };
    readonly libraryEntry: Words & { answer: string };
    readonly copy: Words & { answer: string };
    readonly create: Words;
    readonly list: Words & { answer: string };
    readonly get: Words & { answer: string };
    readonly version: Words;
    readonly saveDraft: Words;
    readonly publish: Words;
  };
}

export interface VersionedDraftsService<V, W extends { id: string; version: number }, L> {
  library(ctx: RequestContext): V[];
  libraryEntry(ctx: RequestContext, id: string): V;
  copy(ctx: RequestContext, libraryId: string, claim?: IdempotencyClaim): Promise<CreateOutcome<W>>;
  create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<W>>;
  list(ctx: RequestContext, filter: Record<string, unknown>, page: PageRequest): Promise<Page<L>>;
  get(ctx: RequestContext, id: string): Promise<W>;
  version(ctx: RequestContext, id: string, version: number): Promise<V>;
  saveDraft(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<W>;
  publish(ctx: RequestContext, id: string, expectedVersion?: number): Promise<W>;
}

const text = (w: Words) => ({ summary: w.summary, ...(w.description ? { description: w.description } : {}) });

function routesOf(config: VersionedDraftsConfig) {
  const { tags, collection, library, libraryParam, idParam, schemas, words } = config;
  const writeErrors = errorResponses(400, ...authErrors, 404, 409, 412, 415, 422);
  const body = { required: true, content: { "application/json": { schema: schemas.save } } } as const;
  return {
    library: createRoute({
      method: "get",
      path: library,
      tags,
      ...text(words.library),
      security,
      responses: {
        200: json(z.object({ items: z.array(schemas.version) }), words.library.answer ?? "The library"),
        ...errorResponses(...authErrors),
      },
    }),
    libraryEntry: createRoute({
      method: "get",
      path: `${library}/{id}`,
      tags,
      ...text(words.libraryEntry),
      security,
      request: { params: libraryParam },
      responses: { 200: json(schemas.version, words.libraryEntry.answer), ...errorResponses(400, ...authErrors, 404) },
    }),
    copy: createRoute({
      method: "post",
      path: `${library}/{id}/copy`,
      tags,
      ...text(words.copy),
      security,
      request: { params: libraryParam, headers: IdempotencyHeaderSchema },
      responses: { 201: json(schemas.withLatest, words.copy.answer), ...writeErrors },
    }),
    create: createRoute({
      method: "post",
      path: collection,
      tags,
      ...text(words.create),
      security,
      request: { headers: IdempotencyHeaderSchema, body },
      responses: { 201: json(schemas.withLatest, "Created"), ...writeErrors },
    }),
    list: createRoute({
      method: "get",
      path: collection,
      tags,
      ...text(words.list),
      security,
      request: { query: config.listFilter ? PageQuerySchema.extend(config.listFilter.shape) : PageQuerySchema },
      responses: { 200: json(pageOf(schemas.item, schemas.page), words.list.answer), ...errorResponses(400, ...authErrors) },
    }),
    get: createRoute({
      method: "get",
      path: `${collection}/{id}`,
      tags,
      ...text(words.get),
      security,
      request: { params: idParam },
      responses: { 200: json(schemas.withLatest, words.get.answer), ...errorResponses(400, ...authErrors, 404) },
    }),
    version: createRoute({
      method: "get",
      path: `${collection}/{id}/versions/{version}`,
      tags,
      ...text(words.version),
      security,
      request: { params: idParam.extend({ version: integerParam({ min: 1 }).meta({ param: { name: "version", in: "path" } }) }) },
      responses: { 200: json(schemas.version, "The version"), ...errorResponses(400, ...authErrors, 404) },
    }),
    saveDraft: createRoute({
      method: "put",
      path: `${collection}/{id}/draft`,
      tags,
      ...text(words.saveDraft),
      security,
      request: { params: idParam, headers: IfMatchHeaderSchema, body },
      responses: { 200: json(schemas.withLatest, "Saved"), ...writeErrors },
    }),
    publish: createRoute({
      method: "post",
      path: `${collection}/{id}/publish`,
      tags,
      ...text(words.publish),
      security,
      request: { params: idParam, headers: IfMatchHeaderSchema },
      responses: { 200: json(schemas.withLatest, "Published"), ...writeErrors },
    }),
  } satisfies Record<keyof VersionedDraftsService<unknown, { id: string; version: number }, unknown>, RouteConfig>;
}

/** What a handler reads of a validated request (the route's schemas above checked it). */
interface ValidInput {
  param: { id: string; version: number };
  query: PageRequest & Record<string, unknown>;
  json: unknown;
}
type Valid = { req: { valid<K extends keyof ValidInput>(target: K): ValidInput[K] } };

export function versionedDraftRoutes<V, W extends { id: string; version: number }, L>(
  config: VersionedDraftsConfig,
  service: VersionedDraftsService<V, W, L>,
) {
  const routes = routesOf(config);
  const on = (c: Context<AppEnv>) => c as unknown as Valid;
  const id = (c: Context<AppEnv>): string => on(c).req.valid("param").id;
  const router = newRouter();
  const add = (route: RouteConfig, handler: (c: Context<AppEnv>) => unknown) =>
    (router.openapi as (r: RouteConfig, h: (c: Context<AppEnv>) => unknown) => unknown)(route, handler);
  add(routes.library, (c) => c.json({ items: service.library(requestContext(c)) }, 200));
  add(routes.libraryEntry, (c) => c.json(service.libraryEntry(requestContext(c), id(c)), 200));
  add(routes.copy, async (c) =>
    c.json(created(c, config.collection, await service.copy(requestContext(c), id(c), idempotencyClaim(c, { copy: id(c) }))), 201),
  );
  add(routes.create, async (c) => {
    const body = on(c).req.valid("json");
    return c.json(created(c, config.collection, await service.create(requestContext(c), body, idempotencyClaim(c, body))), 201);
  });
  add(routes.list, async (c) => {
    const { limit, cursor, ...filter } = on(c).req.valid("query");
    return c.json(pageBody(await service.list(requestContext(c), filter, { limit, cursor })), 200);
  });
  add(routes.get, async (c) => versioned(c, await service.get(requestContext(c), id(c))));
  add(routes.version, async (c) => c.json(await service.version(requestContext(c), id(c), on(c).req.valid("param").version), 200));
  add(routes.saveDraft, async (c) => versioned(c, await service.saveDraft(requestContext(c), id(c), on(c).req.valid("json"), ifMatch(c))));
  add(routes.publish, async (c) => versioned(c, await service.publish(requestContext(c), id(c), ifMatch(c))));
  return router;
}
