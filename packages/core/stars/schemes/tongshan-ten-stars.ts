// 铜山区“亮星评级”: Tongshan shows each enterprise's rectification results as ten stars — 责任星, 法治星, 应急星
// "and others" — as labels in the Jiangsu industrial-enterprise risk-report system. The source names three of
// the ten and says nothing of what earns any of them: this template carries the three names and seven slots,
// all without rules; the tenant names every slot, says what each star attests and sets its rules before publishing.
import type { z } from "zod";
import type { StarSchemeDefinitionSchema } from "#core/stars/star-scheme";

const named = [
  { id: "responsibility", zh: "责任星", en: "Responsibility star", code: "TS-ZR" },
  { id: "rule-of-law", zh: "法治星", en: "Rule-of-law star", code: "TS-FZ" },
  { id: "emergency", zh: "应急星", en: "Emergency star", code: "TS-YJ" },
];

export const tongshanTenStarsScheme = {
  title: { zh: "企业履行安全生产主体责任“亮星评级”", en: "Star labels for enterprises meeting their work-safety duties" },
  source: "铜山区应急管理局：工业企业安全生产“7544”规范化建设, 江苏省工业企业风险报告系统“亮星评级”标签",
  notes: [
    {
      zh: "原文只写“将企业整改成效用责任星、法治星、应急星等十颗星展现”,未列出其余七颗星,也未规定任何星的评定条件、有效期或撤销情形。本模板保留三颗星的名称,其余七颗为待命名的空位;每颗星证明什么、依据哪些证据、有效期(此处暂填12个月)和撤销情形都由租户设定,全部设定后方可发布。",
      en: "The source says only that rectification results are shown as ten stars — 责任星, 法治星, 应急星 and others; it names no other star and sets no conditions, validity or revocation for any. The template keeps the three names and seven unnamed slots; what each star attests, its evidence rules, its validity (12 months here as a placeholder) and its triggers are the tenant's to set before it can be published.",
    },
  ],
  stars: [
    ...named.map((s) => ({
      id: s.id,
      name: { zh: s.zh, en: s.en },
      attests: null,
      labelCode: s.code,
      validityMonths: 12,
      rules: [],
      triggers: [],
    })),
    ...Array.from({ length: 7 }, (_, i) => ({
      id: `star-${i + 4}`,
      name: null,
      attests: null,
      labelCode: `TS-${String(i + 4).padStart(2, "0")}`,
      validityMonths: 12,
      rules: [],
      triggers: [],
    })),
  ],
} satisfies z.input<typeof StarSchemeDefinitionSchema>;
