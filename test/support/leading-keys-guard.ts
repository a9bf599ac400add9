// IAM's second wall, enforced on DynamoDB Local: a client provider whose sessions refuse, before DynamoDB Local
// sees it, any request the deployed policy would deny — an action on a leading key that no statement of the
// session allows. The statements are the very ones infra/ builds the IAM policies from (tenant, escalation and
// platform sessions), with the session tags filled in, so every integration test also proves that its path stays
// within what IAM allows in AWS.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type ClientProvider, localClient } from "#store/client-provider";
import { escalationSession, type KeysStatement, platformSession, tenantSession } from "../../infra/leading-keys.ts";

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
}

function withTags(statements: readonly KeysStatement[], tags: Record<string, string>): Allowed[] {
  return statements.map((statement) => ({
    patterns: statement.leadingKeys.map((p) =>
      stringLike(p.replace(/\$\{aws:PrincipalTag\/(\w+)\}/g, (_, tag: string) => tags[tag] ?? "\u0000unset")),
    ),
    actions: new Set(statement.actions),
  }));
}

/**
 * What IAM authorises in a request, as checks each of which one statement must pass whole: an action and its leading
 * keys — the table's partition key, or the index's for a Query. A batch is one check over all its keys (ForAllValues);
 * each write of a transaction is a check of its own, as its item action.
 */
export function accessesOf(command: string, input: Record<string, any>): { action: string; keys: string[] }[] {
  const pk = (item: AttributeMap | undefined) => item?.pk?.S ?? "";
  const as = (action: string, keys: string[]) => [{ action: `dynamodb:${action}`, keys }];
  switch (command) {
    case "GetItemCommand":
      return as("GetItem", [pk(input.Key)]);
    case "DeleteItemCommand":
      return as("DeleteItem", [pk(input.Key)]);
    case "UpdateItemCommand":
      return as("UpdateItem", [pk(input.Key)]);
    case "PutItemCommand":
      return as("PutItem", [pk(input.Item)]);
    case "BatchGetItemCommand":
      return as(
        "BatchGetItem",
        Object.values(input.RequestItems as Record<string, { Keys: AttributeMap[] }>).flatMap((r) => r.Keys.map(pk)),
      );
    case "BatchWriteItemCommand":
      return as(
        "BatchWriteItem",
        Object.values(
          input.RequestItems as Record<string, { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]>,
        )
          .flat()
          .map((w) => pk(w.PutRequest?.Item ?? w.DeleteRequest?.Key)),
      );
    case "TransactWriteItemsCommand":
      return (input.TransactItems as Record<string, { Item?: AttributeMap; Key?: AttributeMap }>[]).flatMap((t) => {
        const [kind, op] = Object.entries(t)[0] ?? [];
        const action = { Put: "PutItem", Update: "UpdateItem", Delete: "DeleteItem", ConditionCheck: "ConditionCheckItem" }[kind ?? ""];
        return as(action ?? `unknown ${kind}`, [pk(op?.Item ?? op?.Key)]);
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
      return [{ action: command, keys: ["(not an item action the policies allow)"] }];
  }
}

export class LeadingKeysDenied extends Error {}

function guarded(endpoint: string, session: string, allowed: Allowed[], denials: string[]): DynamoDBClient {
  const client = localClient(endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const accesses = accessesOf(context.commandName ?? "", args.input as Record<string, any>);
      const denied = accesses.filter(
        ({ action, keys }) =>
          !allowed.some((statement) => statement.actions.has(action) && keys.every((key) => statement.patterns.some((p) => p.test(key)))),
      );
      if (denied.length > 0) {
        const what = denied.map(({ action, keys }) => `${action} on ${keys.join(" + ")}`).join(", ");
        const message = `AccessDenied: session ${session} may not ${what} (${context.commandName})`;
        denials.push(message);
        throw new LeadingKeysDenied(message);
      }
      return next(args);
    },
    { step: "initialize", name: "leadingKeysGuard" },
  );
  return client;
}

/**
 * Sessions as in AWS, over DynamoDB Local: one client per tenant (tenant policy), per district-and-city pair
 * (escalation policy) and one for the platform (platform policy). `denials` keeps every refusal for the tests.
 */
export function leadingKeysGuard(endpoint: string): ClientProvider & { readonly denials: string[] } {
  const denials: string[] = [];
  const sessions = new Map<string, DynamoDBClient>();
  const session = (name: string, statements: readonly KeysStatement[], tags: Record<string, string>) => {
    let client = sessions.get(name);
    if (!client) {
      client = guarded(endpoint, name, withTags(statements, tags), denials);
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
