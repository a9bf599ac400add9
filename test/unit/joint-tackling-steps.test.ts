// Who may take which step of a joint tackling item (联合攻坚清单) in which state: the district escalates, withdraws
// and comments on its own hazard; the city assigns a department, resolves, returns and comments; both sides read
// one item. The table is checked cell by cell (side × state × action, "none" standing for a hazard never escalated
// to this city), then the rules it is meant to express, then the pure helpers of the item: its id, the hazard
// snapshot the city sees (nothing else of the district), the export row and the size budgets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  hazardSnapshot,
  type JointTackling,
  type JointTacklingAction,
  JointTacklingIdSchema,
  type JointTacklingState,
  jointTacklingExportColumns,
  jointTacklingExportRow,
  jointTacklingId,
  jointTacklingStates,
  jointTacklingTransitions,
  maxItemBytes,
  parseJointTacklingId,
  type Side,
} from "#core/escalation/joint-tackling";
import type { Hazard } from "#core/hazards/hazard";
import { errors } from "#core/kernel/errors";

const sides: readonly Side[] = ["district", "city"];
const states: readonly (JointTacklingState | "none")[] = ["none", ...jointTacklingStates];
const actions: readonly JointTacklingAction[] = ["escalate", "withdraw", "assign", "resolve", "return", "comment"];

/** The steps as the joint tackling procedure describes them, written out independently of the module. */
const legal: ReadonlySet<string> = new Set([
  "district:none:escalate",
  "district:escalated:withdraw",
  "district:escalated:comment",
  "district:assigned:withdraw",
  "district:assigned:comment",
  "district:returned:escalate",
  "district:withdrawn:escalate",
  "city:escalated:assign",
  "city:escalated:resolve",
  "city:escalated:return",
  "city:escalated:comment",
  "city:assigned:assign",
  "city:assigned:resolve",
  "city:assigned:return",
  "city:assigned:comment",
]);

const allows = (side: Side, state: JointTacklingState | "none", action: JointTacklingAction) =>
  jointTacklingTransitions[side][state].includes(action);

describe("the joint tackling transition table", () => {
  it("has a row for each side and, per side, for 'none' and each of the five states", () => {
    expect(Object.keys(jointTacklingTransitions).sort()).toEqual(["city", "district"]);
    for (const side of sides) expect(Object.keys(jointTacklingTransitions[side]).sort()).toEqual([...states].sort());
  });

  for (const side of sides) {
    for (const state of states) {
      for (const action of actions) {
        const allowed = legal.has(`${side}:${state}:${action}`);
        it(`the ${side} may ${allowed ? "" : "not "}${action} an item that is ${state}`, () => {
          expect(allows(side, state, action)).toBe(allowed);
        });
      }
    }
  }

  it("allows exactly the fifteen steps of the procedure, each once", () => {
    const cells = sides.flatMap((side) => states.flatMap((s) => jointTacklingTransitions[side][s].map((a) => `${side}:${s}:${a}`)));
    expect(new Set(cells).size).toBe(cells.length);
    expect(new Set(cells)).toEqual(legal);
  });
});

