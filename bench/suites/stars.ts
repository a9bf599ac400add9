// Suite "stars": (1) star requests through the Lambda handler chain — a ten-star application evaluated for one
// unit (calls, capacity, p50), an award, a unit's stars, award lists, the public star roll and the key inspection
// targets (差异化监管); (2) the weekly trigger sweep of a tenant
// holding 100,000 awards of which 1 % fall due (their hazard's deadline passed), against re-evaluating every unit.
import type { WriteRequest } from "@aws-sdk/client-dynamodb";
import type { AuditEntry } from "#core/kernel/audit";
import { ulid } from "#core/kernel/ids";
import type { StarAward } from "#core/stars/star-award-record";
import { createStarUpkeep } from "#core/stars/star-upkeep";
import { mintDevToken } from "#local/dev-keys";
import { localClient } from "#store/dynamo/client-provider";
import { keys, tenantScope } from "#store/dynamo/keys";
import { batchWrite, toItem } from "#store/dynamo/writes";
import { answersFor } from "#test/support/assessments";
import { lambdaCaller } from "../support/api.ts";
import type { RecordedCall } from "../support/capacity-client.ts";
import { totalsOf, units } from "../support/capacity-report.ts";
import { assignBody, majorHazardBody } from "../support/hazard-data.ts";
import { benchDeps } from "../support/lambda-app.ts";
import { invoke } from "../support/lambda-event.ts";
import { table } from "../support/markdown.ts";
import { addPlaces, enterpriseBody, type Place } from "../support/register-data.ts";
import { callsOf, callsRow } from "../support/request-calls.ts";
import { onScratchTable } from "../support/scratch-suite.ts";
import { fixed, summarize } from "../support/stats.ts";
import type { Suite } from "../support/suite.ts";

const tenantId = "320312";
const scope = tenantScope(tenantId);
const dayMs = 24 * 3600 * 1000;
const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10);

/** Each star's evidence rules: every rule type a ten-star scheme can read, the first star the 附件3 score. */
const rulesOf = (i: number): unknown[] =>
  [
    [{ type: "assessment-score", rubricId: "shishi-enterprise-2024", minScore: "60", withinMonths: 12 }],
    [{ type: "no-open-hazards", severity: "major", days: 365 }],
    [{ type: "hazards-closed-on-time", days: 365 }],
    [{ type: "placard-checked" }],
    [{ type: "register-confirmed", days: 365 }],
    [{ type: "standardization", field: "responsibilitySystem" }],
    [{ type: "no-fatal-accident", months: 36 }],
    [{ type: "standardization", field: "passed" }],
    [{ type: "no-open-hazards", severity: "any", days: 90, overdueOnly: true }],
    [{ type: "standardization", field: "informationCollected" }],
  ][i] ?? [];
const triggers = [{ type: "hazard-overdue", severity: "major" }, { type: "accident-recorded", fatalOnly: true }, { type: "sham-flagged" }];
const standardization = { status: "passed", responsibilitySystem: true, starRated: false, informationCollected: true };
const persons = {
  first: { name: "张三", phone: "13912345678", title: "总经理" },
  inCharge: { name: "李四", phone: "0516-87654321" },
  specific: [{ name: "王五", phone: "13800001111", title: "车间主任" }],
};

