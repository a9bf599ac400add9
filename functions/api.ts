// Lambda entry of the HTTP API: configuration → dependencies → middy chain. No logic here.
import { join } from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { createApp } from "#api/app";
import { fileDocsAssets } from "#api/docs-assets";
import { jwtVerifier, remoteKeySet } from "#api/jwt-verifier";
import { lambdaHandler } from "#api/lambda";
import { ulidGenerator } from "#core/kernel/ids";
import { systemClock } from "#core/kernel/system-clock";
import { sqsJobQueue } from "#jobs/sqs-job-queue";
import { awsStore, requiredEnv } from "#store/aws/aws-environment";

const env = requiredEnv;
const logger = new Logger();
const issuer = env("OIDC_ISSUER");
const operatorIssuer = env("OPERATOR_OIDC_ISSUER");

const app = createApp({
  ...awsStore(),
  queue: sqsJobQueue(env("JOB_QUEUE_URL")),
  tokens: jwtVerifier({
    officials: {
      issuer,
      audience: env("OIDC_AUDIENCE"),
      keys: remoteKeySet(process.env.OIDC_JWKS_URL ?? `${issuer}/.well-known/jwks.json`),
    },
    // Platform operators sign in to a trust of their own (their user pool), never through a tenant user's attribute.
    operators: {
      issuer: operatorIssuer,
      audience: env("OPERATOR_OIDC_AUDIENCE"),
      keys: remoteKeySet(process.env.OPERATOR_OIDC_JWKS_URL ?? `${operatorIssuer}/.well-known/jwks.json`),
    },
    tenantClaim: process.env.TENANT_CLAIM,
    roleClaim: process.env.ROLE_CLAIM,
    departmentsClaim: process.env.DEPARTMENTS_CLAIM,
    clock: systemClock,
  }),
  clock: systemClock,
  ids: ulidGenerator(systemClock),
  logger,
  docsAsset: fileDocsAssets(join(process.env.LAMBDA_TASK_ROOT ?? ".", process.env.DOCS_ASSETS_DIR ?? "swagger-ui")),
});

export const handler = lambdaHandler(app, logger);
