// The two Shishi 2024 tables (附件3 enterprises, 附件4 towns) as transcribed: they must parse, add up level by level to
// 100 with the section points printed in the source, and keep their ids unique so assessments can refer to them.
import { describe, expect, it } from "vitest";
import { criteriaOf, type RubricDefinition, RubricDefinitionSchema, rubricProblems } from "#core/assessments/rubric";
import { shishiEnterpriseRubric } from "#core/assessments/rubrics/shishi-enterprise";
import { shishiTownRubric } from "#core/assessments/rubrics/shishi-town";

const cases = [
  {
    name: "附件3 enterprise rubric",
    input: shishiEnterpriseRubric,
    target: "enterprise",
    sections: 10,
    items: 20,
    criteria: 44,
    sectionPoints: ["4", "7", "3", "6", "15", "15", "15", "15", "10", "10"],
  },
  {
    name: "附件4 town rubric",
    input: shishiTownRubric,
    target: "town",
    sections: 6,
    items: 23,
    criteria: 40,
    sectionPoints: ["28", "31", "10", "17", "10", "4"],
  },
] as const;

const itemsOf = (rubric: RubricDefinition) => rubric.sections.flatMap((s) => s.items);

describe.each(cases)("$name", (c) => {
  const rubric = RubricDefinitionSchema.parse(c.input);

  it("parses and has no problems the schema cannot see", () => {
    expect(rubricProblems(rubric)).toEqual([]);
    expect(rubric.kind).toBe("scored");
    expect(rubric.target).toBe(c.target);
    expect(rubric.totalPoints).toBe("100");
  });

  it("has the source's sections, items and criteria", () => {
    expect(rubric.sections).toHaveLength(c.sections);
    expect(itemsOf(rubric)).toHaveLength(c.items);
    expect(criteriaOf(rubric)).toHaveLength(c.criteria);
    expect(itemsOf(rubric).map((i) => i.id)).toEqual(Array.from({ length: c.items }, (_, n) => String(n + 1)));
  });

  it("gives each section the points printed in the source", () => {
    expect(rubric.sections.map((s) => s.points)).toEqual(c.sectionPoints);
  });

  it("keeps ids unique at every level", () => {
    const sectionIds = rubric.sections.map((s) => s.id);
    const itemIds = itemsOf(rubric).map((i) => i.id);
    const criterionIds = criteriaOf(rubric).map((x) => x.criterion.id);
    expect(new Set(sectionIds).size).toBe(sectionIds.length);
    expect(new Set(itemIds).size).toBe(itemIds.length);
    expect(new Set(criterionIds).size).toBe(criterionIds.length);
  });
});

describe("readings of the source recorded in the data", () => {
  it("enterprise items 16 and 17 carry the 4 points of their criteria, not the (2分) of their headers", () => {
    const items = itemsOf(RubricDefinitionSchema.parse(shishiEnterpriseRubric));
    expect(items.find((i) => i.id === "16")?.points).toBe("4");
    expect(items.find((i) => i.id === "17")?.points).toBe("4");
  });

  it("town criteria split from shared cells and the band rules are as documented", () => {
    const town = RubricDefinitionSchema.parse(shishiTownRubric);
    const byId = new Map(criteriaOf(town).map((x) => [x.criterion.id, x.criterion]));
    for (const id of ["7.1", "7.2", "12.1", "12.2", "21.1a", "21.1b", "21.2", "21.3", "23.1"]) expect(byId.has(id)).toBe(true);
    expect(byId.get("13.1")?.rule).toEqual({
      type: "rate-bands",
      bands: [
        { from: "0", to: "5", deduction: "5" },
        { from: "5", to: "10", deduction: "3" },
        { from: "10", to: "15", deduction: "1" },
      ],
    });
    expect(byId.get("15.1")?.prefill).toBe("enterprise-collection-rate");
    expect(byId.get("15.2")?.prefill).toBe("venue-collection-rate");
  });
});
