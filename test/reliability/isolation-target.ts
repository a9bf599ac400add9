// The victim and the attacker of the isolation suite, made through the API: the victim (tenant 320312) holds a
// town, a grid, units, a hazard, an assessment, a rubric, a campaign and an API key, every name and description
// carrying the marker; the attacker is a tenant of another city (350581 under 350500), with its tenant-admin, an
// inspector and an API key of every scope. The same for the test (in-process app) and the bench (handler chain).
import { allScopes } from "#core/kernel/principal";
import { enterpriseBody } from "#test/support/register";
import type { Answer, Send } from "./fuzz-run.ts";
import type { BodyAttempt, Victim } from "./isolation-run.ts";

export const victimTenant = "320312";
export const marker = "甲方机密";

export interface IsolationTarget {
  readonly victim: Victim;
  readonly attackers: readonly Readonly<Record<string, string>>[];
  readonly bodies: readonly BodyAttempt[];
}

export interface IsolationTokens {
  /** A token for a role in a tenant, or the platform operator's (no tenant). */
  token(role: "tenant-admin" | "inspector" | "platform-admin", tenantId?: string): Promise<string>;
}

export async function prepareIsolationTarget(send: Send, tokens: IsolationTokens): Promise<IsolationTarget> {
  const call = async (token: string, method: string, url: string, body?: unknown, expect = 201): Promise<any> => {
    const answer: Answer = await send({
      operationId: "setup",
      mutation: "none",
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (answer.status !== expect) throw new Error(`isolation set-up ${method} ${url}: ${answer.status} ${answer.text.slice(0, 300)}`);
    return answer.text ? JSON.parse(answer.text) : undefined;
  };
  const operator = await tokens.token("platform-admin");
  await call(operator, "POST", "/v1/tenants", { id: "350500", name: "泉州市", level: "city", parentId: null });
  await call(operator, "POST", "/v1/tenants", { id: "350581", name: "石狮市", level: "district", parentId: "350500" });

  const admin = await tokens.token("tenant-admin", victimTenant);
  const town = await call(admin, "POST", "/v1/towns", { name: `${marker}镇`, kind: "town" });
  const grid = await call(admin, "POST", "/v1/grids", { townId: town.id, name: `${marker}网格`, level: 1 });
  const place = { townId: town.id, gridId: grid.id };
  const units = [
    await call(
      admin,
      "POST",
      "/v1/enterprises",
      enterpriseBody(81_001, place, { name: `${marker}机械有限公司`, address: `${marker}路1号` }),
    ),
    await call(
      admin,
      "POST",
      "/v1/enterprises",
      enterpriseBody(81_002, place, { name: `${marker}化工有限公司`, address: `${marker}路2号` }),
    ),
  ];
  const hazard = await call(admin, "POST", "/v1/hazards", {
    enterpriseId: units[0].id,
    category: "消防",
    description: `${marker}：消防通道堆放杂物`,
    severity: "general",
    source: "inspection",
    foundBy: { name: `${marker}检查员` },
    foundOn: "2026-11-20",
  });
  const rubric = await call(admin, "POST", "/v1/rubric-library/shishi-enterprise-2024/copy");
  const assessment = await call(admin, "POST", "/v1/assessments", {
    target: { type: "enterprise", id: units[0].id },
    rubric: { id: "shishi-enterprise-2024", version: 1 },
    stage: "self-check",
    assessor: { name: `${marker}评估员`, organization: `${marker}` },
    assessedOn: "2026-11-20",
  });
  const campaign = await call(admin, "POST", "/v1/campaigns", {
    name: `${marker}专项行动`,
    period: { from: "2026-11-01", to: "2027-01-20" },
    scope: { townIds: [town.id] },
    stages: [{ id: "self-check", name: `${marker}自查`, assessmentStage: "self-check", deadline: "2026-12-15" }],
  });
  const key = await call(admin, "POST", "/v1/api-keys", { name: `${marker}门户`, scopes: ["enterprises:read"] });
  const cursors: string[] = [];
  for (const list of [
    "/v1/enterprises?limit=1",
    "/v1/hazards?limit=1",
    "/v1/audit?limit=1",
    "/v1/api-keys?limit=1",
    "/v1/changes?limit=1",
  ]) {
    const page = await call(admin, "GET", list, undefined, 200);
    if (typeof page?.nextCursor === "string") cursors.push(page.nextCursor);
  }

  const attackerAdmin = await tokens.token("tenant-admin", "350581");
  // A key fast enough not to be throttled in a run of thousands: a 429 would reach nothing and prove nothing.
  const attackerKey = await call(attackerAdmin, "POST", "/v1/api-keys", {
    name: "乙方门户",
    scopes: allScopes,
    rateLimitPerMinute: 100_000,
  });
  const ids = new Map<string, string[]>([
    ["towns", [town.id]],
    ["grids", [grid.id]],
    ["enterprises", units.map((u: { id: string }) => u.id)],
    ["placards", units.map((u: { id: string }) => u.id)],
    ["hazards", [hazard.id]],
    ["rubrics", [rubric.id]],
    ["assessments", [assessment.id]],
    ["campaigns", [campaign.id]],
    ["api-keys", [key.id]],
  ]);
  const [unit] = units as [{ id: string }];
  return {
    victim: { marker, ids, cursors },
    attackers: [
      { authorization: `Bearer ${attackerAdmin}` },
      { authorization: `Bearer ${await tokens.token("inspector", "350581")}` },
      { "x-api-key": attackerKey.token },
    ],
    bodies: [
      {
        method: "POST",
        url: "/v1/hazards",
        body: {
          enterpriseId: unit.id,
          category: "消防",
          description: "乙方",
          severity: "general",
          source: "inspection",
          foundBy: { name: "乙" },
          foundOn: "2026-11-20",
        },
      },
      { method: "POST", url: "/v1/enterprises", body: enterpriseBody(82_001, place, { name: "乙方借用甲方镇的单位" }) },
      { method: "POST", url: "/v1/grids", body: { townId: town.id, name: "乙方网格", level: 1 } },
      {
        method: "POST",
        url: "/v1/assessments",
        body: {
          target: { type: "enterprise", id: unit.id },
          rubric: { id: rubric.id, version: 1 },
          stage: "self-check",
          assessor: { name: "乙" },
          assessedOn: "2026-11-20",
        },
      },
      {
        method: "POST",
        url: "/v1/campaigns",
        body: {
          name: "乙方专项",
          period: { from: "2026-11-01", to: "2026-12-31" },
          scope: { townIds: [town.id] },
          stages: [{ id: "s", name: "自查", deadline: "2026-12-01" }],
        },
      },
      {
        method: "POST",
        url: "/v1/campaigns",
        body: {
          name: "乙方专项",
          period: { from: "2026-11-01", to: "2026-12-31" },
          scope: { units: { by: "list", enterpriseIds: [unit.id] } },
          stages: [{ id: "s", name: "自查", deadline: "2026-12-01" }],
        },
      },
      { method: "PATCH", url: `/v1/enterprises/${unit.id}`, body: { name: "乙方改名" } },
      { method: "POST", url: `/v1/hazards/${hazard.id}/assign`, body: { assignee: { name: "乙" }, deadline: "2026-12-30" } },
    ],
  };
}
