// /v1/reports and /v1/districts/figures: the monthly reports as kept — the list with each report's delivery, one
// month's figures, its files (the .docx report, the .xlsx lists, the HTML mail, the chart) — and, for a city, the
// figures its districts delivered for a month with the city's total.
import { createRoute, z } from "@hono/zod-openapi";
import { pageBody } from "#api/http";
import { authErrors, errorResponses, json, PageQuerySchema, pageOf, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { monthPattern } from "#core/kernel/china-time";
import { DistrictFiguresSchema, MonthlyReportSchema, ReportRecordSchema, reportFileNames } from "#core/reports/monthly-report";
import type { ReportService } from "#core/reports/report-service";

const tags = ["Reports 月度报告"];
const Month = z.string().regex(monthPattern, "YYYY-MM").openapi({ example: "2026-11", description: "Calendar month (Asia/Shanghai)" });
const MonthParams = z.object({ month: Month.meta({ param: { name: "month", in: "path" } }) });

const routes = {
  list: createRoute({
    method: "get",
    path: "/v1/reports",
    tags,
    summary: "The tenant's monthly reports, newest month first, with each one's state and deliveries",
    security,
    request: { query: PageQuerySchema.extend({ type: z.enum(["monthly"]).default("monthly").openapi({ description: "Report type" }) }) },
    responses: {
      200: json(pageOf(ReportRecordSchema, "ReportRecordPage"), "A page of reports"),
      ...errorResponses(400, ...authErrors),
    },
  }),
  monthly: createRoute({
    method: "get",
    path: "/v1/reports/monthly/{month}",
    tags,
    summary: "One month's report: its record (state, files, deliveries) and its figures",
    security,
    request: { params: MonthParams },
    responses: {
      200: json(z.object({ record: ReportRecordSchema, figures: MonthlyReportSchema }).openapi("MonthlyReportView"), "The report"),
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  file: createRoute({
    method: "get",
    path: "/v1/reports/monthly/{month}/files/{name}",
    tags,
    summary: "A file of a month's report: report.docx, lists.xlsx, mail.html or trend.png",
    security,
    request: { params: MonthParams.extend({ name: z.enum(reportFileNames).meta({ param: { name: "name", in: "path" } }) }) },
    responses: {
      200: { description: "The file", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  districts: createRoute({
    method: "get",
    path: "/v1/districts/figures",
    tags,
    summary: "City tenants: the monthly figures each district delivered, and the city's total",
    description: "A district's own figures only (none of its units or hazards). 409 not_a_city for a district tenant.",
    security,
    request: { query: z.object({ month: Month }) },
    responses: {
      200: json(
        z
          .object({ month: z.string(), districts: z.array(DistrictFiguresSchema), total: DistrictFiguresSchema.nullable() })
          .openapi("DistrictFiguresOfMonth"),
        "What the districts delivered (a district not yet delivered is absent)",
      ),
      ...errorResponses(400, ...authErrors, 409),
    },
  }),
};

export function reportRoutes(reports: ReportService) {
  return newRouter()
    .openapi(routes.list, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(pageBody(await reports.list(requestContext(c), { limit, cursor })), 200);
    })
    .openapi(routes.monthly, async (c) => c.json(await reports.monthly(requestContext(c), c.req.valid("param").month), 200))
    .openapi(routes.file, async (c) => {
      const { month, name } = c.req.valid("param");
      const { file, body } = await reports.file(requestContext(c), month, name);
      return c.body(ReadableStream.from(body), 200, {
        "Content-Type": file.contentType,
        "Repr-Digest": `sha-256=:${Buffer.from(file.sha256, "hex").toString("base64")}:`,
        "Content-Disposition": `${name === "mail.html" || name === "trend.png" ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(`${month}-${name}`)}`,
        // The mail's HTML is shown as it was sent, sandboxed: no script, nothing fetched (the chart is a cid: part).
        ...(name === "mail.html" ? { "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox" } : {}),
      });
    })
    .openapi(routes.districts, async (c) => c.json(await reports.districts(requestContext(c), c.req.valid("query").month), 200));
}
