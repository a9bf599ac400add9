// Error messages come in the caller's language, with one problem per field.

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { preferredLanguage } from "#api/i18n";
import { CreateTenantSchema } from "#core/tenant";
import { parseOrThrow } from "#core/validation";

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
