// Starts one real DynamoDB Local (in memory) for the test run and hands its endpoint to the test files.
import type { TestProject } from "vitest/node";
import { type RunningDynamo, startDynamoLocal } from "#local/dynamodb-local";

let dynamo: RunningDynamo | undefined;

export async function setup(project: TestProject) {
  dynamo = await startDynamoLocal();
  project.provide("dynamoEndpoint", dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
