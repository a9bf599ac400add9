// The stars' law through the real path: after any sequence of evidence changes made over HTTP — major hazards
// recorded with deadlines and closed, days passing with the weekly sweep run, accidents recorded, an official
// reinstating suspended stars — every award the unit holds is stored exactly as a fresh evaluation of the
// evidence read now gives it (state, firings and nextCheckOn). fast-check draws the sequences.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { chinaDate } from "#core/kernel/china-time";
import { awardStatus, nextCheckOn } from "#core/stars/star-award";
import type { StarAward } from "#core/stars/star-award-record";
import { evidenceReader } from "#core/stars/star-evidence-reader";
import { createStarUpkeep } from "#core/stars/star-upkeep";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, type Place } from "#test/support/register";
import { awardedUnit, majorHazard } from "#test/support/stars";

const day = 86_400_000;
const tenant = "320312";
const clock = manualClock(new Date("2026-11-25T02:00:00Z"));
let h: Harness;
let admin: string;
let inspector: string;
let verifier: string;
let place: Place;
let n = 0;

type Command =
  | { kind: "hazard"; deadlineDays: number }
  | { kind: "close" }
  | { kind: "days"; days: number }
  | { kind: "accident"; deaths: number }
  | { kind: "reinstate" };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("hazard" as const), deadlineDays: fc.integer({ min: 1, max: 6 }) }),
  fc.constant({ kind: "close" as const }),
  fc.record({ kind: fc.constant("days" as const), days: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant("accident" as const), deaths: fc.constantFrom(0, 1) }),
  fc.constant({ kind: "reinstate" as const }),
);

const today = () => chinaDate(clock.now());
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * day).toISOString().slice(0, 10);

async function ok(res: Promise<{ status: number; body: unknown }>) {
  const r = await res;
  if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

async function run(unitId: string, open: string[], c: Command): Promise<void> {
  switch (c.kind) {
    case "hazard": {
      const id = await majorHazard(h, inspector, unitId, today());
      const rectification = { measure: "整改", responsible: { name: "王厂长" }, deadline: plusDays(today(), c.deadlineDays) };
      await ok(h.request("POST", `/v1/hazards/${id}/assign`, { token: inspector, body: { rectification } }));
      open.push(id);
      return;
    }
    case "close": {
      const id = open.shift();
      if (!id) return;
      await ok(h.request("POST", `/v1/hazards/${id}/start`, { token: inspector }));
      await ok(h.request("POST", `/v1/hazards/${id}/submit`, { token: inspector, body: { note: "已整改" } }));
      await ok(h.request("POST", `/v1/hazards/${id}/close`, { token: admin, body: { note: "验收合格" } }));
      return;
    }
    case "days":
      clock.advance(c.days * day);
      await createStarUpkeep(h.deps).sweep(tenant);
      return;
    case "accident":
      await ok(
        h.request("POST", `/v1/enterprises/${unitId}/accidents`, {
          token: inspector,
          body: { occurredOn: today(), deaths: c.deaths, injuries: 1, source: "事故通报" },
        }),
      );
      return;
    case "reinstate": {
      const stars = (await h.request("GET", `/v1/enterprises/${unitId}/stars`, { token: admin })).body;
      for (const a of stars.current as StarAward[]) {
        if (a.state === "suspended") await ok(h.request("POST", `/v1/star-awards/${a.id}/reinstate`, { token: admin, body: {} }));
      }
      return;
    }
  }
}

/** Each held award as stored, against a fresh evaluation of the evidence read today. */
async function comparison(unitId: string) {
  const unit = await h.deps.enterprises.get(tenant, unitId);
  if (!unit) throw new Error("unit gone");
  const awards = await h.deps.starAwards.ofEnterprise(tenant, unitId);
  const reader = evidenceReader(h.deps);
  return Promise.all(
    awards.map(async (a) => {
      const version = await h.deps.starSchemes.version(tenant, a.scheme.id, a.scheme.version);
      const star = version?.definition.stars.find((s) => s.id === a.starId);
      if (!version || !star) throw new Error("scheme version gone");
      const evidence = await reader.read(tenant, unit, version.definition, today());
      const terms = { awardedOn: a.awardedOn, validUntil: a.validUntil, reinstatedOver: a.reinstatedOver, revoked: a.revoked !== null };
      const fresh = awardStatus(terms, star, evidence);
      return {
        stored: { star: a.starId, state: a.state, fired: (a.suspension?.fired ?? []).map((f) => f.key), next: a.nextCheckOn },
        fresh: { star: a.starId, state: fresh.state, fired: fresh.fired.map((f) => f.key), next: nextCheckOn(terms, star, evidence) },
      };
    }),
  );
}

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.token("tenant-admin", tenant, "admin-zhou");
  inspector = await h.token("inspector", tenant, "inspector-li");
  verifier = await h.token("inspector", tenant, "inspector-wang");
  place = await addPlace(h, admin, "宝盖镇");
}, 60_000);

describe("a unit's stars after any sequence of evidence changes", () => {
  it("equal a fresh evaluation of its evidence", { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 7 }), async (commands) => {
        n += 1;
        const { unit } = await awardedUnit(h, { admin, inspector, verifier }, place, 100 + n, today());
        const open: string[] = [];
        for (const c of commands) await run(unit.id, open, c);
        const pairs = await comparison(unit.id);
        expect(pairs.length).toBeGreaterThan(0);
        for (const { stored, fresh } of pairs) expect(stored).toEqual(fresh);
      }),
      { numRuns: 12, seed: 20261202, endOnFailure: true },
    );
  });
});
