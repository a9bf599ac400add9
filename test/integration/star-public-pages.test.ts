// The public side of star ratings through HTTP → app → DynamoDB Local, without a credential: a unit's current stars
// on its placard page (suspended ones marked, without their reasons; revoked and expired ones gone, an expiry by
// the date alone before the weekly refresh records it) and a scheme's public roll (公开公示): newest award first, a
// unit's stars together, paged by an opaque cursor (a tampered one is a 400 page), 404 for what it must not show,
// and the public pages' headers on every answer.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";
import { type AwardedUnit, awardedUnit, shishiScheme } from "#test/support/stars";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let by: { admin: string; inspector: string; verifier: string };
let place: Place;
let otherPlace: Place;
let rated: AwardedUnit;
let schemeTitle: string;

const persons = {
  first: { name: "张三", phone: "13912345678", title: "总经理" },
  inCharge: { name: "李四", phone: "0516-87654321" },
  specific: [{ name: "王五", phone: "13800001111", title: "车间主任" }],
};
const plaque = { date: "2026-11-25", number: "石安星〔2026〕001号" };
const today = () => new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

async function page(path: string) {
  const res = await h.request("GET", path);
  return { status: res.status, headers: res.headers, html: String(res.body) };
}

async function placardPath(enterpriseId: string): Promise<{ id: string; path: string }> {
  const res = await h.request("POST", "/v1/placards", { token: by.inspector, body: { enterpriseId, persons } });
  if (res.status !== 201) throw new Error(`placard: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, path: new URL(res.body.publicUrl).pathname };
}

const rollPath = (schemeId: string, tenantId = "320312") => `/p/${tenantId}/stars/${schemeId}`;

/** The units on a roll page: name, town, and each star's name and whether it is marked suspended. */
function entries(html: string) {
  return [...html.matchAll(/<li class="entry">([\s\S]*?)<\/ul><\/li>/g)].map(([, entry = ""]) => ({
    name: /<p class="name">([^<]*)<\/p>/.exec(entry)?.[1],
    town: /所在镇（街道）：([^<]*)</.exec(entry)?.[1],
    stars: [...entry.matchAll(/<li class="star( star-suspended)?">[\s\S]*?<\/span>([^<]*)/g)].map(([, suspended, name]) =>
      suspended ? `${name}(暂停)` : name,
    ),
  }));
}

const nextCursor = (html: string) => {
  const href = /<a class="more" href="\?page=([^"]+)" rel="next">下一页<\/a>/.exec(html)?.[1];
  return href === undefined ? undefined : decodeURIComponent(href);
};

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  by = {
    admin,
    inspector: await h.token("inspector", "320312", "inspector-li"),
    verifier: await h.token("inspector", "320312", "inspector-wang"),
  };
  place = await addPlace(h, admin, "宝盖镇");
  otherPlace = await addPlace(h, admin, "灵秀镇");
  rated = await awardedUnit(h, by, place, 1, "2026-11-25", { award: { plaque }, unit: { name: "石狮<b>星光</b>机械有限公司" } });
  schemeTitle = (await h.request("GET", `/v1/star-schemes/${rated.schemeId}`, { token: admin })).body.title.zh;
}, 120_000);

describe("a unit's stars on its placard page", () => {
  it("lists the current stars with the scheme, since, valid until and plaque number, and links the scheme's roll", async () => {
    const { path } = await placardPath(rated.unit.id);
    const { status, html } = await page(path);
    expect(status).toBe(200);
    expect(html).toContain("<h2>星级</h2>");
    expect(html).toContain(`<p class="scheme-title">${schemeTitle}</p>`);
    const positions = ["一星", "二星", "三星"].map((name) => html.indexOf(`</span>${name}</p>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions); // by label code: one, two, three stars
    expect(html).toContain(
      '<time datetime="2026-11-25">2026年11月25日</time>起，有效期至<time datetime="2027-11-24">2027年11月24日</time>',
    );
    expect(html.split("牌号：石安星〔2026〕001号")).toHaveLength(4);
    expect(html).toContain(`<a class="more" href="stars/${rated.schemeId}">查看公开公示名单</a>`);
    expect(html).not.toContain("暂停");
  });

  it("shows no stars block for a unit without stars, nor on a revoked placard's page", async () => {
    const plain = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(2, place) });
    expect((await page((await placardPath(plain.body.id)).path)).html).not.toContain("星级");
    const placard = await placardPath(rated.unit.id);
    await h.request("POST", `/v1/placards/${placard.id}/revoke`, { token: by.inspector, body: { reason: "已更换新牌" } });
    const revoked = await page(placard.path);
    expect(revoked.html).toContain("本公示牌已撤销");
    expect(revoked.html).not.toContain("星级");
  });

  it("marks a suspended star 暂停 without saying why, and drops a revoked one, on the placard page and the roll", async () => {
    const flagged = await h.request("PUT", `/v1/enterprises/${rated.unit.id}/sham-flag`, {
      token: admin,
      body: { reason: "台账与现场不符，应急演练记录系补写", assessmentId: rated.assessmentId },
    });
    expect(flagged.status).toBe(200);
    const { current } = (await h.request("GET", `/v1/enterprises/${rated.unit.id}/stars`, { token: admin })).body;
    const three = current.find((a: { starId: string }) => a.starId === "three-star");
    const revoked = await h.request("POST", `/v1/star-awards/${three.id}/revoke`, { token: admin, body: { reason: "复核发现问题" } });
    expect(revoked.status).toBe(200);

    const { html } = await page((await placardPath(rated.unit.id)).path);
    expect(html.split('<span class="tag">暂停</span>')).toHaveLength(3);
    expect(html.split("该星级暂停，待核查。")).toHaveLength(3);
    expect(html).not.toContain("三星");
    for (const secret of ["台账", "纸上标准化", "复核发现问题", "sham"]) expect(html).not.toContain(secret);

    const roll = await page(rollPath(rated.schemeId));
    expect(roll.status).toBe(200);
    expect(entries(roll.html)).toEqual([
      { name: "石狮&lt;b&gt;星光&lt;/b&gt;机械有限公司", town: "宝盖镇", stars: ["一星(暂停)", "二星(暂停)"] },
    ]);
    for (const secret of ["台账", "纸上标准化", "复核发现问题"]) expect(roll.html).not.toContain(secret);
  });
});

