// /v1/benchmark-enterprises: benchmark enterprises (标杆企业) — an official designates a unit as a benchmark of its
// town for a year, with the reason; a year's designations per town; their counts per town against the Shishi
// target; a withdrawal that keeps the record.
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
  security,
} from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import {
  BenchmarkCountsSchema,
  BenchmarkEnterpriseSchema,
  BenchmarkFilterSchema,
  DesignateBenchmarkSchema,
  WithdrawBenchmarkSchema,
} from "#core/supervision/benchmark-enterprise";
import type { BenchmarkService } from "#core/supervision/benchmark-service";

const tags = ["Benchmark enterprises 标杆企业"];
const IdParam = idPathParam("A benchmark designation id");
const Year = integerParam({ min: 2000, max: 2100 }).optional().openapi({ description: "The year; default: this year (Asia/Shanghai)" });

const routes = {
  designate: createRoute({
    method: "post",
    path: "/v1/benchmark-enterprises",
    tags,
    summary: "Designate a unit as a benchmark enterprise of its town for a year, with the reason",
    description:
      "The unit must be live (422 unknown_enterprise, enterprise_closed); the year from 2000 to next year (422 year_out_of_range). " +
      "409 already_benchmark while the unit's designation for the year stands (naming it). Needs supervision:write.",
    security,
    request: {
      headers: IdempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: DesignateBenchmarkSchema } } },
    },
    responses: {
      201: json(BenchmarkEnterpriseSchema, "Designated"),
      ...errorResponses(400, ...authErrors, 409, 415, 422),
    },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/benchmark-enterprises",
    tags,
    summary: "A year's benchmark designations, newest first; one town's, and/or in one state",
    security,
    request: { query: PageQuerySchema.extend({ year: Year, ...BenchmarkFilterSchema.shape }) },
    responses: {
      200: json(
        z
          .object({ year: z.number().int(), items: z.array(BenchmarkEnterpriseSchema), nextCursor: z.string().nullable() })
          .openapi("BenchmarkEnterprisePage"),
        "A page of designations",
      ),
      ...errorResponses(400, ...authErrors),
    },
  }),
  counts: createRoute({
    method: "get",
    path: "/v1/benchmark-enterprises/counts",
    tags,
    summary: "Every town with its standing designations of a year, against the Shishi target (at least 10 new per town)",
    security,
    request: { query: z.object({ year: Year }) },
    responses: { 200: json(BenchmarkCountsSchema, "The counts"), ...errorResponses(400, ...authErrors) },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/benchmark-enterprises/{id}",
    tags,
    summary: "One designation",
    security,
    request: { params: IdParam },
    responses: { 200: json(BenchmarkEnterpriseSchema, "The designation"), ...errorResponses(400, ...authErrors, 404) },
  }),
  withdraw: createRoute({
    method: "post",
    path: "/v1/benchmark-enterprises/{id}/withdraw",
    tags,
    summary: "Withdraw a designation, with the reason: the record stays (withdrawn) and the town's count drops",
    security,
    request: {
      params: IdParam,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: WithdrawBenchmarkSchema } } },
    },
    responses: { 200: json(BenchmarkEnterpriseSchema, "Withdrawn"), ...errorResponses(400, ...authErrors, 404, 409, 412, 415, 422) },
  }),
};

export function benchmarkEnterpriseRoutes(benchmarks: BenchmarkService) {
  return (
    newRouter()
      .openapi(routes.designate, async (c) => {
        const body = c.req.valid("json");
        const outcome = await benchmarks.designate(requestContext(c), body, idempotencyClaim(c, body));
        return c.json(created(c, "/v1/benchmark-enterprises", outcome), 201);
      })
      .openapi(routes.list, async (c) => {
        const { limit, cursor, ...query } = c.req.valid("query");
        const found = await benchmarks.list(requestContext(c), query, { limit, cursor });
        return c.json({ year: found.year, ...pageBody(found) }, 200);
      })
      // Before /v1/benchmark-enterprises/{id}, which would take "counts" for an id.
      .openapi(routes.counts, async (c) => c.json(await benchmarks.counts(requestContext(c), c.req.valid("query").year), 200))
      .openapi(routes.get, async (c) => versioned(c, await benchmarks.get(requestContext(c), c.req.valid("param").id)))
      .openapi(routes.withdraw, async (c) =>
        versioned(c, await benchmarks.withdraw(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
      )
  );
}
