// How a Lambda entry becomes its deployed bundle: esbuild's JS API with one set of options, used by the CDK stack
// (bundled-function.ts runs bundle-cli.ts as its local bundler) and by the bench and the size budget test
// (bench/support/bundles.ts), so what is measured is what is deployed. ESM for Node 24, minified, every
// dependency bundled (AWS SDK included), an external source map when asked; plus a plugin no esbuild CLI flag
// can express: zod's locales cut to the two languages the API speaks. Code splitting: what the code loads with
// `await import()` (spreadsheets, DOCX, CSV, mail, the S3 client…) goes to chunks/ and is read, compiled and
// source-mapped only on first use, not at every cold start.
import { dirname, join } from "node:path";
import type { BuildOptions, Metafile, Plugin } from "esbuild";

// Bundled CommonJS dependencies call `require`, which does not exist in an ES module; the alias avoids a clash
// with any `createRequire` the bundle itself declares.
export const esmRequireBanner =
  "import { createRequire as __anquanCreateRequire } from 'node:module'; " + "const require = __anquanCreateRequire(import.meta.url);";

/** The locales of zod's that stay in a bundle: English (zod's default messages) and Chinese (zh-CN). */
export const keptZodLocales = { en: "en.js", zhCN: "zh-CN.js" } as const;

const zodLocalesNamespace = "anquan-zod-locales";

/**
 * zod v4's `z` namespace re-exports every locale (`export * as locales from "../locales/index.js"` in
 * v4/classic/external.js and v4/core/index.js), and @hono/zod-openapi passes `z` around as a value
 * (`extendZodWithOpenApi(z)`), so esbuild must keep all ~50 of them (264 KB minified). The API's messages are its
 * own (zh and en, core/kernel/validation.ts); zod's English defaults stay for anything unmapped. This plugin
 * answers that one import with a module exporting only `en` and `zhCN` — `z.locales.en()` and `z.locales.zhCN()`
 * still work, the other locales are not in the bundle.
 */
export const zodLocalesPlugin: Plugin = {
  name: "anquan-zod-locales",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), "..", "locales", "index.js"), namespace: zodLocalesNamespace };
    });
    build.onLoad({ filter: /.*/, namespace: zodLocalesNamespace }, (args) => ({
      contents: Object.entries(keptZodLocales)
        .map(([name, file]) => `export { default as ${name} } from "./${file}";`)
        .join("\n"),
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

/**
 * The options every function is bundled with: `<outdir>/index.mjs` (the handler file) and `<outdir>/chunks/*.mjs`
 * (code shared with, or only reached through, a dynamic import); `sourcemap` as deployed writes a `.map` beside each.
 */
export function functionBuildOptions(entry: string, outdir: string, sourcemap: boolean): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    outExtension: { ".js": ".mjs" }, // ES modules for Lambda without a package.json beside them
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    mainFields: ["module", "main"],
    minify: true,
    sourcemap,
    banner: { js: esmRequireBanner },
    external: [],
    plugins: [zodLocalesPlugin],
    metafile: true,
    logLevel: "silent",
  };
}

/**
 * The output files a cold start loads (metafile paths): the entry and, transitively, the chunks it imports
 * statically. The other chunks load on first use.
 */
export function initialOutputs(metafile: Metafile, entryOutput: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
    }
  };
  visit(entryOutput);
  return [...seen];
}