describe("the rules the joint tackling table expresses", () => {
  const where = (side: Side, action: JointTacklingAction) => states.filter((s) => allows(side, s, action));

  it("only the district escalates: the first time, and again after a return or a withdrawal", () => {
    expect(where("district", "escalate")).toEqual(["none", "returned", "withdrawn"]);
    expect(where("city", "escalate")).toEqual([]);
  });

  it("the district can withdraw an item while it is open, the city never", () => {
    expect(where("district", "withdraw")).toEqual(["escalated", "assigned"]);
    expect(where("city", "withdraw")).toEqual([]);
  });

  it("only the city assigns (and reassigns), resolves and returns, and only an open item", () => {
    for (const action of ["assign", "resolve", "return"] as const) {
      expect(where("city", action)).toEqual(["escalated", "assigned"]);
      expect(where("district", action)).toEqual([]);
    }
  });

  it("both sides comment exactly while the item is open (escalated or assigned)", () => {
    expect(where("district", "comment")).toEqual(["escalated", "assigned"]);
    expect(where("city", "comment")).toEqual(["escalated", "assigned"]);
  });

  it("a resolved item is settled for good: neither side can do anything with it", () => {
    expect(jointTacklingTransitions.district.resolved).toEqual([]);
    expect(jointTacklingTransitions.city.resolved).toEqual([]);
  });

  it("apart from comments, the two sides never hold the same step, and in every state at most one side can move", () => {
    for (const state of states) {
      const district = jointTacklingTransitions.district[state].filter((a) => a !== "comment");
      const city = jointTacklingTransitions.city[state].filter((a) => a !== "comment");
      expect(district.filter((a) => city.includes(a))).toEqual([]);
      if (state !== "escalated" && state !== "assigned") expect(district.length === 0 || city.length === 0).toBe(true);
    }
  });

  it("a refused step is 409 naming the state and what that side may do", () => {
    const error = errors.illegalTransition(
      { zh: "联合攻坚事项", en: "joint tackling item" },
      "state",
      "returned",
      "resolve",
      jointTacklingTransitions.city.returned,
    );
    expect(error).toMatchObject({ kind: "conflict", code: "illegal_transition", details: { state: "returned", allowed: [] } });
    expect(error.text.en).toBe("The joint tackling item is returned; it cannot resolve. Allowed: none");
    const district = errors.illegalTransition(
      { zh: "联合攻坚事项", en: "joint tackling item" },
      "state",
      "assigned",
      "escalate",
      jointTacklingTransitions.district.assigned,
    );
    expect(district.details).toEqual({ state: "assigned", allowed: ["withdraw", "comment"] });
    expect(district.text.zh).toBe("联合攻坚事项当前状态为 assigned，不能 escalate；允许的操作：withdraw、comment");
  });
});

describe("a joint tackling item's id", () => {
  it("is <district>-<hazard id>, and names the district and the hazard back", () => {
    const id = jointTacklingId("320312", "01jd5x2k8m3n4p5q6r7s8t9v0w");
    expect(id).toBe("320312-01jd5x2k8m3n4p5q6r7s8t9v0w");
    expect(JointTacklingIdSchema.safeParse(id).success).toBe(true);
    expect(parseJointTacklingId(id)).toEqual({ districtId: "320312", hazardId: "01jd5x2k8m3n4p5q6r7s8t9v0w" });
  });

  it("refuses what is not a six-digit district and a 26-character hazard id", () => {
    for (const bad of [
      "32031-01jd5x2k8m3n4p5q6r7s8t9v0w",
      "320312_01jd5x2k8m3n4p5q6r7s8t9v0w",
      "320312-01JD5X2K8M3N4P5Q6R7S8T9V0W",
      "320312-01jd5x",
    ]) {
      expect(JointTacklingIdSchema.safeParse(bad).success).toBe(false);
    }
  });

  it("parsing a made id gives back its parts, for any district and hazard id", () => {
    const digit = fc.constantFrom(..."0123456789");
    const idChar = fc.constantFrom(..."0123456789abcdefghijklmnopqrstuvwxyz");
    fc.assert(
      fc.property(
        fc.string({ unit: digit, minLength: 6, maxLength: 6 }),
        fc.string({ unit: idChar, minLength: 26, maxLength: 26 }),
        (d, h) => {
          const id = jointTacklingId(d, h);
          expect(JointTacklingIdSchema.safeParse(id).success).toBe(true);
          expect(parseJointTacklingId(id)).toEqual({ districtId: d, hazardId: h });
        },
      ),
    );
  });
});

