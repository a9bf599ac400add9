// A router with the app's validation hook, so every route answers schema failures the same way.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "#api/env";
import { validationHook } from "#api/error-handler";
import type { RequestContext } from "#core/context";

export function newRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export function requestContext(c: Context<AppEnv>): RequestContext {
  return { principal: c.get("principal"), requestId: c.get("requestId") };
}
