// The register as a spreadsheet: which columns an official's Excel/CSV file may have (Chinese or English
// headers), how a row's cells become a unit (names of towns, grids, size classes… as people type them), and
// the column order of exports — chosen so an exported file imports back unchanged.

import type { FieldProblem } from "#core/kernel/errors";
import { normalizeText, textProblems } from "#core/kernel/text";
import { issueToProblem } from "#core/kernel/validation";
import {
  type CreateEnterpriseInput,
  CreateEnterpriseSchema,
  type Enterprise,
  personRoles,
  productionStatuses,
  productionStatusNames,
  riskLevelNames,
  riskLevels,
  sizeClasses,
  sizeClassNames,
  venueTypeNames,
  venueTypes,
} from "#core/register/enterprise";
import { industryByCode, industryByName } from "#core/register/industry";
import { normalizeUscc } from "#core/register/uscc";

export interface ImportColumn {
  readonly key: string;
  /** The header an export writes (Chinese), then the other headers an import accepts. */
  readonly headers: readonly string[];
  readonly required?: boolean;
}

const personColumns: ImportColumn[] = [
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

export const importColumns: readonly ImportColumn[] = [
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

/** The unit fields a file's columns feed (`town` feeds townId, `firstResponsible.phone` the person…). */
export function fieldsOf(columnKeys: Iterable<string>): Set<string> {
  const fields = new Set<string>();
  const byColumn: Record<string, string> = { town: "townId", grid: "gridId", industry: "industryCode", hostCreditCode: "hostId" };
  for (const key of columnKeys) {
    const role = /^(\w+?)(\.phone)?$/.exec(key)?.[1] ?? key;
    if ((personRoles as readonly string[]).includes(role)) fields.add(`persons.${role}`);
    else fields.add(byColumn[key] ?? key);
  }
  return fields;
}

/** What export writes: the first header of each column, in import order, so a file round-trips. */
export const exportHeaders: ReadonlyMap<string, string> = new Map(importColumns.map((c) => [c.key, c.headers[0] as string]));

const fold = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

function lookup<K extends string>(
  keys: readonly K[],
  names: Record<K, string>,
  extra: Record<string, K> = {},
): (text: string) => K | undefined {
  const table = new Map<string, K>();
  for (const key of keys) {
    table.set(fold(key), key);
    table.set(fold(names[key]), key);
  }
  for (const [alias, key] of Object.entries(extra)) table.set(fold(alias), key);
  return (text) => table.get(fold(text));
}

const sizeOf = lookup(sizeClasses, sizeClassNames, {
  规模以上: "above-scale",
  规上企业: "above-scale",
  中型: "medium",
  中等企业: "medium",
  小型: "small-micro",
  微型: "small-micro",
  小微企业: "small-micro",
});
const statusOf = lookup(productionStatuses, productionStatusNames, {
  生产: "producing",
  在产: "producing",
  正常: "producing",
  半停产: "partial",
  停业: "halted",
  在建: "preparing",
  关停: "closed",
  注销: "closed",
});
const riskOf = lookup(riskLevels, riskLevelNames, {
  红色: "red",
  橙色: "orange",
  黄色: "yellow",
  蓝色: "blue",
  重大风险: "red",
  较大风险: "orange",
  一般风险: "yellow",
  低风险: "blue",
});
const venueOf = lookup(venueTypes, venueTypeNames, {
  小学校: "school",
  幼儿园: "school",
  培训机构: "school",
  小医院: "clinic",
  诊所: "clinic",
  小餐饮: "eatery",
  小旅馆: "hostel",
  小歌舞娱乐场所: "entertainment",
  小网吧: "internet-cafe",
  小美容洗浴场所: "beauty-bath",
  小生产加工企业: "workshop",
  小作坊: "workshop",
});

/** The tenant's towns and grids by name, loaded once per import. */
export interface PlaceLookup {
  townByName(name: string): string | undefined;
  gridByName(townId: string, name: string): string | undefined;
  /** Accepts ids too, as an export writes names but a portal may send ids. */
  townById(id: string): boolean;
  gridById(townId: string, id: string): boolean;
}

export interface ImportRow {
  readonly input: CreateEnterpriseInput;
  /** The host's credit code (厂中厂), resolved to an id when the row is applied. */
  readonly hostCreditCode: string | null;
}

function problemAt(key: string, code: string, zh: string, en: string): FieldProblem {
  return { path: key, code, message: { zh, en } };
}

/**
 * A row's cells (by column key) as a unit to create or update, or the problems that stop it. The unit is
 * validated by the same schema as POST /v1/enterprises, so a row is accepted exactly when the API would be.
 */
export function parseImportRow(
  values: Readonly<Record<string, string>>,
  places: PlaceLookup,
): { row?: ImportRow; problems: FieldProblem[] } {
  // Cells obey the same character rule as API text (core/text.ts); a cell that breaks it is that column's one problem.
  const unreadable = textProblems(Object.entries(values));
  const v = (key: string) => normalizeText(values[key] ?? "").trim();
  const problems: FieldProblem[] = [];
  const choose = <K>(key: string, text: string, find: (t: string) => K | undefined, allowed: string): K | null => {
    if (text === "") return null;
    const found = find(text);
    if (found === undefined)
      problems.push(
        problemAt(key, "invalid_value", `「${text}」不是有效取值，可选：${allowed}`, `"${text}" is not a valid value; allowed: ${allowed}`),
      );
    return found ?? null;
  };

  const townText = v("town");
  const townId = places.townById(townText) ? townText : places.townByName(townText);
  if (townText !== "" && townId === undefined)
    problems.push(
      problemAt(
        "town",
        "unknown_town",
        `镇（街道）「${townText}」不存在，请先在系统中添加`,
        `Town "${townText}" does not exist; add it first`,
      ),
    );
  const gridText = v("grid");
  let gridId: string | null = null;
  if (gridText !== "" && townId !== undefined) {
    gridId = places.gridById(townId, gridText) ? gridText : (places.gridByName(townId, gridText) ?? null);
    if (gridId === null)
      problems.push(
        problemAt("grid", "unknown_grid", `网格「${gridText}」不在「${townText}」中`, `Grid "${gridText}" is not in "${townText}"`),
      );
  }

  const industryText = v("industry");
  const industry =
    industryText === "" ? undefined : (industryByCode(industryText.replace(/^([A-T])(?=\d)/, "")) ?? industryByName(industryText));
  if (industryText !== "" && industry === undefined) {
    problems.push(
      problemAt(
        "industry",
        "unknown_industry_code",
        `行业「${industryText}」不是 GB/T 4754-2017 的代码或名称`,
        `Industry "${industryText}" is not a GB/T 4754-2017 code or name`,
      ),
    );
  }

  const sizeClass = choose("sizeClass", v("sizeClass"), sizeOf, Object.values(sizeClassNames).join("、"));
  const productionStatus = choose("productionStatus", v("productionStatus"), statusOf, Object.values(productionStatusNames).join("、"));
  const riskLevel = choose("riskLevel", v("riskLevel"), riskOf, "红、橙、黄、蓝");
  const venueType = choose("venueType", v("venueType"), venueOf, Object.values(venueTypeNames).join("、"));

  const persons: Record<string, { name: string; phone: string } | null> = {};
  for (const role of personRoles) {
    const name = v(role);
    const phone = v(`${role}.phone`);
    if (name === "" && phone === "") persons[role] = null;
    else persons[role] = { name, phone };
  }
  if (persons.firstResponsible === null) persons.firstResponsible = { name: "", phone: "" };

  const hostText = v("hostCreditCode");
  const candidate = {
    name: v("name"),
    creditCode: v("creditCode"),
    address: v("address"),
    townId: townId ?? "00000000000000000000000000",
    gridId,
    industryCode: industry?.code ?? "01",
    sizeClass: sizeClass ?? (v("sizeClass") === "" ? undefined : "small-micro"),
    productionStatus: productionStatus ?? (v("productionStatus") === "" ? undefined : "producing"),
    keyRisks:
      v("keyRisks") === ""
        ? []
        : [
            ...new Set(
              v("keyRisks")
                .split(/[、,，;；/|]+/)
                .map((s) => s.trim())
                .filter(Boolean),
            ),
          ],
    riskLevel,
    venueType,
    moveInDate:
      v("moveInDate") === ""
        ? null
        : v("moveInDate")
            .replace(/[./年月]/g, "-")
            .replace(/日$/, ""),
    moveOutDate:
      v("moveOutDate") === ""
        ? null
        : v("moveOutDate")
            .replace(/[./年月]/g, "-")
            .replace(/日$/, ""),
    hostId: null,
    persons,
  };
  const parsed = CreateEnterpriseSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const p = issueToProblem(issue);
      problems.push({ ...p, path: columnOf(p.path) });
    }
  }
  if (hostText !== "" && normalizeUscc(hostText) === normalizeUscc(v("creditCode"))) {
    problems.push(problemAt("hostCreditCode", "host_cycle", "出租方不能是本单位", "The host cannot be the unit itself"));
  }
  if (unreadable.length > 0) {
    const columns = new Set(unreadable.map((p) => p.path));
    return { problems: dedupe([...unreadable, ...problems.filter((p) => !columns.has(p.path))]) };
  }
  if (problems.length > 0 || !parsed.success) return { problems: dedupe(problems) };
  return { row: { input: parsed.data, hostCreditCode: hostText === "" ? null : normalizeUscc(hostText) }, problems: [] };
}

/** Maps a unit field path (persons.firstResponsible.phone, gridId, hostId) back to the column it comes from. */
export function columnOf(path: string): string {
  if (importColumns.some((c) => c.key === path)) return path;
  const person = /^persons\.(\w+)\.(name|phone)$/.exec(path);
  if (person) return person[2] === "phone" ? `${person[1]}.phone` : (person[1] as string);
  if (path === "townId") return "town";
  if (path === "gridId") return "grid";
  if (path === "industryCode") return "industry";
  if (path === "hostId") return "hostCreditCode";
  return path.split(".")[0] ?? path;
}

function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\n${p.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

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
