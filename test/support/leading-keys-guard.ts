// IAM's second wall, enforced on DynamoDB Local: a client provider whose sessions refuse, before DynamoDB Local
// sees it, any request whose partition keys the deployed policy would deny. The patterns are the very strings
// infra/ puts in the `dynamodb:LeadingKeys` conditions (tenant, escalation and platform sessions), with the session
// tags filled in, so every integration test also proves that its path stays within what IAM allows in AWS.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type ClientProvider, localClient } from "#store/client-provider";
import { escalationLeadingKeys, platformLeadingKeys, tenantLeadingKeys } from "../../infra/leading-keys.ts";

type AttributeMap = Record<string, { S?: string }>;

/** StringLike: `*` any run of characters, `?` one. */
function stringLike(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "s");
}

function withTags(patterns: readonly string[], tags: Record<string, string>): RegExp[] {
  return patterns.map((p) => stringLike(p.replace(/\$\{aws:PrincipalTag\/(\w+)\}/g, (_, tag: string) => tags[tag] ?? "\u0000unset")));
}

/** The leading keys a request names, as IAM reads them: the table's partition key, or the index's for a Query. */
export function leadingKeysOf(command: string, input: Record<string, any>): string[] {
  const pk = (item: AttributeMap | undefined) => item?.pk?.S ?? "";
  switch (command) {
    case "GetItemCommand":
    case "DeleteItemCommand":
    case "UpdateItemCommand":
      return [pk(input.Key)];
    case "PutItemCommand":
      return [pk(input.Item)];
    case "BatchGetItemCommand":
      return Object.values(input.RequestItems as Record<string, { Keys: AttributeMap[] }>).flatMap((r) => r.Keys.map(pk));
    case "BatchWriteItemCommand":
      return Object.values(
        input.RequestItems as Record<string, { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]>,
      )
        .flat()
        .map((w) => pk(w.PutRequest?.Item ?? w.DeleteRequest?.Key));
    case "TransactWriteItemsCommand":
      return (input.TransactItems as Record<string, { Item?: AttributeMap; Key?: AttributeMap }>[]).map((t) => {
        const op = t.Put ?? t.Update ?? t.Delete ?? t.ConditionCheck;
        return pk(op?.Item ?? op?.Key);
      });
    case "TransactGetItemsCommand":
      return (input.TransactItems as { Get: { Key: AttributeMap } }[]).map((t) => pk(t.Get.Key));
    case "QueryCommand": {
      const match = /(?:^|\s|\()(pk|gsi\dpk)\s*=\s*(:\w+)/.exec(input.KeyConditionExpression ?? "");
      const value = match?.[2] ? (input.ExpressionAttributeValues as AttributeMap)[match[2]]?.S : undefined;
      if (!match || value === undefined) throw new Error(`cannot read the partition key of a Query: ${input.KeyConditionExpression}`);
      if ((match[1] === "pk") !== (input.IndexName === undefined))
        throw new Error(`Query on ${input.IndexName ?? "the table"} by ${match[1]}`);
      return [value];
    }
    default:
      return [`(${command} is not an item action the policies allow)`];
  }
}

export class LeadingKeysDenied extends Error {}

function guarded(endpoint: string, session: string, allowed: RegExp[], denials: string[]): DynamoDBClient {
  const client = localClient(endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const keys = leadingKeysOf(context.commandName ?? "", args.input as Record<string, any>);
      const denied = keys.filter((key) => !allowed.some((pattern) => pattern.test(key)));
      if (denied.length > 0) {
        const message = `AccessDenied: session ${session} may not use leading key(s) ${denied.join(", ")} (${context.commandName})`;
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
  const session = (name: string, patterns: readonly string[], tags: Record<string, string>) => {
    let client = sessions.get(name);
    if (!client) {
      client = guarded(endpoint, name, withTags(patterns, tags), denials);
      sessions.set(name, client);
    }
    return client;
  };
  return {
    denials,
    forTenant: async (tenantId) => session(`tenant-${tenantId}`, tenantLeadingKeys, { tenant: tenantId }),
    forEscalation: async (districtId, cityId) =>
      session(`escalation-${districtId}-${cityId}`, escalationLeadingKeys, { tenant: districtId, parent: cityId }),
    forPlatform: () => session("platform", platformLeadingKeys, {}),
  };
}
