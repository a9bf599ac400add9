// The assessment lifecycle (draft → submitted → verified, a submitted one returned for another round) as a table:
// every status × every action, so an assessment that can be edited after verification, or discarded once it has
// been submitted (even if returned since), fails here. Also the 409 a refused action answers with.
import { describe, expect, it } from "vitest";
import { type AssessmentStatus, allowedTransitions, assessmentStatuses } from "#core/assessments/assessment";
import { errors } from "#core/kernel/errors";

type Action = (typeof allowedTransitions)[AssessmentStatus][number];
const actions: readonly Action[] = ["edit", "submit", "verify", "return", "discard"];

/** The lifecycle as the Shishi flow describes it, written out independently of the module. */
const legal: ReadonlySet<string> = new Set([
  "draft:edit",
  "draft:submit",
  "draft:discard",
  "returned:edit",
  "returned:submit",
  "submitted:verify",
  "submitted:return",
]);

const allows = (status: AssessmentStatus, action: Action) => allowedTransitions[status].includes(action);
const where = (action: Action) => assessmentStatuses.filter((s) => allows(s, action));

describe("the assessment lifecycle table", () => {
  it("has a row for each of the four statuses and no other", () => {
    expect(Object.keys(allowedTransitions).sort()).toEqual([...assessmentStatuses].sort());
    expect(assessmentStatuses).toEqual(["draft", "submitted", "verified", "returned"]);
  });

  for (const status of assessmentStatuses) {
    for (const action of actions) {
      const allowed = legal.has(`${status}:${action}`);
      it(`${action} on a ${status} assessment is ${allowed ? "allowed" : "refused"}`, () => {
        expect(allows(status, action)).toBe(allowed);
      });
    }
  }

  it("allows exactly the seven actions of the flow, each once", () => {
    const cells = assessmentStatuses.flatMap((s) => allowedTransitions[s].map((a) => `${s}:${a}`));
    expect(new Set(cells).size).toBe(cells.length);
    expect(new Set(cells)).toEqual(legal);
  });

  it("a verified assessment is final: nothing is allowed", () => {
    expect(allowedTransitions.verified).toEqual([]);
  });

  it("answers can be changed exactly where the assessment can be submitted (draft, or returned for another round)", () => {
    expect(where("edit")).toEqual(["draft", "returned"]);
    expect(where("submit")).toEqual(where("edit"));
  });

  it("only a submitted assessment is verified or returned", () => {
    expect(where("verify")).toEqual(["submitted"]);
    expect(where("return")).toEqual(["submitted"]);
  });

  it("only a draft can be discarded: once submitted, even if later returned, an assessment is kept", () => {
    expect(where("discard")).toEqual(["draft"]);
  });

  it("verifying a submitted assessment is allowed; verifying a draft is 409 naming the allowed actions under status", () => {
    expect(allows("submitted", "verify")).toBe(true);
    const error = errors.illegalTransition({ zh: "评估", en: "assessment" }, "status", "draft", "verify", allowedTransitions.draft);
    expect(error).toMatchObject({
      kind: "conflict",
      code: "illegal_transition",
      details: { status: "draft", allowed: ["edit", "submit", "discard"] },
    });
    expect(error.text.en).toBe("The assessment is draft; it cannot verify. Allowed: edit, submit, discard");
    expect(error.text.zh).toBe("评估当前状态为 draft，不能 verify；允许的操作：edit、submit、discard");
  });
});
