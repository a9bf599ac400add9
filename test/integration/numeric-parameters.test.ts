// Numeric query and path parameters through HTTP: plain decimal digits only (z.coerce.number() took "0x10", "1e2",
// " 5", "+5", "5.0"), each refusal a 400 naming the parameter; the range is still checked and documented.
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";

let h: Harness;
let admin: string;
let inspector: string;
let unit: { id: string };

beforeAll(async () => {
  h = await createHarness();
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  const place = await addPlace(h, admin, "柳泉镇");
  const res = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  unit = res.body;
});

const fieldsOf = (body: { error?: { details?: { fields?: { path: string; code: string }[] } } }) =>
  (body.error?.details?.fields ?? []).map((f) => `${f.path}:${f.code}`);

describe("numbers in query and path parameters are plain decimal digits", () => {
  it.each(["0x10", "1e2", " 5", "5 ", "+5", "5.0", "0b11", "１０", "-3", "", "99999999999999999999"])(
    "refuses limit=%j, naming it",
    async (limit) => {
      const res = await h.request("GET", `/v1/towns?limit=${encodeURIComponent(limit)}`, { token: admin });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(fieldsOf(res.body)).toEqual(["query.limit:not_an_integer"]);
    },
  );

  it("takes plain digits, and still checks the range", async () => {
    expect((await h.request("GET", "/v1/towns?limit=7", { token: admin })).status).toBe(200);
    expect((await h.request("GET", "/v1/towns?limit=007", { token: admin })).status).toBe(200);
    expect((await h.request("GET", "/v1/towns", { token: admin })).status).toBe(200);
    const big = await h.request("GET", "/v1/towns?limit=101", { token: admin });
    expect(fieldsOf(big.body)).toEqual(["query.limit:too_big"]);
    const zero = await h.request("GET", "/v1/towns?limit=0", { token: admin });
    expect(fieldsOf(zero.body)).toEqual(["query.limit:too_small"]);
  });

  it("applies to every numeric parameter: the weekly trend's limit, a rubric version, a QR image's size", async () => {
    const trend = await h.request("GET", "/v1/stats/weekly?limit=1e2", { token: admin });
    expect(trend.status).toBe(400);
    expect(fieldsOf(trend.body)).toEqual(["query.limit:not_an_integer"]);

    const copy = await h.request("POST", "/v1/rubric-library/shishi-town-2024/copy", { token: admin });
    expect(copy.status).toBe(201);
    const hex = await h.request("GET", `/v1/rubrics/${copy.body.id}/versions/0x1`, { token: admin });
    expect(hex.status).toBe(400);
    expect(fieldsOf(hex.body)).toEqual(["path.version:not_an_integer"]);
    expect((await h.request("GET", `/v1/rubrics/${copy.body.id}/versions/1`, { token: admin })).status).toBe(200);

    const placard = await h.request("POST", "/v1/placards", {
      token: inspector,
      body: {
        enterpriseId: unit.id,
        persons: {
          first: { name: "张三", phone: "13912345678" },
          inCharge: { name: "李四", phone: "0516-87654321" },
          specific: [{ name: "王五", phone: "13800001111" }],
        },
      },
    });
    expect(placard.status).toBe(201);
    const size = await h.request("GET", `/v1/placards/${placard.body.id}/qr.png?size=3e2`, { token: inspector });
    expect(size.status).toBe(400);
    expect(fieldsOf(size.body)).toEqual(["query.size:not_an_integer"]);
    expect((await h.request("GET", `/v1/placards/${placard.body.id}/qr.png?size=300`, { token: inspector })).status).toBe(200);
  });
});

describe("numbers in the OpenAPI document", () => {
  it("are documented as integers with their ranges", async () => {
    const doc = (await h.request("GET", "/openapi.json")).body;
    const param = (path: string, name: string) =>
      doc.paths[path].get.parameters.find((p: { name: string }) => p.name === name)?.schema as Record<string, unknown>;
    expect(param("/v1/towns", "limit")).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 50 });
    expect(param("/v1/stats/weekly", "limit")).toMatchObject({ type: "integer", minimum: 1, maximum: 110, default: 110 });
    expect(param("/v1/rubrics/{id}/versions/{version}", "version")).toMatchObject({ type: "integer", minimum: 1 });
    expect(param("/v1/placards/{id}/qr.png", "size")).toMatchObject({ type: "integer" });
  });
});
