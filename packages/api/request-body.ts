// What body a route takes: JSON, up to the app's limit, unless the route declares a file body with its own
// limit (an import file, an evidence photo), which the route streams itself. Routes declare it where they are
// defined (`fileBody(createRoute(…), maxBytes)`); the app's body middleware looks it up for the route the
// request matched, instead of matching URL paths of its own.
import type { RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { matchedRoutes } from "hono/route";

/** `METHOD /hono/:path` of each route with a file body → its largest body in bytes. */
const fileRoutes = new Map<string, number>();

const keyOf = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Declares that `route` takes a file body (not JSON) of at most `maxBytes`; returns the route. */
export function fileBody<R extends RouteConfig>(route: R, maxBytes: number): R {
  // OpenAPI paths name parameters `{id}`; the router's `:id`.
  fileRoutes.set(keyOf(route.method, route.path.replace(/\{(\w+)\}/g, ":$1")), maxBytes);
  return route;
}

/** The file-body limit of the route this request matched, or undefined when its body is JSON. */
export function fileBodyLimit(c: Context): number | undefined {
  for (const route of matchedRoutes(c)) {
    const limit = fileRoutes.get(keyOf(route.method, route.path));
    if (limit !== undefined) return limit;
  }
  return undefined;
}
