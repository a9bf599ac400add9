// A DynamoDB client that records every call it makes: the command, what it touched (derived from the key),
// and the capacity DynamoDB says it consumed. It asks for `ReturnConsumedCapacity: "TOTAL"` on every command
// that accepts it, so the numbers come from DynamoDB (Local) rather than from our own arithmetic.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { localClient } from "#store/client-provider";

/** Commands whose input takes ReturnConsumedCapacity. */
const capacityCommands = new Set([
  "GetItemCommand",
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "QueryCommand",
  "ScanCommand",
  "BatchGetItemCommand",
  "BatchWriteItemCommand",
  "TransactGetItemsCommand",
  "TransactWriteItemsCommand",
  "ExecuteStatementCommand",
  "BatchExecuteStatementCommand",
  "ExecuteTransactionCommand",
]);

const readCommands = new Set(["GetItemCommand", "QueryCommand", "ScanCommand", "BatchGetItemCommand", "TransactGetItemsCommand"]);

export function isReadCommand(command: string): boolean {
  return readCommands.has(`${command}Command`);
}

export interface RecordedCall {
  /** `GetItem`, `TransactWriteItems`… */
  readonly command: string;
  /** What the call touched, from its key: `tenant`, `api-key`, `rate-window`, `3 items`… */
  readonly target: string;
  /** Capacity units DynamoDB reported; undefined when it reported none. */
  readonly read: number | undefined;
  readonly write: number | undefined;
  /**
   * WCU by AWS's published rules where DynamoDB Local is known to differ: transactions (Local rounds the
   * items' total size once; AWS rounds each item and doubles it) and failed conditional writes (AWS still
   * charges them; Local reports nothing). Undefined when the reported value stands.
   */
  readonly computedWrite?: number;
  /** Items a Query/Scan returned. */
  readonly items?: number;
  /** The error name when the call failed (e.g. ConditionalCheckFailedException). */
  readonly error?: string;
}

export interface CapacityCountingClient {
  readonly client: DynamoDBClient;
  /** The calls recorded since the last take(), and forgets them. */
  take(): RecordedCall[];
}

interface CapacityEntry {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** A name for the key's entity, from the table's key shapes (packages/store/keys.ts). */
function entityOf(pk: string | undefined, sk: string | undefined, indexName?: string): string {
  if (indexName) return `${pk?.startsWith("PLATFORM#") ? "tenant registry" : "index"} (${indexName})`;
  if (!pk) return "?";
  if (sk === "TENANT") return "tenant";
  if (pk.endsWith("#APIKEY")) return sk === undefined ? "api-keys" : "api-key";
  if (pk.includes("#RATE#")) return "rate-window";
  if (pk.endsWith("#IDEM")) return "idempotency";
  if (pk.endsWith("#AUDIT")) return sk === undefined ? "audit log" : "audit";
  return pk.replace(/\d{6}/g, "<id>");
}

type AttributeMap = Record<string, { S?: string } | undefined>;

interface AttributeValue {
  S?: string;
  N?: string;
  B?: Uint8Array;
  BOOL?: boolean;
  NULL?: boolean;
  L?: AttributeValue[];
  M?: Record<string, AttributeValue>;
  SS?: string[];
  NS?: string[];
  BS?: Uint8Array[];
}

const utf8 = (text: string) => Buffer.byteLength(text, "utf8");
/** AWS: about (significant digits / 2) + 1 bytes. */
const numberSize = (n: string) => Math.ceil(n.replace(/^[-+]?0*|\.|e.*$/gi, "").replace(/0+$/, "").length / 2) + 1;

/** An attribute value's size by the DynamoDB item-size rules (documents: 3 bytes + 1 per element). */
function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L) return 3 + value.L.reduce((sum, v) => sum + 1 + valueSize(v), 0);
  if (value.M) return 3 + Object.entries(value.M).reduce((sum, [name, v]) => sum + 1 + utf8(name) + valueSize(v), 0);
  if (value.SS) return value.SS.reduce((sum, v) => sum + utf8(v), 0);
  if (value.NS) return value.NS.reduce((sum, v) => sum + numberSize(v), 0);
  if (value.BS) return value.BS.reduce((sum, v) => sum + v.length, 0);
  return 0;
}

