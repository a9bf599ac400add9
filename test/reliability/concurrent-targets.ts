// The records the concurrent-writers suite aims its writers at, one per kind the issue names: a unit in the register,
// a hazard, an assessment, a joint tackling item (联合攻坚) and a rubric draft. For each: how to create it, the
// change writer i sends without If-Match, what that change leaves to be seen (a slot and its value), how to read the
// record back, which records its changes write (for the audit trail and the change feed), and how its list entries
// and counters must agree with it.
//
// A slot written by one writer only (an answer to its own criterion, its own comment) commutes with every other
// change: it must be in the final state. A slot every writer sets (a unit's name, a hazard's description, a draft's
// title) is last-writer-wins: it must hold the value of the accepted change that made the highest version, and every
// other accepted value must be in the change feed's record of the version it made.
import { creditCode, enterpriseBody } from "#test/support/register";
import type { ApiAnswer, ApiRequest, ApiSend } from "./concurrent-api.ts";

export type Role = "tenant-admin" | "inspector";
export type TokenFor = (role: Role, tenantId: string, subject: string) => Promise<string>;

export const district = "320312";
export const city = "320300";

/** A record the target's changes write: read back, audited in its tenant's trail, recorded in its tenant's feed. */
export interface Tracked {
  /** The change feed's type and the audit record's entity type. */
  readonly type: string;
  readonly id: string;
  /**
   * Tenant-admins of the tenants whose audit trails and change feeds hold its changes: each change is in the trail
   * and the feed of the tenant that made it (a district's steps on its item at the city are in the district's).
   */
  readonly adminTokens: readonly string[];
  read(): Promise<Record<string, unknown>>;
}

export interface Mark {
  /** The record (a Tracked's `type:id`) whose version the writer's answer gives: accepted answers to one record have distinct versions. */
  readonly record: string;
  readonly slot: string;
  /** One writer only (must be in the final state), or shared by many (the highest accepted version's value stays). */
  readonly shared: boolean;
  readonly value: unknown;
}

export interface PreparedTarget {
  /** unit, hazard, assessment, joint tackling item, rubric draft. */
  readonly name: string;
  readonly tracked: readonly Tracked[];
  change(writer: number): ApiRequest;
  mark(writer: number): Mark;
  /** The records (`type:id`) writer i's accepted change moves on by exactly one version. */
  touches(writer: number): readonly string[];
  /** The slot's value in a resource of record `record` (the final read, or a change record's resource). */
  valueIn(record: string, resource: Record<string, unknown>, slot: string): unknown;
  /** Where the record is listed and counted, compared with the final state: a violation per disagreement. */
  agreements(finals: ReadonlyMap<string, Record<string, unknown>>): Promise<string[]>;
}

export interface Target {
  readonly name: string;
  prepare(options: { send: ApiSend; token: TokenFor; writers: number; run: string }): Promise<PreparedTarget>;
}

const keyOf = (t: { type: string; id: string }) => `${t.type}:${t.id}`;

async function ok(send: ApiSend, request: ApiRequest, status = [200, 201]): Promise<ApiAnswer> {
  const answer = await send(request);
  if (!status.includes(answer.status)) {
    throw new Error(`${request.method} ${request.path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
  }
  return answer;
}

async function reader(send: ApiSend, token: string, path: string): Promise<Record<string, unknown>> {
  return (await ok(send, { method: "GET", path, token })).body;
}

/** Every item of a list, page by page. */
async function listAll(send: ApiSend, token: string, path: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const sep = path.includes("?") ? "&" : "?";
    const body = await reader(send, token, `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    items.push(...(body.items as Record<string, unknown>[]));
    cursor = body.nextCursor as string | undefined;
    if (!cursor) return items;
  }
  throw new Error(`${path}: the list did not end`);
}

/** The fields an entry shares with the record, where their values differ. */
function disagreements(what: string, entry: Record<string, unknown>, record: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields
    .filter((field) => JSON.stringify(entry[field]) !== JSON.stringify(record[field]))
    .map((field) => `${what}: ${field} is ${JSON.stringify(entry[field])}, the record has ${JSON.stringify(record[field])}`);
}

let unitCounter = 0;

/** A town with a grid and a unit in it, in the district: each target its own, so its lists and counters are its own. */
async function unitIn(send: ApiSend, admin: string, run: string, label: string) {
  const town = await ok(send, { method: "POST", path: "/v1/towns", token: admin, body: { name: `并发${label}镇${run}`, kind: "town" } });
  const grid = await ok(send, {
    method: "POST",
    path: "/v1/grids",
    token: admin,
    body: { townId: town.body.id, name: `并发${label}一网格${run}`, level: 1 },
  });
  const n = 800_000 + (Number.parseInt(run, 36) % 100_000) * 10 + unitCounter++;
  const unit = await ok(send, {
    method: "POST",
    path: "/v1/enterprises",
    token: admin,
    body: enterpriseBody(
      n,
      { townId: town.body.id, gridId: grid.body.id },
      { name: `徐州并发${label}${run}机械有限公司`, address: `贾汪区并发路${n}号`, creditCode: creditCode(n, district) },
    ),
  });
  return { townId: town.body.id as string, unit: unit.body as { id: string; name: string } };
}

const today = () => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());

