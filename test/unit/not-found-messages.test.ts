// A not-found answer names what was not found in the caller's language: every entity a use case can report
// missing has a Chinese and an English name (the type system holds use cases to the list; this pins the texts).
import { describe, expect, it } from "vitest";
import { entityNamesInUse, errors } from "#core/kernel/errors";

describe("not-found messages", () => {
  it.each(entityNamesInUse)("name %s in Chinese and in English", (entity) => {
    const error = errors.notFound(entity, "01jaaaaaaaaaaaaaaaaaaaaaaa");
    // Chinese: 未找到 + the Chinese name (no Latin letters but the fixed term "API"), then the id.
    expect(error.text.zh).toMatch(/^未找到(API )?[\u4e00-\u9fff（）]+：01jaaaaaaaaaaaaaaaaaaaaaaa$/);
    expect(error.text.en).toMatch(/^[A-Z][A-Za-z ]+ not found: 01jaaaaaaaaaaaaaaaaaaaaaaa$/);
    expect(error).toMatchObject({ kind: "not_found", code: "not_found", details: { entity, id: "01jaaaaaaaaaaaaaaaaaaaaaaa" } });
  });

  it("a hazard not found reads 未找到隐患 (it read 未找到hazard before)", () => {
    expect(errors.notFound("hazard", "h1").text).toEqual({ zh: "未找到隐患：h1", en: "Hazard not found: h1" });
  });
});
