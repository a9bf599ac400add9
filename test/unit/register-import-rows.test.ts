// How an official's spreadsheet row becomes a unit of the register (imports/enterprise-import.ts): values typed as
// people type them — Chinese names, their common variants or the English keys — towns and grids by name (grids
// within their own town), industry by GB/T 4754 code or name, persons with their phones, the host's credit code,
// blank cells; and every rejection named by the column it comes from, so the official can find the cell. Then
// the other direction: a unit written as an export row (register/register-sheet.ts) reads back as the same unit,
// which is what makes "export, edit in Excel, import" safe.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columnOf, fieldsOf, type PlaceLookup, parseImportRow } from "#core/imports/enterprise-import";
import {
  type Enterprise,
  noStandardization,
  type Person,
  personRoles,
  productionStatuses,
  riskLevels,
  sizeClasses,
  venueTypes,
} from "#core/register/enterprise";
import { industryByCode } from "#core/register/industry";
import { industryTable } from "#core/register/industry-codes";
import { columnHeaders, exportRow, registerColumns } from "#core/register/register-sheet";
import { creditCode } from "#test/support/register";

const liuquan = "01jtown0000000000000000001";
const dawu = "01jtown0000000000000000002";
const liuquanGrid1 = "01jgrid0000000000000000001";
const liuquanGrid2 = "01jgrid0000000000000000002";
const dawuGrid1 = "01jgrid0000000000000000003";

const towns: Record<string, string> = { [liuquan]: "柳泉镇", [dawu]: "大吴街道" };
/** Grid id → its town and name; "一网格" exists in both towns, as grid names do. */
const grids: Record<string, { town: string; name: string }> = {
  [liuquanGrid1]: { town: liuquan, name: "一网格" },
  [liuquanGrid2]: { town: liuquan, name: "二网格" },
  [dawuGrid1]: { town: dawu, name: "一网格" },
};

/** A tenant's towns and grids, as the import job loads them once per run. */
const places: PlaceLookup = {
  townByName: (name) => Object.keys(towns).find((id) => towns[id] === name),
  gridByName: (townId, name) => Object.keys(grids).find((id) => grids[id]?.town === townId && grids[id]?.name === name),
  townById: (id) => id in towns,
  gridById: (townId, id) => grids[id]?.town === townId,
};

/** A row that imports as it is, unless a test changes cells. */
const cells = (overrides: Record<string, string> = {}): Record<string, string> => ({
  name: "徐州某某机械有限公司",
  creditCode: creditCode(1),
  address: "柳泉镇工业园8号",
  town: "柳泉镇",
  industry: "3311",
  sizeClass: "小微",
  productionStatus: "正常生产",
  firstResponsible: "张伟",
  "firstResponsible.phone": "13912345678",
  ...overrides,
});

const parse = (overrides: Record<string, string> = {}) => parseImportRow(cells(overrides), places);
const accepted = (overrides: Record<string, string> = {}) => {
  const parsed = parse(overrides);
  expect(parsed.problems).toEqual([]);
  if (!parsed.row) throw new Error("row refused");
  return parsed.row;
};
/** The problems of a row as `column:code`, sorted. */
const problemsOf = (overrides: Record<string, string>) =>
  parse(overrides)
    .problems.map((p) => `${p.path}:${p.code}`)
    .sort();

describe("an import row's required cells", () => {
  it("a blank industry or town cell is refused under its column (a blank industry became 01 农业 before)", () => {
    expect(problemsOf({ industry: "" })).toEqual(["industry:required"]);
    expect(problemsOf({ town: "" })).toEqual(["town:required"]);
  });
});

