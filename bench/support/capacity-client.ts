// A DynamoDB client that records every call it makes: the command, what it touched (derived from the key),
// the capacity DynamoDB says it consumed and how long it took. It asks for `ReturnConsumedCapacity: "TOTAL"`
// on every command that accepts it, so the numbers come from DynamoDB (Local) rather than our own arithmetic.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { localClient } from "#store/dynamo/client-provider";

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
  /** The partition key the call addressed (table or index; a batch's first request), as stored: `T#320312#EIX#all`. */
  readonly partition?: string;
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
  /** Items a Query/Scan read before its filter (reported only when more than it returned). */
  readonly scanned?: number;
  /** Milliseconds from sending the command to its answer. */
  readonly ms: number;
  /** The error name when the call failed (e.g. ConditionalCheckFailedException). */
  readonly error?: string;
}

export interface CapacityCountingClient {
  readonly client: DynamoDBClient;
  /** The calls recorded since the last take(), and forgets them (always empty with an `onCall` listener). */
  take(): RecordedCall[];
}

export interface CountingOptions {
  /**
   * Receives each call (with the command's input) instead of the list take() returns, so a run of a million
   * calls keeps no record of them: the listener sums what it needs.
   */
  readonly onCall?: (call: RecordedCall, input: Readonly<Record<string, unknown>>) => void;
}