function hazardBody(enterpriseId: string, foundOn: string, description: string) {
  return {
    enterpriseId,
    category: "建筑安全",
    description,
    location: "北侧仓库",
    severity: "major",
    source: "inspection",
    foundBy: { name: "李检查", phone: null },
    foundOn,
  };
}

const riskLevels = ["red", "orange", "yellow", "blue"] as const;

/** A unit: writer i renames it and sets its risk level (both last-writer-wins). */
export const unitTarget: Target = {
  name: "unit",
  async prepare({ send, token, run }) {
    const admin = await token("tenant-admin", district, "concurrent-admin");
    const { townId, unit } = await unitIn(send, admin, run, "单位");
    const record = `enterprise:${unit.id}`;
    const tracked: Tracked = {
      type: "enterprise",
      id: unit.id,
      adminTokens: [admin],
      read: () => reader(send, admin, `/v1/enterprises/${unit.id}`),
    };
    const edit = (i: number) => ({ name: `徐州并发写者${String(i).padStart(3, "0")}号${run}机械有限公司`, riskLevel: riskLevels[i % 4] });
    return {
      name: "unit",
      tracked: [tracked],
      change: (i) => ({ method: "PATCH", path: `/v1/enterprises/${unit.id}`, token: admin, body: edit(i) }),
      mark: (i) => ({ record, slot: "edit", shared: true, value: edit(i) }),
      touches: () => [record],
      valueIn: (_record, resource) => ({ name: resource.name, riskLevel: resource.riskLevel }),
      async agreements(finals) {
        const final = finals.get(record) as Record<string, unknown>;
        const problems: string[] = [];
        const listed = (await listAll(send, admin, `/v1/enterprises?townId=${townId}`)).filter((e) => e.id === unit.id);
        if (listed.length !== 1) problems.push(`unit list of its town: ${listed.length} entries for the unit`);
        else
          problems.push(
            ...disagreements("unit list entry", listed[0] as Record<string, unknown>, final, ["name", "riskLevel", "townId", "gridId"]),
          );
        for (const level of riskLevels) {
          const found = (await listAll(send, admin, `/v1/enterprises?townId=${townId}&riskLevel=${level}`)).some((e) => e.id === unit.id);
          if (found !== (final.riskLevel === level)) {
            problems.push(`unit list by risk level ${level}: ${found ? "lists" : "misses"} the unit, whose level is ${final.riskLevel}`);
          }
        }
        return problems;
      },
    };
  },
};

