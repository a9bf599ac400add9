// Importing officials' registers through HTTP → app → job → DynamoDB Local: CSV (UTF-8 with/without BOM,
// GB18030) and .xlsx, header matching, row validation with row/field/reason, all-or-nothing versus valid-only,
// idempotent re-import, the two-step upload, resuming after an interrupted run, and export round trips.
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { importFileKey, maxImportBytes } from "#core/imports/import";
import { auditEntry } from "#core/kernel/audit";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, creditCode, enterpriseBody, type Place } from "#test/support/register";

let h: Harness;
let token: string;
let liuquan: Place;

const header = [
  "企业名称",
  "统一社会信用代码",
  "地址",
  "镇（街道）",
  "网格",
  "行业代码",
  "企业规模",
  "生产状态",
  "风险等级",
  "主要负责人",
  "主要负责人电话",
  "出租方信用代码",
];

function row(n: number, overrides: Partial<Record<(typeof header)[number], string>> = {}): string[] {
  const base: Record<string, string> = {
    企业名称: `导入测试${n}有限公司`,
    统一社会信用代码: creditCode(n),
    地址: `柳泉镇测试路${n}号`,
    "镇（街道）": "柳泉镇",
    网格: "柳泉镇一网格",
    行业代码: "3311",
    企业规模: "小微",
    生产状态: "正常生产",
    风险等级: "黄",
    主要负责人: "张三",
    主要负责人电话: "13912345678",
    出租方信用代码: "",
    ...overrides,
  };
  return header.map((h) => base[h] ?? "");
}

const csv = (rows: string[][], title = "贾汪区企业台账（2026年11月）") =>
  [title, header.join(","), ...rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(","))].join("\r\n");

async function importFile(
  body: Uint8Array | string,
  fileName: string,
  mode = "all-or-nothing",
  as = token,
): Promise<{ status: number; body: any; location: string | null }> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const res = await h.app.request(`/v1/imports/file?fileName=${encodeURIComponent(fileName)}&mode=${mode}`, {
    method: "POST",
    headers: { authorization: `Bearer ${as}`, "content-type": "application/octet-stream" },
    body: bytes,
  });
  const answer = { status: res.status, body: (await res.json()) as { id: string }, location: res.headers.get("location") };
  if (res.status !== 202) return answer;
  // Still running when the API stopped waiting (a loaded machine): wait for the queue, then read the result.
  await h.deps.queue.idle();
  return { ...answer, body: (await h.request("GET", `/v1/imports/${answer.body.id}`, { token: as })).body };
}

async function rejections(id: string) {
  const res = await h.request("GET", `/v1/imports/${id}/rejections?limit=100`, { token });
  return res.body.items.map((r: { row: number; field: string; code: string }) => `${r.row}:${r.field}:${r.code}`);
}

async function findByCode(code: string) {
  const res = await h.request("GET", `/v1/enterprises?creditCode=${code}`, { token });
  return res.body.items[0];
}

beforeAll(async () => {
  // Small checkpoint chunks, so resuming and progress are exercised by files of tens of rows.
  h = await createHarness({ importChunkRows: 20 });
  token = await h.token("tenant-admin", "320312", "admin-import");
  liuquan = await addPlace(h, token, "柳泉镇");
  await addPlace(h, token, "大吴街道");
});

