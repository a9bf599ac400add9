// Turns zod issues into field problems with Chinese and English messages, so every validation error —
// from the HTTP layer's schemas or from a use case — has the same shape: which field, and why.
import type { z } from "zod";
import { errors, type FieldProblem } from "#core/kernel/errors";

function describeExpected(expected: string): { zh: string; en: string } {
  const names: Record<string, string> = {
    string: "字符串",
    number: "数字",
    int: "整数",
    boolean: "布尔值",
    object: "对象",
    array: "数组",
    null: "空值",
  };
  return { zh: names[expected] ?? expected, en: expected };
}

export function issueToProblem(issue: z.core.$ZodIssue): FieldProblem {
  const path = issue.path.map(String).join(".");
  switch (issue.code) {
    case "invalid_type": {
      // zod leaves `input` out of issues unless asked; its default (English) message names what it got.
      const missing = issue.input === undefined && /received undefined$/.test(issue.message);
      const want = describeExpected(issue.expected);
      return missing
        ? { path, code: "required", message: { zh: "必填字段缺失", en: "Required field is missing" } }
        : { path, code: "invalid_type", message: { zh: `类型错误，应为${want.zh}`, en: `Wrong type, expected ${want.en}` } };
    }
    case "too_small":
      return {
        path,
        code: "too_small",
        message:
          issue.origin === "string"
            ? { zh: `长度不能少于 ${issue.minimum} 个字符`, en: `Must be at least ${issue.minimum} characters` }
            : issue.origin === "array"
              ? { zh: `至少需要 ${issue.minimum} 项`, en: `Needs at least ${issue.minimum} items` }
              : { zh: `不能小于 ${issue.minimum}`, en: `Must be at least ${issue.minimum}` },
      };
    case "too_big":
      return {
        path,
        code: "too_big",
        message:
          issue.origin === "string"
            ? { zh: `长度不能超过 ${issue.maximum} 个字符`, en: `Must be at most ${issue.maximum} characters` }
            : issue.origin === "array"
              ? { zh: `最多 ${issue.maximum} 项`, en: `At most ${issue.maximum} items` }
              : { zh: `不能大于 ${issue.maximum}`, en: `Must be at most ${issue.maximum}` },
      };
    case "invalid_format":
      return {
        path,
        code: "invalid_format",
        message:
          issue.format === "email"
            ? { zh: "邮箱地址格式不正确", en: "Not a valid e-mail address" }
            : { zh: `格式不正确（${issue.format}）`, en: `Invalid format (${issue.format})` },
      };
    case "invalid_value":
      return {
        path,
        code: "invalid_value",
        message: {
          zh: `取值无效，可选值：${issue.values.map(String).join("、")}`,
          en: `Invalid value; allowed: ${issue.values.map(String).join(", ")}`,
        },
      };
    case "unrecognized_keys":
      return {
        path: [path, issue.keys[0]].filter(Boolean).join("."),
        code: "unknown_field",
        message: { zh: `不支持的字段：${issue.keys.join("、")}`, en: `Unknown field(s): ${issue.keys.join(", ")}` },
      };
    case "custom": {
      const params = (issue.params ?? {}) as { code?: string; zh?: string; en?: string };
      return {
        path,
        code: params.code ?? "invalid",
        message: { zh: params.zh ?? issue.message, en: params.en ?? issue.message },
      };
    }
    default:
      return { path, code: issue.code, message: { zh: `取值无效：${issue.message}`, en: issue.message } };
  }
}

/** Parses with `schema`, or throws a validation error listing every problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw errors.validation(result.error.issues.map(issueToProblem));
  return result.data;
}

/** A custom zod issue carrying its own bilingual message (see `issueToProblem`). */
export function bilingual(code: string, zh: string, en: string) {
  return { message: en, params: { code, zh, en } };
}
