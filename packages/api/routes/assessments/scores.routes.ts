// A unit's verified scores (/v1/enterprises/{id}/scores) and a town's summary of its units' assessments
// (/v1/towns/{id}/assessment-summary): assessment reads the register's resources are asked for.
import { createRoute, z } from "@hono/zod-openapi";
import { authErrors, errorResponses, integerParam, json, PageQuerySchema, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { AssessmentIdSchema, AssessmentSummarySchema, stages } from "#core/assessments/assessment";
import type { AssessmentService } from "#core/assessments/assessment-service";
import { TownAssessmentSummarySchema } from "#core/assessments/assessment-summary";
import { RubricIdSchema } from "#core/assessments/rubric";
import { DateSchema } from "#core/register/enterprise";

const tags = ["Assessments 督导检查"];
const IdParam = z.object({ id: AssessmentIdSchema.meta({ param: { name: "id", in: "path" } }) });

const routes = {
  scores: createRoute({
    method: "get",
    path: "/v1/enterprises/{id}/scores",
    tags,
    summary: "A unit's verified scores, newest first, and its latest verified score",
    security,
    request: { params: IdParam, query: PageQuerySchema },
    responses: {
      200: json(
        z.object({
          latest: AssessmentSummarySchema.nullable(),
          items: z.array(AssessmentSummarySchema),
          nextCursor: z.string().nullable(),
        }),
        "Scores",
      ),
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  townSummary: createRoute({
    method: "get",
    path: "/v1/towns/{id}/assessment-summary",
    tags,
    summary: "A town's enterprise assessments against one rubric: units assessed, average, distribution, most-deducted criteria",
    security,
    request: {
      params: IdParam,
      query: z.object({
        rubricId: RubricIdSchema,
        from: DateSchema.optional(),
        to: DateSchema.optional(),
        stage: z.enum(stages).optional(),
        benchmarkYear: integerParam({ min: 2000, max: 2100 })
          .optional()
          .openapi({ description: "Year of the benchmark enterprises shown; default: the year of `to`, else this year" }),
      }),
    },
    responses: { 200: json(TownAssessmentSummarySchema, "The summary"), ...errorResponses(400, ...authErrors, 404) },
  }),
};

export function scoreRoutes(assessments: AssessmentService) {
  return newRouter()
    .openapi(routes.scores, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(await assessments.scores(requestContext(c), c.req.valid("param").id, { limit, cursor }), 200);
    })
    .openapi(routes.townSummary, async (c) =>
      c.json(await assessments.townSummary(requestContext(c), c.req.valid("param").id, c.req.valid("query")), 200),
    );
}
