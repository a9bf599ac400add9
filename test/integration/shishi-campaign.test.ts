// The Shishi campaign end to end (examples/shishi-campaign.ts) through the typed client → app → DynamoDB Local:
// 石狮市 (350581) under 泉州市 (350500), its two key towns with 12 units each (the source's 100, the draw and the
// benchmark target scaled to 2 a town), on a clock moved from November 2024 across the stage deadlines to January
// 2025. Progress by town after each deadline (units reached, assessed and verified per stage, done or overdue), the
// draw recorded and repeatable from its record, the unit whose verified score did not hold sent back to assistance
// and verified again, the city's review recorded (one unit returned), benchmarks against the target, the close.
import { beforeAll, describe, expect, it } from "vitest";
import { anquanClient, createAssessment, listCampaignUnits } from "#client/index";
import { drawUnits } from "#core/campaigns/campaign-sample";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { repeatDraw, runShishiCampaign, type ShishiRun, shishiTargets, townFigures } from "../../examples/shishi-campaign.ts";

const clock = manualClock(new Date("2024-11-04T02:00:00Z"));
/** The plan's day at 10:00 in Shishi, when the example's steps happen: only ever forward, as a calendar goes. */
const calendar = (day: string) => {
  const ahead = Date.parse(`${day}T10:00:00+08:00`) - clock.now().getTime();
  if (ahead < 0) throw new Error(`the example went back in time, to ${day}`);
  clock.advance(ahead);
  return day;
};

let h: Harness;
let run: ShishiRun;
let inProcess: typeof fetch;
const client = (token: string) => anquanClient({ baseUrl: "http://anquan.test", token, fetch: inProcess });

const townOf = (figures: ReturnType<typeof townFigures>, name: string) => figures.find((t) => t.town === name);

beforeAll(async () => {
  h = await createHarness({ clock });
  inProcess = async (input, init) => h.app.fetch(new Request(input, init));
  await h.addTenant("350500", "泉州市");
  await h.addTenant("350581", "石狮市", "350500");
  run = await runShishiCampaign(
    {
      district: client(await h.token("tenant-admin", "350581", "shishi-lin")),
      verifier: client(await h.token("inspector", "350581", "shishi-wang")),
      city: client(await h.token("inspector", "350500", "quanzhou-chen")),
    },
    { calendar, unitsPerTown: 12 },
  );
}, 120_000);

