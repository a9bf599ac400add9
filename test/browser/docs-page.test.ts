// The /docs page in a real browser (headless Chromium through playwright-core, test/support/browser.ts): Swagger UI loads
// from our own origin only, renders the spec with its operations, an operation opens to its responses, and an
// official signs in and tries an operation out — all under the page's Content-Security-Policy, which the browser
// reports any breach of.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docsContentSecurityPolicy } from "#api/security-headers";
import { mintDevToken } from "#local/dev-keys";
import { type LocalServer, startLocalServer } from "#local/server";
import { launchChromium, screenshot } from "#test/support/browser";

const root = resolve(import.meta.dirname, "../..");
// A name that is not loopback to Swagger UI (it skips some outside calls, like its validator badge, on
// localhost), resolved by the browser itself to our server: how a deployed docs page is seen.
const publicName = "docs.anquan.test";
const hostRules = `--host-resolver-rules=MAP ${publicName} 127.0.0.1`;

let dataDir: string;
let server: LocalServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "anquan-browser-"));
  server = await startLocalServer({ port: 0, dataDir, inMemory: true });
  browser = await launchChromium([hostRules]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "data:" || protocol === "blob:" || protocol === "about:") return true;
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

/** Everything the page asks for and complains about, gathered while it runs (breaches of its CSP included). */
async function watch(page: Page) {
  const requests: string[] = [];
  const problems: string[] = [];
  await page.addInitScript(`document.addEventListener("securitypolicyviolation", (e) => {
    console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " " + (e.sample || ""));
  });`);
  page.on("request", (request) => requests.push(request.url()));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return { requests, problems };
}

describe("GET /docs in a browser", () => {
  it("listens on the real port when asked for port 0", () => {
    expect(server?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server?.url).not.toMatch(/:0$/);
  });

  it("renders the spec with Swagger UI from our own origin only", { timeout: 60_000 }, async () => {
    if (!server || !browser) throw new Error("not started");
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: "zh-CN" });
    const page = await context.newPage();
    const { requests, problems } = await watch(page);
    try {
      const response = await page.goto(`${server.url}/docs`, { waitUntil: "load" });
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-security-policy"]).toBe(docsContentSecurityPolicy);
      expect(response?.headers()["x-frame-options"]).toBe("DENY");
      expect(await page.title()).toBe("Anquan API 文档");

      // The spec is fetched and rendered: info title and operations.
      const title = page.locator(".information-container .info .title");
      await expect.poll(() => title.isVisible(), { timeout: 20_000 }).toBe(true);
      expect(await title.textContent()).toContain("Anquan API");

      const operation = (method: string, path: string) =>
        page.locator(`.opblock.opblock-${method}`, { has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
      const me = operation("get", "/v1/me");
      await me.first().waitFor({ state: "visible", timeout: 20_000 });
      for (const [method, path] of [
        ["get", "/health"],
        ["post", "/v1/tenants"],
        ["get", "/v1/tenants"],
        ["post", "/v1/api-keys"],
        ["get", "/v1/audit"],
      ] as const) {
        // Swagger UI renders only the tags near the viewport: from the top, scroll down until the operation is there.
        await page.evaluate("window.scrollTo(0, 0)");
        await expect
          .poll(
            async () => {
              const count = await operation(method, path).count();
              if (count === 0) await page.mouse.wheel(0, 600);
              return count;
            },
            { message: `${method.toUpperCase()} ${path}`, timeout: 10_000 },
          )
          .toBe(1);
      }
      await page.evaluate("window.scrollTo(0, 0)");
      await me.first().waitFor({ state: "visible", timeout: 10_000 });
      expect(await me.locator(".opblock-summary-method").textContent()).toBe("GET");

      // Expanding GET /v1/me shows its responses: 200 and the auth errors.
      await me.locator(".opblock-summary").first().click();
      const responses = me.locator(".responses-wrapper");
      await responses.waitFor({ state: "visible", timeout: 10_000 });
      const codes = await me.locator(".responses-table tr.response td.response-col_status").allTextContents();
      expect(codes.map((code) => code.trim())).toEqual(expect.arrayContaining(["200", "401"]));
      expect(page.url()).toContain("#/");

      // An official signs in through the Authorize dialog (its form is handled by script, form-action 'none')…
      const token = await mintDevToken(server.keys, { role: "tenant-admin", tenantId: "320312", subject: "docs-browser" });
      await page.locator(".auth-wrapper .btn.authorize").click();
      const bearer = page.locator(".modal-ux .auth-container", { hasText: "bearerAuth" });
      await bearer.locator("input").fill(token);
      await bearer.locator("button.authorize").click();
      await bearer.locator("h6", { hasText: "Authorized" }).waitFor({ state: "visible", timeout: 10_000 });
      await bearer.locator(".btn-done").click();
      // …and tries GET /v1/me out: the request goes to this origin (connect-src 'self') and its answer shows.
      await me.locator(".execute").click(); // tryItOutEnabled: no "Try it out" click needed
      const live = me.locator(".live-responses-table tr.response .response-col_status");
      await live.first().waitFor({ state: "visible", timeout: 20_000 });
      expect((await live.first().textContent())?.trim()).toBe("200");
      expect(await me.locator(".live-responses-table .microlight").first().textContent()).toContain("320312");

      mkdirSync(join(root, ".tmp"), { recursive: true });
      await screenshot(page, { path: join(root, ".tmp/docs-page.png"), fullPage: false });

      // Only our own origin was asked for anything: no CDN, no validator badge, no fonts.
      expect(requests.filter((url) => !isLoopback(url))).toEqual([]);
      expect(requests).toEqual(
        expect.arrayContaining([
          `${server.url}/docs`,
          `${server.url}/docs/assets/swagger-ui.css`,
          `${server.url}/docs/assets/swagger-ui-bundle.js`,
          `${server.url}/docs/init.js`,
          `${server.url}/openapi.json`,
        ]),
      );
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("asks nothing of any other origin when served under a public-looking host name", { timeout: 60_000 }, async () => {
    if (!server || !browser) throw new Error("not started");
    const origin = `http://${publicName}:${new URL(server.url).port}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    const { requests, problems } = await watch(page);
    try {
      expect((await page.goto(`${origin}/docs`))?.status()).toBe(200);
      await page.locator(".opblock").first().waitFor({ state: "visible", timeout: 20_000 });
      await page.waitForLoadState("networkidle");
      expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
      expect(requests).toContain(`${origin}/openapi.json`);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
