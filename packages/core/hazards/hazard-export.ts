// The hazard list (隐患清单) and the rectification list (整改清单) as spreadsheets officials pass on: the columns of
// each, in Chinese, and a hazard as a row of each (town by name, codes as the words people use).
import { type Hazard, hazardSourceNames, hazardStateNames, isOverdue, severityNames } from "#core/hazards/hazard";

export const hazardExportKinds = ["hazards", "rectification"] as const;
export type HazardExportKind = (typeof hazardExportKinds)[number];
export const hazardExportNames: Record<HazardExportKind, string> = { hazards: "隐患清单", rectification: "整改清单" };

interface Column {
  readonly key: string;
  readonly header: string;
  readonly width?: number;
}

export const hazardExportColumns: Record<HazardExportKind, readonly Column[]> = {
  hazards: [
    { key: "unit", header: "单位名称", width: 32 },
    { key: "town", header: "镇（街道）" },
    { key: "industry", header: "行业大类" },
    { key: "category", header: "隐患类别" },
    { key: "description", header: "隐患描述", width: 48 },
    { key: "location", header: "隐患位置", width: 20 },
    { key: "severity", header: "隐患等级" },
    { key: "source", header: "来源" },
    { key: "foundBy", header: "发现人" },
    { key: "foundOn", header: "发现日期" },
    { key: "state", header: "状态" },
    { key: "deadline", header: "整改期限" },
    { key: "overdue", header: "是否逾期" },
  ],
  rectification: [
    { key: "unit", header: "单位名称", width: 32 },
    { key: "town", header: "镇（街道）" },
    { key: "description", header: "隐患描述", width: 48 },
    { key: "severity", header: "隐患等级" },
    { key: "measure", header: "整改措施", width: 40 },
    { key: "responsible", header: "整改责任人" },
    { key: "responsiblePhone", header: "责任人电话" },
    { key: "deadline", header: "整改期限" },
    { key: "funds", header: "整改资金（元）" },
    { key: "state", header: "状态" },
    { key: "overdue", header: "是否逾期" },
    { key: "extensions", header: "延期次数" },
    { key: "closedOn", header: "销号日期" },
  ],
};

export function hazardExportRow(h: Hazard, townName: string, today: string): Record<string, string> {
  const deadline = h.rectification?.deadline ?? null;
  return {
    unit: h.enterpriseName,
    town: townName,
    industry: h.industry,
    category: h.category,
    description: h.description,
    location: h.location ?? "",
    severity: severityNames[h.severity],
    source: hazardSourceNames[h.source],
    foundBy: h.foundBy.name,
    foundOn: h.foundOn,
    state: hazardStateNames[h.state],
    deadline: deadline ?? "",
    overdue: isOverdue({ state: h.state, deadline }, today) ? "是" : "否",
    measure: h.rectification?.measure ?? "",
    responsible: h.rectification?.responsible.name ?? "",
    responsiblePhone: h.rectification?.responsible.phone ?? "",
    funds: h.rectification?.funds ?? "",
    extensions: String(h.deadlineHistory.length),
    closedOn: h.closedOn ?? "",
  };
}
