// The store's write guard, on its own: with every key builder of keys.ts, a tenant's write may name the tenant's
// partitions as table or index partition, never another tenant's nor the platform's (`PLATFORM#…`, the tenant
// registry); a district escalating reaches only its partition under its city, carrying only the city's joint
// tackling index keys; updates are read for the index keys they set; and no store code sends a write but writes.ts.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AttributeValue, TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDivisionCode } from "#core/kernel/division-code";
import { escalationScope, keys, platformTenantsPartition, type TenantScope, tenantScope } from "#store/dynamo/keys";
import { tableDefinition } from "#store/dynamo/table";
import { guardBatch, guardItem, guardTransaction, guardUpdate, indexPartitionKeys, WriteOutsideScope } from "#store/dynamo/write-guard";

const district = tenantScope("320312");
const city = tenantScope("320300");
const sibling = tenantScope("320311");

/** The partition keys a builder's output names: a partition string, a Key's pk, an entry's pk and index pks. */
function partitionsOf(built: unknown): string[] {
  if (typeof built === "string") return [built];
  return Object.entries(built as Record<string, unknown>)
    .filter(([name]) => name === "pk" || indexPartitionKeys.includes(name))
    .map(([, value]) => String(value));
}

/** Every builder of keys.ts, called for `scope` with placeholder ids (strings and numbers both print into keys). */
function everyBuilder(scope: TenantScope): { name: string; partitions: string[] }[] {
  const item = { townId: "t", kind: "k", enterpriseId: "e", placardId: "p" };
  return Object.entries(keys).map(([name, build]) => ({
    name,
    partitions: partitionsOf((build as (...args: unknown[]) => unknown)(scope, "a1", item, 7, "d4")),
  }));
}

const item = (pk: string, index: Record<string, string> = {}) => marshall({ pk, sk: "x", _type: "test", ...index });
const allowed = (write: () => void) => expect(write).not.toThrow();
const refused = (write: () => void) => expect(write).toThrow(WriteOutsideScope);
const asIndex = (pk: string) => Object.fromEntries(indexPartitionKeys.map((name) => [name, pk]));

describe("every key builder through the guard", () => {
  it("covers every index of the table definition", () => {
    expect(indexPartitionKeys).toEqual(tableDefinition.globalSecondaryIndexes.map((index) => index.partitionKey));
    expect(indexPartitionKeys).toEqual(["gsi1pk", "gsi2pk", "gsi3pk"]);
  });

  it("lets a tenant write each of its own keys, as table partition and as every index partition", () => {
    const built = everyBuilder(district).filter((b) => b.name !== "tenantRegistryEntry");
    expect(built.length).toBeGreaterThan(60);
    for (const { name, partitions } of built) {
      for (const pk of partitions) {
        expect(pk.startsWith(district.prefix), name).toBe(true);
        allowed(() => guardItem(district, item(pk, asIndex(pk))));
        for (const index of indexPartitionKeys) allowed(() => guardItem(district, item(district.prefix, { [index]: pk })));
      }
    }
  });

  it("refuses another tenant's keys, as table partition or as any index partition, of every builder", () => {
    for (const other of [sibling, city]) {
      for (const { name, partitions } of everyBuilder(other)) {
        for (const pk of partitions) {
          refused(() => guardItem(district, item(pk)));
          for (const index of indexPartitionKeys) {
            expect(() => guardItem(district, item(district.prefix, { [index]: pk })), `${name} ${index}`).toThrow(WriteOutsideScope);
          }
        }
      }
    }
  });

  it("never lets a tenant write the platform registry's keys, neither as partition nor as any index key", () => {
    const registry = keys.tenantRegistryEntry(district);
    expect(partitionsOf(registry)).toEqual([platformTenantsPartition, platformTenantsPartition]);
    for (const scope of [district, city, escalationScope(district, city)]) {
      refused(() => guardItem(scope, marshall({ ...registry, _type: "tenant" })));
      for (const index of indexPartitionKeys) {
        refused(() => guardItem(scope, item(scope.prefix, { [index]: platformTenantsPartition })));
        refused(() => guardItem(scope, item(scope.prefix, { [index]: "PLATFORM#ANYTHING" })));
      }
    }
    // The tenant item as the repository writes it now: no index key, so it passes; with the old registry keys, not.
    allowed(() => guardItem(district, marshall({ ...keys.tenant(district), id: district.tenantId })));
    refused(() => guardItem(district, marshall({ ...keys.tenant(district), gsi1pk: platformTenantsPartition, gsi1sk: "320312" })));
  });

  it("lets the platform write only platform keys", () => {
    allowed(() => guardItem("platform", marshall({ ...keys.tenantRegistryEntry(district), _type: "tenant-registry" })));
    for (const { partitions } of everyBuilder(district).filter((b) => b.name !== "tenantRegistryEntry")) {
      for (const pk of partitions) {
        refused(() => guardItem("platform", item(pk)));
        refused(() => guardItem("platform", item(platformTenantsPartition, { gsi1pk: pk })));
      }
    }
  });
});

