// Entry point of the CDK app (`cdk.json`: `node infra/app.ts`). `npm run synth` synthesizes both partitions.
import { App } from "aws-cdk-lib";
import { buildAnquanApp } from "./anquan-app.ts";

buildAnquanApp(new App());
