// /health: unauthenticated liveness for load balancers and `npm start` users. It touches nothing.
import { createRoute, z } from "@hono/zod-openapi";
import { json } from "#api/openapi";
import { newRouter } from "#api/router";
import type { Clock } from "#core/kernel/ports";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["Health"],
  summary: "Liveness (no credential)",
  security: [],
  responses: { 200: json(z.object({ status: z.literal("ok"), time: z.string() }).openapi("Health"), "The API is up") },
});

export function healthRoutes(clock: Clock) {
  return newRouter().openapi(health, (c) => c.json({ status: "ok" as const, time: clock.now().toISOString() }, 200));
}
