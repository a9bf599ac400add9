// Suite "cold-init": how long a fresh Node 24 process takes to import each function bundle (the module
// initialisation a Lambda cold start pays before the first invocation), and whether init touches the network.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { BuiltBundle } from "../support/bundles.ts";
import { table, timesFloor } from "../support/markdown.ts";
import { fixed, summarize } from "../support/stats.ts";
import type { Suite } from "../support/suite.ts";

const runs = 20;
const run = promisify(execFile);

// Runs in the child: records any socket connect / DNS lookup / fetch, times `await import(bundle)` with
// performance.now() (whose origin is process start, so the end mark is also "ready since process start"),
// then waits a moment so asynchronous network attempts started by init are caught too.
const probe = `
import dns from "node:dns";
import net from "node:net";
const network = [];
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const [first] = args;
  network.push("connect " + (typeof first === "object" && first !== null ? JSON.stringify({ host: first.host, port: first.port, path: first.path }) : String(first)));
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  network.push("dns " + host);
  return lookup.call(this, host, ...rest);
};
const fetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  network.push("fetch " + String(input));
  return fetch(input, init);
};
const start = performance.now();
const mod = await import(process.argv[2]);
const end = performance.now();
await new Promise((resolve) => setTimeout(resolve, 250));
const result = JSON.stringify({ importMs: end - start, readyMs: end, handler: typeof mod.handler, network });
process.stdout.write(result + "\\n", () => process.exit(0));
`;

/** The variables the functions read (functions/*.ts, packages/store/aws/aws-environment.ts) and the Lambda runtime provides, as harmless dummies; nothing from this shell. */
function lambdaEnvironment(taskRoot: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: taskRoot,
    LANG: "C.UTF-8",
    TZ: "UTC",
    TABLE_NAME: "anquan-bench",
    TENANT_ACCESS_ROLE_ARN: "arn:aws:iam::123456789012:role/anquan-bench-tenant-access",
    ESCALATION_ACCESS_ROLE_ARN: "arn:aws:iam::123456789012:role/anquan-bench-escalation-access",
    CURSOR_SECRET_ARN: "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:anquan-bench-cursor",
    BLOB_BUCKET: "anquan-bench-blobs",
    JOB_QUEUE_URL: "https://sqs.ap-southeast-1.amazonaws.com/123456789012/anquan-bench-jobs",
    // The worker's dead letters (functions/worker.ts): its DLQ event source and the queue of held ones.
    JOB_DEAD_LETTERS_ARN: "arn:aws:sqs:ap-southeast-1:123456789012:anquan-bench-job-dead-letters",
    JOB_HELD_DEAD_LETTERS_URL: "https://sqs.ap-southeast-1.amazonaws.com/123456789012/anquan-bench-held-dead-letters",
    // The worker's mail (SES in the aws partition) and the API's public address for the monthly mail's links.
    MAIL_TRANSPORT: "ses",
    MAIL_FROM: "安全生产监管平台 <reports@bench.example.gov.cn>",
    PUBLIC_BASE_URL: "https://api.bench.example.gov.cn",
    OIDC_ISSUER: "https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_bench",
    OIDC_AUDIENCE: "anquan-bench",
    OPERATOR_OIDC_ISSUER: "https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_benchops",
    OPERATOR_OIDC_AUDIENCE: "anquan-bench-operators",
    AWS_REGION: "ap-southeast-1",
    AWS_DEFAULT_REGION: "ap-southeast-1",
    AWS_ACCESS_KEY_ID: "AKIABENCHDUMMY",
    AWS_SECRET_ACCESS_KEY: "bench-dummy-secret",
    AWS_SESSION_TOKEN: "bench-dummy-session",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_LAMBDA_FUNCTION_NAME: "anquan-api-bench",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
    LAMBDA_TASK_ROOT: taskRoot,
    DOCS_ASSETS_DIR: "swagger-ui",
    POWERTOOLS_SERVICE_NAME: "anquan-api",
    LOG_LEVEL: "ERROR",
    ...extra,
  };
}

interface Variant {
  readonly label: string;
  readonly withMap: boolean;
  readonly bundle: BuiltBundle;
  readonly dir: string;
  readonly url: string;
  readonly env: NodeJS.ProcessEnv;
  readonly importMs: number[];
  readonly readyMs: number[];
  readonly network: Set<string>;
  readonly handlerTypes: Set<string>;
}

/** Copies the bundle's folder (index.mjs, chunks/, maps) outside the repository, so nothing can resolve from node_modules. */
function isolate(bundleDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), "anquan-cold-"));
  cpSync(bundleDir, dir, { recursive: true });
  writeFileSync(join(dir, "probe.mjs"), probe);
  return dir;
}

