// A unit's stars on its placard page and a scheme's public roll (公开公示) in a real browser (headless Chromium
// through playwright-core, test/support/browser.ts), at a phone's viewport and a desktop's: the placard page's
// stars link the roll, the roll pages on with 下一页 and back, suspended stars read 暂停; every page fits its
// screen (nothing scrolls sideways, nothing is cut off), its text is of a readable size, it runs no script, asks
// nothing of any host but the server, and breaches nothing of its Content-Security-Policy (the browser reports it).
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot } from "#test/support/browser";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace } from "#test/support/register";
import { type AwardedUnit, awardedUnit, shishiScheme } from "#test/support/stars";

const root = resolve(import.meta.dirname, "../..");
const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let server: ServerType;
let origin: string;
let browser: Browser;
let placardUrl: string;
let schemeId: string;
/** Newest award first, as the roll lists them. */
let names: string[];

// Long unbroken text (a name, a plaque number) must wrap rather than widen the page.
const longName = `石狮${"鸿运达精密五金机械制造".repeat(4)}有限公司`;
const longPlaque = `石安星〔2026〕${"0".repeat(30)}1号`;

beforeAll(async () => {
  h = await createHarness({ clock });
  server = await new Promise<ServerType>((done) => {
    const s = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, () => done(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = await h.token("tenant-admin", "320312");
  const by = {
    admin,
    inspector: await h.token("inspector", "320312", "inspector-li"),
    verifier: await h.token("inspector", "320312", "inspector-wang"),
  };
  const place = await addPlace(h, admin, "宝盖镇");
  schemeId = await shishiScheme(h, admin);
  const awarded: AwardedUnit[] = [];
  // 20 units of three stars: 60 awards, two pages of the roll (16 units, then 4).
  for (let n = 0; n < 20; n++) {
    clock.advance(1000);
    const extra = n === 19 ? { unit: { name: longName }, award: { plaque: { date: "2026-11-25", number: longPlaque } } } : {};
    awarded.push(await awardedUnit(h, by, place, n + 1, "2026-11-25", { schemeId, ...extra }));
  }
  names = awarded.map((a) => a.unit.name).reverse();
  const [suspended, rated] = [awarded[18], awarded[19]];
  if (!suspended || !rated) throw new Error("units missing");
  const flag = await h.request("PUT", `/v1/enterprises/${suspended.unit.id}/sham-flag`, {
    token: admin,
    body: { reason: "台账与现场不符", assessmentId: suspended.assessmentId },
  });
  if (flag.status !== 200) throw new Error(`sham flag: ${flag.status} ${JSON.stringify(flag.body)}`);
  const placard = await h.request("POST", "/v1/placards", {
    token: by.inspector,
    body: {
      enterpriseId: rated.unit.id,
      persons: {
        first: { name: "张三", phone: "13912345678", title: "总经理" },
        inCharge: { name: "李四", phone: "0516-87654321" },
        specific: [{ name: "王五", phone: "13800001111", title: "车间主任" }],
      },
    },
  });
  placardUrl = `${origin}${new URL(placard.body.publicUrl).pathname}`;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
});

/** Everything the page asks for and complains about, breaches of its CSP included. */
async function watch(page: Page) {
  const requests: string[] = [];
  const problems: string[] = [];
  await page.addInitScript(`document.addEventListener("securitypolicyviolation", (e) => {
    console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
  });`);
  page.on("request", (request) => requests.push(request.url()));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return { requests, problems };
}

interface Layout {
  scrollWidth: number;
  innerWidth: number;
  cutOff: string[];
  small: string[];
  scripts: number;
  mainWidth: number;
}

/** How the page lies on the screen: what sticks out sideways, text under 15 px, scripts. */
function layout(page: Page): Promise<Layout> {
  return page.evaluate(`(() => {
    const width = window.innerWidth;
    const describe = (e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " " + (e.textContent || "").slice(0, 20);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: width,
      cutOff: [...document.querySelectorAll("body *")]
        .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -0.5 || r.right > width + 0.5); })
        .map(describe),
      small: [...document.querySelectorAll("main p, main li, main a, main span, main h1, main h2, main strong")]
        .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 15)
        .map(describe),
      scripts: document.scripts.length,
      mainWidth: document.querySelector("main").getBoundingClientRect().width,
    };
  })()`) as Promise<Layout>;
}

async function expectFits(page: Page, viewport: { width: number }) {
  const seen = await layout(page);
  expect(seen.innerWidth).toBe(viewport.width);
  expect(seen.scrollWidth).toBeLessThanOrEqual(seen.innerWidth);
  expect(seen.cutOff).toEqual([]);
  expect(seen.small).toEqual([]);
  expect(seen.scripts).toBe(0);
  expect(seen.mainWidth).toBeLessThanOrEqual(640); // a readable column on a wide screen
}

const entryNames = (page: Page) => page.locator("li.entry > p.name").allTextContents();

const viewports: [string, BrowserContextOptions][] = [
  ["a phone (390×844)", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }],
  ["a desktop (1280×800)", { viewport: { width: 1280, height: 800 } }],
];

describe.each(viewports)("the public star pages on %s", (label, options) => {
  it("shows the unit's stars on its placard page, links the roll, and pages through it and back", { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ ...options, locale: "zh-CN" });
    const page = await context.newPage();
    const { requests, problems } = await watch(page);
    const viewport = options.viewport ?? { width: 0 };
    const shot = (name: string) => screenshot(page, { path: join(root, `.tmp/${name}-${viewport.width}.png`), fullPage: true });
    mkdirSync(join(root, ".tmp"), { recursive: true });
    try {
      expect((await page.goto(placardUrl))?.status()).toBe(200);
      const stars = page.locator("section:has(h2:text-is('星级')) li.star");
      expect(await stars.count()).toBe(3);
      expect(await stars.first().textContent()).toContain("2027年11月24日");
      expect(await page.locator(".unit").textContent()).toBe(longName);
      await expectFits(page, viewport);
      await shot("placard-stars");

      await page.getByRole("link", { name: "查看公开公示名单" }).click();
      await page.waitForURL(`${origin}/p/320312/stars/${schemeId}`);
      expect(await page.locator("h1").textContent()).toContain("星");
      expect(await page.locator("header .unit").textContent()).toBe("公开公示");
      expect(await entryNames(page)).toEqual(names.slice(0, 16));
      const suspended = page.locator("li.entry").nth(1).locator("li.star-suspended .tag");
      expect(await suspended.allTextContents()).toEqual(["暂停", "暂停", "暂停"]);
      expect(await page.locator("body").textContent()).not.toContain("台账");
      await expectFits(page, viewport);
      await shot("star-roll");

      await page.getByRole("link", { name: "下一页" }).click();
      await page.waitForURL(/\?page=/);
      expect(await entryNames(page)).toEqual(names.slice(16));
      expect(await page.getByRole("link", { name: "下一页" }).count()).toBe(0);
      await expectFits(page, viewport);
      await page.getByRole("link", { name: "返回第一页" }).click();
      await page.waitForURL(`${origin}/p/320312/stars/${schemeId}`);
      expect((await entryNames(page))[0]).toBe(names[0]);

      expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
      expect(problems, label).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows a page saying so for a tampered page link and an unknown scheme, fitting the screen", { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ ...options, locale: "zh-CN" });
    const page = await context.newPage();
    const { requests, problems } = await watch(page);
    try {
      await page.goto(`${origin}/p/320312/stars/${schemeId}`);
      const next = (await page.getByRole("link", { name: "下一页" }).getAttribute("href")) ?? "";
      const bad = await page.goto(`${origin}/p/320312/stars/${schemeId}${next.slice(0, -2)}xx`);
      expect(bad?.status()).toBe(400);
      expect(await page.locator(".banner strong").textContent()).toBe("分页链接无效");
      await expectFits(page, options.viewport ?? { width: 0 });
      await page.getByRole("link", { name: "返回第一页" }).click();
      await page.waitForURL(`${origin}/p/320312/stars/${schemeId}`);
      expect(await entryNames(page)).toHaveLength(16);

      const missing = await page.goto(`${origin}/p/320312/stars/${"0".repeat(26)}`);
      expect(missing?.status()).toBe(404);
      expect(await page.locator(".banner strong").textContent()).toBe("未找到该公示名单");
      await expectFits(page, options.viewport ?? { width: 0 });
      expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
      // The two error answers themselves are the only complaints.
      expect(problems.filter((p) => !/status of 40[04]/.test(p))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
