// Attested star rules and renewals through HTTP → app → DynamoDB Local: a star with an "attested" rule fails
// at filing ("awaiting an official's confirmation"); the reviewer uploads evidence files to the application and
// confirms the rule with them; the stars are evaluated again and the star can be awarded. Who may attest (not
// the filer), bad input, the file kept whole and checkable, another tenant's application unreachable. Then a
// second award of a star the unit holds renews it (复评): the old award is kept as renewed, the new one holds.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { isoWeekOf } from "#core/kernel/china-time";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let inspector: string;
let place: Place;
let scheme: string;
let unit: { id: string; name: string };

const attested = {
  type: "attested",
  what: { zh: "现场核查全员安全生产责任制落实", en: "On-site check of the all-staff responsibility system" },
};
const pdf = new TextEncoder().encode("%PDF-1.4\n% 现场核查记录\n".repeat(2000));

function upload(applicationId: string, bytes: Uint8Array, token: string, contentType = "application/pdf", fileName = "现场核查记录.pdf") {
  return h.app.request(`/v1/star-applications/${applicationId}/files?fileName=${encodeURIComponent(fileName)}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": contentType },
    body: bytes,
  });
}

async function fileApplication() {
  const filed = await h.request("POST", "/v1/star-applications", { token: inspector, body: { enterpriseId: unit.id, schemeId: scheme } });
  expect(filed.status).toBe(201);
  return filed.body;
}

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", "320312", "admin-zhou");
  inspector = await h.token("inspector", "320312", "inspector-li");
  place = await addPlace(h, admin, "宝盖镇");
  unit = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) })).body;
  // The Tongshan template, every star named and needing no open major hazard; the first also an official's check.
  const copy = await h.request("POST", "/v1/star-scheme-library/tongshan-ten-stars/copy", { token: admin });
  const definition = structuredClone(copy.body.latest.definition);
  definition.stars.forEach((s: Record<string, unknown>, i: number) => {
    s.name ??= { zh: `第${i + 1}星` };
    s.attests = { zh: "整改成效" };
    s.rules = [{ type: "no-open-hazards", severity: "major", days: 365 }];
  });
  definition.stars[0].rules.push(attested);
  scheme = copy.body.id;
  const saved = await h.request("PUT", `/v1/star-schemes/${scheme}/draft`, { token: admin, body: { definition } });
  expect(saved.body.problems).toEqual([]);
  expect((await h.request("POST", `/v1/star-schemes/${scheme}/publish`, { token: admin })).status).toBe(200);
}, 120_000);

describe("attested rules", () => {
  let applicationId: string;
  let firstStar: string;
  let fileId: string;

  it("a star with an attested rule waits for an official's confirmation and cannot be awarded yet", async () => {
    const filed = await fileApplication();
    applicationId = filed.id;
    firstStar = filed.evaluation.stars[0].starId;
    expect(filed.evaluation.stars[0]).toMatchObject({ passed: false });
    expect(filed.evaluation.stars[0].rules[1]).toMatchObject({
      type: "attested",
      passed: false,
      explanation: { zh: `待审核人确认：${attested.what.zh}` },
    });
    expect(filed.evaluation.stars.slice(1).every((s: { passed: boolean }) => s.passed)).toBe(true);
    const refused = await h.request("POST", `/v1/star-applications/${applicationId}/award`, { token: admin, body: { stars: [firstStar] } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.fields[0]).toMatchObject({ path: "stars.0", code: "star_not_passed" });
  });

  it("only the reviewer uploads evidence files: a photo or PDF, not empty; kept whole with its SHA-256", async () => {
    // The filing inspector has no stars:write; an official reviews.
    const own = await upload(applicationId, pdf, inspector);
    expect(own.status).toBe(403);
    const wrongType = await upload(applicationId, pdf, admin, "text/html");
    expect(wrongType.status).toBe(422);
    expect(((await wrongType.json()) as any).error.details.fields[0]).toMatchObject({
      path: "content-type",
      code: "unsupported_file_type",
    });
    const empty = await upload(applicationId, new Uint8Array(), admin);
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as any).error.details.fields[0].code).toBe("empty_file");
    const noName = await h.app.request(`/v1/star-applications/${applicationId}/files`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/pdf" },
      body: pdf,
    });
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as any).error.details.fields[0].path).toMatch(/fileName/);

    const stored = await upload(applicationId, pdf, admin);
    expect(stored.status).toBe(201);
    const body = (await stored.json()) as any;
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    expect(body).toMatchObject({ applicationId, fileName: "现场核查记录.pdf", contentType: "application/pdf", bytes: pdf.length, sha256 });
    fileId = body.id;
    const download = await h.app.request(`/v1/star-applications/${applicationId}/files/${fileId}`, {
      headers: { authorization: `Bearer ${inspector}` },
    });
    expect(download.status).toBe(200);
    expect(
      createHash("sha256")
        .update(new Uint8Array(await download.arrayBuffer()))
        .digest("hex"),
    ).toBe(sha256);
    expect(download.headers.get("repr-digest")).toBe(`sha-256=:${Buffer.from(sha256, "hex").toString("base64")}:`);
  });

  it("bad attestations name what is wrong and change nothing", async () => {
    const before = await h.request("GET", `/v1/star-applications/${applicationId}`, { token: admin });
    const attempt = (body: unknown, token = admin) =>
      h.request("POST", `/v1/star-applications/${applicationId}/attestations`, { token, body });
    const notAttested = await attempt({ starId: firstStar, rule: 0, note: "已核查", files: [fileId] });
    expect(notAttested.status).toBe(422);
    expect(notAttested.body.error.details.fields[0]).toMatchObject({ path: "rule", code: "rule_not_attested" });
    const unknownStar = await attempt({ starId: "nope", rule: 1, note: "已核查", files: [fileId] });
    expect(unknownStar.body.error.details.fields[0]).toMatchObject({ path: "starId", code: "unknown_star" });
    const unknownFile = await attempt({ starId: firstStar, rule: 1, note: "已核查", files: [fileId, "01m8w370bfe2ppnd1w986zejyk"] });
    expect(unknownFile.body.error.details.fields[0]).toMatchObject({ path: "files.1", code: "unknown_file" });
    const noFiles = await attempt({ starId: firstStar, rule: 1, note: "已核查", files: [] });
    expect(noFiles.status).toBe(400);
    expect(noFiles.body.error.details.fields[0].path).toMatch(/files$/);
    const twice = await attempt({ starId: firstStar, rule: 1, note: "已核查", files: [fileId, fileId] });
    expect(twice.body.error.details.fields[0].code).toBe("duplicate_file");
    const byFiler = await attempt({ starId: firstStar, rule: 1, note: "已核查", files: [fileId] }, inspector);
    expect(byFiler.status).toBe(403);
    const after = await h.request("GET", `/v1/star-applications/${applicationId}`, { token: admin });
    expect(after.body).toEqual(before.body);
  });

  it("another tenant reaches neither the application's files nor its attestations", async () => {
    const city = await h.token("tenant-admin", "320300");
    const download = await h.app.request(`/v1/star-applications/${applicationId}/files/${fileId}`, {
      headers: { authorization: `Bearer ${city}` },
    });
    expect(download.status).toBe(404);
    expect((await upload(applicationId, pdf, city)).status).toBe(404);
    const attest = await h.request("POST", `/v1/star-applications/${applicationId}/attestations`, {
      token: city,
      body: { starId: firstStar, rule: 1, note: "越权", files: [fileId] },
    });
    expect(attest.status).toBe(404);
  });

  it("the reviewer's confirmation passes the rule, evaluated again, and the star is awarded", async () => {
    const before = await h.request("GET", `/v1/star-applications/${applicationId}`, { token: admin });
    const confirmed = await h.request("POST", `/v1/star-applications/${applicationId}/attestations`, {
      token: admin,
      body: { starId: firstStar, rule: 1, note: "现场查阅责任制清单及考核记录，落实到位", files: [fileId] },
      headers: { "if-match": before.headers.get("etag") ?? "" },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.version).toBe(before.body.version + 1);
    expect(confirmed.body.evaluation.at).toBe(before.body.evaluation.at);
    expect(confirmed.body.evaluation.stars[0].passed).toBe(true);
    expect(confirmed.body.evaluation.stars[0].rules[1]).toMatchObject({
      passed: true,
      explanation: { zh: "admin-zhou 于 2026-11-25 确认（附 1 份文件）" },
    });
    expect(confirmed.body.evaluation.evidence.attestations[`${firstStar}.1`]).toMatchObject({
      by: "admin-zhou",
      note: "现场查阅责任制清单及考核记录，落实到位",
      files: [{ id: fileId, fileName: "现场核查记录.pdf" }],
    });
    const stale = await h.request("POST", `/v1/star-applications/${applicationId}/attestations`, {
      token: admin,
      body: { starId: firstStar, rule: 1, note: "再次确认", files: [fileId] },
      headers: { "if-match": before.headers.get("etag") ?? "" },
    });
    expect(stale.status).toBe(412);

    const awarded = await h.request("POST", `/v1/star-applications/${applicationId}/award`, { token: admin });
    expect(awarded.status).toBe(200);
    expect(awarded.body.review.awarded).toHaveLength(10);
    expect((await upload(applicationId, pdf, admin)).status).toBe(409);
  });
});

describe("renewal (复评)", () => {
  it("awarding a star the unit holds replaces the held award, which is kept as renewed", async () => {
    const before = (await h.request("GET", `/v1/enterprises/${unit.id}/stars`, { token: admin })).body;
    expect(before.current).toHaveLength(10);
    clock.advance(200 * 86_400_000);
    const filed = await fileApplication();
    const second = filed.evaluation.stars[1].starId;
    const awarded = await h.request("POST", `/v1/star-applications/${filed.id}/award`, { token: admin, body: { stars: [second] } });
    expect(awarded.status).toBe(200);
    const newId = awarded.body.review.awarded[0].awardId;
    const stars = (await h.request("GET", `/v1/enterprises/${unit.id}/stars`, { token: admin })).body;
    expect(stars.current).toHaveLength(10);
    const held = stars.current.filter((a: { starId: string }) => a.starId === second);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ id: newId, awardedOn: "2027-06-13", validUntil: "2028-06-12", renewedBy: null });
    const old = stars.history.find((a: { starId: string; id: string }) => a.starId === second && a.id !== newId);
    expect(old).toMatchObject({ state: "renewed", renewedBy: newId, nextCheckOn: null });
    expect(old.history.at(-1)).toMatchObject({ action: "renew", from: "active", to: "renewed", by: "admin-zhou", note: newId });
    const renewed = await h.request("GET", "/v1/star-awards?state=renewed", { token: admin });
    expect(renewed.body.items.map((a: { id: string }) => a.id)).toEqual([old.id]);
    const active = await h.request("GET", `/v1/star-awards?state=active&labelCode=${held[0].labelCode}`, { token: admin });
    expect(active.body.items.map((a: { id: string }) => a.id)).toEqual([newId]);
    // A renewed award is no longer the official's to revoke; the new one is.
    const revoke = await h.request("POST", `/v1/star-awards/${old.id}/revoke`, { token: admin, body: { reason: "复评后撤销旧星" } });
    expect(revoke.status).toBe(409);
    expect(revoke.body.error).toMatchObject({ code: "award_not_held" });
  });

  it("renewing all ten stars at once (more than one transaction holds) leaves each star held once", async () => {
    clock.advance(30 * 86_400_000);
    const filed = await fileApplication();
    const stored = await upload(filed.id, pdf, admin);
    const fileId = ((await stored.json()) as { id: string }).id;
    const firstStar = filed.evaluation.stars[0].starId;
    await h.request("POST", `/v1/star-applications/${filed.id}/attestations`, {
      token: admin,
      body: { starId: firstStar, rule: 1, note: "复评现场核查", files: [fileId] },
    });
    const awarded = await h.request("POST", `/v1/star-applications/${filed.id}/award`, { token: admin });
    expect(awarded.status).toBe(200);
    const newIds = awarded.body.review.awarded.map((a: { awardId: string }) => a.awardId).sort();
    expect(newIds).toHaveLength(10);
    const stars = (await h.request("GET", `/v1/enterprises/${unit.id}/stars`, { token: admin })).body;
    expect(stars.current.map((a: { id: string }) => a.id).sort()).toEqual(newIds);
    expect(stars.history.filter((a: { state: string }) => a.state === "renewed")).toHaveLength(11);
    const listed = await h.request("GET", "/v1/star-awards?state=active&limit=50", { token: admin });
    expect(listed.body.items.map((a: { id: string }) => a.id).sort()).toEqual(newIds);

    // The week's snapshot, once the week is over: ten stars held, ten awarded and ten renewed in it.
    const week = isoWeekOf(clock.now());
    clock.advance(7 * 86_400_000);
    const run = await h.deps.jobs.run(
      { kind: "weekly-refresh", tenantId: "320312", week },
      { remainingMs: () => Number.POSITIVE_INFINITY },
    );
    expect(run.done).toBe(true);
    const snapshot = (await h.request("GET", `/v1/stats/weekly/${week}`, { token: admin })).body;
    expect(snapshot.stars).toMatchObject({ held: 10, movements: { awarded: 10, renewed: 10, revoked: 0, expired: 0 } });
  });
});