describe("an import row's values", () => {
  it("a complete row becomes the unit the API would create, with defaults for what it leaves blank", () => {
    expect(accepted()).toEqual({
      hostCreditCode: null,
      input: {
        name: "徐州某某机械有限公司",
        creditCode: creditCode(1),
        address: "柳泉镇工业园8号",
        townId: liuquan,
        gridId: null,
        industryCode: "3311",
        sizeClass: "small-micro",
        productionStatus: "producing",
        keyRisks: [],
        riskLevel: null,
        venueType: null,
        moveInDate: null,
        moveOutDate: null,
        hostId: null,
        persons: {
          firstResponsible: { name: "张伟", phone: "13912345678" },
          actualController: null,
          safetyResponsible: null,
          townSupervisor: null,
          communitySupervisor: null,
        },
        standardization: noStandardization,
      },
    });
  });

  it("size class by its Chinese name, a common variant or the English key, in any case or width", () => {
    const cases: [string, string][] = [
      ["规上", "above-scale"],
      ["规模以上", "above-scale"],
      ["规上企业", "above-scale"],
      ["Above-Scale", "above-scale"],
      ["中等", "medium"],
      ["中型", "medium"],
      ["medium", "medium"],
      ["小微", "small-micro"],
      ["小型", "small-micro"],
      ["微型", "small-micro"],
      ["小微企业", "small-micro"],
      ["ＳＭＡＬＬ－ＭＩＣＲＯ", "small-micro"],
      [" 小 微 ", "small-micro"],
    ];
    for (const [text, key] of cases) expect(accepted({ sizeClass: text }).input.sizeClass, text).toBe(key);
  });

  it("production status by name, variant or key", () => {
    const cases: [string, string][] = [
      ["正常生产", "producing"],
      ["生产", "producing"],
      ["在产", "producing"],
      ["正常", "producing"],
      ["部分停产", "partial"],
      ["半停产", "partial"],
      ["停产", "halted"],
      ["停业", "halted"],
      ["筹建", "preparing"],
      ["在建", "preparing"],
      ["关闭", "closed"],
      ["关停", "closed"],
      ["注销", "closed"],
      ["CLOSED", "closed"],
      ["partial", "partial"],
    ];
    for (const [text, key] of cases) expect(accepted({ productionStatus: text }).input.productionStatus, text).toBe(key);
  });

  it("risk colours as one character, the colour's name, the risk's name or the English key", () => {
    const cases: [string, string][] = [
      ["红", "red"],
      ["红色", "red"],
      ["重大风险", "red"],
      ["橙", "orange"],
      ["橙色", "orange"],
      ["较大风险", "orange"],
      ["Orange", "orange"],
      ["黄色", "yellow"],
      ["一般风险", "yellow"],
      ["蓝", "blue"],
      ["低风险", "blue"],
      ["BLUE", "blue"],
    ];
    for (const [text, key] of cases) expect(accepted({ riskLevel: text }).input.riskLevel, text).toBe(key);
  });

  it("nine-small-venue types by their full name, a short name or the English key", () => {
    const cases: [string, string][] = [
      ["小学校、幼儿园及培训机构", "school"],
      ["幼儿园", "school"],
      ["培训机构", "school"],
      ["小医院（诊所）", "clinic"],
      ["小医院(诊所)", "clinic"],
      ["诊所", "clinic"],
      ["小商店", "shop"],
      ["小餐饮", "eatery"],
      ["小旅馆", "hostel"],
      ["小歌舞娱乐场所", "entertainment"],
      ["小网吧", "internet-cafe"],
      ["internet-cafe", "internet-cafe"],
      ["小美容洗浴场所", "beauty-bath"],
      ["小生产加工企业（作坊）", "workshop"],
      ["小作坊", "workshop"],
    ];
    for (const [text, key] of cases) expect(accepted({ venueType: text }).input.venueType, text).toBe(key);
  });

  it("nine-small-venue types as the source writes them (九小场所), with half- or full-width parentheses", () => {
    const cases: [string, string][] = [
      ["小型学校幼儿园(校外培训机构)", "school"],
      ["小型学校幼儿园（校外培训机构）", "school"],
      ["小型学校幼儿园", "school"],
      ["校外培训机构", "school"],
      ["小型医疗机构", "clinic"],
      ["小商店", "shop"],
      ["小餐饮", "eatery"],
      ["小旅馆", "hostel"],
      ["小歌舞娱乐", "entertainment"],
      ["小网吧", "internet-cafe"],
      ["小美容洗浴", "beauty-bath"],
      ["小生产加工企业", "workshop"],
    ];
    for (const [text, key] of cases) expect(accepted({ venueType: text }).input.venueType, text).toBe(key);
  });

  it("a value that is none of these is refused under its column, naming what is allowed", () => {
    const parsed = parse({ sizeClass: "大型", riskLevel: "紫", venueType: "小卖部", productionStatus: "歇业" });
    expect(parsed.row).toBeUndefined();
    expect(parsed.problems.map((p) => `${p.path}:${p.code}`)).toEqual([
      "sizeClass:invalid_value",
      "productionStatus:invalid_value",
      "riskLevel:invalid_value",
      "venueType:invalid_value",
    ]);
    expect(parsed.problems[0]?.message).toEqual({
      zh: "「大型」不是有效取值，可选：规上、中等、小微",
      en: '"大型" is not a valid value; allowed: 规上、中等、小微',
    });
    expect(parsed.problems[2]?.message.zh).toBe("「紫」不是有效取值，可选：红、橙、黄、蓝");
  });

  it("a town by name or by id; a grid by name within that town only, or by its id", () => {
    expect(accepted({ town: "柳泉镇", grid: "一网格" }).input).toMatchObject({ townId: liuquan, gridId: liuquanGrid1 });
    expect(accepted({ town: "大吴街道", grid: "一网格" }).input).toMatchObject({ townId: dawu, gridId: dawuGrid1 });
    expect(accepted({ town: liuquan, grid: liuquanGrid2 }).input).toMatchObject({ townId: liuquan, gridId: liuquanGrid2 });
    expect(accepted({ town: "柳泉镇", grid: "" }).input.gridId).toBeNull();
  });

  it("an unknown town, or a grid of another town, is refused under its column", () => {
    const town = parse({ town: "不存在镇" });
    expect(town.problems).toEqual([
      {
        path: "town",
        code: "unknown_town",
        message: { zh: "镇（街道）「不存在镇」不存在，请先在系统中添加", en: 'Town "不存在镇" does not exist; add it first' },
      },
    ]);
    expect(problemsOf({ town: "大吴街道", grid: "二网格" })).toEqual(["grid:unknown_grid"]);
    expect(problemsOf({ town: "大吴街道", grid: liuquanGrid1 })).toEqual(["grid:unknown_grid"]);
    // A grid cannot be looked up in a town that is not there: the town is the one problem.
    expect(problemsOf({ town: "不存在镇", grid: "一网格" })).toEqual(["town:unknown_town"]);
  });

  it("industry by code (with or without its section letter) or by its exact name, half- or full-width brackets", () => {
    expect(accepted({ industry: "3311" }).input.industryCode).toBe("3311");
    expect(accepted({ industry: "C3311" }).input.industryCode).toBe("3311");
    expect(accepted({ industry: "33" }).input.industryCode).toBe("33");
    expect(accepted({ industry: "331" }).input.industryCode).toBe("331");
    expect(accepted({ industry: "金属结构制造" }).input.industryCode).toBe("3311");
    expect(accepted({ industry: "皮箱、包(袋)制造" }).input.industryCode).toBe("1922");
    expect(accepted({ industry: "皮箱、包（袋）制造" }).input.industryCode).toBe("1922");
  });

  it("an industry that is neither a code nor a name is refused, naming the standard", () => {
    const parsed = parse({ industry: "9999" });
    expect(parsed.problems).toEqual([
      {
        path: "industry",
        code: "unknown_industry_code",
        message: { zh: "行业「9999」不是 GB/T 4754-2017 的代码或名称", en: 'Industry "9999" is not a GB/T 4754-2017 code or name' },
      },
    ]);
    expect(problemsOf({ industry: "机械" })).toEqual(["industry:unknown_industry_code"]);
  });

  it("key risks split at any of the usual separators, trimmed and each kept once", () => {
    expect(accepted({ keyRisks: "有限空间、粉尘涉爆，有限空间 ; 高处作业/涉氨制冷|危险化学品,金属冶炼；喷涂" }).input.keyRisks).toEqual([
      "有限空间",
      "粉尘涉爆",
      "高处作业",
      "涉氨制冷",
      "危险化学品",
      "金属冶炼",
      "喷涂",
    ]);
  });

  it("move dates as YYYY-MM-DD, with dots or slashes, or as 年月日 (zero-padded); an impossible date is refused", () => {
    expect(accepted({ moveInDate: "2024-03-05" }).input.moveInDate).toBe("2024-03-05");
    expect(accepted({ moveInDate: "2024/03/05" }).input.moveInDate).toBe("2024-03-05");
    expect(accepted({ moveInDate: "2024.03.05" }).input.moveInDate).toBe("2024-03-05");
    expect(accepted({ moveOutDate: "2024年03月05日" }).input.moveOutDate).toBe("2024-03-05");
    expect(accepted({ moveInDate: "2024-02-29" }).input.moveInDate).toBe("2024-02-29");
    expect(problemsOf({ moveInDate: "2023-02-29" })).toEqual(["moveInDate:invalid_date"]);
  });

  it("persons: a name with a phone (normalised); a role left blank is no one; half a person is refused at the missing half", () => {
    const row = accepted({
      "firstResponsible.phone": "(0516)8765-4321 转 12",
      safetyResponsible: "李四",
      "safetyResponsible.phone": "+86 139 1234 5678",
      townSupervisor: "",
      "townSupervisor.phone": "",
    });
    expect(row.input.persons).toEqual({
      firstResponsible: { name: "张伟", phone: "0516-87654321-12" },
      actualController: null,
      safetyResponsible: { name: "李四", phone: "13912345678" },
      townSupervisor: null,
      communitySupervisor: null,
    });
    expect(problemsOf({ actualController: "王五" })).toEqual(["actualController.phone:invalid_phone"]);
    expect(problemsOf({ "communitySupervisor.phone": "13912345678" })).toEqual(["communitySupervisor:too_small"]);
    expect(problemsOf({ "firstResponsible.phone": "12345" })).toEqual(["firstResponsible.phone:invalid_phone"]);
  });

  it("the first responsible person is required: both cells blank are refused at both columns", () => {
    expect(problemsOf({ firstResponsible: "", "firstResponsible.phone": "" })).toEqual([
      "firstResponsible.phone:invalid_phone",
      "firstResponsible:too_small",
    ]);
  });

  it("the host's credit code is kept normalised (upper case, no spaces) to be resolved when the row is applied", () => {
    const host = creditCode(2);
    expect(accepted({ hostCreditCode: ` ${host.slice(0, 9).toLowerCase()} ${host.slice(9)} ` }).hostCreditCode).toBe(host);
    expect(accepted({ hostCreditCode: host }).input.hostId).toBeNull();
  });

  it("a unit cannot be its own host, however its code is typed", () => {
    const own = creditCode(1);
    expect(parse({ hostCreditCode: own.toLowerCase() }).problems).toEqual([
      {
        path: "hostCreditCode",
        code: "host_cycle",
        message: { zh: "出租方不能是本单位", en: "The host cannot be the unit itself" },
      },
    ]);
  });

  it("the credit code is normalised and its check character verified", () => {
    expect(accepted({ creditCode: ` ${creditCode(1).toLowerCase()} ` }).input.creditCode).toBe(creditCode(1));
    const typo = `${creditCode(1).slice(0, 17)}${creditCode(1).endsWith("0") ? "1" : "0"}`;
    expect(problemsOf({ creditCode: typo })).toEqual(["creditCode:invalid_credit_code_check"]);
    expect(problemsOf({ creditCode: "91320312MA1XXXXXX" })).toEqual(["creditCode:invalid_credit_code_length"]);
  });

  it("blank required cells are refused under their columns", () => {
    expect(problemsOf({ name: "" })).toEqual(["name:too_small"]);
    expect(problemsOf({ address: "" })).toEqual(["address:too_small"]);
    expect(problemsOf({ creditCode: "" })).toEqual(["creditCode:invalid_credit_code_length"]);
    expect(problemsOf({ sizeClass: "" })).toEqual(["sizeClass:invalid_value"]);
    expect(problemsOf({ productionStatus: "" })).toEqual(["productionStatus:invalid_value"]);
  });

  it("collects every problem of a row at once, each column once, in the official's terms", () => {
    expect(problemsOf({ name: "", town: "不存在镇", industry: "机械", sizeClass: "大型", "firstResponsible.phone": "110" })).toEqual([
      "firstResponsible.phone:invalid_phone",
      "industry:unknown_industry_code",
      "name:too_small",
      "sizeClass:invalid_value",
      "town:unknown_town",
    ]);
  });

  it("cells the register has no column for are ignored", () => {
    expect(accepted({ 备注: "新入驻", remarks: "x" }).input).toEqual(accepted().input);
  });
});

