// Division codes (GB/T 2260) decide tenant ids, levels and which city may parent a district.
import { describe, expect, it } from "vitest";
import { childPrefix, isCityCode, isDivisionCode } from "#core/kernel/division-code";

describe("division codes", () => {
  it("accepts real codes and refuses malformed or unknown-province ones", () => {
    for (const code of ["320312", "320300", "350581", "110000", "110101", "820000"]) expect(isDivisionCode(code)).toBe(true);
    for (const code of ["32031", "3203120", "990000", "000000", "32031a", " 320312", "１２３４５６"])
      expect(isDivisionCode(code)).toBe(false);
  });

  it("tells cities from districts and finds the prefix a city's districts share", () => {
    expect(isCityCode("320300")).toBe(true);
    expect(isCityCode("320312")).toBe(false);
    expect(childPrefix("320300")).toBe("3203");
    expect(childPrefix("110000")).toBe("11");
  });
});
