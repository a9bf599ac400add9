// The industry table (GB/T 4754-2017) decides which codes the register accepts and how units are counted by
// division; a missing or misplaced entry refuses a real enterprise or files it under the wrong section.
import { describe, expect, it } from "vitest";
import { issueToProblem } from "#core/kernel/validation";
import { divisions, IndustryCodeSchema, industryByCode, industryByName } from "#core/register/industry";
import { industrySections, industryTable } from "#core/register/industry-codes";

const codes = industryTable
  .trim()
  .split("\n")
  .map((line) => line.slice(0, line.indexOf(" ")));

describe("the GB/T 4754-2017 table", () => {
  it("has 20 sections, 97 divisions, 473 groups and 1381 classes, each code once", () => {
    // The 2017 release announced 1380 classes; the copies of the table list 1381 (see industry-codes.ts).
    expect(industrySections).toHaveLength(20);
    expect(codes.filter((c) => c.length === 2)).toHaveLength(97);
    expect(codes.filter((c) => c.length === 3)).toHaveLength(473);
    expect(codes.filter((c) => c.length === 4)).toHaveLength(1381);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^\d{2,4}$/.test(c))).toBe(true);
  });

  it("nests every class in a group and every group in a division", () => {
    const known = new Set(codes);
    expect(codes.filter((c) => c.length > 2 && !known.has(c.slice(0, -1)))).toEqual([]);
    expect(codes.filter((g) => g.length === 3 && !codes.some((c) => c.length === 4 && c.startsWith(g)))).toEqual([]);
  });

  it("puts divisions in sections by the standard's ranges, A 01–05 through T 97", () => {
    const all = divisions();
    expect(all.map((d) => d.code)).toEqual(codes.filter((c) => c.length === 2));
    expect(industrySections.filter((s) => !all.some((d) => d.section === s.letter))).toEqual([]);
    // Both ends of every range, written division + section.
    const ends =
      "01A 05A 06B 12B 13C 43C 44D 46D 47E 50E 51F 52F 53G 60G 61H 62H 63I 65I 66J 69J 70K 71L 72L 73M 75M 76N 79N 80O 82O 83P 84Q 85Q 86R 90R 91S 96S 97T";
    const found = ends.split(" ").map((end) => end.slice(0, 2) + industryByCode(end.slice(0, 2))?.section);
    expect(found.join(" ")).toBe(ends);
    expect(all.find((d) => d.code === "33")).toEqual({ code: "33", name: "金属制品业", section: "C", sectionName: "制造业" });
  });
});

describe("industry by code", () => {
  it("finds classes, groups and divisions with their own name, section and division", () => {
    expect(industryByCode("0111")).toEqual({
      code: "0111",
      name: "稻谷种植",
      section: "A",
      sectionName: "农、林、牧、渔业",
      divisionCode: "01",
      divisionName: "农业",
    });
    expect(industryByCode("3311")).toMatchObject({ name: "金属结构制造", section: "C", divisionCode: "33", divisionName: "金属制品业" });
    expect(industryByCode("2614")).toMatchObject({ name: "有机化学原料制造", divisionName: "化学原料和化学制品制造业" });
    expect(industryByCode("4411")).toMatchObject({ name: "火力发电", section: "D", sectionName: "电力、热力、燃气及水生产和供应业" });
    expect(industryByCode("7224")).toMatchObject({ name: "供应链管理服务", section: "L", divisionName: "商务服务业" });
    expect(industryByCode("339")).toMatchObject({ name: "铸造及其他金属制品制造", divisionCode: "33" });
    expect(industryByCode("15")).toMatchObject({
      name: "酒、饮料和精制茶制造业",
      divisionCode: "15",
      divisionName: "酒、饮料和精制茶制造业",
    });
    expect(industryByCode("9700")).toMatchObject({ name: "国际组织", section: "T", sectionName: "国际组织" });
  });

  it("knows nothing outside the 2017 table, including codes only the 2011 edition had", () => {
    for (const code of ["C", "0", "98", "3310", "33111", "0170", "1363 ", ""]) expect(industryByCode(code), code).toBeUndefined();
  });

  it("hands out copies, so a caller cannot change the table", () => {
    const found = industryByCode("3311");
    if (found) found.name = "changed";
    expect(industryByCode("3311")?.name).toBe("金属结构制造");
  });
});

describe("industry code schema", () => {
  const problemOf = (input: unknown) => {
    const issue = IndustryCodeSchema.safeParse(input).error?.issues[0];
    return issue && issueToProblem(issue);
  };

  it("accepts any code in the table, trimmed", () => {
    expect(IndustryCodeSchema.parse(" 3311 ")).toBe("3311");
    expect(IndustryCodeSchema.parse("33")).toBe("33");
    expect(IndustryCodeSchema.parse("331")).toBe("331");
  });

  it("refuses unknown codes with its own bilingual problem", () => {
    for (const code of ["3310", "98", "C", "C3311", "", "０１１１"]) {
      expect(problemOf(code), code).toEqual({
        path: "",
        code: "unknown_industry_code",
        message: { zh: "行业代码不存在（GB/T 4754-2017）", en: "Unknown industry code (GB/T 4754-2017)" },
      });
    }
    expect(problemOf(3311)?.code).toBe("invalid_type");
  });
});

describe("industry by name", () => {
  it("finds the entry an official typed, trimmed and regardless of bracket width", () => {
    expect(industryByName("金属结构制造")?.code).toBe("3311");
    expect(industryByName(" 火力发电 ")?.code).toBe("4411");
    expect(industryByName("皮箱、包(袋)制造")?.code).toBe("1922");
    expect(industryByName("三维（3D）打印技术推广服务")?.code).toBe("7517");
  });

  it("prefers the most specific entry when a name repeats down the levels", () => {
    expect(industryByName("其他采矿业")).toMatchObject({ code: "1200", divisionCode: "12" });
    expect(industryByName("燃气生产和供应业")?.code).toBe("451");
    expect(industryByName("国际组织")?.code).toBe("9700");
    expect(industryByName("金属制品业")?.code).toBe("33");
  });

  it("does not guess at partial or outdated names", () => {
    for (const name of ["金属结构", "开采辅助活动", "酒、饮料及精制茶制造业", ""]) expect(industryByName(name), name).toBeUndefined();
  });
});
