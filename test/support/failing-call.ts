// DynamoDB calls made to fail, on the real client's own stack (the harness's `sessionClients`): the next call
// matching `when` (or the next `times` of them) fails on every attempt the SDK makes — throttled before it reaches DynamoDB Local, or (`after`)
// applied by DynamoDB Local and then its connection reset, the answer lost.
import { type DynamoDBClient, ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";

export interface FailingCall {
  /** Arms the next call matching `when`, or the next `times` such calls. */
  arm(when: (command: string, input: any) => boolean, how: { after: boolean; times?: number }): void;
  /** Calls made to fail since the start. */
  readonly failed: number;
  /** For the harness's `sessionClients`. */
  install(client: DynamoDBClient): void;
}

export function failingCall(): FailingCall {
  let armed: { when: (command: string, input: any) => boolean; after: boolean; times: number } | undefined;
  let failed = 0;
  return {
    arm: (when, how) => {
      armed = { when, after: how.after, times: how.times ?? 1 };
    },
    get failed() {
      return failed;
    },
    install(client) {
      client.middlewareStack.add(
        (next, context) => {
          // One call's state, shared by its attempts: whether it fails, and how.
          let failing: { after: boolean } | null | undefined;
          return async (args) => {
            if (failing === undefined) {
              failing = armed?.when(context.commandName ?? "", args.input) ? { after: armed.after } : null;
              if (failing && armed) {
                armed.times -= 1;
                if (armed.times <= 0) armed = undefined;
                failed++;
              }
            }
            if (!failing) return next(args);
            if (failing.after) {
              await next(args);
              throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
            }
            throw new ProvisionedThroughputExceededException({ message: "throughput exceeded", $metadata: { httpStatusCode: 400 } });
          };
        },
        { step: "deserialize", name: "failingCall" },
      );
    },
  };
}
