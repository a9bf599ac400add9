// The Shishi campaign end to end, as a district runs it through the API with nothing but the typed client
// (packages/client): 石狮市安全生产委员会办公室《石狮市开展重点镇安全生产标准化提质增效督导帮扶行动实施方案》
// (2024-11-04). Its two key towns, 宝盖镇 and 蚶江镇, take 100 units each through five stages — self-check 自查自纠 by
// 11-15 (each unit hands in a written self-assessment report, 书面自评报告), assistance 帮扶 by 11-30, verification
// 督导核实 by 12-15 (at least 10 units drawn per town; a unit whose score does not hold goes back to assistance),
// review 复核 by 12-31 (by the parent city, 泉州市) and summary 总结提升 by 01-20 — with liaison officials per town,
// and at least 10 new benchmark enterprises (标杆企业) per town.
//
//   node examples/shishi-campaign.ts --base-url http://localhost:3000 --token <石狮市 tenant-admin> \
//     --verifier-token <another official of 石狮市> --city-token <an inspector of 泉州市> [--units 12] [--year 2024]
//
// Locally (`npm start -- --in-memory`), the tokens come from `npm run -s token -- --tenant 350581 --role tenant-admin
// --sub shishi-lin` (350581 --role inspector --sub shishi-wang for the verifier, 350500 --role inspector --sub
// quanzhou-chen for the city); `--platform-token "$(npm run -s token -- --role platform-admin)"` first creates the
// tenants 泉州市 (350500) and 石狮市 (350581, under it) when they are missing. Run it on a fresh database: it registers
// the two towns by name. It prints the final progress by town; on 429 it waits as Retry-After says (patientFetch).
//
// The recipe (docs/campaigns.md), one exported function per step, run in order by runShishiCampaign:
//
//  1. setUpRegister: the two towns, a grid each and their units in the register — one unit of the second town is
//     registered later (joinLateUnit), during the self-check, and joins the campaign when its scope is resolved again;
//  2. defineCampaign: scope by the two towns; the five stages, each mapped to the assessment stage that measures it
//     (the summary to none); the key items (the rubric's focus areas); liaisons per town; the assistance groups;
//     targets; the verification draw (perTown, scoreTolerance);
//  3. selfCheck, assistance: an assessment per unit against the library's Shishi rubric (shishi-enterprise-2024) at
//     the stage — opened, answered, handed in, then verified by a second official, as the assessments API requires
//     (no one verifies what they handed in);
//  4. drawSample: the verification draw, seeded and recorded; repeatDraw repeats it from the record, as anyone can;
//  5. verification: the drawn units are assessed again at the verification stage; one scores far below its
//     assistance score — a mismatch, listed as sent back to assistance (GET …/units?mismatch=true) — and one a
//     little below, within the tolerance; assistAgain sends experts (an expert visit whose findings become the
//     campaign's hazards, rectified and closed) and verifies the unit again, now matching;
//  6. cityReview: the district grants 泉州市 review of the campaign, hands in a review assessment per unit, and the
//     city lists them under /v1/reviews and verifies them — all but one, which it returns to assistance;
//  7. designateBenchmarks: benchmark enterprises of the campaign, per town;
//  8. progress by town (getCampaignProgress) after each deadline, and closeCampaign at the end;
//  9. summaryReport: the summary report (总结报告) as a .docx, which the CLI writes to --report-file.
//
// Scale: the source's figures are for 100 units a town. A smaller run (`unitsPerTown`, 12 by default) scales the
// draw and the benchmark target with it (shishiTargets: 10 of 100 is 2 of 12), and the target of units reached is
// the units there are. The score tolerance (2 points) is our choice, not a figure of the source.
//
// Dates: every step happens on a day of the plan (shishiPlan). `calendar` is told the day before the step and
// answers the date the work bears: a test moves its clock there; against a live server every step happens today,
// so a stage whose deadline passed undone shows overdue. Each step reads what it needs from the run so far.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  type AnswerInput,
  type AssessmentWithResult,
  anquanClient,
  assignHazard,
  type BenchmarkEnterprise,
  type Campaign,
  type CampaignProgress,
  type CampaignReviewGrant,
  type CampaignSample,
  type CampaignUnit,
  type CreateCampaign,
  closeCampaign,
  closeHazard,
  createAssessment,
  createCampaign,
  createEnterprise,
  createGrid,
  createTenant,
  createTown,
  designateBenchmarkEnterprise,
  drawCampaignSample,
  getAssessment,
  getCampaignProgress,
  getCampaignSummaryReport,
  getLibraryRubric,
  getMe,
  grantCampaignReview,
  listCampaignReviews,
  listCampaignSamples,
  listCampaignUnits,
  listReviewAssessments,
  type RubricDefinition,
  recordExpertVisit,
  resolveCampaignScope,
  returnReviewAssessment,
  startHazardRectification,
  submitAssessment,
  submitHazardRectification,
  updateAssessment,
  verifyAssessment,
  verifyReviewAssessment,
} from "#client/index";

