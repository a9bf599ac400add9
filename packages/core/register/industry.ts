// Industry classification (行业类别, GB/T 4754-2017) of the enterprise register: look-ups by code and by name,
// and the schema that admits only codes the standard has. The table itself is in #core/register/industry-codes.
import { z } from "zod";
import { bilingual } from "#core/kernel/validation";
import { industrySections, industryTable } from "#core/register/industry-codes";

export interface Industry {
  code: string;
  name: string;
  section: string;
  sectionName: string;
  divisionCode: string;
  divisionName: string;
}

type Division = { code: string; name: string; section: string; sectionName: string };

// Officials type brackets and digits half-width as often as full-width (皮箱、包(袋)制造), so names match folded.
const foldName = (name: string) => name.trim().normalize("NFKC");

interface Tables {
  readonly byCode: Map<string, Industry>;
  readonly byName: Map<string, Industry>;
  readonly divisionList: Division[];
}
let built: Tables | undefined;

/** The look-up tables, built from the text table on first use (not at every cold start). */
function tables(): Tables {
  built ??= buildTables();
  return built;
}

function buildTables(): Tables {
  const byCode = new Map<string, Industry>();
  const byName = new Map<string, Industry>();
  const divisionList: Division[] = [];
  for (const line of industryTable.trim().split("\n")) {
    const space = line.indexOf(" ");
    const code = line.slice(0, space);
    const name = line.slice(space + 1);
    const divisionCode = code.slice(0, 2);
    const section = industrySections.find((s) => s.from <= divisionCode && divisionCode <= s.to);
    const divisionName = code.length === 2 ? name : byCode.get(divisionCode)?.name;
    if (!section || divisionName === undefined) throw new Error(`GB/T 4754 table: no section or division for ${code}`);
    const industry = { code, name, section: section.letter, sectionName: section.name, divisionCode, divisionName };
    byCode.set(code, industry);
    // A name shared by a division, its group and its class (其他采矿业 12/120/1200) means the most specific.
    const key = foldName(name);
    const seen = byName.get(key);
    if (!seen || seen.code.length < code.length) byName.set(key, industry);
    if (code.length === 2) divisionList.push({ code, name, section: section.letter, sectionName: section.name });
  }
  return { byCode, byName, divisionList };
}

/** A division (2 digits), group (3) or class (4) of the table, with its section and division; else undefined. */
export function industryByCode(code: string): Industry | undefined {
  const found = tables().byCode.get(code);
  return found && { ...found };
}

/** The entry whose Chinese name is exactly `name` (ignoring surrounding spaces and character width). */
export function industryByName(name: string): Industry | undefined {
  const found = tables().byName.get(foldName(name));
  return found && { ...found };
}

/** The 97 divisions (大类) in code order, each with its section (门类). */
export function divisions(): Array<{ code: string; name: string; section: string; sectionName: string }> {
  return tables().divisionList.map((d) => ({ ...d }));
}

export const IndustryCodeSchema = z
  .string()
  .trim()
  .refine((code) => tables().byCode.has(code), {
    ...bilingual("unknown_industry_code", "行业代码不存在（GB/T 4754-2017）", "Unknown industry code (GB/T 4754-2017)"),
  })
  .meta({ description: "GB/T 4754-2017 code (行业类别): 2-digit division, 3-digit group or 4-digit class", example: "3311" });
