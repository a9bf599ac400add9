// Suite "register": the DynamoDB calls and capacity of each register (底数台账) operation — create, read, a list
// page of 50 (plain and filtered), changes, confirm and soft delete — through the Lambda handler chain, on a
// table of its own holding 150 units, as DynamoDB Local reports them through ReturnConsumedCapacity.
import { dimensions, type Enterprise } from "#core/register/enterprise";
import { mintDevToken } from "#local/dev-keys";
import { lambdaCaller } from "../support/api.ts";
import { capacityCountingClient, type RecordedCall } from "../support/capacity-client.ts";
import { capacity, describeCalls, totalsOf, units, writeCapacity } from "../support/capacity-report.ts";
import { lambdaApp } from "../support/lambda-app.ts";
import { type HttpRequest, invoke } from "../support/lambda-event.ts";
import { table } from "../support/markdown.ts";
import { addPlaces, enterpriseBody, type Place } from "../support/register-data.ts";
import { scratchTable } from "../support/scratch-table.ts";
import type { Suite } from "../support/suite.ts";

const tenantId = "320312";
/** Units in the register before measuring: two thirds in town A, so a page of 50 is full and a filter is sparse. */
const seeded = 150;

interface Operation {
  readonly label: string;
  readonly expectStatus: number;
  /** Builds the request (and creates any unit it needs) — not counted. */
  prepare(): Promise<HttpRequest>;
}

