// The dynamic-zeroing figures through HTTP → app → DynamoDB Local: a worked example pinned by hand, then a
// property: after any sequence of hazard changes (records, assignments, extensions, the loop, severity edits, days
// passing), the figures kept as counters equal a recount from the hazards themselves, for any range and scope.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

const day = 24 * 3600 * 1000;
const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let token: string;
let verifier: string;
let towns: Place[];
let units: { id: string; townId: string }[];

beforeAll(async () => {
  h = await createHarness({ clock });
  const admin = await h.token("tenant-admin", "320312");
  token = await h.token("inspector", "320312", "inspector-li");
  verifier = await h.token("inspector", "320312", "inspector-wang");
  towns = [await addPlace(h, admin, "柳新镇"), await addPlace(h, admin, "大吴街道")];
  units = [];
  const industries = ["3311", "2924", "3311"];
  for (const [i, code] of industries.entries()) {
    const place = towns[i % 2] as Place;
    const res = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(i + 1, place, { industryCode: code }) });
    units.push({ id: res.body.id, townId: place.townId });
  }
});

const today = () => new Date(clock.now().getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * day).toISOString().slice(0, 10);

async function call(method: string, path: string, body?: unknown, as = token) {
  return h.request(method, path, { token: as, ...(body !== undefined ? { body } : {}) });
}

async function record(unit: { id: string }, foundOn: string, severity: "general" | "major") {
  const res = await call("POST", "/v1/hazards", {
    enterpriseId: unit.id,
    category: "消防安全",
    description: "疏散通道堵塞",
    severity,
    source: "grid-patrol",
    foundBy: { name: "网格员" },
    foundOn,
  });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

const assignBody = (deadline: string) => ({ rectification: { measure: "清理通道", responsible: { name: "张三" }, deadline } });

async function closeLoop(id: string) {
  await call("POST", `/v1/hazards/${id}/start`);
  await call("POST", `/v1/hazards/${id}/submit`);
  return call("POST", `/v1/hazards/${id}/close`, undefined, verifier);
}

async function figures(query: string) {
  const res = await call("GET", `/v1/hazards/figures?${query}`);
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe("a worked example", () => {
  it("counts found, closed, open, overdue, the rates and the median days to close", async () => {
    const [u0, u1, u2] = units as [(typeof units)[0], (typeof units)[0], (typeof units)[0]];
    const t0 = today(); // 2026-11-25
    const a = await record(u0, "2026-11-01", "major"); // closed after 24 days (on 11-25)
    const b = await record(u0, "2026-11-10", "general"); // closed after 15 days
    const c = await record(u1, "2026-11-20", "general"); // open, deadline 11-27 → overdue from 11-28
    await record(u2, "2026-11-21", "major"); // reported only: open, never overdue (no deadline)
    await record(u0, "2026-10-31", "general"); // outside the range
    for (const id of [a, b, c]) await call("POST", `/v1/hazards/${id}/assign`, assignBody(plusDays(t0, 2)));
    await closeLoop(a);
    await closeLoop(b);
    clock.advance(3 * day); // 2026-11-28
    const all = await figures("from=2026-11-01&to=2026-11-30");
    expect(all).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
      scope: "all",
      asOf: "2026-11-28",
      found: 4,
      closed: 2,
      open: 2,
      overdue: 1,
      rectificationRate: "50",
      majorFound: 2,
      majorClosed: 1,
      majorRectificationRate: "50",
      medianDaysToClose: "19.5",
    });
    const town = await figures(`from=2026-11-01&to=2026-11-30&townId=${u0.townId}`);
    expect(town).toMatchObject({ found: 3, closed: 2, overdue: 0, medianDaysToClose: "19.5" });
    const industry = await figures("from=2026-11-01&to=2026-11-30&industry=29");
    expect(industry).toMatchObject({ found: 1, closed: 0, open: 1, overdue: 1, rectificationRate: "0" });
    expect(await figures("from=2026-11-01&to=2026-11-30&recount=true")).toEqual(all);
  });

  it("refuses a reversed range and two scopes at once", async () => {
    const res = await call("GET", "/v1/hazards/figures?from=2026-11-30&to=2026-11-01&townId=01jaaaaaaaaaaaaaaaaaaaaaaa&industry=33");
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { code: string }) => f.code)).toEqual(["range_reversed", "one_scope"]);
  });
});

type Op =
  | { kind: "record"; unit: number; daysAgo: number; major: boolean }
  | { kind: "assign"; pick: number; inDays: number }
  | { kind: "extend"; pick: number; byDays: number }
  | { kind: "close"; pick: number }
  | { kind: "reject"; pick: number }
  | { kind: "severity"; pick: number }
  | { kind: "wait"; days: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("record" as const), unit: fc.nat(2), daysAgo: fc.nat(20), major: fc.boolean() }),
  fc.record({ kind: fc.constant("assign" as const), pick: fc.nat(), inDays: fc.nat(6) }),
  fc.record({ kind: fc.constant("extend" as const), pick: fc.nat(), byDays: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("close" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("reject" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("severity" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("wait" as const), days: fc.integer({ min: 1, max: 4 }) }),
);

describe("counters against a recount", () => {
  it("stay equal to a recount after any sequence of changes, for any range and scope", async () => {
    const ids: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 14 }), fc.nat(30), fc.nat(30), fc.nat(3), async (ops, a, b, scopePick) => {
        for (const o of ops) {
          const pick = (n: number) => ids[n % Math.max(ids.length, 1)];
          if (o.kind === "record")
            ids.push(await record(units[o.unit] as (typeof units)[0], plusDays(today(), -o.daysAgo), o.major ? "major" : "general"));
          else if (o.kind === "wait") clock.advance(o.days * day);
          else {
            const id = pick(o.pick);
            if (!id) continue;
            const current = (await call("GET", `/v1/hazards/${id}`)).body;
            // Steps not allowed in the hazard's state are refused (409) and must move no counter: they are tried too.
            if (o.kind === "assign") await call("POST", `/v1/hazards/${id}/assign`, assignBody(plusDays(today(), o.inDays)));
            if (o.kind === "extend" && current.rectification)
              await call("POST", `/v1/hazards/${id}/extend`, {
                deadline: plusDays([current.rectification.deadline, today()].sort().at(-1) ?? today(), o.byDays),
                reason: "延期",
              });
            if (o.kind === "close") {
              if (current.state === "assigned") await closeLoop(id);
              else await call("POST", `/v1/hazards/${id}/close`, undefined, verifier);
            }
            if (o.kind === "reject") {
              if (current.state === "assigned") {
                await call("POST", `/v1/hazards/${id}/start`);
                await call("POST", `/v1/hazards/${id}/submit`);
              }
              await call("POST", `/v1/hazards/${id}/reject`, { note: "不合格" });
            }
            if (o.kind === "severity")
              await call("PATCH", `/v1/hazards/${id}`, { severity: current.severity === "major" ? "general" : "major" });
          }
        }
        const from = plusDays(today(), -Math.max(a, b) - 5);
        const to = plusDays(today(), -Math.min(a, b) + 5);
        const scope = [`townId=${towns[0]?.townId}`, `townId=${towns[1]?.townId}`, "industry=33", ""][scopePick] ?? "";
        const query = `from=${from}&to=${to}${scope ? `&${scope}` : ""}`;
        const kept = await figures(query);
        const counted = await figures(`${query}&recount=true`);
        expect(kept).toEqual(counted);
      }),
      { numRuns: 12, seed: 20261125 },
    );
    expect(ids.length).toBeGreaterThan(10);
  }, 240_000);
});
