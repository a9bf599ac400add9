// The deployed table is the store's table definition: same keys, indexes and TTL as DynamoDB Local, plus the
// protections a regulatory data store needs.
import { describe, expect, it } from "vitest";
import { createTableInput, tableDefinition } from "#store/dynamo/table";
import { onlyResource, synthAnquan } from "./synth-anquan.ts";

const { global, china } = synthAnquan();
const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
  (a.AttributeName ?? "").localeCompare(b.AttributeName ?? "");

describe.each([
  ["Anquan", global],
  ["Anquan-cn", china],
])("the %s table", (_name, template) => {
  const table = onlyResource(template, "AWS::DynamoDB::Table");
  const local = createTableInput("anquan");

  it("has the keys, attributes and indexes the local bootstrap creates", () => {
    expect(table.KeySchema).toEqual(local.KeySchema);
    expect([...table.AttributeDefinitions].sort(byName)).toEqual([...(local.AttributeDefinitions ?? [])].sort(byName));
    expect(table.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    expect(table.GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName)).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => index.indexName),
    );
  });

  it("expires items through the definition's TTL attribute", () => {
    expect(table.TimeToLiveSpecification).toEqual({
      AttributeName: tableDefinition.timeToLiveAttribute,
      Enabled: true,
    });
  });

  it("is on-demand, encrypted, point-in-time recoverable and protected from deletion", () => {
    expect(table.BillingMode).toBe("PAY_PER_REQUEST");
    expect(table.SSESpecification).toEqual({ SSEEnabled: true });
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.DeletionProtectionEnabled).toBe(true);
  });

  it("survives a stack deletion or replacement", () => {
    template.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
  });
});
