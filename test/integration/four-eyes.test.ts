// The four-eyes rules through HTTP → app → DynamoDB Local: verifying an assessment and closing a major hazard need
// a second person, and an API key is never one. A key acts for the official who issued it: what it submits counts
// as that official's, and it cannot take the second person's step at all — not for its issuer, not for a sibling key.
import { beforeAll, describe, expect, it } from "vitest";
import { answersFor, openingBody } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";

let h: Harness;
let admin: string;
let colleague: string;
let unitId: string;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  h = await createHarness({ clock: manualClock(new Date("2026-11-25T02:00:00Z")) });
  admin = await h.token("tenant-admin", "320312"); // the official the harness's keys are minted by
  colleague = await h.token("inspector", "320312", "inspector-wang");
  const place = await addPlace(h, admin, "柳新镇");
  unitId = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) })).body.id;
  // Two keys one tenant-admin minted, as one portal might hold.
  keyA = (await h.addApiKey("320312", ["hazards:read", "hazards:write", "assessments:read", "assessments:write"])).token;
  keyB = (await h.addApiKey("320312", ["hazards:read", "hazards:write", "assessments:read", "assessments:write"])).token;
});

type Caller = { token: string } | { apiKey: string };
const as = (caller: Caller) => caller;

async function submittedHazard(severity: "major" | "general", by: Caller): Promise<string> {
  const created = await h.request("POST", "/v1/hazards", {
    ...as(by),
    body: {
      enterpriseId: unitId,
      category: "粉尘涉爆",
      description: "除尘系统未按规定清理",
      location: null,
      severity,
      source: "inspection",
      foundBy: { name: "李检查", phone: null },
      foundOn: "2026-11-24",
    },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const rectification = { measure: "清理并建立清扫制度", responsible: { name: "王厂长", phone: null }, deadline: "2026-12-05", funds: "0" };
  for (const [action, body] of [["assign", { rectification }], ["start"], ["submit"]] as const) {
    const res = await h.request("POST", `/v1/hazards/${id}/${action}`, { ...as(by), ...(body ? { body } : {}) });
    expect(res.status).toBe(200);
  }
  return id;
}

const close = (id: string, by: Caller) => h.request("POST", `/v1/hazards/${id}/close`, as(by));

describe("closing a major hazard (重大事故隐患销号)", () => {
  it("the tenant-admin who submitted it cannot close it alone: not with its token, nor with a key it mints", async () => {
    const id = await submittedHazard("major", { token: admin });
    const self = await close(id, { token: admin });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe("verifier_is_rectifier");
    const minted = await h.request("POST", "/v1/api-keys", { token: admin, body: { name: "自己的钥匙", scopes: ["hazards:write"] } });
    const byKey = await close(id, { apiKey: minted.body.token });
    expect(byKey.status).toBe(403);
    expect(byKey.body.error.code).toBe("person_required");
    expect((await h.request("GET", `/v1/hazards/${id}`, { token: colleague })).body.state).toBe("submitted");
    expect((await close(id, { token: colleague })).body.state).toBe("closed");
  });

  it("a key's submission is its issuer's: the issuer cannot close it, a sibling key cannot, another official can", async () => {
    const id = await submittedHazard("major", { apiKey: keyA });
    const submitted = (await h.request("GET", `/v1/hazards/${id}`, { token: colleague })).body;
    expect(submitted.submittedBy).toBe("dev-tenant-admin-320312");
    expect(submitted.transitions.at(-1).by).toMatchObject({ kind: "api-key", person: "dev-tenant-admin-320312" });
    expect((await close(id, { apiKey: keyB })).body.error.code).toBe("person_required");
    expect((await close(id, { apiKey: keyA })).body.error.code).toBe("person_required");
    expect((await close(id, { token: admin })).body.error.code).toBe("verifier_is_rectifier");
    const closed = await close(id, { token: colleague });
    expect(closed.status).toBe(200);
    expect(closed.body.transitions.at(-1).by).toMatchObject({ kind: "user", id: "inspector-wang" });
  });

  it("a general hazard has no four-eyes rule: a key may close it", async () => {
    const id = await submittedHazard("general", { apiKey: keyA });
    expect((await close(id, { apiKey: keyB })).status).toBe(200);
  });
});

describe("verifying an assessment (核实)", () => {
  async function submittedAssessment(by: Caller): Promise<string> {
    const opened = await h.request("POST", "/v1/assessments", {
      ...as(by),
      body: openingBody(unitId),
    });
    expect(opened.status).toBe(201);
    const definition = (await h.request("GET", "/v1/rubric-library/shishi-enterprise-2024", { token: colleague })).body.definition;
    expect(
      (await h.request("PATCH", `/v1/assessments/${opened.body.id}`, { ...as(by), body: { answers: answersFor(definition) } })).status,
    ).toBe(200);
    expect((await h.request("POST", `/v1/assessments/${opened.body.id}/submit`, as(by))).status).toBe(200);
    return opened.body.id;
  }

  it("a key cannot verify or return (no second person), and its issuer cannot verify what the key submitted", async () => {
    const id = await submittedAssessment({ apiKey: keyA });
    for (const [step, body] of [
      ["verify", {}],
      ["return", { reason: "核实结果不一致" }],
    ] as const) {
      const byKey = await h.request("POST", `/v1/assessments/${id}/${step}`, { apiKey: keyB, body });
      expect(byKey.status).toBe(403);
      expect(byKey.body.error.code).toBe("person_required");
    }
    const issuer = await h.request("POST", `/v1/assessments/${id}/verify`, { token: admin });
    expect(issuer.status).toBe(403);
    expect(issuer.body.error.code).toBe("reviewer_is_submitter");
    const verified = await h.request("POST", `/v1/assessments/${id}/verify`, { token: colleague });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe("verified");
  });

  it("the official who submitted cannot verify with a key they mint", async () => {
    const id = await submittedAssessment({ token: admin });
    const byKey = await h.request("POST", `/v1/assessments/${id}/verify`, { apiKey: keyA });
    expect(byKey.body.error.code).toBe("person_required");
    expect((await h.request("GET", `/v1/assessments/${id}`, { token: colleague })).body.status).toBe("submitted");
  });
});
