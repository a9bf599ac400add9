// Awarded stars kept true to the evidence, through HTTP → app → DynamoDB Local: a verified assessment below a
// star's threshold suspends it in that same request (with the reason and an audit record naming the cause); a
// major hazard left past its deadline suspends the stars that watch it on the unit's next hazard change; an
// official reinstates over what was seen, or revokes with a reason; an accident recorded suspends at once too.
import { beforeAll, describe, expect, it } from "vitest";
import type { RubricDefinition } from "#core/assessments/rubric";
import { answersFor } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace } from "#test/support/register";
import { awardedUnit, majorHazard, verifiedAssessment } from "#test/support/stars";

const day = 86_400_000;
const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let inspector: string;
let verifier: string;
let unit: { id: string; name: string };
let definition: RubricDefinition;

interface Award {
  id: string;
  starId: string;
  state: string;
  version: number;
  suspension: { fired: { key: string; reason: { zh: string } }[] } | null;
  history: { action: string }[];
}

const today = () => new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const verified = (answers: Record<string, unknown>) => verifiedAssessment(h, { inspector, verifier }, unit.id, answers, today());

const stars = async () => {
  const res = await h.request("GET", `/v1/enterprises/${unit.id}/stars`, { token: admin });
  const of = (starId: string) => res.body.history.find((a: Award) => a.starId === starId) as Award;
  return { ...res.body, of };
};

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  verifier = await h.token("inspector", "320312", "inspector-wang");
  const place = await addPlace(h, admin, "宝盖镇");
  ({ unit, definition } = await awardedUnit(h, { admin, inspector, verifier }, place, 1, "2026-11-25"));
});

