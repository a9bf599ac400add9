// Interactive API docs at /docs: Swagger UI served from our own origin (no CDN: the docs work on a closed
// network and in tests), reading /openapi.json, under a Content-Security-Policy that allows just that.
import { Hono } from "hono";
import type { AppDeps } from "#api/deps";
import type { AppEnv } from "#api/env";
import { docsSecurityHeaders } from "#api/security-headers";

const assetTypes: Record<string, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
};

const page = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Anquan API 文档</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

// Separate file so the page needs no inline script (a strict Content-Security-Policy stays possible).
const init = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#docs",
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: true,
});`;

export function docsRoutes(docsAsset: AppDeps["docsAsset"]) {
  const app = new Hono<AppEnv>();
  app.get("/docs", (c) => c.html(page, 200, docsSecurityHeaders()));
  app.get("/docs/init.js", (c) => c.body(init, 200, { "Content-Type": "text/javascript; charset=utf-8", ...docsSecurityHeaders() }));
  app.get("/docs/assets/:name", async (c) => {
    const name = c.req.param("name");
    const type = assetTypes[name];
    const bytes = type && docsAsset ? await docsAsset(name) : undefined;
    if (!type || !bytes) return c.notFound();
    return c.body(new Uint8Array(bytes), 200, { "Content-Type": type, "Cache-Control": "public, max-age=86400", ...docsSecurityHeaders() });
  });
  return app;
}
