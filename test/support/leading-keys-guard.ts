// IAM's second wall, enforced on DynamoDB Local: a client provider whose sessions refuse, before DynamoDB Local
// sees it, any request the deployed policy would deny — an action on a leading key that no statement of the
// session allows. The statements are the very ones infra/ builds the IAM policies from (tenant, escalation and
// platform sessions), with the session tags filled in, so every integration test also proves that its path stays
// within what IAM allows in AWS.
// It also refuses what IAM cannot: a write whose item names an index partition outside the statement that allows
// the write (IAM reads only the table's partition key), e.g. a tenant session's item with gsi1pk `PLATFORM#TENANTS`
// or `T#<another tenant>#…`. The store refuses those itself (packages/store/dynamo/write-guard.ts); this proves, for every
// path the tests take, that no write slips past it.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type ClientProvider, localClient } from "#store/dynamo/client-provider";
import { tableDefinition } from "#store/dynamo/table";
import {
  escalationSession,
  type KeysStatement,
  parentTagKey,
  platformLeadingKeys,
  platformSession,
  tenantLeadingKeys,
  tenantSession,
} from "../../infra/leading-keys.ts";

type AttributeMap = Record<string, { S?: string }>;

/** StringLike: `*` any run of characters, `?` one. */
function stringLike(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "s");
}

interface Allowed {
  readonly patterns: RegExp[];
  readonly actions: ReadonlySet<string>;
  /** The index partitions an item written under this statement may name. */
  readonly indexPatterns: RegExp[];
}

/**
 * Per statement, the index partitions its items may name: a tenant's (or a district's own) items the tenant's own; the
 * district's items in its partition under the city the city's joint tackling lists, its monthly district figures
 * (by month) or its list of campaigns to review; platform items platform ones.
 */
const indexKeysOf: Record<string, readonly string[]> = {
  TenantKeysOnly: tenantLeadingKeys,
  DistrictKeys: tenantLeadingKeys,
  ItsCityPartitionOnly: [
    `T#\${aws:PrincipalTag/${parentTagKey}}#JT#*`,
    `T#\${aws:PrincipalTag/${parentTagKey}}#DF#*`,
    `T#\${aws:PrincipalTag/${parentTagKey}}#REVIEWS`,
  ],
  PlatformKeysOnly: platformLeadingKeys,
};

function withTags(statements: readonly KeysStatement[], tags: Record<string, string>): Allowed[] {
  const tagged = (p: string) => stringLike(p.replace(/\$\{aws:PrincipalTag\/(\w+)\}/g, (_, tag: string) => tags[tag] ?? "\u0000unset"));
  return statements.map((statement) => {
    const indexKeys = indexKeysOf[statement.sid];
    if (!indexKeys) throw new Error(`the harness knows no index key patterns for statement ${statement.sid}`);
    return { patterns: statement.leadingKeys.map(tagged), actions: new Set(statement.actions), indexPatterns: indexKeys.map(tagged) };
  });
}

const indexPartitionKeys: readonly string[] = tableDefinition.globalSecondaryIndexes.map((index) => index.partitionKey);

/** The index partition keys a whole item carries (an attribute that is no string cannot be matched: kept as its JSON). */
function indexKeysOfItem(item: Record<string, { S?: string }> | undefined): string[] {
  return indexPartitionKeys.flatMap((name) => {
    const value = item?.[name];
    return value === undefined ? [] : [value.S ?? `(not a string: ${JSON.stringify(value)})`];
  });
}

/**
 * The index partition keys an update sets: every `<name> = <value>` whose name is (or stands for) an index partition
 * key; a value other than one placeholder (a function, a path) cannot be matched and is kept as a description.
 */
