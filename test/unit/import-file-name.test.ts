// An import's file name: .xlsx or .csv in any case — spelled out in the pattern, since a regex flag does not survive
// into the OpenAPI document's `pattern`, which clients validate against.
import { describe, expect, it } from "vitest";
import { StartImportSchema } from "#core/imports/import";

describe("an import's file name", () => {
  it("is .xlsx or .csv in any case, and nothing else", () => {
    for (const fileName of ["台账.xlsx", "台账.XLSX", "a.Csv", "b.csv"])
      expect(StartImportSchema.safeParse({ fileName }).success, fileName).toBe(true);
    for (const fileName of ["台账.xls", "a.csv.txt", "xlsx", "a.xlsxx"])
      expect(StartImportSchema.safeParse({ fileName }).success, fileName).toBe(false);
  });
});
