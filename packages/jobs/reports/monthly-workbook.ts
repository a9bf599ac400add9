// The monthly report's lists as a workbook officials open in Excel or WPS: one sheet per list — every overdue
// hazard (streamed from the overdue list, a page at a time), the month's new major hazards, the joint tackling
// items, the coordination requests and the key hazard lists of the month.
import type { HazardRepository } from "#core/hazards/ports";
import { chinaDate, chineseMonth } from "#core/kernel/china-time";
import { pagesOf } from "#core/kernel/paging";
import { reportHazard } from "#core/reports/monthly-figures";
import type { MonthlyReport, ReportHazard } from "#core/reports/monthly-report";
import { blobBytes } from "#core/reports/report-service";
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
    ]),
  );
}