describe("a scheme's public roll", () => {
  let schemeId: string;
  let names: string[];
  let units: { id: string; name: string }[];

  beforeAll(async () => {
    schemeId = await shishiScheme(h, admin);
    units = [];
    for (let n = 0; n < 17; n++) {
      clock.advance(1000); // each review a second after the one before
      units.push((await awardedUnit(h, by, n % 2 === 0 ? place : otherPlace, 100 + n, today(), { schemeId })).unit);
    }
    names = units.map((u) => u.name);
  }, 240_000);

  it("lists the units newest award first, each with its town and stars, 50 awards a page, a unit never split", async () => {
    const first = await page(rollPath(schemeId));
    expect(first.status).toBe(200);
    expect(first.html).toContain(`<h1>${schemeTitle}</h1>`);
    expect(first.html).toContain('<p class="unit">公开公示</p>');
    expect(first.html).toContain('<p class="issuer">铜山区</p>');
    const one = entries(first.html);
    // 51 awards: the first 50 end inside the earliest unit's three, which move to the next page whole.
    expect(one.map((e) => e.name)).toEqual(names.slice(1).reverse());
    expect(one[0]).toEqual({ name: names[16], town: "宝盖镇", stars: ["一星", "二星", "三星"] });
    expect(one[1]?.town).toBe("灵秀镇");
    expect(first.html).not.toContain("返回第一页");
    const cursor = nextCursor(first.html);
    expect(cursor).toBeDefined();

    const second = await page(`${rollPath(schemeId)}?page=${encodeURIComponent(cursor ?? "")}`);
    expect(second.status).toBe(200);
    expect(entries(second.html)).toEqual([{ name: names[0], town: "宝盖镇", stars: ["一星", "二星", "三星"] }]);
    expect(nextCursor(second.html)).toBeUndefined();
    expect(second.html).toContain(`<a class="more" href="${schemeId}">返回第一页</a>`);
  });

  it("leaves a deleted unit out, and shows a unit's name and town as they are now", async () => {
    const [newest, next] = [units[16], units[15]];
    if (!newest || !next) throw new Error("units missing");
    expect((await h.request("DELETE", `/v1/enterprises/${newest.id}`, { token: admin })).status).toBe(200);
    const renamed = await h.request("PATCH", `/v1/enterprises/${next.id}`, { token: admin, body: { name: "石狮新名机械有限公司" } });
    expect(renamed.status).toBe(200);
    const shown = entries((await page(rollPath(schemeId))).html);
    expect(shown.map((e) => e.name)).not.toContain(newest.name);
    expect(shown[0]?.name).toBe("石狮新名机械有限公司");
    await h.request("POST", `/v1/enterprises/${newest.id}/restore`, { token: admin, body: {} });
  });

  it("answers a page link that is not this roll's with a 400 page, never a JSON error or a 500", async () => {
    const cursor = nextCursor((await page(rollPath(schemeId))).html) ?? "";
    const flipped = `${cursor.slice(0, -1)}${cursor.endsWith("A") ? "B" : "A"}`;
    const apiCursor = (await h.request("GET", `/v1/star-awards?schemeId=${schemeId}&limit=1`, { token: admin })).body.nextCursor;
    for (const path of [
      `${rollPath(schemeId)}?page=${encodeURIComponent(flipped)}`,
      `${rollPath(schemeId)}?page=garbage`,
      `${rollPath(schemeId)}?page=${"x".repeat(3000)}`,
      `${rollPath(rated.schemeId)}?page=${encodeURIComponent(cursor)}`, // another roll's
      `${rollPath(schemeId)}?page=${encodeURIComponent(apiCursor)}`, // the JSON API's list of the same scheme
      `${rollPath(schemeId)}?page=a&page=b`,
    ]) {
      const bad = await page(path);
      expect(bad.status, path).toBe(400);
      expect(bad.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(bad.html).toContain("分页链接无效");
      expect(bad.html).toContain(`href="${path.split("?")[0]?.split("/").at(-1)}"`);
    }
  });

  it("answers 404 for an unknown, unpublished or other tenant's scheme, and for an unknown or suspended tenant", async () => {
    const unpublished = (await h.request("POST", "/v1/star-scheme-library/shishi-standardization-stars-2024/copy", { token: admin })).body
      .id;
    const city = await h.token("tenant-admin", "320300");
    const cityScheme = await shishiScheme(h, city);
    const cityRoll = await page(rollPath(cityScheme, "320300"));
    expect(cityRoll.status).toBe(200);
    expect(cityRoll.html).toContain("暂无持有现行星级的单位。");
    for (const path of [
      rollPath("0".repeat(26)),
      rollPath("nope"),
      rollPath(unpublished),
      rollPath(cityScheme), // the city's scheme asked for under this district
      rollPath(schemeId, "320300"), // this district's scheme asked for under the city
      rollPath(schemeId, "999999"),
      rollPath(schemeId, "abc"),
    ]) {
      const missing = await page(path);
      expect(missing.status, path).toBe(404);
      expect(missing.html).toContain("未找到该公示名单");
    }

    const placard = await placardPath(rated.unit.id);
    const ops = await h.platformToken();
    expect((await h.request("PATCH", "/v1/tenants/320312", { token: ops, body: { status: "suspended" } })).status).toBe(200);
    clock.advance(61_000); // past the one-minute registry cache
    expect((await page(rollPath(schemeId))).status).toBe(404);
    expect((await page(placard.path)).status).toBe(404);
    await h.request("PATCH", "/v1/tenants/320312", { token: ops, body: { status: "active" } });
    clock.advance(61_000);
    expect((await page(rollPath(schemeId))).status).toBe(200);
  });

  it("answers every page with the placard page's headers: its one hashed stylesheet, no script, noindex, nothing outside", async () => {
    const { path: placard } = await placardPath(rated.unit.id);
    const placardCsp = (await page(placard)).headers.get("content-security-policy");
    for (const path of [rollPath(schemeId), `${rollPath(schemeId)}?page=bad`, rollPath("nope")]) {
      const { headers, html } = await page(path);
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
      expect(styles).toHaveLength(1);
      const hash = createHash("sha256")
        .update(styles[0]?.[1] ?? "", "utf8")
        .digest("base64");
      expect(headers.get("content-security-policy")).toBe(
        `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      );
      expect(headers.get("content-security-policy")).toBe(placardCsp);
      expect(headers.get("x-robots-tag")).toBe("noindex, nofollow");
      expect(headers.get("referrer-policy")).toBe("no-referrer");
      expect(headers.get("cache-control")).toBe("public, max-age=60");
      expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
      expect(html).not.toMatch(/<script|\son\w+=|style="|javascript:/i);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    }
  });
});

describe("expiry by the date alone", () => {
  it("drops a star after its last valid day from both pages, before the weekly refresh records it", async () => {
    const schemeId = await shishiScheme(h, admin);
    const unit = await awardedUnit(h, by, place, 300, today(), { schemeId });
    const { path } = await placardPath(unit.unit.id);
    clock.advance(Date.parse("2027-11-24T02:00:00Z") - clock.now().getTime()); // the last valid day
    expect((await page(path)).html).toContain("<h2>星级</h2>");
    expect(entries((await page(rollPath(schemeId))).html)).toHaveLength(1);
    clock.advance(86_400_000);
    expect((await page(path)).html).not.toContain("星级");
    const roll = await page(rollPath(schemeId));
    expect(entries(roll.html)).toEqual([]);
    expect(roll.html).toContain("暂无持有现行星级的单位。");
    // Still recorded active: the pages went by the date.
    const recorded = await h.request("GET", `/v1/star-awards?schemeId=${schemeId}&state=active`, { token: admin });
    expect(recorded.body.items).toHaveLength(3);
  });
});
