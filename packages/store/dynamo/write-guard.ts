// The store's wall where IAM has none. dynamodb:LeadingKeys confines the table partition key of every write to the
// session's tenant, but it does not read the index keys an item carries: a tenant session could store, in its own
// partition, an item whose gsi1pk is `PLATFORM#TENANTS` (the platform's tenant registry) or `T#<another tenant>#…`,
// and the item would show in the platform's lists or the other tenant's. So every write the store sends passes here
// first (writes.ts is the only code that sends one), and a write whose partition key, or any index partition key it
// sets, is outside its scope is refused before DynamoDB sees it. A refusal is a programming error, not a user's.
//
// Index sort keys are not checked: they order items within the partition their index partition key names and
// cannot move an item to another partition (and they are times and ids, not tenant-prefixed).
import type { AttributeValue, TransactWriteItem, WriteRequest } from "@aws-sdk/client-dynamodb";
import { type EscalationScope, keys, platformPrefix, type TenantScope } from "#store/dynamo/keys";
import { tableDefinition } from "#store/dynamo/table";

/** Whose keys a write may use: a tenant's (or a district escalating to its city), or the platform's. */
export type WriteScope = TenantScope | EscalationScope | "platform";

/** The attributes that put an item into an index partition: every index's partition key, from the table definition. */
export const indexPartitionKeys: readonly string[] = tableDefinition.globalSecondaryIndexes.map((index) => index.partitionKey);

export class WriteOutsideScope extends Error {
  override readonly name = "WriteOutsideScope";
}

type AttributeMap = Record<string, AttributeValue>;

/** `T#320312` and `T#320312#…` are tenant 320312's; `T#3203120…` is not (the `#` after the id is part of the prefix). */
function under(prefix: string, key: string): boolean {
  return key === prefix || key.startsWith(`${prefix}#`);
}

function scopeName(scope: WriteScope): string {
  return scope === "platform"
    ? "the platform"
    : "city" in scope
      ? `district ${scope.tenantId} escalating to ${scope.city.tenantId}`
      : `tenant ${scope.tenantId}`;
}

/**
 * The index partitions an item at table partition `pk` may name in `scope`, or undefined when `pk` itself is outside
 * it: a tenant's items name only the tenant's index partitions; the item a district keeps in its partition under its
 * city (`T#<city>#UP#<district>`, the one key of the city its escalation session reaches) names only the city's joint
 * tackling lists, its monthly list of district figures and its list of campaigns given it to review; platform items
 * only platform partitions.
 */
function indexPartitionsAt(scope: WriteScope, pk: string): ((indexPk: string) => boolean) | undefined {
  if (scope === "platform") return pk.startsWith(platformPrefix) ? (indexPk) => indexPk.startsWith(platformPrefix) : undefined;
  if (under(scope.prefix, pk)) return (indexPk) => under(scope.prefix, indexPk);
  if ("city" in scope && pk === keys.jointTacklingsOfDistrict(scope.city, scope.tenantId)) {
    const cityLists = keys.jointTacklingIndex(scope.city, "");
    const monthlyFigures = keys.districtFiguresIndex(scope.city, "");
    const reviews = keys.campaignReviewIndex(scope.city);
    return (indexPk) => indexPk.startsWith(cityLists) || indexPk.startsWith(monthlyFigures) || indexPk === reviews;
  }
  return undefined;
}

function refuse(scope: WriteScope, what: string): never {
  throw new WriteOutsideScope(`store write guard: ${what} is outside ${scopeName(scope)}; nothing was written`);
}

function partitionOf(scope: WriteScope, key: AttributeMap | undefined, op: string) {
  const pk = key?.[tableDefinition.partitionKey]?.S;
  if (pk === undefined) refuse(scope, `a ${op} without a string partition key`);
  const indexes = indexPartitionsAt(scope, pk);
  if (!indexes) refuse(scope, `${op} on partition ${JSON.stringify(pk)}`);
  return { pk, indexes };
}

/** A whole item to be stored (Put, PutItem, a batch's PutRequest): its partition and every index partition key it has. */
export function guardItem(scope: WriteScope, item: AttributeMap | undefined, op = "Put"): void {
  const { pk, indexes } = partitionOf(scope, item, op);
  for (const name of indexPartitionKeys) {
    const value = item?.[name];
    if (value === undefined) continue;
    if (value.S === undefined || !indexes(value.S)) {
      refuse(scope, `${op} at ${JSON.stringify(pk)} with ${name} ${JSON.stringify(value.S ?? value)}`);
    }
  }
}

