// Register data that reads like a real district's (铜山区): towns and grids, company names, addresses, people and
// phone numbers, industries, sizes and risk levels in plausible proportions. Unit n always comes out the same,
// and distinct n give distinct credit codes (creditCode from the test fixtures).
import {
  type Enterprise,
  noStandardization,
  type ProductionStatus,
  productionStatusNames,
  type RiskLevel,
  riskLevelNames,
  type SizeClass,
  sizeClassNames,
  type VenueType,
  venueTypeNames,
} from "#core/register/enterprise";
import { industryByCode } from "#core/register/industry";
import { creditCode } from "#test/support/register";
import type { ApiCall } from "./api.ts";

export { creditCode };

export interface Place {
  readonly townId: string;
  readonly townName: string;
  readonly gridId: string;
  readonly gridName: string;
}

const townNames: readonly { name: string; kind: "town" | "street" | "park" }[] = [
  { name: "铜山街道", kind: "street" },
  { name: "三堡街道", kind: "street" },
  { name: "利国镇", kind: "town" },
  { name: "何桥镇", kind: "town" },
  { name: "马坡镇", kind: "town" },
  { name: "郑集镇", kind: "town" },
  { name: "柳新镇", kind: "town" },
  { name: "汉王镇", kind: "town" },
  { name: "棠张镇", kind: "town" },
  { name: "张集镇", kind: "town" },
  { name: "房村镇", kind: "town" },
  { name: "铜山经济技术开发区", kind: "park" },
];

/** Creates `count` towns (at most 12) with `gridsPerTown` level-1 grids each through the API; one Place per grid. */
export async function addPlaces(call: ApiCall, count: number, gridsPerTown: number): Promise<Place[]> {
  const places: Place[] = [];
  for (const town of townNames.slice(0, count)) {
    const created = (await call("POST", "/v1/towns", { name: town.name, kind: town.kind }, 201)) as { id: string };
    for (let g = 1; g <= gridsPerTown; g++) {
      const gridName = `${town.name}第${g}网格`;
      const grid = (await call("POST", "/v1/grids", { townId: created.id, name: gridName, level: 1 }, 201)) as { id: string };
      places.push({ townId: created.id, townName: town.name, gridId: grid.id, gridName });
    }
  }
  return places;
}

/** A well-mixed 32-bit hash of n and a salt, so each trait varies independently of the others. */
function mix(n: number, salt: number): number {
  let x = (n * 0x9e3779b1 + salt * 0x85ebca6b) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}

function pick<T>(list: readonly T[], n: number, salt: number): T {
  return list[mix(n, salt) % list.length] as T;
}

function weighted<T>(choices: readonly (readonly [T, number])[], n: number, salt: number): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let roll = mix(n, salt) % total;
  for (const [value, weight] of choices) {
    if (roll < weight) return value;
    roll -= weight;
  }
  return (choices[0] as readonly [T, number])[0];
}

interface IndustryChoice {
  readonly code: string;
  /** What the company name says it does. */
  readonly word: string;
  readonly risks: readonly string[];
  /** The nine-small-venue type a small unit of this trade is (九小场所), if any. */
  readonly venue?: VenueType;
}

const industries: readonly (readonly [IndustryChoice, number])[] = [
  [{ code: "3311", word: "钢结构", risks: ["有限空间", "高处作业"] }, 12],
  [{ code: "3484", word: "机械配件", risks: ["粉尘涉爆", "有限空间"] }, 12],
  [{ code: "3399", word: "五金制品", risks: ["粉尘涉爆"] }, 8],
  [{ code: "3360", word: "热处理", risks: ["金属冶炼", "涉氨制冷"] }, 3],
  [{ code: "3130", word: "钢材", risks: ["金属冶炼", "有限空间"] }, 4],
  [{ code: "3021", word: "新型建材", risks: ["粉尘涉爆"] }, 6],
  [{ code: "2929", word: "塑料制品", risks: ["喷涂作业"] }, 6],
  [{ code: "2641", word: "涂料", risks: ["危险化学品", "喷涂作业"] }, 2],
  [{ code: "2221", word: "纸业", risks: ["有限空间", "粉尘涉爆"] }, 2],
  [{ code: "1713", word: "纺织印染", risks: ["有限空间", "危险化学品"] }, 3],
  [{ code: "1761", word: "针织", risks: ["粉尘涉爆"] }, 3],
  [{ code: "1411", word: "食品", risks: ["涉氨制冷", "燃气使用"] }, 5],
  [{ code: "1391", word: "淀粉", risks: ["粉尘涉爆"] }, 1],
  [{ code: "4011", word: "自动化设备", risks: [] }, 3],
  [{ code: "5211", word: "商贸", risks: [], venue: "shop" }, 10],
  [{ code: "5261", word: "汽车销售服务", risks: ["燃气使用"] }, 3],
  [{ code: "6210", word: "餐饮管理", risks: ["燃气使用"], venue: "eatery" }, 10],
  [{ code: "6110", word: "酒店管理", risks: ["燃气使用"], venue: "hostel" }, 3],
  [{ code: "8051", word: "洗浴服务", risks: ["燃气使用"], venue: "beauty-bath" }, 2],
];

const words = (text: string) => text.split(" ");
/** A trade name (字号) is one of the first characters and one of the second: 恒达, 鑫源… */
const tradeNames = [..."恒鑫华金宏天瑞永汇中新博盛众佳"];
const tradeNames2 = [..."达源宇鼎远成丰泰通联锐诚禾泽创昌"];
const roads = words("建设路 人民路 解放路 工业大道 黄河路 长江路 北京路 淮海路 珠江路 银山路 昆仑大道");
const surnames = [..."张王李刘陈杨赵黄周吴徐孙朱马胡郭林何高梁"];
const givenNames = words("伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞");
const mobilePrefixes = words("139 138 137 135 136 150 151 152 157 158 159 182 187 188");