export const starsSuite: Suite = {
  name: "stars",
  async run(context) {
    return onScratchTable(context, "stars", async ({ fixture, scratch, counting, app }) => {
      const bearer = async (role: string, subject: string) => ({
        authorization: `Bearer ${await mintDevToken(fixture.keys, { role, tenantId, subject } as never)}`,
      });
      const admin = await bearer("tenant-admin", "bench-admin");
      const inspector = await bearer("inspector", "bench-li");
      const verifier = await bearer("inspector", "bench-wang");
      const asAdmin = lambdaCaller(app, admin);
      const asInspector = lambdaCaller(app, inspector);
      const places = (await addPlaces(asAdmin, 2, 1)) as [Place, Place];
      const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

      // The Tongshan ten-star template, every star named with one rule type each and the usual triggers.
      const copy = (await asAdmin("POST", "/v1/star-scheme-library/tongshan-ten-stars/copy", undefined, 201)) as {
        id: string;
        latest: { definition: { stars: Record<string, unknown>[] } };
      };
      const definition = structuredClone(copy.latest.definition);
      definition.stars.forEach((s, i) => {
        s.name ??= { zh: `第${i + 1}星`, en: `Star ${i + 1}` };
        s.attests = { zh: "整改成效" };
        s.rules = rulesOf(i);
        s.triggers = triggers;
      });
      await asAdmin("PUT", `/v1/star-schemes/${copy.id}/draft`, { definition });
      await asAdmin("POST", `/v1/star-schemes/${copy.id}/publish`);
      const schemeId = copy.id;

      // One unit with every kind of evidence: a verified 附件3 assessment and a checked placard, so all ten stars pass.
      const full = (await asAdmin(
        "POST",
        "/v1/enterprises",
        enterpriseBody(1, places[0], { standardization, productionStatus: "producing" }),
        201,
      )) as {
        id: string;
      };
      const rubric = (await asInspector("GET", "/v1/rubric-library/shishi-enterprise-2024")) as {
        definition: Parameters<typeof answersFor>[0];
      };
      const opened = (await asInspector(
        "POST",
        "/v1/assessments",
        {
          target: { type: "enterprise", id: full.id },
          rubric: { id: "shishi-enterprise-2024", version: 1 },
          stage: "verification",
          assessor: { name: "陈秋茹", organization: "市安办督导帮扶组" },
          assessedOn: today,
        },
        201,
      )) as { id: string };
      await asInspector("PATCH", `/v1/assessments/${opened.id}`, { answers: answersFor(rubric.definition) });
      await asInspector("POST", `/v1/assessments/${opened.id}/submit`);
      await lambdaCaller(app, verifier)("POST", `/v1/assessments/${opened.id}/verify`, { note: "核实一致" });
      await asInspector("POST", "/v1/placards", { enterpriseId: full.id, persons }, 201);

      type Application = { id: string; evaluation: { stars: { passed: boolean }[] } };
      const apply = (enterpriseId: string) => ({
        method: "POST",
        path: "/v1/star-applications",
        headers: inspector,
        body: { enterpriseId, schemeId },
      });
      const rows: string[][] = [];
      const applyCalls = await callsOf(app, counting, "apply", apply(full.id), 201);
      rows.push(callsRow("POST /v1/star-applications (ten stars evaluated)", applyCalls));
      const pending = (await asInspector("GET", `/v1/star-applications?enterpriseId=${full.id}&status=pending`)) as {
        items: { id: string }[];
      };
      const applicationId = pending.items[0]?.id ?? "";
      const application = (await asInspector("GET", `/v1/star-applications/${applicationId}`)) as Application;
      const passed = application.evaluation.stars.filter((s) => s.passed).length;
      if (passed !== 10) throw new Error(`the full unit passed ${passed} of 10 stars`);
      const awardCalls = await callsOf(
        app,
        counting,
        "award",
        {
          method: "POST",
          path: `/v1/star-applications/${applicationId}/award`,
          headers: admin,
          body: { plaque: { date: today, number: "铜安星〔2026〕001号" } },
        },
        200,
      );
      rows.push(callsRow("POST /v1/star-applications/{id}/award (ten awards)", awardCalls));
      for (const [label, path] of [
        ["GET /v1/enterprises/{id}/stars", `/v1/enterprises/${full.id}/stars`],
        ["GET /v1/star-awards?limit=50", "/v1/star-awards?limit=50"],
        ["GET /v1/star-awards?townId=…&state=active&limit=50", `/v1/star-awards?townId=${places[0].townId}&state=active&limit=50`],
      ] as const) {
        rows.push(callsRow(label, await callsOf(app, counting, label, { method: "GET", path, headers: inspector }, 200)));
      }

      // The p50 of a ten-star evaluation: apply (timed) and refuse, again and again, on the full unit.
      const runs = context.quick ? 5 : 40;
      const applyMs: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        const res = await invoke(app, apply(full.id));
        applyMs.push(performance.now() - t);
        if (res.statusCode !== 201) throw new Error(`apply answered ${res.statusCode}: ${res.body}`);
        await asAdmin("POST", `/v1/star-applications/${(res.json as { id: string }).id}/refuse`, { reason: "基准测试" });
      }
      const applyStats = summarize(applyMs);

      // The sweep's tenant: `due` units through the API, each awarded the eight stars its evidence passes, then a
      // major hazard recorded and assigned with a deadline ten days on (each re-derives the unit's stars in its
      // request, moving nextCheckOn to the day after that deadline).
      const total = context.quick ? 5_000 : 100_000;
      const due = total / 100;
      const awardMs: number[] = [];
      const dueUnits: string[] = [];
      const deadline = plusDays(today, 10);
      const setupStarted = Date.now();
      for (let i = 0; i < due; i++) {
        const place = places[i % 2] as Place;
        const body = enterpriseBody(100 + i, place, { standardization, productionStatus: "producing" });
        const unit = (await asAdmin("POST", "/v1/enterprises", body, 201)) as { id: string };
        const filed = (await asInspector("POST", "/v1/star-applications", { enterpriseId: unit.id, schemeId }, 201)) as { id: string };
        const t = performance.now();
        await asAdmin("POST", `/v1/star-applications/${filed.id}/award`);
        awardMs.push(performance.now() - t);
        const hazard = (await asInspector("POST", "/v1/hazards", majorHazardBody(unit.id, today), 201)) as { id: string };
        await asInspector("POST", `/v1/hazards/${hazard.id}/assign`, assignBody(deadline));
        dueUnits.push(unit.id);
      }
      const awardStats = summarize(awardMs);
      // The public star roll (公开公示) of the scheme, first page of 50 awards, anonymous.
      const roll = { method: "GET", path: `/p/${tenantId}/stars/${schemeId}`, headers: {} };
      rows.push(
        callsRow("GET /p/{tenantId}/stars/{schemeId} (public roll, a page of 50)", await callsOf(app, counting, "roll", roll, 200)),
      );
      const rollMs: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        const res = await invoke(app, roll);
        rollMs.push(performance.now() - t);
        if (res.statusCode !== 200) throw new Error(`the roll answered ${res.statusCode}`);
      }
      const rollStats = summarize(rollMs);
      // The key inspection targets (差异化监管): every unit above has an open major hazard, so a page of 50 rows.
      for (const [label, path] of [
        ["GET /v1/supervision-targets?limit=50", "/v1/supervision-targets?limit=50"],
        [
          "GET /v1/supervision-targets?townId=…&reason=open-major-hazard&limit=50",
          `/v1/supervision-targets?townId=${places[0].townId}&reason=open-major-hazard&limit=50`,
        ],
      ] as const) {
        rows.push(callsRow(label, await callsOf(app, counting, label, { method: "GET", path, headers: inspector }, 200)));
      }
      context.log(`stars: ${due} units awarded through the API in ${((Date.now() - setupStarted) / 1000).toFixed(0)} s`);

      // The other 99 %: awards seeded straight into the store (the award, its unit copy and its due entry, due
      // within the next year), modelled on a real award. The sweep never reads a unit whose award is not due, so
      // their units are not seeded.
      const sample = (await asInspector("GET", `/v1/enterprises/${dueUnits[0]}/stars`)) as { current: StarAward[] };
      const model = sample.current[0];
      if (!model) throw new Error("no award to model the seeded ones on");
      const seedClient = localClient(fixture.endpoint);
      const seedStarted = Date.now();
      try {
        for (let i = due; i < total; i += 800) {
          const requests: WriteRequest[] = [];
          for (let k = i; k < Math.min(total, i + 800); k++) {
            const id = ulid(Date.now() - k);
            const enterpriseId = ulid(Date.now() - 2 * total - k);
            const nextCheckOn = plusDays(today, 30 + (k % 330));
            const award: StarAward = { ...model, id, enterpriseId, townId: places[k % 2]?.townId ?? model.townId, nextCheckOn };
            requests.push(
              { PutRequest: { Item: toItem({ ...award, _type: "star-award", ...keys.starAward(scope, id) }) } },
              { PutRequest: { Item: toItem({ ...award, _type: "star-award-of-unit", ...keys.starAwardOfUnit(scope, enterpriseId, id) }) } },
              {
                PutRequest: {
                  Item: toItem({
                    _type: "star-award-due",
                    awardId: id,
                    enterpriseId,
                    nextCheckOn,
                    ...keys.starAwardDue(scope, nextCheckOn, id),
                  }),
                },
              },
            );
          }
          await batchWrite({ client: seedClient, tableName: scratch.tableName }, scope, requests);
        }
      } finally {
        seedClient.destroy();
      }
      context.log(`stars: ${total - due} awards seeded in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`);

      const upkeepOn = (day: string) =>
        createStarUpkeep(benchDeps(scratch, counting.client, { clock: { now: () => new Date(`${day}T02:00:00+08:00`) } }));
      // Re-evaluating every unit, measured on the due units today (every read made, nothing changes), per unit.
      const cause: AuditEntry = {
        id: ulid(Date.now()),
        at: new Date().toISOString(),
        actor: { kind: "system", id: "bench" },
        action: "bench.recheck",
        entity: { type: "tenant", id: tenantId },
      };
      const recheck = upkeepOn(today);
      counting.take();
      const recheckStarted = performance.now();
      let unchanged = 0;
      for (const id of dueUnits) unchanged += (await recheck.rederive(tenantId, id, cause)).length === 0 ? 1 : 0;
      const recheckMs = performance.now() - recheckStarted;
      const recheckCalls: RecordedCall[] = counting.take();
      if (unchanged !== due) throw new Error(`re-evaluating today changed ${due - unchanged} units`);

      // The sweep the day after the deadline: only the due units are read, each suspended.
      const sweepDay = plusDays(deadline, 1);
      counting.take();
      const sweepStarted = performance.now();
      const swept = await upkeepOn(sweepDay).sweep(tenantId);
      const sweepMs = performance.now() - sweepStarted;
      const sweepCalls = counting.take();
      if (swept.units !== due || swept.changed !== due * 8)
        throw new Error(`the sweep read ${swept.units} units and changed ${swept.changed} awards`);
      const sweepTotals = totalsOf(sweepCalls);
      const recheckTotals = totalsOf(recheckCalls);
      const scale = total / due;

      return [
        "## Star ratings: requests and the weekly trigger sweep",
        "",
        "A ten-star scheme (the Tongshan template with every star named: one evidence rule type per star — the 附件3 score, open and " +
          "overdue hazards, hazards closed on time, a checked placard, register confirmed, three standardization fields, no fatal " +
          "accident — and the hazard-overdue, accident and sham triggers). Each request through the Lambda handler chain on a table " +
          "of its own, auth cache warm; the unit applying has a verified 附件3 assessment, a placard and no hazards, so all ten stars pass. " +
          "The roll and the target lists are read once the sweep's units below exist (each with eight stars and an open major hazard).",
        "",
        table(["operation", "calls", "DynamoDB calls", "RCU", "WCU"], rows, ["l", "r", "l", "r", "r"]),
        "",
        `A ten-star evaluation (POST /v1/star-applications) over ${runs} runs on that unit: p50 ${fixed(applyStats.p50, 1)} ms, ` +
          `p90 ${fixed(applyStats.p90, 1)} ms. An award of eight stars over ${due.toLocaleString("en-US")} units: ` +
          `p50 ${fixed(awardStats.p50, 1)} ms, p90 ${fixed(awardStats.p90, 1)} ms. The public roll's first page ` +
          `(${(due * 8).toLocaleString("en-US")} awards in the scheme) over ${runs} runs: p50 ${fixed(rollStats.p50, 1)} ms, p90 ${fixed(rollStats.p90, 1)} ms.`,
        "",
        `### The weekly trigger sweep: ${total.toLocaleString("en-US")} awards, 1 % due`,
        "",
        `${due.toLocaleString("en-US")} units made through the API, each holding eight stars and an open major hazard whose deadline ` +
          `passes; ${(total - due).toLocaleString("en-US")} further awards seeded straight into the store, due later in the year. ` +
          "The sweep runs the day after the deadline (as the weekly refresh runs it); re-evaluating every unit is measured on the " +
          `${due.toLocaleString("en-US")} due units on a day nothing changes (every read made) and scaled ×${scale} to the tenant.`,
        "",
        table(
          ["run", "units read", "awards changed", "time", "calls", "RCU", "WCU"],
          [
            [
              "weekly sweep (due entries only)",
              swept.units.toLocaleString("en-US"),
              swept.changed.toLocaleString("en-US"),
              `${fixed(sweepMs / 1000, 1)} s`,
              sweepTotals.calls.toLocaleString("en-US"),
              units(sweepTotals.read),
              units(sweepTotals.awsWrite),
            ],
            [
              `re-evaluate ${due.toLocaleString("en-US")} units (measured)`,
              due.toLocaleString("en-US"),
              "0",
              `${fixed(recheckMs / 1000, 1)} s`,
              recheckTotals.calls.toLocaleString("en-US"),
              units(recheckTotals.read),
              units(recheckTotals.awsWrite),
            ],
            [
              `re-evaluate every unit (×${scale}, estimated)`,
              total.toLocaleString("en-US"),
              "—",
              `${fixed((recheckMs * scale) / 1000, 0)} s`,
              Math.round(recheckTotals.calls * scale).toLocaleString("en-US"),
              units(recheckTotals.read * scale),
              "—",
            ],
          ],
          ["l", "r", "r", "r", "r", "r", "r"],
        ),
        "",
        `Reading: the sweep reads one Query range of due entries and then only the due units, so its cost follows the week's ` +
          `deadlines and expiries: ${fixed((recheckMs * scale) / sweepMs, 0)}× less time and ` +
          `${fixed((recheckTotals.read * scale) / Math.max(sweepTotals.read, 0.5), 0)}× fewer RCU than re-evaluating the tenant, ` +
          "and the 99 % not due cost it nothing beyond the range it does not read. Its writes are the suspensions themselves " +
          "(each award, its unit copy, due and list entries, and the audit record, in one transaction).",
        "",
      ].join("\n");
    });
  },
};
