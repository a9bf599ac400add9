// Suite "assessments": (1) the scoring engine alone — a full 附件3 assessment (44 criteria) validated and scored,
// against a JSON round trip of the same answers as a yardstick; (2) each assessment request through the Lambda
// handler chain — calls, capacity, and the latency of submit; (3) a town's summary over 1,000 assessments, read
// from the list entries, against reading the assessments themselves.
import { BatchGetItemCommand, type KeysAndAttributes } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Assessment } from "#core/assessments/assessment";
import { summaryOf } from "#core/assessments/assessment-records";
import { criteriaOf } from "#core/assessments/rubric";
import { libraryRubric } from "#core/assessments/rubric-library";
import { type CriterionAnswer, inputProblems, scoreAssessment } from "#core/assessments/scoring";
import { ulid } from "#core/kernel/ids";
import { mintDevToken } from "#local/dev-keys";
import { localDeps } from "#local/local-deps";
import { keys, tenantScope } from "#store/dynamo/keys";
import { answersFor } from "#test/support/assessments";
import { lambdaCaller } from "../support/api.ts";
import { capacityCountingClient, type RecordedCall } from "../support/capacity-client.ts";
import { totalsOf, units } from "../support/capacity-report.ts";
import { lambdaApp } from "../support/lambda-app.ts";
import { type HttpRequest, invoke } from "../support/lambda-event.ts";
import { table } from "../support/markdown.ts";
import { benchRateLimits } from "../support/rate-limits.ts";
import { addPlaces, enterpriseBody, type Place } from "../support/register-data.ts";
import { callsOf, callsRow } from "../support/request-calls.ts";
import { scratchTable } from "../support/scratch-table.ts";
import { fixed, summarize } from "../support/stats.ts";
import type { Suite } from "../support/suite.ts";

const tenantId = "320312";
const rubricPin = { id: "shishi-enterprise-2024", version: 1 };
const definition = (() => {
  const entry = libraryRubric(rubricPin.id);
  if (!entry) throw new Error("library rubric missing");
  return entry.definition;
})();

/** A realistic full answer sheet: most criteria met, a deduction under every rule the rubric uses. */
const deductions = {
  "15.3": { input: { met: false }, reason: "设备铭牌缺失" },
  "6.2": { input: { missingYears: 1 }, reason: "2023年未自评" },
  "19.1": { input: { missingYears: 3 }, reason: "连续三年无自评报告" },
  "14.1": { input: { points: "7.5" }, reason: "仓库物料堆放混乱" },
  "17.2": { input: { met: false }, reason: "未组织演练" },
};
const answerBodies = answersFor(definition, deductions);

/** Microseconds per call of `fn`, from `samples` timed batches of `batch` calls each. */
function microsPerCall(fn: () => unknown, samples: number, batch: number) {
  for (let i = 0; i < batch * 40; i++) fn();
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) fn();
    times.push(((performance.now() - started) * 1000) / batch);
  }
  return summarize(times);
}

function scoringTable(quick: boolean): { markdown: string; scoreP50: number; yardstickP50: number } {
  const answers: Record<string, CriterionAnswer> = {};
  for (const [id, body] of Object.entries(answerBodies)) {
    if (body && "input" in body) answers[id] = { input: body.input, reason: body.reason ?? null };
  }
  const placed = criteriaOf(definition);
  const validate = () => placed.flatMap(({ criterion }) => inputProblems(criterion, answers[criterion.id]?.input ?? {}, criterion.id));
  const samples = quick ? 20 : 200;
  const score = microsPerCall(() => scoreAssessment(definition, answers), samples, 50);
  const check = microsPerCall(validate, samples, 50);
  const both = microsPerCall(
    () => {
      validate();
      return scoreAssessment(definition, answers);
    },
    samples,
    50,
  );
  const yardstick = microsPerCall(() => JSON.parse(JSON.stringify(answers)), samples, 50);
  const total = scoreAssessment(definition, answers).total;
  const row = (label: string, s: ReturnType<typeof summarize>) => [
    label,
    fixed(s.p50, 1),
    fixed(s.p90, 1),
    fixed(s.p50 / yardstick.p50, 1),
  ];
  return {
    scoreP50: score.p50,
    yardstickP50: yardstick.p50,
    markdown: [
      "### Scoring a full 附件3 assessment (in process)",
      "",
      `44 criteria answered (five deductions under four rules: yes-no, per-missing-year capped, graded; total ${total}), ` +
        `${samples} samples of 50 calls each after a warm-up. The yardstick is a JSON round trip of the same answers.`,
      "",
      table(
        ["work", "µs p50", "µs p90", "× yardstick"],
        [
          row("check every input against its rule (inputProblems ×44)", check),
          row("score: criteria, items, sections, total, deductions (scoreAssessment)", score),
          row("both (what a PATCH of all answers computes)", both),
          row("yardstick: JSON.parse(JSON.stringify(answers))", yardstick),
        ],
        ["l", "r", "r", "r"],
      ),
      "",
    ].join("\n"),
  };
}

