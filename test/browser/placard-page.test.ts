// A placard's public page as a phone sees it: headless Chromium (playwright-core, test/support/browser.ts) opens the URL a
// QR code carries, without any credential; the page shows the unit, its risk colour, the persons with tap-to-
// call links and the last check, fits a phone screen, asks for nothing else, and says so once revoked.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, devices, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintDevToken } from "#local/dev-keys";
import { type LocalServer, startLocalServer } from "#local/server";
import { launchChromium, screenshot } from "#test/support/browser";
import { enterpriseBody } from "#test/support/register";

const root = resolve(import.meta.dirname, "../..");
let dataDir: string;
let server: LocalServer;
let browser: Browser;
let token: string;

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "anquan-placard-"));
  server = await startLocalServer({ port: 0, dataDir, inMemory: true });
  browser = await launchChromium();
  token = await mintDevToken(server.keys, { role: "tenant-admin", tenantId: "320312", subject: "browser-test" });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The few browser globals the page functions use (tsconfig has no DOM lib). */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

function watch(page: Page) {
  const requests: string[] = [];
  const problems: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return { requests, problems };
}

async function postPlacard(riskLevel: string) {
  const town = await api("POST", "/v1/towns", { name: `城东街道${riskLevel}`, kind: "street" });
  const grid = await api("POST", "/v1/grids", { townId: town.id, name: "一网格", level: 1 });
  const unit = await api("POST", "/v1/enterprises", {
    ...enterpriseBody(
      riskLevel.length,
      { townId: town.id, gridId: grid.id },
      { name: `徐州<b>安泰</b>机械有限公司${riskLevel}`, riskLevel },
    ),
  });
  return api("POST", "/v1/placards", {
    enterpriseId: unit.id,
    title: "1号厂房安全责任公示牌",
    location: "1号厂房东门",
    persons: {
      first: { name: "张三", phone: "13912345678", title: "总经理" },
      inCharge: { name: "李四", phone: "0516-87654321", title: "安全副总" },
      // An extension cannot be dialled from a link: only the number is.
      specific: [
        { name: "王五", phone: "13800001111", title: "车间主任" },
        { name: "赵六", phone: "010-62345678 转 123", title: "值班室" },
      ],
    },
  });
}

describe("a placard's public page in a phone browser", () => {
  it("shows the unit, risk colour, persons with call links and last check, on a phone screen, from itself only", {
    timeout: 60_000,
  }, async () => {
    const placard = await postPlacard("red");
    const context = await browser.newContext({ ...devices["iPhone 13"], locale: "zh-CN" });
    const page = await context.newPage();
    const { requests, problems } = watch(page);
    try {
      const response = await page.goto(placard.publicUrl, { waitUntil: "load" });
      expect(response?.status()).toBe(200);
      expect(await page.locator("h1").textContent()).toBe("1号厂房安全责任公示牌");
      // User input is shown as text, never as markup.
      expect(await page.locator(".unit").textContent()).toBe("徐州<b>安泰</b>机械有限公司red");
      expect(await page.locator("b").count()).toBe(0);
      const risk = page.locator(".risk");
      expect(await risk.textContent()).toContain("重大风险");
      expect(await risk.evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).backgroundColor)).toBe(
        "rgb(198, 40, 40)",
      );
      const calls = await page.locator('a[href^="tel:"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      expect(calls).toEqual(["tel:13912345678", "tel:051687654321", "tel:13800001111", "tel:01062345678"]);
      const text = (await page.locator("body").textContent()) ?? "";
      for (const expected of ["第一责任人", "张三", "分管负责人", "李四", "具体负责人", "王五", "1号厂房东门", "最近检查"])
        expect(text).toContain(expected);
      // Fits the phone: nothing scrolls sideways, call buttons are big enough to tap.
      expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
      const box = await page.locator('a[href^="tel:"]').first().boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(requests).toEqual([placard.publicUrl]);
      expect(problems).toEqual([]);
      mkdirSync(join(root, ".tmp"), { recursive: true });
      await screenshot(page, { path: join(root, ".tmp/placard-page.png"), fullPage: true });

      await api("POST", `/v1/placards/${placard.id}/revoke`, { reason: "已更换新牌" });
      await page.reload();
      expect(await page.locator(".banner strong").textContent()).toBe("本公示牌已撤销");
      expect(await page.locator('a[href^="tel:"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("masks phone digits when the tenant asks, and shows a not-found page for a wrong token", { timeout: 60_000 }, async () => {
    const placard = await postPlacard("yellow");
    await api("PATCH", "/v1/settings", { maskPublicPhones: true });
    const context = await browser.newContext({ ...devices["Pixel 5"], locale: "zh-CN" });
    const page = await context.newPage();
    try {
      await page.goto(placard.publicUrl);
      const text = (await page.locator("body").textContent()) ?? "";
      expect(text).toContain("139****5678");
      expect(text).not.toContain("13912345678");
      expect(await page.locator('a[href^="tel:"]').count()).toBe(0);
      const missing = await page.goto(placard.publicUrl.replace(/[^/]{22}$/, "A".repeat(22)));
      expect(missing?.status()).toBe(404);
      expect(await page.locator(".banner strong").textContent()).toBe("未找到该公示牌");
    } finally {
      await context.close();
      await api("PATCH", "/v1/settings", { maskPublicPhones: false });
    }
  });
});
