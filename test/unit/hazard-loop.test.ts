// The hazard loop (隐患闭环) as a table: which step each state allows — reported → assigned → rectifying → submitted
// → closed, or sent back to rectifying — checked cell by cell over every state and every action, so a step that
// appears or vanishes in `hazardTransitions` fails here and not first at an inspector's desk. Also the 409 a refused
// step answers with (it names the allowed steps), and overdue (逾期), which is derived from the deadline by the
// calendar in Asia/Shanghai: a deadline is met until the end of its day in China, not in UTC.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Hazard,
  type HazardAction,
  type HazardState,
  hazardStateNames,
  hazardStates,
  hazardTransitions,
  isOverdue,
  summarizeHazard,
} from "#core/hazards/hazard";
import { addDays, chinaDate } from "#core/kernel/china-time";
import { errors } from "#core/kernel/errors";

const actions: readonly HazardAction[] = ["edit", "assign", "start", "submit", "close", "reject", "extend"];

/** The loop as the rectification regulations describe it, written out independently of the module. */
const legal: ReadonlySet<string> = new Set([
  "reported:edit",
  "reported:assign",
  "assigned:edit",
  "assigned:start",
  "assigned:extend",
  "rectifying:submit",
  "rectifying:extend",
  "submitted:close",
  "submitted:reject",
]);

/** Where each step leads (the service applies these; they are not exported, so they are the loop's reading here). */
const leadsTo: Record<HazardAction, (from: HazardState) => HazardState> = {
  edit: (from) => from,
  extend: (from) => from,
  assign: () => "assigned",
  start: () => "rectifying",
  submit: () => "submitted",
  close: () => "closed",
  reject: () => "rectifying",
};

const allows = (state: HazardState, action: HazardAction) => hazardTransitions[state].includes(action);

/** The 409 the service answers a refused step with (hazard-service `allow`). */
const refusal = (state: HazardState, action: HazardAction) =>
  errors.illegalTransition({ zh: "隐患", en: "hazard" }, "state", state, action, hazardTransitions[state]);

describe("the hazard transition table", () => {
  it("has a row for each of the five states and no other", () => {
    expect(Object.keys(hazardTransitions).sort()).toEqual([...hazardStates].sort());
    expect(hazardStates).toEqual(["reported", "assigned", "rectifying", "submitted", "closed"]);
    expect(hazardStateNames).toEqual({
      reported: "已上报",
      assigned: "已交办",
      rectifying: "整改中",
      submitted: "待验收",
      closed: "已销号",
    });
  });

  for (const state of hazardStates) {
    for (const action of actions) {
      const allowed = legal.has(`${state}:${action}`);
      it(`${action} on a ${state} hazard is ${allowed ? "allowed" : "refused"}`, () => {
        expect(allows(state, action)).toBe(allowed);
      });
    }
  }

  it("allows exactly the nine steps of the loop, each once", () => {
    const cells = hazardStates.flatMap((s) => hazardTransitions[s].map((a) => `${s}:${a}`));
    expect(new Set(cells).size).toBe(cells.length);
    expect(new Set(cells)).toEqual(legal);
  });

  it("a closed hazard is terminal: nothing, not even an edit or an extension, is allowed", () => {
    expect(hazardTransitions.closed).toEqual([]);
  });

  it("editing what was recorded is allowed only before rectification starts", () => {
    expect(hazardStates.filter((s) => allows(s, "edit"))).toEqual(["reported", "assigned"]);
  });

  it("the deadline can be extended only while there is one to meet (assigned or rectifying)", () => {
    expect(hazardStates.filter((s) => allows(s, "extend"))).toEqual(["assigned", "rectifying"]);
  });

  it("only verification (a submitted hazard) can close it or send it back", () => {
    expect(hazardStates.filter((s) => allows(s, "close"))).toEqual(["submitted"]);
    expect(hazardStates.filter((s) => allows(s, "reject"))).toEqual(["submitted"]);
  });

  it("every open state can still reach closed, and the only way back is a rejection to rectifying", () => {
    const reachable = (from: HazardState): Set<HazardState> => {
      const seen = new Set<HazardState>([from]);
      const queue = [from];
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        for (const a of hazardTransitions[s]) {
          const to = leadsTo[a](s);
          if (!seen.has(to)) {
            seen.add(to);
            queue.push(to);
          }
        }
      }
      return seen;
    };
    for (const state of hazardStates) expect(reachable(state).has("closed")).toBe(true);
    const order = (s: HazardState) => hazardStates.indexOf(s);
    const backwards = hazardStates.flatMap((s) =>
      hazardTransitions[s].filter((a) => order(leadsTo[a](s)) < order(s)).map((a) => `${s}:${a}→${leadsTo[a](s)}`),
    );
    expect(backwards).toEqual(["submitted:reject→rectifying"]);
  });
});

