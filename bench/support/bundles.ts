// Bundles every Lambda entry (functions/*.ts) with esbuild's JS API using the very options the CDK stack deploys
// with (infra/function-bundle.ts), once without source maps (what the size table measures) and once
// with them, as deployed (the cold-init suite also times that variant under --enable-source-maps). The floor
// (bench/floor/floor-handler.ts: one GetItem with the DynamoDB client) is built the same way, first, so the suites
// can print every figure as "× floor".
import { readdirSync, rmSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { build, type Metafile } from "esbuild";
import { functionBuildOptions, initialOutputs } from "../../infra/function-bundle.ts";

export interface BuiltBundle {
  /** The entry's file name without extension: `api`; `floor` for the floor handler. */
  readonly name: string;
  /** `function`: a deployed functions/*.ts; `floor`: the bench's floor handler, never deployed. */
  readonly kind: "function" | "floor";
  readonly entry: string;
  /** The output folder without source maps: `index.mjs` and `chunks/`. */
  readonly dir: string;
  /** `<dir>/index.mjs`, the handler file. */
  readonly file: string;
  readonly metafile: Metafile;
  /** The same bundle built with external source maps, as the CDK stack deploys it (a folder like `dir`). */
  readonly dirWithMap: string;
  readonly fileWithMap: string;
  /** All the source maps' bytes (not counted in the sizes). */
  readonly mapBytes: number;
  /** What a cold start loads: index.mjs and the chunks it imports statically (metafile paths, relative to root). */
  readonly initialFiles: readonly string[];
  readonly initialBytes: number;
  /** Everything deployed (without maps): index.mjs and every chunk. */
  readonly totalBytes: number;
  readonly chunkCount: number;
  readonly warnings: number;
}

export function functionEntries(root: string): string[] {
  const dir = join(root, "functions");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts") && !file.endsWith(".test.ts"))
    .sort()
    .map((file) => join(dir, file));
}

/** The floor handler's entry: one handler doing one GetItem, the yardstick of issue 18. */
export const floorEntry = (root: string): string => join(root, "bench", "floor", "floor-handler.ts");

/** The floor first, then every function; the floor's bundle is named `floor`. */
export async function buildBundles(root: string, outDir: string): Promise<BuiltBundle[]> {
  const built: BuiltBundle[] = [];
  const entries: { name: string; entry: string; kind: BuiltBundle["kind"] }[] = [
    { name: "floor", entry: floorEntry(root), kind: "floor" },
    ...functionEntries(root).map((entry) => ({ name: basename(entry, ".ts"), entry, kind: "function" as const })),
  ];
  for (const { name, entry, kind } of entries) {
    const dir = join(outDir, name);
    const dirWithMap = join(outDir, "with-source-map", name);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirWithMap, { recursive: true, force: true });
    const plain = await build({ ...functionBuildOptions(entry, dir, false), absWorkingDir: root });
    const mapped = await build({ ...functionBuildOptions(entry, dirWithMap, true), absWorkingDir: root });
    const metafile = plain.metafile ?? { inputs: {}, outputs: {} };
    const file = join(dir, "index.mjs");
    const initialFiles = initialOutputs(metafile, relative(root, file));
    const outputs = Object.entries(metafile.outputs);
    built.push({
      name,
      kind,
      entry,
      dir,
      file,
      metafile,
      dirWithMap,
      fileWithMap: join(dirWithMap, "index.mjs"),
      mapBytes: Object.entries(mapped.metafile?.outputs ?? {})
        .filter(([path]) => path.endsWith(".map"))
        .reduce((sum, [, output]) => sum + output.bytes, 0),
      initialFiles,
      initialBytes: initialFiles.reduce((sum, path) => sum + (metafile.outputs[path]?.bytes ?? 0), 0),
      totalBytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0),
      chunkCount: outputs.length - 1,
      warnings: plain.warnings.length,
    });
  }
  return built;
}