describe("triggers in the request that changes the evidence", () => {
  it("a verified assessment below the three-star threshold suspends that star at once, and only that one", async () => {
    // Enough yes-no criteria failed to lose 12 points or more: 88 or less, above 75.
    const overrides: Record<string, { input: { met: boolean }; reason: string }> = {};
    let lost = 0;
    for (const section of definition.sections) {
      for (const item of section.items) {
        for (const c of item.criteria) {
          if (lost >= 12 || c.rule.type !== "yes-no") continue;
          overrides[c.id] = { input: { met: false }, reason: "现场核查不符合" };
          lost += Number(c.points);
        }
      }
    }
    expect(lost).toBeLessThanOrEqual(20);
    clock.advance(60_000); // verified a minute after the first one
    const low = await verified(answersFor(definition, overrides));
    const s = await stars();
    expect(s.of("three-star")).toMatchObject({ state: "suspended", suspension: { fired: [{ key: `assessment-below:${low}` }] } });
    expect(s.of("three-star").suspension?.fired[0]?.reason.zh).toContain("低于 90");
    expect([s.of("one-star").state, s.of("two-star").state]).toEqual(["active", "active"]);
    expect(s.current).toHaveLength(3); // suspended stars are still shown, as suspended

    const audit = await h.request("GET", "/v1/audit?limit=20", { token: admin });
    const entry = audit.body.items.find((e: { action: string }) => e.action === "star-award.suspend");
    expect(entry).toMatchObject({
      entity: { type: "star-award", id: s.of("three-star").id },
      actor: { id: "inspector-wang" },
      changes: { state: { from: "active", to: "suspended" }, cause: { to: { action: "assessment.verify" } } },
    });
  });

  it("an official reinstates over what was seen; revoking needs a reason", async () => {
    const suspended = (await stars()).of("three-star");
    const reinstated = await h.request("POST", `/v1/star-awards/${suspended.id}/reinstate`, {
      token: admin,
      body: { note: "已制定整改计划" },
    });
    expect(reinstated.status).toBe(200);
    expect(reinstated.body).toMatchObject({ state: "active", suspension: null });
    expect(reinstated.body.history.map((e: { action: string }) => e.action)).toEqual(["award", "suspend", "reinstate"]);
    const notSuspended = await h.request("POST", `/v1/star-awards/${suspended.id}/reinstate`, { token: admin });
    expect(notSuspended.body.error.code).toBe("award_not_suspended");

    const one = (await stars()).of("one-star");
    const noReason = await h.request("POST", `/v1/star-awards/${one.id}/revoke`, { token: admin, body: {} });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details.fields[0]).toMatchObject({ path: "reason", code: "reason_required" });
    expect((await h.request("POST", `/v1/star-awards/${one.id}/revoke`, { token: inspector, body: { reason: "x" } })).status).toBe(403);
    const revoked = await h.request("POST", `/v1/star-awards/${one.id}/revoke`, { token: admin, body: { reason: "发生瞒报行为" } });
    expect(revoked.body).toMatchObject({ state: "revoked", revoked: { reason: "发生瞒报行为", by: "dev-tenant-admin-320312" } });
    const again = await h.request("POST", `/v1/star-awards/${one.id}/revoke`, { token: admin, body: { reason: "再次" } });
    expect(again.body.error.code).toBe("award_not_held");
    const s = await stars();
    expect(s.current.map((a: Award) => a.starId).sort()).toEqual(["three-star", "two-star"]);
    expect(s.history).toHaveLength(3);
  });

  it("a major hazard past its deadline suspends the stars watching it on the unit's next hazard change", async () => {
    const hazardId = await majorHazard(h, inspector, unit.id, "2026-11-25");
    const rectification = {
      measure: "加装防鼠板",
      responsible: { name: "王厂长", phone: "13800001111" },
      deadline: "2026-11-27",
      funds: "300",
    };
    expect((await h.request("POST", `/v1/hazards/${hazardId}/assign`, { token: inspector, body: { rectification } })).status).toBe(200);
    expect((await stars()).of("two-star").state).toBe("active");
    clock.advance(3 * day); // 2026-11-28: one day past the deadline
    expect((await h.request("POST", `/v1/hazards/${hazardId}/start`, { token: inspector, body: {} })).status).toBe(200);
    const s = await stars();
    expect(s.of("two-star")).toMatchObject({ state: "suspended", suspension: { fired: [{ key: `hazard-overdue:${hazardId}` }] } });
    expect(s.of("three-star").state).toBe("suspended");
    expect(s.of("one-star").state).toBe("revoked"); // a revoked star stays revoked
  });

  it("an accident recorded joins the firings at once; the unit's accidents are read and refused clearly", async () => {
    const body = { occurredOn: "2026-11-27", deaths: 1, injuries: 2, source: "石狮市应急管理局事故通报〔2026〕3号" };
    const recorded = await h.request("POST", `/v1/enterprises/${unit.id}/accidents`, { token: inspector, body });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ ...body, enterpriseId: unit.id, recordedBy: "inspector-li", description: null });
    const s = await stars();
    expect(s.of("two-star").suspension?.fired.map((f: { key: string }) => f.key)).toContain(`accident:${recorded.body.id}`);
    expect(s.of("two-star").suspension?.fired.find((f: { key: string }) => f.key.startsWith("accident:"))?.reason.zh).toBe(
      "2026-11-27 发生事故（死亡 1 人，受伤 2 人）",
    );

    const list = await h.request("GET", `/v1/enterprises/${unit.id}/accidents`, { token: await h.token("viewer", "320312") });
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([recorded.body.id]);
    const future = await h.request("POST", `/v1/enterprises/${unit.id}/accidents`, {
      token: inspector,
      body: { ...body, occurredOn: "2026-12-31" },
    });
    expect(future.body.error.details.fields[0]).toMatchObject({ path: "occurredOn", code: "date_in_future" });
    const negative = await h.request("POST", `/v1/enterprises/${unit.id}/accidents`, { token: inspector, body: { ...body, deaths: -1 } });
    expect([negative.status, negative.body.error.details.fields[0].path]).toEqual([400, "deaths"]);
    const viewer = await h.request("POST", `/v1/enterprises/${unit.id}/accidents`, { token: await h.token("viewer", "320312"), body });
    expect(viewer.status).toBe(403);
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", `/v1/enterprises/${unit.id}/accidents`, { token: city })).status).toBe(404);
    expect((await h.request("POST", `/v1/enterprises/${unit.id}/accidents`, { token: city, body })).status).toBe(404);
    expect((await h.request("GET", `/v1/enterprises/${unit.id}/accidents`, { token: inspector })).body.items).toHaveLength(1);
  });

  it("lists awards by state, star, town and scheme, entries moving with each award's state", async () => {
    const list = async (query: string) =>
      (await h.request("GET", `/v1/star-awards?${query}`, { token: await h.token("viewer", "320312") })).body.items.map(
        (a: { labelCode: string; state: string }) => `${a.labelCode}:${a.state}`,
      );
    expect((await list("limit=50")).sort()).toEqual(["SS-STAR-1:revoked", "SS-STAR-2:suspended", "SS-STAR-3:suspended"]);
    expect(await list("state=revoked")).toEqual(["SS-STAR-1:revoked"]);
    expect(await list("state=active")).toEqual([]);
    expect(await list("labelCode=SS-STAR-2")).toEqual(["SS-STAR-2:suspended"]);
    const town = (await h.request("GET", `/v1/enterprises/${unit.id}`, { token: admin })).body.townId;
    expect((await list(`townId=${town}&state=suspended`)).sort()).toEqual(["SS-STAR-2:suspended", "SS-STAR-3:suspended"]);
    expect((await h.request("GET", "/v1/star-awards?state=held", { token: admin })).status).toBe(400);
    const city = await h.token("tenant-admin", "320300");
    expect((await h.request("GET", "/v1/star-awards", { token: city })).body.items).toEqual([]);
  });

  it("another tenant can neither revoke nor reinstate these stars", async () => {
    const city = await h.token("tenant-admin", "320300");
    const two = (await stars()).of("two-star");
    expect((await h.request("POST", `/v1/star-awards/${two.id}/revoke`, { token: city, body: { reason: "x" } })).status).toBe(404);
    expect((await h.request("POST", `/v1/star-awards/${two.id}/reinstate`, { token: city })).status).toBe(404);
  });
});

describe("an escalated hazard (联合攻坚)", () => {
  it("passing its deadline suspends the unit's stars on its next change, saved through the joint tackling list", async () => {
    const place = await addPlace(h, admin, "汉王镇");
    const other = await awardedUnit(h, { admin, inspector, verifier }, place, 2, today());
    const hazardId = await majorHazard(h, inspector, other.unit.id, today());
    const rectification = { measure: "联合整治", responsible: { name: "王厂长" }, deadline: today() };
    expect((await h.request("POST", `/v1/hazards/${hazardId}/assign`, { token: inspector, body: { rectification } })).status).toBe(200);
    const escalated = await h.request("POST", `/v1/hazards/${hazardId}/escalate`, {
      token: inspector,
      body: { reason: "涉及市级审批", needs: "请市住建局牵头" },
    });
    expect(escalated.status).toBe(201);
    clock.advance(2 * day);
    expect((await h.request("POST", `/v1/hazards/${hazardId}/start`, { token: inspector })).status).toBe(200);
    const held = (await h.request("GET", `/v1/enterprises/${other.unit.id}/stars`, { token: admin })).body.current as Award[];
    const watching = held.filter((a) => a.suspension?.fired.some((f: { key: string }) => f.key === `hazard-overdue:${hazardId}`));
    expect(watching.length).toBeGreaterThan(0);
    expect(watching.every((a) => a.state === "suspended")).toBe(true);
  });
});
