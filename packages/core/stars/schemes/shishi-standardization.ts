// 石狮市安全生产星级评定 (standardization star rating), derived from 附件3 item 20 of 石狮市安全生产委员会办公室's
// 2024 plan: an enterprise applies, building on its standardization results, and the result is published or a
// plaque awarded. The plan names no levels, thresholds or validity: every number here is ours, for the tenant
// to set before publishing (the notes say so).
import type { z } from "zod";
import type { StarSchemeDefinitionSchema } from "#core/stars/star-scheme";

const rubricId = "shishi-enterprise-2024";

const sound = (minScore: string) =>
  [
    { type: "assessment-score", rubricId, minScore, withinMonths: 12 },
    { type: "standardization", field: "responsibilitySystem" },
    { type: "no-open-hazards", severity: "major", days: 365, overdueOnly: false },
  ] as const;

const triggers = (minScore: string) =>
  [
    { type: "hazard-overdue", severity: "major" },
    { type: "assessment-below", rubricId, minScore },
    { type: "accident-recorded", fatalOnly: true },
    { type: "sham-flagged" },
  ] as const;

export const shishiStandardizationScheme = {
  title: { zh: "安全生产星级评定（标准化提质增效）", en: "Work-safety star rating (standardization quality drive)" },
  source: "石狮市安全生产委员会办公室《石狮市开展重点镇安全生产标准化提质增效督导帮扶行动实施方案》, 2024-11-04, 附件3 第20项",
  notes: [
    {
      zh: "附件3第20项只规定“经企业主动申请,开展安全生产星级评定工作”和“对安全生产星级评定结果进行公开公示或者授牌”,未规定星级、分数线或有效期。本方案的一星至三星、60/75/90分、12个月有效期、近365天无未销号重大事故隐患、近36个月无死亡事故等条件均为我方示例,须由租户按本地规定设定后发布。",
      en: "Item 20 of 附件3 says only that enterprises apply for star rating building on their standardization results and that results are published or a plaque awarded; it names no levels, scores or validity. One to three stars, the scores 60/75/90, the 12-month validity, no open major hazard found in the last 365 days and no fatal accident in 36 months are our examples: the tenant sets them by its own rules before publishing.",
    },
    {
      zh: "分数取自按附件3(shishi-enterprise-2024)开展、并经核实的最近一次评估。",
      en: "Scores are read from the unit's latest verified assessment against 附件3 (shishi-enterprise-2024).",
    },
  ],
  stars: [
    {
      id: "one-star",
      name: { zh: "一星", en: "One star" },
      attests: { zh: "安全生产标准化创建达到基本要求", en: "Standardization meets the basic requirements" },
      labelCode: "SS-STAR-1",
      validityMonths: 12,
      rules: [...sound("60")],
      triggers: [...triggers("60")],
    },
    {
      id: "two-star",
      name: { zh: "二星", en: "Two stars" },
      attests: { zh: "安全生产标准化创建良好", en: "Standardization is good" },
      labelCode: "SS-STAR-2",
      validityMonths: 12,
      rules: [...sound("75"), { type: "hazards-closed-on-time", days: 365 }],
      triggers: [...triggers("75")],
    },
    {
      id: "three-star",
      name: { zh: "三星", en: "Three stars" },
      attests: { zh: "安全生产标准化创建优秀，可作为标杆", en: "Standardization is excellent, a benchmark for others" },
      labelCode: "SS-STAR-3",
      validityMonths: 12,
      rules: [...sound("90"), { type: "hazards-closed-on-time", days: 365 }, { type: "no-fatal-accident", months: 36 }],
      triggers: [...triggers("90")],
    },
  ],
} satisfies z.input<typeof StarSchemeDefinitionSchema>;
