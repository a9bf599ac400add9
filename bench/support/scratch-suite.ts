// The set-up most request suites share: a scratch table of their own in the run's DynamoDB Local, a client that
// counts capacity, and the Lambda handler chain over both; dropped and closed afterwards, whatever happens.
import { type CapacityCountingClient, capacityCountingClient } from "./capacity-client.ts";
import type { DynamoFixture } from "./dynamo-fixture.ts";
import { lambdaApp } from "./lambda-app.ts";
import type { InvokableHandler } from "./lambda-event.ts";
import { type ScratchTable, scratchTable } from "./scratch-table.ts";
import type { BenchContext } from "./suite.ts";

export interface ScratchSuite {
  readonly fixture: DynamoFixture;
  readonly scratch: ScratchTable;
  readonly counting: CapacityCountingClient;
  readonly app: InvokableHandler;
}

export async function onScratchTable<T>(context: BenchContext, purpose: string, run: (s: ScratchSuite) => Promise<T>): Promise<T> {
  const fixture = await context.dynamo();
  const scratch = await scratchTable(fixture, purpose);
  const counting = capacityCountingClient(fixture.endpoint);
  try {
    return await run({ fixture, scratch, counting, app: lambdaApp(scratch, counting.client) });
  } finally {
    counting.client.destroy();
    await scratch.drop();
  }
}
