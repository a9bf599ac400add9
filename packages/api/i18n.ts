// Chooses the language of error messages from Accept-Language: English when the caller prefers it,
// Chinese (zh-CN) otherwise — the users are Chinese officials; integrators can ask for English.
import type { LocalizedText } from "#core/kernel/errors";

export type Language = "zh" | "en";

export function preferredLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return "zh";
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh";
    if (tag.startsWith("en")) return "en";
  }
  return "zh";
}

export function localize(text: LocalizedText, language: Language): string {
  return text[language];
}