export const registerSuite: Suite = {
  name: "register",
  async run(context) {
    const fixture = await context.dynamo();
    const scratch = await scratchTable(fixture, "register");
    const counting = capacityCountingClient(fixture.endpoint);
    try {
      const app = lambdaApp(scratch, counting.client);
      const admin = { authorization: `Bearer ${await mintDevToken(fixture.keys, { role: "tenant-admin", tenantId })}` };
      const call = lambdaCaller(app, admin);
      const [townA, townB] = (await addPlaces(call, 2, 1)) as [Place, Place];
      let n = 0;
      const create = async (place: Place, overrides: Record<string, unknown> = {}) =>
        (await call("POST", "/v1/enterprises", enterpriseBody(++n, place, overrides), 201)) as Enterprise;
      for (let i = 0; i < seeded; i++) await create(i % 3 === 2 ? townB : townA);
      const host = await create(townA);
      context.log(`register: ${seeded + 1} units seeded`);

      const path = (unit: Enterprise) => `/v1/enterprises/${unit.id}`;
      const operations: Operation[] = [
        {
          label: "POST /v1/enterprises (create)",
          expectStatus: 201,
          prepare: async () => ({ method: "POST", path: "/v1/enterprises", headers: admin, body: enterpriseBody(++n, townA) }),
        },
        {
          label: "POST /v1/enterprises (create a lessee of a host, 厂中厂)",
          expectStatus: 201,
          prepare: async () => ({
            method: "POST",
            path: "/v1/enterprises",
            headers: admin,
            body: enterpriseBody(++n, townA, { hostId: host.id }),
          }),
        },
        {
          label: "GET /v1/enterprises/{id}",
          expectStatus: 200,
          prepare: async () => ({ method: "GET", path: path(host), headers: admin }),
        },
        {
          label: "GET /v1/enterprises?limit=50 (list page of 50)",
          expectStatus: 200,
          prepare: async () => ({ method: "GET", path: "/v1/enterprises?limit=50", headers: admin }),
        },
        {
          label: "GET /v1/enterprises?limit=50&townId=…&riskLevel=red (filtered page)",
          expectStatus: 200,
          prepare: async () => ({ method: "GET", path: `/v1/enterprises?limit=50&townId=${townA.townId}&riskLevel=red`, headers: admin }),
        },
        {
          label: "PATCH /v1/enterprises/{id} (address: not in the list summary)",
          expectStatus: 200,
          prepare: async () => {
            const unit = await create(townA);
            return { method: "PATCH", path: path(unit), headers: admin, body: { address: `${unit.address}东侧` } };
          },
        },
        {
          label: "PATCH /v1/enterprises/{id} (riskLevel: in the summary, one entry moves)",
          expectStatus: 200,
          prepare: async () => {
            const unit = await create(townA);
            return { method: "PATCH", path: path(unit), headers: admin, body: { riskLevel: unit.riskLevel === "red" ? "blue" : "red" } };
          },
        },
        {
          label: "PATCH /v1/enterprises/{id} (rename: every entry moves)",
          expectStatus: 200,
          prepare: async () => {
            const unit = await create(townA);
            return { method: "PATCH", path: path(unit), headers: admin, body: { name: unit.name.replace("有限公司", "股份有限公司") } };
          },
        },
        {
          label: "POST /v1/enterprises/{id}/confirm",
          expectStatus: 200,
          prepare: async () => ({ method: "POST", path: `${path(await create(townA))}/confirm`, headers: admin }),
        },
        {
          label: "DELETE /v1/enterprises/{id} (soft)",
          expectStatus: 200,
          prepare: async () => ({ method: "DELETE", path: path(await create(townA)), headers: admin }),
        },
      ];

      const results: { op: Operation; calls: RecordedCall[]; json: unknown }[] = [];
      for (const op of operations) {
        const request = await op.prepare();
        // Prime with the same credential so the measured request finds the auth cache warm, as a busy Lambda would.
        await invoke(app, { method: "GET", path: "/v1/me", headers: admin });
        counting.take();
        const res = await invoke(app, request);
        const calls = counting.take();
        if (res.statusCode !== op.expectStatus) throw new Error(`${op.label} answered ${res.statusCode}: ${res.body}`);
        results.push({ op, calls, json: res.json });
      }

      const rows = results.map(({ op, calls }) => [
        op.label,
        String(calls.length),
        describeCalls(calls),
        capacity(calls, "read"),
        writeCapacity(calls),
      ]);
      const find = (prefix: string) => {
        const found = results.find((r) => r.op.label.startsWith(prefix));
        if (!found) throw new Error(`no operation ${prefix}`);
        return found;
      };
      const totals = (prefix: string) => totalsOf(find(prefix).calls);
      /** The WCU by AWS rules (Local's where it has none), as the reading quotes it. */
      const wcu = (prefix: string) => `${units(totals(prefix).awsWrite)} WCU`;
      /** Items of the operation's transaction, and how many of them are list entries put ("… + list entry ×8 + …"). */
      const transaction = (prefix: string) => {
        const parts = (find(prefix).calls.find((c) => c.command === "TransactWriteItems")?.target ?? "").split(" + ");
        const count = (part: string) => Number(/ ×(\d+)$/.exec(part)?.[1] ?? 1);
        return {
          items: parts.reduce((sum, part) => sum + count(part), 0),
          entries: parts.filter((part) => part.startsWith("list entry")).reduce((sum, part) => sum + count(part), 0),
        };
      };
      const created = transaction("POST /v1/enterprises (create)");
      const createTotals = totals("POST /v1/enterprises (create)");
      const page = totals("GET /v1/enterprises?limit=50 (");
      const filtered = find("GET /v1/enterprises?limit=50&townId");
      const filteredQueries = filtered.calls.filter((c) => c.command === "Query");
      const filteredRead = filteredQueries.reduce((sum, c) => sum + (c.scanned ?? c.items ?? 0), 0);
      const filteredItems = (filtered.json as { items?: unknown[] }).items?.length ?? 0;
      return [
        "## Register: DynamoDB calls and consumed capacity per operation",
        "",
        `Each request goes through the Lambda handler chain (as in the capacity table above) against a table of its own holding ${seeded + 1} ` +
          `units in two towns (${(seeded * 2) / 3 + 1} in town A), created through the API beforehand. ` +
          "The auth cache is warm (a GET /v1/me with the same tenant-admin JWT just before), so the calls are the operation's own. " +
          "A write that needs a unit gets a fresh one, created beforehand and not counted. Capacity as DynamoDB Local reports it; " +
          "*AWS rules* re-computes transactions per item (2 WCU per started KB of each Put and of each index write; each Delete and " +
          "ConditionCheck counted as one item of at most 1 KB, 2 WCU — an estimate: AWS bills them by the stored item's size, and " +
          "the deleted list entries and checked towns/grids are under 1 KB). Queries are strongly consistent (1 RCU per 4 KB read).",
        "",
        table(["operation", "calls", "DynamoDB calls", "RCU", "WCU"], rows, ["l", "r", "l", "r", "r"]),
        "",
        `Reading: a unit is stored once in full and once more as a list entry in every list it belongs to — \`all\` and one per ` +
          `dimension value (${dimensions.filter((d) => d !== "host").join(", ")}; \`host\` only for a lessee) — so every list filter is a ` +
          `Query on a partition of its own. The cost is on the write side: a create is one transaction of ${created.items} items, ` +
          `${created.entries} of them list entries (${wcu("POST /v1/enterprises (create)")} by AWS rules, ` +
          `${(createTotals.awsWrite / createTotals.write).toFixed(1)}× the ${units(createTotals.write)} Local reports); a change to a field ` +
          `the entries carry re-puts all of them (riskLevel: ${wcu("PATCH /v1/enterprises/{id} (riskLevel")}), and a rename deletes and ` +
          `re-puts each, because the name leads the entries' sort key (${wcu("PATCH /v1/enterprises/{id} (rename")}); a change outside ` +
          `the summary (address: ${wcu("PATCH /v1/enterprises/{id} (address")}) or a confirmation (${wcu("POST /v1/enterprises/{id}/confirm")}) ` +
          `touches none, and a soft delete moves the entries to the \`deleted\` list (${wcu("DELETE")}). Reads stay cheap: a page of 50 ` +
          `is one Query of \`all\` (${units(page.read)} RCU); the filtered page read town A's list and kept its red units — ` +
          `${filteredItems} returned after ${filteredQueries.length} Quer${filteredQueries.length === 1 ? "y" : "ies"} reading ${filteredRead} ` +
          `entries (${units(totalsOf(filtered.calls).read)} RCU): a sparse second filter is paid per entry read, not per unit returned.`,
        "",
      ].join("\n");
    } finally {
      counting.client.destroy();
      await scratch.drop();
    }
  },
};
