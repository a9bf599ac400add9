// /v1/campaigns/{id}/summary-report: a campaign's summary report (总结报告) in the official-document style, as a
// .docx or the same document as an HTML page, built from its definition and tallies whenever it is asked for.
import { createRoute, z } from "@hono/zod-openapi";
import { authErrors, errorResponses, idPathParam, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { docxType, reportResponse } from "#api/routes/assessments/report-response";
import type { CampaignSummaryService } from "#core/campaigns/campaign-summary-service";
import { chinaDate } from "#core/kernel/china-time";

const routes = {
  summaryReport: createRoute({
    method: "get",
    path: "/v1/campaigns/{id}/summary-report",
    tags: ["Campaigns 专项行动"],
    summary: "A campaign's summary report (总结报告), as a .docx or an HTML page",
    description:
      "一、基本情况 (period, scope, targets; liaisons, inspection groups and monthly themes; each stage's deadline, deliverable and how it " +
      "ended) · 二、工作成效 (coverage per town; each town's stages; hazards per key item and per town with their closing rate; expert " +
      "person-visits 人次 and enterprise-visits 家次; the verification draw with its seed, pools and mismatches; benchmark enterprises and " +
      "stars against the targets) · 三、存在问题 (units never reached, by town; stages at risk or overdue; hazards still open). Built from " +
      "the campaign's definition and its tallies as they are now: the subtitle says the day, and whether the campaign has ended is in 一. " +
      "Any role that reads campaigns may build it; 404 for a campaign that is not the caller's tenant's.",
    security,
    request: {
      params: idPathParam("A campaign id"),
      query: z.object({
        format: z.enum(["docx", "html"]).default("docx").openapi({ description: "docx (default) | html (a standalone page)" }),
      }),
    },
    responses: {
      200: {
        description: "The report",
        content: { [docxType]: { schema: z.string().openapi({ format: "binary" }) }, "text/html": { schema: z.string() } },
      },
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
};

export function campaignSummaryRoutes(summaries: CampaignSummaryService) {
  return newRouter().openapi(routes.summaryReport, async (c) => {
    const { campaign, document } = await summaries.report(requestContext(c), c.req.valid("param").id);
    return reportResponse(c, document, c.req.valid("query").format, {
      asciiName: "campaign-summary-report.docx",
      name: `${campaign.name}总结报告-${chinaDate(c.get("receivedAt"))}.docx`,
    });
  });
}
