// The parent city's review of a district's campaign (复核) through HTTP → app → DynamoDB Local: 铜山区 grants 徐州市
// review of one campaign; the city lists it, reads that campaign's assessments — and nothing else of the district —
// and verifies or returns those handed in, recorded in both audit trails; another city, another campaign and other
// assessments stay out of reach; revoking the grant ends access at the next request.
import { beforeAll, describe, expect, it } from "vitest";
import type { RubricDefinition } from "#core/assessments/rubric";
import { answersFor } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

const clock = manualClock(new Date("2026-12-20T02:00:00Z"));
let h: Harness;
let admin: string;
let inspector: string;
let cityInspector: string;
let cityViewer: string;
let place: Place;
let definition: RubricDefinition;
const units: { id: string }[] = [];

async function campaign() {
  const res = await h.request("POST", "/v1/campaigns", {
    token: admin,
    body: {
      name: "标准化帮扶专项行动",
      period: { from: "2026-11-01", to: "2027-01-20" },
      scope: { townIds: [place.townId] },
      stages: [{ id: "review", name: "市级复核", assessmentStage: "review", deadline: "2026-12-31" }],
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

async function handedIn(campaignId: string | null, enterpriseId: string) {
  const open = await h.request("POST", "/v1/assessments", {
    token: inspector,
    body: {
      target: { type: "enterprise", id: enterpriseId },
      rubric: { id: "shishi-enterprise-2024", version: 1 },
      stage: "review",
      assessor: { name: "陈秋茹", organization: "区应急局" },
      assessedOn: "2026-12-18",
      ...(campaignId ? { campaign: { campaignId } } : {}),
    },
  });
  expect(open.status).toBe(201);
  expect(
    (await h.request("PATCH", `/v1/assessments/${open.body.id}`, { token: inspector, body: { answers: answersFor(definition) } })).status,
  ).toBe(200);
  expect((await h.request("POST", `/v1/assessments/${open.body.id}/submit`, { token: inspector })).status).toBe(200);
  return open.body.id as string;
}

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "district-li");
  cityInspector = await h.token("inspector", "320300", "city-zhou");
  cityViewer = await h.token("viewer", "320300", "city-wu");
  place = await addPlace(h, admin, "柳新镇");
  for (let n = 1; n <= 2; n++)
    units.push((await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(n, place) })).body);
  definition = (await h.request("GET", "/v1/rubric-library/shishi-enterprise-2024", { token: inspector })).body.definition;
});

