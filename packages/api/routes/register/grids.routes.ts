// /v1/grids: the grids (网格) of the tenant's towns, where a unit's grid officer (网格员) works. The tenant-admin
// keeps them; deleting one still in use is 409.
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
import { GridIdSchema, TownIdSchema } from "#core/register/enterprise";
import { CreateGridSchema, GridSchema, UpdateGridSchema } from "#core/register/town";
import type { TownService } from "#core/register/town-service";

const tags = ["Towns and grids 镇街与网格"];
const Grid = GridSchema;
const GridParam = z.object({ id: GridIdSchema.meta({ param: { name: "id", in: "path" } }) });
const writeErrors = errorResponses(400, ...authErrors, 404, 409, 412, 413, 415, 422);
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

const grid = { path: "/v1/grids" };

const routes = {
  createGrid: createRoute({
    method: "post",
    path: grid.path,
    tags,
    summary: "Create a grid in a town (tenant-admin)",
    security,
    request: { headers: IdempotencyHeaderSchema, body: body(CreateGridSchema.meta({ id: "CreateGrid" })) },
    responses: { 201: json(Grid, "Created"), ...writeErrors },
  }),
  listGrids: createRoute({
    method: "get",
    path: grid.path,
    tags,
    summary: "List grids, all or of one town (by name)",
    security,
    request: { query: PageQuerySchema.extend({ townId: TownIdSchema.optional() }) },
    responses: { 200: json(pageOf(Grid, "GridPage"), "A page of grids"), ...errorResponses(400, ...authErrors) },
  }),
  getGrid: createRoute({
    method: "get",
    path: `${grid.path}/{id}`,
    tags,
    summary: "Read a grid",
    security,
    request: { params: GridParam },
    responses: { 200: json(Grid, "The grid"), ...errorResponses(400, ...authErrors, 404) },
  }),
  updateGrid: createRoute({
    method: "patch",
    path: `${grid.path}/{id}`,
    tags,
    summary: "Change a grid (tenant-admin)",
    security,
    request: { params: GridParam, headers: IfMatchHeaderSchema, body: body(UpdateGridSchema.meta({ id: "UpdateGrid" })) },
    responses: { 200: json(Grid, "The changed grid"), ...writeErrors },
  }),
  deleteGrid: createRoute({
    method: "delete",
    path: `${grid.path}/{id}`,
    tags,
    summary: "Delete a grid without units (tenant-admin)",
    security,
    request: { params: GridParam, headers: IfMatchHeaderSchema },
    responses: { 204: { description: "Deleted" }, ...writeErrors },
  }),
};

export function gridRoutes(towns: TownService) {
  return newRouter()
    .openapi(routes.createGrid, async (c) => {
      const input = c.req.valid("json");
      const outcome = await towns.createGrid(requestContext(c), input, idempotencyClaim(c, input));
      return c.json(created(c, "/v1/grids", outcome), 201);
    })
    .openapi(routes.listGrids, async (c) => {
      const { townId, limit, cursor } = c.req.valid("query");
      return c.json(pageBody(await towns.listGrids(requestContext(c), townId, { limit, cursor })), 200);
    })
    .openapi(routes.getGrid, async (c) => {
      const found = await towns.getGrid(requestContext(c), c.req.valid("param").id);
      return versioned(c, found);
    })
    .openapi(routes.updateGrid, async (c) => {
      const changed = await towns.updateGrid(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c));
      return versioned(c, changed);
    })
    .openapi(routes.deleteGrid, async (c) => {
      await towns.deleteGrid(requestContext(c), c.req.valid("param").id, ifMatch(c));
      return c.body(null, 204);
    });
}