type Client = ReturnType<typeof anquanClient>;
type Stage = "self-check" | "assistance" | "verification" | "review";
type Answers = Record<string, AnswerInput>;

/** The three credentials a run needs. */
export interface ShishiClients {
  /** The district's tenant-admin (石狮市): register, campaign, draw, grant, benchmarks, close; hands assessments in. */
  readonly district: Client;
  /** A second official of the district: verifies what `district` handed in and closes rectified hazards. */
  readonly verifier: Client;
  /** A signed-in official of the parent city (泉州市) who may write assessments: the review. */
  readonly city: Client;
}

export interface ShishiOptions {
  /** The year the campaign starts: the source's 2024 by default. */
  readonly year?: number;
  /** Units per key town: the source's 100, or fewer for a demonstration (default 12; targets scale with it). */
  readonly unitsPerTown?: number;
  /** Told the plan's day before each step; answers the date the step's work bears. Default: today in Asia/Shanghai. */
  readonly calendar?: (day: string) => string | Promise<string>;
  /** The verification draw's seed (as a meeting would announce it). */
  readonly seed?: string;
  /** The key towns' names. */
  readonly towns?: readonly [string, string];
}

/** The source's figures, for 100 units a town. */
export const shishiSource = { unitsPerTown: 100, samplePerTown: 10, benchmarksPerTown: 10 } as const;

/** The campaign's targets for `unitsPerTown` units a town: the source's figures scaled (rounded up, at least 1). */
export function shishiTargets(unitsPerTown: number) {
  const scaled = (figure: number) => Math.max(1, Math.ceil((figure * unitsPerTown) / shishiSource.unitsPerTown));
  return {
    unitsPerTown,
    samplePerTown: scaled(shishiSource.samplePerTown),
    benchmarksPerTown: scaled(shishiSource.benchmarksPerTown),
    scoreTolerance: "2",
  };
}
export type ShishiTargets = ReturnType<typeof shishiTargets>;

/** The plan's deadlines for a campaign starting in `year`, and the day each step of the recipe happens on. */
export function shishiPlan(year: number) {
  const next = year + 1;
  return {
    period: { from: `${year}-11-04`, to: `${next}-01-20` },
    deadlines: {
      selfCheck: `${year}-11-15`,
      assistance: `${year}-11-30`,
      verification: `${year}-12-15`,
      review: `${year}-12-31`,
      summary: `${next}-01-20`,
    },
    days: {
      register: `${year}-11-05`,
      selfCheck: `${year}-11-08`,
      lateUnit: `${year}-11-12`,
      afterSelfCheck: `${year}-11-16`,
      assistance: `${year}-11-20`,
      afterAssistance: `${year}-12-01`,
      draw: `${year}-12-02`,
      verification: `${year}-12-05`,
      assistAgain: `${year}-12-08`,
      verifyAgain: `${year}-12-12`,
      afterVerification: `${year}-12-16`,
      review: `${year}-12-20`,
      afterReview: `${next}-01-02`,
      benchmarks: `${next}-01-10`,
      close: `${next}-01-21`,
    },
    benchmarkYear: next,
  };
}
export type ShishiPlan = ReturnType<typeof shishiPlan>;

/** What every step reads: the clients, who they are, the plan, the targets and the rubric. */
export interface ShishiContext {
  readonly clients: ShishiClients;
  readonly districtId: string;
  readonly cityId: string;
  readonly plan: ShishiPlan;
  readonly targets: ShishiTargets;
  readonly townNames: readonly [string, string];
  readonly seed: string;
  readonly rubric: { readonly id: string; readonly version: number; readonly definition: RubricDefinition };
  /** Moves to the plan's day; answers the date the work bears. */
  readonly on: (day: string) => Promise<string>;
}

export interface ShishiTown {
  readonly name: string;
  readonly townId: string;
  readonly gridId: string;
  /** Its units, in the order they were registered. */
  readonly enterpriseIds: string[];
}

