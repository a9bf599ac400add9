// The character rule (core/text.ts) against its purposes — what it lets through can be encoded as UTF-8 (DynamoDB)
// and is legal XML 1.0 (.xlsx, .docx) — and against an independent reading of which code points it names; the
// JSON walk that applies it to bodies (paths, reserved keys, NFC, depth); single-line fields; imported cells.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RubricDefinitionSchema } from "#core/assessments/rubric";
import { type PlaceLookup, parseImportRow } from "#core/imports/enterprise-import";
import {
  asSingleLine,
  characterProblem,
  cleanJson,
  forbiddenCharacter,
  maxJsonDepth,
  normalizeText,
  reservedKeys,
  singleLine,
} from "#core/kernel/text";
import { parseOrThrow } from "#core/kernel/validation";
import { creditCode } from "#test/support/register";

/** Code points one by one, a lone surrogate as itself (what `for…of` does). */
const codePoints = (text: string) => [...text].map((c) => c.codePointAt(0) ?? 0);

/** The rule read from the Unicode and XML definitions, code point by code point. */
function refusedCodePoint(cp: number): boolean {
  const control = (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp <= 0x9f);
  const surrogate = cp >= 0xd800 && cp <= 0xdfff; // `for…of` yields a pair as one code point, so only lone ones get here
  const nonCharacter = (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
  return control || surrogate || nonCharacter;
}

const xml10Text = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const utf8RoundTrips = (text: string) => new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(text)) === text;

const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u));
/** Any text: every code point, lone surrogates and controls included, mixed with Chinese and line breaks. */
const anyText = fc
  .array(fc.oneof(anyCodePoint, loneSurrogate, fc.constantFrom("\t", "\n", "\r", "\u0000", "\u0085", "\uffff", "安全", "é", "e\u0301")), {
    maxLength: 20,
  })
  .map((parts) => parts.join(""));
const refusedCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).filter((cp) => cp !== 9 && cp !== 10 && cp !== 13),
  fc.integer({ min: 0x7f, max: 0x9f }),
  fc.integer({ min: 0xfdd0, max: 0xfdef }),
  fc.integer({ min: 0, max: 16 }).chain((plane) => fc.constantFrom(plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff)),
);
const allowedText = anyText.map((text) => [...text].filter((c) => !refusedCodePoint(c.codePointAt(0) ?? 0)).join(""));

