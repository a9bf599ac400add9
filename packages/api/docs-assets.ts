// Where the docs page's Swagger UI files come from: a folder (the Lambda bundle's copy) or the installed
// swagger-ui-dist package (the local server). Read on request only, so start-up never pays for them.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export function fileDocsAssets(dir: string): (name: string) => Promise<Uint8Array | undefined> {
  return async (name) => {
    if (!/^[\w.-]+$/.test(name)) return undefined;
    try {
      return await readFile(join(dir, name));
    } catch {
      return undefined;
    }
  };
}

export function installedDocsAssets(): (name: string) => Promise<Uint8Array | undefined> {
  const require = createRequire(import.meta.url);
  return fileDocsAssets(dirname(require.resolve("swagger-ui-dist/package.json")));
}
