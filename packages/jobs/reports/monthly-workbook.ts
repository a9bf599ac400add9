// The monthly report's lists as a workbook officials open in Excel or WPS: one sheet per list — every overdue
// hazard (streamed from the overdue list, a page at a time), the month's new major hazards, the joint tackling
// items, the coordination requests, the key hazard lists of the month, and the month's campaigns per town and per
// town and stage (every figure the mail shortens).
import type { HazardRepository } from "#core/hazards/ports";
import { chinaDate, chineseMonth } from "#core/kernel/china-time";
import { pagesOf } from "#core/kernel/paging";
import { reportHazard } from "#core/reports/monthly-figures";
import type { MonthlyReport, ReportCampaign, ReportHazard } from "#core/reports/monthly-report";
import { blobBytes } from "#core/reports/report-service";
import { stageStatusNames } from "#jobs/reports/monthly-content";
import type { ExportColumn, ExportRow } from "#tabular/write";

const hazardColumns: ExportColumn[] = [
  { key: "enterpriseName", header: "单位名称", width: 30 },
  { key: "townName", header: "镇街" },
  { key: "category", header: "隐患类别" },
  { key: "description", header: "隐患描述", width: 50 },
  { key: "severity", header: "等级" },
  { key: "foundOn", header: "发现日期", width: 12 },
  { key: "deadline", header: "整改期限", width: 12 },
  { key: "daysOverdue", header: "逾期天数" },
];

function hazardRow(h: ReportHazard): ExportRow {
  return { ...h, severity: h.severity === "major" ? "重大" : "一般" };
}

/** Every open hazard past its deadline, longest overdue first, from the overdue list (not from every hazard). */
async function* overdueRows(
  hazards: HazardRepository,
  report: MonthlyReport,
  townNames: ReadonlyMap<string, string>,
): AsyncGenerator<ExportRow> {
  const today = report.asOf;
  for await (const items of pagesOf((page) => hazards.list(report.tenantId, { overdue: true, escalated: undefined }, today, page))) {
    for (const h of items) {
      yield hazardRow(reportHazard(h, townNames, today));
    }
  }
}

/** A campaign's towns and, when it has more than one, its total: each with the name the rows show. */
function campaignScopes(c: ReportCampaign): { townName: string; f: ReportCampaign["total"] }[] {
  return [...c.towns.map((t) => ({ townName: t.townName, f: t })), ...(c.towns.length > 1 ? [{ townName: "合计", f: c.total }] : [])];
}

const campaignOf = (c: ReportCampaign) => ({
  campaign: c.name,
  period: `${c.period.from}至${c.period.to}`,
  state: c.closedAt === null ? "进行中" : "已结束",
});

function campaignRows(report: MonthlyReport): ExportRow[] {
  return report.campaigns.flatMap((c) =>
    campaignScopes(c).map(({ townName, f }) => ({
      ...campaignOf(c),
      townName,
      units: f.units,
      reached: f.reached,
      notReached: f.notReached,
      reachTarget: f.reachTarget?.target ?? null,
      reachMet: f.reachTarget === null ? null : f.reachTarget.met ? "是" : "否",
      hazardsFound: f.hazards.found,
      hazardsClosed: f.hazards.closed,
      rectificationRate: f.hazards.rectificationRate === null ? null : `${f.hazards.rectificationRate}%`,
      personVisits: f.expertVisits.personVisits,
      enterpriseVisits: f.expertVisits.enterpriseVisits,
      benchmarks: f.benchmarks.designated,
      benchmarkTarget: f.benchmarks.target,
    })),
  );
}

function campaignStageRows(report: MonthlyReport): ExportRow[] {
  return report.campaigns.flatMap((c) =>
    campaignScopes(c).flatMap(({ townName, f }) =>
      f.stages.map((s) => ({
        ...campaignOf(c),
        townName,
        stage: s.name,
        deadline: s.deadline,
        required: s.required,
        assessed: s.assessed,
        verified: s.verified,
        mismatched: s.mismatched,
        status: s.status === null ? "—" : stageStatusNames[s.status],
      })),
    ),
  );
}

