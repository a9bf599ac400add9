// Size budgets that hold (issue 18): every Lambda function is bundled with the options the stack deploys with
// (infra/function-bundle.ts, no source maps: sizes are deterministic) and fails when what its cold start loads —
// index.mjs and the chunks it imports statically — or everything it deploys passes its budget. A budget is raised
// on purpose, in this file, by whoever adds the bytes; the figures and what they were on 2026-12-04 are in
// docs/deployment.md. Timings are not deterministic and stay in the bench (npm run bench -- --only cold-init).
import { basename, join, relative, resolve } from "node:path";
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { functionEntries } from "../../bench/support/bundles.ts";
import { functionBuildOptions, initialOutputs, keptZodLocales } from "../../infra/function-bundle.ts";

const root = resolve(import.meta.dirname, "../..");

/** Bytes, without source maps: [loaded at cold start, all files]. Measured then: api 1,421,448 / 3,223,837. */
const budgets: Record<string, { readonly coldStart: number; readonly total: number }> = {
  api: { coldStart: 1_500_000, total: 3_400_000 },
  worker: { coldStart: 1_150_000, total: 3_350_000 },
  "monthly-dispatch": { coldStart: 760_000, total: 1_100_000 },
  "weekly-dispatch": { coldStart: 760_000, total: 1_100_000 },
  "webhook-sweep": { coldStart: 760_000, total: 1_100_000 },
  "webhook-stream": { coldStart: 680_000, total: 1_030_000 },
};

/** Packages no function may load at its cold start: each is reached through `await import()` where used. */
const loadedOnFirstUse = ["exceljs", "docx", "nodemailer", "@aws-sdk/client-s3", "@aws-sdk/client-sesv2", "qrcode", "swagger-ui-dist"];

interface Measured {
  readonly name: string;
  readonly metafile: Metafile;
  readonly coldStartFiles: readonly string[];
  readonly coldStart: number;
  readonly total: number;
}

const measured: Measured[] = [];

beforeAll(async () => {
  const built = await Promise.all(
    functionEntries(root).map(async (entry) => {
      const name = basename(entry, ".ts");
      const outdir = join(root, ".tmp", "bundle-budget", name);
      const { metafile } = await build({ ...functionBuildOptions(entry, outdir, false), write: false, absWorkingDir: root });
      if (!metafile) throw new Error(`esbuild gave no metafile for ${name}`);
      const coldStartFiles = initialOutputs(metafile, relative(root, join(outdir, "index.mjs")));
      const bytesOf = (files: readonly string[]) => files.reduce((sum, file) => sum + (metafile.outputs[file]?.bytes ?? 0), 0);
      return { name, metafile, coldStartFiles, coldStart: bytesOf(coldStartFiles), total: bytesOf(Object.keys(metafile.outputs)) };
    }),
  );
  measured.push(...built);
}, 120_000);

const packagesIn = (metafile: Metafile, files: readonly string[]) =>
  new Set(
    files.flatMap((file) =>
      Object.keys(metafile.outputs[file]?.inputs ?? {}).map(
        (input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? "(project)",
      ),
    ),
  );

describe("bundle budgets", () => {
  it("every function has a budget, and every budget a function", () => {
    expect(measured.map((m) => m.name).sort()).toEqual(Object.keys(budgets).sort());
  });

  it("what each cold start loads stays within its budget", () => {
    const over = measured.filter((m) => m.coldStart > (budgets[m.name]?.coldStart ?? 0)).map((m) => `${m.name}: ${m.coldStart} B`);
    expect(over).toEqual([]);
  });

  it("everything each function deploys stays within its budget", () => {
    const over = measured.filter((m) => m.total > (budgets[m.name]?.total ?? 0)).map((m) => `${m.name}: ${m.total} B`);
    expect(over).toEqual([]);
  });

  it("no cold start loads the spreadsheet, DOCX, mail, S3 or QR libraries", () => {
    const loaded = measured.flatMap((m) =>
      [...packagesIn(m.metafile, m.coldStartFiles)].filter((p) => loadedOnFirstUse.includes(p)).map((p) => `${m.name}: ${p}`),
    );
    expect(loaded).toEqual([]);
    // The check can see those packages: the api deploys exceljs and docx, in its lazy chunks.
    const api = measured.find((m) => m.name === "api");
    expect(api && [...packagesIn(api.metafile, Object.keys(api.metafile.outputs))]).toEqual(expect.arrayContaining(["exceljs", "docx"]));
  });

  it("zod's locales in any bundle are only en and zh-CN", () => {
    const locales = new Set(
      measured.flatMap((m) =>
        Object.values(m.metafile.outputs).flatMap((output) =>
          Object.keys(output.inputs)
            // The plugin's stand-in for locales/index.js (namespace-prefixed) is not a locale.
            .filter((input) => !input.startsWith("anquan-zod-locales:"))
            .map((input) => /node_modules\/zod\/v4\/locales\/([^/]+\.js)$/.exec(input)?.[1])
            .filter((file) => file !== undefined),
        ),
      ),
    );
    expect([...locales].sort()).toEqual(Object.values(keptZodLocales).sort());
  });
});
