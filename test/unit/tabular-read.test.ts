// Importing registers: officials' .xlsx and .csv files (UTF-8 with or without BOM, GB18030 from Chinese Excel/WPS)
// are read row by row, with the header found under title rows and rows numbered as Excel shows them.
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { DomainError } from "#core/kernel/errors";
import { matchHeader, normalizeHeader } from "#tabular/headers";
import { type ColumnSpec, detectFormat, openTable, type SheetRow } from "#tabular/read";

const columns: ColumnSpec[] = [
  { key: "name", headers: ["企业名称", "单位名称", "Company Name"], required: true },
  { key: "creditCode", headers: ["统一社会信用代码", "Credit Code"], required: true },
  { key: "town", headers: ["所属镇街", "Town"] },
  { key: "phone", headers: ["联系电话", "Phone"] },
];

/** Feeds bytes in awkward slices so multi-byte characters straddle chunk boundaries. */
async function* chunks(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function all(rows: AsyncIterable<SheetRow>): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (text: string) => utf8(`\uFEFF${text}`);
const gb18030 = (text: string) => new Uint8Array(iconv.encode(text, "gb18030"));

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const register = [
  "徐州市贾汪区企业台账,,,",
  "",
  "*企业名称,统一社会信用代码（18位）,所属镇街,联系电话（手机）",
  "徐州市贾汪区青山泉煤矿,91320305MA1Q2B3C4D,青山泉镇,13912345678",
  ",,,",
  '"贾汪区""大吴""化工厂",91320305MA1Q2B3C5E,大吴街道,',
  "",
  "  潘安湖建材  ,91320305MA1Q2B3C6F,潘安湖街道,0516-87654321",
].join("\r\n");

describe("detecting the format", () => {
  it("knows .xlsx by its zip signature and refuses the old binary .xls", () => {
    expect(detectFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]), "台账.csv")).toBe("xlsx");
    expect(detectFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), "台账.xls")).toBeUndefined();
    expect(detectFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toBeUndefined();
  });

  it("takes .csv and .txt by name, and unnamed text by its bytes", () => {
    expect(detectFormat(gb18030("企业名称,所属镇街"), "台账.CSV")).toBe("csv");
    expect(detectFormat(utf8("a\tb"), "export.txt")).toBe("csv");
    expect(detectFormat(gb18030("企业名称,所属镇街\r\n"))).toBe("csv");
    expect(detectFormat(new Uint8Array([0x00, 0x01, 0x02, 0x41]))).toBeUndefined();
    expect(detectFormat(utf8("<html><table>"), "台账.xls")).toBeUndefined();
    expect(detectFormat(new Uint8Array())).toBeUndefined();
  });
});

describe("matching headers", () => {
  it("ignores width, case, spaces, required-marks and trailing notes", () => {
    expect(normalizeHeader(" *企业名称 ")).toBe("企业名称");
    expect(normalizeHeader("联系电话（手机）")).toBe("联系电话");
    expect(normalizeHeader("企业名称(必填)（全称）")).toBe("企业名称");
    expect(normalizeHeader("ＣＯＭＰＡＮＹ　Ｎａｍｅ")).toBe("companyname");
    expect(normalizeHeader("（备注）")).toBe("(备注)");
  });

  it("reports unknown headers, missing required keys and keys claimed twice", () => {
    const match = matchHeader(["Company Name", "", "备注", "单位名称", "联系电话（手机）", "负责人"], columns);
    expect(match.columns).toEqual({ name: 0, phone: 4 });
    expect(match.unknown).toEqual(["备注", "负责人"]);
    expect(match.missing).toEqual(["creditCode"]);
    expect(match.duplicate).toEqual(["name"]);
  });
});