describe("the character rule", () => {
  it("names the first code point the Unicode and XML definitions refuse, and only those", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const points = codePoints(text);
        const first = points.findIndex(refusedCodePoint);
        const found = forbiddenCharacter(text);
        if (first < 0) expect(found).toBeUndefined();
        else expect(found).toEqual({ position: first + 1, codePoint: points[first] });
      }),
      { numRuns: 2000 },
    );
  });

  it("lets through only text that UTF-8 can encode (DynamoDB) and XML 1.0 can hold (.xlsx, .docx)", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        if (forbiddenCharacter(text) !== undefined) return;
        expect(utf8RoundTrips(text)).toBe(true);
        expect(xml10Text.test(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("finds a refused character wherever it sits, and a lone surrogate but never a pair", () => {
    fc.assert(
      fc.property(
        allowedText,
        fc.oneof(
          refusedCharacter.map((cp) => String.fromCodePoint(cp)),
          loneSurrogate,
        ),
        allowedText,
        (a, bad, b) => {
          // A lone surrogate next to another can pair with it: only the refused code point's own position is certain.
          const text = `${a}${bad}${b}`;
          const found = forbiddenCharacter(text);
          expect(found).toBeDefined();
          if (bad.length === 1 && bad >= "\ud800" && bad <= "\udfff") return;
          expect(found).toEqual({ position: [...a].length + 1, codePoint: bad.codePointAt(0) });
        },
      ),
    );
    expect(forbiddenCharacter("安全\ud83d\ude00生产")).toBeUndefined();
    expect(forbiddenCharacter("安全\ude00\ud83d生产")).toEqual({ position: 3, codePoint: 0xde00 });
    expect(forbiddenCharacter("一行\t二行\r\n三行")).toBeUndefined();
  });

  it("says where and which character, in both languages", () => {
    expect(characterProblem("name", "柳泉\u0000镇")).toEqual({
      path: "name",
      code: "invalid_characters",
      message: { zh: expect.stringContaining("第 3 个字符（U+0000）"), en: expect.stringContaining("Character 3 (U+0000)") },
    });
    expect(characterProblem("name", "柳泉镇")).toBeUndefined();
  });
});

describe("JSON bodies", () => {
  const cleanString = allowedText;
  const cleanKey = allowedText.filter((key) => !reservedKeys.has(key) && !key.includes("."));
  const cleanValue = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      cleanString,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(cleanKey, tie("value"), { maxKeys: 4 }),
    ),
  })).value;

  it("keeps clean values as they are, except that every string comes out in NFC", () => {
    fc.assert(
      fc.property(cleanValue, (value) => {
        const result = cleanJson(value);
        expect(result.problems).toEqual([]);
        const nfc = JSON.parse(JSON.stringify(value), (_key, v) => (typeof v === "string" ? v.normalize("NFC") : v));
        expect(result.value).toEqual(nfc);
        expect(result.changed).toBe(JSON.stringify(value) !== JSON.stringify(nfc));
        if (!result.changed) expect(result.value).toBe(value);
      }),
    );
  });

  it("names the path of a refused string, key or reserved key anywhere in a body", () => {
    fc.assert(
      fc.property(cleanKey, fc.nat(3), refusedCharacter, fc.constantFrom(...reservedKeys), (key, index, cp, reserved) => {
        const items: unknown[] = Array.from({ length: index }, (_, i) => `item ${i}`);
        const badString = { [key]: [...items, `x${String.fromCodePoint(cp)}y`] };
        expect(cleanJson(badString).problems.map((p) => `${p.path}:${p.code}`)).toEqual([`${key}.${index}:invalid_characters`]);
        const badKey = JSON.parse(
          `{${JSON.stringify(key)}:[${items.map((i) => JSON.stringify(i)).join(",")}${index ? "," : ""}{${JSON.stringify(reserved)}:1}]}`,
        );
        expect(cleanJson(badKey).problems.map((p) => `${p.path}:${p.code}`)).toEqual([`${key}.${index}.${reserved}:reserved_key`]);
      }),
    );
    // The key itself breaks the rule: it shows as its code point, never as the raw character.
    expect(cleanJson(JSON.parse('{"a\\u0000b":1}')).problems.map((p) => `${p.path}:${p.code}`)).toEqual(["aU+0000b:invalid_characters"]);
  });

  it("sees __proto__ as JSON.parse makes it (an own key), which a record schema would assign to the prototype", () => {
    const body = JSON.parse('{"answers":{"__proto__":{"input":{"met":true}}}}');
    expect(cleanJson(body).problems.map((p) => p.path)).toEqual(["answers.__proto__"]);
    for (const key of ["constructor", "prototype", "toString", "hasOwnProperty", "valueOf"]) {
      expect(cleanJson({ answers: { [key]: null } }).problems.map((p) => `${p.path}:${p.code}`)).toEqual([`answers.${key}:reserved_key`]);
    }
  });

  it("refuses nesting past the limit with the path where it stopped, and accepts it up to the limit", () => {
    const nested = (depth: number): unknown => (depth === 0 ? "leaf" : [nested(depth - 1)]);
    expect(cleanJson(nested(maxJsonDepth)).problems).toEqual([]);
    const deep = cleanJson(nested(maxJsonDepth + 1));
    expect(deep.problems.map((p) => `${p.path}:${p.code}`)).toEqual([`${Array(maxJsonDepth).fill("0").join(".")}:too_deep`]);
    let tower: unknown = 1;
    for (let i = 0; i < 100_000; i++) tower = { a: tower };
    expect(cleanJson(tower).problems).toHaveLength(1);
  });

  it("stops collecting problems after a few, so a body full of bad strings gets a short answer", () => {
    const result = cleanJson(Array.from({ length: 1000 }, () => "\u0000"));
    expect(result.problems).toHaveLength(20);
  });
});