export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

/**
 * A transaction's WCU by AWS's rules: each Put costs 2 WCU per started KB of its item, and so does each
 * index write (an item carrying an index's keys is written to that index too; all indexes project ALL).
 * Index writes are counted at the transactional rate, as DynamoDB Local itself does.
 */
function transactionWrite(input: Record<string, unknown>): number | undefined {
  let wcu = 0;
  for (const action of (input.TransactItems ?? []) as { Put?: { Item?: Record<string, AttributeValue> } }[]) {
    if (!action.Put?.Item) return undefined; // Update/Delete/ConditionCheck sizes are not known from the input
    const item = action.Put.Item;
    const units = Math.ceil(itemSize(item) / 1024);
    const indexes = [1, 2, 3].filter((i) => item[`gsi${i}pk`] && item[`gsi${i}sk`]).length;
    wcu += 2 * units * (1 + indexes);
  }
  return wcu;
}

function describeTarget(command: string, input: Record<string, unknown>): string {
  const key = (input.Key ?? input.Item) as AttributeMap | undefined;
  if (key) return entityOf(key.pk?.S, key.sk?.S);
  if (command === "QueryCommand") {
    const values = input.ExpressionAttributeValues as AttributeMap | undefined;
    return entityOf(values?.[":pk"]?.S, undefined, input.IndexName as string | undefined);
  }
  if (command === "TransactWriteItemsCommand") {
    const items = (input.TransactItems ?? []) as { Put?: { Item?: AttributeMap }; Update?: { Key?: AttributeMap } }[];
    const entities = items.map((item) => {
      const k = item.Put?.Item ?? item.Update?.Key;
      return entityOf(k?.pk?.S, k?.sk?.S);
    });
    return entities.join(" + ");
  }
  return "";
}

function sumCapacity(command: string, reported: unknown): { read: number | undefined; write: number | undefined } {
  const entries = (Array.isArray(reported) ? reported : reported ? [reported] : []) as CapacityEntry[];
  if (entries.length === 0) return { read: undefined, write: undefined };
  let read = 0;
  let write = 0;
  for (const entry of entries) {
    // TOTAL mode may give only CapacityUnits; then the command's kind says whether it was read or write.
    if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
      read += entry.ReadCapacityUnits ?? 0;
      write += entry.WriteCapacityUnits ?? 0;
    } else if (readCommands.has(command)) {
      read += entry.CapacityUnits ?? 0;
    } else {
      write += entry.CapacityUnits ?? 0;
    }
  }
  return { read, write };
}

/** Adds the recording middleware to `client` (a DynamoDB Local client by default). */
export function capacityCountingClient(endpoint: string, client: DynamoDBClient = localClient(endpoint)): CapacityCountingClient {
  let calls: RecordedCall[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const commandName = context.commandName ?? "UnknownCommand";
      const command = commandName.replace(/Command$/, "");
      const input = args.input as Record<string, unknown>;
      const target = describeTarget(commandName, input);
      const asked = capacityCommands.has(commandName) ? { ...args, input: { ...input, ReturnConsumedCapacity: "TOTAL" } } : args;
      try {
        const result = await next(asked);
        const output = result.output as { ConsumedCapacity?: unknown; Count?: number };
        const { read, write } = sumCapacity(commandName, output.ConsumedCapacity);
        const computedWrite = commandName === "TransactWriteItemsCommand" ? transactionWrite(input) : undefined;
        calls.push({
          command,
          target,
          read,
          write,
          ...(computedWrite !== undefined ? { computedWrite } : {}),
          ...(output.Count !== undefined ? { items: output.Count } : {}),
        });
        return result;
      } catch (error) {
        const name = (error as Error).name;
        // AWS bills a failed conditional write like a write of the item (at least 1 WCU); its size is unknown here.
        const computedWrite = name === "ConditionalCheckFailedException" ? 1 : undefined;
        calls.push({
          command,
          target,
          read: undefined,
          write: undefined,
          error: name,
          ...(computedWrite !== undefined ? { computedWrite } : {}),
        });
        throw error;
      }
    },
    { step: "initialize", name: "benchConsumedCapacity" },
  );
  return {
    client,
    take() {
      const taken = calls;
      calls = [];
      return taken;
    },
  };
}