function indexKeysOfUpdate(update: {
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, { S?: string }>;
}): string[] {
  const found: string[] = [];
  for (const [, name = "", value = ""] of (update.UpdateExpression ?? "").matchAll(/([#\w]+)\s*=\s*([^,\s]+)/g)) {
    const attribute = name.startsWith("#") ? update.ExpressionAttributeNames?.[name] : name;
    if (!attribute || !indexPartitionKeys.includes(attribute)) continue;
    const set = /^:\w+$/.test(value) ? update.ExpressionAttributeValues?.[value]?.S : undefined;
    found.push(set ?? `(not a plain value: ${value})`);
  }
  return found;
}

/**
 * What IAM authorises in a request, as checks each of which one statement must pass whole: an action and its leading
 * keys — the table's partition key, or the index's for a Query. A batch is one check over all its keys (ForAllValues);
 * each write of a transaction is a check of its own, as its item action. A write's check also lists the index
 * partition keys its items set, which the statement passing it must allow too (what IAM cannot check).
 */
export function accessesOf(command: string, input: Record<string, any>): { action: string; keys: string[]; indexKeys: string[] }[] {
  const pk = (item: AttributeMap | undefined) => item?.pk?.S ?? "";
  const as = (action: string, keys: string[], indexKeys: string[] = []) => [{ action: `dynamodb:${action}`, keys, indexKeys }];
  switch (command) {
    case "GetItemCommand":
      return as("GetItem", [pk(input.Key)]);
    case "DeleteItemCommand":
      return as("DeleteItem", [pk(input.Key)]);
    case "UpdateItemCommand":
      return as("UpdateItem", [pk(input.Key)], indexKeysOfUpdate(input));
    case "PutItemCommand":
      return as("PutItem", [pk(input.Item)], indexKeysOfItem(input.Item));
    case "BatchGetItemCommand":
      return as(
        "BatchGetItem",
        Object.values(input.RequestItems as Record<string, { Keys: AttributeMap[] }>).flatMap((r) => r.Keys.map(pk)),
      );
    case "BatchWriteItemCommand": {
      const writes = Object.values(
        input.RequestItems as Record<string, { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]>,
      ).flat();
      return as(
        "BatchWriteItem",
        writes.map((w) => pk(w.PutRequest?.Item ?? w.DeleteRequest?.Key)),
        writes.flatMap((w) => indexKeysOfItem(w.PutRequest?.Item)),
      );
    }
    case "TransactWriteItemsCommand":
      return (input.TransactItems as Record<string, { Item?: AttributeMap; Key?: AttributeMap }>[]).flatMap((t) => {
        const [kind, op] = Object.entries(t)[0] ?? [];
        const action = { Put: "PutItem", Update: "UpdateItem", Delete: "DeleteItem", ConditionCheck: "ConditionCheckItem" }[kind ?? ""];
        const indexKeys =
          kind === "Put" ? indexKeysOfItem(op?.Item) : kind === "Update" ? indexKeysOfUpdate((op ?? {}) as Record<string, any>) : [];
        return as(action ?? `unknown ${kind}`, [pk(op?.Item ?? op?.Key)], indexKeys);
      });
    case "TransactGetItemsCommand":
      return (input.TransactItems as { Get: { Key: AttributeMap } }[]).flatMap((t) => as("GetItem", [pk(t.Get.Key)]));
    case "QueryCommand": {
      const match = /(?:^|\s|\()(pk|gsi\dpk)\s*=\s*(:\w+)/.exec(input.KeyConditionExpression ?? "");
      const value = match?.[2] ? (input.ExpressionAttributeValues as AttributeMap)[match[2]]?.S : undefined;
      if (!match || value === undefined) throw new Error(`cannot read the partition key of a Query: ${input.KeyConditionExpression}`);
      if ((match[1] === "pk") !== (input.IndexName === undefined))
        throw new Error(`Query on ${input.IndexName ?? "the table"} by ${match[1]}`);
      return as("Query", [value]);
    }
    default:
      return [{ action: command, keys: ["(not an item action the policies allow)"], indexKeys: [] }];
  }
}

export class LeadingKeysDenied extends Error {}

function guarded(
  endpoint: string,
  session: string,
  allowed: Allowed[],
  denials: string[],
  configure: ((client: DynamoDBClient, session: string) => void) | undefined,
): DynamoDBClient {
  const client = localClient(endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const accesses = accessesOf(context.commandName ?? "", args.input as Record<string, any>);
      const denied = accesses.filter(
        ({ action, keys, indexKeys }) =>
          !allowed.some(
            (statement) =>
              statement.actions.has(action) &&
              keys.every((key) => statement.patterns.some((p) => p.test(key))) &&
              indexKeys.every((key) => statement.indexPatterns.some((p) => p.test(key))),
          ),
      );
      if (denied.length > 0) {
        const what = denied
          .map(
            ({ action, keys, indexKeys }) =>
              `${action} on ${keys.join(" + ")}${indexKeys.length > 0 ? ` (index keys ${indexKeys.join(" + ")})` : ""}`,
          )
          .join(", ");
        const message = `AccessDenied: session ${session} may not ${what} (${context.commandName})`;
        denials.push(message);
        throw new LeadingKeysDenied(message);
      }
      return next(args);
    },
    { step: "initialize", name: "leadingKeysGuard" },
  );
  configure?.(client, session);
  return client;
}

/**
 * Sessions as in AWS, over DynamoDB Local: one client per tenant (tenant policy), per district-and-city pair
 * (escalation policy) and one for the platform (platform policy). `denials` keeps every refusal for the tests.
 * `configure` is given each session's client once made (the injected-faults suite adds its faults there:
 * test/reliability/faulty-dynamo.ts).
 */
export function leadingKeysGuard(
  endpoint: string,
  configure?: (client: DynamoDBClient, session: string) => void,
): ClientProvider & { readonly denials: string[] } {
  const denials: string[] = [];
  const sessions = new Map<string, DynamoDBClient>();
  const session = (name: string, statements: readonly KeysStatement[], tags: Record<string, string>) => {
    let client = sessions.get(name);
    if (!client) {
      client = guarded(endpoint, name, withTags(statements, tags), denials, configure);
      sessions.set(name, client);
    }
    return client;
  };
  return {
    denials,
    forTenant: async (tenantId) => session(`tenant-${tenantId}`, tenantSession, { tenant: tenantId }),
    forEscalation: async (districtId, cityId) =>
      session(`escalation-${districtId}-${cityId}`, escalationSession, { tenant: districtId, parent: cityId }),
    forPlatform: () => session("platform", platformSession, {}),
  };
}
