// Credit codes (GB 32100-2015 check character) and phone numbers decide what the register accepts; a wrong
// acceptance here is a unit nobody can find again, a wrong refusal blocks an official's import.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskPhone, normalizePhone, PhoneSchema } from "#core/kernel/phone";
import { issueToProblem } from "#core/kernel/validation";
import { isUscc, normalizeUscc, UsccSchema, usccCheckCharacter } from "#core/register/uscc";

const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

describe("unified social credit codes", () => {
  it("accepts the standard's own example and real-shaped codes, normalising what people paste", () => {
    expect(isUscc("91350100M000100Y43")).toBe(true);
    expect(UsccSchema.parse(" 91350100m000100y43 ")).toBe("91350100M000100Y43");
    expect(UsccSchema.parse("９１３５０１００Ｍ０００１００Ｙ４３")).toBe("91350100M000100Y43");
    expect(normalizeUscc("9135 0100 M000 100Y 43")).toBe("91350100M000100Y43");
  });

  it("refuses a wrong check character, forbidden letters and wrong lengths, each with its own code", () => {
    const codeOf = (input: string) => {
      const r = UsccSchema.safeParse(input);
      const issue = r.error?.issues[0];
      return issue ? issueToProblem(issue).code : "ok";
    };
    expect(codeOf("91350100M000100Y44")).toBe("invalid_credit_code_check");
    expect(codeOf("91350100M000100O43")).toBe("invalid_credit_code_characters");
    expect(codeOf("913501X0M000100Y43")).toBe("invalid_credit_code_characters");
    expect(codeOf("91350100M000100Y4")).toBe("invalid_credit_code_length");
  });

  it("detects every single-character substitution (property)", () => {
    const code17 = fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...alphabet), minLength: 2, maxLength: 2 }),
        fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 6, maxLength: 6 }),
        fc.string({ unit: fc.constantFrom(...alphabet), minLength: 9, maxLength: 9 }),
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(code17, fc.nat(16), fc.constantFrom(...alphabet), (first17, at, replacement) => {
        const valid = first17 + usccCheckCharacter(first17);
        expect(isUscc(valid)).toBe(true);
        const changed = valid.slice(0, at) + replacement + valid.slice(at + 1);
        // 31 is prime and no weight is a multiple of it, so any one changed character breaks the check.
        expect(isUscc(changed)).toBe(changed === valid);
      }),
    );
  });
});

describe("phone numbers", () => {
  it("normalises mobiles and landlines written the ways officials write them", () => {
    const cases: Array<[string, string]> = [
      ["13912345678", "13912345678"],
      ["139 1234 5678", "13912345678"],
      ["+86 139-1234-5678", "13912345678"],
      ["8613912345678".replace(/^86/, "+86"), "13912345678"],
      ["0516-87654321", "0516-87654321"],
      ["(0516)87654321", "0516-87654321"],
      ["（0516）8765-4321", "0516-87654321"],
      ["051687654321", "0516-87654321"],
      ["010-62345678", "010-62345678"],
      ["02587654321", "025-87654321"],
      ["0516-8765432", "0516-8765432"],
      ["010-62345678-123", "010-62345678-123"],
      ["010 62345678 转 8001", "010-62345678-8001"],
      ["１３９１２３４５６７８", "13912345678"],
    ];
    for (const [input, expected] of cases) expect(normalizePhone(input), input).toBe(expected);
  });

  it("reads a number back as itself once normalised: a seven-digit landline with a one-digit extension stays one", () => {
    // Before, 0516-8765432-1 (what 0516-8765432 转 1 is stored as) read back as 0516-87654321: export, re-import and
    // the phone had changed.
    for (const stored of ["0516-8765432-1", "010-2345678-1", "0595-2345678-12", "0516-87654321-1", "025-8765432-1"]) {
      expect(normalizePhone(stored), stored).toBe(stored);
    }
    expect(normalizePhone("0516-8765432 转 1")).toBe("0516-8765432-1");
    expect(normalizePhone("0516 8765 4321")).toBe("0516-87654321");
  });

  it("refuses what is neither", () => {
    for (const input of ["12345678901", "1391234567", "139123456789", "87654321", "0516-0765432", "abc", "", "12350", "139-1234-5678 转 1"])
      expect(normalizePhone(input), input).toBeUndefined();
    const r = PhoneSchema.safeParse("87654321");
    expect(r.success).toBe(false);
    expect(issueToProblem(r.error?.issues[0] as never).code).toBe("invalid_phone");
  });

  it("masks the middle digits for public pages", () => {
    expect(maskPhone("13912345678")).toBe("139****5678");
    expect(maskPhone("0516-87654321")).toBe("0516-****4321");
    expect(maskPhone("010-62345678-123")).toBe("010-****5678-123");
  });
});
