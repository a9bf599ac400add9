// A campaign's key item catalogue imported from a spreadsheet (Yangzhou: 16 industries, 113 items, kept by the
// tenant in a table): one item per row — its number (编号, optional: K001… in row order when left out), its industry
// (行业领域, a name; the industries are the names the rows give, in order of first use) and the item (重点事项). Every
// row's problem is named with its row number; a file with any problem changes nothing.
import type { Catalogue } from "#core/campaigns/campaign";
import { type FieldProblem, problem } from "#core/kernel/errors";

/** The columns the file may carry, by Chinese and English names. */
export const catalogueColumns = [
  { key: "id", headers: ["编号", "序号", "事项编号", "id", "number"] },
  { key: "industry", headers: ["行业领域", "行业", "重点行业", "industry"] },
  { key: "title", headers: ["重点事项", "检查事项", "事项", "内容", "item", "title"], required: true },
];

export interface CatalogueRow {
  readonly rowNumber: number;
  readonly values: Readonly<Record<string, string>>;
}

const code = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

export function catalogueFromRows(rows: readonly CatalogueRow[]): { catalogue: Catalogue; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const industries: { id: string; name: string }[] = [];
  const industryOf = new Map<string, string>();
  const items: Catalogue["items"] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const at = (field: string) => `rows.${row.rowNumber}.${field}`;
    const id = row.values.id?.trim() || `K${String(index + 1).padStart(3, "0")}`;
    const title = row.values.title?.trim() ?? "";
    const industryName = row.values.industry?.trim() ?? "";
    if (!code.test(id))
      problems.push(
        problem(
          at("id"),
          "invalid_code",
          `第 ${row.rowNumber} 行：编号「${id}」只能含字母、数字、.、-、_`,
          `Row ${row.rowNumber}: the number "${id}" may hold letters, digits, '.', '-' and '_' only`,
        ),
      );
    else if (seen.has(id))
      problems.push(
        problem(at("id"), "duplicate_id", `第 ${row.rowNumber} 行：编号 ${id} 重复`, `Row ${row.rowNumber}: number ${id} is used twice`),
      );
    seen.add(id);
    if (title === "" || title.length > 200)
      problems.push(
        problem(
          at("title"),
          title === "" ? "required" : "too_long",
          `第 ${row.rowNumber} 行：重点事项须填写（200 字以内）`,
          `Row ${row.rowNumber}: the item is required (up to 200 characters)`,
        ),
      );
    let industry: string | null = null;
    if (industryName !== "") {
      if (industryName.length > 50)
        problems.push(
          problem(
            at("industry"),
            "too_long",
            `第 ${row.rowNumber} 行：行业领域不超过 50 字`,
            `Row ${row.rowNumber}: the industry is up to 50 characters`,
          ),
        );
      industry = industryOf.get(industryName) ?? `I${String(industries.length + 1).padStart(2, "0")}`;
      if (!industryOf.has(industryName)) {
        industryOf.set(industryName, industry);
        industries.push({ id: industry, name: industryName });
      }
    }
    items.push({ id, industry, title });
  });
  if (rows.length === 0) problems.push(problem("rows", "empty_file", "文件中没有重点事项", "The file holds no items"));
  return { catalogue: { industries, items }, problems };
}