describe("prefixes", () => {
  it("takes the # after the tenant id as part of the prefix", () => {
    for (const pk of ["T#3203120", "T#3203120#X", "T#32031", "T#320312X#A", "t#320312", " T#320312"]) {
      refused(() => guardItem(district, item(pk)));
      refused(() => guardItem(district, item(district.prefix, { gsi1pk: pk })));
    }
    allowed(() => guardItem(district, item("T#320312", { gsi1pk: "T#320312", gsi2pk: "T#320312#" })));
  });

  it("refuses, for any two tenants, one's key in the other's write, and allows its own (property)", () => {
    const code = fc
      .tuple(fc.constantFrom("32", "11", "44", "65"), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([p, c, d]) => `${p}${String(c).padStart(2, "0")}${String(d).padStart(2, "0")}`)
      .filter(isDivisionCode);
    fc.assert(
      fc.property(code, code, fc.string(), (a, b, rest) => {
        fc.pre(a !== b);
        const own = tenantScope(a);
        const foreign = `T#${b}#${rest}`;
        expect(() => guardItem(own, item(`T#${a}#${rest}`, { gsi2pk: `T#${a}#${rest}` }))).not.toThrow();
        expect(() => guardItem(own, item(`T#${a}#X`, { gsi2pk: foreign }))).toThrow(WriteOutsideScope);
        expect(() => guardItem(own, item(foreign))).toThrow(WriteOutsideScope);
      }),
    );
  });

  it("refuses an item without a string partition key, or with an index key that is no string", () => {
    refused(() => guardItem(district, marshall({ sk: "x" })));
    refused(() => guardItem(district, { pk: { N: "1" }, sk: { S: "x" } }));
    refused(() => guardItem(district, { pk: { S: district.prefix }, sk: { S: "x" }, gsi1pk: { N: "1" } }));
  });
});

describe("a district's escalation scope", () => {
  const up = escalationScope(district, city);
  const partition = keys.jointTacklingsOfDistrict(city, district.tenantId);

  it("reaches its partition under the city with the city's index keys of its districts, and its own keys", () => {
    const jt = keys.jointTackling(city, district.tenantId, "h1");
    allowed(() =>
      guardItem(
        up,
        marshall({
          ...jt,
          gsi1pk: keys.jointTacklingIndex(city, "all"),
          gsi2pk: keys.jointTacklingIndex(city, "state#escalated"),
          gsi3pk: keys.jointTacklingIndex(city, "dept#住建局"),
        }),
      ),
    );
    // …and the district's monthly figures there, listed for the city by month.
    allowed(() =>
      guardItem(
        up,
        marshall({ ...keys.districtFigures(city, district.tenantId, "2026-11"), gsi1pk: keys.districtFiguresIndex(city, "2026-11") }),
      ),
    );
    // …and its notice of a campaign given the city to review, listed for the city.
    allowed(() =>
      guardItem(
        up,
        marshall({ ...keys.campaignReviewNotice(city, district.tenantId, "c".repeat(26)), gsi1pk: keys.campaignReviewIndex(city) }),
      ),
    );
    for (const { partitions } of everyBuilder(district).filter((b) => b.name !== "tenantRegistryEntry")) {
      for (const pk of partitions) allowed(() => guardItem(up, item(pk, { gsi1pk: pk })));
    }
  });

  it("reaches nothing else of the city, nor another district's partition, nor the platform", () => {
    for (const { partitions } of everyBuilder(city)) {
      for (const pk of partitions) {
        if (pk === partition) continue;
        refused(() => guardItem(up, item(pk)));
        const cityListOfDistricts =
          pk.startsWith(keys.jointTacklingIndex(city, "")) ||
          pk.startsWith(keys.districtFiguresIndex(city, "")) ||
          pk === keys.campaignReviewIndex(city);
        refused(() => guardItem(up, item(partition, { gsi1pk: cityListOfDistricts ? "T#320300#ENT#X" : pk })));
      }
    }
    for (const pk of [
      `${partition}#x`,
      keys.jointTacklingsOfDistrict(city, sibling.tenantId),
      keys.jointTacklingsOfDistrict(sibling, district.tenantId),
    ]) {
      refused(() => guardItem(up, item(pk)));
    }
    refused(() => guardItem(up, item(partition, { gsi1pk: `${district.prefix}#JT#all` })));
    refused(() => guardItem(up, item(partition, { gsi2pk: platformTenantsPartition })));
    // Without the escalation scope the district's own scope does not reach the city's partition at all.
    refused(() => guardItem(district, item(partition, { gsi1pk: keys.jointTacklingIndex(city, "all") })));
  });
});