/** A hazard: writer i sets its description and severity (both last-writer-wins; severity moves its counters). */
export const hazardTarget: Target = {
  name: "hazard",
  async prepare({ send, token, run }) {
    const admin = await token("tenant-admin", district, "concurrent-admin");
    const inspector = await token("inspector", district, "concurrent-inspector");
    const { townId, unit } = await unitIn(send, admin, run, "隐患");
    const foundOn = today();
    const hazard = (
      await ok(send, { method: "POST", path: "/v1/hazards", token: inspector, body: hazardBody(unit.id, foundOn, "并发隐患") })
    ).body as { id: string };
    const record = `hazard:${hazard.id}`;
    const edit = (i: number) => ({ description: `并发写者 ${i} 记录的隐患描述`, severity: i % 2 === 0 ? "general" : "major" });
    return {
      name: "hazard",
      tracked: [{ type: "hazard", id: hazard.id, adminTokens: [admin], read: () => reader(send, inspector, `/v1/hazards/${hazard.id}`) }],
      change: (i) => ({ method: "PATCH", path: `/v1/hazards/${hazard.id}`, token: inspector, body: edit(i) }),
      mark: (i) => ({ record, slot: "edit", shared: true, value: edit(i) }),
      touches: () => [record],
      valueIn: (_record, resource) => ({ description: resource.description, severity: resource.severity }),
      async agreements(finals) {
        const final = finals.get(record) as Record<string, unknown>;
        const problems: string[] = [];
        const listed = (await listAll(send, inspector, `/v1/hazards?enterpriseId=${unit.id}`)).filter((e) => e.id === hazard.id);
        if (listed.length !== 1) problems.push(`hazard list of its unit: ${listed.length} entries for the hazard`);
        else
          problems.push(
            ...disagreements("hazard list entry", listed[0] as Record<string, unknown>, final, ["description", "severity", "state"]),
          );
        for (const severity of ["general", "major"]) {
          const found = (await listAll(send, inspector, `/v1/hazards?enterpriseId=${unit.id}&severity=${severity}`)).some(
            (e) => e.id === hazard.id,
          );
          if (found !== (final.severity === severity))
            problems.push(`hazard list by severity ${severity}: ${found ? "lists" : "misses"} the hazard`);
        }
        const figures = `/v1/hazards/figures?from=${foundOn}&to=${foundOn}&townId=${townId}`;
        const counted = await reader(send, inspector, figures);
        const recounted = await reader(send, inspector, `${figures}&recount=true`);
        const expected = { found: 1, open: 1, majorFound: final.severity === "major" ? 1 : 0 };
        for (const [what, figures] of [
          ["counters", counted],
          ["recount", recounted],
        ] as const) {
          for (const [name, value] of Object.entries(expected)) {
            if (figures[name] !== value)
              problems.push(`hazard figures of its town (${what}): ${name} is ${figures[name]}, expected ${value}`);
          }
        }
        return problems;
      },
    };
  },
};

/** A checklist rubric of `n` pass/fail criteria (c1…cn), published, for an assessment with one criterion per writer. */
function checklistOf(n: number, title: string) {
  const criteria = Array.from({ length: n }, (_, i) => ({
    id: `c${i + 1}`,
    title: { zh: `检查项 ${i + 1}` },
    rule: { type: "pass-fail" },
  }));
  const sections = [];
  for (let s = 0; s * 25 < n; s++) {
    sections.push({
      id: `s${s + 1}`,
      title: { zh: `第 ${s + 1} 部分` },
      items: criteria
        .slice(s * 25, s * 25 + 25)
        .map((criterion) => ({ id: criterion.id.replace("c", "i"), title: criterion.title, criteria: [criterion] })),
    });
  }
  return { title: { zh: title }, kind: "checklist", target: "enterprise", sections };
}

/** An assessment: writer i answers its own criterion (commuting answers-only PATCHes); a fifth of them fail it with a reason. */
export const assessmentTarget: Target = {
  name: "assessment",
  async prepare({ send, token, writers, run }) {
    const admin = await token("tenant-admin", district, "concurrent-admin");
    const inspector = await token("inspector", district, "concurrent-inspector");
    const { unit } = await unitIn(send, admin, run, "评估");
    const rubric = await ok(send, {
      method: "POST",
      path: "/v1/rubrics",
      token: admin,
      body: { definition: checklistOf(writers, `并发检查表${run}`) },
    });
    await ok(send, { method: "POST", path: `/v1/rubrics/${rubric.body.id}/publish`, token: admin });
    const opened = await ok(send, {
      method: "POST",
      path: "/v1/assessments",
      token: inspector,
      body: {
        target: { type: "enterprise", id: unit.id },
        rubric: { id: rubric.body.id, version: 1 },
        assessor: { name: "并发检查组" },
        assessedOn: today(),
      },
    });
    const id = opened.body.id as string;
    const record = `assessment:${id}`;
    const answer = (i: number) =>
      i % 5 === 0 ? { input: { passed: false }, reason: `写者 ${i} 查出的问题` } : { input: { passed: true } };
    return {
      name: "assessment",
      tracked: [{ type: "assessment", id, adminTokens: [admin], read: () => reader(send, inspector, `/v1/assessments/${id}`) }],
      change: (i) => ({
        method: "PATCH",
        path: `/v1/assessments/${id}`,
        token: inspector,
        body: { answers: { [`c${i + 1}`]: answer(i) } },
      }),
      mark: (i) => ({ record, slot: `c${i + 1}`, shared: false, value: answer(i) }),
      touches: () => [record],
      valueIn(_record, resource, slot) {
        const stored = (resource.answers as Record<string, { input?: unknown; reason?: unknown }> | undefined)?.[slot];
        return stored ? { input: stored.input, ...(stored.reason ? { reason: stored.reason } : {}) } : undefined;
      },
      async agreements(finals) {
        const final = finals.get(record) as { result: Record<string, unknown> } & Record<string, unknown>;
        const problems: string[] = [];
        const listed = (await listAll(send, inspector, `/v1/assessments?targetId=${unit.id}`)).filter((e) => e.id === id);
        if (listed.length !== 1) return [`assessment list of its unit: ${listed.length} entries for the assessment`];
        const entry = listed[0] as Record<string, unknown>;
        problems.push(...disagreements("assessment list entry", entry, final.result, ["complete", "failed", "total", "maxTotal"]));
        const deductions = (final.result.deductions as { criterionId: string }[]).map((d) => d.criterionId).sort();
        const listedDeductions = (entry.deductions as { criterionId: string }[]).map((d) => d.criterionId).sort();
        if (JSON.stringify(deductions) !== JSON.stringify(listedDeductions)) {
          problems.push(`assessment list entry: deductions ${listedDeductions.join(",")}, the record's ${deductions.join(",")}`);
        }
        return problems;
      },
    };
  },
};