export const assessmentsSuite: Suite = {
  name: "assessments",
  async run(context) {
    const scoring = scoringTable(context.quick);
    const fixture = await context.dynamo();
    const scratch = await scratchTable(fixture, "assessments");
    const counting = capacityCountingClient(fixture.endpoint);
    try {
      const app = lambdaApp(scratch, counting.client);
      const inspector = {
        authorization: `Bearer ${await mintDevToken(fixture.keys, { role: "inspector", tenantId, subject: "bench-li" })}`,
      };
      const verifier = {
        authorization: `Bearer ${await mintDevToken(fixture.keys, { role: "inspector", tenantId, subject: "bench-wang" })}`,
      };
      const admin = { authorization: `Bearer ${await mintDevToken(fixture.keys, { role: "tenant-admin", tenantId })}` };
      const call = lambdaCaller(app, inspector);
      // The requests use the first town; the summary's seeded assessments are the second town's alone.
      const [town, summaryTown] = (await addPlaces(lambdaCaller(app, admin), 2, 1)) as [Place, Place];
      let n = 0;
      const newUnit = async () =>
        (await lambdaCaller(app, admin)("POST", "/v1/enterprises", enterpriseBody(++n, town), 201)) as { id: string };
      const openBody = (unitId: string) => ({
        target: { type: "enterprise", id: unitId },
        rubric: rubricPin,
        stage: "assistance",
        assessor: { name: "陈秋茹", organization: "督导帮扶组" },
        assessedOn: "2026-11-20",
      });
      const opened = async () => (await call("POST", "/v1/assessments", openBody((await newUnit()).id), 201)) as { id: string };
      const answered = async () => {
        const a = await opened();
        await call("PATCH", `/v1/assessments/${a.id}`, { answers: answerBodies });
        return a;
      };
      const submitted = async () => {
        const a = await answered();
        await call("POST", `/v1/assessments/${a.id}/submit`, undefined);
        return a;
      };

      const operations: { label: string; status: number; prepare: () => Promise<HttpRequest> }[] = [
        {
          label: "POST /v1/assessments (open, 附件3)",
          status: 201,
          prepare: async () => ({ method: "POST", path: "/v1/assessments", headers: inspector, body: openBody((await newUnit()).id) }),
        },
        {
          label: "PATCH /v1/assessments/{id} (all 44 answers)",
          status: 200,
          prepare: async () => ({
            method: "PATCH",
            path: `/v1/assessments/${(await opened()).id}`,
            headers: inspector,
            body: { answers: answerBodies },
          }),
        },
        {
          label: "PATCH /v1/assessments/{id} (one answer, total changes)",
          status: 200,
          prepare: async () => ({
            method: "PATCH",
            path: `/v1/assessments/${(await answered()).id}`,
            headers: inspector,
            body: { answers: { "1.1": { input: { met: false }, reason: "无计划" } } },
          }),
        },
        {
          label: "POST /v1/assessments/{id}/submit",
          status: 200,
          prepare: async () => ({ method: "POST", path: `/v1/assessments/${(await answered()).id}/submit`, headers: inspector }),
        },
        {
          label: "POST /v1/assessments/{id}/verify",
          status: 200,
          prepare: async () => ({ method: "POST", path: `/v1/assessments/${(await submitted()).id}/verify`, headers: verifier }),
        },
        {
          label: "GET /v1/assessments/{id} (with breakdown)",
          status: 200,
          prepare: async () => ({ method: "GET", path: `/v1/assessments/${(await answered()).id}`, headers: inspector }),
        },
        {
          label: "GET /v1/assessments?townId=…&limit=50",
          status: 200,
          prepare: async () => ({ method: "GET", path: `/v1/assessments?townId=${town.townId}&limit=50`, headers: inspector }),
        },
      ];
      const rows: string[][] = [];
      for (const op of operations) rows.push(callsRow(op.label, await callsOf(app, counting, op.label, await op.prepare(), op.status)));

      // Submit latency: each submit gets a freshly answered assessment (prepared, not timed).
      const submits = context.quick ? 5 : 40;
      const submitMs: number[] = [];
      const getMs: number[] = [];
      for (let i = 0; i < submits; i++) {
        const a = await answered();
        let started = performance.now();
        const res = await invoke(app, { method: "POST", path: `/v1/assessments/${a.id}/submit`, headers: inspector });
        submitMs.push(performance.now() - started);
        if (res.statusCode !== 200) throw new Error(`submit answered ${res.statusCode}`);
        started = performance.now();
        await invoke(app, { method: "GET", path: `/v1/assessments/${a.id}`, headers: inspector });
        getMs.push(performance.now() - started);
      }
      counting.take();
      const submitStats = summarize(submitMs);
      const getStats = summarize(getMs);

      // Town summary over 1,000 assessments (two per unit; the later one counts), seeded straight into the store.
      const seeded = context.quick ? 100 : 1000;
      const deps = localDeps({
        endpoint: scratch.endpoint,
        tableName: scratch.tableName,
        keys: scratch.keys,
        logger: { info() {}, warn() {}, error() {}, appendKeys() {}, resetKeys() {} },
        rateLimits: benchRateLimits,
      });
      const ids: string[] = [];
      const bodies = Object.fromEntries(
        Object.entries(answerBodies).map(([id, body]) => [
          id,
          {
            input: body && "input" in body ? body.input : {},
            reason: (body && "reason" in body && body.reason) || null,
            evidence: [],
            suggested: false,
            by: "bench",
            at: "2026-11-20T02:00:00Z",
          },
        ]),
      );
      const targets = Array.from({ length: seeded / 2 }, (_, i) => ulid(1_700_000_000_000 + i));
      const started = Date.now();
      for (let i = 0; i < seeded; i += 10) {
        await Promise.all(
          Array.from({ length: Math.min(10, seeded - i) }, async (_, j) => {
            const k = i + j;
            const answers = { ...bodies, "14.1": { ...bodies["14.1"], input: { points: String((k % 21) / 2) } } } as Assessment["answers"];
            const a: Assessment = {
              id: ulid(started + k),
              target: {
                type: "enterprise",
                id: targets[k % targets.length] ?? "",
                name: `单位${k % (seeded / 2)}`,
                townId: summaryTown.townId,
              },
              rubric: { ...rubricPin, title: definition.title.zh, kind: "scored" },
              stage: "assistance",
              status: k % 3 === 0 ? "verified" : "submitted",
              assessor: { name: "督导组", organization: null },
              assessedOn: k < seeded / 2 ? "2026-10-15" : "2026-11-15",
              note: null,
              answers,
              suggestions: {},
              evidence: [],
              transitions: [],
              submittedBy: "bench",
              createdAt: "2026-11-20T02:00:00Z",
              updatedAt: "2026-11-20T02:00:00Z",
              version: 1,
            };
            ids.push(a.id);
            const audit = {
              id: ulid(started + k),
              at: a.createdAt,
              actor: { kind: "system" as const, id: "bench" },
              action: "assessment.create",
              entity: { type: "assessment", id: a.id },
            };
            await deps.assessments.save(
              tenantId,
              { before: undefined, after: a, summary: summaryOf(a, scoreAssessment(definition, a.answers)), previousSummary: undefined },
              { audit },
            );
          }),
        );
      }
      context.log(`assessments: ${seeded} assessments seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      const summaryPath = `/v1/towns/${summaryTown.townId}/assessment-summary?rubricId=${rubricPin.id}`;
      const summaryMs: number[] = [];
      let summaryCalls: RecordedCall[] = [];
      let summary: { unitsAssessed?: number; assessments?: number; average?: string } = {};
      for (let i = 0; i < (context.quick ? 3 : 10); i++) {
        await invoke(app, { method: "GET", path: "/v1/me", headers: inspector });
        counting.take();
        const t = performance.now();
        const res = await invoke(app, { method: "GET", path: summaryPath, headers: inspector });
        summaryMs.push(performance.now() - t);
        summaryCalls = counting.take();
        summary = res.json as typeof summary;
      }
      // The alternative: read every assessment in full (BatchGetItem, 100 keys a call) and score it.
      const scope = tenantScope(tenantId);
      const fullMs: number[] = [];
      let fullCalls: RecordedCall[] = [];
      for (let i = 0; i < (context.quick ? 2 : 5); i++) {
        counting.take();
        const t = performance.now();
        for (let b = 0; b < ids.length; b += 100) {
          let request: Record<string, KeysAndAttributes> | undefined = {
            [scratch.tableName]: { Keys: ids.slice(b, b + 100).map((id) => marshall(keys.assessment(scope, id))), ConsistentRead: true },
          };
          while (request && Object.keys(request).length > 0) {
            const out: { UnprocessedKeys?: Record<string, KeysAndAttributes> } = await counting.client.send(
              new BatchGetItemCommand({ RequestItems: request }),
            );
            request = out.UnprocessedKeys;
          }
        }
        fullMs.push(performance.now() - t);
        fullCalls = counting.take();
      }
      const summaryTotals = totalsOf(summaryCalls);
      const fullTotals = totalsOf(fullCalls);
      const s = summarize(summaryMs);
      const f = summarize(fullMs);

      return [
        "## Assessments: scoring, requests, and a town's summary",
        "",
        scoring.markdown,
        "### Requests through the Lambda handler chain",
        "",
        "Each request on a table of its own, auth cache warm (a GET /v1/me just before); the assessment it needs is prepared " +
          "beforehand and not counted. Capacity as DynamoDB Local reports it, transactions also by AWS rules (see the register table).",
        "",
        table(["operation", "calls", "DynamoDB calls", "RCU", "WCU"], rows, ["l", "r", "l", "r", "r"]),
        "",
        `Submit latency over ${submits} submits of fully answered 附件3 assessments: p50 ${fixed(submitStats.p50, 1)} ms, p90 ` +
          `${fixed(submitStats.p90, 1)} ms; GET with the breakdown p50 ${fixed(getStats.p50, 1)} ms, p90 ${fixed(getStats.p90, 1)} ms.`,
        "",
        `### A town's summary over ${seeded} assessments`,
        "",
        `${seeded} submitted or verified 附件3 assessments in one town, two per unit (the later one counts: ${summary.unitsAssessed} units, ` +
          `average ${summary.average}), seeded straight into the store with their list entries.`,
        "",
        table(
          ["read", "ms p50", "ms p90", "calls", "RCU"],
          [
            [
              `GET …/assessment-summary (the town's list entries)`,
              fixed(s.p50, 1),
              fixed(s.p90, 1),
              String(summaryCalls.length),
              units(summaryTotals.read),
            ],
            [
              `every assessment in full (BatchGetItem ×${Math.ceil(ids.length / 100)}), not scored`,
              fixed(f.p50, 1),
              fixed(f.p90, 1),
              String(fullCalls.length),
              units(fullTotals.read),
            ],
          ],
          ["l", "r", "r", "r", "r"],
        ),
        "",
        `Reading: scoring is pure arithmetic on bigints — a full sheet costs ${fixed(scoring.scoreP50 / scoring.yardstickP50, 1)}× a JSON round ` +
          "trip of its answers, far below a DynamoDB call. The summary reads only the town's list entries (each carries the total and the " +
          `deducted criteria), ${fixed(fullTotals.read / Math.max(summaryTotals.read, 0.5), 1)}× fewer RCU than fetching the assessments ` +
          "themselves, which would still have to be scored.",
        "",
      ].join("\n");
    } finally {
      counting.client.destroy();
      await scratch.drop();
    }
  },
};