describe("updates", () => {
  const update = (UpdateExpression: string, values: Record<string, unknown> = {}, names?: Record<string, string>) => ({
    Key: marshall({ pk: district.prefix, sk: "x" }),
    UpdateExpression,
    ...(names ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: marshall(values) as Record<string, AttributeValue>,
  });

  it("reads the store's own update expressions as harmless", () => {
    for (const u of [
      update("SET lastUsedAt = :now", { ":now": "t" }),
      update("ADD #count :one SET #ttl = :ttl", { ":one": 1, ":ttl": 2 }, { "#count": "count", "#ttl": "ttl" }),
      update("SET #type = :type ADD #c0 :c0, #c1 :c1", { ":type": "x", ":c0": 1, ":c1": 1 }, { "#type": "_type", "#c0": "a", "#c1": "b" }),
      update(
        "SET #hazard.#f0 = :f0, updatedAt = :at ADD version :one",
        { ":f0": 1, ":at": "t", ":one": 1 },
        { "#hazard": "hazard", "#f0": "state" },
      ),
      update(
        "SET #l = list_append(if_not_exists(#l, :empty), :more), gsi1sk = :sk",
        { ":empty": [], ":more": [1], ":sk": "PLATFORM#X" },
        { "#l": "l" },
      ),
      update("SET gsi2pk = :pk REMOVE gsi1pk, gsi3pk", { ":pk": `${district.prefix}#HIX#all` }),
    ]) {
      allowed(() => guardUpdate(district, u));
    }
  });

  it("refuses every way of setting an index partition key outside the tenant", () => {
    for (const index of indexPartitionKeys) {
      for (const u of [
        update(`SET ${index} = :pk`, { ":pk": platformTenantsPartition }),
        update("SET #i = :pk", { ":pk": platformTenantsPartition }, { "#i": index }),
        update(`set a = :a, ${index}=:pk`, { ":a": 1, ":pk": "T#320300#PLC" }),
        update(`REMOVE b SET ${index} = :pk`, { ":pk": "PLATFORM#TENANTS" }),
        update(`SET ${index} = if_not_exists(${index}, :pk)`, { ":pk": district.prefix }), // not a plain value: cannot be checked
        update(`SET ${index} = other`),
        update(`SET ${index} = :missing`),
        update(`ADD ${index} :pk`, { ":pk": district.prefix }),
        update(`${index} = :pk`, { ":pk": platformTenantsPartition }), // no keyword: read as a SET, not skipped
      ]) {
        expect(() => guardUpdate(district, u), u.UpdateExpression).toThrow(WriteOutsideScope);
      }
    }
    refused(() => guardUpdate(district, { ...update("SET a = :a", { ":a": 1 }), Key: marshall({ pk: "T#320300", sk: "x" }) }));
  });

  it("keeps names and placeholders that merely contain a keyword apart from the keyword", () => {
    allowed(() =>
      guardUpdate(district, update("SET #set = :add, #remove = :delete", { ":add": 1, ":delete": 2 }, { "#set": "a", "#remove": "b" })),
    );
    refused(() => guardUpdate(district, update("SET #set = :set", { ":set": "PLATFORM#X" }, { "#set": "gsi1pk" })));
  });
});

describe("transactions and batches", () => {
  const put = (pk: string, index: Record<string, string> = {}): TransactWriteItem => ({ Put: { TableName: "t", Item: item(pk, index) } });

  it("refuses a whole transaction or batch for one item outside, whatever its kind", () => {
    const good = put(district.prefix, { gsi1pk: `${district.prefix}#PLC#DUE` });
    allowed(() => guardTransaction(district, [good, { Delete: { TableName: "t", Key: item(`${district.prefix}#X`) } }]));
    for (const bad of [
      put(district.prefix, { gsi3pk: platformTenantsPartition }),
      { Delete: { TableName: "t", Key: item(city.prefix) } },
      { ConditionCheck: { TableName: "t", Key: item(`${city.prefix}#ENT#x`), ConditionExpression: "attribute_exists(pk)" } },
      {
        Update: {
          TableName: "t",
          Key: item(district.prefix),
          UpdateExpression: "SET gsi1pk = :p",
          ExpressionAttributeValues: marshall({ ":p": "PLATFORM#TENANTS" }),
        },
      },
      {},
    ] as TransactWriteItem[]) {
      refused(() => guardTransaction(district, [good, bad]));
    }
    allowed(() =>
      guardBatch(district, [{ PutRequest: { Item: item(district.prefix) } }, { DeleteRequest: { Key: item(`${district.prefix}#X`) } }]),
    );
    refused(() =>
      guardBatch(district, [
        { PutRequest: { Item: item(district.prefix) } },
        { PutRequest: { Item: item(district.prefix, { gsi2pk: "PLATFORM#TENANTS" }) } },
      ]),
    );
    refused(() => guardBatch(district, [{ DeleteRequest: { Key: item(sibling.prefix) } }]));
  });
});

describe("the store's one write path", () => {
  it("sends every DynamoDB write from writes.ts, where the guard runs", () => {
    const root = resolve(import.meta.dirname, "../../packages");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const writers = files.filter((file) =>
      /\bnew (PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)Command\b/.test(readFileSync(join(root, file), "utf8")),
    );
    expect(writers).toEqual([join("store", "dynamo", "writes.ts")]);
  });
});