const campaignColumns: ExportColumn[] = [
  { key: "campaign", header: "专项行动", width: 30 },
  { key: "period", header: "行动周期", width: 24 },
  { key: "state", header: "状态" },
  { key: "townName", header: "镇街" },
];

export async function monthlyWorkbook(hazards: HazardRepository, report: MonthlyReport): Promise<Uint8Array> {
  const { workbookBytes } = await import("#tabular/write");
  const townNames = new Map(report.hazards.byTown.map((t) => [t.townId, t.townName]));
  const title = (list: string) => `${report.tenantName}${chineseMonth(report.month)}${list}`;
  return blobBytes(
    workbookBytes([
      {
        sheetName: "逾期隐患",
        title: title(`逾期隐患（截至${report.asOf}）`),
        columns: hazardColumns,
        rows: overdueRows(hazards, report, townNames),
      },
      { sheetName: "新增重大隐患", title: title("新增重大隐患"), columns: hazardColumns, rows: report.hazards.newMajor.map(hazardRow) },
      {
        sheetName: "联合攻坚",
        title: title("联合攻坚清单"),
        columns: [
          { key: "districtId", header: "区县代码" },
          { key: "enterpriseName", header: "单位名称", width: 30 },
          { key: "description", header: "隐患描述", width: 50 },
          { key: "state", header: "状态" },
          { key: "department", header: "承办部门" },
          { key: "response", header: "市级答复", width: 40 },
          { key: "escalatedOn", header: "提请日期", width: 12 },
        ],
        rows: report.escalation.jointTackling.items.map((i) => ({ ...i, escalatedOn: chinaDate(new Date(i.escalatedAt)) })),
      },
      {
        sheetName: "提请协调",
        title: title("提请协调清单"),
        columns: [
          { key: "leader", header: "提请领导", width: 24 },
          { key: "items", header: "事项数" },
          { key: "state", header: "状态" },
          { key: "decision", header: "领导批示", width: 50 },
          { key: "submittedOn", header: "提请日期", width: 12 },
        ],
        rows: report.escalation.coordination.map((c) => ({ ...c, submittedOn: chinaDate(new Date(c.submittedAt)) })),
      },
      {
        sheetName: "重点隐患清单",
        title: title("重点隐患清单"),
        columns: [
          { key: "period", header: "时段" },
          { key: "department", header: "部门", width: 24 },
          { key: "items", header: "隐患数" },
        ],
        rows: report.escalation.keyHazardLists,
      },
      {
        sheetName: "专项行动",
        title: title(`专项行动（截至${report.asOf}）`),
        columns: [
          ...campaignColumns,
          { key: "units", header: "范围内单位" },
          { key: "reached", header: "已覆盖" },
          { key: "notReached", header: "未覆盖" },
          { key: "reachTarget", header: "覆盖目标" },
          { key: "reachMet", header: "覆盖达标" },
          { key: "hazardsFound", header: "发现隐患" },
          { key: "hazardsClosed", header: "已整改" },
          { key: "rectificationRate", header: "整改率" },
          { key: "personVisits", header: "专家服务人次" },
          { key: "enterpriseVisits", header: "专家服务家次" },
          { key: "benchmarks", header: "标杆企业" },
          { key: "benchmarkTarget", header: "标杆目标" },
        ],
        rows: campaignRows(report),
      },
      {
        sheetName: "专项行动阶段",
        title: title(`专项行动各阶段进度（截至${report.asOf}）`),
        columns: [
          ...campaignColumns,
          { key: "stage", header: "阶段" },
          { key: "deadline", header: "截止日期", width: 12 },
          { key: "required", header: "应验收" },
          { key: "assessed", header: "已提交" },
          { key: "verified", header: "已验收" },
          { key: "mismatched", header: "核查不一致" },
          { key: "status", header: "进度" },
        ],
        rows: campaignStageRows(report),
      },
    ]),
  );
}
