// Which Chromium the browser tests launch (test/support/browser.ts), decided without a browser: the system's when it
// is there, the npm package's otherwise or when CHROMIUM_PATH=npm, and a named binary only if it can be run.
import { describe, expect, it } from "vitest";
import { chooseChromium, systemChromiumPath } from "#test/support/browser";

const only =
  (...executables: string[]) =>
  (path: string) =>
    executables.includes(path);

describe("chooseChromium", () => {
  it("takes the system Chromium when there is one and nothing is asked", () => {
    expect(chooseChromium({}, only(systemChromiumPath))).toEqual({ kind: "file", path: systemChromiumPath, why: "system" });
    expect(chooseChromium({ CHROMIUM_PATH: " " }, only(systemChromiumPath))).toMatchObject({ kind: "file", path: systemChromiumPath });
  });

  it("takes the npm package's Chromium when the system has none", () => {
    expect(chooseChromium({}, only())).toEqual({ kind: "npm", why: `no ${systemChromiumPath}` });
  });

  it("takes the npm package's Chromium when CHROMIUM_PATH=npm, even beside a system one", () => {
    expect(chooseChromium({ CHROMIUM_PATH: "npm" }, only(systemChromiumPath))).toEqual({ kind: "npm", why: "CHROMIUM_PATH=npm" });
  });

  it("takes the binary CHROMIUM_PATH names, and refuses one that cannot run rather than fall back", () => {
    expect(chooseChromium({ CHROMIUM_PATH: "/opt/chrome/chrome" }, only("/opt/chrome/chrome", systemChromiumPath))).toEqual({
      kind: "file",
      path: "/opt/chrome/chrome",
      why: "CHROMIUM_PATH",
    });
    expect(() => chooseChromium({ CHROMIUM_PATH: "/nowhere/chromium" }, only(systemChromiumPath))).toThrow(/not an executable file/);
  });
});
