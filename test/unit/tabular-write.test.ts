// Exporting registers: CSV with BOM and CRLF that Excel/WPS open in Chinese, formula-looking text kept inert,
// and .xlsx streamed row by row with text columns that never turn into numbers; both read back by our importer.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { openTable, type SheetRow } from "#tabular/read";
import { csvBytes, type ExportColumn, type ExportRow, xlsxBytes } from "#tabular/write";

const columns: ExportColumn[] = [
  { key: "name", header: "企业名称", width: 30 },
  { key: "creditCode", header: "统一社会信用代码" },
  { key: "phone", header: "联系电话" },
  { key: "note", header: "备注" },
  { key: "score", header: "得分" },
];

const rows: ExportRow[] = [
  { name: "徐州市贾汪区青山泉煤矿", creditCode: "91320305MA1Q2B3C4D", phone: "13912345678", note: "=1+1", score: 95.5 },
  { name: '大吴"化工", 有限公司', creditCode: "913203050000000001", phone: "+8613912345678", note: "第一行\n第二行", score: -3 },
  { name: "潘安湖建材", creditCode: null, phone: undefined, note: "@SUM(A1:A2)", score: null },
  { name: "-2+3", creditCode: "-3", phone: "0516-87654321", note: "\tcmd", score: 0 },
];

async function* from<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return new Uint8Array(Buffer.concat(parts));
}

async function* rechunk(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function all(table: AsyncIterable<SheetRow>): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const row of table) out.push(row);
  return out;
}

const specs = columns.map((column) => ({ key: column.key, headers: [column.header] }));
const asRead = (row: ExportRow) => Object.fromEntries(columns.map((column) => [column.key, String(row[column.key] ?? "").trim()]));

describe("CSV export", () => {
  it("starts with a BOM, ends lines with CRLF and quotes only what needs quoting", async () => {
    const bytes = await bytesOf(csvBytes(columns, from(rows.slice(0, 2))));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes); // strips the BOM
    expect(text).toBe(
      "企业名称,统一社会信用代码,联系电话,备注,得分\r\n" +
        "徐州市贾汪区青山泉煤矿,91320305MA1Q2B3C4D,13912345678,'=1+1,95.5\r\n" +
        '"大吴""化工"", 有限公司",913203050000000001,+8613912345678,"第一行\n第二行",-3\r\n',
    );
  });

  it("puts an apostrophe before formula-looking text but leaves plain numbers alone", async () => {
    const text = new TextDecoder().decode(await bytesOf(csvBytes(columns, from(rows.slice(2)))));
    expect(text.split("\r\n").slice(1)).toEqual(["潘安湖建材,,,'@SUM(A1:A2),", "'-2+3,-3,0516-87654321,'\tcmd,0", ""]);
  });

  it("reads back as it was written, formula-looking text included", async () => {
    const bytes = await bytesOf(csvBytes(columns, from(rows)));
    const table = await openTable(rechunk(bytes, 7), "csv", specs);
    expect(table.encoding).toBe("utf-8");
    const read = await all(table.rows);
    expect(read.map((row) => row.rowNumber)).toEqual([2, 3, 4, 5]);
    expect(read.map((row) => row.values)).toEqual(rows.map(asRead));
  });
});

describe(".xlsx export", () => {
  it("writes a bold, frozen header and text cells that stay text", async () => {
    const bytes = await bytesOf(xlsxBytes(columns, from(rows), { sheetName: "贾汪区/企业台账", title: "贾汪区企业台账" }));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error("no worksheet");
    expect(sheet.name).toBe("贾汪区 企业台账");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(sheet.getCell("A1").value).toBe("贾汪区企业台账");
    expect(sheet.getCell("A1").isMerged && sheet.getCell("E1").isMerged).toBe(true);
    expect(sheet.getRow(2).values).toEqual([undefined, "企业名称", "统一社会信用代码", "联系电话", "备注", "得分"]);
    expect(sheet.getCell("B2").font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(30);

    const phone = sheet.getCell("C3");
    expect(phone.value).toBe("13912345678");
    expect(phone.type).toBe(ExcelJS.ValueType.String);
    expect(phone.numFmt).toBe("@");
    const formulaLike = sheet.getCell("D3");
    expect(formulaLike.type).toBe(ExcelJS.ValueType.String);
    expect(formulaLike.value).toBe("=1+1");
    expect(formulaLike.formula).toBeUndefined();
    expect(sheet.getCell("B4").value).toBe("913203050000000001");
    expect(sheet.getCell("E4").value).toBe(-3);
    expect(sheet.getCell("B5").value).toBeNull();
  });

  it("reads back as it was written", async () => {
    const bytes = await bytesOf(xlsxBytes(columns, from(rows), { title: "贾汪区企业台账" }));
    const table = await openTable(rechunk(bytes, 1000), "xlsx", specs);
    expect(table.headerRow).toBe(2);
    const read = await all(table.rows);
    expect(read.map((row) => row.rowNumber)).toEqual([3, 4, 5, 6]);
    expect(read.map((row) => row.values)).toEqual(rows.map(asRead));
  });

  it("streams 20,000 rows: the first bytes come before the rows run out, and a stalled reader stalls the writer", async () => {
    const total = 20_000;
    let pulled = 0;
    async function* many(): AsyncGenerator<ExportRow> {
      for (pulled = 1; pulled <= total; pulled += 1) {
        yield {
          name: `徐州市贾汪区第${pulled}号企业`,
          creditCode: `91320305${String(pulled).padStart(10, "0")}`,
          phone: "13912345678",
          note: "",
          score: pulled,
        };
      }
    }
    const output = xlsxBytes(columns, many());
    const first = await output.next();
    expect(first.done).toBe(false);
    expect(pulled).toBeLessThan(total);
    // Nobody reads now: the writer must settle, holding a bounded part of the rows, instead of pulling them all.
    let before = -1;
    for (let turns = 0; turns < 30 && pulled !== before; turns += 1) {
      before = pulled;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(pulled).toBe(before);
    expect(pulled).toBeLessThan(total / 2);

    async function* rest(): AsyncGenerator<Uint8Array> {
      if (!first.done) yield first.value;
      yield* output;
    }
    const table = await openTable(rest(), "xlsx", specs);
    let expected = 2;
    for await (const row of table.rows) {
      expect(row.rowNumber).toBe(expected);
      expected += 1;
    }
    expect(expected - 2).toBe(total);
  });

  it("fails the download when the rows fail", async () => {
    async function* broken(): AsyncGenerator<ExportRow> {
      yield* rows;
      throw new Error("query failed");
    }
    await expect(bytesOf(xlsxBytes(columns, broken()))).rejects.toThrow("query failed");
  });

  it("stops pulling rows when the reader leaves early", async () => {
    let pulled = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<ExportRow> {
      try {
        for (;;) {
          pulled += 1;
          yield { name: `企业${pulled}`, note: "x".repeat(200) };
        }
      } finally {
        closed = true;
      }
    }
    for await (const _ of xlsxBytes(columns, endless())) break;
    expect(closed).toBe(true);
    expect(pulled).toBeGreaterThan(0);
  });
});