describe("a refused hazard step", () => {
  it("closing a submitted hazard is allowed; closing a reported one is 409 naming the allowed steps", () => {
    expect(allows("submitted", "close")).toBe(true);
    const error = refusal("reported", "close");
    expect(error).toMatchObject({
      kind: "conflict",
      code: "illegal_transition",
      details: { state: "reported", allowed: ["edit", "assign"] },
    });
    expect(error.text.en).toBe("The hazard is reported; it cannot close. Allowed: edit, assign");
    expect(error.text.zh).toBe("隐患当前状态为 reported，不能 close；允许的操作：edit、assign");
  });

  it("on a closed hazard says that nothing is allowed", () => {
    const error = refusal("closed", "reject");
    expect(error.details).toEqual({ state: "closed", allowed: [] });
    expect(error.text.en).toBe("The hazard is closed; it cannot reject. Allowed: none");
    expect(error.text.zh).toBe("隐患当前状态为 closed，不能 reject；允许的操作：无");
  });
});

describe("overdue (逾期), by the calendar in China", () => {
  const open = (state: HazardState, deadline: string | null) => ({ state, deadline });

  it("a deadline is met all through its own day and overdue from the next", () => {
    expect(isOverdue(open("rectifying", "2026-03-01"), "2026-02-28")).toBe(false);
    expect(isOverdue(open("rectifying", "2026-03-01"), "2026-03-01")).toBe(false);
    expect(isOverdue(open("rectifying", "2026-03-01"), "2026-03-02")).toBe(true);
    expect(isOverdue(open("assigned", "2025-12-31"), "2026-01-01")).toBe(true);
  });

  it("the day turns at midnight in Shanghai, which is 16:00 UTC the day before", () => {
    const deadline = open("rectifying", "2026-03-01");
    const lastMoment = new Date("2026-03-01T15:59:59.999Z");
    const nextDay = new Date("2026-03-01T16:00:00.000Z");
    expect(chinaDate(lastMoment)).toBe("2026-03-01");
    expect(chinaDate(nextDay)).toBe("2026-03-02");
    expect(isOverdue(deadline, chinaDate(lastMoment))).toBe(false);
    expect(isOverdue(deadline, chinaDate(nextDay))).toBe(true);
    // The UTC date of that instant is still the deadline's day: judging by it would wrongly say "not overdue".
    expect(nextDay.toISOString().slice(0, 10)).toBe("2026-03-01");
  });

  it("a closed hazard is never overdue, nor one without a deadline (not assigned yet)", () => {
    expect(isOverdue(open("closed", "2020-01-01"), "2026-03-02")).toBe(false);
    expect(isOverdue(open("reported", null), "2026-03-02")).toBe(false);
    for (const state of ["assigned", "rectifying", "submitted"] as const)
      expect(isOverdue(open(state, "2026-03-01"), "2026-03-02")).toBe(true);
  });

  it("is read from the rectification's deadline in a hazard's list row", () => {
    const hazard = {
      id: "01jhazard00000000000000000",
      enterpriseId: "01jenterprise0000000000000",
      enterpriseName: "徐州某某机械有限公司",
      hostId: null,
      townId: "01jtown0000000000000000000",
      gridId: null,
      industry: "33",
      category: "有限空间",
      description: "有限空间作业未审批",
      location: null,
      severity: "major",
      source: "inspection",
      sourceRef: null,
      foundBy: { name: "李四", phone: null },
      foundOn: "2026-02-01",
      evidence: [],
      state: "rectifying",
      rectification: { measure: "建立审批制度", responsible: { name: "王五", phone: null }, deadline: "2026-03-01", funds: null },
      deadlineHistory: [],
      transitions: [],
      submittedBy: null,
      penalty: null,
      closedOn: null,
      createdAt: "2026-02-01T01:00:00.000Z",
      updatedAt: "2026-02-01T01:00:00.000Z",
      version: 3,
    } satisfies Hazard;
    const row = summarizeHazard(hazard);
    expect(row).toMatchObject({ deadline: "2026-03-01", responsible: "王五", state: "rectifying" });
    expect(row).not.toHaveProperty("escalated");
    expect(isOverdue(row, "2026-03-02")).toBe(true);
    expect(summarizeHazard({ ...hazard, escalatedTo: { cityId: "320300", id: "x" } }).escalated).toBe(true);
    expect(summarizeHazard({ ...hazard, state: "reported", rectification: null })).toMatchObject({ deadline: null, responsible: null });
  });

  it("once an open hazard is overdue it stays overdue every later day", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<HazardState>("assigned", "rectifying", "submitted"),
        fc.integer({ min: 0, max: 3650 }),
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (state, base, offset, later) => {
          const deadline = addDays("2020-01-01", base);
          const today = addDays(deadline, offset);
          expect(isOverdue({ state, deadline }, today)).toBe(offset > 0);
          if (isOverdue({ state, deadline }, today)) expect(isOverdue({ state, deadline }, addDays(today, later))).toBe(true);
        },
      ),
    );
  });
});
