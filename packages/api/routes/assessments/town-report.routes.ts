// /v1/towns/{id}/standardization-report: a town's standardization report in the structure of 附件2, as a standalone
// HTML page or a .docx in the official-document format, both from one block model; and …/text, what officials
// write for its narrative sections (versioned: ETag, If-Match).
import { createRoute, z } from "@hono/zod-openapi";
import { ifMatch, versioned } from "#api/http";
import { authErrors, errorResponses, IfMatchHeaderSchema, json, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { docxType, reportResponse } from "#api/routes/assessments/report-response";
import { RubricIdSchema } from "#core/assessments/rubric";
import type { TownReportService } from "#core/assessments/town-report-service";
import { SaveTownReportTextSchema, TownReportTextSchema } from "#core/assessments/town-report-text";
import { chinaDate } from "#core/kernel/china-time";
import { DateSchema, TownIdSchema } from "#core/register/enterprise";

const tags = ["Assessments 督导检查"];
const TownParam = z.object({ id: TownIdSchema.meta({ param: { name: "id", in: "path" } }) });

const routes = {
  report: createRoute({
    method: "get",
    path: "/v1/towns/{id}/standardization-report",
    tags,
    summary: "A town's standardization report (附件2 format), as an HTML page or a .docx",
    description:
      "前言 · 一、目的及范围 · 二、帮扶内容 · 三、被帮扶单位基本情况 · 四、标准化开展情况 · 五、存在问题 · 六、建议与意见 · 七、结论. " +
      "The narrative sections are the text saved at …/standardization-report/text (an empty one reads 本节尚未填写); 三 counts the town's " +
      "units by size class (规上/中等/小微) and industry division, closed ones left out; 四 the town government's own latest verified " +
      "assessment by section (1+5机制), the units' standardization profiles (the declared 评审达标 beside the pass rate, which counts " +
      "units whose latest verified assessment reaches its rubric's passScore), and the verified enterprise assessments against `rubricId` " +
      "by stage, size class and industry (each unit by its latest verified assessment; exact averages rounded half up to 0.01); 五 the " +
      "ten criteria that lost the most points. 404 for an unknown town or rubric; 422 for a rubric that is not a scored one for enterprises.",
    security,
    request: {
      params: TownParam,
      query: z.object({
        rubricId: RubricIdSchema.meta({ description: "The enterprise rubric the assessments are counted under" }),
        format: z.enum(["html", "docx"]).default("html").openapi({ description: "html (a standalone page) | docx" }),
        from: DateSchema.optional().meta({ description: "Count assessments made on or after this day" }),
        to: DateSchema.optional().meta({ description: "Count assessments made on or before this day" }),
      }),
    },
    responses: {
      200: {
        description: "The report",
        content: { "text/html": { schema: z.string() }, [docxType]: { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errorResponses(400, ...authErrors, 404, 422),
    },
  }),
  getText: createRoute({
    method: "get",
    path: "/v1/towns/{id}/standardization-report/text",
    tags,
    summary: "What officials wrote for a town's standardization report (version 0 until first saved)",
    security,
    request: { params: TownParam },
    responses: { 200: json(TownReportTextSchema, "The text"), ...errorResponses(400, ...authErrors, 404) },
  }),
  saveText: createRoute({
    method: "put",
    path: "/v1/towns/{id}/standardization-report/text",
    tags,
    summary: "Save the text of a town's standardization report (tenant-admin, inspector)",
    description:
      "Replaces the whole text: a section left out, null or empty is not written. Too long a section is 422 too_long naming it " +
      "(`sections.<key>`); with a stale If-Match 412.",
    security,
    request: {
      params: TownParam,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: SaveTownReportTextSchema } } },
    },
    responses: { 200: json(TownReportTextSchema, "The saved text"), ...errorResponses(400, ...authErrors, 404, 409, 412, 413, 415, 422) },
  }),
};

export function townReportRoutes(reports: TownReportService) {
  return newRouter()
    .openapi(routes.report, async (c) => {
      const { format, ...query } = c.req.valid("query");
      const { town, document } = await reports.report(requestContext(c), c.req.valid("param").id, query);
      return reportResponse(c, document, format, {
        asciiName: "standardization-report.docx",
        name: `${town.name}标准化报告-${chinaDate(c.get("receivedAt"))}.docx`,
      });
    })
    .openapi(routes.getText, async (c) => versioned(c, await reports.getText(requestContext(c), c.req.valid("param").id)))
    .openapi(routes.saveText, async (c) =>
      versioned(c, await reports.saveText(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
    );
}