/** A Delete or ConditionCheck: it names its partition only. */
export function guardKey(scope: WriteScope, key: AttributeMap | undefined, op = "Delete"): void {
  partitionOf(scope, key, op);
}

export interface UpdateInput {
  readonly Key?: AttributeMap | undefined;
  readonly UpdateExpression?: string | undefined;
  readonly ExpressionAttributeNames?: Record<string, string> | undefined;
  readonly ExpressionAttributeValues?: AttributeMap | undefined;
}

/**
 * An Update (UpdateItem, or in a transaction): its partition, and each index partition key its expression sets. Such
 * a key must be set plainly (`gsi1pk = :value`) to a value inside the scope; one set any other way (a function, a
 * path, ADD or DELETE) cannot be checked here and is refused. REMOVE takes an item out of an index: always allowed.
 */
export function guardUpdate(scope: WriteScope, update: UpdateInput, op = "Update"): void {
  const { pk, indexes } = partitionOf(scope, update.Key, op);
  const names = update.ExpressionAttributeNames ?? {};
  const attribute = (path: string) => {
    const top = path.trim().split(/[.[]/)[0] ?? "";
    return top.startsWith("#") ? (names[top] ?? top) : top;
  };
  for (const clause of updateClauses(update.UpdateExpression ?? "")) {
    if (clause.action === "REMOVE") continue;
    for (const part of splitTopLevel(clause.body)) {
      const [target, value] = clause.action === "SET" ? splitOnce(part, "=") : splitOnce(part.trim(), " ");
      const name = attribute(target);
      if (!indexPartitionKeys.includes(name)) continue;
      const placeholder = clause.action === "SET" ? /^\s*(:[\w]+)\s*$/.exec(value)?.[1] : undefined;
      const set = placeholder === undefined ? undefined : update.ExpressionAttributeValues?.[placeholder]?.S;
      if (set === undefined || !indexes(set)) {
        refuse(
          scope,
          `${op} at ${JSON.stringify(pk)} setting ${name} by ${clause.action} ${JSON.stringify(value.trim())}${set ? ` = ${JSON.stringify(set)}` : ""}`,
        );
      }
    }
  }
}

/** Every item of a transaction. */
export function guardTransaction(scope: WriteScope, items: readonly TransactWriteItem[]): void {
  for (const item of items) {
    if (item.Put) guardItem(scope, item.Put.Item, "Put");
    else if (item.Update) guardUpdate(scope, item.Update, "Update");
    else if (item.Delete) guardKey(scope, item.Delete.Key, "Delete");
    else if (item.ConditionCheck) guardKey(scope, item.ConditionCheck.Key, "ConditionCheck");
    else refuse(scope, "a transaction item of no known kind");
  }
}

/** Every request of a batch write. */
export function guardBatch(scope: WriteScope, requests: readonly WriteRequest[]): void {
  for (const request of requests) {
    if (request.PutRequest) guardItem(scope, request.PutRequest.Item, "PutRequest");
    else if (request.DeleteRequest) guardKey(scope, request.DeleteRequest.Key, "DeleteRequest");
    else refuse(scope, "a batch request of no known kind");
  }
}

type UpdateAction = "SET" | "REMOVE" | "ADD" | "DELETE";

/** The clauses of an update expression: `SET a = :a, b = :b ADD c :c REMOVE d` → SET…, ADD…, REMOVE…. */
function updateClauses(expression: string): { action: UpdateAction; body: string }[] {
  // A keyword stands alone: not part of a name (#set), a placeholder (:add) or a word, nor inside parentheses.
  const keyword = /(SET|REMOVE|ADD|DELETE)(?!\w)/iy;
  const starts: { action: UpdateAction; at: number; length: number }[] = [];
  let depth = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    if (depth !== 0 || /[#:\w]/.test(expression[i - 1] ?? "")) continue;
    keyword.lastIndex = i;
    const word = keyword.exec(expression)?.[1];
    if (word) starts.push({ action: word.toUpperCase() as UpdateAction, at: i, length: word.length });
  }
  const clauses = starts.map((s, k) => ({
    action: s.action,
    body: expression.slice(s.at + s.length, starts[k + 1]?.at ?? expression.length),
  }));
  // Text before the first keyword makes no valid expression; read it as a SET so that it is checked, not skipped.
  const leading = expression.slice(0, starts[0]?.at ?? expression.length);
  return leading.trim() === "" ? clauses : [{ action: "SET", body: leading }, ...clauses];
}

/** Splits on commas outside parentheses. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.filter((p) => p.trim() !== "");
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + separator.length)];
}
