// Suite "bundle": the size of each Lambda function's bundle (raw and gzip -9), and which packages make it up.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { BuiltBundle } from "../support/bundles.ts";
import { bytes, table, timesFloor } from "../support/markdown.ts";
import type { Suite } from "../support/suite.ts";

/**
 * `node_modules/@aws-sdk/client-dynamodb/dist-es/…` → `@aws-sdk/client-dynamodb`; project files → `(project)`.
 * A package's `locales/` files get their own row: translations are easy to drop and easy to overlook.
 */
function packageOf(inputPath: string): string {
  const inPackage = inputPath.slice(inputPath.lastIndexOf("node_modules/"));
  const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(inPackage);
  if (!match?.[1]) return "(project: packages/, functions/)";
  return /(^|\/)locales\//.test(match[2] ?? "") ? `${match[1]} (locales/ only)` : match[1];
}

/** Bytes per package in the files a cold start loads (the handler file and the chunks it imports statically). */
function contributors(bundle: BuiltBundle): [string, number][] {
  const byPackage = new Map<string, number>();
  for (const file of bundle.initialFiles) {
    for (const [path, { bytesInOutput }] of Object.entries(bundle.metafile.outputs[file]?.inputs ?? {})) {
      const name = packageOf(path);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}

/** The largest packages of the chunks loaded only on first use. */
function lazyContributors(bundle: BuiltBundle): [string, number][] {
  const initial = new Set(bundle.initialFiles);
  const byPackage = new Map<string, number>();
  for (const [file, output] of Object.entries(bundle.metafile.outputs)) {
    if (initial.has(file) || file.endsWith(".map")) continue;
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(path);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}

function gzipOfFiles(root: string, files: readonly string[]): number {
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(root, file)), { level: 9 }).length, 0);
}

export const bundleSuite: Suite = {
  name: "bundle",
  async run(context) {
    const bundles = await context.bundles();
    const rows: string[][] = [];
    const sections: string[] = [];
    const floor = bundles.find((b) => b.kind === "floor");
    for (const bundle of bundles) {
      const allFiles = Object.keys(bundle.metafile.outputs).filter((file) => !file.endsWith(".map"));
      const gzip = gzipOfFiles(context.root, bundle.initialFiles);
      rows.push([
        bundle.kind === "floor" ? "floor: `bench/floor/floor-handler.ts` (one GetItem)" : `\`functions/${bundle.name}.ts\``,
        bytes(bundle.initialBytes),
        timesFloor(bundle.initialBytes, floor?.initialBytes ?? Number.NaN),
        bytes(gzip),
        bytes(bundle.totalBytes),
        timesFloor(bundle.totalBytes, floor?.totalBytes ?? Number.NaN),
        String(bundle.chunkCount),
        bytes(gzipOfFiles(context.root, allFiles)),
        bytes(bundle.mapBytes),
        String(bundle.warnings),
      ]);
      const parts = contributors(bundle);
      const top = parts.slice(0, 10);
      const rest = parts.slice(10).reduce((sum, [, n]) => sum + n, 0);
      const inOutput = parts.reduce((sum, [, n]) => sum + n, 0);
      const lazy = lazyContributors(bundle).slice(0, 6);
      sections.push(
        `#### What \`${bundle.name}\` loads at a cold start (minified bytes per package, from esbuild's metafile)\n\n` +
          table(
            ["package", "bytes in bundle", "share"],
            [
              ...top.map(([name, n]) => [name, n.toLocaleString("en-US"), `${((100 * n) / inOutput).toFixed(1)} %`]),
              ...(rest > 0
                ? [[`${parts.length - 10} other packages`, rest.toLocaleString("en-US"), `${((100 * rest) / inOutput).toFixed(1)} %`]]
                : []),
            ],
            ["l", "r", "r"],
          ) +
          (lazy.length > 0
            ? `\n\nLoaded on first use (chunks/), largest: ${lazy.map(([name, n]) => `${name} ${n.toLocaleString("en-US")}`).join(", ")}.`
            : ""),
      );
    }
    const largest = bundles.filter((b) => b.kind === "function").sort((a, b) => b.initialBytes - a.initialBytes)[0];
    const topOfLargest = largest ? contributors(largest)[0] : undefined;
    return [
      "## Bundle size",
      "",
      "Each `functions/*.ts` bundled with esbuild's JS API using the options the CDK stack deploys with (infra/function-bundle.ts): " +
        '`bundle`, `platform: "node"`, `format: "esm"`, `target: "node24"`, `mainFields: ["module", "main"]`, `minify`, ' +
        "every dependency bundled (AWS SDK included), the stack's `createRequire` banner, zod's locales cut to en and zh-CN. Code splitting: `index.mjs` " +
        "holds the handler, `chunks/` what is reached through `await import()` (loaded on first use) or shared with it; " +
        "*loaded at cold start* is index.mjs plus the chunks it imports statically. Sizes exclude the source maps, " +
        "which the stack also ships and are listed separately. Output: `.tmp/bench/<name>/`. " +
        "*× floor* divides by the floor's bundle: bench/floor/floor-handler.ts, one handler doing one GetItem with the " +
        "same @aws-sdk/client-dynamodb, built with the same options (issue 18's target: api ≤ 3×).",
      "",
      table(
        [
          "function",
          "loaded at cold start (raw)",
          "× floor",
          "its gzip -9",
          "all files, lazy chunks too (raw)",
          "× floor",
          "chunks",
          "all files gzip -9",
          "source maps (not counted)",
          "esbuild warnings",
        ],
        rows,
        ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
      ),
      "",
      largest && topOfLargest
        ? `Reading: \`${largest.name}\` loads ${(largest.initialBytes / 1024).toFixed(0)} KiB of minified code at a cold start (${timesFloor(largest.initialBytes, floor?.initialBytes ?? Number.NaN)} the floor; target ≤ 3×); its largest part is \`${topOfLargest[0]}\` (${((100 * topOfLargest[1]) / largest.initialBytes).toFixed(0)} %).`
        : "Reading: no function entries found.",
      "",
      ...sections.flatMap((s) => [s, ""]),
    ].join("\n");
  },
};
