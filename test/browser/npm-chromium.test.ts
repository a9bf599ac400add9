// The Chromium that `npm install` brings (@sparticuz/chromium, through test/support/browser.ts) launches and reads a
// Chinese page in every `npm test`, even on a machine whose system Chromium the other browser suites use: the path a
// fresh machine takes stays proven. Where the package ships no binary (it ships linux x64 only), the helper says so.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { launchChromium, unpackNpmChromium } from "#test/support/browser";

const shipsBinary = process.platform === "linux" && process.arch === "x64";

describe("the npm-provided Chromium", () => {
  it("launches and reads a page's text, or says why this platform has none", { timeout: 120_000 }, async () => {
    if (!shipsBinary) {
      await expect(unpackNpmChromium()).rejects.toThrow(/linux x64 only/);
      return;
    }
    const packageJson = join(dirname(fileURLToPath(import.meta.resolve("@sparticuz/chromium"))), "../package.json");
    const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
    const browser = await launchChromium([], { CHROMIUM_PATH: "npm" });
    try {
      // The package's major version is the Chromium major it ships.
      expect(browser.version().split(".")[0]).toBe(version.split(".")[0]);
      const page = await browser.newPage();
      await page.setContent('<html lang="zh-CN"><body><h1>安全生产监管</h1><p id="unit">徐州<b>安泰</b>机械</p></body></html>');
      expect(await page.locator("h1").textContent()).toBe("安全生产监管");
      expect(await page.locator("#unit").textContent()).toBe("徐州安泰机械");
    } finally {
      await browser.close();
    }
  });
});
