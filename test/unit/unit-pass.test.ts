// Which units pass review (assessments/unit-pass.ts), as 附件4 item 13's pass rate counts them: a unit passes when its
// latest verified assessment against an enterprise rubric with a pass line totals at least that line, compared
// exactly; drafts, submitted and returned assessments, town assessments and rubrics without a pass line say
// nothing; the register's declared status is not read at all (the entries carry none).
import { describe, expect, it } from "vitest";
import type { AssessmentSummary } from "#core/assessments/assessment";
import { libraryRubric } from "#core/assessments/rubric-library";
import { type PassLineOf, passingUnits } from "#core/assessments/unit-pass";

let serial = 0;
function entry(targetId: string, total: string, more: Partial<AssessmentSummary> = {}): AssessmentSummary {
  serial++;
  return {
    id: `01jassess${String(serial).padStart(17, "0")}`,
    targetType: "enterprise",
    targetId,
    targetName: `单位${targetId}`,
    townId: "01jtown0000000000000000001",
    rubricId: "shishi-enterprise-2024",
    rubricVersion: 1,
    rubricTitle: "生产经营单位安全生产标准化提质增效督导帮扶行动细则",
    stage: "assistance",
    status: "verified",
    assessedOn: "2026-11-01",
    assessorName: "陈秋茹",
    total,
    maxTotal: "100",
    complete: true,
    failed: 0,
    deductions: [],
    updatedAt: "2026-11-01T02:00:00.000Z",
    ...more,
  };
}

/** 附件3 at 60; a tenant's stricter copy at 90; a tenant table with no line. */
const lines: PassLineOf = (rubricId) => (rubricId === "shishi-enterprise-2024" ? "60" : rubricId === "strict" ? "90" : undefined);

describe("the pass line of 附件3", () => {
  it("is 60 in the library rubric, and its notes say the source sets none", () => {
    const definition = libraryRubric("shishi-enterprise-2024")?.definition;
    expect(definition?.passScore).toBe("60");
    expect(definition?.notes.some((n) => n.zh.startsWith("附件3未规定达标分数线"))).toBe(true);
    expect(libraryRubric("shishi-town-2024")?.definition.passScore).toBeUndefined();
  });
});

describe("passing units", () => {
  it("pass at the line exactly, not a hundredth below", () => {
    expect([...passingUnits([entry("a", "60"), entry("b", "59.99"), entry("c", "100")], lines)].sort()).toEqual(["a", "c"]);
  });

  it("count each unit by its latest verified assessment (date, then id): a later failure undoes a pass, and a later pass a failure", () => {
    const entries = [
      entry("a", "95", { assessedOn: "2026-10-01" }),
      entry("a", "55", { assessedOn: "2026-11-01" }),
      entry("b", "40", { assessedOn: "2026-10-01" }),
      entry("b", "75", { assessedOn: "2026-11-01" }),
      entry("c", "50", { assessedOn: "2026-11-01" }),
      entry("c", "61", { assessedOn: "2026-11-01" }), // same day, later id
    ];
    expect([...passingUnits(entries, lines)].sort()).toEqual(["b", "c"]);
    expect([...passingUnits([...entries].reverse(), lines)].sort()).toEqual(["b", "c"]);
  });

  it("read only verified enterprise assessments: a later draft, submitted or returned one changes nothing", () => {
    const entries = [
      entry("a", "80", { assessedOn: "2026-10-01" }),
      entry("a", "10", { status: "submitted", assessedOn: "2026-11-01" }),
      entry("a", "10", { status: "returned", assessedOn: "2026-11-02" }),
      entry("b", "99", { status: "draft" }),
      entry("town-1", "99", { targetType: "town", rubricId: "shishi-town-2024" }),
    ];
    expect([...passingUnits(entries, lines)]).toEqual(["a"]);
  });

  it("judge each assessment by its own rubric's line, and pass over rubrics without one", () => {
    const entries = [
      entry("a", "85", { rubricId: "strict" }),
      entry("b", "92", { rubricId: "strict" }),
      // c's latest is against a table with no line: its earlier 附件3 assessment decides.
      entry("c", "70", { assessedOn: "2026-10-01" }),
      entry("c", "20", { rubricId: "own-table", assessedOn: "2026-11-01" }),
      entry("d", "100", { rubricId: "own-table" }),
    ];
    expect([...passingUnits(entries, lines)].sort()).toEqual(["b", "c"]);
  });
});