describe("the Shishi campaign, run by 石狮市 through the typed client", () => {
  it("is defined as the plan reads, scaled to 12 units a town, and takes in a unit registered late when its scope is resolved again", () => {
    expect(shishiTargets(100)).toMatchObject({ samplePerTown: 10, benchmarksPerTown: 10 });
    const { defined, late } = run;
    expect([defined.units, late.campaign.units]).toEqual([23, 24]);
    expect(defined.scope.townIds).toEqual(run.towns.map((t) => t.townId));
    expect(defined.stages.map((s) => [s.id, s.assessmentStage, s.deadline])).toEqual([
      ["self-check", "self-check", "2024-11-15"],
      ["assistance", "assistance", "2024-11-30"],
      ["verification", "verification", "2024-12-15"],
      ["review", "review", "2024-12-31"],
      ["summary", null, "2025-01-20"],
    ]);
    expect(defined.stages[0]?.deliverable).toBe("书面自评报告");
    expect(defined.liaisons.map((l) => l.townId)).toEqual(run.towns.map((t) => t.townId));
    expect(defined.groups.map((g) => g.townIds)).toEqual(run.towns.map((t) => [t.townId]));
    expect(defined.targets).toEqual({ unitsPerTown: 12, benchmarksPerTown: 2, reachAll: false });
    expect(defined.sampling).toMatchObject({ stageId: "verification", perTown: 2 });
    expect(run.towns.map((t) => [t.name, t.enterpriseIds.length])).toEqual([
      ["宝盖镇", 12],
      ["蚶江镇", 12],
    ]);
  });

  it("after the self-check deadline: done in 宝盖镇, overdue in 蚶江镇, where the late unit handed in no report and is not reached", () => {
    const figures = townFigures(run.progress.afterSelfCheck);
    expect(townOf(figures, "宝盖镇")).toMatchObject({
      units: 12,
      reached: 12,
      stages: {
        "self-check": { required: 12, assessed: 12, verified: 12, status: "done" },
        assistance: { assessed: 0, status: "on-track" },
      },
    });
    expect(townOf(figures, "蚶江镇")).toMatchObject({
      units: 12,
      reached: 11,
      stages: { "self-check": { required: 12, assessed: 11, verified: 11, status: "overdue" } },
    });
    expect(run.progress.notReachedAfterSelfCheck.map((u) => u.enterpriseId)).toEqual([run.late.enterpriseId]);
  });

  it("after the assistance deadline: done in both towns, every unit reached; verification waits for its draw", () => {
    for (const town of townFigures(run.progress.afterAssistance))
      expect(town).toMatchObject({
        reached: 12,
        stages: {
          assistance: { required: 12, assessed: 12, verified: 12, status: "done" },
          verification: { required: 2, assessed: 0, status: "on-track" },
        },
      });
  });

  it("records the verification draw with its seed and pool, and anyone repeats it from the record", () => {
    const { drawn, recorded } = run.sample;
    expect(recorded).toEqual([drawn]);
    expect(drawn).toMatchObject({
      stageId: "verification",
      method: "sha256-fisher-yates-v1",
      seed: "石狮市2024年重点镇督导核实抽查",
      perTown: 2,
    });
    expect(drawn.towns.map((t) => t.townId).sort()).toEqual(run.towns.map((t) => t.townId).sort());
    for (const town of drawn.towns) {
      // Every unit assisted is in the pool, the late one too.
      expect(town.pool).toEqual([...(run.towns.find((t) => t.townId === town.townId)?.enterpriseIds ?? [])].sort());
      expect(town.picked).toHaveLength(2);
      expect(new Set(town.picked).size).toBe(2);
      expect(repeatDraw(town.pool, drawn.perTown, drawn.seed, town.townId)).toEqual(town.picked);
      expect(drawUnits(town.pool, drawn.perTown, drawn.seed, town.townId)).toEqual(town.picked);
    }
    // Another seed draws otherwise: the recorded seed is what makes the draw this one.
    expect(drawn.towns.map((t) => repeatDraw(t.pool, 2, "另一个种子", t.townId))).not.toEqual(drawn.towns.map((t) => t.picked));
  });

  it("sends the sampled unit whose verified score does not hold back to assistance, and counts it done once verified again", async () => {
    const { mismatch, withinTolerance, sentBack, progress } = run.verification;
    const baogai = run.towns[0]?.townId;
    expect(mismatch).toMatchObject({ townId: baogai, earlier: "99.5", verified: "89.5" });
    expect(withinTolerance).toMatchObject({ townId: baogai, earlier: "99.5", verified: "98.5" });
    expect(sentBack.map((u) => [u.enterpriseId, u.sampled, u.mismatch])).toEqual([[mismatch.enterpriseId, true, true]]);
    const atMismatch = townFigures(progress);
    expect(townOf(atMismatch, "宝盖镇")?.stages.verification).toEqual({
      required: 2,
      assessed: 2,
      verified: 1,
      mismatched: 1,
      status: "on-track",
    });
    expect(townOf(atMismatch, "蚶江镇")?.stages.verification).toMatchObject({ verified: 2, mismatched: 0, status: "done" });

    // Back at assistance: the experts' findings became the campaign's hazards, rectified and closed; verified again.
    expect(run.assistAgain.hazards).toHaveLength(2);
    expect(run.assistAgain.reverified).toMatchObject({ status: "verified", stage: "verification", result: { total: "99.5" } });
    const after = townFigures(run.progress.afterVerification);
    expect(townOf(after, "宝盖镇")).toMatchObject({
      stages: { verification: { required: 2, assessed: 2, verified: 2, mismatched: 0, status: "done" } },
      hazards: { found: 2, closed: 2 },
    });
    expect(townOf(after, "蚶江镇")?.stages.verification?.status).toBe("done");
    const baogaiTotals = run.progress.afterVerification.towns.find((t) => t.townId === baogai);
    expect(baogaiTotals?.hazards.byKeyItem).toEqual([
      { keyItemId: "SC-07", found: 1, closed: 1 },
      { keyItemId: "SC-08", found: 1, closed: 1 },
    ]);
    expect(baogaiTotals?.expertVisits).toEqual({ personVisits: 2, enterpriseVisits: 1 });
    const stillBack = await listCampaignUnits({
      client: run.context.clients.district,
      path: { id: run.campaignId },
      query: { mismatch: "true" },
    });
    expect(stillBack.data?.items).toEqual([]);
  });

  it("records the city's review: granted by the district, verified and one unit returned to assistance by 泉州市's official", async () => {
    const { grant, cityReviews, verified, returned } = run.review;
    expect(grant).toMatchObject({ campaignId: run.campaignId, districtId: "350581", districtName: "石狮市", cityId: "350500" });
    expect(cityReviews.map((r) => r.campaignId)).toEqual([run.campaignId]);
    expect(verified).toHaveLength(23);
    const hanjiang = run.towns[1];
    expect(returned).toMatchObject({ status: "returned", stage: "assistance", target: { townId: hanjiang?.townId } });
    expect(run.sample.drawn.towns.flatMap((t) => t.picked)).not.toContain(returned.target.id);
    expect(returned.transitions.at(-1)).toMatchObject({
      from: "submitted",
      to: "returned",
      by: "350500:quanzhou-chen",
      note: "安全生产台账与现场不符",
    });
    const cityAudit = await h.request("GET", "/v1/audit?limit=100", { token: await h.token("tenant-admin", "350500") });
    const reviewed = cityAudit.body.items.filter((e: { action: string }) => e.action.startsWith("campaign-review."));
    expect(reviewed.filter((e: { action: string }) => e.action === "campaign-review.verify")).toHaveLength(23);
    expect(reviewed.filter((e: { action: string }) => e.action === "campaign-review.return").map((e: any) => e.entity.id)).toEqual([
      returned.id,
    ]);

    const figures = townFigures(run.progress.afterReview);
    expect(townOf(figures, "宝盖镇")?.stages.review).toEqual({ required: 12, assessed: 12, verified: 12, mismatched: 0, status: "done" });
    // The returned assessment is back at assistance: 蚶江镇's review stays one short past its deadline.
    expect(townOf(figures, "蚶江镇")?.stages.review).toEqual({
      required: 12,
      assessed: 11,
      verified: 11,
      mismatched: 0,
      status: "overdue",
    });
  });

  it("counts the campaign's benchmark enterprises per town against the scaled target", () => {
    expect(run.benchmarks).toHaveLength(3);
    expect(run.benchmarks.every((b) => b.campaign?.campaignId === run.campaignId && b.year === 2025)).toBe(true);
    const figures = townFigures(run.progress.final);
    expect(townOf(figures, "宝盖镇")?.benchmarks).toEqual({ designated: 2, target: 2, met: true });
    expect(townOf(figures, "蚶江镇")?.benchmarks).toEqual({ designated: 1, target: 2, met: false });
    expect(run.progress.final.total.benchmarks).toEqual({ designated: 3, target: 4, met: false });
  });

  it("ends closed, its figures kept: every unit reached, each stage done or overdue by town", async () => {
    expect(run.closed).toMatchObject({ closedAt: expect.any(String), closeNote: "总结提升阶段结束" });
    const statuses = townFigures(run.progress.final).map((t) => [
      t.town,
      t.reached,
      Object.fromEntries(Object.entries(t.stages).map(([id, s]) => [id, s.status])),
    ]);
    expect(statuses).toEqual([
      ["宝盖镇", 12, { "self-check": "done", assistance: "done", verification: "done", review: "done", summary: null }],
      ["蚶江镇", 12, { "self-check": "overdue", assistance: "done", verification: "done", review: "overdue", summary: null }],
    ]);
    expect(run.progress.final.total.reachTarget).toEqual({ target: 24, met: true });
    const late = await createAssessment({
      client: run.context.clients.district,
      body: {
        target: { type: "enterprise", id: run.late.enterpriseId },
        rubric: { id: run.context.rubric.id, version: run.context.rubric.version },
        stage: "summary",
        assessor: { name: "王安全" },
        assessedOn: "2025-01-21",
        campaign: { campaignId: run.campaignId },
      },
    });
    expect([late.response?.status, (late.error as any)?.error.details.fields[0].code]).toEqual([422, "campaign_closed"]);
  });
});

describe("the summary report the Shishi campaign ends with", () => {
  it("is a .docx that says how the campaign ended, town by town, as its progress does", async () => {
    const buffer = Buffer.from(run.summaryReport);
    expect(buffer.subarray(0, 2).toString()).toBe("PK");
    const { value: text } = await (await import("mammoth")).extractRawText({ buffer });
    const { total } = run.progress.final;
    for (const expected of [
      "总结报告",
      "石狮市",
      "行动已于2025年1月",
      "宝盖镇",
      "蚶江镇",
      `应覆盖单位 ${total.units} 家，已覆盖 ${total.reached} 家`,
      `随机种子“${run.sample.drawn.seed}”`,
      `培育标杆企业 ${total.benchmarks.designated} 家（目标 ${total.benchmarks.target} 家，未完成）`,
      "蚶江镇市级复核已逾期",
    ])
      expect(text).toContain(expected);
  });
});