function ok<T>(result: { data?: T; error?: unknown; response?: Response }, what: string): T {
  if (result.data === undefined) throw new Error(`${what}: ${result.response?.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

const today = () => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());

/**
 * A fetch that waits out the API's throttle: on 429 it sleeps as Retry-After says and sends the request again (a
 * few times). A run makes a few hundred calls in a minute, past a live deployment's per-role rate.
 */
export function patientFetch(inner: typeof fetch = fetch, tries = 6): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    for (let attempt = 1; ; attempt++) {
      const response = await inner(request.clone());
      if (response.status !== 429 || attempt >= tries) return response;
      const seconds = Number(response.headers.get("retry-after"));
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000));
    }
  };
}

/** Who the clients are (the district's parent must be the city), and the library's Shishi rubric. */
export async function shishiContext(clients: ShishiClients, options: ShishiOptions = {}): Promise<ShishiContext> {
  const district = ok(await getMe({ client: clients.district }), "getMe (district)").tenant;
  const city = ok(await getMe({ client: clients.city }), "getMe (city)").tenant;
  if (!district || !city) throw new Error("the district's and the city's credentials must each name a tenant");
  if (district.parentId !== city.id) throw new Error(`${district.name} (${district.id}) is not a district of ${city.name} (${city.id})`);
  const unitsPerTown = options.unitsPerTown ?? 12;
  if (!Number.isInteger(unitsPerTown) || unitsPerTown < 3) throw new Error("unitsPerTown: at least 3");
  const year = options.year ?? 2024;
  const rubric = ok(await getLibraryRubric({ client: clients.district, path: { id: "shishi-enterprise-2024" } }), "getLibraryRubric");
  const calendar = options.calendar ?? (() => today());
  return {
    clients,
    districtId: district.id,
    cityId: city.id,
    plan: shishiPlan(year),
    targets: shishiTargets(unitsPerTown),
    townNames: options.towns ?? ["宝盖镇", "蚶江镇"],
    seed: options.seed ?? `石狮市${year}年重点镇督导核实抽查`,
    rubric: { id: rubric.rubricId, version: rubric.version, definition: rubric.definition },
    on: async (day) => calendar(day),
  };
}

// ---- the register ------------------------------------------------------------------------------------------

const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid unified social credit code (GB 32100-2015) of an enterprise registered in `division`, distinct for each n. */
export function creditCode(n: number, division: string): string {
  let body = "";
  for (let rest = n, i = 0; i < 9; i++, rest = Math.floor(rest / 31)) body = alphabet.charAt(rest % 31) + body;
  const first17 = `91${division}${body}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(first17.charAt(i)) * (weights[i] as number);
  return first17 + alphabet.charAt((31 - (sum % 31)) % 31);
}

// Shishi's trades: garments and the dyeing that serves them.
const industries = ["1811", "1819", "1713"] as const;

/** Registers the town's next unit; `n` makes its credit code, distinct across the towns. */
async function registerUnit(ctx: ShishiContext, town: ShishiTown, n: number): Promise<string> {
  const short = town.name.replace(/[镇街道]+$/, "");
  const k = town.enterpriseIds.length + 1;
  const unit = await createEnterprise({
    client: ctx.clients.district,
    body: {
      name: `石狮市${short}${String(k).padStart(3, "0")}服饰有限公司`,
      creditCode: creditCode(n, ctx.districtId),
      address: `石狮市${town.name}工业区${k}号`,
      townId: town.townId,
      gridId: town.gridId,
      industryCode: industries[n % industries.length] as string,
      sizeClass: "small-micro",
      productionStatus: "producing",
      keyRisks: ["有限空间", "粉尘涉爆"],
      riskLevel: "yellow",
      persons: {
        firstResponsible: { name: "蔡总", phone: "13905950000", title: "总经理" },
        safetyResponsible: { name: "王安全", phone: "13905950001", title: "安全管理员" },
      },
    },
  });
  const id = ok(unit, `createEnterprise ${n}`).id;
  town.enterpriseIds.push(id);
  return id;
}

/** Step 1: the two key towns with a grid each, and their units — all but the second town's last, registered later. */
export async function setUpRegister(ctx: ShishiContext): Promise<ShishiTown[]> {
  await ctx.on(ctx.plan.days.register);
  const towns: ShishiTown[] = [];
  for (const name of ctx.townNames) {
    const town = ok(await createTown({ client: ctx.clients.district, body: { name, kind: "town" } }), `createTown ${name}`);
    const grid = ok(
      await createGrid({ client: ctx.clients.district, body: { townId: town.id, name: `${name}第一网格`, level: 1 } }),
      `createGrid ${name}`,
    );
    towns.push({ name, townId: town.id, gridId: grid.id, enterpriseIds: [] });
  }
  const n = ctx.targets.unitsPerTown;
  for (const [t, town] of towns.entries()) {
    const count = t === towns.length - 1 ? n - 1 : n;
    for (let k = 1; k <= count; k++) await registerUnit(ctx, town, t * n + k);
  }
  return towns;
}

// ---- the definition ----------------------------------------------------------------------------------------

/** The campaign as the plan reads, for these towns. */
export function shishiDefinition(ctx: ShishiContext, towns: readonly ShishiTown[]): CreateCampaign {
  const { plan, targets } = ctx;
  const townIds = towns.map((t) => t.townId);
  return {
    name: "重点镇安全生产标准化提质增效督导帮扶行动",
    description: "石狮市安全生产委员会办公室《石狮市开展重点镇安全生产标准化提质增效督导帮扶行动实施方案》（2024-11-04）",
    period: plan.period,
    scope: { townIds },
    stages: [
      {
        id: "self-check",
        name: "企业自查自纠",
        assessmentStage: "self-check",
        deadline: plan.deadlines.selfCheck,
        deliverable: "书面自评报告",
      },
      { id: "assistance", name: "督导帮扶", assessmentStage: "assistance", deadline: plan.deadlines.assistance },
      { id: "verification", name: "督导核实", assessmentStage: "verification", deadline: plan.deadlines.verification },
      { id: "review", name: "市级复核", assessmentStage: "review", deadline: plan.deadlines.review },
      { id: "summary", name: "总结提升", assessmentStage: null, deadline: plan.deadlines.summary, deliverable: "总结报告" },
    ],
    // The key items are the rubric's focus areas (附件3), the findings the campaign's hazards are filed under.
    catalogue: {
      items: [
        { id: "SC-05", title: "“三张清单”（安全检查清单、隐患清单、整改清单）" },
        { id: "SC-06", title: "“四色”安全风险分级管控" },
        { id: "SC-07", title: "现场“5S”管理与危险作业许可审批" },
        { id: "SC-08", title: "“六有”可视化标识" },
        { id: "SC-09", title: "应急预案与应急演练" },
      ],
    },
    liaisons: towns.map((town, i) => ({
      townId: town.townId,
      name: ["林联络", "黄联络"][i] ?? `联络员${i + 1}`,
      phone: `1390595100${i + 1}`,
      organization: `${town.name}安全生产委员会办公室`,
    })),
    groups: towns.map((town, i) => ({
      id: `group-${i + 1}`,
      name: `第${["一", "二"][i] ?? i + 1}督导帮扶组`,
      leader: { name: ["陈组长", "吴组长"][i] ?? "组长", organization: "石狮市应急管理局" },
      members: [
        { name: ["许专家", "郑专家"][i] ?? "专家", organization: "石狮市安全生产专家库" },
        { name: ["蔡工", "施工"][i] ?? "技术员", organization: "第三方技术服务机构" },
      ],
      townIds: [town.townId],
    })),
    targets: { unitsPerTown: targets.unitsPerTown, benchmarksPerTown: targets.benchmarksPerTown, reachAll: false },
    sampling: { stageId: "verification", perTown: targets.samplePerTown, scoreTolerance: targets.scoreTolerance },
  };
}

/** Step 2: the campaign, its scope resolved into the towns' units as it is saved. */
export async function defineCampaign(ctx: ShishiContext, towns: readonly ShishiTown[]): Promise<Campaign> {
  return ok(await createCampaign({ client: ctx.clients.district, body: shishiDefinition(ctx, towns) }), "createCampaign");
}

/** Step 1b: a unit registered during the self-check, after the campaign was defined, joins it when its scope is resolved again. */
export async function joinLateUnit(
  ctx: ShishiContext,
  campaignId: string,
  towns: readonly ShishiTown[],
): Promise<{ enterpriseId: string; campaign: Campaign }> {
  await ctx.on(ctx.plan.days.lateUnit);
  const town = towns.at(-1) as ShishiTown;
  const enterpriseId = await registerUnit(ctx, town, towns.length * ctx.targets.unitsPerTown);
  const campaign = ok(await resolveCampaignScope({ client: ctx.clients.district, path: { id: campaignId } }), "resolveCampaignScope");
  return { enterpriseId, campaign };
}

// ---- assessments -------------------------------------------------------------------------------------------

/** Full marks on every criterion, then `changes` by criterion id (a deduction carries its reason). */
export function answers(definition: RubricDefinition, changes: Answers = {}): Answers {
  const all: Answers = {};
  for (const section of definition.sections)
    for (const item of section.items)
      for (const criterion of item.criteria) {
        const rule = criterion.rule;
        all[criterion.id] = {
          input:
            rule.type === "yes-no"
              ? { met: true }
              : rule.type === "per-occurrence"
                ? { occurrences: 0 }
                : rule.type === "per-missing-year"
                  ? { missingYears: 0 }
                  : rule.type === "rate-bands"
                    ? { rate: "100" }
                    : rule.type === "graded"
                      ? { points: String(criterion.points ?? "0") }
                      : { passed: true },
        };
      }
  return { ...all, ...changes };
}

// The scores the recipe gives, on the Shishi rubric (100 points): the unit's own self-check, the group's assistance
// score (5S graded 9.5 of 10), a verification that holds (the same), one a point lower (within the tolerance) and
// one that does not hold (5S, the work permit and the floor markings: 10 points lower).
const graded5S = (points: string, reason: string): Answers => ({ "14.1": { input: { points }, reason } });
export const scoring = {
  selfCheck: {} as Answers,
  assistance: graded5S("9.5", "仓库物料摆放不够整齐"),
  holds: graded5S("9.5", "仓库物料摆放不够整齐"),
  withinTolerance: graded5S("8.5", "仓库、车间物料摆放不够整齐"),
  mismatch: {
    ...graded5S("7", "车间通道堆放布料，现场“5S”管理未落实"),
    "14.2": { input: { met: false }, reason: "动火作业未履行作业许可审批手续" },
    "15.1": { input: { met: false }, reason: "车间地面标线缺失" },
  } as Answers,
};

const assessors: Record<Stage, { name: string; organization: string }> = {
  "self-check": { name: "王安全", organization: "企业自评" },
  assistance: { name: "许专家", organization: "石狮市督导帮扶组" },
  verification: { name: "陈核查", organization: "石狮市安委办督导核实组" },
  review: { name: "周复核", organization: "泉州市安委办复核组" },
};

/** An assessment of the campaign at `stage`, opened, answered and handed in by the district (not yet verified). */
export async function handIn(
  ctx: ShishiContext,
  campaignId: string,
  enterpriseId: string,
  stage: Stage,
  on: string,
  changes: Answers = {},
  note: string | null = null,
): Promise<AssessmentWithResult> {
  const client = ctx.clients.district;
  const opened = ok(
    await createAssessment({
      client,
      body: {
        target: { type: "enterprise", id: enterpriseId },
        rubric: { id: ctx.rubric.id, version: ctx.rubric.version },
        stage,
        assessor: assessors[stage],
        assessedOn: on,
        note,
        campaign: { campaignId },
      },
    }),
    `createAssessment ${stage} ${enterpriseId}`,
  );
  ok(
    await updateAssessment({ client, path: { id: opened.id }, body: { answers: answers(ctx.rubric.definition, changes) } }),
    `updateAssessment ${opened.id}`,
  );
  return ok(await submitAssessment({ client, path: { id: opened.id }, body: { note } }), `submitAssessment ${opened.id}`);
}

/** The second official verifies what the district handed in. */
export async function verify(ctx: ShishiContext, assessmentId: string, note: string): Promise<AssessmentWithResult> {
  return ok(
    await verifyAssessment({ client: ctx.clients.verifier, path: { id: assessmentId }, body: { note } }),
    `verifyAssessment ${assessmentId}`,
  );
}

/** Step 3a: every unit hands in its self-assessment report; the district verifies each. */
export async function selfCheck(ctx: ShishiContext, campaignId: string, enterpriseIds: readonly string[]) {
  const on = await ctx.on(ctx.plan.days.selfCheck);
  const done: string[] = [];
  for (const id of enterpriseIds) {
    const a = await handIn(ctx, campaignId, id, "self-check", on, scoring.selfCheck, "书面自评报告已提交");
    await verify(ctx, a.id, "自评报告已收");
    done.push(a.id);
  }
  return done;
}

/** Step 3b: the assistance groups score every unit; the district verifies each. Answers each unit's verified total. */
export async function assistance(ctx: ShishiContext, campaignId: string, enterpriseIds: readonly string[]) {
  const on = await ctx.on(ctx.plan.days.assistance);
  const totals = new Map<string, string | null>();
  for (const id of enterpriseIds) {
    const a = await handIn(ctx, campaignId, id, "assistance", on, scoring.assistance, "帮扶组现场评分");
    totals.set(id, (await verify(ctx, a.id, "帮扶评分已核")).result.total);
  }
  return totals;
}

// ---- the draw and the verification -------------------------------------------------------------------------

/** Step 4: the verification draw, seeded; and the record as the API keeps it. */
export async function drawSample(ctx: ShishiContext, campaignId: string) {
  await ctx.on(ctx.plan.days.draw);
  const client = ctx.clients.district;
  const drawn = ok(await drawCampaignSample({ client, path: { id: campaignId }, body: { seed: ctx.seed } }), "drawCampaignSample");
  const recorded = ok(await listCampaignSamples({ client, path: { id: campaignId } }), "listCampaignSamples").items;
  return { drawn, recorded };
}

/**
 * The draw repeated from its record, as anyone can (method sha256-fisher-yates-v1): the pool sorted, then a
 * Fisher–Yates shuffle whose k-th swap takes index SHA-256(`seed:townId:k`) (first 8 bytes, big-endian) modulo
 * what is left.
 */
export function repeatDraw(pool: readonly string[], count: number, seed: string, townId: string): string[] {
  const units = [...pool].sort();
  const picked: string[] = [];
  for (let k = 0; k < Math.min(count, units.length); k++) {
    const digest = createHash("sha256").update(`${seed}:${townId}:${k}`).digest();
    const j = k + Number(digest.readBigUInt64BE(0) % BigInt(units.length - k));
    [units[k], units[j]] = [units[j] as string, units[k] as string];
    picked.push(units[k] as string);
  }
  return picked;
}

/** A sampled unit's verified score at verification beside its earlier (assistance) one. */
export interface Scores {
  readonly enterpriseId: string;
  readonly townId: string;
  readonly earlier: string | null;
  readonly verified: string | null;
}

export interface VerificationOutcome {
  /** The sampled unit whose verified score did not hold. */
  readonly mismatch: Scores;
  /** A sampled unit a little below its earlier score, within the tolerance (when the draw took two in its town). */
  readonly withinTolerance: Scores | null;
  /** The units listed as sent back to assistance, right after the verification. */
  readonly sentBack: CampaignUnit[];
  readonly progress: CampaignProgress;
}

/** Step 5a: the drawn units assessed at verification and verified; the first of the first town does not hold. */
export async function verification(
  ctx: ShishiContext,
  campaignId: string,
  sample: CampaignSample,
  towns: readonly ShishiTown[],
  earlier: ReadonlyMap<string, string | null>,
): Promise<VerificationOutcome> {
  const on = await ctx.on(ctx.plan.days.verification);
  const first = towns[0] as ShishiTown;
  let mismatch: Scores | undefined;
  let withinTolerance: Scores | null = null;
  for (const town of sample.towns) {
    for (const [k, id] of town.picked.entries()) {
      const role = town.townId !== first.townId ? "holds" : k === 0 ? "mismatch" : k === 1 ? "withinTolerance" : "holds";
      const a = await handIn(ctx, campaignId, id, "verification", on, scoring[role], "督导核实抽查");
      const v = await verify(ctx, a.id, role === "mismatch" ? "核实得分与帮扶评分不符" : "核实一致");
      const scores = { enterpriseId: id, townId: town.townId, earlier: earlier.get(id) ?? null, verified: v.result.total };
      if (role === "mismatch") mismatch = scores;
      if (role === "withinTolerance") withinTolerance = scores;
    }
  }
  if (!mismatch) throw new Error(`the draw took no unit in ${first.name}`);
  const client = ctx.clients.district;
  const sentBack = ok(
    await listCampaignUnits({ client, path: { id: campaignId }, query: { mismatch: "true" } }),
    "listCampaignUnits",
  ).items;
  return { mismatch, withinTolerance, sentBack, progress: await progress(ctx, campaignId) };
}

/**
 * Step 5b: the unit sent back to assistance — experts visit, their findings become the campaign's hazards under
 * their key items, rectified and closed — and is verified again at verification, its score now holding.
 */
export async function assistAgain(ctx: ShishiContext, campaignId: string, enterpriseId: string) {
  const visitedOn = await ctx.on(ctx.plan.days.assistAgain);
  const { district, verifier } = ctx.clients;
  const visit = ok(
    await recordExpertVisit({
      client: district,
      path: { id: campaignId },
      body: {
        enterpriseId,
        visitedOn,
        experts: [
          { name: "许专家", organization: "石狮市安全生产专家库", field: "工贸" },
          { name: "郑专家", organization: "石狮市安全生产专家库", field: "消防" },
        ],
        summary: "督导核实不符，回到帮扶：指导落实现场“5S”管理和危险作业许可审批",
        findings: [
          { category: "作业许可", description: "动火作业未履行作业许可审批手续", location: "一号车间", keyItemId: "SC-07" },
          { category: "可视化标识", description: "车间地面标线缺失", location: "一号车间", keyItemId: "SC-08" },
        ],
      },
    }),
    "recordExpertVisit",
  );
  // Due by the second verification; a run on the wall clock does everything today, so it is due today.
  const due = visitedOn === ctx.plan.days.assistAgain ? ctx.plan.days.verifyAgain : visitedOn;
  for (const { id } of visit.hazards.created) {
    ok(
      await assignHazard({
        client: district,
        path: { id },
        body: {
          rectification: {
            measure: "建立动火作业审批制度、重新施划车间标线",
            responsible: { name: "王安全", phone: "13905950001" },
            deadline: due,
          },
        },
      }),
      `assignHazard ${id}`,
    );
    ok(await startHazardRectification({ client: district, path: { id } }), `startHazardRectification ${id}`);
    ok(await submitHazardRectification({ client: district, path: { id }, body: { note: "已整改" } }), `submitHazardRectification ${id}`);
  }
  const on = await ctx.on(ctx.plan.days.verifyAgain);
  for (const { id } of visit.hazards.created)
    ok(await closeHazard({ client: verifier, path: { id }, body: { note: "复查合格，销号" } }), `closeHazard ${id}`);
  const again = await handIn(ctx, campaignId, enterpriseId, "verification", on, scoring.holds, "帮扶整改后再次核实");
  const verified = await verify(ctx, again.id, "再次核实一致");
  return { visit, hazards: visit.hazards.created.map((h) => h.id), reverified: verified };
}

// ---- the city's review -------------------------------------------------------------------------------------

export interface ReviewOutcome {
  readonly grant: CampaignReviewGrant;
  /** The campaigns the city sees to review. */
  readonly cityReviews: CampaignReviewGrant[];
  readonly verified: string[];
  /** The assessment the city returned (back to assistance), as the district reads it afterwards. */
  readonly returned: AssessmentWithResult;
}

/**
 * Step 6: the district grants its city review of the campaign and hands in a review assessment per unit; the city
 * lists the campaign's assessments handed in at review, verifies them, and returns `returnUnit`'s to assistance.
 */
export async function cityReview(
  ctx: ShishiContext,
  campaignId: string,
  enterpriseIds: readonly string[],
  returnUnit: string,
): Promise<ReviewOutcome> {
  const on = await ctx.on(ctx.plan.days.review);
  const { district, city } = ctx.clients;
  const grant = ok(
    await grantCampaignReview({ client: district, path: { id: campaignId }, body: { note: "请泉州市安委办复核" } }),
    "grantCampaignReview",
  );
  for (const id of enterpriseIds) await handIn(ctx, campaignId, id, "review", on, scoring.holds, "复核评分");
  const cityReviews = ok(await listCampaignReviews({ client: city }), "listCampaignReviews").items;
  const path = { districtId: ctx.districtId, campaignId };
  const listed = ok(await listReviewAssessments({ client: city, path }), "listReviewAssessments").items;
  const toReview = listed.filter((a) => a.stage === "review" && a.status === "submitted");
  const verified: string[] = [];
  let returnedId: string | undefined;
  for (const a of toReview) {
    if (a.enterpriseId === returnUnit) {
      ok(
        await returnReviewAssessment({ client: city, path: { ...path, assessmentId: a.id }, body: { reason: "安全生产台账与现场不符" } }),
        "returnReviewAssessment",
      );
      returnedId = a.id;
    } else {
      ok(await verifyReviewAssessment({ client: city, path: { ...path, assessmentId: a.id }, body: { note: "复核一致" } }), "verify");
      verified.push(a.id);
    }
  }
  if (!returnedId) throw new Error(`no review assessment of ${returnUnit} to return`);
  const returned = ok(await getAssessment({ client: district, path: { id: returnedId } }), "getAssessment");
  return { grant, cityReviews, verified, returned };
}

// ---- benchmarks, progress, close ---------------------------------------------------------------------------

/** Step 7: benchmark enterprises of the campaign, `perTown[i]` units of the i-th town (the first units registered). */
export async function designateBenchmarks(
  ctx: ShishiContext,
  campaignId: string,
  towns: readonly ShishiTown[],
  perTown: readonly number[],
): Promise<BenchmarkEnterprise[]> {
  await ctx.on(ctx.plan.days.benchmarks);
  const made: BenchmarkEnterprise[] = [];
  for (const [i, town] of towns.entries())
    for (const enterpriseId of town.enterpriseIds.slice(0, perTown[i] ?? 0))
      made.push(
        ok(
          await designateBenchmarkEnterprise({
            client: ctx.clients.district,
            body: { enterpriseId, year: ctx.plan.benchmarkYear, reason: "标准化提质增效成效明显，树为标杆", campaign: { campaignId } },
          }),
          "designateBenchmarkEnterprise",
        ),
      );
  return made;
}

/** The campaign's progress per town and in total, as of the server's today. */
export async function progress(ctx: ShishiContext, campaignId: string): Promise<CampaignProgress> {
  return ok(await getCampaignProgress({ client: ctx.clients.district, path: { id: campaignId } }), "getCampaignProgress");
}

/** One line per town and stage: what a report (or a test) reads off the progress. */
export function townFigures(p: CampaignProgress) {
  return p.towns.map((t) => ({
    town: t.townName,
    townId: t.townId,
    units: t.units,
    reached: t.reached,
    stages: Object.fromEntries(
      t.stages.map((s) => [
        s.stageId,
        { required: s.required, assessed: s.assessed, verified: s.verified, mismatched: s.mismatched, status: s.status },
      ]),
    ),
    hazards: { found: t.hazards.found, closed: t.hazards.closed },
    benchmarks: t.benchmarks,
  }));
}

/** Step 8: the campaign closed: no new work joins it, its figures stay. */
export async function close(ctx: ShishiContext, campaignId: string): Promise<Campaign> {
  await ctx.on(ctx.plan.days.close);
  return ok(
    await closeCampaign({ client: ctx.clients.district, path: { id: campaignId }, body: { note: "总结提升阶段结束" } }),
    "closeCampaign",
  );
}

/** Step 9: the summary report (总结报告), the .docx the campaign ends with, built from its definition and tallies. */
export async function summaryReport(ctx: ShishiContext, campaignId: string): Promise<Uint8Array> {
  const report = await getCampaignSummaryReport({
    client: ctx.clients.district,
    path: { id: campaignId },
    query: { format: "docx" },
    parseAs: "arrayBuffer",
  });
  return new Uint8Array(ok(report, "getCampaignSummaryReport") as unknown as ArrayBuffer);
}

// ---- the whole recipe --------------------------------------------------------------------------------------

export interface ShishiRun {
  readonly context: ShishiContext;
  readonly campaignId: string;
  readonly towns: ShishiTown[];
  /** As created, before the late unit joined. */
  readonly defined: Campaign;
  readonly late: { enterpriseId: string; campaign: Campaign };
  readonly sample: { drawn: CampaignSample; recorded: CampaignSample[] };
  readonly verification: VerificationOutcome;
  readonly assistAgain: Awaited<ReturnType<typeof assistAgain>>;
  readonly review: ReviewOutcome;
  readonly benchmarks: BenchmarkEnterprise[];
  /** Progress after each deadline, and the units never reached just after the self-check. */
  readonly progress: {
    readonly afterSelfCheck: CampaignProgress;
    readonly notReachedAfterSelfCheck: CampaignUnit[];
    readonly afterAssistance: CampaignProgress;
    readonly afterVerification: CampaignProgress;
    readonly afterReview: CampaignProgress;
    readonly final: CampaignProgress;
  };
  readonly closed: Campaign;
  /** The summary report (.docx) built after the close. */
  readonly summaryReport: Uint8Array;
}

/**
 * The whole campaign: register, definition, the five stages across their deadlines, the draw and a mismatch, the
 * city's review (one unit returned: the second town's first unit neither drawn nor late), benchmarks (the target in
 * the first town, one short of it in the second), progress after each deadline, and the close.
 */
export async function runShishiCampaign(clients: ShishiClients, options: ShishiOptions = {}): Promise<ShishiRun> {
  const ctx = await shishiContext(clients, options);
  const { days } = ctx.plan;
  const towns = await setUpRegister(ctx);
  const defined = await defineCampaign(ctx, towns);
  const campaignId = defined.id;
  const all = () => towns.flatMap((t) => t.enterpriseIds);
  await selfCheck(ctx, campaignId, all());
  // A unit registered while the self-check runs joins at the scope's next resolution, too late for its report: the
  // second town's self-check ends overdue.
  const late = await joinLateUnit(ctx, campaignId, towns);

  await ctx.on(days.afterSelfCheck);
  const afterSelfCheck = await progress(ctx, campaignId);
  const notReachedAfterSelfCheck = ok(
    await listCampaignUnits({ client: clients.district, path: { id: campaignId }, query: { reached: "false" } }),
    "listCampaignUnits",
  ).items;

  const assisted = await assistance(ctx, campaignId, all());
  await ctx.on(days.afterAssistance);
  const afterAssistance = await progress(ctx, campaignId);

  const sample = await drawSample(ctx, campaignId);
  const verified = await verification(ctx, campaignId, sample.drawn, towns, assisted);
  const again = await assistAgain(ctx, campaignId, verified.mismatch.enterpriseId);
  await ctx.on(days.afterVerification);
  const afterVerification = await progress(ctx, campaignId);

  const second = towns.at(-1) as ShishiTown;
  const drawnThere = new Set(sample.drawn.towns.find((t) => t.townId === second.townId)?.picked ?? []);
  const returnUnit = second.enterpriseIds.find((id) => !drawnThere.has(id) && id !== late.enterpriseId);
  if (!returnUnit) throw new Error(`every unit of ${second.name} was drawn: nothing for the city to return`);
  const review = await cityReview(ctx, campaignId, all(), returnUnit);
  await ctx.on(days.afterReview);
  const afterReview = await progress(ctx, campaignId);

  const target = ctx.targets.benchmarksPerTown;
  const benchmarks = await designateBenchmarks(ctx, campaignId, towns, [target, target - 1]);
  const closed = await close(ctx, campaignId);
  const final = await progress(ctx, campaignId);
  const report = await summaryReport(ctx, campaignId);
  return {
    context: ctx,
    campaignId,
    towns,
    defined,
    late,
    sample,
    verification: verified,
    assistAgain: again,
    review,
    benchmarks,
    progress: { afterSelfCheck, notReachedAfterSelfCheck, afterAssistance, afterVerification, afterReview, final },
    closed,
    summaryReport: report,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      "base-url": { type: "string", default: "http://localhost:3000" },
      token: { type: "string" },
      "verifier-token": { type: "string" },
      "city-token": { type: "string" },
      "platform-token": { type: "string" },
      units: { type: "string", default: "12" },
      year: { type: "string", default: "2024" },
      "report-file": { type: "string", default: "shishi-summary-report.docx" },
    },
  });
  const baseUrl = values["base-url"];
  if (!values.token || !values["verifier-token"] || !values["city-token"])
    throw new Error("--token (石狮市 tenant-admin), --verifier-token (another official of 石狮市) and --city-token (泉州市) are required");
  const fetch = patientFetch();
  if (values["platform-token"]) {
    const platform = anquanClient({ baseUrl, token: values["platform-token"], fetch });
    for (const body of [
      { id: "350500", name: "泉州市", level: "city", parentId: null },
      { id: "350581", name: "石狮市", level: "district", parentId: "350500" },
    ] as const) {
      const made = await createTenant({ client: platform, body });
      if (made.response?.status !== 409) ok(made, `createTenant ${body.id}`);
    }
  }
  const run = await runShishiCampaign(
    {
      district: anquanClient({ baseUrl, token: values.token, fetch }),
      verifier: anquanClient({ baseUrl, token: values["verifier-token"], fetch }),
      city: anquanClient({ baseUrl, token: values["city-token"], fetch }),
    },
    { unitsPerTown: Number(values.units), year: Number(values.year) },
  );
  console.log(`campaign ${run.campaignId} (${run.closed.name}), closed ${run.closed.closedAt}`);
  writeFileSync(values["report-file"], run.summaryReport);
  console.log(`summary report written to ${values["report-file"]} (${run.summaryReport.byteLength} bytes)`);
  for (const town of townFigures(run.progress.final)) {
    console.log(`${town.town}: ${town.reached}/${town.units} reached, benchmarks ${town.benchmarks.designated}/${town.benchmarks.target}`);
    for (const [stage, s] of Object.entries(town.stages))
      console.log(`  ${stage.padEnd(13)} assessed ${s.assessed} verified ${s.verified}/${s.required} ${s.status ?? "-"}`);
  }
}
