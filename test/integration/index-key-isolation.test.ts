// Index keys stay inside their tenant, against DynamoDB Local. IAM's dynamodb:LeadingKeys reads only the table
// partition key of a write, so a tenant session could store, in its own partition, an item whose index keys name the
// platform's tenant registry (`PLATFORM#TENANTS`) or another tenant's lists. The store's write helpers refuse such a
// write before sending it (nothing of it is written, audit record included), and so do the harness's sessions for a
// write that does not go through the helpers; the platform registry itself is written by the platform session.
import { DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WriteContext } from "#core/kernel/ports";
import { escalationScope, keys, platformTenantsPartition, tenantScope } from "#store/dynamo/keys";
import { batchWrite, createItem, put, putItem, replaceItem, type StoreTarget, transact, updateItem } from "#store/dynamo/writes";
import { createHarness, type Harness } from "#test/support/harness";
import { LeadingKeysDenied } from "#test/support/leading-keys-guard";

const district = "320312";
const city = "320300";
const scope = tenantScope(district);
const refused = { name: "WriteOutsideScope" };
let h: Harness;
let target: StoreTarget;
let n = 0;

beforeAll(async () => {
  h = await createHarness();
  target = { client: await h.sessions.forTenant(district), tableName: h.tableName };
});

afterAll(() => {
  // The store refused every forged write itself: none reached the harness's sessions (the raw ones below are taken out).
  expect(h.sessions.denials).toEqual([]);
});

/** A write context whose audit record the tests look for afterwards. */
function audited(): WriteContext {
  n++;
  return {
    audit: {
      id: `audit-${n}`,
      at: `2026-11-25T02:00:${String(n).padStart(2, "0")}.000Z`,
      actor: { kind: "system", id: "test" },
      action: "test.write",
      entity: { type: "test", id: String(n) },
    },
  };
}

/** What the table holds at `key` (read with the unconfined admin client). */
async function stored(key: { pk: string; sk: string }) {
  return (await h.client.send(new GetItemCommand({ TableName: h.tableName, Key: marshall(key), ConsistentRead: true }))).Item;
}

async function auditWritten(write: WriteContext) {
  return (await stored(keys.audit(scope, write.audit.at, write.audit.id))) !== undefined;
}

/** The platform's tenant registry as platform operators list it. */
async function registryIds(): Promise<string[]> {
  const res = await h.request("GET", "/v1/tenants?limit=100", { token: await h.platformToken() });
  expect(res.status).toBe(200);
  return res.body.items.map((t: { id: string }) => t.id).sort();
}

const forged = (extra: Record<string, unknown> = {}) => ({
  id: "999999",
  name: "伪造租户",
  level: "city",
  status: "active",
  _type: "tenant",
  gsi1pk: "PLATFORM#TENANTS",
  gsi1sk: "999999",
  ...extra,
});

