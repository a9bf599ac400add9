// The Shishi stage order (assessments/assessment-stages.ts) as rules: the five stages in the plan's order, where a
// target stands (its assessment verified last, whatever date it bears), the stages allowed from there, and the
// 409s naming them; then the town report's stage table (附件2 四) with the summary stage 总结提升 after review.
import { describe, expect, it } from "vitest";
import { type AssessmentSummary, type Stage, stageNames, stages } from "#core/assessments/assessment";
import { stageBehind, stagesFrom, standingOf, verifyBehind } from "#core/assessments/assessment-stages";
import { townReportDocument } from "#core/assessments/town-report-document";
import { assessmentFigures, registerFigures } from "#core/assessments/town-report-figures";
import { emptyTownReportText } from "#core/assessments/town-report-text";
import { DomainError } from "#core/kernel/errors";

let serial = 0;
function verified(stage: Stage, assessedOn: string, updatedAt: string, targetId = "a"): AssessmentSummary {
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
    stage,
    status: "verified",
    assessedOn,
    assessorName: "陈秋茹",
    total: "90",
    maxTotal: "100",
    complete: true,
    failed: 0,
    deductions: [],
    updatedAt,
  };
}

function thrown(f: () => unknown): DomainError {
  try {
    f();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("the stage order", () => {
  it("is the plan's five stages: self-check 自查自纠 → assistance 帮扶 → verification 督导核实 → review 复核 → summary 总结提升", () => {
    expect(stages).toEqual(["self-check", "assistance", "verification", "review", "summary"]);
    expect(stages.map((s) => stageNames[s])).toEqual(["自查自纠", "帮扶", "督导核实", "复核", "总结提升"]);
  });

  it("allows every stage before anything is verified, and from a standing that stage and every later one", () => {
    expect(stagesFrom(null)).toEqual([...stages]);
    expect(stagesFrom("self-check")).toEqual([...stages]);
    expect(stagesFrom("verification")).toEqual(["verification", "review", "summary"]);
    expect(stagesFrom("summary")).toEqual(["summary"]);
  });

  it("a target stands where its assessment verified last stands, not the one with the latest date", () => {
    expect(standingOf([])).toBeNull();
    const review = verified("review", "2026-12-10", "2026-12-10T02:00:00.000Z");
    // Verified after the review, though dated earlier: a returned assessment re-verified at assistance.
    const reassisted = verified("assistance", "2026-11-10", "2026-12-12T02:00:00.000Z");
    expect(standingOf([review])).toBe("review");
    expect(standingOf([reassisted, review])).toBe("assistance");
    expect(standingOf([review, reassisted])).toBe("assistance");
  });

  it("a stage behind the standing is 409 illegal_transition naming the standing and the allowed stages, in Chinese and English", () => {
    const error = thrown(() => stageBehind("review", "self-check", "shishi-enterprise-2024"));
    expect(error).toMatchObject({
      kind: "conflict",
      code: "illegal_transition",
      details: { stage: "review", allowed: ["review", "summary"] },
    });
    expect(error.text.en).toBe(
      "The target's last verified assessment against shishi-enterprise-2024 is at review; an assessment cannot go back to self-check. Allowed stages: review, summary",
    );
    expect(error.text.zh).toBe(
      "该对象依据 shishi-enterprise-2024 最近一次核实的评估处于复核阶段，评估不能回到自查自纠阶段；允许的阶段：review（复核）、summary（总结提升）",
    );
    const verifying = thrown(() => verifyBehind("summary", "assistance", "shishi-enterprise-2024"));
    expect(verifying).toMatchObject({ code: "illegal_transition", details: { stage: "summary", allowed: ["return"] } });
  });
});

describe("the town report's stage table (附件2 四)", () => {
  it("has a row for the summary stage after review, named 总结提升", () => {
    const entries = [
      verified("assistance", "2026-11-10", "2026-11-10T02:00:00.000Z", "a"),
      verified("review", "2026-12-10", "2026-12-10T02:00:00.000Z", "a"),
      { ...verified("summary", "2027-01-10", "2027-01-10T02:00:00.000Z", "b"), total: "95" },
    ];
    const figures = assessmentFigures("shishi-enterprise-2024", entries, [], new Map(), () => ({ title: "", sectionTitle: "" }), 10);
    expect(figures.byStage.map((r) => [r.stage, r.units, r.average])).toEqual([
      ["assistance", 1, "90"],
      ["review", 1, "90"],
      ["summary", 1, "95"],
    ]);
    const document = townReportDocument({
      town: {
        id: "01jtown0000000000000000001",
        name: "蚶江镇",
        kind: "town",
        code: "350581103",
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z",
        version: 1,
      },
      rubric: { id: "shishi-enterprise-2024", title: "生产经营单位安全生产标准化提质增效督导帮扶行动细则" },
      asOf: "2027-01-20",
      grids: { level1: 1, level2: 1 },
      register: registerFigures([], new Set()),
      assessments: figures,
      own: null,
      text: emptyTownReportText("01jtown0000000000000000001"),
    });
    const table = document.blocks.find((b) => b.kind === "table" && b.columns[0]?.header === "阶段");
    expect(table?.kind === "table" && table.rows.map((r) => r[0])).toEqual(["帮扶", "复核", "总结提升"]);
  });
});
