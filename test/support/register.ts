// Register fixtures for tests and benchmarks: valid credit codes on demand, towns and grids through the API,
// and an enterprise body that passes validation unless a test changes it.
import { usccCheckCharacter } from "#core/register/uscc";
import type { Harness } from "#test/support/harness";

const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** A valid unified social credit code for `n` (distinct n → distinct codes), in division `division`. */
export function creditCode(n: number, division = "320312"): string {
  let body = "";
  for (let rest = n, i = 0; i < 9; i++, rest = Math.floor(rest / 31)) body = alphabet.charAt(rest % 31) + body;
  const first17 = `91${division}${body}`;
  return first17 + usccCheckCharacter(first17);
}

export interface Place {
  townId: string;
  gridId: string;
}

/** Creates a town with one level-1 grid through the API and returns their ids. */
export async function addPlace(h: Harness, token: string, townName: string, gridName = `${townName}一网格`): Promise<Place> {
  const town = await h.request("POST", "/v1/towns", { token, body: { name: townName, kind: "town" } });
  if (town.status !== 201) throw new Error(`town: ${town.status} ${JSON.stringify(town.body)}`);
  const grid = await h.request("POST", "/v1/grids", { token, body: { townId: town.body.id, name: gridName, level: 1 } });
  if (grid.status !== 201) throw new Error(`grid: ${grid.status} ${JSON.stringify(grid.body)}`);
  return { townId: town.body.id, gridId: grid.body.id };
}

export function enterpriseBody(n: number, place: Place, overrides: Record<string, unknown> = {}) {
  return {
    name: `徐州测试${String(n).padStart(5, "0")}机械有限公司`,
    creditCode: creditCode(n),
    address: `贾汪区测试路${n}号`,
    townId: place.townId,
    gridId: place.gridId,
    industryCode: "3311",
    sizeClass: "small-micro",
    productionStatus: "producing",
    keyRisks: ["有限空间"],
    riskLevel: "yellow",
    persons: { firstResponsible: { name: "张三", phone: "13912345678", title: "总经理" } },
    ...overrides,
  };
}