describe("the columns of a row", () => {
  it("map unit fields back to the column they come from: ids to names, a person's name and phone to its two columns", () => {
    const cases: [string, string][] = [
      ["name", "name"],
      ["creditCode", "creditCode"],
      ["townId", "town"],
      ["gridId", "grid"],
      ["industryCode", "industry"],
      ["hostId", "hostCreditCode"],
      ["keyRisks.2", "keyRisks"],
      ["persons.firstResponsible.name", "firstResponsible"],
      ["persons.firstResponsible.phone", "firstResponsible.phone"],
      ["persons.communitySupervisor.name", "communitySupervisor"],
      ["persons.safetyResponsible.phone", "safetyResponsible.phone"],
      ["firstResponsible.phone", "firstResponsible.phone"],
    ];
    for (const [path, column] of cases) expect(columnOf(path), path).toBe(column);
  });

  it("name the unit fields a file's columns feed: a person through either of its columns", () => {
    expect(fieldsOf(["name", "town", "grid", "industry", "hostCreditCode", "sizeClass", "riskLevel"])).toEqual(
      new Set(["name", "townId", "gridId", "industryCode", "hostId", "sizeClass", "riskLevel"]),
    );
    expect(fieldsOf(["firstResponsible", "firstResponsible.phone", "safetyResponsible.phone"])).toEqual(
      new Set(["persons.firstResponsible", "persons.safetyResponsible"]),
    );
    expect(fieldsOf([])).toEqual(new Set());
  });

  it("every register column's field maps back to that column", () => {
    for (const { key } of registerColumns) {
      const [field] = [...fieldsOf([key])];
      if (field === undefined) throw new Error(`no field for ${key}`);
      const role = /^persons\.(\w+)$/.exec(field)?.[1];
      if (role) {
        expect(columnOf(`${field}.name`)).toBe(role);
        expect(columnOf(`${field}.phone`)).toBe(`${role}.phone`);
      } else {
        expect(columnOf(field), key).toBe(key);
      }
    }
  });

  it("each has the Chinese header an export writes first; required columns are the unit's required fields", () => {
    expect(registerColumns.map((c) => c.key)).toEqual([
      "name",
      "creditCode",
      "address",
      "town",
      "grid",
      "industry",
      "sizeClass",
      "productionStatus",
      "keyRisks",
      "riskLevel",
      "venueType",
      "moveInDate",
      "moveOutDate",
      "hostCreditCode",
      ...personRoles.flatMap((r) => [r, `${r}.phone`]),
    ]);
    expect(columnHeaders.get("town")).toBe("镇（街道）");
    expect(columnHeaders.get("firstResponsible.phone")).toBe("主要负责人电话");
    expect(registerColumns.filter((c) => c.required).map((c) => c.key)).toEqual([
      "name",
      "creditCode",
      "address",
      "town",
      "industry",
      "sizeClass",
      "productionStatus",
      "firstResponsible",
      "firstResponsible.phone",
    ]);
    const headers = registerColumns.flatMap((c) => c.headers);
    expect(new Set(headers).size).toBe(headers.length); // no header could mean two columns
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Export, then import: the round trip

const hosts: Record<string, string> = {
  "01jhost0000000000000000001": creditCode(900001),
  "01jhost0000000000000000002": creditCode(900002),
};
const names = {
  town: (id: string) => towns[id] ?? "",
  grid: (id: string) => grids[id]?.name ?? "",
  hostCode: (id: string) => hosts[id] ?? "",
};

const industryCodes = industryTable
  .trim()
  .split("\n")
  .map((line) => line.slice(0, line.indexOf(" ")));

const text = (alphabet: string, max: number) =>
  fc
    .string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: max })
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
const mobile = fc.tuple(fc.constantFrom(..."3456789"), fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 9, maxLength: 9 }));
/** Landlines as stored: area code, subscriber (seven or eight digits) and an optional extension. */
const landline = fc
  .tuple(
    fc.constantFrom("010", "021", "0516", "0595"),
    fc.constantFrom(..."23456789"),
    fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 6, maxLength: 7 }),
    fc.option(fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 6 }), { nil: undefined }),
  )
  .map(([area, first, rest, ext]) => `${area}-${first}${rest}${ext ? `-${ext}` : ""}`);