describe("the store's write helpers refuse a tenant write whose index keys leave the tenant", () => {
  it("createItem, replaceItem and transact: nothing of the transaction is written, audit record included", async () => {
    const key = { pk: `${scope.prefix}#FORGED`, sk: "create" };
    const create = audited();
    await expect(createItem(target, scope, key, forged(), create, () => new Error("exists"))).rejects.toMatchObject(refused);
    expect(await stored(key)).toBeUndefined();
    expect(await auditWritten(create)).toBe(false);

    const replace = audited();
    const otherIndex = forged({ gsi1pk: undefined, gsi1sk: undefined, gsi2pk: "PLATFORM#TENANTS", gsi2sk: "999999" });
    await expect(replaceItem(target, scope, key, otherIndex, 1, replace, () => new Error("stale"))).rejects.toMatchObject(refused);
    expect(await auditWritten(replace)).toBe(false);

    // Another tenant's list is just as much outside: here the city's placard list, by gsi3, next to a good step.
    const mixed = audited();
    const good = { pk: `${scope.prefix}#FORGED`, sk: "good" };
    await expect(
      transact(
        target,
        scope,
        [
          { item: put(target, good, { _type: "test", gsi1pk: `${scope.prefix}#PLC#DUE`, gsi1sk: "x" }) },
          { item: put(target, { pk: `${scope.prefix}#FORGED`, sk: "bad" }, { _type: "test", gsi3pk: `T#${city}#PLC`, gsi3sk: "x" }) },
        ],
        mixed,
      ),
    ).rejects.toMatchObject(refused);
    expect(await stored(good)).toBeUndefined();
    expect(await auditWritten(mixed)).toBe(false);
  });

  it("an update that sets an index key is checked the same way", async () => {
    const key = { pk: `${scope.prefix}#FORGED`, sk: "update" };
    const write = audited();
    const update = {
      Update: {
        TableName: h.tableName,
        Key: marshall(key),
        UpdateExpression: "SET #note = :note, #index = :pk, gsi1sk = :sk",
        ExpressionAttributeNames: { "#note": "note", "#index": "gsi1pk" },
        ExpressionAttributeValues: marshall({ ":note": "x", ":pk": "PLATFORM#TENANTS", ":sk": "999999" }),
      },
    };
    await expect(transact(target, scope, [{ item: update }], write)).rejects.toMatchObject(refused);
    const { TableName: _, ...input } = update.Update;
    await expect(updateItem(target, scope, input)).rejects.toMatchObject(refused);
    expect(await stored(key)).toBeUndefined();
    expect(await auditWritten(write)).toBe(false);
  });

  it("batch writes and single puts: the whole batch is refused", async () => {
    const keysOf = [0, 1, 2].map((i) => ({ pk: `${scope.prefix}#FORGED#BATCH`, sk: String(i) }));
    const requests = keysOf.map((key, i) => ({
      PutRequest: { Item: marshall({ ...key, _type: "test", ...(i === 2 ? { gsi2pk: "PLATFORM#TENANTS", gsi2sk: "999999" } : {}) }) },
    }));
    await expect(batchWrite(target, scope, requests)).rejects.toMatchObject(refused);
    for (const key of keysOf) expect(await stored(key)).toBeUndefined();

    const single = { pk: `${scope.prefix}#FORGED`, sk: "single" };
    await expect(putItem(target, scope, { Item: marshall({ ...single, ...forged() }) })).rejects.toMatchObject(refused);
    expect(await stored(single)).toBeUndefined();
  });

  it("a partition key outside the tenant is refused by the store before IAM sees it", async () => {
    const write = audited();
    await expect(createItem(target, scope, { pk: `T#${city}#X`, sk: "x" }, {}, write, () => new Error("exists"))).rejects.toMatchObject(
      refused,
    );
    // `T#3203120…` is not under `T#320312`: the `#` after the id is part of the prefix.
    await expect(putItem(target, scope, { Item: marshall({ pk: `T#${district}0#X`, sk: "x" }) })).rejects.toMatchObject(refused);
    expect(await auditWritten(write)).toBe(false);
  });

  it("the platform's tenant list shows only the tenants the platform created", async () => {
    expect(await registryIds()).toEqual([city, district]);
  });

  it("lets the same helpers write index keys of the tenant's own", async () => {
    const key = { pk: `${scope.prefix}#OWN`, sk: "1" };
    const write = audited();
    await createItem(
      target,
      scope,
      key,
      { _type: "test", gsi1pk: `${scope.prefix}#PLC#DUE`, gsi1sk: "x" },
      write,
      () => new Error("exists"),
    );
    expect(await stored(key)).toBeDefined();
    expect(await auditWritten(write)).toBe(true);
    await batchWrite(target, scope, [
      { PutRequest: { Item: marshall({ pk: scope.prefix, sk: "OWN", gsi2pk: scope.prefix, gsi2sk: "x" }) } },
    ]);
    await updateItem(target, scope, {
      Key: marshall(key),
      UpdateExpression: "SET gsi3pk = :pk, gsi3sk = :sk REMOVE gsi1pk",
      ExpressionAttributeValues: marshall({ ":pk": `${scope.prefix}#HIX#all`, ":sk": "y" }),
    });
    expect((await stored(key))?.gsi3pk?.S).toBe(`${scope.prefix}#HIX#all`);
  });
});