export interface Person {
  readonly name: string;
  readonly phone: string;
}

export interface UnitTraits {
  readonly name: string;
  readonly address: string;
  readonly industryCode: string;
  readonly sizeClass: SizeClass;
  readonly productionStatus: ProductionStatus;
  readonly riskLevel: RiskLevel | null;
  readonly venueType: VenueType | null;
  readonly keyRisks: readonly string[];
  readonly firstResponsible: Person;
  readonly safetyResponsible: Person | null;
}

function person(n: number, salt: number): Person {
  const digits = String(mix(n, salt + 1) % 100_000_000).padStart(8, "0");
  return { name: pick(surnames, n, salt + 2) + pick(givenNames, n, salt + 3), phone: pick(mobilePrefixes, n, salt + 4) + digits };
}

/** Unit n's traits (name, trade, size, risk, people) in plausible proportions. */
export function unitTraits(n: number, place: Place): UnitTraits {
  const industry = weighted(industries, n, 1);
  const sizeClass = weighted<SizeClass>(
    [
      ["small-micro", 70],
      ["medium", 20],
      ["above-scale", 10],
    ],
    n,
    2,
  );
  const productionStatus = weighted<ProductionStatus>(
    [
      ["producing", 85],
      ["partial", 5],
      ["halted", 5],
      ["preparing", 3],
      ["closed", 2],
    ],
    n,
    3,
  );
  const riskLevel = weighted<RiskLevel | null>(
    [
      ["red", 3],
      ["orange", 10],
      ["yellow", 37],
      ["blue", 40],
      [null, 10],
    ],
    n,
    4,
  );
  return {
    name: `徐州${tradeNames[n % tradeNames.length]}${tradeNames2[Math.floor(n / tradeNames.length) % tradeNames2.length]}${industry.word}有限公司`,
    address: `铜山区${place.townName}${pick(roads, n, 5)}${(mix(n, 6) % 300) + 1}号`,
    industryCode: industry.code,
    sizeClass,
    productionStatus,
    riskLevel,
    venueType: sizeClass === "small-micro" ? (industry.venue ?? null) : null,
    keyRisks: industry.risks.slice(0, mix(n, 7) % (industry.risks.length + 1)),
    firstResponsible: person(n, 10),
    safetyResponsible: mix(n, 8) % 2 === 0 ? person(n, 20) : null,
  };
}

/** A POST /v1/enterprises body for unit n. */
export function enterpriseBody(n: number, place: Place, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const t = unitTraits(n, place);
  return {
    name: t.name,
    creditCode: creditCode(n),
    address: t.address,
    townId: place.townId,
    gridId: place.gridId,
    industryCode: t.industryCode,
    sizeClass: t.sizeClass,
    productionStatus: t.productionStatus,
    keyRisks: t.keyRisks,
    riskLevel: t.riskLevel,
    venueType: t.venueType,
    persons: { firstResponsible: t.firstResponsible, ...(t.safetyResponsible ? { safetyResponsible: t.safetyResponsible } : {}) },
    ...overrides,
  };
}

/**
 * Unit n as the store holds it after a create at `at` (version 1, reviewed then): what a bench seeds directly
 * when going through the API would take too long.
 */
export function storedUnit(n: number, place: Place, id: string, at: string, hostId: string | null): Enterprise {
  const t = unitTraits(n, place);
  const industry = industryByCode(t.industryCode);
  if (!industry) throw new Error(`bench data: unknown industry ${t.industryCode}`);
  return {
    id,
    name: t.name,
    creditCode: creditCode(n),
    address: t.address,
    townId: place.townId,
    gridId: place.gridId,
    industry: { code: industry.code, name: industry.name, divisionCode: industry.divisionCode, section: industry.section },
    sizeClass: t.sizeClass,
    productionStatus: t.productionStatus,
    keyRisks: [...t.keyRisks],
    riskLevel: t.riskLevel,
    venueType: t.venueType,
    moveInDate: null,
    moveOutDate: null,
    hostId,
    persons: {
      firstResponsible: { ...t.firstResponsible, title: null },
      actualController: null,
      safetyResponsible: t.safetyResponsible ? { ...t.safetyResponsible, title: null } : null,
      townSupervisor: null,
      communitySupervisor: null,
    },
    standardization: noStandardization,
    reviewedAt: at,
    deletedAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** The columns of an official's register file, with the Chinese headers the import matches. */
export const importHeader = [
  "企业名称",
  "统一社会信用代码",
  "地址",
  "镇（街道）",
  "网格",
  "行业代码",
  "企业规模",
  "生产状态",
  "关键风险",
  "风险等级",
  "九小场所类型",
  "主要负责人",
  "主要负责人电话",
  "安全负责人",
  "安全负责人电话",
  "出租方信用代码",
] as const;

/** Unit n as a row of the register file, names in Chinese as officials type them. */
export function importCells(n: number, place: Place, hostCreditCode = ""): string[] {
  const t = unitTraits(n, place);
  return [
    t.name,
    creditCode(n),
    t.address,
    place.townName,
    place.gridName,
    t.industryCode,
    sizeClassNames[t.sizeClass],
    productionStatusNames[t.productionStatus],
    t.keyRisks.join("、"),
    t.riskLevel ? riskLevelNames[t.riskLevel] : "",
    t.venueType ? venueTypeNames[t.venueType] : "",
    t.firstResponsible.name,
    t.firstResponsible.phone,
    t.safetyResponsible?.name ?? "",
    t.safetyResponsible?.phone ?? "",
    hostCreditCode,
  ];
}

/** One CSV line (RFC 4180 quoting), without the line break. */
export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(",");
}