describe("reading CSV", () => {
  const expected = [
    { rowNumber: 4, values: { name: "徐州市贾汪区青山泉煤矿", creditCode: "91320305MA1Q2B3C4D", town: "青山泉镇", phone: "13912345678" } },
    { rowNumber: 6, values: { name: '贾汪区"大吴"化工厂', creditCode: "91320305MA1Q2B3C5E", town: "大吴街道", phone: "" } },
    { rowNumber: 8, values: { name: "潘安湖建材", creditCode: "91320305MA1Q2B3C6F", town: "潘安湖街道", phone: "0516-87654321" } },
  ];

  it.each([
    ["UTF-8 with BOM", withBom(register), "utf-8"],
    ["UTF-8 without BOM", utf8(register), "utf-8"],
    ["GB18030", gb18030(register), "gb18030"],
  ])("reads %s, skipping the title and blank rows and numbering rows as Excel does", async (_, bytes, encoding) => {
    const table = await openTable(chunks(bytes), "csv", columns);
    expect(table.encoding).toBe(encoding);
    expect(table.headerRow).toBe(3);
    expect(table.header).toEqual({ columns: { name: 0, creditCode: 1, town: 2, phone: 3 }, unknown: [], missing: [], duplicate: [] });
    expect(await all(table.rows)).toEqual(expected);
  });

  it("resumes after the last row done, and counts a quoted line break as one row", async () => {
    const text = `企业名称,统一社会信用代码,地址\n甲,1,"铜山区\n柳新镇"\n乙,2,x\n丙,3,y\n`;
    const rows = await all((await openTable(chunks(utf8(text)), "csv", columns, { startAfterRow: 3 })).rows);
    expect(rows.map((row) => [row.rowNumber, row.values.name])).toEqual([[4, "丙"]]);
    const first = await all((await openTable(chunks(utf8(text)), "csv", columns)).rows);
    expect(first.map((row) => row.rowNumber)).toEqual([2, 3, 4]);
  });

  it("reads tab-separated text as Excel saves it", async () => {
    const table = await openTable(chunks(gb18030("单位名称\t统一社会信用代码\r\n徐州, 贾汪\t91320305MA1Q2B3C4D\r\n")), "csv", columns);
    expect(await all(table.rows)).toEqual([
      { rowNumber: 2, values: { name: "徐州, 贾汪", creditCode: "91320305MA1Q2B3C4D", town: "", phone: "" } },
    ]);
  });

  it("keeps UTF-8 when a character is cut at the 64 KiB sniffing boundary", async () => {
    const header = "企业名称,统一社会信用代码,备注\n";
    const filler = `x,1,${"a".repeat(65_535 - utf8(header).length - 4)}`; // "徐" then starts at byte 65,535
    const bytes = utf8(`${header}${filler}徐州\n贾汪,2,b\n`);
    expect(bytes.slice(65_535, 65_538)).toEqual(utf8("徐"));
    const table = await openTable(chunks(bytes, 4096), "csv", columns);
    expect(table.encoding).toBe("utf-8");
    const rows = await all(table.rows);
    expect(rows.map((row) => row.values.name)).toEqual(["x", "贾汪"]);
  });

  it("fails with the row number when bytes past the sniffed part are not valid in the chosen encoding", async () => {
    const lines = ["企业名称,所属镇街"];
    for (let i = 1; i <= 3000; i += 1) lines.push(`徐州市贾汪区第${i}企业,青山泉镇`);
    const before = gb18030(`${lines.slice(0, 2800).join("\r\n")}\r\n徐州`); // row 2801 starts, then a stray byte
    const after = gb18030(`市贾汪区,大吴街道\r\n${lines.slice(2801).join("\r\n")}`);
    const bytes = new Uint8Array([...before, 0xff, ...after]);
    expect(before.length).toBeGreaterThan(65_536);

    const table = await openTable(chunks(bytes, 1000), "csv", [{ key: "name", headers: ["企业名称"] }]);
    expect(table.encoding).toBe("gb18030");
    const seen: number[] = [];
    const error = await rejection(
      (async () => {
        for await (const row of table.rows) seen.push(row.rowNumber);
      })(),
    );
    expect(error.code).toBe("invalid_encoding");
    expect(error.kind).toBe("unprocessable");
    expect(error.details).toEqual({ encoding: "gb18030", row: 2801 });
    expect(seen.at(-1)).toBe(2800);
    expect(seen).toHaveLength(2799);
  });

  it("fails when a UTF-8 file turns into GBK bytes later on", async () => {
    const head = utf8(`企业名称,所属镇街\n${"徐州,贾汪\n".repeat(8000)}`);
    const bytes = new Uint8Array([...head, ...gb18030("铜山,柳新\n")]);
    const table = await openTable(chunks(bytes, 5000), "csv", [{ key: "name", headers: ["企业名称"] }]);
    expect(table.encoding).toBe("utf-8");
    const error = await rejection(all(table.rows));
    expect(error.code).toBe("invalid_encoding");
    expect(error.details).toEqual({ encoding: "utf-8", row: 8002 });
  });

  it("refuses UTF-16 text, which Excel writes as 'Unicode Text'", async () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...new Uint8Array(iconv.encode("企业名称\t统一社会信用代码", "utf-16le"))]);
    const error = await rejection(openTable(chunks(bytes), "csv", columns));
    expect(error.code).toBe("invalid_encoding");
  });

  it("names the expected headers when none is found near the top", async () => {
    const text = `${"说明\n".repeat(10)}企业名称,统一社会信用代码\n甲,1\n`;
    const error = await rejection(openTable(chunks(utf8(text)), "csv", columns));
    expect(error.code).toBe("no_header_row");
    expect(error.kind).toBe("unprocessable");
    expect(error.text.zh).toContain("企业名称、统一社会信用代码");
    expect(error.details).toEqual({ expected: ["企业名称", "统一社会信用代码"], searchedRows: 10 });
    // The same file passes when the search reaches the header on row 11.
    const table = await openTable(chunks(utf8(text)), "csv", columns, { headerSearchRows: 11 });
    expect(table.headerRow).toBe(11);
  });

  it("reports a quote that is never closed as a malformed row", async () => {
    const text = `企业名称,统一社会信用代码\n甲,1\n"乙,2\n${"丙,3\n".repeat(5)}`;
    const table = await openTable(chunks(utf8(text)), "csv", columns);
    const error = await rejection(all(table.rows));
    expect(error.code).toBe("malformed_csv");
    expect(error.details?.row).toBe(3);
  });

  it("passes on the upload stream's own error", async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield utf8(`企业名称,统一社会信用代码\n${"甲,1\n".repeat(20_000)}`);
      throw new Error("connection reset");
    }
    const table = await openTable(broken(), "csv", columns);
    await expect(all(table.rows)).rejects.toThrow("connection reset");
  });

  it("streams 20,000 rows without reading the whole file first", async () => {
    const total = 20_000;
    let produced = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      yield withBom("企业名称,统一社会信用代码,所属镇街\r\n");
      for (produced = 1; produced <= total; produced += 1) yield utf8(`徐州市贾汪区企业${produced},9132030500000${produced},青山泉镇\r\n`);
    }
    const table = await openTable(source(), "csv", columns);
    let expectedRow = 2;
    for await (const row of table.rows) {
      expect(row.rowNumber).toBe(expectedRow);
      if (expectedRow === 2) expect(produced).toBeLessThan(total / 4);
      expectedRow += 1;
    }
    expect(expectedRow - 2).toBe(total);
  });
});