describe("importing CSV files", () => {
  it("imports a UTF-8 CSV with BOM and a title row, matching Chinese headers, and answers with the result", async () => {
    const res = await importFile(
      `\uFEFF${csv([row(1), row(2, { 风险等级: "红色", 企业规模: "规上" }), row(3, { "镇（街道）": "大吴街道", 网格: "" })])}`,
      "台账.csv",
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: "completed",
      format: "csv",
      counts: { rowsRead: 3, valid: 3, rejected: 0, created: 3, updated: 0, unchanged: 0 },
      totalRows: 3,
      createdBy: { id: "admin-import" },
    });
    expect(res.location).toBe(`/v1/imports/${res.body.id}`);
    expect(res.body.headers.unknown).toEqual([]);
    const accepted = await h.request("GET", `/v1/imports/${res.body.id}/accepted`, { token });
    expect(
      accepted.body.items.map((a: { row: number; creditCode: string; outcome: string }) => `${a.row}:${a.creditCode}:${a.outcome}`),
    ).toEqual([`3:${creditCode(1)}:created`, `4:${creditCode(2)}:created`, `5:${creditCode(3)}:created`]);
    const unit = await findByCode(creditCode(2));
    expect(accepted.body.items[1].enterpriseId).toBe(unit.id);
    expect(unit).toMatchObject({
      name: "导入测试2有限公司",
      riskLevel: "red",
      sizeClass: "above-scale",
      townId: liuquan.townId,
      gridId: liuquan.gridId,
    });
    const full = await h.request("GET", `/v1/enterprises/${unit.id}`, { token });
    expect(full.body.persons.firstResponsible).toEqual({ name: "张三", phone: "13912345678", title: null });
    expect(full.body.industry.name).toBe("金属结构制造");
  });

  it("takes the nine small venues (九小场所) as the source writes them, beside today's names", async () => {
    const cells: [string, string][] = [
      ["小型学校幼儿园(校外培训机构)", "school"],
      ["小型学校幼儿园（校外培训机构）", "school"],
      ["小型医疗机构", "clinic"],
      ["小商店", "shop"],
      ["小餐饮", "eatery"],
      ["小旅馆", "hostel"],
      ["小歌舞娱乐", "entertainment"],
      ["小网吧", "internet-cafe"],
      ["小美容洗浴", "beauty-bath"],
      ["小生产加工企业", "workshop"],
      ["小医院（诊所）", "clinic"],
    ];
    const rows = cells.map(([venue], i) => [...row(8801 + i), venue]);
    const res = await importFile(csv(rows).replace(header.join(","), `${header.join(",")},九小场所类型`), "九小场所.csv");
    expect(res.body).toMatchObject({ status: "completed", counts: { rowsRead: cells.length, rejected: 0, created: cells.length } });
    for (const [i, [venue, key]] of cells.entries()) expect((await findByCode(creditCode(8801 + i))).venueType, venue).toBe(key);
  });

  it("leaves its whole life in the audit trail, from opening to completion, as the official who started it", async () => {
    const res = await importFile(csv([row(7001), row(7002)]), "审计.csv");
    expect(res.body.status).toBe("completed");
    const actions: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        body: { items: { entity: { type: string; id: string }; actor: unknown; action: string }[]; nextCursor: string | null };
      } = await h.request("GET", `/v1/audit?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token });
      for (const e of page.body.items) {
        if (e.entity.type === "import" && e.entity.id === res.body.id) {
          expect(e.actor).toMatchObject({ kind: "user", id: "admin-import" });
          actions.unshift(e.action);
        }
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(actions).toEqual([
      "import.open",
      "import.queue",
      "import.validating",
      "import.checkpoint",
      "import.importing",
      "import.checkpoint",
      "import.completed",
    ]);
  });

  it("re-importing the same file changes nothing", async () => {
    const file = csv([row(1), row(2, { 风险等级: "红色", 企业规模: "规上" }), row(3, { "镇（街道）": "大吴街道", 网格: "" })]);
    const again = await importFile(file, "台账.csv");
    expect(again.body.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    const unit = await findByCode(creditCode(1));
    const history = await h.request("GET", `/v1/enterprises/${unit.id}/history`, { token });
    expect(history.body.items).toHaveLength(1);
  });

  it("updates changed rows by credit code", async () => {
    const res = await importFile(csv([row(1, { 生产状态: "停产" })]), "更新.csv");
    expect(res.body.counts).toMatchObject({ created: 0, updated: 1 });
    expect((await findByCode(creditCode(1))).productionStatus).toBe("halted");
  });

  it("changes only what the file has columns for, and keeps posts of the same persons", async () => {
    const created = await h.request("POST", "/v1/enterprises", {
      token,
      body: {
        ...enterpriseBody(60, liuquan, { riskLevel: "red", keyRisks: ["粉尘涉爆"] }),
        persons: {
          firstResponsible: { name: "张三", phone: "13912345678", title: "总经理" },
          safetyResponsible: { name: "李四", phone: "13800001111" },
        },
      },
    });
    expect(created.status).toBe(201);
    const narrow = [
      "企业名称",
      "统一社会信用代码",
      "地址",
      "镇（街道）",
      "行业代码",
      "企业规模",
      "生产状态",
      "主要负责人",
      "主要负责人电话",
    ];
    const file = [
      narrow.join(","),
      ["改名后的公司", creditCode(60), "新地址1号", "柳泉镇", "3311", "小微", "停产", "张三", "13912345678"].join(","),
    ].join("\r\n");
    const res = await importFile(file, "部分列.csv");
    expect(res.body.counts).toMatchObject({ updated: 1 });
    const unit = await h.request("GET", `/v1/enterprises/${created.body.id}`, { token });
    expect(unit.body).toMatchObject({
      name: "改名后的公司",
      address: "新地址1号",
      productionStatus: "halted",
      riskLevel: "red",
      keyRisks: ["粉尘涉爆"],
      gridId: liuquan.gridId,
      persons: { firstResponsible: { name: "张三", title: "总经理" }, safetyResponsible: { name: "李四", phone: "13800001111" } },
    });
  });

  it("a file with errors imports nothing, and lists each rejected row with its field and reason", async () => {
    const file = csv([
      row(10),
      row(11, { 统一社会信用代码: `${creditCode(11).slice(0, 17)}${creditCode(11).endsWith("0") ? "1" : "0"}` }),
      row(12, { "镇（街道）": "不存在镇" }),
      row(13, { 主要负责人电话: "12345", 企业规模: "特大" }),
      row(10, { 企业名称: "重复代码有限公司" }),
      row(14, { 出租方信用代码: creditCode(999) }),
    ]);
    const res = await importFile(file, "错误.csv");
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "rejected", counts: { rowsRead: 6, valid: 1, rejected: 5, created: 0 } });
    expect(await rejections(res.body.id)).toEqual([
      "4:creditCode:invalid_credit_code_check",
      "5:town:unknown_town",
      "6:firstResponsible.phone:invalid_phone",
      "6:sizeClass:invalid_value",
      "7:creditCode:duplicate_in_file",
      "8:hostCreditCode:unknown_host",
    ]);
    const detail = await h.request("GET", `/v1/imports/${res.body.id}/rejections?limit=1`, { token });
    expect(detail.body.items[0]).toMatchObject({
      row: 4,
      column: "统一社会信用代码",
      message: { zh: expect.stringContaining("校验位"), en: expect.any(String) },
    });
    expect(await findByCode(creditCode(10))).toBeUndefined();
  });

  it("checks every rule before writing: a row that would fail only when applied rejects an all-or-nothing file", async () => {
    const town2 = await h.request("GET", "/v1/towns?limit=100", { token });
    const dawu = town2.body.items.find((t: { name: string }) => t.name === "大吴街道");
    expect(dawu).toBeDefined();
    // Unit 80 is registered in 柳泉镇 with a grid there; a file without a grid column moves it to 大吴街道, so its
    // stored grid would no longer be in its town. Unit 81 (new, valid) must not be imported either.
    await importFile(csv([row(80)]), "先登记.csv");
    const narrow = [
      "企业名称",
      "统一社会信用代码",
      "地址",
      "镇（街道）",
      "行业代码",
      "企业规模",
      "生产状态",
      "主要负责人",
      "主要负责人电话",
    ];
    const line = (n: number, town: string) =>
      [`导入测试${n}有限公司`, creditCode(n), "地址", town, "3311", "小微", "正常生产", "张三", "13912345678"].join(",");
    const res = await importFile([narrow.join(","), line(81, "柳泉镇"), line(80, "大吴街道")].join("\r\n"), "移镇.csv");
    expect(res.body).toMatchObject({ status: "rejected", counts: { valid: 1, rejected: 1, created: 0, updated: 0 } });
    expect(await rejections(res.body.id)).toEqual(["3:grid:grid_not_in_town"]);
    expect(await findByCode(creditCode(81))).toBeUndefined();
    expect((await findByCode(creditCode(80))).townId).toBe(liuquan.townId);
  });

  it("judges duplicates and hosts against accepted rows only, and never drops a host link", async () => {
    const file = csv([
      row(90, { 主要负责人电话: "1" }), // rejected: its code does not make the later row a duplicate
      row(91, { 主要负责人电话: "1" }), // a host that is rejected…
      row(92, { 出租方信用代码: creditCode(91) }), // …so its lessee is rejected too, not created without a host
      row(90),
    ]);
    const res = await importFile(file, "宿主.csv", "valid-only");
    expect(res.body).toMatchObject({ status: "completed", counts: { valid: 1, rejected: 3, created: 1 } });
    expect(await rejections(res.body.id)).toEqual([
      "3:firstResponsible.phone:invalid_phone",
      "4:firstResponsible.phone:invalid_phone",
      "5:hostCreditCode:unknown_host",
    ]);
    expect(await findByCode(creditCode(90))).toBeDefined();
    expect(await findByCode(creditCode(92))).toBeUndefined();
  });

  it("refuses a host cycle formed with the register", async () => {
    await importFile(csv([row(95), row(96, { 出租方信用代码: creditCode(95) })]), "链.csv");
    const res = await importFile(csv([row(95, { 出租方信用代码: creditCode(96) })]), "环.csv");
    expect(res.body.status).toBe("rejected");
    expect(await rejections(res.body.id)).toEqual(["3:hostCreditCode:host_cycle"]);
  });

  it("with valid-only, imports the rows that pass and still lists the others", async () => {
    const file = csv([row(20), row(21, { "镇（街道）": "不存在镇" }), row(22)]);
    const res = await importFile(file, "部分.csv", "valid-only");
    expect(res.body).toMatchObject({ status: "completed", counts: { rowsRead: 3, valid: 2, rejected: 1, created: 2 } });
    expect(await rejections(res.body.id)).toEqual(["4:town:unknown_town"]);
    expect(await findByCode(creditCode(20))).toBeDefined();
    expect(await findByCode(creditCode(21))).toBeUndefined();
  });

  it("reads GB18030 CSV as saved by Chinese Excel, and hosts named earlier in the file", async () => {
    const file = csv([row(30, { 企业名称: "出租方徐州机械厂" }), row(31, { 出租方信用代码: creditCode(30) })]);
    const res = await importFile(new Uint8Array(iconv.encode(file, "gb18030")), "gbk.csv");
    expect(res.body).toMatchObject({ status: "completed", counts: { created: 2 } });
    const host = await findByCode(creditCode(30));
    expect(host.name).toBe("出租方徐州机械厂");
    expect((await findByCode(creditCode(31))).hostId).toBe(host.id);
  });

  it("fails clearly on a file without the required columns, or that is not a spreadsheet", async () => {
    const res = await importFile("企业名称,统一社会信用代码\r\n某公司,91350100M000100Y43\r\n", "缺列.csv");
    expect(res.body.status).toBe("failed");
    expect(res.body.error.code).toBe("missing_columns");
    expect(res.body.error.message.zh).toContain("地址");
    const broken = new Uint8Array([...new TextEncoder().encode(`${csv([row(70)])}\r\n`), 0xff, 0xfe, 0x80, 0x0d, 0x0a]);
    const bad = await importFile(broken, "坏编码.csv");
    expect(bad.body.status).toBe("failed");
    expect(bad.body.error.code).toBe("invalid_encoding");
    expect(await findByCode(creditCode(70))).toBeUndefined();
    const xls = await importFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "old.csv");
    expect(xls.status).toBe(400);
    expect(xls.body.error.code).toBe("unsupported_file");
  });
});

describe("importing .xlsx and exporting", () => {
  async function xlsx(rows: string[][], headers = header): Promise<Uint8Array> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("台账");
    sheet.addRow(["铜山区企业底数台账"]);
    sheet.addRow(headers);
    for (const r of rows) sheet.addRow(r);
    return new Uint8Array(await book.xlsx.writeBuffer());
  }

  it("imports an .xlsx with English headers", async () => {
    const english = [
      "name",
      "credit code",
      "address",
      "town",
      "grid",
      "industry",
      "size",
      "status",
      "risk level",
      "first responsible person",
      "first responsible phone",
      "host credit code",
    ];
    const res = await importFile(await xlsx([row(40), row(41, { 行业代码: "5211" })], english), "register.xlsx");
    expect(res.body).toMatchObject({ status: "completed", format: "xlsx", counts: { created: 2 } });
    expect((await findByCode(creditCode(41))).industryName).toBe("百货零售");
  });

  it("exports CSV with a BOM and the import's headers, filtered, and the export imports back unchanged", async () => {
    const res = await h.app.request(`/v1/enterprises/export?format=csv&townId=${liuquan.townId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain("filename*=UTF-8''");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toContain("企业名称,统一社会信用代码,地址,镇（街道）");
    expect(text).not.toContain("大吴街道"); // the town filter applies
    expect(text).toContain(creditCode(1));
    const back = await importFile(bytes, "export.csv");
    expect(back.body).toMatchObject({ status: "completed", counts: { rejected: 0, created: 0, updated: 0 } });
    expect(back.body.counts.unchanged).toBe(lines.length - 1);
  });

  it("exports .xlsx that imports back unchanged", async () => {
    const res = await h.app.request("/v1/enterprises/export?format=xlsx", { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
    const back = await importFile(bytes, "export.xlsx");
    expect(back.body).toMatchObject({ status: "completed", counts: { rejected: 0, created: 0, updated: 0 } });
    const all = await h.request("GET", "/v1/enterprises?limit=100", { token });
    expect(back.body.counts.unchanged).toBe(all.body.items.length);
  });
});

describe("large files: the two-step upload and resuming", () => {
  it("opens an import, takes the file by PUT, and reports progress until done", { timeout: 90_000 }, async () => {
    const opened = await h.request("POST", "/v1/imports", { token, body: { fileName: "大文件.csv", mode: "all-or-nothing" } });
    expect(opened.status).toBe(201);
    expect(opened.body.import.status).toBe("awaiting-upload");
    expect(opened.body.upload).toMatchObject({ method: "PUT", startsItself: true });
    const path = new URL(opened.body.upload.url).pathname;
    const rows = Array.from({ length: 90 }, (_, i) => row(1000 + i));
    const put = await h.app.request(path, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
      body: csv(rows),
    });
    expect(put.status).toBe(202);
    await h.deps.queue.idle();
    const done = await h.request("GET", `/v1/imports/${opened.body.import.id}`, { token });
    expect(done.body).toMatchObject({ status: "completed", counts: { rowsRead: 90, created: 90 }, totalRows: 90 });
    const again = await h.app.request(path, { method: "PUT", headers: { authorization: `Bearer ${token}` }, body: csv(rows) });
    expect(again.status).toBe(409);
  });

  it("of two files uploaded to one import at once, exactly one is imported; the refused one imports nothing", {
    timeout: 90_000,
  }, async () => {
    const opened = await h.request("POST", "/v1/imports", { token, body: { fileName: "并发.csv", mode: "all-or-nothing" } });
    const path = `/v1/imports/${opened.body.import.id}/file`;
    const files = [0, 1].map((k) => Array.from({ length: 30 }, (_, i) => row(6000 + k * 100 + i)));
    /** Sent in small chunks, so both requests are storing their files at the same time. */
    const send = (rows: string[][]) => {
      const bytes = new TextEncoder().encode(csv(rows));
      let offset = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setImmediate(resolve));
          if (offset >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(offset, offset + 256));
          offset += 256;
        },
      });
      const headers = { authorization: `Bearer ${token}`, "content-type": "text/csv" };
      return h.app.request(path, { method: "PUT", headers, body, duplex: "half" } as RequestInit);
    };
    const answers = await Promise.all(files.map(send));
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    const loser = answers.findIndex((a) => a.status === 409);
    const refused = (await answers[loser]?.json()) as { error: { code: string } } | undefined;
    expect(refused?.error.code).toBe("import_already_started");
    await h.deps.queue.idle();
    const done = await h.request("GET", `/v1/imports/${opened.body.import.id}`, { token });
    expect(done.body).toMatchObject({ status: "completed", counts: { rowsRead: 30, created: 30 } });
    const registered = async (rows: string[][]) => {
      const found = await Promise.all(
        rows.map(async (r) => (await h.request("GET", `/v1/enterprises?creditCode=${r[1]}`, { token })).body.items.length),
      );
      return found.reduce((a, b) => a + b, 0);
    };
    expect(await registered(files[1 - loser] ?? [])).toBe(30);
    expect(await registered(files[loser] ?? [])).toBe(0);
  });

  it("resumes after an interrupted run from its checkpoint, with the same totals", { timeout: 90_000 }, async () => {
    const opened = await h.request("POST", "/v1/imports", { token, body: { fileName: "中断.csv", mode: "valid-only" } });
    const id = opened.body.import.id as string;
    const rows = Array.from({ length: 110 }, (_, i) => (i === 50 ? row(3000 + i, { 主要负责人电话: "1" }) : row(3000 + i)));
    // The file is stored and the job queued as the API would, but run here by hand, one chunk at a time.
    const fileRevision = h.deps.ids.next();
    await h.deps.blobs.put(
      "320312",
      importFileKey(id, "csv", fileRevision),
      new TextEncoder().encode(csv(rows)),
      "text/csv",
      maxImportBytes,
    );
    const queued = { ...opened.body.import, status: "queued", fileRevision, version: 2 };
    const principal = { kind: "user", tenantId: "320312", subject: "test", role: "tenant-admin" } as const;
    const audit = auditEntry({ principal, requestId: "test", id: h.deps.ids.next(), at: new Date() }, "import.queue", {
      type: "import",
      id,
    });
    await h.deps.imports.save("320312", { before: opened.body.import, after: queued }, { audit });
    const outOfTime = { remainingMs: () => 0 };
    const first = await h.deps.jobs.run({ kind: "import", tenantId: "320312", importId: id }, outOfTime);
    expect(first.done).toBe(false);
    const paused = await h.request("GET", `/v1/imports/${id}`, { token });
    expect(paused.body).toMatchObject({ status: "validating", checkpointRow: 22, counts: { rowsRead: 20 } });
    let outcome = first;
    for (let runs = 0; !outcome.done && runs < 20; runs++)
      outcome = await h.deps.jobs.run({ kind: "import", tenantId: "320312", importId: id }, outOfTime);
    expect(outcome.done).toBe(true);
    const done = await h.request("GET", `/v1/imports/${id}`, { token });
    expect(done.body).toMatchObject({ status: "completed", counts: { rowsRead: 110, valid: 109, rejected: 1, created: 109 } });
    expect(await rejections(id)).toEqual(["53:firstResponsible.phone:invalid_phone"]);
  });

  it("keeps imports inside their tenant", async () => {
    const list = await h.request("GET", "/v1/imports", { token });
    const id = list.body.items[0].id;
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", `/v1/imports/${id}`, { token: city })).status).toBe(404);
    expect((await h.request("GET", `/v1/imports/${id}/rejections`, { token: city })).status).toBe(404);
    expect((await h.request("GET", "/v1/imports", { token: city })).body.items).toEqual([]);
    const viewer = await h.token("viewer", "320312");
    expect((await importFile(csv([row(5000)]), "x.csv", "all-or-nothing", viewer)).status).toBe(403);
  });
});
