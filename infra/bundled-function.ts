// How every Anquan Lambda function is built: esbuild-bundled ESM (AWS SDK included, minified, arm64,
// nodejs24.x) by function-bundle.ts's options — the same the bench measures —, no Docker, its own log group kept
// for a year, and an explicit role with no AWS managed policy.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { AssetHashType, type Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

export const projectRoot = path.resolve(import.meta.dirname, "..");

/** A Lambda entry point in functions/ (wiring only). Tests skip bundling but the file must exist. */
export const functionEntry = (name: string): string => path.join(projectRoot, "functions", `${name}.ts`);

export interface BundledFunctionProps {
  readonly entry: string;
  /** What the role may reach, for the IAM console. */
  readonly roleDescription: string;
  /** POWERTOOLS_SERVICE_NAME: names the function in its logs. */
  readonly service: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment: Record<string, string>;
  /** Failed asynchronous invocations (after Lambda's own retries) go here. */
  readonly deadLetterQueue?: sqs.IQueue;
  /** Shell commands that copy what esbuild cannot bundle into the output. */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

export interface BundledFunction {
  readonly function: lambda.Function;
  readonly role: iam.Role;
}

/** Adds `Logs`, `Role` and `Function` to `scope` (children of the caller, so existing logical ids stay put). */
export function bundledFunction(scope: Construct, props: BundledFunctionProps): BundledFunction {
  const logGroup = new logs.LogGroup(scope, "Logs", {
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });

  // An explicit role instead of AWSLambdaBasicExecutionRole: logs go only to this function's log group, and
  // data access is granted where it is designed (tenant-access.ts, jobs.ts).
  const role = new iam.Role(scope, "Role", {
    description: props.roleDescription,
    assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
  });
  logGroup.grantWrite(role);

  const fn = new lambda.Function(scope, "Function", {
    code: bundledCode(props.entry, props.afterBundling),
    handler: "index.handler", // index.mjs: Lambda loads it as an ES module
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    role,
    logGroup,
    ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
    environment: {
      ...props.environment,
      POWERTOOLS_SERVICE_NAME: props.service,
      LOG_LEVEL: "INFO",
      NODE_OPTIONS: "--enable-source-maps",
    },
  });

  return { function: fn, role };
}

/**
 * The function's code: `entry` bundled on this machine by bundle-cli.ts (function-bundle.ts's options: ESM, node24,
 * minified, source map, the AWS SDK bundled, zod's locales cut to zh-CN and en), then `afterBundling`'s commands.
 * Like NodejsFunction, the asset is hashed by its output and skipped when the stack's bundling is (tests).
 */
function bundledCode(entry: string, afterBundling: BundledFunctionProps["afterBundling"]): lambda.Code {
  return lambda.Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or fails the synth (no Docker fallback).
      image: lambda.Runtime.NODEJS_24_X.bundlingImage,
      // What tryBundle runs. It also keys CDK's asset cache, which sees the same source folder (the project) for
      // every function: without the entry in it, all functions would share the first one's bundle.
      command: ["node", "infra/bundle-cli.ts", path.relative(projectRoot, entry), "/asset-output"],
      local: {
        tryBundle(outputDir) {
          const run = (command: string, args: string[]) => {
            const result = spawnSync(command, args, { cwd: projectRoot, stdio: ["ignore", 2, 2] });
            if (result.status !== 0) throw new Error(`bundling ${entry} failed: ${command} ${args.join(" ")} exited ${result.status}`);
          };
          run(process.execPath, [path.join(projectRoot, "infra", "bundle-cli.ts"), entry, outputDir]);
          const after = afterBundling?.(projectRoot, outputDir) ?? [];
          if (after.length > 0) run("bash", ["-c", after.join(" && ")]);
          return true;
        },
      },
    },
  });
}
