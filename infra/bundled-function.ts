// How every Anquan Lambda function is built: esbuild-bundled ESM (AWS SDK included, minified, arm64,
// nodejs24.x), no Docker, its own log group kept for a year, and an explicit role with no AWS managed policy.
import path from "node:path";
import { type Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

export const projectRoot = path.resolve(import.meta.dirname, "..");

/** A Lambda entry point in functions/ (wiring only). Tests skip bundling but the file must exist. */
export const functionEntry = (name: string): string => path.join(projectRoot, "functions", `${name}.ts`);

// Bundled CommonJS dependencies call `require`, which does not exist in an ES module; the alias avoids a clash
// with any `createRequire` the bundle itself declares.
const esmRequireBanner =
  "import { createRequire as __anquanCreateRequire } from 'node:module'; " + "const require = __anquanCreateRequire(import.meta.url);";

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
  readonly function: NodejsFunction;
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

  const fn = new NodejsFunction(scope, "Function", {
    entry: props.entry,
    handler: "handler",
    projectRoot,
    depsLockFilePath: path.join(projectRoot, "package-lock.json"),
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
    bundling: {
      format: OutputFormat.ESM, // written as index.mjs, so Lambda loads it as an ES module
      target: "node24",
      mainFields: ["module", "main"],
      minify: true,
      sourceMap: true,
      banner: esmRequireBanner,
      // Bundle the AWS SDK: pinned versions we tested with, and one cold-start load instead of many files.
      externalModules: [],
      forceDockerBundling: false,
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: props.afterBundling ?? (() => []),
      },
    },
  });

  return { function: fn, role };
}
