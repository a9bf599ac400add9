// /v1/supervision-targets: the key inspection targets (差异化监管重点检查对象) of the caller's tenant — by town
// and/or reason, each row with every reason it is on the list — and their export as a spreadsheet.
import { createRoute } from "@hono/zod-openapi";
import { pageBody } from "#api/http";
import {
  authErrors,
  errorResponses,
  exportTooLargeResponse,
  json,
  PageQuerySchema,
  pageOf,
  SpreadsheetFormatSchema,
  security,
  spreadsheetFile,
} from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { spreadsheetDownload } from "#api/spreadsheet-download";
import { SupervisionTargetSchema } from "#core/supervision/supervision-target";
import { TargetQuerySchema, targetExportColumns, targetExportTitle } from "#core/supervision/supervision-target-export";
import type { SupervisionTargetService } from "#core/supervision/supervision-target-service";

const tags = ["Supervision 差异化监管"];

const routes = {
  list: createRoute({
    method: "get",
    path: "/v1/supervision-targets",
    tags,
    summary: "Key inspection targets (重点检查对象) by town, then name: each unit with every reason, explained, since when",
    description:
      "Kept current as the data changes: the register (risk level, responsibility system, closed or deleted units), star " +
      "applications and awards, sham-standardization marks and major hazards each re-derive their unit in the same request.",
    security,
    request: { query: PageQuerySchema.extend(TargetQuerySchema.shape) },
    responses: {
      200: json(pageOf(SupervisionTargetSchema, "SupervisionTargetPage"), "A page of key targets"),
      ...errorResponses(400, ...authErrors, 422),
    },
  }),
  export: createRoute({
    method: "get",
    path: "/v1/supervision-targets/export",
    tags,
    summary: "Export the key-target list (重点检查对象清单) as .xlsx or CSV (UTF-8 with BOM); the list's filters apply",
    security,
    request: {
      query: TargetQuerySchema.extend({
        format: SpreadsheetFormatSchema,
      }),
    },
    responses: { 200: spreadsheetFile, ...errorResponses(400, ...authErrors, 422), ...exportTooLargeResponse },
  }),
};

export function supervisionTargetRoutes(targets: SupervisionTargetService) {
  return newRouter()
    .openapi(routes.list, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      return c.json(pageBody(await targets.list(requestContext(c), filter, { limit, cursor })), 200);
    })
    .openapi(routes.export, async (c) => {
      const { format, ...filter } = c.req.valid("query");
      return spreadsheetDownload(c, targets.exportRows(requestContext(c), filter), {
        format,
        columns: targetExportColumns,
        title: targetExportTitle,
        asciiName: "supervision-targets",
      });
    });
}