export const coldInitSuite: Suite = {
  name: "cold-init",
  async run(context) {
    const bundles = await context.bundles();
    const variants: Variant[] = [];
    for (const bundle of bundles) {
      for (const withMap of [false, true]) {
        const dir = isolate(withMap ? bundle.dirWithMap : bundle.dir);
        variants.push({
          label: `${bundle.kind === "floor" ? "floor (one GetItem)" : bundle.name}${withMap ? " + source map, NODE_OPTIONS=--enable-source-maps (as deployed)" : ""}`,
          withMap,
          bundle,
          dir,
          url: pathToFileURL(join(dir, "index.mjs")).href,
          env: lambdaEnvironment(dir, withMap ? { NODE_OPTIONS: "--enable-source-maps" } : {}),
          importMs: [],
          readyMs: [],
          network: new Set(),
          handlerTypes: new Set(),
        });
      }
    }
    try {
      // Rounds alternate the variants so a noisy moment on the machine hits all of them alike.
      for (let round = 0; round < runs; round++) {
        for (const variant of variants) {
          const { stdout } = await run(process.execPath, [join(variant.dir, "probe.mjs"), variant.url], {
            cwd: variant.dir,
            env: variant.env,
            timeout: 60_000,
          });
          const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
            importMs: number;
            readyMs: number;
            handler: string;
            network: string[];
          };
          variant.importMs.push(result.importMs);
          variant.readyMs.push(result.readyMs);
          variant.handlerTypes.add(result.handler);
          for (const attempt of result.network) variant.network.add(attempt);
        }
        if ((round + 1) % 5 === 0) context.log(`cold-init: ${round + 1}/${runs} rounds`);
      }
    } finally {
      for (const variant of variants) rmSync(variant.dir, { recursive: true, force: true });
    }

    // Each variant against the floor's variant of the same kind (with or without the source map), same run.
    const floorOf = (v: Variant) => variants.find((f) => f.bundle.kind === "floor" && f.withMap === v.withMap);
    const rows = variants.map((v) => {
      const imp = summarize(v.importMs);
      const ready = summarize(v.readyMs);
      const floor = floorOf(v);
      return [
        v.label,
        String(imp.count),
        fixed(imp.p50, 1),
        timesFloor(imp.p50, floor ? summarize(floor.importMs).p50 : Number.NaN),
        fixed(imp.p90, 1),
        fixed(imp.min, 1),
        fixed(imp.max, 1),
        fixed(ready.p50, 1),
        v.network.size === 0 ? "none" : [...v.network].join("; "),
      ];
    });
    const notes = variants
      .filter((v) => !(v.handlerTypes.size === 1 && v.handlerTypes.has("function")))
      .map((v) => `- **${v.label}**: \`handler\` export was ${[...v.handlerTypes].join("/")}, not a function.`);
    const plain = variants.find((v) => v.bundle.name === "api" && !v.withMap);
    const mapped = variants.find((v) => v.bundle.name === "api" && v.withMap);
    const floorMapped = variants.find((v) => v.bundle.kind === "floor" && v.withMap);
    const reading =
      plain && mapped
        ? `Reading: importing the \`${plain.bundle.name}\` bundle takes ${fixed(summarize(plain.importMs).p50, 0)} ms at the median ` +
          `(p90 ${fixed(summarize(plain.importMs).p90, 0)} ms); with the deployed source map and --enable-source-maps it takes ` +
          `${fixed(summarize(mapped.importMs).p50, 0)} ms (${fixed(summarize(mapped.importMs).p50 / summarize(plain.importMs).p50, 2)}×)` +
          (floorMapped
            ? `, ${timesFloor(summarize(mapped.importMs).p50, summarize(floorMapped.importMs).p50)} the floor's ${fixed(summarize(floorMapped.importMs).p50, 0)} ms (target ≤ 1.5×). `
            : ". ") +
          (variants.every((v) => v.network.size === 0)
            ? "Module init made no network attempt."
            : "**Module init attempted network I/O** (see the last column).")
        : "Reading: no function entries found.";
    return [
      "## Cold init",
      "",
      `A fresh \`node\` (${process.version}) process per run, ${runs} runs per variant (rounds alternate the variants), importing a copy ` +
        "of the bundle placed outside the repository, with dummy values for every variable the functions read plus " +
        "AWS_REGION=ap-southeast-1, dummy AWS credentials and AWS_EC2_METADATA_DISABLED. *import* is `performance.now()` around " +
        "`await import(bundle)` inside the child; *ready since process start* adds Node's own start-up (performance.now()'s origin). " +
        "Socket connects, DNS lookups and fetch() are trapped during import and 250 ms after. Lambda's own runtime start and the " +
        "code download are not included; this is the part the bundle controls. *× floor* divides the import p50 by the " +
        "floor's (bench/floor/floor-handler.ts: one GetItem with the DynamoDB client, same build) in the same variant " +
        "(source map or not), measured in the same rounds.",
      "",
      table(
        [
          "bundle",
          "runs",
          "import p50 (ms)",
          "× floor",
          "import p90 (ms)",
          "min",
          "max",
          "ready since process start p50 (ms)",
          "network I/O during init",
        ],
        rows,
        ["l", "r", "r", "r", "r", "r", "r", "r", "l"],
      ),
      "",
      reading,
      ...(notes.length > 0 ? ["", ...notes] : []),
      "",
    ].join("\n");
  },
};
