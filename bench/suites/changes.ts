// Suite "changes": what the change feed costs. (1) The extra write of each change: its feed record is one more
// Put in the change's own transaction — no extra call — so its cost is the record's WCU, by AWS's rules from its
// stored size, beside the transaction's whole. (2) Reading: a page of 100 changes, and a page of one type among
// others (the filter reads past what it drops).
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { changeSettleMs } from "#core/changes/change-feed-service";
import { mintDevToken } from "#local/dev-keys";
import { lambdaCaller } from "../support/api.ts";
import { itemSize, type RecordedCall } from "../support/capacity-client.ts";
import { capacity, describeCalls, units, writeCapacity } from "../support/capacity-report.ts";
import { assignBody, majorHazardBody } from "../support/hazard-data.ts";
import { lambdaApp } from "../support/lambda-app.ts";
import type { HttpRequest } from "../support/lambda-event.ts";
import { table } from "../support/markdown.ts";
import { addPlaces, enterpriseBody, type Place } from "../support/register-data.ts";
import { callsOf } from "../support/request-calls.ts";
import { onScratchTable } from "../support/scratch-suite.ts";
import type { Suite } from "../support/suite.ts";

const tenantId = "320312";
/** The feed's clock past the settle window, so what the suite wrote is readable at once. */
const settled = { now: () => new Date(Date.now() + changeSettleMs + 1000) };