describe("reading .xlsx", () => {
  async function workbookBytes(build: (book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
    const book = new ExcelJS.Workbook();
    build(book);
    return new Uint8Array(await book.xlsx.writeBuffer());
  }

  const specs: ColumnSpec[] = [
    ...columns,
    { key: "founded", headers: ["成立日期"] },
    { key: "capital", headers: ["注册资本（万元）"] },
    { key: "large", headers: ["是否规上"] },
    { key: "site", headers: ["网址"] },
    { key: "score", headers: ["得分"] },
  ];

  const bytes = workbookBytes((book) => {
    const sheet = book.addWorksheet("台账");
    sheet.addRow(["徐州市贾汪区企业台账（2024年）"]);
    sheet.getRow(3).values = [
      "*企业名称",
      "统一社会信用代码",
      "所属镇街",
      "联系电话（手机）",
      "成立日期",
      "注册资本（万元）",
      "是否规上",
      "网址",
      "得分",
    ];
    sheet.getRow(4).values = [
      { richText: [{ text: "徐州市" }, { font: { bold: true }, text: "贾汪区青山泉煤矿" }] },
      "91320305MA1Q2B3C4D",
      "青山泉镇",
      13912345678,
      new Date(Date.UTC(2008, 4, 12)),
      2.5,
      true,
      { text: "官网", hyperlink: "https://example.cn" },
      { formula: "1+1", result: 2 },
    ];
    sheet.getRow(5).values = ["   ", null, ""];
    sheet.getRow(7).values = [
      "大吴化工厂",
      { formula: 'CONCATENATE("9132","0305")', result: "91320305" },
      "大吴街道",
      "=1+1",
      { formula: "DATE(2021,1,2)", result: 44198 },
      0.1 + 0.2,
      false,
      "",
      { error: "#N/A" },
    ];
    sheet.getCell("E7").numFmt = "yyyy-mm-dd";
    book.addWorksheet("填表说明").addRow(["企业名称", "统一社会信用代码"]);
  });

  it("finds the header under the title and converts each kind of cell to text", async () => {
    const table = await openTable(chunks(await bytes), "xlsx", specs);
    expect(table.headerRow).toBe(3);
    expect(table.encoding).toBeUndefined();
    expect(table.header.unknown).toEqual([]);
    expect(await all(table.rows)).toEqual([
      {
        rowNumber: 4,
        values: {
          name: "徐州市贾汪区青山泉煤矿",
          creditCode: "91320305MA1Q2B3C4D",
          town: "青山泉镇",
          phone: "13912345678",
          founded: "2008-05-12",
          capital: "2.5",
          large: "true",
          site: "官网",
          score: "2",
        },
      },
      {
        rowNumber: 7,
        values: {
          name: "大吴化工厂",
          creditCode: "91320305",
          town: "大吴街道",
          phone: "=1+1",
          founded: "2021-01-02",
          capital: "0.3",
          large: "false",
          site: "",
          score: "",
        },
      },
    ]);
  });

  it("reads only the first worksheet and resumes after a row", async () => {
    const table = await openTable(chunks(await bytes, 1024), "xlsx", specs, { startAfterRow: 4 });
    expect((await all(table.rows)).map((row) => row.rowNumber)).toEqual([7]);
  });

  it("reads every entry of the zip, the last one too, however the bytes arrive (600 reads)", async () => {
    // exceljs writes xl/workbook.xml last; unzipper's early 'end' used to lose it in about one read of 150
    const book = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet("台账");
      sheet.addRow(["企业名称", "统一社会信用代码"]);
      sheet.addRow(["贾汪区青山泉煤矿", "91320305MA1Q2B3C4D"]);
      workbook.addWorksheet("说明").addRow(["填表说明"]);
    });
    const sizes = [1024, 512, 4096, book.length];
    const failures: string[] = [];
    for (let read = 0; read < 600; read++) {
      try {
        const rows = await all((await openTable(chunks(book, sizes[read % sizes.length]), "xlsx", columns)).rows);
        if (rows.length !== 1 || rows[0]?.values.name !== "贾汪区青山泉煤矿") failures.push(`read ${read}: ${rows.length} rows`);
      } catch (error) {
        failures.push(`read ${read}: ${String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("keeps Chinese text whole when the file arrives in tiny chunks", async () => {
    const names = Array.from({ length: 300 }, (_, i) => `徐州市贾汪区第${i}号安全生产重点企业`);
    const book = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet("Sheet1");
      sheet.addRow(["企业名称", "统一社会信用代码"]);
      for (const name of names) sheet.addRow([name, "91320305MA1Q2B3C4D"]);
    });
    const rows = await all((await openTable(chunks(book, 7), "xlsx", columns)).rows);
    expect(rows.map((row) => row.values.name)).toEqual(names);
  });

  it("passes on the upload stream's own error instead of waiting for bytes that never come", async () => {
    const whole = await bytes;
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield whole.subarray(0, whole.length >> 1);
      throw new Error("connection reset");
    }
    const error = await openTable(broken(), "xlsx", specs).then(
      (table) => all(table.rows),
      (caught: unknown) => caught,
    );
    expect(error).toEqual(new Error("connection reset"));
  });

  /** A workbook whose `marker` text (in shared strings, or inline in the sheet) is replaced by raw bytes. */
  async function patchedWorkbook(inline: boolean, marker: string, bytes: number[]): Promise<Uint8Array> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("台账");
    sheet.addRow(["企业名称", "统一社会信用代码"]);
    sheet.addRow([`徐州${marker}机械`, "91320305MA1Q2B3C4D"]);
    sheet.addRow(["大吴化工厂", "91320305MA1Q2B3C5E"]);
    // jszip comes with exceljs (which writes .xlsx with it): the test edits the XML inside the zip.
    const zip = await JSZip.loadAsync(await book.xlsx.writeBuffer());
    const part = inline ? "xl/worksheets/sheet1.xml" : "xl/sharedStrings.xml";
    let xml = await zip.file(part)?.async("uint8array");
    if (!xml) throw new Error(`no ${part}`);
    if (inline) {
      const text = new TextDecoder().decode(xml);
      const strings = await zip.file("xl/sharedStrings.xml")?.async("string");
      const index = [...(strings ?? "").matchAll(/<si>(.*?)<\/si>/g)].findIndex((m) => m[1]?.includes(marker));
      xml = utf8(
        text.replace(
          new RegExp(`<c r="A2"([^>]*) t="s"><v>${index}</v></c>`),
          `<c r="A2"$1 t="inlineStr"><is><t>徐州${marker}机械</t></is></c>`,
        ),
      );
    }
    const at = indexOf(xml, utf8(marker));
    if (at < 0) throw new Error("marker not found");
    zip.file(part, Uint8Array.from([...xml.subarray(0, at), ...bytes, ...xml.subarray(at + marker.length)]));
    // Only the files, as Excel writes them: jszip also lists folders, and exceljs's streaming reader, given folder
    // entries, sometimes reads the worksheet before the workbook ("reading 'sheets'") — with or without this change.
    const files = new JSZip();
    for (const [name, entry] of Object.entries(zip.files)) if (!entry.dir) files.file(name, await entry.async("uint8array"));
    return files.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  }

  function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
    outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
      for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  it("refuses text that is not UTF-8 instead of reading it as U+FFFD, in shared strings and in the sheet", async () => {
    for (const inline of [false, true]) {
      const good = await patchedWorkbook(inline, "XXXX", [...utf8("某某")]);
      const rows = await all((await openTable(chunks(good, 64), "xlsx", columns)).rows);
      expect(rows[0]?.values.name, String(inline)).toBe("徐州某某机械");
      for (const bad of [
        [0xff, 0xfe],
        [0xed, 0xa0, 0x80], // an encoded surrogate
        [0xc0, 0xaf], // overlong
      ]) {
        const file = await patchedWorkbook(inline, "XXXX", bad);
        const error = await rejection(openTable(chunks(file, 64), "xlsx", columns).then((table) => all(table.rows)));
        expect(error.code, `${inline} ${bad}`).toBe("invalid_encoding");
      }
    }
  });

  it("fails as unreadable when the zip holds no spreadsheet", async () => {
    const error = await rejection(openTable(chunks(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), "xlsx", columns));
    expect(error.code).toBe("unreadable_xlsx");
  });
});