/**
 * A joint tackling item: the district escalates a hazard to the city; then even writers comment on the item as the
 * city (commuting: each comment must stay), odd writers edit the escalated hazard's location as the district (the
 * item's snapshot of it follows, last-writer-wins). Both move the item on; the edits move the hazard too.
 */
export const jointTacklingTarget: Target = {
  name: "joint tackling item",
  async prepare({ send, token, run }) {
    const districtAdmin = await token("tenant-admin", district, "concurrent-admin");
    const districtInspector = await token("inspector", district, "concurrent-inspector");
    const cityAdmin = await token("tenant-admin", city, "concurrent-city-admin");
    const cityOfficer = await token("inspector", city, "concurrent-city-officer");
    const { unit } = await unitIn(send, districtAdmin, run, "攻坚");
    const hazard = (
      await ok(send, { method: "POST", path: "/v1/hazards", token: districtInspector, body: hazardBody(unit.id, today(), "并发攻坚隐患") })
    ).body as { id: string };
    const item = await ok(send, {
      method: "POST",
      path: `/v1/hazards/${hazard.id}/escalate`,
      token: districtInspector,
      body: { reason: "涉及市级审批", needs: "请市级部门牵头", neededBy: null },
    });
    const id = item.body.id as string;
    const itemRecord = `joint-tackling:${id}`;
    const hazardRecord = `hazard:${hazard.id}`;
    const comments = (i: number) => i % 2 === 0;
    return {
      name: "joint tackling item",
      tracked: [
        {
          type: "joint-tackling",
          id,
          adminTokens: [cityAdmin, districtAdmin],
          read: () => reader(send, cityOfficer, `/v1/joint-tackling/${id}`),
        },
        {
          type: "hazard",
          id: hazard.id,
          adminTokens: [districtAdmin],
          read: () => reader(send, districtInspector, `/v1/hazards/${hazard.id}`),
        },
      ],
      change: (i) =>
        comments(i)
          ? { method: "POST", path: `/v1/joint-tackling/${id}/comments`, token: cityOfficer, body: { text: `市级意见 ${i}` } }
          : { method: "PATCH", path: `/v1/hazards/${hazard.id}`, token: districtInspector, body: { location: `并发位置 ${i}` } },
      mark: (i) =>
        comments(i)
          ? { record: itemRecord, slot: `comment:${i}`, shared: false, value: true }
          : { record: hazardRecord, slot: "location", shared: true, value: `并发位置 ${i}` },
      touches: (i) => (comments(i) ? [itemRecord] : [itemRecord, hazardRecord]),
      valueIn(record, resource, slot) {
        if (slot.startsWith("comment:")) {
          if (record !== itemRecord) return undefined;
          const text = `市级意见 ${slot.slice("comment:".length)}`;
          return (resource.comments as { text: string }[]).some((c) => c.text === text) ? true : undefined;
        }
        // The edit is the hazard's; the item carries its snapshot of it.
        return record === itemRecord ? (resource.hazard as { location: unknown }).location : resource.location;
      },
      async agreements(finals) {
        const final = finals.get(itemRecord) as Record<string, unknown>;
        const finalHazard = finals.get(hazardRecord) as Record<string, unknown>;
        const problems: string[] = [];
        if ((final.hazard as { location: unknown }).location !== finalHazard.location) {
          problems.push(
            `item snapshot: location ${(final.hazard as { location: unknown }).location}, the hazard's ${finalHazard.location}`,
          );
        }
        const listed = (await listAll(send, cityOfficer, "/v1/joint-tackling")).filter((e) => e.id === id);
        if (listed.length !== 1) problems.push(`city's joint tackling list: ${listed.length} entries for the item`);
        else
          problems.push(
            ...disagreements("city's joint tackling list entry", listed[0] as Record<string, unknown>, final, [
              "version",
              "state",
              "comments",
              "hazard",
            ]),
          );
        const outgoing = (await listAll(send, districtInspector, "/v1/joint-tackling")).filter((e) => e.id === id);
        if (outgoing.length !== 1) problems.push(`district's joint tackling list: ${outgoing.length} entries for the item`);
        else
          problems.push(
            ...disagreements("district's joint tackling list entry", outgoing[0] as Record<string, unknown>, final, [
              "version",
              "comments",
              "hazard",
            ]),
          );
        const escalation = finalHazard.escalation as Record<string, unknown> | null;
        if (!escalation) problems.push("the hazard does not show its item");
        else problems.push(...disagreements("the hazard's escalation", escalation, final, ["version", "comments", "hazard"]));
        const listedHazard = (await listAll(send, districtInspector, `/v1/hazards?enterpriseId=${unit.id}`)).filter(
          (e) => e.id === hazard.id,
        );
        if (listedHazard.length !== 1 || listedHazard[0]?.escalated !== true)
          problems.push("the hazard list does not show the hazard escalated");
        return problems;
      },
    };
  },
};

