// The monthly report's mail as an official sees it: the HTML part that arrived through the real SMTP server, shown
// in a real browser (headless Chromium through playwright-core) the way a mail client shows it — scripts off, the
// inline chart given by its Content-ID, every other request refused and recorded. The Chinese text is there, the
// chart image loads, the page (a campaign's section and its tables too) fits a desktop mail pane and a phone, and
// nothing is asked of any host.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ParsedMail } from "mailparser";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot } from "#test/support/browser";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";
import { type SmtpSink, startSmtpSink } from "#test/support/smtp-sink";
import { majorHazard, recordHazard } from "#test/support/stars";

const root = resolve(import.meta.dirname, "../..");
const district = "320312";
const clock = manualClock(new Date("2026-11-02T02:00:00Z"));
let h: Harness;
let sink: SmtpSink;
let browser: Browser;
let mail: ParsedMail;

beforeAll(async () => {
  sink = await startSmtpSink();
  h = await createHarness({ clock, mailer: sink.mailer() });
  const admin = await h.token("tenant-admin", district);
  const inspector = await h.token("inspector", district, "inspector-1");
  const place = await addPlace(h, admin, "柳泉镇");
  for (let n = 1; n <= 3; n++) {
    const unit = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(n, place) });
    await recordHazard(h, inspector, unit.body.id, "2026-11-01", "general");
    if (n === 1) await majorHazard(h, inspector, unit.body.id, "2026-11-02");
  }
  // A campaign of the month: its section's two tables (per town, and a column per stage) must fit the phone too.
  const campaign = await h.request("POST", "/v1/campaigns", {
    token: admin,
    body: {
      name: "安全生产标准化帮扶专项行动",
      period: { from: "2026-11-01", to: "2027-01-20" },
      stages: [
        { id: "self-check", name: "企业自查", assessmentStage: "self-check", deadline: "2026-11-15" },
        { id: "assistance", name: "帮扶指导", assessmentStage: "assistance", deadline: "2026-11-30" },
        { id: "verification", name: "验收核查", assessmentStage: "verification", deadline: "2026-12-15" },
        { id: "review", name: "市级复核", assessmentStage: "review", deadline: "2026-12-31" },
      ],
      targets: { unitsPerTown: 3, benchmarksPerTown: 1 },
    },
  });
  if (campaign.status !== 201) throw new Error(`campaign: ${campaign.status} ${JSON.stringify(campaign.body)}`);
  clock.advance(29 * 24 * 3600 * 1000); // 2026-12-01 in China
  await h.deps.jobs.run({ kind: "monthly-report", tenantId: district, month: "2026-11" }, { remainingMs: () => Number.POSITIVE_INFINITY });
  const arrived = sink.arrived[0]?.mail;
  if (!arrived) throw new Error("no mail arrived");
  mail = arrived;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sink?.close();
});

/** The HTML with its cid: image given inline, as a mail client shows it. */
function shownHtml(): string {
  const html = typeof mail.html === "string" ? mail.html : "";
  const chart = mail.attachments.find((a) => a.cid === "trend-chart@anquan");
  if (!chart) throw new Error("no inline chart");
  return html.replaceAll("cid:trend-chart@anquan", `data:image/png;base64,${chart.content.toString("base64")}`);
}

describe("the monthly mail in a browser", () => {
  for (const viewport of [
    { width: 1024, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`reads in Chinese with its chart and fits ${viewport.width} pixels, asking nothing of anyone`, { timeout: 60_000 }, async () => {
      const context = await browser.newContext({ viewport, javaScriptEnabled: false, locale: "zh-CN" });
      const asked: string[] = [];
      await context.route("**/*", (route) => {
        asked.push(route.request().url());
        return route.abort();
      });
      const page = await context.newPage();
      try {
        await page.setContent(shownHtml(), { waitUntil: "load" });
        const body = ((await page.locator("body").textContent()) ?? "").replace(/\s+/g, "");
        expect(body).toContain("铜山区安全生产监管月度报告");
        expect(body).toContain("2026年11月共发现隐患4项");
        expect(body).toContain("一、隐患排查整治（动态清零）");
        expect(body).toContain("未整改隐患");
        expect(body).toContain("六、专项行动");
        expect(body).toContain("市级复核（12月31日截止）");
        const image = page.locator('img[alt^="近12个月"]');
        expect(
          await image.evaluate((img: { complete: boolean; naturalWidth: number; naturalHeight: number }) => [
            img.complete,
            img.naturalWidth,
            img.naturalHeight,
          ]),
        ).toEqual([true, 1280, 560]);
        const widths = (await page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")) as number[];
        // The column, its tables and the chart shrink to the screen: nothing scrolls sideways.
        expect(
          await image.evaluate((img: { getBoundingClientRect(): { width: number } }) => img.getBoundingClientRect().width),
        ).toBeLessThanOrEqual(viewport.width);
        expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
        mkdirSync(join(root, ".tmp"), { recursive: true });
        const shot = await screenshot(page, { path: join(root, `.tmp/monthly-mail-${viewport.width}.png`), fullPage: true });
        expect(shot.byteLength).toBeGreaterThan(20_000);
        expect(asked).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
