// Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters from a 31-symbol alphabet
// (digits and capitals without I, O, S, V, Z); the 18th is a check character over the first 17, modulo 31.
import { z } from "zod";
import { bilingual } from "#core/kernel/validation";

const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const shape = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character the first 17 characters call for. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(first17.charAt(i)) * (weights[i] as number);
  return alphabet.charAt((31 - (sum % 31)) % 31);
}

/** Trims, folds full-width characters and lower case, drops inner spaces: what people paste from PDFs and Excel. */
export function normalizeUscc(input: string): string {
  return input.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

export function isUscc(code: string): boolean {
  return shape.test(code) && usccCheckCharacter(code.slice(0, 17)) === code.charAt(17);
}

export const UsccSchema = z
  .string()
  .transform(normalizeUscc)
  .refine((code) => code.length === 18, {
    ...bilingual("invalid_credit_code_length", "统一社会信用代码应为 18 位", "A unified social credit code has 18 characters"),
  })
  .refine((code) => code.length !== 18 || shape.test(code), {
    ...bilingual(
      "invalid_credit_code_characters",
      "统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z，第 3–8 位为行政区划代码）",
      "Credit code has characters GB 32100 does not allow (no I, O, S, V, Z; positions 3–8 are a division code)",
    ),
  })
  .refine((code) => !shape.test(code) || isUscc(code), {
    ...bilingual(
      "invalid_credit_code_check",
      "统一社会信用代码校验位不正确，请核对",
      "Credit code check character (GB 32100-2015) does not match; check for a typo",
    ),
  })
  .meta({ description: "统一社会信用代码 (GB 32100-2015, check character verified)", example: "91350100M000100Y43" });
