// A router with the app's validation hook, so every route answers schema failures the same way, and with one
// concurrency rule for every change: sent without If-Match, a change that loses its versioned save to a
// concurrent one is worked out again on the fresh record (core/concurrency.ts), instead of a 412 the caller
// never asked for. Each handler makes at most one versioned write, so running it again repeats nothing.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "#api/env";
import { validationHook } from "#api/error-handler";
import { ifMatch } from "#api/http";
import { withoutPrecondition } from "#core/kernel/concurrency";
import type { RequestContext } from "#core/kernel/context";
import type { Principal } from "#core/kernel/principal";

const reads = new Set(["GET", "HEAD", "OPTIONS"]);

export function newRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const register = router.openapi;
  type Handler = (c: Context<AppEnv>, next: () => Promise<void>) => unknown;
  const serialized =
    (handler: Handler): Handler =>
    (c, next) =>
      reads.has(c.req.method) ? handler(c, next) : withoutPrecondition(ifMatch(c), async () => handler(c, next), tenantOf(c));
  router.openapi = ((route: Parameters<typeof register>[0], handler: Handler, hook?: Parameters<typeof register>[2]) =>
    register(route, serialized(handler) as never, hook)) as typeof register;
  return router;
}

/** The caller's tenant, which keeps its retries' turns its own; a platform operator's are the platform's. */
function tenantOf(c: Context<AppEnv>): string {
  const principal = c.get("principal") as Principal | undefined;
  return principal && "tenantId" in principal ? principal.tenantId : "";
}

export function requestContext(c: Context<AppEnv>): RequestContext {
  return { principal: c.get("principal"), requestId: c.get("requestId") };
}
