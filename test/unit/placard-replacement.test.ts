// Why a placard needs replacing (placards/placard-replacement.ts), rule by rule: the latest check's condition; a
// register person changed after the placard was issued and shown on it, flagged while the placard differs from the
// register and settled once it matches or its own person of that role is changed; a role the placard does not
// disclose, or a placard issued after the change, is left alone.
import { describe, expect, it } from "vitest";
import type { Placard } from "#core/placards/placard";
import { changedRoles, followRegister, replacementReasons, settledChanges } from "#core/placards/placard-replacement";
import type { Enterprise } from "#core/register/enterprise";

const at = "2026-11-25T02:00:00.000Z";
const person = (name: string, phone = "13912345678") => ({ name, phone, title: null });

function placard(overrides: Partial<Placard> = {}): Placard {
  return {
    id: "01jplc00000000000000000001",
    enterpriseId: "01jent00000000000000000001",
    kind: "unit",
    title: "安全责任公示牌",
    location: null,
    zoneName: null,
    persons: {
      first: person("张三"),
      inCharge: person("李四", "0516-87654321"),
      specific: [person("王五", "13800001111")],
      actualController: null,
      townSupervisor: person("钱镇长", "13600002222"),
      communitySupervisor: null,
    },
    townId: "01jtown0000000000000000001",
    personChanges: [],
    postedOn: "2026-11-01",
    lastCheckedOn: "2026-11-01",
    lastCondition: null,
    status: "active",
    revokedAt: null,
    revokeReason: null,
    publicToken: "A".repeat(22),
    createdAt: "2026-11-01T02:00:00.000Z",
    updatedAt: "2026-11-01T02:00:00.000Z",
    version: 1,
    ...overrides,
  };
}

function unit(persons: Partial<Enterprise["persons"]> = {}): Enterprise {
  return {
    persons: {
      firstResponsible: person("张三"),
      actualController: null,
      safetyResponsible: person("李四", "0516-87654321"),
      townSupervisor: person("钱镇长", "13600002222"),
      communitySupervisor: null,
      ...persons,
    },
  } as Enterprise;
}

describe("replacement reasons", () => {
  it("names the latest check's faded, damaged or outdated, and no reason for good or none", () => {
    for (const condition of ["faded", "damaged", "outdated"] as const)
      expect(replacementReasons(placard({ lastCondition: condition, lastCheckedOn: "2026-11-20" }))).toEqual([
        { kind: condition, checkedOn: "2026-11-20" },
      ]);
    expect(replacementReasons(placard({ lastCondition: "good" }))).toEqual([]);
    expect(replacementReasons(placard())).toEqual([]);
    expect(replacementReasons(placard({ lastCondition: "faded", status: "revoked" }))).toEqual([]);
  });
});

describe("following the register", () => {
  it("flags a changed person the placard shows, from whom it shows to whom the register holds", () => {
    const now = unit({ firstResponsible: person("王强", "13700000000") });
    expect(changedRoles(unit(), now)).toEqual(["firstResponsible"]);
    expect(followRegister(placard(), ["firstResponsible"], now, at)).toEqual([
      { role: "firstResponsible", roleName: "第一责任人（主要负责人）", from: "张三", to: "王强", at },
    ]);
    // The safety person shows as the 分管负责人; a supervisor under its own name; a removed one as nobody.
    expect(
      followRegister(
        placard(),
        ["safetyResponsible", "townSupervisor"],
        unit({ safetyResponsible: null, townSupervisor: person("新镇长") }),
        at,
      ),
    ).toEqual([
      { role: "safetyResponsible", roleName: "安全责任人", from: "李四", to: null, at },
      { role: "townSupervisor", roleName: "镇（街道）监管责任人", from: "钱镇长", to: "新镇长", at },
    ]);
  });

  it("leaves a role the placard does not disclose, a placard issued after the change, a revoked one, and a change of post", () => {
    const controller = unit({ actualController: person("周实控") });
    expect(followRegister(placard(), ["actualController"], controller, at)).toBeUndefined();
    const now = unit({ firstResponsible: person("王强") });
    expect(followRegister(placard({ createdAt: "2026-11-26T00:00:00.000Z" }), ["firstResponsible"], now, at)).toBeUndefined();
    expect(followRegister(placard({ status: "revoked" }), ["firstResponsible"], now, at)).toBeUndefined();
    expect(changedRoles(unit(), unit({ firstResponsible: { ...person("张三"), title: "董事长" } }))).toEqual([]);
  });

  it("keeps one entry per role, and drops it when the register matches the placard again", () => {
    const once = placard({
      personChanges: followRegister(placard(), ["firstResponsible"], unit({ firstResponsible: person("王强") }), at) ?? [],
    });
    const twice = followRegister(once, ["firstResponsible"], unit({ firstResponsible: person("赵六") }), at);
    expect(twice).toEqual([expect.objectContaining({ role: "firstResponsible", from: "张三", to: "赵六" })]);
    expect(followRegister(placard({ personChanges: twice ?? [] }), ["firstResponsible"], unit(), at)).toEqual([]);
  });
});

describe("settling on the placard's own change", () => {
  const flagged = placard({
    personChanges: [
      { role: "firstResponsible", roleName: "第一责任人（主要负责人）", from: "张三", to: "王强", at },
      { role: "townSupervisor", roleName: "镇（街道）监管责任人", from: "钱镇长", to: "新镇长", at },
    ],
  });
  const register = unit({ firstResponsible: person("王强"), townSupervisor: person("新镇长") });

  it("drops the roles whose person was changed on the placard, and keeps the others", () => {
    const edited = { ...flagged, persons: { ...flagged.persons, first: person("王强") } };
    expect(settledChanges(flagged, edited, register).map((c) => c.role)).toEqual(["townSupervisor"]);
    const withdrawn = { ...flagged, persons: { ...flagged.persons, townSupervisor: null } };
    expect(settledChanges(flagged, withdrawn, register).map((c) => c.role)).toEqual(["firstResponsible"]);
    expect(settledChanges(flagged, { ...flagged, title: "新标题" }, register)).toHaveLength(2);
  });
});
