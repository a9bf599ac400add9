// The API Lambda function: the HTTP API's one handler, bundled like every Anquan function (bundled-function.ts)
// with the Swagger UI files beside it for /docs.
import { Duration } from "aws-cdk-lib";
import type * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { bundledFunction, functionEntry } from "./bundled-function.ts";

/** Swagger UI files served at /docs; copied beside the bundle because esbuild cannot bundle static assets. */
const swaggerUiFiles = ["swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"];
const docsAssetsDir = "swagger-ui";

export interface ApiFunctionProps {
  readonly environment: Record<string, string>;
}

export class ApiFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);

    const { function: fn, role } = bundledFunction(this, {
      entry: functionEntry("api"),
      roleDescription: "Anquan API function: platform keys only; tenant data through TenantAccessRole",
      service: "anquan-api",
      timeout: Duration.seconds(10),
      memorySize: 1024,
      environment: { ...props.environment, DOCS_ASSETS_DIR: docsAssetsDir },
      afterBundling: (inputDir, outputDir) => [
        `mkdir -p "${outputDir}/${docsAssetsDir}"`,
        ...swaggerUiFiles.map((file) => `cp "${inputDir}/node_modules/swagger-ui-dist/${file}" "${outputDir}/${docsAssetsDir}/${file}"`),
      ],
    });
    this.function = fn;
    this.role = role;
  }
}