interface CapacityEntry {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** A name for the key's entity, from the table's key shapes (packages/store/dynamo/keys.ts). */
function entityOf(pk: string | undefined, sk: string | undefined, indexName?: string): string {
  if (indexName) {
    const what = pk?.startsWith("PLATFORM#")
      ? "tenant registry"
      : pk?.endsWith("#ENT#BYREVIEW")
        ? "units by review"
        : pk?.includes("#ECHG#")
          ? "change feed"
          : pk?.endsWith("#PLC#DUE")
            ? "placards due"
            : pk?.includes("#JT#")
              ? "city's joint tackling list"
              : "index";
    return `${what} (${indexName})`;
  }
  if (!pk) return "?";
  if (sk === "TENANT") return "tenant";
  if (sk === "SETTINGS") return "settings";
  if (pk.endsWith("#APIKEY")) return sk === undefined ? "api-keys" : "api-key";
  if (pk.includes("#RATE#")) return "rate-window";
  if (pk.endsWith("#IDEM")) return "idempotency";
  if (pk.endsWith("#AUDIT")) return sk === undefined ? "audit log" : "audit";
  if (pk.endsWith("#USCC")) return "credit-code";
  if (pk.endsWith("#TOWN")) return "town";
  if (pk.endsWith("#GRID")) return "grid";
  if (pk.includes("#EIX#"))
    return `list (${pk.slice(pk.indexOf("#EIX#") + 5).replace(/[0-9a-z]{26}/g, "<id>")})${sk === undefined ? "" : " entry"}`;
  if (pk.includes("#ENT#")) return sk === "CURRENT" ? "unit" : sk?.startsWith("V#") ? "history" : "unit partition";
  if (pk.includes("#AIX#"))
    return `assessment list (${pk.slice(pk.indexOf("#AIX#") + 5).replace(/[0-9a-z]{26}/g, "<id>")})${sk === undefined ? "" : " entry"}`;
  if (pk.includes("#ASM#")) return "assessment";
  if (pk.includes("#HIX#"))
    return `hazard list (${pk.slice(pk.indexOf("#HIX#") + 5).replace(/[0-9a-z]{26}/g, "<id>")})${sk === undefined ? "" : " entry"}`;
  if (pk.includes("#HZD#")) return "hazard";
  if (pk.includes("#HAGG#")) return "hazard counters";
  if (pk.includes("#UP#")) return "joint tackling item (city)";
  if (pk.includes("#RUB")) return pk.endsWith("#RUB") ? "rubric" : "rubric version";
  if (pk.endsWith("#IMP")) return "import job";
  if (pk.endsWith("#SNAP")) return "snapshot";
  if (pk.includes("#WL#")) return "worklist";
  return pk.replace(/\d{6}/g, "<id>");
}

/** "unit + credit-code + history + list entry ×8 + audit": equal neighbours counted rather than repeated. */
function grouped(entities: readonly string[]): string {
  const groups: { entity: string; count: number }[] = [];
  for (const entity of entities) {
    const last = groups.at(-1);
    if (last?.entity === entity) last.count++;
    else groups.push({ entity, count: 1 });
  }
  return groups.map((g) => (g.count > 1 ? `${g.entity} ×${g.count}` : g.entity)).join(" + ");
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
 * Index writes are counted at the transactional rate, as DynamoDB Local itself does. A Delete or a
 * ConditionCheck is billed by the size of the stored item, which the input does not carry: each is counted as
 * one item of at most 1 KB (2 WCU) — true of what our transactions delete or check (list entries, credit-code
 * items, towns, grids), so for them the figure is an estimate that holds unless such an item outgrows 1 KB.
 * An Update is counted the same way: the only ones we transact are hazard counter rows, well under 1 KB.
 */
function transactionWrite(input: Record<string, unknown>): number | undefined {
  let wcu = 0;
  for (const action of (input.TransactItems ?? []) as {
    Put?: { Item?: Record<string, AttributeValue> };
    Delete?: unknown;
    ConditionCheck?: unknown;
    Update?: unknown;
  }[]) {
    if (action.Delete || action.ConditionCheck || action.Update) {
      wcu += 2;
      continue;
    }
    if (!action.Put?.Item) return undefined;
    const item = action.Put.Item;
    const units = Math.ceil(itemSize(item) / 1024);
    const indexes = [1, 2, 3].filter((i) => item[`gsi${i}pk`] && item[`gsi${i}sk`]).length;
    wcu += 2 * units * (1 + indexes);
  }
  return wcu;
}

type WriteRequests = Record<string, { PutRequest?: { Item?: AttributeMap }; DeleteRequest?: { Key?: AttributeMap } }[]>;

/** The partition a call addressed: its key's, its query's `:pk`, or a batch's first request's. */
function partitionOf(input: Record<string, unknown>): string | undefined {
  const key = (input.Key ?? input.Item) as AttributeMap | undefined;
  if (key) return key.pk?.S;
  const values = input.ExpressionAttributeValues as AttributeMap | undefined;
  if (values?.[":pk"]) return values[":pk"].S;
  const first = Object.values((input.RequestItems ?? {}) as WriteRequests)[0]?.[0];
  const item = first?.PutRequest?.Item ?? first?.DeleteRequest?.Key;
  return item?.pk?.S;
}

function describeTarget(command: string, input: Record<string, unknown>): string {
  const key = (input.Key ?? input.Item) as AttributeMap | undefined;
  if (key) return entityOf(key.pk?.S, key.sk?.S);
  if (command === "QueryCommand") {
    const values = input.ExpressionAttributeValues as AttributeMap | undefined;
    return entityOf(values?.[":pk"]?.S, undefined, input.IndexName as string | undefined);
  }
  if (command === "TransactWriteItemsCommand") {
    type Action = { Key?: AttributeMap; Item?: AttributeMap };
    const items = (input.TransactItems ?? []) as { Put?: Action; Update?: Action; Delete?: Action; ConditionCheck?: Action }[];
    const entities = items.map((item) => {
      const [verb, k] = item.Put
        ? ["", item.Put.Item]
        : item.Update
          ? ["update ", item.Update.Key]
          : item.Delete
            ? ["delete ", item.Delete.Key]
            : ["check ", item.ConditionCheck?.Key];
      // Which lists a unit's entries are in shows in the item count; naming each would drown the rest.
      return verb + entityOf(k?.pk?.S, k?.sk?.S).replace(/^(assessment |hazard )?list \(.*\) entry$/, "$1list entry");
    });
    return grouped(entities);
  }
  if (command === "BatchWriteItemCommand" || command === "BatchGetItemCommand") {
    const requests = Object.values((input.RequestItems ?? {}) as Record<string, unknown[] | { Keys?: unknown[] }>);
    const count = requests.reduce<number>((sum, r) => sum + (Array.isArray(r) ? r.length : (r.Keys?.length ?? 0)), 0);
    return `${count} item${count === 1 ? "" : "s"}`;
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
export function capacityCountingClient(
  endpoint: string,
  client: DynamoDBClient = localClient(endpoint),
  options: CountingOptions = {},
): CapacityCountingClient {
  let calls: RecordedCall[] = [];
  const record = options.onCall ?? ((call: RecordedCall) => void calls.push(call));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const commandName = context.commandName ?? "UnknownCommand";
      const command = commandName.replace(/Command$/, "");
      const input = args.input as Record<string, unknown>;
      const target = describeTarget(commandName, input);
      const partition = partitionOf(input);
      const where = partition !== undefined ? { partition } : {};
      const asked = capacityCommands.has(commandName) ? { ...args, input: { ...input, ReturnConsumedCapacity: "TOTAL" } } : args;
      const started = performance.now();
      try {
        const result = await next(asked);
        const ms = performance.now() - started;
        const output = result.output as { ConsumedCapacity?: unknown; Count?: number; ScannedCount?: number };
        const { read, write } = sumCapacity(commandName, output.ConsumedCapacity);
        const computedWrite = commandName === "TransactWriteItemsCommand" ? transactionWrite(input) : undefined;
        const filtered = output.ScannedCount !== undefined && output.ScannedCount !== output.Count;
        record(
          {
            command,
            target,
            ...where,
            read,
            write,
            ...(computedWrite !== undefined ? { computedWrite } : {}),
            ...(output.Count !== undefined ? { items: output.Count } : {}),
            ...(filtered ? { scanned: output.ScannedCount } : {}),
            ms,
          },
          input,
        );
        return result;
      } catch (error) {
        const ms = performance.now() - started;
        const name = (error as Error).name;
        // AWS bills a failed conditional write like a write of the item (at least 1 WCU); its size is unknown here.
        const computedWrite = name === "ConditionalCheckFailedException" ? 1 : undefined;
        record(
          {
            command,
            target,
            ...where,
            read: undefined,
            write: undefined,
            error: name,
            ...(computedWrite !== undefined ? { computedWrite } : {}),
            ms,
          },
          input,
        );
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
