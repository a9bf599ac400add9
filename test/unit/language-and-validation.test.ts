// Error messages come in the caller's language, with one problem per field; integer parameters take plain digits only.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { preferredLanguage } from "#api/i18n";
import { integerParam } from "#api/openapi";
import { issueToProblem, parseOrThrow } from "#core/kernel/validation";
import { CreateTenantSchema } from "#core/tenancy/tenant";

describe("Accept-Language", () => {
  it("prefers English only when the caller ranks it above Chinese", () => {
    expect(preferredLanguage(undefined)).toBe("zh");
    expect(preferredLanguage("en")).toBe("en");
    expect(preferredLanguage("en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(preferredLanguage("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh");
    expect(preferredLanguage("fr-FR, en;q=0.5")).toBe("en");
    expect(preferredLanguage("en;q=0.1, zh;q=0.9")).toBe("zh");
    expect(preferredLanguage("de")).toBe("zh");
    expect(preferredLanguage("en;q=0")).toBe("zh");
  });
});

describe("validation problems", () => {
  it("names every bad field with a code and both languages", () => {
    try {
      parseOrThrow(CreateTenantSchema, { id: "99", level: "town", surprise: 1 });
      expect.unreachable();
    } catch (error) {
      const problems = (error as { problems: { path: string; code: string; message: { zh: string; en: string } }[] }).problems;
      const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
      expect(byPath.id?.code).toBe("invalid_division_code");
      expect(byPath.name?.code).toBe("required");
      expect(byPath.name?.message).toEqual({ zh: "必填字段缺失", en: "Required field is missing" });
      expect(byPath.level?.code).toBe("invalid_value");
      expect(byPath.surprise?.code).toBe("unknown_field");
    }
  });

  it("tells a wrong type from a missing field", () => {
    const schema = z.strictObject({ n: z.number() });
    expect(() => parseOrThrow(schema, { n: "1" })).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ path: "n", code: "invalid_type" })] }),
    );
    expect(() => parseOrThrow(schema, {})).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ path: "n", code: "required" })] }),
    );
  });
});

describe("integer parameters", () => {
  const limit = integerParam({ min: 1, max: 100 });
  const offset = integerParam({ min: -50, max: 50 });
  const codes = (schema: z.ZodType, text: string) =>
    (schema.safeParse(text).error?.issues ?? []).map((issue) => issueToProblem(issue).code);

  it("take plain decimal digits, whatever z.coerce.number() would have made of other text", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.nat(3), (n, zeros) => {
        expect(limit.parse(`${"0".repeat(zeros)}${n}`)).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), (text) => {
        fc.pre(!/^\d+$/.test(text));
        expect(codes(limit, text)).toEqual(["not_an_integer"]);
      }),
    );
    for (const text of ["0x10", "1e2", " 5", "5 ", "+5", "5.0", "0b11", "0o7", "１０", "٥", "Infinity", "-0", ""]) {
      expect(codes(limit, text), JSON.stringify(text)).toEqual(["not_an_integer"]);
    }
  });

  it("check the range after the digits, and allow a minus only where negatives are in range", () => {
    expect(codes(limit, "0")).toEqual(["too_small"]);
    expect(codes(limit, "101")).toEqual(["too_big"]);
    expect(codes(limit, "1234567890123456")).toEqual(["not_an_integer"]);
    expect(offset.parse("-50")).toBe(-50);
    expect(codes(offset, "--5")).toEqual(["not_an_integer"]);
    expect(codes(offset, "-51")).toEqual(["too_small"]);
  });
});
