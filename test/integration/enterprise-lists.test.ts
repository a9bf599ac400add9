// Register lists: every filter alone and combined, name-prefix and credit-code search, stable order by name,
// signed cursors; each answered from its own index partition (checked against the units created here).
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, type TestResponse } from "#test/support/harness";
import { addPlace, creditCode, enterpriseBody, type Place } from "#test/support/register";

interface Unit {
  id: string;
  name: string;
  creditCode: string;
  townId: string;
  gridId: string | null;
  industry: { divisionCode: string };
  sizeClass: string;
  riskLevel: string | null;
  productionStatus: string;
  venueType: string | null;
  hostId: string | null;
}

let h: Harness;
let token: string;
let towns: Place[];
let units: Unit[];

const sizes = ["above-scale", "medium", "small-micro"];
const risks = ["red", "orange", "yellow", "blue", null];
const statuses = ["producing", "partial", "halted", "preparing", "closed"];
const industries = ["3311", "5211", "3391", "6110"];
const venues = [null, "shop", "eatery", null];

beforeAll(async () => {
  h = await createHarness();
  token = await h.token("tenant-admin", "320312");
  towns = [await addPlace(h, token, "青山泉镇"), await addPlace(h, token, "汴塘镇")];
  units = [];
  for (let n = 0; n < 14; n++) {
    const place = towns[n % 2] as Place;
    const host = n >= 10 ? (units[0] as Unit).id : null;
    const res = await h.request("POST", "/v1/enterprises", {
      token,
      body: enterpriseBody(100 + n, place, {
        name: `${n % 3 === 0 ? "徐州" : "江苏"}列表${String.fromCharCode(0x4e00 + ((n * 7) % 14))}有限公司`,
        gridId: n % 4 === 3 ? null : place.gridId,
        industryCode: industries[n % 4],
        sizeClass: sizes[n % 3],
        riskLevel: risks[n % 5],
        productionStatus: statuses[n % 5],
        venueType: venues[n % 4],
        hostId: host,
      }),
    });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    units.push(res.body);
  }
});

/** Follows cursors with small pages and returns the ids in the order served. */
async function all(query: string, limit = 3): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const sep = query ? "&" : "";
    const res: TestResponse = await h.request(
      "GET",
      `/v1/enterprises?${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      {
        token,
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...res.body.items.map((u: { id: string }) => u.id));
    cursor = res.body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error("too many pages");
}

const byName = (a: Unit, b: Unit) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1);
const expected = (keep: (u: Unit) => boolean) =>
  units
    .filter(keep)
    .sort(byName)
    .map((u) => u.id);

describe("register lists", () => {
  it("lists everything by name then id, the same across page sizes", async () => {
    const ids = await all("", 4);
    expect(ids).toEqual(expected(() => true));
    expect(await all("", 50)).toEqual(ids);
  });

  it("serves each filter alone", async () => {
    const t0 = towns[0] as Place;
    const host = (units[0] as Unit).id;
    const cases: [string, (u: Unit) => boolean][] = [
      [`townId=${t0.townId}`, (u) => u.townId === t0.townId],
      [`gridId=${t0.gridId}`, (u) => u.gridId === t0.gridId],
      ["industry=33", (u) => u.industry.divisionCode === "33"],
      ["industry=52", (u) => u.industry.divisionCode === "52"],
      ["sizeClass=medium", (u) => u.sizeClass === "medium"],
      ["riskLevel=red", (u) => u.riskLevel === "red"],
      ["riskLevel=none", (u) => u.riskLevel === null],
      ["productionStatus=halted", (u) => u.productionStatus === "halted"],
      ["venueType=shop", (u) => u.venueType === "shop"],
      ["venueType=none", (u) => u.venueType === null],
      [`hostId=${host}`, (u) => u.hostId === host],
      [`namePrefix=${encodeURIComponent("徐州")}`, (u) => u.name.startsWith("徐州")],
    ];
    for (const [query, keep] of cases) {
      const want = expected(keep);
      expect(want.length, query).toBeGreaterThan(0);
      expect(await all(query), query).toEqual(want);
    }
  });

  it("combines filters with AND", async () => {
    const t1 = towns[1] as Place;
    const cases: [string, (u: Unit) => boolean][] = [
      [`townId=${t1.townId}&sizeClass=small-micro`, (u) => u.townId === t1.townId && u.sizeClass === "small-micro"],
      ["industry=33&riskLevel=none", (u) => u.industry.divisionCode === "33" && u.riskLevel === null],
      [
        `townId=${t1.townId}&namePrefix=${encodeURIComponent("江苏")}&productionStatus=producing`,
        (u) => u.townId === t1.townId && u.name.startsWith("江苏") && u.productionStatus === "producing",
      ],
      ["venueType=eatery&riskLevel=red", (u) => u.venueType === "eatery" && u.riskLevel === "red"],
    ];
    for (const [query, keep] of cases) expect(await all(query, 2), query).toEqual(expected(keep));
  });

  it("finds one unit by credit code, in any case, and applies the other filters to it", async () => {
    const u = units[5] as Unit;
    expect(await all(`creditCode=${creditCode(105).toLowerCase()}`)).toEqual([u.id]);
    expect(await all(`creditCode=${creditCode(105)}&townId=${u.townId}`)).toEqual([u.id]);
    expect(await all(`creditCode=${creditCode(105)}&riskLevel=${u.riskLevel === "red" ? "blue" : "red"}`)).toEqual([]);
    expect(await all(`creditCode=${creditCode(999)}`)).toEqual([]);
  });

  it("keeps the list true after changes: a renamed or re-rated unit moves, a deleted one leaves", async () => {
    const u = units[1] as Unit;
    const res = await h.request("PATCH", `/v1/enterprises/${u.id}`, { token, body: { name: "徐州改名有限公司", riskLevel: "red" } });
    expect(res.status).toBe(200);
    Object.assign(u, res.body);
    expect(await all("riskLevel=red")).toEqual(expected((x) => x.riskLevel === "red"));
    expect(await all(`namePrefix=${encodeURIComponent("徐州改名")}`)).toEqual([u.id]);
    const gone = units[2] as Unit;
    expect((await h.request("DELETE", `/v1/enterprises/${gone.id}`, { token })).status).toBe(200);
    units = units.filter((x) => x.id !== gone.id);
    expect(await all("")).toEqual(expected(() => true));
    expect(await all(`townId=${gone.townId}`)).toEqual(expected((x) => x.townId === gone.townId));
  });

  it("refuses tampered cursors, cursors from another list, and bad filter values", async () => {
    const first = await h.request("GET", "/v1/enterprises?limit=2", { token });
    const cursor: string = first.body.nextCursor;
    expect(cursor).toBeTruthy();
    const tampered = `${cursor.slice(0, -2)}${cursor.endsWith("A") ? "B" : "A"}A`;
    expect((await h.request("GET", `/v1/enterprises?limit=2&cursor=${tampered}`, { token })).status).toBe(400);
    const elsewhere = await h.request("GET", `/v1/enterprises?limit=2&riskLevel=red&cursor=${encodeURIComponent(cursor)}`, { token });
    expect(elsewhere.status).toBe(400);
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", `/v1/enterprises?limit=2&cursor=${encodeURIComponent(cursor)}`, { token: city })).status).toBe(400);
    const bad = await h.request("GET", "/v1/enterprises?riskLevel=purple&industry=3", { token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(["query.industry", "query.riskLevel"]);
  });
});
