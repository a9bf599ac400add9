// The headers that tell a browser how to treat each answer, in one place. Every answer gets HSTS (HTTPS only, for a
// year, subdomains too). An answer whose route sets no policy of its own — JSON, errors, images, exports — may load
// nothing and be framed nowhere, so even an SVG or an error page opened directly runs nothing. The docs page
// (docsSecurityHeaders) and the public pages (public-page.ts) set policies that fit their own markup.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "#api/env";

export const strictTransportSecurity = "max-age=31536000; includeSubDomains";

export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

/**
 * Swagger UI at /docs: its bundle, stylesheet and init.js are files of our own origin (no inline script, so no
 * hash or nonce is needed), its icons are data: images in the stylesheet, it fetches /openapi.json and sends "Try it
 * out" requests to this origin. The styles it sets from script go through the CSSOM, which style-src does not
 * govern, so no 'unsafe-inline'. Its forms (the Authorize dialog) are handled by script and never submitted.
 */
export const docsContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
  "form-action 'none'",
].join("; ");

/** Headers of the docs page and of the files it loads. */
export function docsSecurityHeaders(): Record<string, string> {
  return { "Content-Security-Policy": docsContentSecurityPolicy, "X-Frame-Options": "DENY" };
}

/** HSTS on every answer; the API policy and X-Frame-Options on every answer whose route set none. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.header("Strict-Transport-Security", strictTransportSecurity);
    if (!c.res.headers.has("Content-Security-Policy")) c.header("Content-Security-Policy", apiContentSecurityPolicy);
    if (!c.res.headers.has("X-Frame-Options")) c.header("X-Frame-Options", "DENY");
  };
}
