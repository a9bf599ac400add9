// Sham-standardization marks through HTTP → app → DynamoDB Local: set on a verified assessment of the unit, they
// suspend its stars at once (sham-flagged trigger); clearing needs a newer verified assessment and restores them;
// bad input, roles and tenant isolation.
import { beforeAll, describe, expect, it } from "vitest";
import type { RubricDefinition } from "#core/assessments/rubric";
import { answersFor } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace } from "#test/support/register";
import { awardedUnit, verifiedAssessment } from "#test/support/stars";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let inspector: string;
let verifier: string;
let unit: { id: string };
let definition: RubricDefinition;
let first: string;

const states = async () =>
  (await h.request("GET", `/v1/enterprises/${unit.id}/stars`, { token: admin })).body.history.map((a: { state: string }) => a.state).sort();

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  verifier = await h.token("inspector", "320312", "inspector-wang");
  const place = await addPlace(h, admin, "宝盖镇");
  ({ unit, definition, assessmentId: first } = await awardedUnit(h, { admin, inspector, verifier }, place, 1, "2026-11-20"));
});

describe("sham-standardization marks", () => {
  it("marking suspends the unit's stars at once, with the reason", async () => {
    expect(await states()).toEqual(["active", "active", "active"]);
    const flagged = await h.request("PUT", `/v1/enterprises/${unit.id}/sham-flag`, {
      token: admin,
      body: { reason: "台账与现场不符，应急演练记录系补写", assessmentId: first },
    });
    expect(flagged.status).toBe(200);
    expect(flagged.body).toMatchObject({ enterpriseId: unit.id, flaggedOn: "2026-11-25", flaggedBy: "dev-tenant-admin-320312" });
    expect(await states()).toEqual(["suspended", "suspended", "suspended"]);
    const award = (await h.request("GET", `/v1/enterprises/${unit.id}/stars`, { token: admin })).body.current[0];
    expect(award.suspension.fired[0]).toMatchObject({
      key: "sham:2026-11-25",
      reason: { zh: "被认定为“纸上标准化”或假创建：台账与现场不符，应急演练记录系补写" },
    });
    const again = await h.request("PUT", `/v1/enterprises/${unit.id}/sham-flag`, {
      token: admin,
      body: { reason: "再次", assessmentId: first },
    });
    expect(again.body.error.code).toBe("already_flagged");
    expect((await h.request("GET", `/v1/enterprises/${unit.id}/sham-flag`, { token: inspector })).body.reason).toContain("台账");
  });

  it("clearing needs a newer verified assessment of the unit, and restores the stars", async () => {
    const stale = await h.request("POST", `/v1/enterprises/${unit.id}/sham-flag/clear`, { token: admin, body: { assessmentId: first } });
    expect(stale.body.error.details.fields[0]).toMatchObject({ path: "assessmentId", code: "assessment_not_newer" });
    const bogus = await h.request("POST", `/v1/enterprises/${unit.id}/sham-flag/clear`, {
      token: admin,
      body: { assessmentId: "01jaaaaaaaaaaaaaaaaaaaaaaa" },
    });
    expect(bogus.body.error.details.fields[0].code).toBe("not_a_verified_assessment");
    clock.advance(60_000);
    const newer = await verifiedAssessment(h, { inspector, verifier }, unit.id, answersFor(definition), "2026-11-25");
    const cleared = await h.request("POST", `/v1/enterprises/${unit.id}/sham-flag/clear`, { token: admin, body: { assessmentId: newer } });
    expect(cleared.status).toBe(204);
    expect((await h.request("GET", `/v1/enterprises/${unit.id}/sham-flag`, { token: admin })).status).toBe(404);
    expect(await states()).toEqual(["active", "active", "active"]);
  });

  it("is for tenant-admins only, names every bad field, and keeps tenants apart", async () => {
    expect(
      (await h.request("PUT", `/v1/enterprises/${unit.id}/sham-flag`, { token: inspector, body: { reason: "x", assessmentId: first } }))
        .status,
    ).toBe(403);
    const bad = await h.request("PUT", `/v1/enterprises/${unit.id}/sham-flag`, { token: admin, body: { assessmentId: "nope" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(["assessmentId", "reason"]);
    const city = await h.token("tenant-admin", "320300");
    expect(
      (await h.request("PUT", `/v1/enterprises/${unit.id}/sham-flag`, { token: city, body: { reason: "x", assessmentId: first } })).status,
    ).toBe(404);
    expect((await h.request("GET", `/v1/enterprises/${unit.id}/sham-flag`, { token: city })).status).toBe(404);
  });
});
