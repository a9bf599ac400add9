// Key hazard lists (重点隐患清单) through HTTP → app → DynamoDB Local: a department named in the tenant's settings
// publishes one per half month from hazards it picks; the list keeps them as published and shows how they stand
// now; refusals name the field; another tenant sees nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let inspector: string;
let hazardIds: string[];

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  // A member of both departments by the token's claim (department-members.test.ts: who else may publish).
  inspector = await h.token("inspector", "320312", "inspector-li", ["应急管理局", "住建局"]);
  const place = await addPlace(h, admin, "柳新镇");
  const unit = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) })).body;
  hazardIds = [];
  for (const description of ["粉尘涉爆除尘系统未接地", "有限空间未审批"]) {
    const res = await h.request("POST", "/v1/hazards", {
      token: inspector,
      body: {
        enterpriseId: unit.id,
        category: "工贸行业",
        description,
        severity: "major",
        source: "inspection",
        foundBy: { name: "李检查" },
        foundOn: "2026-11-20",
      },
    });
    hazardIds.push(res.body.id);
  }
  const settings = await h.request("PATCH", "/v1/settings", { token: admin, body: { departments: ["应急管理局", "住建局"] } });
  if (settings.status !== 200) throw new Error(JSON.stringify(settings.body));
});

describe("key hazard lists", () => {
  it("a department publishes its half month's list; it shows each hazard as published and as it stands now", async () => {
    const res = await h.request("POST", "/v1/key-hazard-lists", {
      token: inspector,
      body: { department: "应急管理局", period: "2026-11-2", hazardIds, note: "工贸行业粉尘涉爆专项" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ department: "应急管理局", period: "2026-11-2", publishedBy: { id: "inspector-li" } });
    expect(res.body.hazards.map((x: { id: string; state: string }) => `${x.id}:${x.state}`)).toEqual(
      hazardIds.map((id) => `${id}:reported`),
    );

    await h.request("POST", `/v1/hazards/${hazardIds[0]}/assign`, {
      token: inspector,
      body: { rectification: { measure: "除尘系统接地", responsible: { name: "王厂长" }, deadline: "2026-11-30" } },
    });
    const read = await h.request("GET", `/v1/key-hazard-lists/${res.body.id}`, { token: await h.token("viewer", "320312") });
    expect(read.body.hazards[0]).toMatchObject({ state: "reported", now: { state: "assigned", deadline: "2026-11-30", overdue: false } });
    expect(read.body.hazards[1]).toMatchObject({ state: "reported", now: { state: "reported", deadline: null } });

    const again = await h.request("POST", "/v1/key-hazard-lists", {
      token: inspector,
      body: { department: "应急管理局", period: "2026-11-2", hazardIds: [hazardIds[1]] },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "key_list_exists", details: { id: res.body.id } });

    const other = await h.request("POST", "/v1/key-hazard-lists", {
      token: inspector,
      body: { department: "住建局", period: "2026-11-1", hazardIds: [hazardIds[1]] },
    });
    expect(other.status).toBe(201);
    const ids = async (query: string) =>
      (await h.request("GET", `/v1/key-hazard-lists?${query}`, { token: inspector })).body.items.map(
        (i: { department: string }) => i.department,
      );
    expect(await ids("")).toEqual(["应急管理局", "住建局"]);
    expect(await ids("period=2026-11-1")).toEqual(["住建局"]);
    expect(await ids("department=应急管理局")).toEqual(["应急管理局"]);

    const csv = await h.app.request(`/v1/key-hazard-lists/${res.body.id}/export?format=csv`, {
      headers: { authorization: `Bearer ${inspector}` },
    });
    const text = new TextDecoder().decode(await csv.arrayBuffer());
    expect(text.trim().split("\r\n")).toHaveLength(3);
    expect(text).toContain("粉尘涉爆除尘系统未接地");
    expect(text).toContain("已交办");
  });

  it("holds more hazards than one batch read takes (up to 200)", async () => {
    const first = (await h.request("GET", `/v1/hazards/${hazardIds[0]}`, { token: inspector })).body;
    const many: string[] = [];
    for (let i = 0; i < 101; i++) {
      const res = await h.request("POST", "/v1/hazards", {
        token: inspector,
        body: {
          enterpriseId: first.enterpriseId,
          category: "消防安全",
          description: `通道堵塞 ${i}`,
          severity: "general",
          source: "grid-patrol",
          foundBy: { name: "网格员" },
          foundOn: "2026-10-20",
        },
      });
      many.push(res.body.id);
    }
    const res = await h.request("POST", "/v1/key-hazard-lists", {
      token: inspector,
      body: { department: "住建局", period: "2026-10-2", hazardIds: many },
    });
    expect(res.status).toBe(201);
    expect(res.body.hazards).toHaveLength(101);
    const read = await h.request("GET", `/v1/key-hazard-lists/${res.body.id}`, { token: inspector });
    expect(read.body.hazards.filter((x: { now: unknown }) => x.now !== null)).toHaveLength(101);
  });

  it("refuses an unknown department, a half month to come and unknown hazards, all at once", async () => {
    const res = await h.request("POST", "/v1/key-hazard-lists", {
      token: inspector,
      body: { department: "交通局", period: "2026-12-1", hazardIds: [hazardIds[0], "01jaaaaaaaaaaaaaaaaaaaaaaa"] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual([
      "department:unknown_department",
      "period:period_in_future",
      "hazardIds.1:unknown_hazard",
    ]);
    const bad = await h.request("POST", "/v1/key-hazard-lists", {
      token: inspector,
      body: { department: "住建局", period: "2026-11-3", hazardIds },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe("period");
  });

  it("another tenant sees none of them, and cannot list another tenant's hazards", async () => {
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", "/v1/key-hazard-lists", { token: city })).body.items).toEqual([]);
    await h.request("PATCH", "/v1/settings", { token: city, body: { departments: ["应急管理局"] } });
    const res = await h.request("POST", "/v1/key-hazard-lists", {
      token: city,
      body: { department: "应急管理局", period: "2026-11-2", hazardIds },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.map((f: { code: string }) => f.code)).toEqual(["unknown_hazard", "unknown_hazard"]);
  });
});
