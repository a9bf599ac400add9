// A transaction whose answer was lost is asked again with its token, against the real DynamoDB Local: one that
// committed is not applied twice and is reported as done; one that never arrived is applied once; a refusal is
// still a refusal. Before settled-transaction.ts, a send given up after it committed threw, and the API answered
// 500 for a saved change (seen by the concurrent-writers bench: a record one version past its accepted changes).
import { randomUUID } from "node:crypto";
import {
  type DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { localClient } from "#store/dynamo/client-provider";
import { sendSettled } from "#store/dynamo/settled-transaction";
import { createHarness, type Harness } from "#test/support/harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

type Fault = "answer lost" | "never sent" | "answer lost, then the ask in a conflict" | undefined;

/** A real client whose first TransactWriteItems meets `fault`; it records each transaction's token. */
function clientWith(fault: Fault): { client: DynamoDBClient; tokens: string[] } {
  const client = localClient(inject("dynamoEndpoint"), { maxAttempts: 1 });
  const tokens: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "TransactWriteItemsCommand") return next(args);
      tokens.push(String((args.input as { ClientRequestToken?: string }).ClientRequestToken));
      const first = tokens.length === 1;
      if (tokens.length === 2 && fault === "answer lost, then the ask in a conflict") {
        throw new TransactionCanceledException({
          message: "Transaction cancelled",
          $metadata: { httpStatusCode: 400 },
          CancellationReasons: [{ Code: "TransactionConflict" }],
        });
      }
      if (first && fault === "never sent") throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      const result = await next(args);
      if (first && (fault === "answer lost" || fault === "answer lost, then the ask in a conflict"))
        throw Object.assign(new Error("This operation was aborted"), { name: "AbortError" });
      return result;
    },
    { step: "initialize", name: "injectFault" },
  );
  return { client, tokens };
}

/** Adds one to a counter item if it is at `expected` (absent counts as 0), as writes.ts sends it: with a token. */
function increment(pk: string, expected: number): TransactWriteItemsCommand {
  return new TransactWriteItemsCommand({ ClientRequestToken: randomUUID(), TransactItems: steps(pk, expected) });
}

function steps(pk: string, expected: number): TransactWriteItem[] {
  return [
    {
      Update: {
        TableName: h.tableName,
        Key: { pk: { S: pk }, sk: { S: "counter" } },
        UpdateExpression: "SET n = :next",
        ConditionExpression: expected === 0 ? "attribute_not_exists(n)" : "n = :expected",
        ExpressionAttributeValues: {
          ":next": { N: String(expected + 1) },
          ...(expected === 0 ? {} : { ":expected": { N: String(expected) } }),
        },
      },
    },
  ];
}

async function counter(pk: string): Promise<number | undefined> {
  const { Item } = await h.client.send(
    new GetItemCommand({ TableName: h.tableName, Key: { pk: { S: pk }, sk: { S: "counter" } }, ConsistentRead: true }),
  );
  return Item?.n?.N === undefined ? undefined : Number(Item.n.N);
}

describe("a transaction whose answer was lost", () => {
  it("committed: is reported done and applied once, asked again with the same token", async () => {
    const pk = `T#test#${randomUUID()}`;
    const { client, tokens } = clientWith("answer lost");
    await expect(sendSettled(client, increment(pk, 0), 4000)).resolves.toBeUndefined();
    expect(await counter(pk)).toBe(1);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toBe(tokens[0]);
  });

  it("committed, then asked in a conflict: is asked again under its token, not tried afresh, and applied once", async () => {
    // A fresh try (a new token) of this create would fail its condition on its own first write: 409 for a change
    // that was saved, and the key-target upkeep skipped (the injected-faults bench found it).
    const pk = `T#test#${randomUUID()}`;
    const { client, tokens } = clientWith("answer lost, then the ask in a conflict");
    await expect(sendSettled(client, increment(pk, 0), 4000)).resolves.toBeUndefined();
    expect(await counter(pk)).toBe(1);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(1);
  });

  it("never sent: is applied once by the second send", async () => {
    const pk = `T#test#${randomUUID()}`;
    const { client, tokens } = clientWith("never sent");
    await sendSettled(client, increment(pk, 0), 4000);
    expect(await counter(pk)).toBe(1);
    expect(new Set(tokens).size).toBe(1);
  });

  it("refused by its condition: still refused, nothing applied", async () => {
    const pk = `T#test#${randomUUID()}`;
    await sendSettled(h.client, increment(pk, 0), undefined);
    const { client } = clientWith("never sent");
    await expect(sendSettled(client, increment(pk, 0), 4000)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(await counter(pk)).toBe(1);
  });

  it("each transaction has a token of its own", async () => {
    const pk = `T#test#${randomUUID()}`;
    const { client, tokens } = clientWith(undefined);
    await sendSettled(client, increment(pk, 0), undefined);
    await sendSettled(client, increment(pk, 1), undefined);
    expect(await counter(pk)).toBe(2);
    expect(new Set(tokens).size).toBe(2);
  });
});
