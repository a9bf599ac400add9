// Every change leaves an audit record, written in the same transaction as the change: who, when, what.
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

async function auditCount(tenantId: string): Promise<number> {
  const result = await h.client.send(
    new QueryCommand({
      TableName: h.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: `T#${tenantId}#AUDIT` } },
      Select: "COUNT",
    }),
  );
  return result.Count ?? 0;
}

describe("audit records", () => {
  it("records tenant creation and changes with actor and field changes, newest first", async () => {
    const platform = await h.token("platform-admin", undefined, "ops-zhang");
    await h.request("POST", "/v1/tenants", { token: platform, body: { id: "321000", name: "扬州市", level: "city" } });
    await h.request("PATCH", "/v1/tenants/321000", { token: platform, body: { reportRecipients: ["aqb@yangzhou.gov.cn"] } });
    const admin = await h.token("tenant-admin", "321000");
    const trail = await h.request("GET", "/v1/audit?limit=10", { token: admin });
    expect(trail.status).toBe(200);
    const [update, create] = trail.body.items;
    expect(update).toMatchObject({
      action: "tenant.update",
      entity: { type: "tenant", id: "321000" },
      actor: { kind: "platform", id: "ops-zhang" },
      changes: { reportRecipients: { from: [], to: ["aqb@yangzhou.gov.cn"] } },
    });
    expect(update.requestId).toBeTruthy();
    expect(create).toMatchObject({ action: "tenant.create", changes: { name: { from: null, to: "扬州市" } } });
  });

  it("a failed write leaves no audit record behind", async () => {
    const platform = await h.platformToken();
    const before = await auditCount("320312");
    const stale = await h.request("PATCH", "/v1/tenants/320312", { token: platform, body: { name: "x" }, headers: { "if-match": '"99"' } });
    expect(stale.status).toBe(412);
    const duplicate = await h.request("POST", "/v1/tenants", {
      token: platform,
      body: { id: "320312", name: "x", level: "district", parentId: "320300" },
    });
    expect(duplicate.status).toBe(409);
    expect(await auditCount("320312")).toBe(before);
  });

  it("a no-op change writes nothing and keeps the version", async () => {
    const platform = await h.platformToken();
    const before = await auditCount("320300");
    const same = await h.request("PATCH", "/v1/tenants/320300", { token: platform, body: { name: "徐州市" } });
    expect(same.body.version).toBe(1);
    expect(await auditCount("320300")).toBe(before);
  });

  it("paginates the trail with cursors", async () => {
    const admin = await h.token("tenant-admin", "320312");
    for (let i = 0; i < 3; i++) await h.addApiKey("320312", ["enterprises:read"]);
    const first = await h.request("GET", "/v1/audit?limit=2", { token: admin });
    const second = await h.request("GET", `/v1/audit?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: admin });
    expect(second.status).toBe(200);
    const ids = [...first.body.items, ...second.body.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(4);
    expect(first.body.items[0].at >= second.body.items[0].at).toBe(true);
  });
});
