// Star schemes through HTTP → app → DynamoDB Local: the built-in library, copying the Tongshan template and
// finishing it (publish refuses while any star is unnamed or has no rules, naming every problem), the Shishi
// scheme published as copied, a published version never changing, roles, and tenant isolation (a rule naming
// another tenant's rubric is refused as unknown; another tenant's scheme is 404).
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";

let h: Harness;
let admin: string;
let inspector: string;
let cityAdmin: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  cityAdmin = await h.token("tenant-admin", "320300");
});

interface Problem {
  path: string;
  code: string;
  message: { zh: string; en: string };
}
const codes = (problems: Problem[]) => problems.map((p) => `${p.path} ${p.code}`);

describe("the star-scheme library", () => {
  it("serves the Shishi scheme and the Tongshan template to every tenant", async () => {
    for (const token of [inspector, cityAdmin]) {
      const res = await h.request("GET", "/v1/star-scheme-library", { token });
      expect(res.status).toBe(200);
      expect(res.body.items.map((s: { schemeId: string }) => s.schemeId)).toEqual([
        "shishi-standardization-stars-2024",
        "tongshan-ten-stars",
      ]);
    }
    const tongshan = await h.request("GET", "/v1/star-scheme-library/tongshan-ten-stars", { token: inspector });
    expect(tongshan.body.definition.stars.map((s: { name: { zh: string } | null }) => s.name?.zh ?? null)).toEqual([
      "责任星",
      "法治星",
      "应急星",
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect((await h.request("GET", "/v1/star-scheme-library/nope-stars", { token: inspector })).status).toBe(404);
  });
});

describe("a tenant's star schemes", () => {
  it("copies the Tongshan template, lists what keeps it from publishing, and publishes it once finished", async () => {
    const copy = await h.request("POST", "/v1/star-scheme-library/tongshan-ten-stars/copy", { token: admin });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      latestVersion: 1,
      draftVersion: 1,
      publishedVersion: null,
      copiedFrom: { id: "tongshan-ten-stars", version: 1 },
    });
    expect(codes(copy.body.problems).filter((c) => c.endsWith("star_unnamed"))).toHaveLength(7);
    const id = copy.body.id;

    const refused = await h.request("POST", `/v1/star-schemes/${id}/publish`, { token: admin });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.fields).toHaveLength(copy.body.problems.length);
    expect(refused.body.error.details.fields[0]).toMatchObject({ path: "definition.stars.0.attests", code: "star_attests_nothing" });

    // Finish it: every star named, attesting something, with a rule; one names the tenant's library rubric.
    const definition = structuredClone(copy.body.latest.definition);
    definition.stars.forEach((s: Record<string, unknown>, i: number) => {
      s.name ??= { zh: `第${i + 1}星` };
      s.attests = { zh: "整改成效" };
      s.rules = [{ type: "no-open-hazards", severity: "major", days: 365 }];
    });
    definition.stars[0].rules.push({
      type: "assessment-score",
      rubricId: "shishi-enterprise-2024",
      sectionId: "s1",
      minScore: "3",
      withinMonths: 12,
    });
    const saved = await h.request("PUT", `/v1/star-schemes/${id}/draft`, {
      token: admin,
      body: { definition },
      headers: { "if-match": copy.headers.get("etag") ?? "" },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.problems).toEqual([]);
    expect(saved.body.latest.definition.stars[1].rules[0]).toEqual({
      type: "no-open-hazards",
      severity: "major",
      days: 365,
      overdueOnly: false,
    });

    const published = await h.request("POST", `/v1/star-schemes/${id}/publish`, {
      token: admin,
      headers: { "if-match": saved.headers.get("etag") ?? "" },
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ publishedVersion: 1, draftVersion: null, latest: { status: "published", version: 1 } });

    // Editing opens version 2; version 1 stays as published.
    definition.stars[0].validityMonths = 24;
    const next = await h.request("PUT", `/v1/star-schemes/${id}/draft`, { token: admin, body: { definition } });
    expect(next.body).toMatchObject({ latestVersion: 2, draftVersion: 2, publishedVersion: 1 });
    const v1 = await h.request("GET", `/v1/star-schemes/${id}/versions/1`, { token: inspector });
    expect(v1.body.status).toBe("published");
    expect(v1.body.definition.stars[0].validityMonths).toBe(12);
    expect((await h.request("POST", `/v1/star-schemes/${id}/publish`, { token: admin })).status).toBe(200);
    expect((await h.request("POST", `/v1/star-schemes/${id}/publish`, { token: admin })).body.error.code).toBe("no_draft");

    const audit = await h.request("GET", "/v1/audit?limit=100", { token: admin });
    expect(
      audit.body.items
        .filter((e: { entity: { id: string } }) => e.entity.id === id)
        .map((e: { action: string }) => e.action)
        .sort(),
    ).toEqual(["star-scheme.copy", "star-scheme.draft", "star-scheme.draft", "star-scheme.publish", "star-scheme.publish"].sort());
  });

  it("publishes the Shishi scheme as copied", async () => {
    const copy = await h.request("POST", "/v1/star-scheme-library/shishi-standardization-stars-2024/copy", { token: admin });
    expect(copy.body.problems).toEqual([]);
    const published = await h.request("POST", `/v1/star-schemes/${copy.body.id}/publish`, { token: admin });
    expect(published.status).toBe(200);
    const list = await h.request("GET", "/v1/star-schemes", { token: inspector });
    expect(list.body.items[0]).toMatchObject({ id: copy.body.id, publishedVersion: 1 });
  });

  it("refuses bad input with every field named, and writes nothing", async () => {
    const bad = await h.request("POST", "/v1/star-schemes", {
      token: admin,
      body: {
        definition: { title: { zh: "方案" }, stars: [{ id: "Bad Id", labelCode: "x", validityMonths: 0, rules: [{ type: "telepathy" }] }] },
      },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(["definition.stars.0.id", "definition.stars.0.labelCode", "definition.stars.0.validityMonths"]),
    );
    const before = (await h.request("GET", "/v1/star-schemes?limit=100", { token: admin })).body.items.length;
    expect(before).toBe(2); // the two created above, nothing from the refused request
  });

  it("only a tenant-admin configures schemes; inspectors and viewers read them", async () => {
    const res = await h.request("POST", "/v1/star-scheme-library/tongshan-ten-stars/copy", { token: inspector });
    expect(res.status).toBe(403);
    expect(res.body.error.details).toMatchObject({ required: "stars:write" });
  });

  it("keeps tenants apart: another tenant's rubric is unknown, another tenant's scheme is not found", async () => {
    const rubric = await h.request("POST", "/v1/rubric-library/shishi-enterprise-2024/copy", { token: cityAdmin });
    await h.request("POST", `/v1/rubrics/${rubric.body.id}/publish`, { token: cityAdmin });
    const scheme = await h.request("POST", "/v1/star-schemes", {
      token: admin,
      body: {
        definition: {
          title: { zh: "方案" },
          stars: [
            {
              id: "score",
              name: { zh: "得分星" },
              attests: { zh: "评估得分" },
              labelCode: "SCORE",
              validityMonths: 12,
              rules: [{ type: "assessment-score", rubricId: rubric.body.id, minScore: "80", withinMonths: 12 }],
            },
          ],
        },
      },
    });
    expect(codes(scheme.body.problems)).toEqual(["definition.stars.0.rules.0.rubricId unknown_rubric"]);
    // The city's own copy of the same rubric is fine for the city.
    const citys = await h.request("POST", "/v1/star-schemes", {
      token: cityAdmin,
      body: { definition: { ...scheme.body.latest.definition } },
    });
    expect(citys.body.problems).toEqual([]);
    expect((await h.request("GET", `/v1/star-schemes/${citys.body.id}`, { token: admin })).status).toBe(404);
    expect((await h.request("POST", `/v1/star-schemes/${citys.body.id}/publish`, { token: admin })).status).toBe(404);
  });
});
