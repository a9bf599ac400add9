// /v1/towns: the tenant's towns/streets/parks (镇/街道/园区) that units and grids are registered under. The
// tenant-admin keeps them; deleting one still in use is 409.
import { createRoute, z } from "@hono/zod-openapi";
import { created, idempotencyClaim, ifMatch, pageBody, versioned } from "#api/http";
import {
  authErrors,
  errorResponses,
  IdempotencyHeaderSchema,
  IfMatchHeaderSchema,
  json,
  PageQuerySchema,
  pageOf,
  security,
} from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { TownIdSchema } from "#core/register/enterprise";
import { CreateTownSchema, TownSchema, UpdateTownSchema } from "#core/register/town";
import type { TownService } from "#core/register/town-service";

const tags = ["Towns and grids 镇街与网格"];
const Town = TownSchema;
const TownParam = z.object({ id: TownIdSchema.meta({ param: { name: "id", in: "path" } }) });
const writeErrors = errorResponses(400, ...authErrors, 404, 409, 412, 413, 415, 422);
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

const town = { path: "/v1/towns", summary: "town/street/park" };

const routes = {
  createTown: createRoute({
    method: "post",
    path: town.path,
    tags,
    summary: `Create a ${town.summary} (tenant-admin)`,
    security,
    request: { headers: IdempotencyHeaderSchema, body: body(CreateTownSchema.meta({ id: "CreateTown" })) },
    responses: { 201: json(Town, "Created"), ...writeErrors },
  }),
  listTowns: createRoute({
    method: "get",
    path: town.path,
    tags,
    summary: "List towns",
    security,
    request: { query: PageQuerySchema },
    responses: { 200: json(pageOf(Town, "TownPage"), "A page of towns"), ...errorResponses(400, ...authErrors) },
  }),
  getTown: createRoute({
    method: "get",
    path: `${town.path}/{id}`,
    tags,
    summary: "Read a town",
    security,
    request: { params: TownParam },
    responses: { 200: json(Town, "The town"), ...errorResponses(400, ...authErrors, 404) },
  }),
  updateTown: createRoute({
    method: "patch",
    path: `${town.path}/{id}`,
    tags,
    summary: "Rename or recode a town (tenant-admin)",
    security,
    request: { params: TownParam, headers: IfMatchHeaderSchema, body: body(UpdateTownSchema.meta({ id: "UpdateTown" })) },
    responses: { 200: json(Town, "The changed town"), ...writeErrors },
  }),
  deleteTown: createRoute({
    method: "delete",
    path: `${town.path}/{id}`,
    tags,
    summary: "Delete a town without units or grids (tenant-admin)",
    security,
    request: { params: TownParam, headers: IfMatchHeaderSchema },
    responses: { 204: { description: "Deleted" }, ...writeErrors },
  }),
};

export function townRoutes(towns: TownService) {
  return newRouter()
    .openapi(routes.createTown, async (c) => {
      const input = c.req.valid("json");
      const outcome = await towns.createTown(requestContext(c), input, idempotencyClaim(c, input));
      return c.json(created(c, "/v1/towns", outcome), 201);
    })
    .openapi(routes.listTowns, async (c) => c.json(pageBody(await towns.listTowns(requestContext(c), c.req.valid("query"))), 200))
    .openapi(routes.getTown, async (c) => {
      const found = await towns.getTown(requestContext(c), c.req.valid("param").id);
      return versioned(c, found);
    })
    .openapi(routes.updateTown, async (c) => {
      const changed = await towns.updateTown(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c));
      return versioned(c, changed);
    })
    .openapi(routes.deleteTown, async (c) => {
      await towns.deleteTown(requestContext(c), c.req.valid("param").id, ifMatch(c));
      return c.body(null, 204);
    });
}
