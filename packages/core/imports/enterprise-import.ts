// An official's Excel/CSV row as a unit of the register: how its cells (names of towns, grids, size classes… as
// people type them) become the fields a unit is created or updated with, checked like any other input, and which
// column a field's problem is reported under. The columns themselves are the register's (register/register-sheet.ts).

import type { FieldProblem } from "#core/kernel/errors";
import { normalizeText, textProblems } from "#core/kernel/text";
import { issueToProblem } from "#core/kernel/validation";
import {
  type CreateEnterpriseInput,
  CreateEnterpriseSchema,
  personRoles,
  productionStatuses,
  productionStatusNames,
  riskLevelNames,
  riskLevels,
  sizeClasses,
  sizeClassNames,
  venueTypeNames,
  venueTypeSourceNames,
  venueTypes,
} from "#core/register/enterprise";
import { industryByCode, industryByName } from "#core/register/industry";
import { registerColumns } from "#core/register/register-sheet";
import { normalizeUscc } from "#core/register/uscc";

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
// The source's own names (小型医疗机构, 小美容洗浴…), whole and in parts (小型学校幼儿园, 校外培训机构), beside today's.
const venueOf = lookup(venueTypes, venueTypeNames, {
  ...Object.fromEntries(venueTypes.map((key) => [venueTypeSourceNames[key], key])),
  小型学校幼儿园: "school",
  小型学校: "school",
  校外培训机构: "school",
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
    // A placeholder only for a town already refused above by name; a blank cell is left out (required).
    townId: townId ?? (townText === "" ? undefined : "00000000000000000000000000"),
    gridId,
    industryCode: industry?.code ?? (industryText === "" ? undefined : "01"),
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
  if (registerColumns.some((c) => c.key === path)) return path;
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