const hazard: Hazard = {
  id: "01jd5x2k8m3n4p5q6r7s8t9v0w",
  enterpriseId: "01jenterprise0000000000000",
  enterpriseName: "徐州某某化工有限公司",
  hostId: null,
  townId: "01jtown0000000000000000000",
  gridId: "01jgrid0000000000000000000",
  industry: "26",
  category: "危险化学品",
  description: "储罐区防火堤破损",
  location: "二号罐区",
  severity: "major",
  source: "inspection",
  sourceRef: null,
  foundBy: { name: "李四", phone: "13912345678" },
  foundOn: "2026-01-05",
  evidence: ["assessments/x/evidence/y"],
  state: "rectifying",
  rectification: { measure: "修复防火堤", responsible: { name: "王五", phone: null }, deadline: "2026-02-01", funds: "120000" },
  deadlineHistory: [],
  transitions: [],
  submittedBy: null,
  penalty: null,
  closedOn: null,
  escalatedTo: null,
  createdAt: "2026-01-05T02:00:00.000Z",
  updatedAt: "2026-01-06T02:00:00.000Z",
  version: 4,
};

describe("what the city sees of the district's hazard", () => {
  it("is the snapshot: the hazard's description, severity, state, deadline and measure, with the town's name, nothing else", () => {
    expect(hazardSnapshot(hazard, "柳泉镇")).toEqual({
      enterpriseName: "徐州某某化工有限公司",
      townName: "柳泉镇",
      category: "危险化学品",
      description: "储罐区防火堤破损",
      location: "二号罐区",
      severity: "major",
      state: "rectifying",
      foundOn: "2026-01-05",
      deadline: "2026-02-01",
      measure: "修复防火堤",
    });
  });

  it("has no deadline nor measure before the hazard is assigned", () => {
    expect(hazardSnapshot({ ...hazard, state: "reported", rectification: null }, "")).toMatchObject({
      state: "reported",
      deadline: null,
      measure: null,
      townName: "",
    });
  });
});

describe("the joint tackling list as a spreadsheet", () => {
  const item: JointTackling = {
    id: jointTacklingId("320312", hazard.id),
    cityId: "320300",
    districtId: "320312",
    districtName: "铜山区",
    hazardId: hazard.id,
    hazard: hazardSnapshot(hazard, "柳泉镇"),
    reason: "涉及跨部门审批",
    needs: "协调住建、消防联合验收",
    neededBy: null,
    state: "assigned",
    round: 2,
    department: "住建局",
    response: null,
    history: [],
    comments: [],
    escalatedAt: "2026-01-31T17:00:00.000Z",
    updatedAt: "2026-02-01T01:00:00.000Z",
    version: 5,
  };

  it("writes one cell per column, in Chinese names, blank for what is not known yet", () => {
    const row = jointTacklingExportRow(item, "2026-02-01");
    expect(Object.keys(row)).toEqual(jointTacklingExportColumns.map((c) => c.key));
    expect(row).toEqual({
      district: "铜山区",
      unit: "徐州某某化工有限公司",
      town: "柳泉镇",
      category: "危险化学品",
      description: "储罐区防火堤破损",
      severity: "重大事故隐患",
      hazardState: "整改中",
      deadline: "2026-02-01",
      reason: "涉及跨部门审批",
      needs: "协调住建、消防联合验收",
      neededBy: "",
      escalatedOn: "2026-02-01",
      round: "2",
      state: "已分派",
      department: "住建局",
      response: "",
    });
  });
});

describe("the size budgets of one item", () => {
  it("stop comments first, then the steps that keep it open, and keep a reserve so it can always be settled", () => {
    expect(maxItemBytes.comments).toBeLessThan(maxItemBytes.steps);
    expect(maxItemBytes.steps).toBeLessThan(maxItemBytes.settle);
    expect(maxItemBytes.settle).toBeLessThan(400 * 1024);
    // The reserve holds a settling step (a 2000-character response, 3 bytes a character in UTF-8) and the hazard
    // snapshot's largest growth (description and measure, 2000 characters each).
    expect(maxItemBytes.settle - maxItemBytes.steps).toBeGreaterThan(3 * 2000 * 3);
  });
});
