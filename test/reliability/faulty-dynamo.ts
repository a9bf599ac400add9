// Faults in the real DynamoDB client (over DynamoDB Local, not an imitation): a middleware added to a client's own
// stack, below the SDK's retries, so that every attempt the SDK makes can fail as a real one fails — throttled
// (ProvisionedThroughputExceededException, ThrottlingException), a transaction cancelled by a conflict or a
// throttled item (TransactionCanceledException), a timeout or a connection reset before the request left, or a
// timeout or reset AFTER DynamoDB received and applied it (the write happened, its answer is lost). The SDK then
// does what it does in AWS: retries (with its jitter) what it deems retryable, and gives up after its attempts.
// Which calls fail is drawn from a seeded random, only while the faults are armed.
import {
  type DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import type { Random } from "./seeded-random.ts";

export const dynamoFaultKinds = [
  /** Throttled on the first attempt: the SDK retries it (the caller sees nothing but the delay). */
  "throttled-once",
  /** Throttled on every attempt: the SDK gives up and the call fails with the throttling error. */
  "throttled-exhausted",
  /** A transaction cancelled by a conflicting transaction or a throttled item: nothing was written. */
  "transaction-canceled",
  /** A timeout before the request was sent, on every attempt (the SDK retries, then gives up). */
  "timeout-before",
  /** The connection reset before the request was sent, on the first attempt (the SDK retries it). */
  "reset-before",
  /** A timeout AFTER the request was applied: the write happened, the answer is lost; the SDK sends it again. */
  "timeout-after",
  /** The connection reset AFTER the request was applied, on every attempt: applied, and the call fails. */
  "reset-after",
] as const;
export type DynamoFaultKind = (typeof dynamoFaultKinds)[number];

const writeCommands = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "TransactWriteItemsCommand",
  "BatchWriteItemCommand",
]);

export interface DynamoFaults {
  /** Faults are injected only while armed (set-up and the suite's own reads run clean). */
  armed: boolean;
  /** Calls that may still fail in the current request (the suite sets it before each). */
  budget: number;
  /** The chance that a call fails, while armed and within the budget. */
  rate: number;
  /** Faults injected, by kind. */
  readonly injected: Record<DynamoFaultKind, number>;
  /** What was injected in the current request (the suite clears it before each): `<kind> on <command>`. */
  readonly log: string[];
  /** Adds the faults to a client's stack (each session's client of the faulty app). */
  install(client: DynamoDBClient): void;
}

const metadata = () => ({ httpStatusCode: 400, requestId: "injected-fault", attempts: 1, totalRetryDelay: 0 });

function throttling(random: Random): Error {
  return random.chance(0.5)
    ? new ProvisionedThroughputExceededException({
        message: "The level of configured provisioned throughput for the table was exceeded (injected)",
        $metadata: metadata(),
      })
    : new ThrottlingException({ message: "Rate of requests exceeds the allowed throughput (injected)", $metadata: metadata() });
}

function canceled(random: Random, input: { TransactItems?: unknown[] }): Error {
  const count = input.TransactItems?.length ?? 1;
  const culprit = random.int(count);
  const code = random.chance(0.5) ? "TransactionConflict" : "ThrottlingError";
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${code}] (injected)`,
    $metadata: metadata(),
    CancellationReasons: Array.from({ length: count }, (_, i) => (i === culprit ? { Code: code, Message: "injected" } : { Code: "None" })),
  });
}

const timeout = () => Object.assign(new Error("Connection timed out (injected)"), { name: "TimeoutError" });
const reset = () => Object.assign(new Error("socket hang up (injected)"), { code: "ECONNRESET" });

/** Faults drawn from `random`; arm them and set a budget per request. */
export function dynamoFaults(random: Random, rate = 0.25): DynamoFaults {
  const injected = Object.fromEntries(dynamoFaultKinds.map((k) => [k, 0])) as Record<DynamoFaultKind, number>;
  const log: string[] = [];
  // Per call (the SDK's context object is one per send, shared by its attempts): the fault drawn and attempts seen.
  const calls = new WeakMap<object, { kind: DynamoFaultKind | undefined; attempt: number }>();
  const faults: DynamoFaults = {
    armed: false,
    budget: 0,
    rate,
    injected,
    log,
    install(client) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          let call = calls.get(context);
          const command = context.commandName ?? "";
          if (!call) {
            call = { kind: undefined, attempt: 0 };
            calls.set(context, call);
            if (faults.armed && faults.budget > 0 && random.chance(faults.rate)) {
              const kinds = dynamoFaultKinds.filter(
                (k) =>
                  (k !== "transaction-canceled" || command === "TransactWriteItemsCommand") &&
                  ((k !== "timeout-after" && k !== "reset-after") || writeCommands.has(command)),
              );
              // A transaction meets its own kind of failure a third of the time (else it would be rare among seven).
              call.kind = command === "TransactWriteItemsCommand" && random.chance(1 / 3) ? "transaction-canceled" : random.pick(kinds);
              faults.budget--;
              injected[call.kind]++;
              log.push(`${call.kind} on ${command}`);
            }
          }
          call.attempt++;
          const input = args.input as { TransactItems?: unknown[] };
          switch (call.kind) {
            case undefined:
              return next(args);
            case "throttled-once":
              if (call.attempt === 1) throw throttling(random);
              return next(args);
            case "throttled-exhausted":
              throw throttling(random);
            case "transaction-canceled":
              if (call.attempt === 1) throw canceled(random, input);
              return next(args);
            case "timeout-before":
              throw timeout();
            case "reset-before":
              if (call.attempt === 1) throw reset();
              return next(args);
            case "timeout-after": {
              const answer = await next(args);
              if (call.attempt === 1) throw timeout();
              return answer;
            }
            case "reset-after":
              await next(args);
              throw reset();
          }
        },
        // Below the SDK's retry middleware (finalizeRequest): each attempt passes here.
        { step: "deserialize", name: "injectedFaults", priority: "high" },
      );
    },
  };
  return faults;
}
