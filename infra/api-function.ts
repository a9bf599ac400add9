// The API Lambda function: esbuild-bundled ESM (AWS SDK included, minified, arm64, nodejs24.x), no Docker.
import path from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export const projectRoot = path.resolve(import.meta.dirname, "..");

/** The handler (written in functions/, wiring only). Tests skip bundling but the file must exist. */
export const apiEntry = path.join(projectRoot, "functions", "api.ts");

/** Swagger UI files served at /docs; copied beside the bundle because esbuild cannot bundle static assets. */
const swaggerUiFiles = ["swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"];
const docsAssetsDir = "swagger-ui";

// Bundled CommonJS dependencies call `require`, which does not exist in an ES module; the alias avoids a clash
// with any `createRequire` the bundle itself declares.
const esmRequireBanner =
  "import { createRequire as __anquanCreateRequire } from 'node:module'; " + "const require = __anquanCreateRequire(import.meta.url);";

export interface ApiFunctionProps {
  readonly environment: Record<string, string>;
}

export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);

    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: logs go only to this function's log group,
    // and the role's data access is granted in tenant-access.ts.
    this.role = new iam.Role(this, "Role", {
      description: "Anquan API function: platform keys only; tenant data through TenantAccessRole",
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    });
    logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, "Function", {
      entry: apiEntry,
      handler: "handler",
      projectRoot,
      depsLockFilePath: path.join(projectRoot, "package-lock.json"),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.seconds(10),
      role: this.role,
      logGroup,
      environment: {
        ...props.environment,
        DOCS_ASSETS_DIR: docsAssetsDir,
        POWERTOOLS_SERVICE_NAME: "anquan-api",
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
          afterBundling: (inputDir: string, outputDir: string) => [
            `mkdir -p "${outputDir}/${docsAssetsDir}"`,
            ...swaggerUiFiles.map(
              (file) => `cp "${inputDir}/node_modules/swagger-ui-dist/${file}" "${outputDir}/${docsAssetsDir}/${file}"`,
            ),
          ],
        },
      },
    });
  }
}
