// The register as a spreadsheet: the columns an official's Excel/CSV file may have (each with its Chinese header,
// which exports write, then the other headers imports accept, Chinese or English), and a unit as an export row —
// names, not ids, in import order, so that an exported file imports back unchanged.
import {
  type Enterprise,
  personRoles,
  productionStatusNames,
  riskLevelNames,
  sizeClassNames,
  venueTypeNames,
} from "#core/register/enterprise";

export interface RegisterColumn {
  readonly key: string;
  /** The header an export writes (Chinese), then the other headers an import accepts. */
  readonly headers: readonly string[];
  readonly required?: boolean;
}

const personColumns: RegisterColumn[] = [
  { key: "firstResponsible", headers: ["主要负责人", "第一责任人", "法定代表人", "负责人", "first responsible person"], required: true },
  {
    key: "firstResponsible.phone",
    headers: ["主要负责人电话", "第一责任人电话", "负责人电话", "联系电话", "first responsible phone"],
    required: true,
  },
  { key: "actualController", headers: ["实际控制人", "actual controller"] },
  { key: "actualController.phone", headers: ["实际控制人电话", "actual controller phone"] },
  { key: "safetyResponsible", headers: ["安全负责人", "安全责任人", "安全管理人员", "safety responsible person"] },
  { key: "safetyResponsible.phone", headers: ["安全负责人电话", "安全责任人电话", "安全管理人员电话", "safety responsible phone"] },
  { key: "townSupervisor", headers: ["镇街监管责任人", "镇（街道）监管责任人", "属地监管责任人", "town supervisor"] },
  {
    key: "townSupervisor.phone",
    headers: ["镇街监管责任人电话", "镇（街道）监管责任人电话", "属地监管责任人电话", "town supervisor phone"],
  },
  { key: "communitySupervisor", headers: ["村居监管责任人", "村（社区）监管责任人", "网格员", "community supervisor"] },
  {
    key: "communitySupervisor.phone",
    headers: ["村居监管责任人电话", "村（社区）监管责任人电话", "网格员电话", "community supervisor phone"],
  },
];

export const registerColumns: readonly RegisterColumn[] = [
  { key: "name", headers: ["企业名称", "单位名称", "名称", "企业（单位）名称", "name", "enterprise name"], required: true },
  { key: "creditCode", headers: ["统一社会信用代码", "社会信用代码", "信用代码", "credit code", "uscc"], required: true },
  { key: "address", headers: ["地址", "经营地址", "生产经营地址", "注册地址", "address"], required: true },
  { key: "town", headers: ["镇（街道）", "所属镇街", "镇街", "镇/街道/园区", "所属镇（街道）", "town"], required: true },
  { key: "grid", headers: ["网格", "所属网格", "grid"] },
  {
    key: "industry",
    headers: ["行业代码", "行业类别", "国民经济行业代码", "所属行业", "行业", "industry", "industry code"],
    required: true,
  },
  { key: "sizeClass", headers: ["企业规模", "规模", "企业类型（三类）", "size class", "size"], required: true },
  { key: "productionStatus", headers: ["生产状态", "经营状态", "production status", "status"], required: true },
  { key: "keyRisks", headers: ["关键风险", "主要风险", "重点风险", "key risks"] },
  { key: "riskLevel", headers: ["风险等级", "风险颜色", "四色等级", "risk level"] },
  { key: "venueType", headers: ["九小场所类型", "九小场所", "venue type"] },
  { key: "moveInDate", headers: ["进驻日期", "入驻日期", "move-in date"] },
  { key: "moveOutDate", headers: ["迁出日期", "move-out date"] },
  { key: "hostCreditCode", headers: ["出租方信用代码", "厂中厂出租方信用代码", "出租方统一社会信用代码", "host credit code"] },
  ...personColumns,
];

/**
 * Columns imports no longer read, recognised so that a file with one is told — once per file, in the import's
 * `headers.retired` — that the column is ignored and what to do instead.
 */
export const retiredColumns: readonly (RegisterColumn & { readonly notice: { readonly zh: string; readonly en: string } })[] = [
  {
    key: "starRated",
    headers: ["开展星级评定", "是否开展星级评定", "已开展星级评定", "星级评定", "star rated", "star rating"],
    notice: {
      zh: "“开展星级评定”列已停用，导入时不再读取：单位是否开展星级评定以系统中的星级评定申请与授星记录为准（POST /v1/star-applications）",
      en:
        "The star-rated column is retired and no longer read: whether a unit takes part in star rating comes from its star " +
        "applications and awards in Anquan (POST /v1/star-applications)",
    },
  },
];

/** What export writes: the first header of each column, in import order, so a file round-trips. */
/** The columns an export writes: each column's Chinese header, names and addresses wider (the sync route and export jobs). */
export const registerExportColumns: readonly { key: string; header: string; width: number }[] = registerColumns.map((col) => ({
  key: col.key,
  header: col.headers[0] as string,
  width: col.key === "name" || col.key === "address" ? 36 : 16,
}));

export const columnHeaders: ReadonlyMap<string, string> = new Map(registerColumns.map((c) => [c.key, c.headers[0] as string]));

/** A unit as an export row (names, not ids, so officials can read and re-import it). */
export function exportRow(
  unit: Enterprise,
  names: { town(id: string): string; grid(id: string): string; hostCode(id: string): string },
): Record<string, string> {
  const row: Record<string, string> = {
    name: unit.name,
    creditCode: unit.creditCode,
    address: unit.address,
    town: names.town(unit.townId),
    grid: unit.gridId ? names.grid(unit.gridId) : "",
    industry: unit.industry.code,
    sizeClass: sizeClassNames[unit.sizeClass],
    productionStatus: productionStatusNames[unit.productionStatus],
    keyRisks: unit.keyRisks.join("、"),
    riskLevel: unit.riskLevel ? riskLevelNames[unit.riskLevel] : "",
    venueType: unit.venueType ? venueTypeNames[unit.venueType] : "",
    moveInDate: unit.moveInDate ?? "",
    moveOutDate: unit.moveOutDate ?? "",
    hostCreditCode: unit.hostId ? names.hostCode(unit.hostId) : "",
  };
  for (const role of personRoles) {
    const person = unit.persons[role];
    row[role] = person?.name ?? "";
    row[`${role}.phone`] = person?.phone ?? "";
  }
  return row;
}