describe("single-line fields", () => {
  const schema = singleLine(200, 0);

  it("trims and normalises to NFC, refusing a line break or tab inside", () => {
    fc.assert(
      fc.property(allowedText, fc.constantFrom("\n", "\r", "\t", "\r\n", "\u2028", "\u2029"), allowedText, (a, lineBreak, b) => {
        const head = a.replace(/[\t\n\r\u2028\u2029]/g, "");
        const tail = b.replace(/[\t\n\r\u2028\u2029]/g, "");
        fc.pre(head.trim() !== "" && tail.trim() !== "" && [...`${head}${tail}`].length < 190);
        expect(schema.parse(`  ${head}${tail}  `)).toBe(normalizeText(`${head}${tail}`.trim()));
        expect(() => parseOrThrow(schema, `${head.trim()}${lineBreak}${tail.trim()}`)).toThrow(
          expect.objectContaining({ problems: [expect.objectContaining({ path: "", code: "line_break" })] }),
        );
      }),
    );
  });
});

describe("multi-line text put into a single-line field", () => {
  it("becomes one line the single-line schema accepts", () => {
    fc.assert(
      fc.property(allowedText, (text) => {
        const line = asSingleLine(text);
        fc.pre([...line].length <= 200);
        expect(singleLine(200, 0).safeParse(line).success).toBe(true);
      }),
    );
    expect(asSingleLine("一、安全生产\n责任制\r\n（10分）")).toBe("一、安全生产 责任制 （10分）");
  });
});

describe("rubric ids become record keys", () => {
  it("may not be a property every object inherits", () => {
    const definition = (criterionId: string) => ({
      title: { zh: "细则" },
      kind: "checklist",
      target: "enterprise",
      sections: [
        {
          id: "s1",
          title: { zh: "一" },
          items: [{ id: "i1", title: { zh: "1" }, criteria: [{ id: criterionId, title: { zh: "c" }, rule: { type: "pass-fail" } }] }],
        },
      ],
    });
    expect(RubricDefinitionSchema.safeParse(definition("1.1")).success).toBe(true);
    for (const id of ["constructor", "toString", "valueOf", "hasOwnProperty", "prototype"]) {
      expect(() => parseOrThrow(RubricDefinitionSchema, definition(id)), id).toThrow(
        expect.objectContaining({
          problems: [expect.objectContaining({ path: "sections.0.items.0.criteria.0.id", code: "reserved_key" })],
        }),
      );
    }
  });
});

describe("imported cells", () => {
  const places: PlaceLookup = {
    townByName: (name) => (name === "柳泉镇" ? "01jtown0000000000000000000" : undefined),
    gridByName: () => undefined,
    townById: () => false,
    gridById: () => false,
  };
  const cells = (overrides: Record<string, string> = {}) => ({
    name: "徐州某某机械有限公司",
    creditCode: creditCode(1),
    address: "柳泉镇工业园8号",
    town: "柳泉镇",
    industry: "3311",
    sizeClass: "小微",
    productionStatus: "正常生产",
    firstResponsible: "张伟",
    "firstResponsible.phone": "13912345678",
    ...overrides,
  });

  it("obey the character rule: a bad cell is its column's one problem", () => {
    expect(parseImportRow(cells(), places).problems).toEqual([]);
    const bad = parseImportRow(
      cells({ name: "徐州\u0001机械", "firstResponsible.phone": "139\u00001234567", town: "柳泉\u0085镇" }),
      places,
    );
    expect(bad.row).toBeUndefined();
    expect(bad.problems.map((p) => `${p.path}:${p.code}`).sort()).toEqual([
      "firstResponsible.phone:invalid_characters",
      "name:invalid_characters",
      "town:invalid_characters",
    ]);
  });

  it("are kept in NFC, and single-line columns take no line break", () => {
    expect(parseImportRow(cells({ name: "Cafe\u0301机械" }), places).row?.input.name).toBe("Caf\u00e9机械");
    expect(parseImportRow(cells({ address: "柳泉镇\n工业园8号" }), places).problems.map((p) => `${p.path}:${p.code}`)).toEqual([
      "address:line_break",
    ]);
  });
});
