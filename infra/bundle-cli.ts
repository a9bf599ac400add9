// `node infra/bundle-cli.ts <entry> <outputDir>`: bundles one Lambda entry to <outputDir>/index.mjs and
// <outputDir>/chunks/ (+ their source maps) with the shared options of function-bundle.ts. The CDK stack's local bundler (bundled-function.ts) runs it
// in a child process because CDK bundles synchronously and esbuild's plugins need its asynchronous API.
import path from "node:path";
import { build } from "esbuild";
import { functionBuildOptions } from "./function-bundle.ts";

const [entry, outputDir] = process.argv.slice(2);
if (!entry || !outputDir) throw new Error("usage: node infra/bundle-cli.ts <entry> <outputDir>");
const projectRoot = path.resolve(import.meta.dirname, "..");
const result = await build({
  ...functionBuildOptions(path.resolve(entry), outputDir, true),
  absWorkingDir: projectRoot,
  metafile: false,
  logLevel: "warning",
});
if (result.errors.length > 0) process.exit(1);
