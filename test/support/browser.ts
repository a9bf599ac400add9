// The one way the browser tests start Chromium (playwright-core): the system's /usr/bin/chromium when there is one,
// otherwise the Chromium that `npm install` brings in the @sparticuz/chromium package (linux x64), unpacked once per
// version into node_modules/.cache. CHROMIUM_PATH chooses instead: `npm` forces the npm one, a path names a binary.
import { execFileSync } from "node:child_process";
import {
  accessSync,
  chmodSync,
  constants,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, createBrotliDecompress } from "node:zlib";
import { type Browser, chromium, type Page, type PageScreenshotOptions } from "playwright-core";

export const systemChromiumPath = "/usr/bin/chromium";
const root = resolve(import.meta.dirname, "../..");
const npmPackage = "@sparticuz/chromium";

/**
 * The flags this machine needs: headless without sandbox or GPU, and nothing that phones home (without the
 * background-networking flags Chromium's own connections are refused by the closed network and show as noise).
 * The fresh --user-data-dir is playwright-core's: launch() makes a new temporary profile for every browser, passes
 * it as --user-data-dir, removes it on close, and refuses a --user-data-dir of ours.
 */
export const chromiumFlags: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Which Chromium to use, before anything is unpacked or launched. */
export type ChromiumChoice = { kind: "file"; path: string; why: string } | { kind: "npm"; why: string };

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * CHROMIUM_PATH=npm: the npm package's Chromium, even where the system has one (what a fresh machine gets);
 * CHROMIUM_PATH=<file>: that binary, which must be executable; unset or empty: /usr/bin/chromium if executable,
 * else the npm one. Both inputs are injectable so the choice itself is tested without a browser.
 */
export function chooseChromium(
  env: Record<string, string | undefined> = process.env,
  executable: (path: string) => boolean = isExecutable,
): ChromiumChoice {
  const asked = env.CHROMIUM_PATH?.trim();
  if (asked === "npm") return { kind: "npm", why: "CHROMIUM_PATH=npm" };
  if (asked) {
    if (!executable(asked)) throw new Error(`CHROMIUM_PATH=${asked} is not an executable file (or say CHROMIUM_PATH=npm)`);
    return { kind: "file", path: asked, why: "CHROMIUM_PATH" };
  }
  if (executable(systemChromiumPath)) return { kind: "file", path: systemChromiumPath, why: "system" };
  return { kind: "npm", why: `no ${systemChromiumPath}` };
}

/** A Chromium ready to launch: its binary and what its process needs in its environment. */
export interface LocatedChromium {
  executablePath: string;
  env: Record<string, string | undefined>;
  description: string;
}

/**
 * Unpacks the npm package's brotli files itself rather than calling its executablePath(), which writes to the
 * machine-wide /tmp/chromium (shared by every checkout and version, raced by two test workers) and unpacks the
 * NSS libraries only on AWS Lambda. Here they are unpacked always and put first on the browser's library path, so
 * a machine without libnss3 (no system Chromium) runs the same binary and libraries as one with it; and its Open
 * Sans is always on the font path, since Chromium with no font at all crashes on the /docs page.
 */
export async function unpackNpmChromium(): Promise<LocatedChromium> {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `${npmPackage} ships Chromium for linux x64 only, this is ${process.platform} ${process.arch}: ` +
        `install a Chromium (Debian: apt-get install chromium) or set CHROMIUM_PATH to one`,
    );
  }
  // Resolved, not imported: only the package's files are used, and only when this runs.
  const packageDir = resolve(dirname(fileURLToPath(import.meta.resolve(npmPackage))), "..");
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
  const bin = join(packageDir, "bin");
  const cache = join(root, "node_modules/.cache/anquan-chromium");
  const target = join(cache, version);
  if (!existsSync(target)) {
    // Unpacked beside the target and renamed into place: a half-unpacked directory is never seen, and of two
    // workers unpacking at once the second finds the first's and drops its own.
    mkdirSync(cache, { recursive: true });
    const work = mkdtempSync(`${target}-unpacking-`);
    try {
      const binary = join(work, "chromium");
      await pipeline(createReadStream(join(bin, "chromium.br")), createBrotliDecompress(), createWriteStream(binary));
      chmodSync(binary, 0o755);
      for (const archive of ["al2023.tar.br", "fonts.tar.br"]) {
        const tar = brotliDecompressSync(readFileSync(join(bin, archive)));
        execFileSync("tar", ["-x", "--no-same-owner", "-C", work], { input: tar });
      }
      writeFileSync(
        join(work, "fonts.conf"),
        `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
          `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
          `  <dir>${join(target, "fonts")}</dir>\n  <cachedir>${join(target, "fonts-cache")}</cachedir>\n</fontconfig>\n`,
      );
      renameSync(work, target);
      // Versions unpacked before this one are of no further use.
      for (const entry of readdirSync(cache)) {
        if (!entry.startsWith(version)) rmSync(join(cache, entry), { recursive: true, force: true });
      }
    } catch (error) {
      rmSync(work, { recursive: true, force: true });
      if (!existsSync(target)) throw error;
    }
  }
  const libraryPath = [join(target, "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":");
  return {
    executablePath: join(target, "chromium"),
    // FONTCONFIG_FILE of one's own wins (an empty one shows what happens with no font at all).
    env: { ...process.env, LD_LIBRARY_PATH: libraryPath, FONTCONFIG_FILE: process.env.FONTCONFIG_FILE ?? join(target, "fonts.conf") },
    description: `${npmPackage} ${version}`,
  };
}

export async function locateChromium(env: Record<string, string | undefined> = process.env): Promise<LocatedChromium> {
  const choice = chooseChromium(env);
  if (choice.kind === "npm") {
    const located = await unpackNpmChromium();
    return { ...located, description: `${located.description} (${choice.why})` };
  }
  return { executablePath: choice.path, env: process.env, description: `${choice.path} (${choice.why})` };
}

/** Launches the chosen Chromium (CHROMIUM_PATH of `env`) with the machine's flags and the suite's own extra ones. */
export async function launchChromium(
  extraArgs: readonly string[] = [],
  env: Record<string, string | undefined> = process.env,
): Promise<Browser> {
  const located = await locateChromium(env);
  const browser = await chromium.launch({
    executablePath: located.executablePath,
    env: located.env,
    args: [...chromiumFlags, ...extraArgs],
  });
  console.info(`browser tests: Chromium ${browser.version()} from ${located.description}`);
  return browser;
}

/**
 * A screenshot of `page`, asked once more after Chromium's transient "Unable to capture screenshot" (a refused
 * capture that succeeds when asked again a moment later: seen in CI under load, and known upstream). Any other
 * error, or a second refusal, fails the test.
 */
export async function screenshot(page: Page, options: PageScreenshotOptions): Promise<Buffer> {
  try {
    return await page.screenshot(options);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes("Unable to capture screenshot")) throw error;
    await page.waitForTimeout(250);
    return page.screenshot(options);
  }
}
