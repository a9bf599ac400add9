// The lint rule that keeps wall-clock reads out of product code (lint/no-wall-clock.grit): Date.now() and
// new Date() are refused in packages/ and functions/ but in the clock adapter; dates parsed from text and tests'
// own fixtures are fine. Run with the project's biome on files laid out like the repository's, in a temp folder.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function lint(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), "anquan-lint-"));
  cpSync(join(root, "lint"), join(dir, "lint"), { recursive: true });
  const config = JSON.parse(readFileSync(join(root, "biome.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(dir, "biome.json"), JSON.stringify({ plugins: config.plugins, linter: { rules: { recommended: false } } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  let output = "";
  try {
    output = execFileSync(join(root, "node_modules/.bin/biome"), ["lint", "--max-diagnostics=50", "."], {
      cwd: dir,
      encoding: "utf8",
      stdio: "pipe",
    });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? "") + String((error as { stderr?: string }).stderr ?? "");
  }
  return [...output.matchAll(/^(\S+\.ts):\d+:\d+ plugin/gm)].map((m) => m[1] as string).sort();
}

describe("the no-wall-clock lint rule", () => {
  it("refuses Date.now() and new Date() in product code, but in the clock adapter", () => {
    const refused = lint({
      "packages/core/hazards/deadline.ts": "export const late = (d: number) => d < Date.now();\n",
      "packages/api/routes/x.ts": "export const stamp = () => new Date().toISOString();\n",
      "functions/handler.ts": "export const t = Date.now();\n",
      "packages/core/kernel/system-clock.ts": "export const systemClock = { now: () => new Date() };\n",
      "packages/core/register/parse.ts": 'export const day = new Date("2026-11-25T00:00:00Z");\n',
      "test/unit/fixture.ts": "export const at = new Date();\n",
    });
    expect(refused).toEqual(["functions/handler.ts", "packages/api/routes/x.ts", "packages/core/hazards/deadline.ts"]);
  });
});