/** A rubric draft: writer i saves the whole draft with its own title (a replacement: last-writer-wins). */
export const rubricDraftTarget: Target = {
  name: "rubric draft",
  async prepare({ send, token, run }) {
    const admin = await token("tenant-admin", district, "concurrent-admin");
    const created = await ok(send, {
      method: "POST",
      path: "/v1/rubrics",
      token: admin,
      body: { definition: checklistOf(2, `并发草稿${run}`) },
    });
    const id = created.body.id as string;
    const record = `rubric:${id}`;
    const title = (i: number) => `并发草稿 写者 ${i}`;
    return {
      name: "rubric draft",
      tracked: [{ type: "rubric", id, adminTokens: [admin], read: () => reader(send, admin, `/v1/rubrics/${id}`) }],
      change: (i) => ({ method: "PUT", path: `/v1/rubrics/${id}/draft`, token: admin, body: { definition: checklistOf(2, title(i)) } }),
      mark: (i) => ({ record, slot: "title", shared: true, value: title(i) }),
      touches: () => [record],
      valueIn: (_record, resource) => (resource.title as { zh: string }).zh,
      async agreements(finals) {
        const final = finals.get(record) as Record<string, unknown> & { title: { zh: string }; draftVersion: number };
        const problems: string[] = [];
        const draft = await reader(send, admin, `/v1/rubrics/${id}/versions/${final.draftVersion}`);
        const draftTitle = (draft.definition as { title: { zh: string } }).title.zh;
        if (draftTitle !== final.title.zh) problems.push(`the draft's definition is titled ${draftTitle}, the rubric ${final.title.zh}`);
        if (final.draftVersion !== 1 || final.latestVersion !== 1) {
          problems.push(`draft ${final.draftVersion}, latest ${final.latestVersion}: saving an open draft must not open another`);
        }
        const listed = (await listAll(send, admin, "/v1/rubrics")).filter((e) => e.id === id);
        if (listed.length !== 1) problems.push(`rubric list: ${listed.length} entries for the rubric`);
        else
          problems.push(
            ...disagreements("rubric list entry", listed[0] as Record<string, unknown>, final, [
              "title",
              "version",
              "draftVersion",
              "latestVersion",
            ]),
          );
        return problems;
      },
    };
  },
};

export const concurrentTargets: readonly Target[] = [unitTarget, hazardTarget, assessmentTarget, jointTacklingTarget, rubricDraftTarget];

export { keyOf };