const phone = fc.oneof(
  mobile.map(([second, rest]) => `1${second}${rest}`),
  landline,
);
const person: fc.Arbitrary<Person> = fc.record({ name: text("张王李赵伟芳娜敏静 ·", 12), phone, title: fc.constant(null) });
const date = fc.integer({ min: 0, max: 12000 }).map((n) => new Date(Date.UTC(1995, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const gridOf: Record<string, (string | null)[]> = { [liuquan]: [null, liuquanGrid1, liuquanGrid2], [dawu]: [null, dawuGrid1] };

const unit: fc.Arbitrary<Enterprise> = fc
  .record({
    n: fc.integer({ min: 1, max: 800_000 }),
    name: text("徐州铜山某某机械化工科技有限公司（）()ABC123 ", 40),
    address: text("柳泉镇大吴街道工业园路号栋0123456789-", 60),
    townId: fc.constantFrom(liuquan, dawu),
    gridPick: fc.nat(2),
    industryCode: fc.constantFrom(...industryCodes),
    sizeClass: fc.constantFrom(...sizeClasses),
    productionStatus: fc.constantFrom(...productionStatuses),
    keyRisks: fc.uniqueArray(fc.constantFrom("有限空间", "粉尘涉爆", "高处作业", "涉氨制冷", "危险化学品", "金属 冶炼"), { maxLength: 6 }),
    riskLevel: fc.option(fc.constantFrom(...riskLevels), { nil: null }),
    venueType: fc.option(fc.constantFrom(...venueTypes), { nil: null }),
    moveInDate: fc.option(date, { nil: null }),
    moveOutDate: fc.option(date, { nil: null }),
    hostId: fc.option(fc.constantFrom(...Object.keys(hosts)), { nil: null }),
    firstResponsible: person,
    actualController: fc.option(person, { nil: null }),
    safetyResponsible: fc.option(person, { nil: null }),
    townSupervisor: fc.option(person, { nil: null }),
    communitySupervisor: fc.option(person, { nil: null }),
  })
  .map((u) => {
    const industry = industryByCode(u.industryCode);
    if (!industry) throw new Error(u.industryCode);
    const townGrids = gridOf[u.townId] ?? [null];
    return {
      id: "01junit0000000000000000001",
      name: u.name,
      creditCode: creditCode(u.n),
      address: u.address,
      townId: u.townId,
      gridId: townGrids[u.gridPick % townGrids.length] ?? null,
      industry: { code: industry.code, name: industry.name, divisionCode: industry.divisionCode, section: industry.section },
      sizeClass: u.sizeClass,
      productionStatus: u.productionStatus,
      keyRisks: u.keyRisks,
      riskLevel: u.riskLevel,
      venueType: u.venueType,
      moveInDate: u.moveInDate,
      moveOutDate: u.moveOutDate,
      hostId: u.hostId,
      persons: {
        firstResponsible: u.firstResponsible,
        actualController: u.actualController,
        safetyResponsible: u.safetyResponsible,
        townSupervisor: u.townSupervisor,
        communitySupervisor: u.communitySupervisor,
      },
      standardization: noStandardization,
      reviewedAt: "2026-01-01T00:00:00.000Z",
      deletedAt: null,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
      version: 1,
    };
  });

/** The unit's fields an import row carries (a person's post is not a column; the host travels as its code). */
function asImported(u: Enterprise) {
  const persons = Object.fromEntries(
    personRoles.map((r) => [r, u.persons[r] ? { name: u.persons[r].name, phone: u.persons[r].phone } : null]),
  );
  return {
    input: {
      name: u.name,
      creditCode: u.creditCode,
      address: u.address,
      townId: u.townId,
      gridId: u.gridId,
      industryCode: u.industry.code,
      sizeClass: u.sizeClass,
      productionStatus: u.productionStatus,
      keyRisks: u.keyRisks,
      riskLevel: u.riskLevel,
      venueType: u.venueType,
      moveInDate: u.moveInDate,
      moveOutDate: u.moveOutDate,
      hostId: null,
      persons,
      standardization: noStandardization,
    },
    hostCreditCode: u.hostId ? (hosts[u.hostId] ?? null) : null,
  };
}

describe("an exported unit imported back", () => {
  it("writes names, not ids, in the columns' order", () => {
    const [example] = fc.sample(unit, { numRuns: 1, seed: 7 });
    if (!example) throw new Error("no sample");
    const u: Enterprise = {
      ...example,
      townId: dawu,
      gridId: dawuGrid1,
      riskLevel: "orange",
      venueType: "clinic",
      hostId: "01jhost0000000000000000002",
      keyRisks: ["有限空间", "粉尘涉爆"],
      sizeClass: "above-scale",
      productionStatus: "partial",
    };
    const row = exportRow(u, names);
    expect(Object.keys(row)).toEqual(registerColumns.map((c) => c.key));
    expect(row).toMatchObject({
      town: "大吴街道",
      grid: "一网格",
      industry: u.industry.code,
      sizeClass: "规上",
      productionStatus: "部分停产",
      keyRisks: "有限空间、粉尘涉爆",
      riskLevel: "橙",
      venueType: "小医院（诊所）",
      hostCreditCode: creditCode(900002),
    });
  });

  it("a person's post (title) is not a column, so it does not travel; the rest of the person does", () => {
    const [example] = fc.sample(unit, { numRuns: 1, seed: 11 });
    if (!example) throw new Error("no sample");
    const u = { ...example, persons: { ...example.persons, firstResponsible: { name: "张伟", phone: "13912345678", title: "总经理" } } };
    expect(parseImportRow(exportRow(u, names), places).row?.input.persons.firstResponsible).toEqual({ name: "张伟", phone: "13912345678" });
  });

  it("parses back to the same unit, for any unit of the register", () => {
    fc.assert(
      fc.property(unit, (u) => {
        const parsed = parseImportRow(exportRow(u, names), places);
        expect(parsed.problems).toEqual([]);
        expect(parsed.row).toEqual(asImported(u));
      }),
      { numRuns: 300 },
    );
  });
});
