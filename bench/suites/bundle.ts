// Suite "bundle": the size of each Lambda function's bundle (raw and gzip -9), and which packages make it up.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
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

function contributors(bundle: BuiltBundle, root: string): [string, number][] {
  const output = bundle.metafile.outputs[relative(root, bundle.file)];
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(path);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}

export const bundleSuite: Suite = {
  name: "bundle",
  async run(context) {
    const bundles = await context.bundles();
    const rows: string[][] = [];
    const sections: string[] = [];
    const floor = bundles.find((b) => b.kind === "floor");
    const floorBytes = floor ? readFileSync(floor.file).length : Number.NaN;
    for (const bundle of bundles) {
      const code = readFileSync(bundle.file);
      const gzip = gzipSync(code, { level: 9 }).length;
      rows.push([
        bundle.kind === "floor" ? "floor: `bench/floor/floor-handler.ts` (one GetItem)" : `\`functions/${bundle.name}.ts\``,
        bytes(code.length),
        timesFloor(code.length, floorBytes),
        bytes(gzip),
        `${(gzip / code.length).toFixed(2)}`,
        bytes(bundle.mapBytes),
        String(bundle.warnings),
      ]);
      const parts = contributors(bundle, context.root);
      const top = parts.slice(0, 10);
      const rest = parts.slice(10).reduce((sum, [, n]) => sum + n, 0);
      const inOutput = parts.reduce((sum, [, n]) => sum + n, 0);
      sections.push(
        `#### What \`${bundle.name}\` is made of (minified bytes per package, from esbuild's metafile)\n\n` +
          table(
            ["package", "bytes in bundle", "share"],
            [
              ...top.map(([name, n]) => [name, n.toLocaleString("en-US"), `${((100 * n) / inOutput).toFixed(1)} %`]),
              ...(rest > 0
                ? [[`${parts.length - 10} other packages`, rest.toLocaleString("en-US"), `${((100 * rest) / inOutput).toFixed(1)} %`]]
                : []),
            ],
            ["l", "r", "r"],
          ),
      );
    }
    const largest = bundles
      .filter((b) => b.kind === "function")
      .map((b) => ({ name: b.name, size: readFileSync(b.file).length }))
      .sort((a, b) => b.size - a.size)[0];
    const topOfLargest = largest ? contributors(bundles.find((b) => b.name === largest.name) as BuiltBundle, context.root)[0] : undefined;
    return [
      "## Bundle size",
      "",
      "Each `functions/*.ts` bundled with esbuild's JS API using the options the CDK stack deploys with (infra/function-bundle.ts): " +
        '`bundle`, `platform: "node"`, `format: "esm"`, `target: "node24"`, `mainFields: ["module", "main"]`, `minify`, ' +
        "every dependency bundled (AWS SDK included), the stack's `createRequire` banner, zod's locales cut to en and zh-CN. Sizes exclude the source map, " +
        "which the stack also ships (`sourceMap: true`) and is listed separately. Output: `.tmp/bench/<name>.mjs`. " +
        "*× floor* divides by the floor's bundle: bench/floor/floor-handler.ts, one handler doing one GetItem with the " +
        "same @aws-sdk/client-dynamodb, built with the same options (issue 18's target: api ≤ 3×).",
      "",
      table(["function", "bundle (raw)", "× floor", "gzip -9", "gzip ratio", "source map (not counted)", "esbuild warnings"], rows, [
        "l",
        "r",
        "r",
        "r",
        "r",
        "r",
        "r",
      ]),
      "",
      largest && topOfLargest
        ? `Reading: \`${largest.name}\` is ${(largest.size / 1024).toFixed(0)} KiB minified; its largest part is \`${topOfLargest[0]}\` (${((100 * topOfLargest[1]) / largest.size).toFixed(0)} % of the file).`
        : "Reading: no function entries found.",
      "",
      ...sections.flatMap((s) => [s, ""]),
    ].join("\n");
  },
};
