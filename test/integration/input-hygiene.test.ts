// Input hygiene through HTTP → app → DynamoDB Local: keys that would reach an object's prototype (`__proto__`,
// `constructor`…), and text no store or export can hold — bodies that are not UTF-8, control characters, lone
// surrogates, line breaks in single-line fields — in JSON bodies, query and path parameters, file names and
// imported cells. Each refusal names the field and writes nothing; accepted text is stored in NFC.
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, creditCode, enterpriseBody, type Place } from "#test/support/register";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let inspector: string;
let place: Place;
let unit: { id: string; name: string };

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  place = await addPlace(h, admin, "柳泉镇");
  const res = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  unit = res.body;
});

type Field = { path: string; code: string; message: string };
const fieldsOf = (body: { error?: { details?: { fields?: Field[] } } }) =>
  (body.error?.details?.fields ?? []).map((f) => `${f.path}:${f.code}`);

async function townNames(): Promise<string[]> {
  const res = await h.request("GET", "/v1/towns?limit=100", { token: admin });
  expect(res.status).toBe(200);
  return res.body.items.map((t: { name: string }) => t.name);
}

async function openAssessment() {
  const res = await h.request("POST", "/v1/assessments", {
    token: inspector,
    body: {
      target: { type: "enterprise", id: unit.id },
      rubric: { id: "shishi-enterprise-2024", version: 1 },
      assessor: { name: "陈秋茹" },
      assessedOn: "2026-11-20",
    },
  });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number };
}