export const changesSuite: Suite = {
  name: "changes",
  async run(context) {
    return onScratchTable(context, "changes", async ({ fixture, scratch, counting }) => {
      const app = lambdaApp(scratch, counting.client, { feedClock: settled });
      const admin = { authorization: `Bearer ${await mintDevToken(fixture.keys, { role: "tenant-admin", tenantId })}` };
      const call = lambdaCaller(app, admin);
      const [place] = (await addPlaces(call, 1, 1)) as [Place];
      const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
      let n = 0;
      const unit = async () => ((await call("POST", "/v1/enterprises", enterpriseBody(++n, place), 201)) as { id: string }).id;
      const hazard = async (enterpriseId: string) =>
        ((await call("POST", "/v1/hazards", majorHazardBody(enterpriseId, today), 201)) as { id: string }).id;

      /** The feed records written since `after` (their positions sort after it), with their AWS-rule WCU. */
      const recordsAfter = async (after: string) => {
        const result = await counting.client.send(
          new QueryCommand({
            TableName: scratch.tableName,
            KeyConditionExpression: "pk = :pk AND sk > :after",
            ExpressionAttributeValues: { ":pk": { S: `T#${tenantId}#CHG` }, ":after": { S: after } },
          }),
        );
        counting.take();
        return (result.Items ?? []).map((item) => ({ bytes: itemSize(item as never), wcu: 2 * Math.ceil(itemSize(item as never) / 1024) }));
      };

      const writes: { label: string; status: number; prepare: () => Promise<HttpRequest> }[] = [
        {
          label: "POST /v1/enterprises (create a unit)",
          status: 201,
          prepare: async () => ({ method: "POST", path: "/v1/enterprises", headers: admin, body: enterpriseBody(++n, place) }),
        },
        {
          label: "PATCH /v1/enterprises/{id} (rename)",
          status: 200,
          prepare: async () => ({
            method: "PATCH",
            path: `/v1/enterprises/${await unit()}`,
            headers: admin,
            body: { name: `徐州变更${++n}机械有限公司` },
          }),
        },
        {
          label: "DELETE /v1/enterprises/{id}",
          status: 200,
          prepare: async () => ({ method: "DELETE", path: `/v1/enterprises/${await unit()}`, headers: admin }),
        },
        {
          label: "POST /v1/hazards (record)",
          status: 201,
          prepare: async () => ({ method: "POST", path: "/v1/hazards", headers: admin, body: majorHazardBody(await unit(), today) }),
        },
        {
          label: "POST /v1/hazards/{id}/assign",
          status: 200,
          prepare: async () => ({
            method: "POST",
            path: `/v1/hazards/${await hazard(await unit())}/assign`,
            headers: admin,
            body: assignBody(today),
          }),
        },
        {
          label: "PATCH /v1/settings",
          status: 200,
          prepare: async () => ({ method: "PATCH", path: "/v1/settings", headers: admin, body: { hotline: `1235${n++ % 10}` } }),
        },
      ];
      const writeRows: string[][] = [];
      for (const op of writes) {
        const request = await op.prepare();
        const before = new Date(Date.now() - 1000).toISOString();
        // The position of every record written before this request: the records after it are this request's.
        const mark = (await recordsAfter(before)).length;
        const calls = await callsOf(app, counting, op.label, request, op.status);
        const records = (await recordsAfter(before)).slice(mark);
        const transaction = calls.filter((c) => c.command === "TransactWriteItems");
        const recordWcu = records.reduce((sum, r) => sum + r.wcu, 0);
        const total = transaction.reduce((sum, c) => sum + (c.computedWrite ?? c.write ?? 0), 0);
        writeRows.push([
          op.label,
          String(calls.length),
          String(records.length),
          records.map((r) => `${r.bytes} B`).join(", "),
          units(recordWcu),
          units(total),
          total > 0 ? `${Math.round((recordWcu / total) * 100)} %` : "–",
        ]);
      }

      // A hundred changes and more to read: units and, between them, hazards.
      for (let i = 0; i < 60; i++) await hazard(await unit());
      const readRows: string[][] = [];
      const reads: { label: string; path: string; status: number }[] = [
        { label: "GET /v1/changes?limit=100 (from the oldest kept)", path: "/v1/changes?limit=100", status: 200 },
        { label: "GET /v1/changes?limit=100&types=hazard (one type of two)", path: "/v1/changes?limit=100&types=hazard", status: 200 },
        { label: "GET /v1/changes?since=now", path: "/v1/changes?since=now", status: 200 },
      ];
      for (const read of reads) {
        const calls: RecordedCall[] = await callsOf(
          app,
          counting,
          read.label,
          { method: "GET", path: read.path, headers: admin },
          read.status,
        );
        const feedCalls = calls.filter((c) => c.command === "Query" && c.partition?.endsWith("#CHG"));
        readRows.push([
          read.label,
          String(calls.length),
          describeCalls(feedCalls) || "none",
          capacity(feedCalls, "read"),
          writeCapacity(calls),
        ]);
      }

      return [
        "## The change feed",
        "",
        "What `GET /v1/changes` costs to keep and to read (bench/suites/changes.ts), through the Lambda handler chain on a " +
          "scratch table. **Writing:** each change's feed record is one more Put in the change's own TransactWriteItems " +
          "(packages/store/dynamo/change-records.ts), so it adds no call; its WCU by AWS's rules is 2 per started KB of the " +
          "record (transactional writes; no index), set beside the AWS-rule WCU of the whole transaction. A record carries " +
          "the whole resource, so it costs what the resource's own item costs, less its index writes.",
        "",
        table(
          ["request", "DynamoDB calls", "feed records", "record size", "their WCU", "transaction WCU (AWS rules)", "share"],
          writeRows,
          ["l", "r", "r", "l", "r", "r", "r"],
        ),
        "",
        "**Reading:** a page is strongly consistent Queries of the tenant's feed partition (`T#<id>#CHG`) between the cursor " +
          "and the settle horizon — 1 RCU per 4 KB read, eventually consistent reads not being allowed to miss a change. A type " +
          "filter reads past the changes it drops (up to 5 Queries a page, then the cursor resumes there). Other calls of the " +
          "request (throttling) are counted in the calls column only.",
        "",
        table(["request", "DynamoDB calls", "feed Queries", "their RCU", "WCU (all calls)"], readRows, ["l", "r", "l", "r", "r"]),
        "",
      ].join("\n");
    });
  },
};