describe("the city's review of a district's campaign", () => {
  it("reads, verifies and returns the campaign's assessments once granted, recorded in both audit trails", async () => {
    const c = await campaign();
    const first = await handedIn(c.id, units[0]?.id as string);
    const second = await handedIn(c.id, units[1]?.id as string);
    const outside = await handedIn(null, units[0]?.id as string);
    const path = `/v1/reviews/320312/${c.id}`;
    expect((await h.request("GET", `${path}/assessments`, { token: cityInspector })).status).toBe(404);

    const granted = await h.request("POST", `/v1/campaigns/${c.id}/review-grant`, { token: admin, body: { note: "请市应急局复核" } });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ campaignId: c.id, districtId: "320312", districtName: "铜山区", cityId: "320300" });
    const twice = await h.request("POST", `/v1/campaigns/${c.id}/review-grant`, { token: admin });
    expect([twice.status, twice.body.error.code]).toEqual([409, "review_granted"]);

    const reviews = await h.request("GET", "/v1/reviews", { token: cityViewer });
    expect(reviews.body.items.map((r: { campaignId: string }) => r.campaignId)).toContain(c.id);
    const listed = await h.request("GET", `${path}/assessments`, { token: cityViewer });
    expect(listed.body.items.map((a: { id: string }) => a.id).sort()).toEqual([first, second].sort());
    expect(listed.body.items[0]).toMatchObject({ status: "submitted", stage: "review", total: "100" });
    expect((await h.request("GET", `${path}/assessments/${outside}`, { token: cityInspector })).status).toBe(404);
    const one = await h.request("GET", `${path}/assessments/${first}`, { token: cityInspector });
    expect([one.status, one.body.id, one.headers.get("etag")]).toEqual([200, first, `"${one.body.version}"`]);

    expect((await h.request("POST", `${path}/assessments/${first}/verify`, { token: cityViewer })).status).toBe(403);
    const verified = await h.request("POST", `${path}/assessments/${first}/verify`, { token: cityInspector, body: { note: "复核一致" } });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: "verified" });
    expect(verified.body.transitions.at(-1)).toMatchObject({ to: "verified", by: "320300:city-zhou", note: "复核一致" });
    const returned = await h.request("POST", `${path}/assessments/${second}/return`, {
      token: cityInspector,
      body: { reason: "台账与现场不符" },
    });
    expect(returned.body).toMatchObject({ status: "returned", stage: "assistance" });

    const districtAudit = (await h.request("GET", "/v1/audit?limit=50", { token: admin })).body.items;
    expect(
      districtAudit.find((e: { action: string; entity: { id: string } }) => e.action === "assessment.verify" && e.entity.id === first),
    ).toMatchObject({
      actor: expect.objectContaining({ id: "320300:city-zhou" }),
    });
    expect(districtAudit.find((e: { action: string }) => e.action === "campaign.review-grant")).toMatchObject({ entity: { id: c.id } });
    const cityAudit = (await h.request("GET", "/v1/audit?limit=50", { token: await h.token("tenant-admin", "320300") })).body.items;
    expect(cityAudit.map((e: { action: string; entity: { id: string } }) => `${e.action}:${e.entity.id}`)).toEqual(
      expect.arrayContaining([`campaign-review.verify:${first}`, `campaign-review.return:${second}`]),
    );
    // Still nothing else of the district on the city's credential.
    expect((await h.request("GET", `/v1/assessments/${first}`, { token: cityInspector })).status).toBe(404);
    expect((await h.request("GET", `/v1/campaigns/${c.id}`, { token: cityInspector })).status).toBe(404);
  });

  it("ends at once when revoked, and never opens to another city or another campaign", async () => {
    const c = await campaign();
    const other = await campaign();
    const a = await handedIn(c.id, units[0]?.id as string);
    await h.request("POST", `/v1/campaigns/${c.id}/review-grant`, { token: admin });
    await h.addTenant("350500", "泉州市");
    const stranger = await h.token("tenant-admin", "350500");
    expect((await h.request("GET", `/v1/reviews/320312/${c.id}/assessments`, { token: stranger })).status).toBe(404);
    expect((await h.request("GET", "/v1/reviews", { token: stranger })).body.items).toEqual([]);
    expect((await h.request("GET", `/v1/reviews/320312/${other.id}/assessments`, { token: cityInspector })).status).toBe(404);
    expect((await h.request("GET", `/v1/reviews/320312/${c.id}/assessments`, { token: cityInspector })).status).toBe(200);

    expect((await h.request("DELETE", `/v1/campaigns/${c.id}/review-grant`, { token: inspector })).status).toBe(403);
    expect((await h.request("DELETE", `/v1/campaigns/${c.id}/review-grant`, { token: admin })).status).toBe(204);
    expect((await h.request("GET", `/v1/reviews/320312/${c.id}/assessments`, { token: cityInspector })).status).toBe(404);
    expect((await h.request("POST", `/v1/reviews/320312/${c.id}/assessments/${a}/verify`, { token: cityInspector })).status).toBe(404);
    expect((await h.request("GET", `/v1/campaigns/${c.id}/review-grant`, { token: admin })).status).toBe(404);
    const districtAudit = (await h.request("GET", "/v1/audit?limit=50", { token: admin })).body.items;
    expect(
      districtAudit.find((e: { action: string; entity: { id: string } }) => e.action === "campaign.review-revoke" && e.entity.id === c.id),
    ).toBeTruthy();
  });

  it("is granted only by a district with a parent city", async () => {
    const city = await h.token("tenant-admin", "320300");
    const cityPlace = await addPlace(h, city, "市区");
    await h.request("POST", "/v1/enterprises", { token: city, body: enterpriseBody(900, cityPlace) });
    const own = await h.request("POST", "/v1/campaigns", {
      token: city,
      body: {
        name: "市级行动",
        period: { from: "2026-11-01", to: "2026-12-31" },
        stages: [{ id: "s", name: "s", deadline: "2026-12-31" }],
      },
    });
    const res = await h.request("POST", `/v1/campaigns/${own.body.id}/review-grant`, { token: city });
    expect([res.status, res.body.error.details.fields[0].code]).toEqual([422, "no_parent_city"]);
  });
});