describe("keys that reach an object's prototype", () => {
  it("refuses __proto__ among an assessment's answers, naming it, and changes nothing", async () => {
    const a = await openAssessment();
    const res = await h.request("PATCH", `/v1/assessments/${a.id}`, {
      token: inspector,
      headers: { "content-type": "application/json" },
      rawBody: '{"answers":{"__proto__":{"input":{"met":false},"reason":"x"}}}',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(fieldsOf(res.body)).toEqual(["answers.__proto__:reserved_key"]);
    const after = await h.request("GET", `/v1/assessments/${a.id}`, { token: inspector });
    expect(after.body).toMatchObject({ version: a.version, answers: {} });
  });

  it("refuses constructor and prototype as record keys, and __proto__ anywhere in a body", async () => {
    const a = await openAssessment();
    const answers = await h.request("PATCH", `/v1/assessments/${a.id}`, {
      token: inspector,
      headers: { "content-type": "application/json" },
      rawBody: '{"answers":{"constructor":{"input":{"met":true}},"prototype":null,"1.1":{"input":{"met":true}}}}',
    });
    expect(answers.status).toBe(400);
    expect(fieldsOf(answers.body).sort()).toEqual(["answers.constructor:reserved_key", "answers.prototype:reserved_key"]);
    expect((await h.request("GET", `/v1/assessments/${a.id}`, { token: inspector })).body).toMatchObject({
      version: a.version,
      answers: {},
    });

    const before = await townNames();
    const town = await h.request("POST", "/v1/towns", {
      token: admin,
      headers: { "content-type": "application/json" },
      rawBody: '{"name":"原型镇","kind":"town","__proto__":{"code":"320312100"}}',
    });
    expect(town.status).toBe(400);
    expect(fieldsOf(town.body)).toEqual(["__proto__:reserved_key"]);
    const nested = await h.request("POST", "/v1/enterprises", {
      token: admin,
      headers: { "content-type": "application/json" },
      rawBody: JSON.stringify(enterpriseBody(2, place)).replace('"title":"总经理"', '"title":"总经理","__proto__":{"title":"x"}'),
    });
    expect(nested.status).toBe(400);
    expect(fieldsOf(nested.body)).toEqual(["persons.firstResponsible.__proto__:reserved_key"]);
    expect(await townNames()).toEqual(before);
    expect((await h.request("GET", `/v1/enterprises?creditCode=${creditCode(2)}`, { token: admin })).body.items).toEqual([]);
  });

  it("refuses __proto__ as a query parameter", async () => {
    const res = await h.request("GET", "/v1/towns?__proto__=1&limit=5", { token: admin });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(["query.__proto__:reserved_key"]);
  });
});

describe("characters in JSON bodies", () => {
  it.each([
    ["NUL", "柳泉\u0000镇"],
    ["a C0 control", "柳泉\u001b镇"],
    ["DEL", "柳泉\u007f镇"],
    ["a C1 control", "柳泉\u0085镇"],
    ["a lone high surrogate", "柳泉\ud800镇"],
    ["a lone low surrogate", "柳泉\udc00镇"],
    ["a noncharacter", "柳泉\uffff镇"],
  ])("refuses %s in a name, naming the field, and stores nothing", async (_what, name) => {
    const before = await townNames();
    const res = await h.request("POST", "/v1/towns", { token: admin, body: { name, kind: "town" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(fieldsOf(res.body)).toEqual(["name:invalid_characters"]);
    expect(res.body.error.details.fields[0].message).toMatch(/U\+[0-9A-F]{4}/);
    expect(await townNames()).toEqual(before);
  });

  it("refuses a body that is not UTF-8 instead of storing replacement characters", async () => {
    const before = await townNames();
    const json = new TextEncoder().encode('{"name":"柳泉XX镇","kind":"town"}');
    const at = json.indexOf(0x58); // "XX" → bytes that are not UTF-8
    json.set([0xff, 0xfe], at);
    const res = await h.app.request("/v1/towns", {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: json,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_encoding");
    expect(await townNames()).toEqual(before);
    // A CESU-8 / WTF-8 encoded surrogate is not UTF-8 either.
    const surrogate = Uint8Array.from([
      ...new TextEncoder().encode('{"name":"柳泉'),
      0xed,
      0xa0,
      0x80,
      ...new TextEncoder().encode('镇","kind":"town"}'),
    ]);
    const cesu = await h.app.request("/v1/towns", {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: surrogate,
    });
    expect(cesu.status).toBe(400);
    expect(await townNames()).toEqual(before);
  });

  it("refuses line breaks and tabs in single-line fields, keeps them in multi-line text", async () => {
    const before = await townNames();
    for (const name of ["柳泉\n二镇", "柳泉\r二镇", "柳泉\t二镇", "柳泉\u2028二镇"]) {
      const res = await h.request("POST", "/v1/towns", { token: admin, body: { name, kind: "town" } });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(fieldsOf(res.body)).toEqual(["name:line_break"]);
    }
    expect(await townNames()).toEqual(before);

    const hazard = await h.request("POST", "/v1/hazards", {
      token: inspector,
      body: {
        enterpriseId: unit.id,
        category: "有限空间",
        description: "一、污水池未审批；\r\n二、\t无监护人",
        severity: "general",
        source: "inspection",
        foundBy: { name: "李检查" },
        foundOn: "2026-11-24",
      },
    });
    expect(hazard.status).toBe(201);
    expect((await h.request("GET", `/v1/hazards/${hazard.body.id}`, { token: inspector })).body.description).toBe(
      "一、污水池未审批；\r\n二、\t无监护人",
    );
    const foundBy = await h.request("POST", "/v1/hazards", {
      token: inspector,
      body: {
        enterpriseId: unit.id,
        category: "有限空间",
        description: "x",
        severity: "general",
        source: "inspection",
        foundBy: { name: "李\n检查" },
        foundOn: "2026-11-24",
      },
    });
    expect(fieldsOf(foundBy.body)).toEqual(["foundBy.name:line_break"]);
  });

  it("names the path of a bad string deep in a body and leaves the assessment as it was", async () => {
    const a = await openAssessment();
    const res = await h.request("PATCH", `/v1/assessments/${a.id}`, {
      token: inspector,
      body: { answers: { "1.1": { input: { met: false }, reason: "无\u0000记录" } } },
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(["answers.1.1.reason:invalid_characters"]);
    expect((await h.request("GET", `/v1/assessments/${a.id}`, { token: inspector })).body).toMatchObject({
      version: a.version,
      answers: {},
    });
  });

  it("stores text in Unicode NFC, so a decomposed é is the same name as a composed one", async () => {
    const res = await h.request("POST", "/v1/towns", { token: admin, body: { name: "Cafe\u0301镇", kind: "town" } });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe("Caf\u00e9镇");
    expect((await h.request("GET", `/v1/towns/${res.body.id}`, { token: admin })).body.name).toBe("Caf\u00e9镇");
    const again = await h.request("POST", "/v1/towns", { token: admin, body: { name: "Caf\u00e9镇", kind: "town" } });
    expect(again.status).toBe(409);
  });

  it("refuses nesting deeper than any request needs, instead of failing on it", async () => {
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const res = await h.request("POST", "/v1/towns", { token: admin, headers: { "content-type": "application/json" }, rawBody: deep });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)[0]).toMatch(/^a(\.a)+:too_deep$/);
  });
});

describe("characters in query and path parameters", () => {
  it("refuses control characters and bytes that are not UTF-8 in a query, naming the parameter", async () => {
    const nul = await h.request("GET", "/v1/enterprises?namePrefix=%E5%BE%90%00", { token: admin });
    expect(nul.status).toBe(400);
    expect(fieldsOf(nul.body)).toEqual(["query.namePrefix:invalid_characters"]);
    const latin1 = await h.request("GET", "/v1/enterprises?namePrefix=%FF", { token: admin });
    expect(latin1.status).toBe(400);
    expect(fieldsOf(latin1.body)).toEqual(["query.namePrefix:invalid_encoding"]);
    const ok = await h.request("GET", `/v1/enterprises?namePrefix=${encodeURIComponent("徐州")}`, { token: admin });
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((u: { id: string }) => u.id)).toContain(unit.id);
  });

  it("refuses them in a path parameter, naming it", async () => {
    const res = await h.request("GET", "/v1/towns/%01abc", { token: admin });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(["path.id:invalid_characters"]);
    const bad = await h.request("GET", "/v1/towns/%C0%AF", { token: admin });
    expect(fieldsOf(bad.body)).toEqual(["path.id:invalid_encoding"]);
  });
});

describe("file names and imported cells", () => {
  it("refuses an evidence file name with a line break or a lone surrogate, and registers nothing", async () => {
    const a = await openAssessment();
    for (const [fileName, code] of [
      ["铭牌\r\n.jpg", "line_break"],
      ["铭牌\ud83d.jpg", "invalid_characters"],
      ["铭牌\u0007.jpg", "invalid_characters"],
    ] as const) {
      const res = await h.request("POST", `/v1/assessments/${a.id}/evidence`, {
        token: inspector,
        body: { criterionId: "15.3", fileName, contentType: "image/jpeg" },
      });
      expect(res.status, JSON.stringify(fileName)).toBe(400);
      expect(fieldsOf(res.body)).toEqual([`fileName:${code}`]);
    }
    const after = await h.request("GET", `/v1/assessments/${a.id}`, { token: inspector });
    expect(after.body).toMatchObject({ version: a.version, evidence: [] });
    const ok = await h.request("POST", `/v1/assessments/${a.id}/evidence`, {
      token: inspector,
      body: { criterionId: "15.3", fileName: "铭牌😀.jpg", contentType: "image/jpeg" },
    });
    expect(ok.status).toBe(201);
  });

  const header = "企业名称,统一社会信用代码,地址,镇（街道）,行业代码,企业规模,生产状态,主要负责人,主要负责人电话";
  const line = (n: number, name: string, address = `柳泉镇测试路${n}号`) =>
    [`"${name}"`, creditCode(n), `"${address}"`, "柳泉镇", "3311", "小微", "正常生产", "张三", "13912345678"].join(",");

  async function importCsv(fileName: string, csv: string, mode = "valid-only") {
    const res = await h.app.request(`/v1/imports/file?fileName=${encodeURIComponent(fileName)}&mode=${mode}`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "text/csv" },
      body: new TextEncoder().encode(csv),
    });
    const body = (await res.json()) as { id: string; status: string; error?: { details?: { fields?: Field[] } } };
    if (res.status === 202) {
      await h.deps.queue.idle();
      return { status: res.status, body: (await h.request("GET", `/v1/imports/${body.id}`, { token: admin })).body };
    }
    return { status: res.status, body };
  }

  it("refuses a file name in the query with a control character, and opens no import", async () => {
    const before = (await h.request("GET", "/v1/imports?limit=100", { token: admin })).body.items.length;
    const res = await importCsv("台账\u0001.csv", [header, line(30, "导入测试30有限公司")].join("\r\n"));
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(["query.fileName:invalid_characters"]);
    const crlf = await importCsv("台账\r\n.csv", [header, line(30, "导入测试30有限公司")].join("\r\n"));
    expect(fieldsOf(crlf.body)).toEqual(["query.fileName:line_break"]);
    expect((await h.request("GET", "/v1/imports?limit=100", { token: admin })).body.items.length).toBe(before);
  });

  it("rejects imported cells with control characters or line breaks in single-line columns, naming row and column", async () => {
    // A control byte in the first 4 KiB makes the upload look binary (unsupported_file): the rows start after a long title.
    const csv = [
      `柳泉镇企业台账（说明：${"按镇街汇总填报".repeat(250)}）`,
      header,
      line(40, "导入\u0001测试40有限公司"),
      line(41, "导入测试41\n有限公司"),
      line(42, "导入测试42有限公司", "柳泉镇\u0000测试路"),
      line(43, "Cafe\u0301导入测试43有限公司"),
    ].join("\r\n");
    const res = await importCsv("字符.csv", csv);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: "completed", counts: { rowsRead: 4, rejected: 3, created: 1 } });
    const rejected = await h.request("GET", `/v1/imports/${res.body.id}/rejections?limit=100`, { token: admin });
    expect(
      rejected.body.items.map(
        (r: { row: number; field: string; column: string; code: string }) => `${r.row}:${r.field}:${r.column}:${r.code}`,
      ),
    ).toEqual(["3:name:企业名称:invalid_characters", "4:name:企业名称:line_break", "5:address:地址:invalid_characters"]);
    for (const n of [40, 41, 42]) {
      expect((await h.request("GET", `/v1/enterprises?creditCode=${creditCode(n)}`, { token: admin })).body.items).toEqual([]);
    }
    const stored = await h.request("GET", `/v1/enterprises?creditCode=${creditCode(43)}`, { token: admin });
    expect(stored.body.items[0].name).toBe("Caf\u00e9导入测试43有限公司");
  });
});

describe("idempotency keys", () => {
  it("refuses a key that is empty, holds spaces or is longer than 128 characters, by the header's schema, and creates nothing", async () => {
    for (const key of ["", "two words", "k".repeat(129), "k".repeat(2000)]) {
      const res = await h.request("POST", "/v1/towns", {
        token: admin,
        body: { name: `幂等镇${key.length}`, kind: "town" },
        headers: { "idempotency-key": key },
      });
      expect([res.status, res.body.error.code]).toEqual([400, "validation_failed"]);
    }
    // A call without a body (the copy of a library rubric) is refused the same way.
    const copy = await h.request("POST", "/v1/rubric-library/shishi-enterprise-2024/copy", {
      token: admin,
      headers: { "idempotency-key": "" },
    });
    expect([copy.status, copy.body.error.details.fields[0].path]).toEqual([400, "header.idempotency-key"]);
    const towns = await h.request("GET", "/v1/towns?limit=100", { token: admin });
    expect(towns.body.items.map((t: { name: string }) => t.name).filter((n: string) => n.startsWith("幂等镇"))).toEqual([]);
    const ok = await h.request("POST", "/v1/towns", {
      token: admin,
      body: { name: "幂等镇", kind: "town" },
      headers: { "idempotency-key": "7c0e5a38-1f7a-4d8e-9a41-3b1f2c6d9e10" },
    });
    expect(ok.status).toBe(201);
  });
});
