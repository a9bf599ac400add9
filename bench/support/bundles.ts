// Bundles every Lambda entry (functions/*.ts) with esbuild's JS API using the very options the CDK stack deploys
// with (infra/function-bundle.ts), once without a source map (what the size table measures) and once
// with one, as deployed (the cold-init suite also times that variant under --enable-source-maps). The floor
// (bench/floor/floor-handler.ts: one GetItem with the DynamoDB client) is built the same way, first, so the suites
// can print every figure as "× floor".
import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { build, type Metafile } from "esbuild";
import { functionBuildOptions } from "../../infra/function-bundle.ts";

export interface BuiltBundle {
  /** The entry's file name without extension: `api`; `floor` for the floor handler. */
  readonly name: string;
  /** `function`: a deployed functions/*.ts; `floor`: the bench's floor handler, never deployed. */
  readonly kind: "function" | "floor";
  readonly entry: string;
  /** The bundle without a source map. */
  readonly file: string;
  readonly metafile: Metafile;
  /** The same bundle built with an external source map, as the CDK stack deploys it. */
  readonly fileWithMap: string;
  readonly mapBytes: number;
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
    const file = join(outDir, `${name}.mjs`);
    const fileWithMap = join(outDir, "with-source-map", `${name}.mjs`);
    const plain = await build({ ...functionBuildOptions(entry, file, false), absWorkingDir: root });
    await build({ ...functionBuildOptions(entry, fileWithMap, true), absWorkingDir: root });
    built.push({
      name,
      kind,
      entry,
      file,
      metafile: plain.metafile ?? { inputs: {}, outputs: {} },
      fileWithMap,
      mapBytes: statSync(`${fileWithMap}.map`).size,
      warnings: plain.warnings.length,
    });
  }
  return built;
}
