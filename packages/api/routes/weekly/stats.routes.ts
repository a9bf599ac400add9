// /v1/stats/weekly and /v1/worklists: what the weekly base-data refresh (底数每周动态更新) produced — the trend
// of weekly snapshots (two years by default), one week's snapshot, and a week's update worklist per town.
import { createRoute, z } from "@hono/zod-openapi";
import { pageBody } from "#api/http";
import { authErrors, errorResponses, integerParam, json, PageQuerySchema, pageOf, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { TownIdSchema } from "#core/register/enterprise";
import type { StatsService } from "#core/weekly/stats-service";
import { WeeklySnapshotSchema, WorklistItemSchema } from "#core/weekly/weekly";

const tags = ["Weekly refresh 底数周更新"];
const Snapshot = WeeklySnapshotSchema.meta({ id: "WeeklySnapshot" });
const Week = z.string().openapi({ example: "2026-W47", description: "ISO week (Asia/Shanghai)" });

const routes = {
  trend: createRoute({
    method: "get",
    path: "/v1/stats/weekly",
    tags,
    summary: "Weekly snapshots from `from` to `to` (oldest first): the register's trend, two years by default",
    security,
    request: {
      query: PageQuerySchema.extend({
        limit: integerParam({ min: 1, max: 110 })
          .default(110)
          .openapi({ description: "Page size, 1–110 (two years fit one page)", default: 110 }),
        from: Week.optional().openapi({ description: "First week; default: 104 weeks before `to`" }),
        to: Week.optional().openapi({ description: "Last week; default: the last finished week" }),
      }),
    },
    responses: {
      200: json(
        z.object({ from: z.string(), to: z.string(), items: z.array(Snapshot), nextCursor: z.string().nullable() }).openapi("WeeklyTrend"),
        "Snapshots in the range (weeks not yet refreshed are absent)",
      ),
      ...errorResponses(400, ...authErrors),
    },
  }),
  week: createRoute({
    method: "get",
    path: "/v1/stats/weekly/{week}",
    tags,
    summary: "One week's snapshot",
    security,
    request: { params: z.object({ week: Week.meta({ param: { name: "week", in: "path" } }) }) },
    responses: { 200: json(Snapshot, "The snapshot"), ...errorResponses(400, ...authErrors, 404) },
  }),
  worklist: createRoute({
    method: "get",
    path: "/v1/worklists/{week}",
    tags,
    summary: "A week's update worklist: stale units and placards due for a check, by town",
    security,
    request: {
      params: z.object({ week: Week.meta({ param: { name: "week", in: "path" } }) }),
      query: PageQuerySchema.extend({ townId: TownIdSchema.optional().openapi({ description: "One town's list" }) }),
    },
    responses: {
      200: json(pageOf(WorklistItemSchema.meta({ id: "WorklistItem" }), "WorklistPage"), "A page of the worklist"),
      ...errorResponses(400, ...authErrors),
    },
  }),
};

export function statsRoutes(stats: StatsService) {
  return newRouter()
    .openapi(routes.trend, async (c) => {
      const { from, to, limit, cursor } = c.req.valid("query");
      const result = await stats.trend(requestContext(c), { from, to }, { limit, cursor });
      return c.json({ from: result.from, to: result.to, items: [...result.items], nextCursor: result.nextCursor }, 200);
    })
    .openapi(routes.week, async (c) => c.json(await stats.week(requestContext(c), c.req.valid("param").week), 200))
    .openapi(routes.worklist, async (c) => {
      const { townId, limit, cursor } = c.req.valid("query");
      return c.json(pageBody(await stats.worklist(requestContext(c), c.req.valid("param").week, townId, { limit, cursor })), 200);
    });
}
