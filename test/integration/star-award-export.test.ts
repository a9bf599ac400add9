// The awarded-star list exported through HTTP → app → DynamoDB Local and read back with our own spreadsheet reader:
// Chinese headers, the unit's credit code, town name, scheme, star and label code; the list's filters (town, label
// code, scheme, state); the state as of today (a star past its validity reads 已过期); another tenant's awards never.
import { beforeAll, describe, expect, it } from "vitest";
import { openTable } from "#tabular/read";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, creditCode } from "#test/support/register";
import { type AwardedUnit, awardedUnit } from "#test/support/stars";

const day = 86_400_000;
const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let first: AwardedUnit;
let second: AwardedUnit;
let town1: string;

const headers = [
  "授星编号",
  "单位名称",
  "统一社会信用代码",
  "镇（街道）",
  "星级方案",
  "星级名称",
  "标签代码",
  "状态",
  "授星日期",
  "有效期至",
  "牌匾编号",
];
const columns = headers.map((header) => ({ key: header, headers: [header] }));

async function download(query: string, token = admin) {
  const res = await h.app.request(`/v1/star-awards/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** The file's rows as header → cell, read back by the import's own reader. */
async function rowsOf(bytes: Uint8Array, format: "csv" | "xlsx"): Promise<Record<string, string>[]> {
  async function* once() {
    yield bytes;
  }
  const table = await openTable(once(), format, columns);
  expect(Object.keys(table.header.columns).sort()).toEqual([...headers].sort());
  const rows: Record<string, string>[] = [];
  for await (const row of table.rows) rows.push(row.values);
  return rows;
}

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  const by = {
    admin,
    inspector: await h.token("inspector", "320312", "inspector-li"),
    verifier: await h.token("inspector", "320312", "inspector-wang"),
  };
  const p1 = await addPlace(h, admin, "宝盖镇");
  const p2 = await addPlace(h, admin, "蚶江镇");
  town1 = p1.townId;
  first = await awardedUnit(h, by, p1, 1, "2026-11-25");
  clock.advance(day);
  second = await awardedUnit(h, by, p2, 2, "2026-11-26");
  const stars = (await h.request("GET", `/v1/enterprises/${second.unit.id}/stars`, { token: admin })).body.current;
  const one = stars.find((a: { starId: string }) => a.starId === "one-star");
  const revoked = await h.request("POST", `/v1/star-awards/${one.id}/revoke`, { token: admin, body: { reason: "复核发现台账造假" } });
  expect(revoked.status).toBe(200);
});

describe("GET /v1/star-awards/export", () => {
  it("streams every award as CSV with a BOM and Chinese headers, the codes a portal matches on", async () => {
    const { res, bytes } = await download("format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(decodeURIComponent(res.headers.get("content-disposition") ?? "")).toContain("星级评定名单-2026-11-26.csv");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).split("\r\n")[0]).toBe(headers.join(","));
    const rows = await rowsOf(bytes, "csv");
    expect(rows).toHaveLength(6);
    const listed = await h.request("GET", "/v1/star-awards?limit=100", { token: admin });
    expect(rows.map((r) => r.授星编号)).toEqual(listed.body.items.map((a: { id: string }) => a.id)); // the list's order, newest first
    const revoked = rows.find((r) => r.单位名称 === second.unit.name && r.标签代码 === "SS-STAR-1");
    expect(revoked).toMatchObject({
      统一社会信用代码: creditCode(2),
      "镇（街道）": "蚶江镇",
      星级名称: "一星",
      状态: "已撤销",
      授星日期: "2026-11-26",
      有效期至: "2027-11-25",
      牌匾编号: "",
    });
    expect(revoked?.星级方案).toBe("安全生产星级评定（标准化提质增效）");
    expect(
      rows
        .filter((r) => r.单位名称 === first.unit.name)
        .map((r) => `${r.标签代码}:${r.状态}:${r.统一社会信用代码}`)
        .sort(),
    ).toEqual([`SS-STAR-1:有效:${creditCode(1)}`, `SS-STAR-2:有效:${creditCode(1)}`, `SS-STAR-3:有效:${creditCode(1)}`]);
  });

  it("applies the list's filters: town, label code, scheme and state", async () => {
    const labels = async (query: string) =>
      (await rowsOf((await download(`format=csv&${query}`)).bytes, "csv")).map((r) => `${r["镇（街道）"]}:${r.标签代码}:${r.状态}`).sort();
    expect(await labels(`townId=${town1}`)).toEqual(["宝盖镇:SS-STAR-1:有效", "宝盖镇:SS-STAR-2:有效", "宝盖镇:SS-STAR-3:有效"]);
    expect(await labels("labelCode=SS-STAR-1")).toEqual(["宝盖镇:SS-STAR-1:有效", "蚶江镇:SS-STAR-1:已撤销"]);
    expect(await labels("state=revoked")).toEqual(["蚶江镇:SS-STAR-1:已撤销"]);
    expect(await labels(`schemeId=${second.schemeId}&state=active`)).toEqual(["蚶江镇:SS-STAR-2:有效", "蚶江镇:SS-STAR-3:有效"]);
    expect(await labels(`townId=${town1}&labelCode=SS-STAR-2`)).toEqual(["宝盖镇:SS-STAR-2:有效"]);
  });

  it("writes .xlsx that reads back to the same rows", async () => {
    const xlsx = await download(`townId=${town1}`);
    expect(xlsx.res.status).toBe(200);
    expect(xlsx.res.headers.get("content-type")).toContain("spreadsheetml");
    expect([...xlsx.bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
    const csv = await download(`townId=${town1}&format=csv`);
    expect(await rowsOf(xlsx.bytes, "xlsx")).toEqual(await rowsOf(csv.bytes, "csv"));
  });

  it("shows a star past its last valid day as expired before the weekly refresh records it", async () => {
    clock.advance(400 * day);
    const rows = await rowsOf((await download(`format=csv&townId=${town1}&state=active`)).bytes, "csv");
    expect(rows.map((r) => r.状态)).toEqual(["已过期", "已过期", "已过期"]);
    clock.advance(-400 * day);
  });

  it("refuses bad filters with the list's errors, in Chinese or English", async () => {
    const bad = await h.request("GET", "/v1/star-awards/export?state=held&format=pdf", {
      token: admin,
      headers: { "accept-language": "en" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(["query.format", "query.state"]);
    const zh = await h.request("GET", "/v1/star-awards/export?labelCode=x", { token: admin });
    expect(zh.status).toBe(400);
    expect(zh.body.error.message).toBe("请求参数校验失败");
  });

  it("gives another tenant none of these awards, and a key without stars:read nothing at all", async () => {
    const city = await download(`format=csv&townId=${town1}`, await h.token("tenant-admin", "320300"));
    expect(city.res.status).toBe(200);
    expect(await rowsOf(city.bytes, "csv")).toEqual([]);
    const all = await rowsOf((await download("format=csv", await h.token("viewer", "320300"))).bytes, "csv");
    expect(all).toEqual([]);
    const key = await h.addApiKey("320312", ["enterprises:read"]);
    const refused = await h.request("GET", "/v1/star-awards/export?format=csv", { apiKey: key.token });
    expect([refused.status, refused.body.error.details.required]).toEqual([403, "stars:read"]);
  });
});