describe("the platform registry, written by the platform session", () => {
  const ops = () => h.platformToken();
  const registryEntry = (id: string) => stored({ pk: platformTenantsPartition, sk: id });

  it("registers a created tenant as a platform item, and each change of it; the tenant item carries no index key", async () => {
    const created = await h.request("POST", "/v1/tenants", { token: await ops(), body: { id: "350500", name: "泉州市", level: "city" } });
    expect(created.status).toBe(201);
    expect((await stored(keys.tenant(tenantScope("350500"))))?.gsi1pk).toBeUndefined();
    expect((await registryEntry("350500"))?.gsi1pk?.S).toBe(platformTenantsPartition);
    const changed = await h.request("PATCH", "/v1/tenants/350500", { token: await ops(), body: { status: "suspended" } });
    expect(changed.status).toBe(200);
    expect((await registryEntry("350500"))?.status?.S).toBe("suspended");
    expect((await h.request("GET", "/v1/tenants?limit=100", { token: await ops() })).body.items).toContainEqual(changed.body);
  });

  it("registers the stored tenant when a create whose registry write was lost is sent again", async () => {
    await h.request("POST", "/v1/tenants", { token: await ops(), body: { id: "350600", name: "漳州市", level: "city" } });
    await h.client.send(new DeleteItemCommand({ TableName: h.tableName, Key: marshall({ pk: platformTenantsPartition, sk: "350600" }) }));
    expect(await registryIds()).not.toContain("350600");
    const again = await h.request("POST", "/v1/tenants", { token: await ops(), body: { id: "350600", name: "漳州市", level: "city" } });
    expect(again.status).toBe(409);
    expect(await registryIds()).toContain("350600");
  });

  it("keeps a tenant of an older table, registered on its own item, listed once before and after its next change", async () => {
    // As tables written before this change hold it: the registry index keys on the tenant item itself.
    const at = "2026-01-01T00:00:00.000Z";
    const legacy = {
      ...keys.tenant(tenantScope("350700")),
      id: "350700",
      name: "南平市",
      level: "city",
      parentId: null,
      timeZone: "Asia/Shanghai",
      status: "active",
      reportRecipients: [],
      createdAt: at,
      updatedAt: at,
      version: 1,
      _type: "tenant",
      gsi1pk: platformTenantsPartition,
      gsi1sk: "350700",
    };
    await h.client.send(new PutItemCommand({ TableName: h.tableName, Item: marshall(legacy) }));
    const count = async () => (await registryIds()).filter((id) => id === "350700").length;
    expect(await count()).toBe(1);
    const retried = await h.request("POST", "/v1/tenants", { token: await ops(), body: { id: "350700", name: "南平市", level: "city" } });
    expect(retried.status).toBe(409);
    expect(await count()).toBe(1); // not registered twice
    const changed = await h.request("PATCH", "/v1/tenants/350700", { token: await ops(), body: { name: "南平市人民政府" } });
    expect(changed.status).toBe(200);
    expect(await count()).toBe(1);
    expect((await stored(keys.tenant(tenantScope("350700"))))?.gsi1pk).toBeUndefined();
    expect((await registryEntry("350700"))?.name?.S).toBe("南平市人民政府");
  });
});

describe("a district's escalation writes", () => {
  it("reach of its city only its own partition there, carrying the city's joint tackling index keys only", async () => {
    const escalation = { client: await h.sessions.forEscalation(district, city), tableName: h.tableName };
    const up = escalationScope(scope, tenantScope(city));
    const item = (gsi1pk: string, pk = keys.jointTacklingsOfDistrict(tenantScope(city), district)) =>
      put(escalation, { pk, sk: `JT#${n}` }, { _type: "joint-tackling", gsi1pk, gsi1sk: "x" });
    await transact(escalation, up, [{ item: item(keys.jointTacklingIndex(tenantScope(city), "all")) }], audited());
    for (const [gsi1pk, pk] of [
      [`T#${city}#ENT#BYREVIEW`, undefined], // the city's other lists
      ["PLATFORM#TENANTS", undefined],
      [`${scope.prefix}#JT#all`, undefined], // the district's keys on an item of the city
      [keys.jointTacklingIndex(tenantScope(city), "all"), `T#${city}#UP#320311`], // another district's partition
    ] as const) {
      await expect(transact(escalation, up, [{ item: item(gsi1pk, pk) }], audited()), `${gsi1pk} ${pk}`).rejects.toMatchObject(refused);
    }
    // Without the escalation scope, a district's own write may not touch the city at all.
    await expect(
      transact(escalation, scope, [{ item: item(keys.jointTacklingIndex(tenantScope(city), "all")) }], audited()),
    ).rejects.toMatchObject(refused);
  });
});

describe("the harness's sessions, standing in for IAM, refuse the same when a write skips the store's helpers", () => {
  it("a raw PutItem or UpdateItem on a tenant session naming an index partition outside the tenant is denied", async () => {
    const before = h.sessions.denials.length;
    const session = await h.sessions.forTenant(district);
    const key = { pk: `${scope.prefix}#FORGED`, sk: "raw-put" };
    await expect(
      session.send(new PutItemCommand({ TableName: h.tableName, Item: marshall({ ...key, ...forged() }) })),
    ).rejects.toBeInstanceOf(LeadingKeysDenied);
    expect(await stored(key)).toBeUndefined();
    const update = new UpdateItemCommand({
      TableName: h.tableName,
      Key: marshall({ pk: `${scope.prefix}#FORGED`, sk: "raw-update" }),
      UpdateExpression: "SET #a = :pk, gsi1sk = :sk",
      ExpressionAttributeNames: { "#a": "gsi1pk" },
      ExpressionAttributeValues: marshall({ ":pk": `T#${city}#ENT#BYREVIEW`, ":sk": "x" }),
    });
    await expect(session.send(update)).rejects.toBeInstanceOf(LeadingKeysDenied);
    expect(await stored({ pk: `${scope.prefix}#FORGED`, sk: "raw-update" })).toBeUndefined();
    expect(h.sessions.denials.splice(before)).toHaveLength(2);
    const index = await h.client.send(
      new QueryCommand({
        TableName: h.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": "PLATFORM#TENANTS" }),
      }),
    );
    expect(index.Items?.map((i) => i.gsi1sk?.S)).not.toContain("999999");
  });
});
